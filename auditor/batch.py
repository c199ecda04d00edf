"""The unit of work of the engine: a batch of a table's data rows, column by column.

Every loader's rows reach rules and analyses as `ColumnBatch`es: one Arrow string
array per header column (a cell is a string or null), the source record number of
each row, and the rows that do not have the header's width (ragged) with all their
cells. Blank rows are not data: the batch only names their record numbers.

Why columns: a regex, a length test or a count over a whole column runs in C
(`pyarrow.compute`), so per-cell Python work is left for the few candidate cells.
Loaders that produce typed Python values (spreadsheets, JSON, RDF) keep them:
`values(i)` gives a column's cells as the source had them (numbers, dates), which
the value-type and date rules need; the string arrays hold `str()` of those cells.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import pyarrow as pa

from .arrowtext import arrow_strings

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from .arrowtext import RepeatedValues

# Arrow's default allocator (mimalloc) keeps the pages it freed, so a long stream's peak
# memory grows with the file. jemalloc gives them back (`release_memory`) and, measured on
# the 1M-row benchmark, peaks 6 MB lower than the system allocator with half its system
# time; the system allocator is the fallback where a build lacks jemalloc. An explicit
# ARROW_DEFAULT_MEMORY_POOL still wins.
if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except (NotImplementedError, pa.ArrowNotImplementedError):
        pa.set_memory_pool(pa.system_memory_pool())


def release_memory() -> None:
    """Hand freed Arrow memory back to the system (called between batches)."""
    pa.default_memory_pool().release_unused()


# Rows per batch of Arrow columns (CSV). Each batch costs a few dozen kernel calls per column
# whatever its size: on the 1M-row benchmark 24,576 rows take 0.7 s less CPU than 16,384 and
# peak 5 MB lower with 256 KB Arrow blocks. Batches of typed cells (spreadsheets, JSON) hold
# every cell as a Python object as well: 8,192 rows peak 18 MB lower than 16,384 on the
# 100,000-row benchmark workbook, for the same CPU.
BATCH_ROWS = 24576
PACK_ROWS = 8192

Record = tuple[int, list]


def is_blank(cells: list) -> bool:
    """Every cell empty, None or white space: not a data row. A number or a boolean is a value,
    zero and FALSE too."""
    for v in cells:
        if v is None:
            continue
        if v.__class__ is str:
            if v and not v.isspace():
                return False
        else:
            return False
    return True


def text_array(values: list) -> pa.Array:
    """A string array of cells; non-string cells (numbers, dates) as their `str()`."""
    try:
        return arrow_strings(values)
    except (pa.ArrowTypeError, pa.ArrowInvalid, TypeError):
        return pa.array([v if v is None or v.__class__ is str else str(v) for v in values], type=pa.string())


class ColumnBatch:
    """Data rows of one table, column-wise.

    columns  one `pa.StringArray` per header label, all of `len(batch)` cells
             (a ragged row is cut to the header's width, or padded with nulls)
    rownums  the source record number of each row (CSV: the header is record 1;
             spreadsheets: the sheet's row number)
    ragged   {index in the batch: every cell} of the rows whose width differs from the header
    blank    record numbers of the blank rows met while this batch was read (not in `columns`)
    typed    True when the loader gave typed cells: `values(i)` returns them (kept as the
             loader's rows, or column-wise in `cells` when the loader reads columns)
    nondata  {index in the batch: kind} of the rows that are not records (totals, notes,
             repeated headers, section titles), set by the engine before any analysis
             sees the batch (`auditor.rowkinds`)
    """

    __slots__ = ("labels", "columns", "rownums", "ragged", "blank", "typed", "nondata", "repeats", "_records",
                 "_cells", "_distinct")

    def __init__(self, labels: list[str], columns: list[pa.Array], rownums: list[int],
                 ragged: dict[int, list] | None = None, blank: list[int] | None = None,
                 records: list[Record] | None = None, typed: bool = False, cells: list | None = None):
        self.labels = labels
        self.columns = columns
        self.rownums = rownums
        self.ragged = ragged or {}
        self.blank = blank or []
        self.typed = typed
        self.nondata: dict[int, str] = {}
        self.repeats: RepeatedValues | None = None  # the table's memory of which columns repeat (the engine's)
        self._records = records
        self._cells = cells  # typed cells column by column (one sequence per label), or None
        self._distinct: dict[int, tuple[pa.Array, np.ndarray] | None] = {}

    def __len__(self) -> int:
        return len(self.rownums)

    def distinct(self, i: int) -> tuple[pa.Array, np.ndarray] | None:
        """Column i as (its distinct values, the index of each cell's value, -1 for a null) when
        its values repeat, else None. Made once per batch and shared, so every analysis and
        rule that judges a district or status column value by value pays one encoding."""
        if self.repeats is None or i >= len(self.columns):
            return None
        if i not in self._distinct:
            self._distinct[i] = self.repeats.encode(i, self.columns[i])
        return self._distinct[i]

    @classmethod
    def from_records(cls, labels: list[str], records: list[Record], blank: list[int] | None = None,
                     typed: bool = True) -> ColumnBatch:
        """Pack Python rows (already known to be data rows) into a batch."""
        ncols = len(labels)
        ragged = {j: cells for j, (_, cells) in enumerate(records) if len(cells) != ncols}
        if ragged:
            fitted = [c if len(c) == ncols else (list(c[:ncols]) + [None] * (ncols - len(c))) for _, c in records]
        else:
            fitted = [c for _, c in records]
        if fitted and ncols:
            columns = [text_array(list(col)) for col in zip(*fitted, strict=True)]
        else:
            columns = [pa.array([], type=pa.string()) if not fitted else pa.nulls(len(fitted), pa.string())
                       for _ in range(ncols)]
        return cls(labels, columns, [r for r, _ in records], ragged, blank, records, typed)

    def values(self, i: int) -> list:
        """Column i's cells as the loader gave them (typed for spreadsheets); None past a short row."""
        if self._cells is not None:
            return list(self._cells[i])
        if self._records is not None and self.typed:
            return [c[i] if len(c) > i else None for _, c in self._records]
        return self.columns[i].to_pylist()

    def value(self, i: int, j: int):
        """One cell (column i, row j) as the loader gave it."""
        if self._cells is not None:
            return self._cells[i][j]
        if self._records is not None:
            cells = self._records[j][1]
            return cells[i] if len(cells) > i else None
        return self.columns[i][j].as_py()

    def row(self, j: int) -> list:
        """Every cell of row j (all of a ragged row's cells)."""
        if j in self.ragged:
            return self.ragged[j]
        if self._records is not None:
            return self._records[j][1]
        if self._cells is not None:
            return [col[j] for col in self._cells]
        return [col[j].as_py() for col in self.columns]

    def rows(self) -> list[Record]:
        """The batch as (record number, cells) pairs: for row-wise rules (the adapter)."""
        if self._records is not None:
            return self._records
        if not self.columns:
            return [(r, []) for r in self.rownums]
        cells = self._cells if self._cells is not None else [c.to_pylist() for c in self.columns]
        out = list(zip(self.rownums, map(list, zip(*cells, strict=True)), strict=True))
        for j, wide in self.ragged.items():
            out[j] = (out[j][0], wide)
        return out


def pack(labels: list[str], records: Iterable[Record], grid: bool, size: int = PACK_ROWS,
         typed: bool = True, last: list[int] | None = None) -> Iterator[ColumnBatch]:
    """Group a loader's records into batches of data rows; blank rows are only numbered.
    Spreadsheet rows are fitted to the header: trailing empty cells are layout, not ragged data.
    `last[0]` follows the last record read. When the records break mid-stream, the rows read
    so far still come as a batch before the error."""
    ncols = len(labels)
    rows: list[Record] = []
    blank: list[int] = []
    rownum = 0
    try:
        for rownum, cells in records:
            if grid and len(cells) != ncols:
                cells = fit(cells, ncols)
            if is_blank(cells):
                blank.append(rownum)
                if len(blank) < size:
                    continue
            else:
                rows.append((rownum, cells))
            if len(rows) >= size or len(blank) >= size:  # a million blank rows come as batches too
                if last is not None:
                    last[0] = rownum
                yield ColumnBatch.from_records(labels, rows, blank, typed)
                rows, blank = [], []
    except Exception:
        if last is not None:
            last[0] = rownum
        if rows or blank:
            yield ColumnBatch.from_records(labels, rows, blank, typed)
        raise
    if last is not None:
        last[0] = rownum
    if rows or blank:
        yield ColumnBatch.from_records(labels, rows, blank, typed)


def fit(cells: list, ncols: int) -> list:
    """A spreadsheet row to the header's width: a short one padded with "", trailing empty cells
    past the width dropped (layout); what is still wider is a ragged row."""
    if len(cells) < ncols:
        return list(cells) + [""] * (ncols - len(cells))
    end = len(cells)
    while end > ncols and cells[end - 1] in ("", None):
        end -= 1
    return list(cells[:end])
