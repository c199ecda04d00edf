"""An XLSX sheet's values through python-calamine: rows for the header finder, then column batches.

calamine (Rust) reads cell values several times faster than any Python XML parser. A sheet
of up to WHOLE_SHEET_XML goes to it whole; a bigger one a window of rows at a time
(xlsx_windows), so memory does not grow with the sheet. The header finder reads the first
rows as Python records; the data rows after the header go straight from calamine's rows to
column batches (`CalamineSheet.batches`): cells are converted and turned into Arrow text
column by column, and only the per-row tests (blank, ragged, layout) stay in a Python loop.
Both give what the streaming reader (xlsx_stream) gives, which takes over from the first row
not yet read when calamine refuses a sheet or a window of it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import pyarrow as pa

from .. import budget
from ..batch import PACK_ROWS, ColumnBatch, fit, is_blank, pack, release_memory, text_array
from ..valuetypes import whole_number

# Sheets up to this much XML go to calamine whole; calamine holds a sheet's cells in memory (about
# 56 MB, and 96 MB while it builds them, for 100,000 rows x 10 columns, 58 MB of XML). Bigger
# ones go a window of rows at a time (xlsx_windows), in memory bounded by the window.
WHOLE_SHEET_XML = 8 << 20
# ... and whose cells' area (calamine's grid: rows x columns from the first address to the last)
# is at most this: 2,000,000 cells are 64 MB of grid.
WHOLE_SHEET_CELLS = 2_000_000
Block = tuple[int, int, Iterable[list]]  # (first row, first column, rows from there), 0-based


class Unread(Exception):
    """calamine could not read the sheet (or a window of it)."""


def cell_value(v, epoch: dt.datetime):
    """A calamine cell as the streaming reader gives it: numbers as int when whole, dates as
    date, times and durations as moments after the epoch."""
    cls = v.__class__
    if cls is str:
        return v
    if cls is float:
        return whole_number(v)
    if cls is dt.datetime:
        return v.date() if v.time() == dt.time(0) else v
    if cls is dt.time:
        return dt.datetime.combine(epoch.date(), v)
    if cls is dt.timedelta:
        return epoch + v
    return v


class CalamineSheet:
    """One sheet read by calamine, as `Table.records` and `Table.batches`."""

    def __init__(self, path: str, book: dict, name: str, epoch: dt.datetime, facts: dict, member: str,
                 scan, streamed):
        self.path, self.book, self.name, self.epoch, self.facts = path, book, name, epoch, facts
        self.member, self.scanned_rows = member, scan.rows
        self.windowed = (scan.xml_bytes > WHOLE_SHEET_XML or scan.cells_area() > WHOLE_SHEET_CELLS) and not scan.markup
        self.columns_span = scan.box[3] - scan.box[1] + 1 if scan.box else 0
        self.window: int | None = None  # window bytes (None: xlsx_windows.window_size)
        self._first: tuple[int, Block] | None = None  # (window number, block) the header finder read first
        self._sheet = None  # the whole sheet as calamine read it for the header finder
        self.streamed = streamed  # () -> the streaming reader's (row number, cells), which fills `facts`
        self.last = 0  # the last record the batches read

    # -- the rows as calamine reads them
    def blocks(self, remember: bool = False) -> Iterator[Block]:
        """The sheet whole, or window by window; Unread when calamine refuses it. The header
        finder's pass `remember`s what it read first (the sheet, or its first window), so the
        batches after it do not have calamine read that again."""
        from python_calamine import CalamineWorkbook

        from .xlsx_windows import window_rows

        if self.windowed:
            first, self._first = self._first, None
            if first is not None:
                yield first[1]
            windows = window_rows(self.path, self.member, self.name, self.window,
                                  skip=first[0] + 1 if first is not None else 0, columns=self.columns_span)
            while True:
                try:
                    window = next(windows, None)
                except budget.LimitReached:
                    raise
                except Exception as exc:  # NotWindowed, or a window calamine refuses: the rest streams
                    raise Unread() from exc
                if window is None:
                    return
                if remember and first is None and self._first is None:
                    self._first = window
                yield window[1]
        sheet, self._sheet = self._sheet, None
        if sheet is None:
            try:
                if "book" not in self.book:
                    self.book["book"] = CalamineWorkbook.from_path(self.path)
                sheet = self.book["book"].get_sheet_by_name(self.name)
            except Exception as exc:  # a damaged sheet: the streaming reader keeps the rows before the break
                raise Unread() from exc
        if remember:
            self._sheet = sheet
        if sheet.start is None:
            if self.scanned_rows:  # rows the scan saw but calamine did not read
                raise Unread()
            return
        yield 0, sheet.start[1], sheet.iter_rows()  # iter_rows runs from the sheet's first row

    def _rows(self, after: int = 0, remember: bool = False) -> Iterator[tuple[int, int, list]]:
        """(row number, first column, calamine's row) of every row after `after` holding a cell
        that is not empty, within the budget."""
        limits = budget.current().limits
        max_cells, max_columns = limits.sheet_cells, limits.columns
        spent = 0
        for first_row, first_column, rows in self.blocks(remember):
            rownum = first_row
            for row in rows:
                rownum += 1
                width = len(row)
                spent += width or 1
                if spent > max_cells:
                    raise budget.LimitReached("sheet_cells", f"at row {rownum:,}")
                if rownum <= after or row.count("") == width:
                    continue
                if first_column + width > max_columns:
                    raise budget.LimitReached("columns", f"row {rownum:,}")
                yield rownum, first_column, row

    # -- Table.records: for the header finder (and the fallback packing)
    def records(self) -> Iterator[tuple[int, list]]:
        """(row number, cells) of every row up to the last holding a value: as xlsx_stream, the rows
        between two rows with values are blank rows whether the file wrote a <row> for them or not;
        empty rows after the last value are layout."""
        last = 0
        epoch = self.epoch
        try:
            for rownum, first_column, row in self._rows(remember=True):
                cells = [v if v.__class__ is str else cell_value(v, epoch) for v in row]
                if first_column:
                    cells = [""] * first_column + cells
                if rownum > last + 1:
                    yield from ((r, []) for r in range(last + 1, rownum))
                last = rownum
                yield rownum, cells
        except Unread:
            yield from ((r, cells) for r, cells in self.streamed() if r > last)
            return
        self._first = self._sheet = None  # read to the end: no batches will follow
        self.facts["last_value_row"] = last

    # -- Table.batches: the data rows after the header
    def batches(self, labels: list[str], header_row: int | None) -> Iterator[ColumnBatch]:
        after = header_row or 0
        pending = _Pending(labels, self.epoch)
        last = after
        try:
            for rownum, first_column, row in self._rows(after):
                if rownum > last + 1:  # the rows between are blank: a million of them come as batches too
                    for start in range(last + 1, rownum, PACK_ROWS):
                        pending.blank.extend(range(start, min(start + PACK_ROWS, rownum)))
                        if len(pending.blank) >= PACK_ROWS:
                            yield pending.batch()
                last = self.last = rownum
                if is_blank(row):  # calamine's values keep their blankness when converted
                    pending.blank.append(rownum)
                else:
                    pending.add(rownum, first_column, row)
                if len(pending.rownums) >= PACK_ROWS or len(pending.blank) >= PACK_ROWS:
                    yield pending.batch()
                    release_memory()
        except Unread:
            if pending.rownums or pending.blank:
                yield pending.batch()
            rest = ((r, cells) for r, cells in self.streamed() if r > last)
            yield from pack(labels, rest, grid=True)
            return
        if pending.rownums or pending.blank:
            yield pending.batch()
        self.facts["last_value_row"] = last

    def last_record(self) -> int:
        return self.last


_TEXT = {str}
_NUMBER = {float}


class _Pending:
    """Data rows gathered for the next batch, as calamine gave them; converted column-wise."""

    def __init__(self, labels: list[str], epoch: dt.datetime):
        self.labels, self.epoch = labels, epoch
        self.ncols = len(labels)
        self.rows: list[list] = []
        self.rownums: list[int] = []
        self.blank: list[int] = []
        self.wide: dict[int, list] = {}  # index -> calamine's row (from column A) of rows wider than the header

    def add(self, rownum: int, first_column: int, row: list) -> None:
        ncols = self.ncols
        if first_column:
            row = [""] * first_column + row
        if len(row) != ncols:
            row = fit(row, ncols)
            if len(row) > ncols:
                self.wide[len(self.rows)] = row
                row = row[:ncols]
        self.rows.append(row)
        self.rownums.append(rownum)

    def batch(self) -> ColumnBatch:
        epoch = self.epoch
        cells: list = []
        columns: list[pa.Array] = []
        if self.rows and self.ncols:
            for col in zip(*self.rows, strict=True):
                kinds = set(map(type, col))
                if kinds == _TEXT:
                    columns.append(pa.array(col, type=pa.string()))
                    cells.append(col)
                    continue
                typed: list
                if kinds == _NUMBER:
                    typed = list(map(whole_number, col))
                    columns.append(pa.array([str(v) for v in typed], type=pa.string()))
                else:
                    typed = [v if v.__class__ is str else cell_value(v, epoch) for v in col]
                    columns.append(text_array(typed))
                cells.append(typed)
        else:
            columns = [pa.nulls(len(self.rows), pa.string()) for _ in range(self.ncols)]
            cells = [[None] * len(self.rows) for _ in range(self.ncols)]
        ragged = {j: [cell_value(v, epoch) for v in row] for j, row in self.wide.items()}
        out = ColumnBatch(self.labels, columns, self.rownums, ragged, self.blank, typed=True, cells=cells)
        self.rows, self.rownums, self.blank, self.wide = [], [], [], {}
        return out
