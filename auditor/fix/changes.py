"""The log of what `audit fix` did: every repair with the rule code it answers and exact counts.

A change never holds a cell value (values may be personal data, DESIGN §6): only
counts, row numbers of the source, column labels (scrubbed) and the tokens that
stood for "missing", which are fixed strings from the placeholder list.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import redact

FIRST_ROWS = 10
# What each action means, in the two message languages; {n} is the count.
ACTIONS: dict[str, dict[str, str]] = {
    "decoded": {"en": "decoded from {detail} and written as UTF-8", "zh": "由 {detail} 解码并以 UTF-8 写出"},
    "undecodable": {"en": "{n} byte(s) could not be decoded: kept as U+FFFD, check the source",
                    "zh": "{n} 个字节无法解码：以 U+FFFD 保留，请核对原文件"},
    "title_rows": {"en": "{n} title row(s) above the header moved into the description",
                   "zh": "表头上方 {n} 行标题移入说明"},
    "header_joined": {"en": "header spanning {n} rows joined into one ({detail})",
                      "zh": "跨 {n} 行的表头合并为一行（{detail}）"},
    "label_filled": {"en": "{n} blank column label(s) named by position", "zh": "{n} 个空列名按位置命名"},
    "label_renamed": {"en": "{n} duplicate column label(s) made unique", "zh": "{n} 个重复列名改为唯一"},
    "header_is_data": {"en": "the first row is data, not a header: columns named by position",
                       "zh": "首行是数据而不是表头：按位置命名各列"},
    "total_rows": {"en": "{n} total row(s) removed", "zh": "删除 {n} 行合计"},
    "note_rows": {"en": "{n} note row(s) moved into the description", "zh": "{n} 行注释移入说明"},
    "repeated_header": {"en": "{n} repeated header row(s) of stacked sub-tables removed",
                        "zh": "删除 {n} 行重复表头（堆叠的子表）"},
    "section_rows": {"en": "{n} section row(s) turned into the column '{detail}'",
                     "zh": "{n} 行分组标题转为列“{detail}”"},
    "merged_filled": {"en": "{n} merged range(s) labelling blocks of rows filled down ({detail} cells)",
                      "zh": "{n} 处纵向合并单元格向下填充（{detail} 个单元格）"},
    "merged_layout": {"en": "{n} merged range(s) in titles, headers or section rows resolved",
                      "zh": "{n} 处标题、表头或分组行的合并单元格已处理"},
    "merged_kept": {"en": "{n} merged range(s) across columns of a data row: the value stays in the first cell",
                    "zh": "{n} 处数据行内的横向合并单元格：值保留在第一个单元格"},
    "numbers": {"en": "{n} number(s) written as text made numeric", "zh": "{n} 个文本数值转为数字"},
    "numbers_left": {"en": "{n} value(s) in a number column could not be read as a number: kept",
                     "zh": "数值列中 {n} 个值无法读作数字：保留原样"},
    "dates": {"en": "{n} date(s) rewritten as ISO 8601", "zh": "{n} 个日期改写为 ISO 8601"},
    "dates_left": {"en": "{n} value(s) in a date column have no ISO 8601 form: kept",
                   "zh": "日期列中 {n} 个值无法转为 ISO 8601：保留原样"},
    "placeholders": {"en": "{n} placeholder(s) for missing values emptied ({detail})",
                     "zh": "{n} 个缺失值占位符置空（{detail}）"},
    "trimmed": {"en": "{n} value(s) trimmed of surrounding white space", "zh": "{n} 个值去除首尾空白"},
    "blank_rows": {"en": "{n} blank row(s) dropped", "zh": "删除 {n} 个空行"},
    "empty_columns": {"en": "{n} empty column(s) dropped", "zh": "删除 {n} 个空列"},
    "duplicates_dropped": {"en": "{n} exact duplicate row(s) dropped", "zh": "删除 {n} 行完全重复的数据"},
    "duplicates_kept": {"en": "{n} exact duplicate row(s) kept (use --drop-duplicates to drop them)",
                        "zh": "保留 {n} 行完全重复的数据（加 --drop-duplicates 删除）"},
    "ragged_kept": {"en": "{n} row(s) with the wrong number of fields kept as they are: check them",
                    "zh": "{n} 行字段数不对，原样保留：请核对"},
    "masked": {"en": "{n} unmasked {detail} value(s) masked", "zh": "{n} 个未脱敏的{detail}已脱敏"},
    "sensitive_kept": {"en": "{n} unmasked {detail} value(s) written as they are (--keep-sensitive)",
                       "zh": "{n} 个未脱敏的{detail}原样写出（--keep-sensitive）"},
}
# Actions whose detail lists every distinct value met (the placeholder tokens of a column).
LISTED = frozenset({"placeholders"})
# Actions that leave a problem for a person: they are listed as not repaired.
UNRESOLVED = frozenset({"undecodable", "numbers_left", "dates_left", "ragged_kept", "duplicates_kept",
                        "sensitive_kept", "merged_kept"})


@dataclass
class Change:
    code: str  # the rule code whose finding this answers (MR011, CP003...)
    action: str
    table: str
    count: int
    column: str | None = None
    rows: list[int] = field(default_factory=list)
    detail: str = ""

    def text(self, lang: str) -> str:
        template = ACTIONS[self.action].get(lang) or ACTIONS[self.action]["en"]
        return template.format(n=self.count, detail=self.detail)

    def as_json(self, lang: str) -> dict:
        return {"code": self.code, "action": self.action, "table": self.table, "column": self.column,
                "count": self.count, "rows": self.rows[:FIRST_ROWS], "resolved": self.action not in UNRESOLVED,
                "message": self.text(lang)}


class ChangeLog:
    """Changes of one table, counted as the rows stream by (one entry per action and column)."""

    def __init__(self, table: str):
        self.table = redact.scrub(table)
        self._items: dict[tuple[str, str, str | None], Change] = {}

    def add(self, code: str, action: str, n: int = 1, column: str | None = None, row: int | None = None,
            detail: str = "") -> None:
        if n <= 0:
            return
        key = (code, action, column)
        change = self._items.get(key)
        if change is None:
            change = self._items[key] = Change(code, action, self.table, 0,
                                               redact.scrub(column) if column else None, [], detail)
        change.count += n
        if detail and action in LISTED:
            seen = change.detail.split(", ") if change.detail else []
            if detail not in seen and len(seen) < 10:
                change.detail = ", ".join(seen + [detail])
        elif detail:
            change.detail = detail
        if row is not None and len(change.rows) < FIRST_ROWS and (not change.rows or change.rows[-1] != row):
            change.rows.append(row)

    def count(self, action: str, column: str | None = None) -> int:
        """How many times an action was taken (in one column, or anywhere when column is None)."""
        return sum(c.count for (_, a, col), c in self._items.items()
                   if a == action and (column is None or col == column))

    def changes(self) -> list[Change]:
        return sorted(self._items.values(), key=lambda c: (c.code, c.action, c.column or ""))
