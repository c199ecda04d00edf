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
from .arrowtext import ValueSet, arrow_mask
from .dates import SENTINEL_DATES

if TYPE_CHECKING:  # pragma: no cover
    from .batch import ColumnBatch
    from .dataset import DatasetView, TableView

# Values that stand for "missing" in government tables (DESIGN §5 CP003), besides ''.
DEFAULT_PLACEHOLDERS = frozenset({
    "/", "-", "--", "—", "——", "－", "／", "无", "暂无", "空", "未知", "不详",
    "N/A", "n/a", "NA", "#N/A", "null", "NULL", "Null", "None", "none", "nan", "NaN",
})
FIRST_ROWS = 5
# Words that stand for "missing" only when the column's other values are not words of the same
# shape: NA among two-letter codes is Napoli's plate code, None among place names is the comune
# None (TO). Each maps to the RE2 shape of its look-alike values.
AMBIGUOUS_PLACEHOLDERS = {
    "NA": "^[A-Z]{2}$", "None": "^[A-Z][a-z]+", "none": "^[a-z]+$", "null": "^[a-z]+$", "Null": "^[A-Z][a-z]+",
}
LOOKALIKE_SHARE = 0.5  # of a column's other values with the token's shape: then it is a value
# Placeholder dates (Excel's day zero, database minimums and maximums), as typed and as a
# spreadsheet's date cell prints them.
SENTINEL_TOKENS = frozenset(SENTINEL_DATES) | {d + " 00:00:00" for d in SENTINEL_DATES if "-" in d}
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
        self.nondata_rows = 0  # totals, notes, repeated headers, section titles (MR012)
        self.blank_first: list[int] = []
        self.ragged_rows = 0
        self.ragged_first: list[int] = []
        self.ragged_widths: Counter = Counter()
        self.empty = [0] * ncols
        self.placeholders: list[Counter] = [Counter() for _ in range(ncols)]
        self.placeholder_first: list[list[int]] = [[] for _ in range(ncols)]
        tokens = frozenset(getattr(ds, "placeholders", None) or DEFAULT_PLACEHOLDERS)
        self.missing_tokens = tokens | SENTINEL_TOKENS | set(_EMPTY_TOKENS) | {None}
        self._ambiguous = {t: shape for t, shape in AMBIGUOUS_PLACEHOLDERS.items() if t in tokens}
        self._ambiguous_set = pa.array(sorted(self._ambiguous), type=pa.string())
        # (column, token) -> [values of the token's shape, other filled values] where it occurred
        self._lookalike: dict[tuple[int, str], list[int]] = {}
        self._first_by_token: list[dict[str, list[int]]] = [{} for _ in range(ncols)]
        self._empty_tokens = frozenset(t for t in self.missing_tokens if t is None or not str(t).strip())
        self._empty_set = pa.array(sorted(str(t) for t in self._empty_tokens if t is not None), type=pa.string())
        self._token_set = pa.array(sorted(str(t) for t in self.missing_tokens if t not in self._empty_tokens),
                                   type=pa.string())
        self._empty_match, self._token_match = ValueSet(self._empty_set), ValueSet(self._token_set)
        self._pending_blank = 0
        self._pending_first: list[int] = []

    def columns(self, batch: ColumnBatch) -> None:
        self._blanks(batch)
        n = len(batch)
        if not n:
            return
        self.rows += n - len(batch.nondata)  # records only: totals, notes and section titles are not
        self.nondata_rows += len(batch.nondata)
        rownums = batch.rownums
        keep = None
        if batch.ragged or batch.nondata:
            for j, cells in sorted(batch.ragged.items()):
                self._ragged(rownums[j], len(cells))
                if j not in batch.nondata:
                    self._count_row(rownums[j], cells[: self.ncols])
            keep = np.ones(n, dtype=bool)
            keep[list(batch.ragged)] = False
            keep[list(batch.nondata)] = False  # totals and section titles are not records with gaps
            if not keep.any():
                return
            rownums = [r for r, k in zip(rownums, keep, strict=True) if k]
        for i, col in enumerate(batch.columns):
            if keep is not None:
                col = col.filter(arrow_mask(keep))
            empty = col.null_count
            if len(self._empty_set):
                empty += int(self._empty_match.among(col).sum())
            self.empty[i] += empty
            if not len(self._token_set):
                continue
            hit_mask = self._token_match.among(col)
            if not hit_mask.any():
                continue
            hit = arrow_mask(hit_mask)
            seen = pc.value_counts(col.filter(hit)).to_pylist()
            for entry in seen:
                self.placeholders[i][entry["values"]] += entry["counts"]
            hit_rows = np.flatnonzero(hit_mask)
            by_token = self._first_by_token[i]
            for token in {e["values"] for e in seen}:
                rows = by_token.setdefault(token, [])
                if len(rows) < FIRST_ROWS or rownums[int(hit_rows[0])] < rows[-1]:
                    at = hit_rows if len(seen) == 1 else np.flatnonzero(
                        pc.fill_null(pc.equal(col, token), False).to_numpy(zero_copy_only=False))
                    by_token[token] = sorted(rows + [rownums[int(k)] for k in at[:FIRST_ROWS]])[:FIRST_ROWS]
            if len(self._ambiguous_set) and any(e["values"] in self._ambiguous for e in seen):
                self._count_lookalikes(i, col, {e["values"] for e in seen} & set(self._ambiguous))

    def _count_lookalikes(self, i: int, col: pa.Array, tokens: set[str]) -> None:
        """For each ambiguous token met in column i: how many of the batch's other filled values
        have its shape (two-letter codes, capitalised names), and how many values there are."""
        filled = pc.fill_null(pc.greater(pc.utf8_length(col), 0), False)
        others = pc.and_(filled, pc.invert(pc.fill_null(pc.is_in(col, value_set=self._token_set), False)))
        n_others = int(pc.sum(others).as_py() or 0)
        for token in tokens:
            shaped = pc.and_(others, pc.fill_null(pc.match_substring_regex(col, self._ambiguous[token]), False))
            tally = self._lookalike.setdefault((i, token), [0, 0])
            tally[0] += int(pc.sum(shaped).as_py() or 0)
            tally[1] += n_others

    def finish(self) -> TableStats:
        """Drop the ambiguous tokens that are values in their column (NA among plate codes),
        then settle each column's first placeholder rows."""
        for (i, token), (shaped, others) in self._lookalike.items():
            if others >= 10 and shaped >= LOOKALIKE_SHARE * others:
                self.placeholders[i].pop(token, None)
                self._first_by_token[i].pop(token, None)
        for i, by_token in enumerate(self._first_by_token):
            if by_token:
                self.placeholder_first[i] = sorted(r for rows in by_token.values() for r in rows)[:FIRST_ROWS]
        return self

    def _count_row(self, rownum: int, cells: list) -> None:
        for i, v in enumerate(cells):
            if v.__class__ is not str and v is not None:
                continue  # typed cells (numbers, dates) are never missing
            if v in self._empty_tokens:
                self.empty[i] += 1
            elif isinstance(v, str) and v in self.missing_tokens:
                self.placeholders[i][v] += 1
                rows = self._first_by_token[i].setdefault(v, [])
                if len(rows) < FIRST_ROWS or rownum < rows[-1]:
                    self._first_by_token[i][v] = sorted(rows + [rownum])[:FIRST_ROWS]

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
