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


class TableStats:
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
        n = len(cells)
        seen = set(cells)
        if n and seen.isdisjoint(self.missing_tokens):
            if n != self.ncols:
                self._ragged(rownum, n)
            self.rows += 1
            self._flush_blank()
            return True
        missing = self.missing_tokens
        if n == 0 or (seen <= missing and not any(str(v).strip() for v in cells)):
            self._blank(rownum)
            return False
        if n != self.ncols:
            self._ragged(rownum, n)
        self.rows += 1
        self._flush_blank()
        ncols = self.ncols
        for token in seen & missing:  # list.index scans in C: cheap when a row has few gaps
            i = -1
            while True:
                try:
                    i = cells.index(token, i + 1, ncols)
                except ValueError:
                    break
                if token is None or not str(token).strip():
                    self.empty[i] += 1
                else:
                    self.placeholders[i][token] += 1
                    first = self.placeholder_first[i]
                    if len(first) < FIRST_ROWS:
                        first.append(rownum)
        return True

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
        if self._pending_blank:
            self.blank_rows += self._pending_blank
            self.blank_first.extend(self._pending_first[: FIRST_ROWS - len(self.blank_first)])
            self._pending_blank = 0
            self._pending_first = []

    def missing(self, i: int) -> int:
        """Empty cells plus placeholder values in column i."""
        return self.empty[i] + sum(self.placeholders[i].values())

    def missing_share(self, i: int) -> float:
        return self.missing(i) / self.rows if self.rows else 0.0
