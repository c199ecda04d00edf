"""A streaming XLSX reader: one expat pass per sheet for both values and facts.

openpyxl's read-only mode builds every cell through ElementTree and sizes each
sheet with a pass of its own when the sheet has no <dimension>; reading with
plain expat callbacks is several times faster. The same pass collects what the
machine-readability rules need (hidden rows and columns, formulas saved without
a value, the declared used range, the last row holding a value). Merged ranges
sit after the data in the XML but the header finder needs them first: the byte
scan of xlsx_scan.py finds them before the rows are read. Sheets without formulas
are read by python-calamine instead (spreadsheet.py); this reader is the fallback.

Parts are parsed by the XML loader's armed parser (defusedxml's guards: entity
declarations and external references refused).
"""
from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace

from ..budget import LimitReached, current, open_member
from ..valuetypes import whole_number
from .xmldata import parse_stream

CHUNK = 1 << 16
# Built-in number formats that are dates or times (ECMA-376 18.8.30, and the CJK ids 27-36, 50-58).
BUILTIN_DATE_FORMATS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36,
                                  45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58})
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _chunks(fh) -> Iterator[bytes]:
    return iter(lambda: fh.read(CHUNK), b"")


def _local(name: str) -> str:
    """'namespace-uri localname' (how the armed parser names things) -> 'localname'."""
    return name.rsplit(" ", 1)[-1]


def _parse_member(zf: zipfile.ZipFile, member: str, start=None, end=None, text=None) -> None:
    """Parse one workbook part with the XML loader's armed parser (entities refused)."""
    handler = SimpleNamespace(start=start or _ignore, end=end or _ignore, text=text or _ignore)
    with open_member(zf, member, member) as fh:
        for _ in parse_stream(_chunks(fh), handler, namespaces=True):
            pass


def _ignore(*_args) -> None:
    pass


@dataclass
class SheetInfo:
    name: str
    member: str
    hidden: bool


@dataclass
class WorkbookParts:
    sheets: list[SheetInfo] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)
    date_styles: frozenset = frozenset()
    epoch: dt.datetime = dt.datetime(1899, 12, 30)


def read_workbook(zf: zipfile.ZipFile, values: bool = True) -> WorkbookParts:
    """Sheets (names, parts, visibility), the date epoch, and with `values` the shared strings
    and date styles that cell values need."""
    parts = WorkbookParts()
    rels: dict[str, str] = {}

    def rel(name, attrs):
        if _local(name) == "Relationship":
            rels[attrs.get("Id", "")] = attrs.get("Target", "")

    rels_member = "xl/_rels/workbook.xml.rels"
    if rels_member in zf.namelist():
        _parse_member(zf, rels_member, start=rel)
    sheets: list[tuple[str, str, bool]] = []

    def book(name, attrs):
        tag = _local(name)
        if tag == "sheet":
            rid = attrs.get(f"{_REL_NS} id") or attrs.get("r:id") or ""
            sheets.append((attrs.get("name", ""), rid, attrs.get("state", "visible") != "visible"))
        elif tag == "workbookPr" and attrs.get("date1904") in ("1", "true"):
            parts.epoch = dt.datetime(1904, 1, 1)

    _parse_member(zf, "xl/workbook.xml", start=book)
    for name, rid, hidden in sheets:
        target = rels.get(rid, "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        parts.sheets.append(SheetInfo(name, member, hidden))
    names = set(zf.namelist())
    if not values:
        return parts
    if "xl/sharedStrings.xml" in names:
        parts.shared = _shared_strings(zf)
    if "xl/styles.xml" in names:
        parts.date_styles = _date_styles(zf)
    return parts


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    """Each <si>'s text: its <t> runs joined, phonetic guides (<rPh>) left out."""
    out: list[str] = []
    buf: list[str] = []
    state = {"in_t": False, "skip": 0, "chars": 0}
    max_chars = current().limits.cell_chars

    def start(name, attrs):
        tag = _local(name)
        if tag == "si":
            buf.clear()
            state["chars"] = 0
        elif tag == "rPh":
            state["skip"] += 1
        elif tag == "t" and not state["skip"]:
            state["in_t"] = True

    def end(name):
        tag = _local(name)
        if tag == "si":
            out.append("".join(buf))
        elif tag == "rPh":
            state["skip"] -= 1
        elif tag == "t":
            state["in_t"] = False

    def text(data):
        if state["in_t"]:
            state["chars"] += len(data)
            if state["chars"] > max_chars:
                raise LimitReached("cell_chars", f"shared string {len(out) + 1:,}")
            buf.append(data)

    _parse_member(zf, "xl/sharedStrings.xml", start, end, text)
    return out


def _date_styles(zf: zipfile.ZipFile) -> frozenset:
    """Indexes of the cell styles (cellXfs) whose number format shows a date or time."""
    from openpyxl.styles.numbers import is_date_format

    custom: dict[int, str] = {}
    formats: list[int] = []
    state = {"in_xfs": False}

    def start(name, attrs):
        tag = _local(name)
        if tag == "numFmt":
            custom[int(attrs.get("numFmtId", -1))] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            state["in_xfs"] = True
        elif tag == "xf" and state["in_xfs"]:
            formats.append(int(attrs.get("numFmtId", 0)))

    def end(name):
        if _local(name) == "cellXfs":
            state["in_xfs"] = False

    _parse_member(zf, "xl/styles.xml", start, end)
    return frozenset(
        i for i, fmt in enumerate(formats)
        if fmt in BUILTIN_DATE_FORMATS or (fmt in custom and is_date_format(custom[fmt]))
    )


def _column_index(ref: str) -> int:
    """'B12' -> 1 (0-based)."""
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        else:
            break
    return n - 1


class _SheetReader:
    """Expat handlers turning <sheetData> into rows, and noting the sheet's facts."""

    def __init__(self, parts: WorkbookParts, facts: dict):
        self.shared = parts.shared
        self.date_styles = parts.date_styles
        self.epoch = parts.epoch
        self.facts = facts
        facts.update({"hidden_rows": 0, "hidden_columns": 0, "formulas_without_value": 0,
                      "formula_first": [], "dimension": None, "last_value_row": 0})
        self.ready: list = []  # (row number, cells), or a range of blank rows
        self.rownum = 0
        self.emitted = 0  # the last row handed out
        self.cells: list = []
        self.row_has_value = False
        self.ctype = self.style = self.ref = None
        self.buf: list[str] = []
        self.buf_chars = 0
        self.collect = False
        self.phonetic = False  # inside an inline string's <rPh> (a reading guide, not the value)
        self.has_formula = False
        limits = current().limits
        self.max_cell, self.max_rows = limits.cell_chars, limits.sheet_rows
        self.max_cells, self.max_columns = limits.sheet_cells, limits.columns
        self.cells_read = 0

    def start(self, name, attrs):
        tag = _local(name)
        if tag == "c":
            self.ref = attrs.get("r")
            self.ctype = attrs.get("t", "n")
            self.style = attrs.get("s")
            self.has_formula = False
            self.buf = []
            self.buf_chars = 0
        elif tag == "v" or (tag == "t" and self.ctype == "inlineStr" and not self.phonetic):
            self.collect = True
        elif tag == "rPh":
            self.phonetic = True
        elif tag == "f":
            self.has_formula = True
        elif tag == "row":
            r = attrs.get("r")
            self.rownum = int(r) if r and r.isdigit() and len(r) < 12 else self.rownum + 1
            if self.rownum > self.max_rows:
                raise LimitReached("sheet_rows", f"row {self.rownum:,}")
            self.cells_read += 1  # a row costs at least a cell: millions of empty rows spend the budget too
            if self.cells_read > self.max_cells:
                raise LimitReached("sheet_cells", f"at row {self.rownum:,}")
            self.cells = []
            self.row_has_value = False
            if attrs.get("hidden") in ("1", "true"):
                self.facts["hidden_rows"] += 1
        elif tag == "col" and attrs.get("hidden") in ("1", "true"):
            self.facts["hidden_columns"] += int(attrs.get("max", 0)) - int(attrs.get("min", 0)) + 1
        elif tag == "dimension":
            self.facts["dimension"] = attrs.get("ref")

    def text(self, data):
        if self.collect:
            self.buf_chars += len(data)
            if self.buf_chars > self.max_cell:
                raise LimitReached("cell_chars", f"cell {self.ref or '?'}")
            self.buf.append(data)

    def end(self, name):
        tag = _local(name)
        if tag == "v" or tag == "t":
            self.collect = False
        elif tag == "rPh":
            self.phonetic = False
        elif tag == "c":
            self._cell()
        elif tag == "row" and self.row_has_value:
            # A sheet leaves out the <row> of a blank row (openpyxl, LibreOffice): the rows
            # between two rows with values are blank rows all the same (MR009 counts them).
            # Rows without a value are only emitted before a row with one, so trailing
            # layout rows and a far-away formatted row cost nothing.
            self.facts["last_value_row"] = self.rownum
            if self.rownum > self.emitted + 1:  # a range, expanded as it is read: a gap can be a million rows
                self.ready.append(range(self.emitted + 1, self.rownum))
            self.ready.append((self.rownum, self.cells))
            self.emitted = self.rownum

    def _cell(self):
        raw = "".join(self.buf)
        value = self._convert(raw) if raw or self.ctype == "inlineStr" else ""
        if value != "":
            self.row_has_value = True
        elif self.has_formula:
            self.facts["formulas_without_value"] += 1
            if len(self.facts["formula_first"]) < 5:
                self.facts["formula_first"].append(self.ref)
        index = _column_index(self.ref) if self.ref else len(self.cells)
        self.cells_read += 1
        if self.cells_read > self.max_cells:
            raise LimitReached("sheet_cells", f"at row {self.rownum:,}")
        if index >= self.max_columns:
            raise LimitReached("columns", f"cell {self.ref}")
        cells = self.cells
        if index > len(cells):
            cells.extend([""] * (index - len(cells)))
        if index == len(cells):
            cells.append(value)
        elif 0 <= index < len(cells):
            cells[index] = value

    def _convert(self, raw: str):
        t = self.ctype
        if t == "s":
            try:
                return self.shared[int(raw)]
            except (ValueError, IndexError):
                return ""
        if t in ("str", "inlineStr"):
            return raw
        if t == "b":
            return raw in ("1", "true")
        if t == "e":
            return raw  # '#DIV/0!' and friends, kept as text: a mixed-type finding
        if t == "d":
            try:
                return dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
            except ValueError:
                return raw
        try:
            number = float(raw)
        except ValueError:
            return raw
        if self.style is not None and int(self.style) in self.date_styles and 0 <= number < 2958466:
            moment = self.epoch + dt.timedelta(milliseconds=round(number * 86_400_000))  # Excel keeps ms
            return moment.date() if number == int(number) else moment
        return whole_number(number)


def iter_rows(path: str, member: str, parts: WorkbookParts, facts: dict) -> Iterator[tuple[int, list]]:
    """Stream (row number, cells) of one sheet; fill `facts` while reading."""
    reader = _SheetReader(parts, facts)

    def drain() -> Iterator[tuple[int, list]]:
        rows, reader.ready = reader.ready, []
        for row in rows:
            if row.__class__ is range:
                yield from ((r, []) for r in row)
            else:
                yield row

    with zipfile.ZipFile(path) as zf, open_member(zf, member, member) as fh:
        yield from parse_stream(_chunks(fh), reader, drain, namespaces=True)
