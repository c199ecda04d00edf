"""Rows that are not data: totals, notes and stacked sub-tables (MR012)."""
from __future__ import annotations

from collections import Counter

from auditor.model import Severity
from auditor.rule import Rule

TOTAL_WORDS = ("合计", "总计", "小计", "共计", "总和", "合  计", "总  计", "Total", "TOTAL", "total", "Subtotal", "Grand total", "Sum")
NOTE_PREFIXES = ("注：", "注:", "注 ", "备注：", "备注:", "说明：", "说明:", "数据来源", "资料来源", "来源：",
                 "填表说明", "制表", "Note:", "Notes:", "Source:", "Sources:", "*注")
FIRST = 5
# First characters of every marker above: one set lookup rejects almost every data row.
_STARTS = frozenset(w[0] for w in TOTAL_WORDS + NOTE_PREFIXES)


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
        self.counts = Counter()
        self.first: dict[str, list[int]] = {"total": [], "note": [], "header": []}

    def row(self, rownum, cells):
        head = cells[0] if cells else ""
        if head.__class__ is not str:
            return
        if head[:1] not in _STARTS and head != self.label0 and not (len(cells) > 1 and not head):
            return
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
