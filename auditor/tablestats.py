"""The shared profile of one table, built in the engine's single streaming pass.

Structural and completeness rules judge these counts in their `end` hook
instead of each walking every cell again. Counts are exact; only the lists of
example row numbers are bounded, so memory does not grow with the rows.
"""
from __future__ import annotations

from collections import Counter

# Values that stand for "missing" in government tables (DESIGN §5 CP003), besides ''.
DEFAULT_PLACEHOLDERS = frozenset({
    "/", "-", "--", "—", "——", "－", "／", "无", "暂无", "空", "未知", "不详",
    "N/A", "n/a", "NA", "#N/A", "null", "NULL", "Null", "None", "none", "nan", "NaN",
})
FIRST_ROWS = 5


_BLANKS = frozenset({"", None})


class TableStats:
    """Per-table counts. Rows are classified one by one (blank, ragged, data) by
    `observe`; the per-column empties and placeholders are counted column-wise over
    the engine's batches of data rows (`count_batch`) with C-level transposition and
    counting, so a row costs a few hundred nanoseconds."""

    __slots__ = (
        "ncols", "grid", "rows", "blank_rows", "blank_first", "ragged_rows", "ragged_first",
        "ragged_widths", "empty", "placeholders", "missing_tokens", "_pending_blank",
        "_pending_first", "placeholder_first", "last_row",
    )

    def __init__(self, ncols: int, grid: bool, placeholders=DEFAULT_PLACEHOLDERS):
        self.ncols = ncols
        self.grid = grid
        self.rows = 0
        self.blank_rows = 0
        self.blank_first: list[int] = []
        self.ragged_rows = 0
        self.ragged_first: list[int] = []
        self.ragged_widths: Counter = Counter()
        self.empty = [0] * ncols
        self.placeholders: list[Counter] = [Counter() for _ in range(ncols)]
        self.placeholder_first: list[list[int]] = [[] for _ in range(ncols)]
        self.missing_tokens = frozenset(placeholders) | {"", " ", "  ", "\t", None}
        self._pending_blank = 0
        self._pending_first: list[int] = []
        self.last_row = 0

    def observe(self, rownum: int, cells: list) -> bool:
        """Count one record; return True when it is a data row (not blank)."""
        self.last_row = rownum
        if not any(cells) or (cells[0] in _BLANKS or cells[0].__class__ is str and cells[0].isspace()) and _blank(cells):
            self._blank(rownum)
            return False
        self.rows += 1
        if self._pending_blank:
            self._flush_blank()
        if len(cells) != self.ncols:
            self._ragged(rownum, len(cells))
            self._count_row(rownum, cells[: self.ncols])
        return True

    def count_batch(self, batch: list[tuple[int, list]]) -> None:
        """Count empties and placeholders of a batch of data rows, column by column.
        The engine calls it for every batch; ragged rows were counted one by one."""
        ncols = self.ncols
        even = [(r, c) for r, c in batch if len(c) == ncols]
        if not even:
            return
        rownums = [r for r, _ in even]
        missing = self.missing_tokens
        for i, column in enumerate(zip(*[c for _, c in even])):
            tally = Counter(column)
            for token in missing.intersection(tally):
                self._tally(i, token, tally[token], column, rownums)

    def _count_row(self, rownum: int, cells: list) -> None:
        for i, v in enumerate(cells):
            if v in self.missing_tokens:
                self._tally(i, v, 1, cells[i:i + 1], [rownum])

    def _tally(self, i: int, token, n: int, column, rownums: list[int]) -> None:
        if token is None or not str(token).strip():
            self.empty[i] += n
            return
        self.placeholders[i][token] += n
        first = self.placeholder_first[i]
        at = -1
        while len(first) < FIRST_ROWS:
            try:
                at = column.index(token, at + 1)
            except ValueError:
                break
            first.append(rownums[at])
        if len(first) > 1 and first[-2] > first[-1]:
            first.sort()

    def _ragged(self, rownum: int, n: int) -> None:
        self.ragged_rows += 1
        self.ragged_widths[n] += 1
        if len(self.ragged_first) < FIRST_ROWS:
            self.ragged_first.append(rownum)

    def _blank(self, rownum: int) -> None:
        if self.grid:  # a spreadsheet's trailing blank rows are layout, not data
            self._pending_blank += 1
            if len(self._pending_first) < FIRST_ROWS:
                self._pending_first.append(rownum)
        else:
            self.blank_rows += 1
            if len(self.blank_first) < FIRST_ROWS:
                self.blank_first.append(rownum)

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


def _blank(cells: list) -> bool:
    """Every cell empty or white space (the row's first cell already is)."""
    return all(v is None or (v.__class__ is str and (not v or v.isspace())) for v in cells)
