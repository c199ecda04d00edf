"""Rows inside a table's body that are not records: totals, notes, repeated headers, section titles.

Print-style government tables put a 合计 row under each block, a 注： or `Source:` line at the
foot, a second header where two tables were stacked, and section headings such as
`北京市（92所）` (a merged row naming the group of records below it). A person skips them; a
program counts them as records. The engine classifies every batch's rows once, before the
analyses see it (`batch.nondata`), so MR012 reports them and the completeness and value counts
leave them out: a section heading is not a row with eleven missing values.

Cheap by construction: a vectorised prefilter over the first two columns and the number of
filled cells per row picks the few candidate rows; only those are looked at in Python.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np
import pyarrow.compute as pc

from . import lazyre
from .arrowtext import SPACE_CHARS, FirstChars, arrow_indices
from .arrowtext import filled as cells_filled
from .loaders.header import merged_boxes
from .valuetypes import TEXT, classify

if TYPE_CHECKING:  # pragma: no cover
    from .batch import ColumnBatch
    from .dataset import TableView

TOTAL, NOTE, HEADER, SECTION = "total", "note", "header", "section"
KINDS = (TOTAL, NOTE, HEADER, SECTION)

# Total words. Chinese ones open a cell (合计（万元）); Latin ones are the whole cell or are
# followed by punctuation, so "Total Energies Ltd" stays a company.
_TOTAL_CJK = r"合\s*计|总\s*计|小\s*计|共\s*计|总和|累\s*计|總\s*計|合\s*計|小\s*計"
_TOTAL_LATIN = (
    r"grand\s+total|sub-?totaal|sub-?total|totals?|totaal|totale|totaux|gesamt(?:summe)?|insgesamt|summe"
    r"|sum|totalt|suma|somme|total\s+g[eé]n[eé]ral"
)
_TOTAL = lazyre.compile(rf"^\s*(?:(?:{_TOTAL_CJK})|(?:{_TOTAL_LATIN})(?:\s*$|\s*[:：(（,]))", re.IGNORECASE)
# Notes and sources at the foot of a table, in the languages of the portals we audit.
_NOTE_CJK = (
    r"注\s*[：:\d①-⑩（(]|注\s|备\s*注\s*[：:]|说\s*明\s*[：:]|数据来源|资料来源|来源\s*[：:]|填表说明|制表|\*\s*注"
)
_NOTE_LATIN = (
    r"notes?|nota|notas|remarques?|anmerkung(?:en)?|opmerking(?:en)?|sources?|fuentes?|quellen?|bron"
    r"|fontes?|footnotes?"
)
_NOTE = lazyre.compile(rf"^\s*(?:(?:{_NOTE_CJK})|(?:{_NOTE_LATIN})\s*[:：])", re.IGNORECASE)
_MARKER_RE2 = "(?i)^\\s*(?:" + "|".join((_TOTAL_CJK, _TOTAL_LATIN, _NOTE_CJK, _NOTE_LATIN)) + ")"
_ROW_NUMBER = lazyre.compile(r"^\s*\d{1,6}\.?\s*$")


def _first_letters(*alternations: str) -> str:
    """The characters a marker can start with: the first of each alternative in both cases (and
    the two non-ASCII letters RE2's case folding maps onto ASCII ones), or white space."""
    firsts = {alt[1] if alt.startswith("\\") else alt[0] for words in alternations for alt in words.split("|")}
    folded = {c.upper() for c in firsts} | {{"s": "\u017f", "k": "\u212a"}.get(c, c) for c in firsts}
    return "".join(sorted(firsts | folded | set(SPACE_CHARS)))


_MARKER_START = FirstChars(_first_letters(_TOTAL_CJK, _TOTAL_LATIN, _NOTE_CJK, _NOTE_LATIN))


def _marked(col) -> np.ndarray:
    """Cells opening with a total or note word: the first two bytes pick the candidates (in
    numpy), the regex decides on those."""
    found = _MARKER_START.may_start(col)
    if found.any():
        at = np.flatnonzero(found)
        hits = pc.fill_null(pc.match_substring_regex(col.take(arrow_indices(at)), _MARKER_RE2), False)
        found[at] = hits.to_numpy(zero_copy_only=False)
    return found
SECTION_SHARE = 0.1  # more single-cell rows than this in a batch: a sparse table, not sections


def _norm(v) -> str:
    return " ".join(str(v).split()) if v is not None else ""


def _wide_merges(merged: tuple[str, ...], width: int) -> list[tuple[int, int]]:
    """(first row, last row) of the horizontal merges across at least half of the table's columns."""
    return [(r0, r1) for c0, r0, c1, r1 in merged_boxes(merged) if c1 - c0 + 1 >= max(2, width // 2)]


class RowKinds:
    """Classifies the rows of one table's batches; `counts` and `first` sum up what it found."""

    def __init__(self, table: TableView):
        self.labels = [_norm(label) for label in table.columns]
        self.width = len(self.labels)
        self.label0 = self.labels[0] if self.labels else ""
        self.merged = _wide_merges(table.merged_ranges, self.width) if table.merged_ranges else []
        self.counts: Counter = Counter()
        self.first: dict[str, list[int]] = {kind: [] for kind in KINDS}

    def classify(self, batch: ColumnBatch) -> dict[int, str]:
        """{index in the batch: kind} for the batch's rows that are not records."""
        n = len(batch)
        if not n or not batch.columns:
            return {}
        filled = np.zeros(n, dtype=np.int32)
        for col in batch.columns:
            filled += cells_filled(col)
        candidate = filled == 1
        if candidate.sum() > SECTION_SHARE * n and not self.merged:
            candidate[:] = False  # a sparse table: single-cell rows are its records
        for col in batch.columns[:2]:
            candidate |= _marked(col)
        if self.label0:
            head = pc.utf8_trim_whitespace(batch.columns[0])
            candidate |= pc.fill_null(pc.equal(head, self.label0), False).to_numpy(zero_copy_only=False)
        merged = np.zeros(n, dtype=bool)
        if self.merged:  # vectorised over the batch's record numbers, whatever rows a merge claims
            rownums = np.asarray(batch.rownums)
            for r0, r1 in self.merged:
                merged |= (rownums >= r0) & (rownums <= r1)
            candidate |= merged
        typical = int(np.median(filled)) if n else 0
        found: dict[int, str] = {}
        self._batch, self._filled = batch, filled
        for j in np.flatnonzero(candidate):
            kind = self._kind(batch.row(int(j)), bool(merged[j]), int(filled[j]), typical)
            if kind:
                found[int(j)] = kind
                self.counts[kind] += 1
                first = self.first[kind]
                if len(first) < 5:
                    first.append(batch.rownums[int(j)])
        return found

    def _kind(self, cells: list, in_merge: bool, filled: int, typical: int) -> str | None:
        texts = [_norm(v) for v in cells]
        head = texts[0] if texts else ""
        second = texts[1] if len(texts) > 1 else ""
        if _TOTAL.match(head) or (second and _TOTAL.match(second) and (not head or _ROW_NUMBER.match(head))):
            return TOTAL
        if _NOTE.match(head) and filled <= max(2, typical // 2):
            return NOTE
        if head and self._repeats_header(texts):
            return HEADER
        if filled == 1 and typical >= 3:
            value = next(v for v in cells if _norm(v))
            position = next(i for i, t in enumerate(texts) if t)
            if in_merge or (
                isinstance(value, str)
                and classify(value) == TEXT
                and position <= 1
                and not self._is_column_value(position, value)
            ):
                return SECTION
        return None

    def _is_column_value(self, i: int, value: str) -> bool:
        """The value also fills column i of fuller rows: a record with gaps, not a heading."""
        if i >= len(self._batch.columns):
            return False
        same = pc.fill_null(pc.equal(self._batch.columns[i], value), False).to_numpy(zero_copy_only=False)
        return bool((same & (self._filled > 1)).any())

    def _repeats_header(self, texts: list[str]) -> bool:
        named = [(i, label) for i, label in enumerate(self.labels) if label]
        if len(named) < 2:
            return False
        same = sum(1 for i, label in named if i < len(texts) and texts[i] == label)
        return same >= max(2, 0.6 * len(named))
