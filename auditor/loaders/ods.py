"""OpenDocument spreadsheets (.ods): every sheet is a table, streamed from content.xml.

An ODS file is a ZIP holding XML, so it needs no reader of its own: the same
defused expat parser as the XML loader streams `content.xml` one row at a
time. Cells keep their declared types (float → number, date → date), merged
ranges are kept for MR010, and the repeat attributes that pad a sheet to a
million empty rows are honoured without being expanded into memory.
"""
from __future__ import annotations

import datetime as dt
import zipfile

from .. import budget
from ..budget import LimitReached, open_member
from ..dataset import LoadedDataset, Table
from ..valuetypes import whole_number
from .xmldata import XmlRefused, parse_stream

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0 "
MAX_COLUMNS = 16_384  # LibreOffice's sheet width; rows are bounded by the budget's sheet_rows
CHUNK = 1 << 16

_CELLS = (TABLE + "table-cell", TABLE + "covered-table-cell")
COLUMNS_REPEATED = TABLE + "number-columns-repeated"
SPANNED_COLUMNS = TABLE + "number-columns-spanned"
SPANNED_ROWS = TABLE + "number-rows-spanned"
_PARAGRAPHS = (TEXT + "p", TEXT + "h")


def _chunks(path: str):
    with zipfile.ZipFile(path) as zf, open_member(zf, "content.xml", "content.xml") as fh:
        while chunk := fh.read(CHUNK):
            yield chunk


def _number(text: str):
    return whole_number(float(text))


def _typed(kind: str | None, attrs: dict):
    """The cell's value as its type declares it; None means 'use the displayed text'."""
    try:
        if kind in ("float", "percentage", "currency"):
            return _number(attrs[OFFICE + "value"])
        if kind == "date":
            raw = attrs[OFFICE + "date-value"]
            value = dt.datetime.fromisoformat(raw)
            return value.date() if "T" not in raw else value
        if kind == "boolean":
            return attrs[OFFICE + "boolean-value"] == "true"
    except (KeyError, ValueError):
        return None
    return None


def _count(raw) -> int:
    try:
        return max(1, int(raw))
    except (TypeError, ValueError):
        return 1


def _repeat(attrs: dict, key: str) -> int:
    return _count(attrs.get(TABLE + key, 1))


def _cell_name(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


class _SheetReader:
    """Rows of one sheet (or, with `sheet=None`, only the sheet names and merged ranges)."""

    def __init__(self, sheet: str | None):
        self.sheet = sheet
        self.census = sheet is None
        self.inside = False
        self.names: list[str] = []
        self.merged: dict[str, list[str]] = {}
        self.row: list = []
        self.rownum = 0  # physical row number, repeats counted
        self.colnum = 0
        self.row_repeat = 1
        self.cell_kind: str | None = None
        self.cell_value: object = None
        self.cell_repeat = 1
        self.paragraphs: list[list[str]] | None = None
        self.note_depth = 0  # inside a cell comment (office:annotation): not cell text
        self.pending_blank: list[tuple[int, int]] = []
        self.pending_count = 0
        self.done: list[tuple[int, int, list]] = []  # (first row, repeat, cells): repeats expand when drained
        limits = budget.current().limits
        self.max_cells, self.max_rows = limits.sheet_cells, limits.sheet_rows
        self.max_columns, self.max_cell = min(MAX_COLUMNS, limits.columns), limits.cell_chars
        self.cells_read = 0
        self.cell_chars = 0
        self.declared = 0  # row and cell elements as written: repeats expand them
        self.max_ratio, self.ratio_floor = limits.ratio, limits.ratio_floor

    def start(self, name, attrs):
        if name == TABLE + "table":
            title = attrs.get(TABLE + "name", f"Sheet{len(self.names) + 1}")
            self.names.append(title)
            self.merged[title] = []
            self.inside = self.sheet is None or title == self.sheet
            self.rownum = 0
        elif not self.inside:
            return
        elif name == TABLE + "table-row":
            self.declared += 1
            self.row, self.colnum = [], 0
            self.row_repeat = _repeat(attrs, "number-rows-repeated")
        elif name in _CELLS:
            self.declared += 1
            self.cell_kind = attrs.get(OFFICE + "value-type")
            repeat = attrs.get(COLUMNS_REPEATED)  # most cells carry no repeat or span: skip the parsing
            self.cell_repeat = _count(repeat) if repeat else 1
            if self.census:  # only positions matter: a typed cell is data, an untyped one blank
                self.cell_value = "x" if self.cell_kind else ""
            else:
                self.cell_value = _typed(self.cell_kind, attrs)
                self.paragraphs = []
                self.cell_chars = 0
            if SPANNED_COLUMNS in attrs or SPANNED_ROWS in attrs:
                across = _repeat(attrs, "number-columns-spanned")
                down = _repeat(attrs, "number-rows-spanned")
                if across > 1 or down > 1:
                    first = self.rownum + 1, self.colnum + 1
                    self.merged[self.names[-1]].append(
                        f"{_cell_name(*first)}:{_cell_name(first[0] + down - 1, first[1] + across - 1)}")
        elif name == OFFICE + "annotation":
            self.note_depth += 1
        elif self.paragraphs is not None and not self.note_depth:
            if name in _PARAGRAPHS:
                self.paragraphs.append([])
            elif self.paragraphs and name == TEXT + "s":
                self.paragraphs[-1].append(" " * min(_count(attrs.get(TEXT + "c", 1)), 1000))
            elif self.paragraphs and name == TEXT + "tab":
                self.paragraphs[-1].append("\t")
            elif self.paragraphs and name == TEXT + "line-break":
                self.paragraphs[-1].append("\n")

    def text(self, content):
        if self.paragraphs and not self.note_depth:
            self.cell_chars += len(content)
            if self.cell_chars > self.max_cell:
                raise LimitReached("cell_chars", f"row {self.rownum + 1:,}")
            self.paragraphs[-1].append(content)

    def end(self, name):
        if not self.inside:
            return
        if name == OFFICE + "annotation":
            self.note_depth -= 1
        elif name in _CELLS:
            value = self.cell_value
            if value is None:
                value = "\n".join("".join(p) for p in self.paragraphs or ())
            self.paragraphs = None
            if self.colnum + self.cell_repeat > self.max_columns:  # trailing blank padding is usual: cut it
                self.cell_repeat = max(0, self.max_columns - self.colnum)
                if value not in ("", None) and self.cell_repeat == 0:
                    raise LimitReached("columns", f"row {self.rownum + 1:,}")
            self.row.extend([value] * self.cell_repeat)
            self.colnum += self.cell_repeat
        elif name == TABLE + "table-row":
            self._emit_row()
        elif name == TABLE + "table":
            self.inside = False
            self.pending_blank, self.pending_count = [], 0  # trailing blank rows are layout

    def _emit_row(self):
        row = self.row
        while row and row[-1] == "":
            row.pop()
        first = self.rownum + 1
        self.rownum += self.row_repeat
        if not row:
            # Blank rows count only when data follows them (a sheet ends padded with blanks).
            self.pending_blank.append((first, self.row_repeat))
            self.pending_count += self.row_repeat
            return
        if self.rownum > self.max_rows:  # data that far down comes from a crafted repeat count
            raise LimitReached("sheet_rows", f"a sheet claims data at row {self.rownum:,}")
        if self.census:
            self.pending_blank, self.pending_count = [], 0
            return
        for start, count in self.pending_blank:
            self.done.append((start, count, []))
        self.pending_blank, self.pending_count = [], 0
        self.done.append((first, self.row_repeat, row))

    def drain(self):
        """The rows ready so far, repeats expanded one at a time (a row repeated a million
        times is one entry until then), each row spending its cells from the sheet's budget."""
        out, self.done = self.done, []
        for first, count, cells in out:
            cost = max(1, len(cells))
            for n in range(first, first + count):
                self.cells_read += cost
                if self.cells_read > self.max_cells:
                    raise LimitReached("sheet_cells", f"at row {n:,}")
                if self.cells_read > self.ratio_floor and self.cells_read > self.max_ratio * self.declared:
                    raise LimitReached("ratio", f"repeat attributes expand {self.declared:,} cells as written into "
                                       f"more than {self.cells_read:,} (at row {n:,})")
                yield n, list(cells)


def load_ods(path: str, source: str) -> LoadedDataset:
    ds = LoadedDataset(path=path, source=source, format="ods", encoding="utf-8")
    try:
        with zipfile.ZipFile(path) as zf:
            if "content.xml" not in zf.namelist():
                ds.load_error = "the OpenDocument file has no content.xml"
                return ds
        census = _SheetReader(None)
        for _ in parse_stream(_chunks(path), census, namespaces=True):
            pass
    except XmlRefused as exc:
        ds.load_error = str(exc)
        return ds
    for title in census.names:
        ds.tables.append(Table(name=title, records=_records(path, title), grid=True,
                               merged_ranges=tuple(census.merged[title])))
    return ds


def _records(path: str, title: str):
    def records():
        reader = _SheetReader(title)
        yield from parse_stream(_chunks(path), reader, reader.drain, namespaces=True)

    return records
