"""One shared scan per table for every sensitive-field rule: the `SensitiveScan` analysis.

Every SF rule requires it (`requires = (SensitiveScan,)`); the engine makes one per
table, configures it from the options of exactly those rules, feeds it every batch and
hands the finished scan to their `end` hooks as `results[SensitiveScan]`. So a cell is
read once however many detectors are on.

Each column of a batch is scanned as a whole (vectorised.scan_column): masked and
unmasked identifiers are classified and checked in C and numpy, and only the few
other candidate cells are judged in Python. A column whose values repeat (districts,
statuses, masked names) is judged once per distinct value (vectorised.RepeatedScan).
Rows with more or fewer cells than the header (ragged) are judged cell by cell without
header context, each hit assigned to the column it most likely belongs to.

Tallies keep counts, the first row numbers and redacted examples only: memory
does not grow with the rows, and no raw value is kept.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from auditor.analysis import Analysis
from auditor.arrowtext import RepeatedValues, arrow_mask
from auditor.redact import fingerprint, redact

from .detectors import CELL_KINDS, HEADER_KIND, LOOKALIKE, Context, Hit, judge_cell, table_contexts
from .masking import UNMASKED, MaskPolicy
from .vectorised import HitGroup, RepeatedScan, scan_column

if TYPE_CHECKING:  # pragma: no cover
    from auditor.batch import ColumnBatch
    from auditor.dataset import DatasetView, TableView

FIRST_ROWS = 10
EXAMPLES = 5
FINGERPRINTS = 10


@dataclass
class Tally:
    """What one column holds of one kind: exact counts per mask state, a few rows and examples."""

    counts: Counter = field(default_factory=Counter)
    rows: dict = field(default_factory=dict)        # state -> first row numbers
    examples: dict = field(default_factory=dict)    # state -> redacted examples
    fingerprints: list = field(default_factory=list)
    birth_visible: int = 0
    cued: int = 0  # unmasked values named by the words before them (卡号6212...)

    def add(self, rownum: int, hit: Hit) -> None:
        self._add(hit.kind, hit.state, 1, [rownum], [hit.value], int(hit.birth), int(hit.cued))

    def add_group(self, group: HitGroup, rownums: np.ndarray) -> None:
        """Every hit of a column's batch of one (kind, state) at once: counts by numpy, and
        only as many values read as there are examples and fingerprints still to take."""
        n = len(group)
        if not n:
            return
        rows = rownums[group.positions]
        first = rows[np.flatnonzero(np.diff(rows, prepend=-1) != 0)[:FIRST_ROWS]].tolist()
        self._add(group.kind, group.state, n, first, group.values, int(group.birth.sum()), int(group.cued.sum()))

    def _add(self, kind: str, state: str, n: int, first_rows: list, values, birth: int, cued: int) -> None:
        self.counts[state] += n
        if state == LOOKALIKE:
            return
        self.birth_visible += birth
        if state == UNMASKED:
            self.cued += cued
        rows = self.rows.setdefault(state, [])
        if len(rows) < FIRST_ROWS or first_rows[0] < rows[-1]:
            self.rows[state] = sorted(set(rows).union(first_rows))[:FIRST_ROWS]
        examples = self.examples.setdefault(state, [])
        if len(examples) < EXAMPLES:  # a birth date shows nothing: its last 4 are month and day
            for value in _head(values, EXAMPLES - len(examples)):
                examples.append("*" * len(value) if kind == "dob" else redact(value))
        if state == UNMASKED and len(self.fingerprints) < FINGERPRINTS:
            self._fingerprint(values)

    def _fingerprint(self, values) -> None:
        """The first distinct values' fingerprints, reading values in growing slices."""
        start, size, total = 0, 64, len(values)
        while start < total and len(self.fingerprints) < FINGERPRINTS:
            for value in _head(values, size, start):
                fp = fingerprint(value)
                if fp not in self.fingerprints:
                    self.fingerprints.append(fp)
                    if len(self.fingerprints) >= FINGERPRINTS:
                        return
            start, size = start + size, size * 8

    def share(self) -> float:
        """Share of identifier-shaped values that passed their checks."""
        valid = self.counts[UNMASKED]
        shaped = valid + self.counts[LOOKALIKE]
        return valid / shaped if shaped else 0.0


def _head(values, n: int, start: int = 0) -> list:
    if isinstance(values, pa.Array):
        return values.slice(start, n).to_pylist()
    return list(values[start:start + n])


@dataclass
class ColumnResult:
    index: int
    label: str
    kinds: frozenset   # what the header announces
    tally: Tally

    def supported(self, kind: str) -> bool:
        return HEADER_KIND.get(kind) in self.kinds or (kind == "passport" and "id" in self.kinds)


class SensitiveScan(Analysis):
    """The sensitive-field scan of one table, shared by every SF rule.

    Interface (what rules use; the internals may change):
      configure({rule class: options})  each requiring rule class may define the classmethods
                                        `scan_terms(opts)` -> {header kind: [extra header words]},
                                        `scan_wants(opts)` -> header kinds it reports on (None: all),
                                        `scan_policy(opts)` -> MaskPolicy or None
      columns(batch)                    every ColumnBatch (ragged rows with all their cells)
      finish() -> self
      results(kind) -> [ColumnResult]   per column: its index, label, header kinds and Tally
      reporting(rule class) -> bool     whether that rule is active here (its findings are reported)
      options_for(rule class) -> dict   the effective options of a requiring rule, else its defaults
    """

    name = "sensitive-scan"

    def __init__(self, table: TableView, ds: DatasetView):
        super().__init__(table, ds)
        self.today = ds.as_of
        self.policy = MaskPolicy()
        self.terms: dict[str, list[str]] = {}
        self.wanted: frozenset = frozenset()
        self.tallies: dict[tuple[int, str], Tally] = {}
        self.ncols = len(table.columns)
        self.repeated = RepeatedValues()  # columns whose values repeat are judged value by value
        self.repeated_scans: dict[int, RepeatedScan] = {}
        self._ready = False

    def configure(self, options: dict[type, dict]) -> None:
        self.rule_options = dict(options)
        for rule, opts in options.items():
            for kind, words in (getattr(rule, "scan_terms", lambda o: {})(opts) or {}).items():
                self.terms.setdefault(kind, []).extend(words)
            wants = getattr(rule, "scan_wants", lambda o: None)(opts)
            self.wanted |= CELL_KINDS if wants is None else frozenset(wants)
            policy = getattr(rule, "scan_policy", lambda o: None)(opts)
            if policy is not None:
                self.policy = policy

    def reporting(self, rule: type) -> bool:
        return rule in self.rule_options

    def options_for(self, rule: type) -> dict:
        """The effective options of `rule` when it takes part in this scan, else its defaults."""
        return self.rule_options.get(rule) or dict(getattr(rule, "options", {}))

    def finish(self) -> SensitiveScan:
        return self

    def _prepare(self) -> None:
        self._ready = True
        self.contexts = table_contexts(self.table.columns, self.terms, self.today, self.policy)
        self.header = [c.kinds for c in self.contexts]
        self.bare = Context(frozenset(), self.today, self.policy)
        self.context_cells = [bool(k & CELL_KINDS & self.wanted) for k in self.header]

    # -- the batch hook --------------------------------------------------------
    def columns(self, batch: ColumnBatch) -> None:
        if not self._ready:
            self._prepare()
        if batch.repeats is None:  # a batch made outside the engine (audit fix): this scan learns for it
            batch.repeats = self.repeated
        rownums = np.asarray(batch.rownums, dtype=np.int64)
        ragged_rows = list(batch.ragged)  # judged apart, with all their cells: here their cells count as null
        ragged = None
        if ragged_rows:
            ragged = np.zeros(len(batch), dtype=bool)
            ragged[ragged_rows] = True
            ragged = arrow_mask(ragged)
        for i, column in enumerate(batch.columns[:self.ncols]):
            repeated = batch.distinct(i)
            if repeated is None:
                if ragged is not None:
                    column = pc.if_else(ragged, pa.scalar(None, pa.string()), column)
                groups = scan_column(column, self.contexts[i], self.context_cells[i])
            else:
                values, codes = repeated
                if ragged_rows:
                    codes = codes.copy()
                    codes[ragged_rows] = -1
                groups = self.repeated_scans.setdefault(i, RepeatedScan()).scan(
                    values, codes, self.contexts[i], self.context_cells[i])
            for group in groups:
                self._tally(i, group.kind).add_group(group, rownums)
        for j in sorted(batch.ragged):
            self._ragged_row(int(rownums[j]), batch.ragged[j])

    def row_hits(self, cells: list) -> list[tuple[int, Hit]]:
        """Every hit of one row as (column index, hit), judged as the batch scan judges it:
        for callers that act on single cells (`audit fix` masks them)."""
        if not self._ready:
            self._prepare()
        n = len(cells)
        out: list[tuple[int, Hit]] = []
        for i, value in enumerate(cells):
            if value is None or value == "":
                continue
            text = value if isinstance(value, str) else str(value)
            if n == self.ncols:
                out.extend((i, hit) for hit in judge_cell(text, self.contexts[i], self.context_cells[i]))
            else:
                out.extend((self._column_for(i, n, hit.kind), hit) for hit in judge_cell(text, self.bare, False))
        return out

    def _ragged_row(self, rownum: int, cells: list) -> None:
        """A row whose width differs from the header: no header context, and each hit goes to
        the column it most likely belongs to."""
        n = len(cells)
        for i, value in enumerate(cells):
            if value is None or value == "":
                continue
            for hit in judge_cell(value if isinstance(value, str) else str(value), self.bare, False):
                self._tally(self._column_for(i, n, hit.kind), hit.kind).add(rownum, hit)

    def _column_for(self, i: int, n: int, kind: str) -> int:
        """Which column a cell of a ragged row belongs to. Extra fields usually come from
        unquoted separators inside one text column: cells before it align from the left,
        cells after it from the right; the header's context decides between the two."""
        shift = n - self.ncols
        if shift < 0:  # a short row: the missing fields are at the end
            return i
        left = i if i < self.ncols else None
        right = i - shift if 0 <= i - shift < self.ncols else None
        if left is None:
            return right if right is not None else i
        if right is None or left == right:
            return left
        support = HEADER_KIND.get(kind)
        if support in self.header[left] and support not in self.header[right]:
            return left
        return right

    def _tally(self, i: int, kind: str) -> Tally:
        key = (i, kind)
        tally = self.tallies.get(key)
        if tally is None:
            tally = self.tallies[key] = Tally()
        return tally

    # -- results -------------------------------------------------------------------
    def results(self, kind: str) -> list[ColumnResult]:
        if not self._ready:
            self._prepare()
        out = []
        for (i, k), tally in sorted(self.tallies.items()):
            if k == kind:
                label = self.table.columns[i] if i < self.ncols and self.table.columns[i] else f"#{i + 1}"
                out.append(ColumnResult(i, label, self.header[i] if i < self.ncols else frozenset(), tally))
        return out
