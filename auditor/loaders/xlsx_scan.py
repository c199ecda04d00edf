"""The workbook facts python-calamine does not give, by a byte scan of a sheet's XML.

calamine (Rust) reads an XLSX's cell values several times faster than any Python parser,
but not hidden rows and columns, the declared used range, merged ranges in our A1 form,
which <row> elements exist (a row missing from the XML is not a blank row), or formulas
saved without a value, nor the text of error cells (#N/A); nor does it guard the area of
the grid it makes (the box of the cells' addresses). These sit in tags found over the
decompressed sheet (each chunk's body ends before its last tag, which the next chunk
completes): by a numpy census of the byte after each "<" where the main namespace has no
prefix, else by regexes; nothing is parsed as XML, so no entity can expand, and a part that
declares a DTD is left to the armed parser, which refuses it.
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import budget, lazyre
from ..budget import LimitReached, open_member

CHUNK = 1 << 20
OVERLAP = 256  # a chunk's body ends at the last tag starting at least this far before its end
_ROW_R_FIRST = lazyre.compile(rb'<row r="(\d+)"')  # how Excel and openpyxl write it: a literal prefix, fast
ROW_NUMBER = lazyre.compile(rb'<(?:\w+:)?row\s[^>]*?\br="(\d+)"')
_ROW_TAG = lazyre.compile(rb"<(?:\w+:)?row[\s>/]")
_HIDDEN_ROW = lazyre.compile(rb'<(?:\w+:)?row\s[^>]*?\shidden="(?:1|true)"')
_HIDDEN = lazyre.compile(rb'\shidden="(?:1|true)"')
_COL = lazyre.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_MIN_MAX = lazyre.compile(rb'\s(min|max)="(\d+)"')
_DIMENSION = lazyre.compile(rb'<(?:\w+:)?dimension\b[^>]*?\sref="([^"]+)"')
_FORMULA = lazyre.compile(rb"<(?:\w+:)?f[\s>/]")
_ERROR_VALUE = lazyre.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>#")
SHEET_DATA = lazyre.compile(rb"<((?:\w+:)?)sheetData\b[^>]*?(/?)>")  # (prefix, "/" of an empty one)
NAME_ENDS = b"\t\n\v\f\r />"  # the bytes that end an element's name: \s of a bytes regex, / and >
_CELL_REF = lazyre.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]+)(\d+)"')
_XMLNS = lazyre.compile(rb"xmlns:([\w.-]+)\s*=\s*[\"']([^\"']*)[\"']")
MAIN_NAMESPACES = (b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                   b"http://purl.oclc.org/ooxml/spreadsheetml/main")
_MERGE = lazyre.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


@dataclass
class SheetScan:
    rows: int = 0  # <row> elements
    numbered: bool = True  # every <row> carries r="..."
    hidden_rows: int = 0
    hidden_columns: int = 0
    dimension: str | None = None
    formulas: bool = False
    # a <v> whose text starts with "#": error cells (#N/A and friends), which calamine gives as
    # empty, hold one (an error cell whose value is anything else makes calamine refuse the sheet)
    error_cells: bool = False
    merged: tuple[str, ...] = ()
    doctype: bool = False  # a DTD (entities): only the armed parser may judge it (and refuse it)
    xml_bytes: int = 0  # the sheet's XML as really decompressed (the ZIP directory's size can lie)
    inline_strings: bool = False  # t="inlineStr" cells without an <is> string: calamine reads them as empty
    sheet_data: bool = False  # a <sheetData> element: calamine reads no row outside one
    markup: bool = False  # a comment, CDATA section or processing instruction among the rows (or after)
    # (first row, first column, last row, last column) of the cells' addresses, 1-based: calamine
    # makes a grid of that whole area, so two far-apart cells of a crafted sheet would make it
    # ask for gigabytes (see cells_area)
    box: tuple[int, int, int, int] | None = None

    def cells_area(self) -> int:
        if self.box is None:
            return 0
        r0, c0, r1, c1 = self.box
        return (r1 - r0 + 1) * (c1 - c0 + 1)


def scan_sheet(zf: zipfile.ZipFile, member: str, chunk_bytes: int = CHUNK, exact: bool = False) -> SheetScan:
    """The sheet's facts, chunk by chunk. A sheet whose main namespace has no prefix (how every
    known writer saves) is judged by a census of its tags (`_Census`): one vectorised pass where
    the regexes below would take a dozen. With a prefix bound to it anywhere, or `exact`, every
    chunk from there on takes the regexes."""
    scan = SheetScan()
    merged: list[str] = []
    inline = [0, 0]  # cells typed inlineStr, <is> strings
    tail = b""
    max_rows = budget.current().limits.sheet_rows
    rows_from = -1  # where in the current body the rows may begin (after <sheetData>); -1: not yet
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
            if not exact and b":" in body and b"xmlns:" in body and _prefixes_main(body):  # memchr first
                exact = True
            if not scan.sheet_data and b"sheetData" in body:
                scan.sheet_data = True
                opening = SHEET_DATA.search(body)
                rows_from = opening.end() if opening else 0
            census = None if exact else _Census(body)
            numbers: Sequence[int] | np.ndarray
            if census is not None and census.rows is not None:
                numbers, tags = census.rows, census.row_tags
            else:
                numbers, tags = _row_numbers(body)
            top = int(np.max(numbers)) if len(numbers) else 0
            if top > max_rows:
                raise LimitReached("sheet_rows", f"a row numbered {top:,}")
            scan.rows += len(numbers)
            if len(numbers) != tags:
                scan.numbered = False
            refs = census.refs if census is not None else None
            scan.box = _widen(scan.box, refs if refs is not None else _cell_refs(body))
            if (census is None or census.long_rows) and b'hidden="' in body:
                scan.hidden_rows += len(_HIDDEN_ROW.findall(body))
            if scan.dimension is None and b"dimension" in body:
                d = _DIMENSION.search(body)
                if d is not None:
                    scan.dimension = d.group(1).decode("ascii", "replace")
            if not scan.formulas:
                scan.formulas = census.formulas if census is not None else (
                    (b"<f" in body or b":f" in body) and _FORMULA.search(body) is not None)
            if not scan.error_cells:
                scan.error_cells = (census.error_values if census is not None and census.error_values is not None
                                    else b">#" in body and _ERROR_VALUE.search(body) is not None)
            inline[0] += body.count(b'"inlineStr"')  # calamine reads <is> strings (rich runs too), not a <v>
            if inline[0]:  # a cell's <is> may come in the next body
                inline[1] += census.inline_strings if census is not None else body.count(b"<is>")
            if census.cols if census is not None else (b"<col" in body or b":col" in body):
                for m in _COL.finditer(body):
                    if _HIDDEN.search(m.group(1)):
                        bounds = dict(_MIN_MAX.findall(m.group(1)))
                        scan.hidden_columns += int(bounds.get(b"max", 0)) - int(bounds.get(b"min", 0)) + 1
            if (census is None or census.maybe_merged) and b"mergeCell" in body:
                merged.extend(m.group(1).decode("ascii") for m in _MERGE.finditer(body) if _within_sheet(m.group(1)))
            if rows_from >= 0 and not scan.markup:
                scan.markup = (census.markup_after(rows_from) if census is not None
                               else body.find(b"<!", rows_from) >= 0 or body.find(b"<?", rows_from) >= 0)
                rows_from = 0
            if not chunk:
                scan.xml_bytes = fh.read_bytes
                break
            tail = data[cut:]
    scan.merged = tuple(merged)
    scan.inline_strings = inline[0] != inline[1]
    return scan


def _row_numbers(body: bytes) -> tuple[list[int], int]:
    """(numbers of the <row> elements, how many <row> elements) by regex, any attribute order."""
    found = _ROW_R_FIRST.findall(body)
    tags = len(_ROW_TAG.findall(body))
    if len(found) != tags:
        found = ROW_NUMBER.findall(body)
        tags = len(_ROW_TAG.findall(body))
    return list(map(int, found)), tags


def _cell_refs(body: bytes) -> tuple[int, int, int, int] | None:
    """The box of the cell addresses in `body` by regex, any attribute order."""
    found = _CELL_REF.findall(body)
    if not found:
        return None
    rows = [int(r) for _, r in found]
    columns = [_column_number(letters) for letters, _ in found]
    return min(rows), min(columns), max(rows), max(columns)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _widen(box, more):
    if more is None:
        return box
    if box is None:
        return more
    return min(box[0], more[0]), min(box[1], more[1]), max(box[2], more[2]), max(box[3], more[3])


def _prefixes_main(body: bytes) -> bool:
    """A prefix bound to the spreadsheet namespace (<x:row> may follow)."""
    return any(uri in MAIN_NAMESPACES for _, uri in _XMLNS.findall(body))


class _Census:
    """What the tags of a body are, from the byte after each "<" (and a few after that), in numpy:
    the same answers as the regexes for a sheet whose main namespace has no prefix. `rows` is
    None when some <row> is not written as `<row r="N"`: the regexes then count them."""

    _AFTER_NAME = np.zeros(256, bool)
    _AFTER_NAME[list(NAME_ENDS)] = True
    _DIGITS = 12  # longer row numbers take the regex
    _SHORTEST_HIDDEN = len('<row r="1" hidden="1">')

    def __init__(self, body: bytes):
        n = len(body)
        self.body = body
        a = np.frombuffer(body + b" " * 32, np.uint8)
        self.lt = lt = np.flatnonzero(a[:n] == 60)
        first = a[lt + 1]
        self.first = first
        f = lt[first == 102]
        self.formulas = bool(self._AFTER_NAME[a[f + 2]].any()) if len(f) else False
        i = lt[first == 105]
        self.inline_strings = int(((a[i + 2] == 115) & (a[i + 3] == 62)).sum()) if len(i) else 0
        v = lt[first == 118]
        v = v[self._AFTER_NAME[a[v + 2]]]
        # a value starting with "#"; None when some <v> has attributes (or is empty): the regex tells
        self.error_values = bool((a[v + 3] == 35).any()) if (a[v + 2] == 62).all() else None
        c = lt[first == 99]
        self.cols = bool(((a[c + 2] == 111) & (a[c + 3] == 108)).any()) if len(c) else False
        self.maybe_merged = bool((first == 109).any())
        r = lt[first == 114]
        r = r[(a[r + 2] == 111) & (a[r + 3] == 119) & self._AFTER_NAME[a[r + 4]]]
        self.row_tags = len(r)
        # a <row> tag with room for more than its number (hidden="1" needs 22 bytes with r="1")
        ends = np.append(lt, n)[np.searchsorted(lt, r, side="right")]
        self.long_rows = bool(((ends - r) >= self._SHORTEST_HIDDEN).any())
        self.rows = self._numbers(a, r)
        cells = c[self._AFTER_NAME[a[c + 2]]]
        self.refs = self._refs(a, cells) if len(cells) else None

    def _numbers(self, a: np.ndarray, r: np.ndarray) -> np.ndarray | None:
        """The N of every `<row r="N"` (all of them, or None)."""
        p = r[(a[r + 4] == 32) & (a[r + 5] == 114) & (a[r + 6] == 61) & (a[r + 7] == 34)]
        if len(p) != len(r):
            return None
        if not len(p):
            return np.zeros(0, np.int64)
        digits = a[p[:, None] + 8 + np.arange(self._DIGITS + 1)].astype(np.int64) - 48
        is_digit = (digits >= 0) & (digits <= 9)
        length = np.argmin(is_digit, axis=1)  # the first byte that is not a digit
        closed = digits[np.arange(len(p)), length] == 34 - 48
        if not (closed & (length > 0)).all():
            return None
        value = np.zeros(len(p), np.int64)
        for k in range(self._DIGITS):
            value = np.where(k < length, value * 10 + digits[:, k], value)
        return value

    def _refs(self, a: np.ndarray, cells: np.ndarray):
        """The box (first row, first column, last row, last column) of the `<c r="A1"` addresses,
        or the regex's (`_cell_refs`) when some cell is written otherwise."""
        p = cells[(a[cells + 2] == 32) & (a[cells + 3] == 114) & (a[cells + 4] == 61) & (a[cells + 5] == 34)]
        if len(p) != len(cells):
            return _cell_refs(self.body)
        at = p + 6
        letter = [(a[at + k] >= 65) & (a[at + k] <= 90) for k in range(4)]
        second, third = letter[1], letter[1] & letter[2]
        if not letter[0].all() or (third & letter[3]).any():  # one to three letters
            return _cell_refs(self.body)
        column = a[at].astype(np.int32) - 64
        column = np.where(second, column * 26 + a[at + 1] - 64, column)
        column = np.where(third, column * 26 + a[at + 2] - 64, column)
        at = at + 1 + second + third  # the row's digits
        row = np.zeros(len(p), np.int64)
        going = np.ones(len(p), bool)
        for k in range(self._DIGITS + 1):
            byte = a[at + k]
            digit = going & (byte >= 48) & (byte <= 57)
            ended = going & ~digit
            if k == 0 and ended.any() or ended.any() and (byte[ended] != 34).any():
                return _cell_refs(self.body)  # no digit, or not closed by a quote
            going &= digit
            if not going.any():
                return int(row.min()), int(column.min()), int(row.max()), int(column.max())
            row = np.where(digit, row * 10 + byte - 48, row)
        return _cell_refs(self.body)  # a row number of more than _DIGITS digits

    def markup_after(self, start: int) -> bool:
        """A comment, CDATA section, DTD or processing instruction starting at or after `start`."""
        at = self.lt >= start
        return bool((((self.first == 33) | (self.first == 63)) & at).any())


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
