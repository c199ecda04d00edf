"""The workbook facts python-calamine does not give, by a byte scan of a sheet's XML.

calamine (Rust) reads an XLSX's cell values several times faster than any Python parser,
but not hidden rows and columns, the declared used range, merged ranges in our A1 form,
which <row> elements exist (a row missing from the XML is not a blank row), or formulas
saved without a value, nor the text of error cells (#N/A). These sit in tags a regex
finds in C over the decompressed sheet (each chunk's body ends before its last tag, which
the next chunk completes); nothing is parsed as XML, so no entity can expand, and a part
that declares a DTD is left to the armed parser, which refuses it.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

from .. import budget
from ..budget import LimitReached, open_member

CHUNK = 1 << 20
OVERLAP = 256  # a chunk's body ends at the last tag starting at least this far before its end
_ROW_R_FIRST = re.compile(rb'<row r="(\d+)"')  # how Excel and openpyxl write it: a literal prefix, fast
_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="(\d+)"')
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_HIDDEN_ROW = re.compile(rb'<(?:\w+:)?row\s[^>]*?\shidden="(?:1|true)"')
_HIDDEN = re.compile(rb'\shidden="(?:1|true)"')
_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_MIN_MAX = re.compile(rb'\s(min|max)="(\d+)"')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\sref="([^"]+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\st="e"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


@dataclass
class SheetScan:
    rows: list[int] = field(default_factory=list)  # numbers of the <row> elements, in order
    numbered: bool = True  # every <row> carries r="..."
    hidden_rows: int = 0
    hidden_columns: int = 0
    dimension: str | None = None
    formulas: bool = False
    error_cells: bool = False  # cells holding #N/A and friends: calamine gives them as empty
    merged: tuple[str, ...] = ()
    doctype: bool = False  # a DTD (entities): only the armed parser may judge it (and refuse it)
    xml_bytes: int = 0  # the sheet's XML as really decompressed (the ZIP directory's size can lie)
    inline_strings: bool = False  # t="inlineStr" cells without an <is> string: calamine reads them as empty
    sheet_data: bool = False  # a <sheetData> element: calamine reads no row outside one


def scan_sheet(zf: zipfile.ZipFile, member: str, chunk_bytes: int = CHUNK) -> SheetScan:
    scan = SheetScan()
    merged: list[str] = []
    inline = [0, 0]  # cells typed inlineStr, <is> strings
    tail = b""
    max_rows = budget.current().limits.sheet_rows
    with open_member(zf, member, member) as fh:  # member_bytes and ratio: a bomb stops here
        first = True
        while True:
            chunk = fh.read(chunk_bytes)
            if first:
                scan.doctype, first = declares_dtd(chunk), False
            data = tail + chunk
            cut = len(data)
            if chunk:  # end the body before the last tag, which the next chunk completes
                cut = data.rfind(b"<", 0, max(0, len(data) - OVERLAP))
                cut = cut if cut > 0 else max(0, len(data) - OVERLAP)
            body = data[:cut]
            tags = body.count(b"<row ") + body.count(b"<row>")
            found = _ROW_R_FIRST.findall(body)
            if len(found) != tags or b":row" in body:
                found = _ROW_NUMBER.findall(body)
                tags = len(_ROW_TAG.findall(body))
            numbers = list(map(int, found))
            if numbers and max(numbers) > max_rows:
                raise LimitReached("sheet_rows", f"a row numbered {max(numbers):,}")
            scan.rows.extend(numbers)
            if len(found) != tags:
                scan.numbered = False
            if b'hidden="' in body:
                scan.hidden_rows += len(_HIDDEN_ROW.findall(body))
            if scan.dimension is None and b"dimension" in body:
                d = _DIMENSION.search(body)
                if d is not None:
                    scan.dimension = d.group(1).decode("ascii", "replace")
            if not scan.formulas and (b"<f" in body or b":f" in body) and _FORMULA.search(body):
                scan.formulas = True
            if not scan.error_cells and b't="e"' in body and _ERROR_CELL.search(body):
                scan.error_cells = True
            if not scan.sheet_data and b"sheetData" in body:
                scan.sheet_data = True
            typed_inline = body.count(b'"inlineStr"')  # calamine reads <is> strings (rich runs too), not a <v>
            if typed_inline:
                inline[0] += typed_inline
                inline[1] += body.count(b"<is>")
            if b"<col" in body or b":col" in body:
                for m in _COL.finditer(body):
                    if _HIDDEN.search(m.group(1)):
                        bounds = dict(_MIN_MAX.findall(m.group(1)))
                        scan.hidden_columns += int(bounds.get(b"max", 0)) - int(bounds.get(b"min", 0)) + 1
            if b"mergeCell" in body:
                merged.extend(m.group(1).decode("ascii") for m in _MERGE.finditer(body) if _within_sheet(m.group(1)))
            if not chunk:
                scan.xml_bytes = fh.read_bytes
                break
            tail = data[cut:]
    scan.merged = tuple(merged)
    scan.inline_strings = inline[0] != inline[1]
    return scan


def _within_sheet(ref: bytes, max_rows: int = 1_048_576) -> bool:
    """A merged range inside Excel's grid; `A1:XFD99999999` is crafted and left out."""
    return all(int(r) <= max_rows for r in re.findall(rb"[0-9]+", ref))


def declares_dtd(head: bytes) -> bool:
    """A DOCTYPE comes before the root element: the head of a part tells."""
    return b"<!DOCTYPE" in head[:1 << 16] or b"<!ENTITY" in head[:1 << 16]


def part_declares_dtd(zf: zipfile.ZipFile, member: str) -> bool:
    if member not in zf.namelist():
        return False
    with zf.open(member) as fh:
        return declares_dtd(fh.read(1 << 16))
