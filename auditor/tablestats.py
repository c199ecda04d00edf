"""The shared profile of one table: the first analysis, made by the engine for every table.

Structural and completeness rules judge these counts in their `end` hook
instead of each walking every cell again. Counts are exact; only the lists of
example row numbers are bounded, so memory does not grow with the rows.
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .analysis import Analysis

if TYPE_CHECKING:  # pragma: no cover
    from .batch import ColumnBatch
    from .dataset import DatasetView, TableView

# Values that stand for "missing" in government tables (DESIGN §5 CP003), besides ''.
DEFAULT_PLACEHOLDERS = frozenset({
    "/", "-", "--", "—", "——", "－", "／", "无", "暂无", "空", "未知", "不详",
    "N/A", "n/a", "NA", "#N/A", "null", "NULL", "Null", "None", "none", "nan", "NaN",
})
FIRST_ROWS = 5
# Cells that are empty though not '' (a lone space or tab typed into a cell).
_EMPTY_TOKENS = ("", " ", "  ", "\t")


class TableStats(Analysis):
    """Per-table counts: data, blank and ragged rows, and per column the empty cells
    and placeholder values, counted column-wise in C (`pyarrow.compute.is_in` and
    `value_counts`); only the few ragged rows are counted in Python."""

    name = "table-stats"

    def __init__(self, table: TableView, ds: DatasetView):
        super().__init__(table, ds)
        ncols = len(table.columns)
        self.ncols = ncols
        self.grid = table.grid
        self.rows = 0
        self.blank_rows = 0
        self.blank_first: list[int] = []
        self.ragged_rows = 0
        self.ragged_first: list[int] = []
        self.ragged_widths: Counter = Counter()
        self.empty = [0] * ncols
        self.placeholders: list[Counter] = [Counter() for _ in range(ncols)]
        self.placeholder_first: list[list[int]] = [[] for _ in range(ncols)]
        tokens = frozenset(getattr(ds, "placeholders", None) or DEFAULT_PLACEHOLDERS)
        self.missing_tokens = tokens | set(_EMPTY_TOKENS) | {None}
        self._empty_tokens = frozenset(t for t in self.missing_tokens if t is None or not str(t).strip())
        self._empty_set = pa.array(sorted(t for t in self._empty_tokens if t is not None), type=pa.string())
        self._token_set = pa.array(sorted(t for t in self.missing_tokens if t not in self._empty_tokens),
                                   type=pa.string())
        self._pending_blank = 0
        self._pending_first: list[int] = []

    def columns(self, batch: ColumnBatch) -> None:
        self._blanks(batch)
        n = len(batch)
        if not n:
            return
        self.rows += n
        rownums = batch.rownums
        keep = None
        if batch.ragged:
            for j, cells in sorted(batch.ragged.items()):
                self._ragged(rownums[j], len(cells))
                self._count_row(rownums[j], cells[: self.ncols])
            keep = np.ones(n, dtype=bool)
            keep[list(batch.ragged)] = False
            if not keep.any():
                return
            rownums = [r for r, k in zip(rownums, keep, strict=True) if k]
        for i, col in enumerate(batch.columns):
            if keep is not None:
                col = col.filter(pa.array(keep))
            empty = col.null_count
            if len(self._empty_set):
                empty += pc.sum(pc.is_in(col, value_set=self._empty_set)).as_py() or 0
            self.empty[i] += empty
            if not len(self._token_set):
                continue
            hit = pc.is_in(col, value_set=self._token_set)
            if not pc.any(hit).as_py():
                continue
            for entry in pc.value_counts(col.filter(hit)).to_pylist():
                self.placeholders[i][entry["values"]] += entry["counts"]
            first = self.placeholder_first[i]
            if len(first) < FIRST_ROWS:
                at = np.flatnonzero(hit.to_numpy(zero_copy_only=False))[:FIRST_ROWS]
                self.placeholder_first[i] = sorted(first + [rownums[k] for k in at])[:FIRST_ROWS]

    def _count_row(self, rownum: int, cells: list) -> None:
        for i, v in enumerate(cells):
            if v.__class__ is not str and v is not None:
                continue  # typed cells (numbers, dates) are never missing
            if v in self._empty_tokens:
                self.empty[i] += 1
            elif v in self.missing_tokens:
                self.placeholders[i][v] += 1
                first = self.placeholder_first[i]
                if len(first) < FIRST_ROWS or rownum < first[-1]:
                    self.placeholder_first[i] = sorted(first + [rownum])[:FIRST_ROWS]

    def _blanks(self, batch: ColumnBatch) -> None:
        if not batch.blank:
            return
        if not self.grid:
            self.blank_rows += len(batch.blank)
            self.blank_first.extend(batch.blank[: FIRST_ROWS - len(self.blank_first)])
            return
        # a spreadsheet's trailing blank rows are layout, not data: count a blank row
        # only once a data row follows it
        last = batch.rownums[-1] if len(batch) else None
        if last is not None and self._pending_blank:
            self._flush_blank()
        for r in batch.blank:
            if last is not None and r < last:
                self.blank_rows += 1
                if len(self.blank_first) < FIRST_ROWS:
                    self.blank_first.append(r)
            else:
                self._pending_blank += 1
                if len(self._pending_first) < FIRST_ROWS:
                    self._pending_first.append(r)

    def _ragged(self, rownum: int, n: int) -> None:
        self.ragged_rows += 1
        self.ragged_widths[n] += 1
        if len(self.ragged_first) < FIRST_ROWS:
            self.ragged_first.append(rownum)

    def _flush_blank(self) -> None:
        self.blank_rows += self._pending_blank
        self.blank_first.extend(self._pending_first[: FIRST_ROWS - len(self.blank_first)])
        self._pending_blank = 0
        self._pending_first = []

    def missing(self, i: int) -> int:
        """Empty cells plus placeholder values in column i."""
        return self.empty[i] + sum(self.placeholders[i].values())

    def missing_share(self, i: int) -> float:
        return self.missing(i) / self.rows if self.rows else 0.0
