"""An XLSX sheet's values through python-calamine: rows for the header finder, then column batches.

calamine (Rust) reads cell values several times faster than any Python XML parser. A sheet
of up to WHOLE_SHEET_XML goes to it whole; a bigger one a window of rows at a time
(xlsx_windows), so memory does not grow with the sheet. The header finder reads the first
rows as Python records; the data rows after the header go straight from calamine's rows to
column batches (`CalamineSheet.batches`): cells are converted and turned into Arrow text
column by column (numbers in Arrow), and a run of rows that some column shows to be data rows
of the header's width goes in a chunk at a time; only the other rows take the per-row tests
(blank, ragged, layout).
Both give what the streaming reader (xlsx_stream) gives, which takes over from the first row
not yet read when calamine refuses a sheet or a window of it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from itertools import islice

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .. import budget
from ..arrowtext import arrow_strings
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
# Rows taken from calamine at a time: per-row tests run over such a chunk at once.
CHUNK_ROWS = 4096


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

    def _chunks(self, after: int = 0, remember: bool = False) -> Iterator[tuple[int, int, list]]:
        """(number of the row before the chunk, first column, up to CHUNK_ROWS of calamine's rows)
        in sheet order, within the budget: a chunk stops before the row that passes sheet_cells,
        or before the first row after `after` holding a cell past the `columns` limit, and the
        limit is raised once the rows before it are in."""
        limits = budget.current().limits
        max_cells, max_columns = limits.sheet_cells, limits.columns
        spent = 0
        for first_row, first_column, rows in self.blocks(remember):
            before = first_row
            source = iter(rows)
            while chunk := list(islice(source, CHUNK_ROWS)):
                widths = list(map(len, chunk))
                cost = sum(widths) + widths.count(0)  # a row without cells counts as one
                spent += cost
                stop, limit = len(chunk), None
                if spent > max_cells:  # the row that passed it
                    stop = _passing(widths, spent - cost, max_cells)
                    limit = budget.LimitReached("sheet_cells", f"at row {before + stop + 1:,}")
                if first_column + max(widths) > max_columns:
                    for k in range(max(0, after - before), stop):
                        row = chunk[k]
                        if first_column + len(row) > max_columns and row.count("") != len(row):
                            stop, limit = k, budget.LimitReached("columns", f"row {before + k + 1:,}")
                            break
                if stop:
                    yield before, first_column, chunk if stop == len(chunk) else chunk[:stop]
                if limit is not None:
                    raise limit
                before += len(chunk)

    def _rows(self, after: int = 0, remember: bool = False) -> Iterator[tuple[int, int, list]]:
        """(row number, first column, calamine's row) of every row after `after` holding a cell
        that is not empty, within the budget."""
        for before, first_column, chunk in self._chunks(after, remember):
            for k in range(max(0, after - before), len(chunk)):
                row = chunk[k]
                if row.count("") != len(row):
                    yield before + k + 1, first_column, row

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
        ncols = len(labels)
        last = after
        try:
            for before, first_column, chunk in self._chunks(after):
                k = max(0, after - before)
                tried = False  # whether the rest of the chunk was tested at once (_all_values)
                while k < len(chunk):
                    row = chunk[k]
                    rownum = before + k + 1
                    k += 1
                    if row.count("") == len(row):
                        continue  # an empty row: blank if a value follows, layout if none does
                    if rownum > last + 1:  # the rows between are blank: a million of them come as batches too
                        for start in range(last + 1, rownum, PACK_ROWS):
                            pending.blank.extend(range(start, min(start + PACK_ROWS, rownum)))
                            if pending.full():
                                yield pending.batch()
                    last = self.last = rownum
                    if is_blank(row):  # calamine's values keep their blankness when converted
                        pending.blank.append(rownum)
                    else:
                        pending.add(rownum, first_column, row)
                    if not tried and not first_column and k < len(chunk):
                        tried = True
                        if _all_values(chunk, k, ncols):  # the rest: data rows, one after another
                            while k < len(chunk):
                                if pending.full():
                                    yield pending.batch()
                                    release_memory()
                                k = pending.take(chunk, k, before)
                            last = self.last = before + k
                    if pending.full():
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
_VALUES = {float, int, bool, dt.datetime, dt.date, dt.time, dt.timedelta}  # never blank


def _numbers(column: tuple[float, ...]) -> tuple[list, pa.Array]:
    """A column of numbers as `whole_number` gives them (12 for 12.0) and as their `str()`, in
    Arrow: Arrow writes a float with the same shortest digits as Python's repr, in the same form
    where it writes no exponent and 1e-4 <= |x| < 1e15; the others, few, go through repr.
    (Arrays are made from Python values, never from numpy's: that would import numpy.ma.)"""
    values = pa.array(column, type=pa.float64())
    magnitude = pc.abs(values)
    is_whole = pc.and_(pc.equal(pc.trunc(values), values), pc.less(magnitude, 1e15))
    whole = is_whole.to_numpy(zero_copy_only=False)
    if whole.all():
        ints = pc.cast(values, pa.int64())
        return ints.to_numpy().tolist(), pc.cast(ints, pa.string())
    typed = list(column)
    text = pc.cast(values, pa.string())
    if whole.any():
        ints = pc.cast(pc.if_else(is_whole, values, 0.0), pa.int64())
        at = np.flatnonzero(whole)
        for i, v in zip(at.tolist(), ints.to_numpy()[at].tolist(), strict=True):
            typed[i] = v
        text = pc.if_else(is_whole, pc.cast(ints, pa.string()), text)
    size = magnitude.to_numpy()
    odd = ~whole & ~((size >= 1e-4) & (size < 1e15))
    odd |= pc.match_substring(text, "e").to_numpy(zero_copy_only=False)
    if odd.any():
        strings = text.to_pylist()
        for i in np.flatnonzero(odd).tolist():
            strings[i] = str(typed[i])
        text = pa.array(strings, type=pa.string())
    return typed, text


def _passing(widths: list[int], spent: int, max_cells: int) -> int:
    """The index of the row whose cells take `spent` past `max_cells`."""
    for k, width in enumerate(widths):
        spent += width or 1
        if spent > max_cells:
            return k
    return len(widths)


def _all_values(chunk: list, k: int, ncols: int) -> bool:
    """chunk[k:] are rows of `ncols` cells with a value in every row: some column holds only
    numbers, dates or booleans, or only text that is not white space. Their rows then need no
    row-by-row test."""
    rest = chunk[k:]
    if set(map(len, rest)) != {ncols}:
        return False
    for column in zip(*rest, strict=True):
        kinds = set(map(type, column))
        if kinds <= _VALUES:
            return True
        if kinds == _TEXT and "" not in column and not any(map(str.isspace, column)):
            return True
    return False


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

    def take(self, chunk: list, k: int, before: int) -> int:
        """chunk[k:] (data rows of the header's width, numbered from before + k + 1) up to a full
        batch; returns where the rest starts."""
        taken = chunk[k:k + PACK_ROWS - len(self.rownums)]
        self.rows.extend(taken)
        self.rownums.extend(range(before + k + 1, before + k + 1 + len(taken)))
        return k + len(taken)

    def full(self) -> bool:
        return len(self.rownums) >= PACK_ROWS or len(self.blank) >= PACK_ROWS

    def batch(self) -> ColumnBatch:
        epoch = self.epoch
        cells: list = []
        columns: list[pa.Array] = []
        if self.rows and self.ncols:
            for col in zip(*self.rows, strict=True):
                if col[0].__class__ is str:  # most likely all text: Arrow tells, at no extra pass
                    try:
                        columns.append(arrow_strings(col))
                        cells.append(col)
                        continue
                    except (pa.ArrowTypeError, pa.ArrowInvalid):
                        pass
                kinds = set(map(type, col))
                typed: list
                if kinds == _NUMBER:
                    typed, text = _numbers(col)
                    columns.append(text)
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
