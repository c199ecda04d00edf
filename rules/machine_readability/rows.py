"""Rows that are not data: totals, notes and stacked sub-tables (MR012)."""

from __future__ import annotations

from collections import Counter

from auditor.model import Severity
from auditor.rowkinds import KINDS
from auditor.rule import Rule

FIRST = 5


class NonDataRows(Rule):
    """Rows that a person reads as part of the table but that are not records:
    合计/总计/Totaal totals, 注：/备注/Source:/Fuente: notes, a second header inside the data
    (stacked sub-tables) and section titles such as 北京市（92所） heading a block of records.
    Any sum or count over the column is then wrong. The engine finds them
    (`auditor.rowkinds`) before any count is made, so they are not counted as missing values."""

    code = "MR012"
    name = "non-data-rows"
    default_severity = Severity.WARNING
    title = {"en": "Totals, notes or sub-table rows inside the data", "zh": "数据中夹有合计、备注或子表行"}
    messages = {
        "total": {
            "en": "{count} total row(s) (合计/总计/Total) inside the data",
            "zh": "数据中有 {count} 行合计/总计行",
        },
        "note": {
            "en": "{count} note row(s) (注：/备注/数据来源) inside the data",
            "zh": "数据中有 {count} 行注释/备注/来源说明",
        },
        "header": {
            "en": "{count} row(s) repeat the header: stacked sub-tables",
            "zh": "有 {count} 行重复表头：多个子表堆叠在同一张表中",
        },
        "section": {
            "en": "{count} section-title row(s) inside the data: one cell names the group of rows below it",
            "zh": "数据中有 {count} 行分组标题：仅一个单元格，标明其下一组记录",
        },
    }
    example_fail = {"file": "t.csv", "text": "区,人口\n海淀,100\n朝阳,200\n合计,300\n注：数据来源于统计年鉴,\n"}
    example_pass = {"file": "t.csv", "text": "区,人口\n海淀,100\n朝阳,200\n"}

    def start(self, table):
        self.counts: Counter = Counter()
        self.first: dict[str, list[int]] = {kind: [] for kind in KINDS}

    def columns(self, batch):
        for j, kind in sorted(batch.nondata.items()):
            self.counts[kind] += 1
            if len(self.first[kind]) < FIRST:
                self.first[kind].append(batch.rownums[j])

    def end(self, table, stats):
        for kind in KINDS:
            if self.counts[kind]:
                self.report(kind, count=self.counts[kind], rows=self.first[kind])
