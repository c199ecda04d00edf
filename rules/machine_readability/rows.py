"""Rows that are not data: totals, notes and stacked sub-tables (MR012)."""
from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from auditor.model import Severity
from auditor.rule import Rule

TOTAL_WORDS = ("合计", "总计", "小计", "共计", "总和", "合  计", "总  计", "Total", "TOTAL", "total", "Subtotal", "Grand total", "Sum")
NOTE_PREFIXES = ("注：", "注:", "注 ", "备注：", "备注:", "说明：", "说明:", "数据来源", "资料来源", "来源：",
                 "填表说明", "制表", "Note:", "Notes:", "Source:", "Sources:", "*注")
FIRST = 5
_TOTALS = pa.array(TOTAL_WORDS, type=pa.string())
# Every character str.isspace() accepts, in RE2 syntax: a first cell that is only white space.
_SPACES = r"^[\s\x{0b}\x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]*$"


class NonDataRows(Rule):
    """Rows that a person reads as part of the table but that are not records:
    合计/总计 totals, 注：/备注/数据来源 notes, and a second header inside the data
    (stacked sub-tables). Any sum or count over the column is then wrong."""

    code = "MR012"
    name = "non-data-rows"
    default_severity = Severity.WARNING
    title = {"en": "Totals, notes or sub-table rows inside the data", "zh": "数据中夹有合计、备注或子表行"}
    messages = {
        "total": {"en": "{count} total row(s) (合计/总计/Total) inside the data", "zh": "数据中有 {count} 行合计/总计行"},
        "note": {"en": "{count} note row(s) (注：/备注/数据来源) inside the data", "zh": "数据中有 {count} 行注释/备注/来源说明"},
        "header": {"en": "{count} row(s) repeat the header: stacked sub-tables", "zh": "有 {count} 行重复表头：多个子表堆叠在同一张表中"},
    }
    example_fail = {"file": "t.csv", "text": "区,人口\n海淀,100\n朝阳,200\n合计,300\n注：数据来源于统计年鉴,\n"}
    example_pass = {"file": "t.csv", "text": "区,人口\n海淀,100\n朝阳,200\n"}

    def start(self, table):
        self.labels = list(table.columns)
        self.label0 = self.labels[0] if self.labels else None
        markers = "|".join(re.escape(w) for w in TOTAL_WORDS + NOTE_PREFIXES)
        self._marker = "^(?:" + markers + ")"
        self.counts = Counter()
        self.first: dict[str, list[int]] = {"total": [], "note": [], "header": []}

    def columns(self, batch):
        """Only rows whose first cell starts with a marker, repeats the header label, or is blank
        next to a total word are classified; the prefilter runs over the first column in C."""
        if not len(batch) or not batch.columns:
            return
        head = batch.columns[0]
        candidate = pc.match_substring_regex(head, self._marker)
        if self.label0:
            candidate = pc.or_kleene(candidate, pc.equal(head, self.label0))
        if len(batch.columns) > 1:
            blank_head = pc.or_kleene(pc.is_null(head), pc.match_substring_regex(head, _SPACES))
            total_next = pc.is_in(batch.columns[1], value_set=_TOTALS)
            candidate = pc.or_kleene(candidate, pc.and_kleene(blank_head, total_next))
        candidate = pc.fill_null(candidate, False)
        for j in np.flatnonzero(candidate.to_numpy(zero_copy_only=False)):
            self._classify(batch.rownums[j], batch.row(j))

    def _classify(self, rownum, cells):
        head = cells[0] if cells[0].__class__ is str else ""
        kind = None
        if head.startswith(TOTAL_WORDS) or (len(cells) > 1 and cells[1].__class__ is str and cells[1] in TOTAL_WORDS and not head.strip()):
            kind = "total"
        elif head.startswith(NOTE_PREFIXES):
            kind = "note"
        elif cells == self.labels and head:
            kind = "header"
        if kind:
            self.counts[kind] += 1
            if len(self.first[kind]) < FIRST:
                self.first[kind].append(rownum)

    def end(self, table, stats):
        for kind in ("total", "note", "header"):
            if self.counts[kind]:
                self.report(kind, count=self.counts[kind], rows=self.first[kind])
