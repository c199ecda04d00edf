"""One shared scan per table for every sensitive-field rule: the `SensitiveScan` analysis.

Every SF rule requires it (`requires = (SensitiveScan,)`); the engine makes one per
table, configures it from the options of exactly those rules, feeds it every batch and
hands the finished scan to their `end` hooks as `results[SensitiveScan]`. So a row is
read once however many detectors are on.

Per row the cost is kept tiny: the row is joined, encoded and translated
byte-wise (see `_trigger_table`), and four substring tests decide whether anything
identifier-shaped can be there (an 11-long digit run, 000-0000, '@' or a mask, a
plate). Only rows that pass are tokenised. Columns whose header announces
personal data that no pattern can see (names, addresses, dates of birth,
passports, local phone numbers) are judged cell by cell.

Tallies keep counts, the first row numbers and redacted examples only: memory
does not grow with the rows, and no raw value is kept.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.analysis import Analysis
from auditor.redact import fingerprint, redact

from .detectors import (
    HEADER_KIND, LOOKALIKE, Context, Hit, cue_before, judge_context_cell, judge_digits, judge_token, tokens,
)
from .detectors import table_contexts
from .masking import UNMASKED, MaskPolicy

if TYPE_CHECKING:  # pragma: no cover
    from auditor.dataset import DatasetView, TableView

FIRST_ROWS = 10
EXAMPLES = 5
FINGERPRINTS = 10
# Header kinds whose columns are judged cell by cell: nothing in the row prefilter sees them.
CELL_KINDS = frozenset({"phone", "passport", "name", "address", "home", "dob", "card"})


def _trigger_table() -> bytes:
    """Byte map for the row prefilter: digits, capitals and x → '0' (so an ID, a mobile, a
    card, a credit code and an x-masked number are all an 11-long run), '@', '*' and
    the lead byte of '×' → '@', space and '-' → '-', other multibyte characters → '~'
    (their continuation bytes are deleted, so a plate 京A12345 reads '~000000'), any
    other ASCII → '.', the cell separator → '|'."""
    table = bytearray(b"." * 256)
    for b in b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZx":
        table[b] = ord("0")
    for b in range(0xC0, 0x100):
        table[b] = ord("~")
    for b in (ord("@"), ord("*"), 0xC3):
        table[b] = ord("@")
    table[ord(" ")] = table[ord("-")] = ord("-")
    table[0x1F] = ord("|")
    table[0x1E] = ord("/")
    return bytes(table)


_TRIGGER_TABLE = _trigger_table()
_CONTINUATION = bytes(range(0x80, 0xC0))
_TRIGGERS = (b"00000000000", b"000-0000", b"@", b"~000000")
SEP = "\x1f"
ROW_SEP = "\x1e"


def _triggered_cells(b: bytes) -> list[int]:
    """Indexes of the cells where a prefilter pattern occurs (cells are '|'-separated in b)."""
    found = set()
    for pattern in _TRIGGERS:
        at = b.find(pattern)
        while at >= 0:
            found.add(b.count(b"|", 0, at))
            end = b.find(b"|", at)
            at = b.find(pattern, end) if end >= 0 else -1
    return sorted(found)


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
        state = hit.state
        self.counts[state] += 1
        if state == LOOKALIKE:
            return
        if hit.birth:
            self.birth_visible += 1
        if hit.cued and state == UNMASKED:
            self.cued += 1
        rows = self.rows.setdefault(state, [])
        if len(rows) < FIRST_ROWS and (not rows or rows[-1] != rownum):
            rows.append(rownum)
        examples = self.examples.setdefault(state, [])
        if len(examples) < EXAMPLES:  # a birth date shows nothing: its last 4 are month and day
            examples.append("*" * len(hit.value) if hit.kind == "dob" else redact(hit.value))
        if state == UNMASKED and len(self.fingerprints) < FINGERPRINTS:
            fp = fingerprint(hit.value)
            if fp not in self.fingerprints:
                self.fingerprints.append(fp)

    def share(self) -> float:
        """Share of identifier-shaped values that passed their checks."""
        valid = self.counts[UNMASKED]
        shaped = valid + self.counts[LOOKALIKE]
        return valid / shaped if shaped else 0.0


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
      options_for(rule class) -> dict   the effective options of a requiring rule, else its defaults
    """

    name = "sensitive-scan"

    def __init__(self, table: "TableView", ds: "DatasetView"):
        super().__init__(table, ds)
        self.today = ds.as_of
        self.policy = MaskPolicy()
        self.terms: dict[str, list[str]] = {}
        self.wanted: frozenset = frozenset()
        self.tallies: dict[tuple[int, str], Tally] = {}
        self.ncols = len(table.columns)
        self.text_cells = not table.grid
        self.rule_options: dict[type, dict] = {}
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

    def options_for(self, rule: type) -> dict:
        """The effective options of `rule` when it takes part in this scan, else its defaults."""
        return self.rule_options.get(rule) or dict(getattr(rule, "options", {}))

    def columns(self, batch) -> None:
        self.rows(batch.rows())

    def finish(self) -> "SensitiveScan":
        return self

    def _prepare(self) -> None:
        self._ready = True
        labels = self.table.columns
        self.contexts = table_contexts(labels, self.terms, self.today, self.policy)
        self.header = [c.kinds for c in self.contexts]
        self.bare = Context(frozenset(), self.today, self.policy)
        cell_kinds = CELL_KINDS & self.wanted
        self.cell_cols = [(i, self.contexts[i]) for i, k in enumerate(self.header) if k & cell_kinds]

    # -- the batch hook --------------------------------------------------------
    def rows(self, batch: list) -> None:
        """Prefilter a whole batch at once: one join, encode and translate in C, then only
        the rows where a trigger occurs go through `row`. Columns judged cell by cell, and
        spreadsheet rows, take the row-by-row path."""
        if not self._ready:
            self._prepare()
        if self.cell_cols or not self.text_cells:
            for rownum, cells in batch:
                self.row(rownum, cells)
            return
        try:
            text = ROW_SEP.join([SEP.join(cells) for _, cells in batch])
        except TypeError:  # a table with non-string cells (numbers from RDF or JSON-LD)
            text = "＊"  # take the row-by-row path below
        # A separator byte inside a cell (0x1F, 0x1E) would shift the cell or row index: such a
        # batch takes the row-by-row path, where a row with one is scanned cell by cell.
        if ("＊" in text or "●" in text or text.count(ROW_SEP) != len(batch) - 1
                or text.count(SEP) != sum(len(cells) - 1 for _, cells in batch if cells)):
            for rownum, cells in batch:
                self.row(rownum, cells)
            return
        b = text.encode("utf-8", "surrogatepass").translate(_TRIGGER_TABLE, _CONTINUATION)
        hot_rows = set()  # byte positions of triggers
        for pattern in _TRIGGERS:
            at = b.find(pattern)
            while at >= 0:
                hot_rows.add(at)
                end = b.find(b"/", at)
                at = b.find(pattern, end) if end >= 0 else -1
        index, pos = 0, 0
        for at in sorted(hot_rows):  # positions in order: count row separators incrementally
            if at < pos:
                continue  # another trigger in a row already scanned
            index += b.count(b"/", pos, at)
            pos = at
            rownum, cells = batch[index]
            self.row(rownum, cells)
            pos = b.find(b"/", at)  # one call per row, however many triggers it holds
            if pos < 0:
                break
            index += 1
            pos += 1

    # -- the row hook ----------------------------------------------------------
    def row(self, rownum: int, cells: list) -> None:
        if not self._ready:
            self._prepare()
        try:
            text = SEP.join(cells) if self.text_cells else SEP.join(map(str, cells))
        except TypeError:
            text = SEP.join(map(str, cells))
        if "＊" in text or "●" in text or text.count(SEP) != len(cells) - 1:  # a 0x1F inside a cell: each cell
            hot = range(len(cells))
        else:
            b = text.encode("utf-8", "surrogatepass").translate(_TRIGGER_TABLE, _CONTINUATION)
            if b"00000000000" in b or b"000-0000" in b or b"@" in b or b"~000000" in b:
                hot = _triggered_cells(b)
            else:
                hot = ()
        if hot:
            self._scan_cells(rownum, cells, hot)
        if self.cell_cols and len(cells) == self.ncols:
            for i, ctx in self.cell_cols:
                if i in hot:
                    continue
                value = cells[i]
                if value != "" and value is not None:
                    for hit in judge_context_cell(value, ctx):
                        self._add(i, rownum, hit)

    def _scan_cells(self, rownum: int, cells: list, which) -> None:
        """Tokenise the cells the prefilter pointed at, each judged under its column's header."""
        n = len(cells)
        ragged = n != self.ncols
        for i in which:
            value = cells[i]
            text = value if isinstance(value, str) else str(value)
            ctx = self.bare if ragged or i >= self.ncols else self.contexts[i]
            if text.isdecimal() and len(text) >= 7:  # the whole cell is one number: no tokenising
                hits = judge_digits(text, ctx) if text.isascii() else []
            else:
                hits = [hit for at, kind, token in tokens(text)
                        for hit in judge_token(kind, token, ctx, cue_before(text, at))] if len(text) > 5 else []
            if not hits and not ragged and ctx.kinds & CELL_KINDS:
                hits = judge_context_cell(value, ctx)  # e.g. a masked name 张* set off the prefilter
            for hit in hits:
                self._add(self._column_for(i, n, hit.kind) if ragged else i, rownum, hit)

    def _column_for(self, i: int, n: int, kind: str) -> int:
        """Which column a cell of a ragged row belongs to. Extra fields usually come from
        unquoted separators inside one text column: cells before it align from the left,
        cells after it from the right; the header's context decides between the two."""
        shift = n - self.ncols
        if shift < 0:  # a short row: the missing fields are at the end
            return i
        left = i if i < self.ncols else None
        right = i - shift if 0 <= i - shift < self.ncols else None
        if left is None or right is None or left == right:
            return left if right is None else right if left is None else left
        support = HEADER_KIND.get(kind)
        if support in self.header[left] and support not in self.header[right]:
            return left
        return right

    def _add(self, i: int, rownum: int, hit: Hit) -> None:
        key = (i, hit.kind)
        tally = self.tallies.get(key)
        if tally is None:
            tally = self.tallies[key] = Tally()
        tally.add(rownum, hit)

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
