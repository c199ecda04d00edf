"""Bulk re-stamping: a catalogue whose last-update times crowd into a few minutes.

When most of a portal's datasets carry a modified time inside one narrow window
(Beijing's export: 1,785 rows from 72 departments within 18 minutes on
2025-12-08), the dates record a batch job or a migration, not updates of the
data, and no overdue verdict built on them can be trusted. This is a finding
about the catalogue as a whole, so `audit portal` raises it (in the scorecard's
`portal_findings`) from the modified times it has counted; `audit check` on a
catalogue file has no portal-level view and never raises it. The windows are found by
`auditor.portal.stamping` (the core never imports a rule pack); this module holds the rule's
identity, messages, options and examples.
"""
from __future__ import annotations

from auditor.model import Severity
from auditor.options import Opt
from auditor.rule import Rule

_CATALOGUE = "标题,部门,更新时间\n" + "".join(
    f"数据{i},{'市统计局' if i % 2 else '市交通委'},2025-12-08 17:{50 + i % 5:02d}:00\n" for i in range(30))
_SPREAD = "标题,部门,更新时间\n" + "".join(
    f"数据{i},{'市统计局' if i % 2 else '市交通委'},2025-{1 + i % 12:02d}-{1 + i % 27:02d} 09:00:00\n"
    for i in range(30))


class BulkRestamp(Rule):
    """Most of the catalogue's last-update times fall in a few narrow windows: the dates
    were stamped in bulk (a migration or a batch job), so they say nothing about when the
    data changed. Raised once per portal audit, with the windows."""

    code = "TM009"
    name = "bulk-restamped-dates"
    default_severity = Severity.WARNING
    title = {"en": "Last-update dates stamped in bulk", "zh": "更新时间被批量刷新"}
    messages = {
        "default": {
            "en": "{share} of the datasets with a modified time ({count:,}) were stamped within {windows} "
                  "window(s) of at most {window} minutes ({detail}): the dates record a batch job, not updates",
            "zh": "有更新时间的数据集中 {share}（{count:,} 个）的更新时间集中在 {windows} 个不超过 {window} 分钟的"
                  "时间窗内（{detail}）：这些日期记录的是批量操作，而非数据更新"},
    }
    options = {
        "window_minutes": Opt(30, int, min=1, doc="longest window, in minutes, that counts as one stamping",
                              doc_zh="视为一次批量盖戳的最长时间窗（分钟）"),
        "min_share": Opt(0.2, float, min=0, max=1,
                         doc="share of the dated datasets a window must hold to be reported",
                         doc_zh="一个时间窗须包含的有日期数据集的最低占比，才予报告"),
        "min_datasets": Opt(20, int, min=1, doc="fewest datasets a window must hold to be reported",
                            doc_zh="一个时间窗须包含的最少数据集数，才予报告"),
    }
    example_fail = {"file": "catalogue.csv", "text": _CATALOGUE, "command": "portal"}
    example_pass = {"file": "catalogue.csv", "text": _SPREAD, "command": "portal"}
