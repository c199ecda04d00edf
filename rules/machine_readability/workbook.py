"""Spreadsheet habits that break machine reading: hidden content, formulas
without cached values, phantom used ranges, sheets that should be one table."""
from __future__ import annotations

import re

from auditor.model import Severity
from auditor.options import Opt
from auditor.rule import Rule

_LAST_ROW = re.compile(r"(\d+)$")


class HiddenContent(Rule):
    """Hidden sheets, rows or columns: a person reviewing the file never sees
    them, a program reads them all, and what was meant to be withheld is published."""

    code = "MR016"
    name = "hidden-content"
    default_severity = Severity.WARNING
    title = {"en": "Hidden sheets, rows or columns", "zh": "存在隐藏的工作表、行或列"}
    messages = {
        "sheet": {"en": "Sheet '{table}' is hidden", "zh": "工作表“{table}”被隐藏"},
        "rows": {"en": "{count} hidden row(s)", "zh": "有 {count} 个隐藏行"},
        "columns": {"en": "{count} hidden column(s)", "zh": "有 {count} 个隐藏列"},
    }
    example_fail = {"file": "t.xlsx", "workbook": [["a", "b"], [1, 2], [3, 4]], "hide_rows": [3]}
    example_pass = {"file": "t.xlsx", "workbook": [["a", "b"], [1, 2], [3, 4]]}

    def end(self, table, stats):
        facts = table.facts
        if facts.get("hidden_sheet"):
            self.report("sheet")
        if facts.get("hidden_rows"):
            self.report("rows", count=facts["hidden_rows"])
        if facts.get("hidden_columns"):
            self.report("columns", count=facts["hidden_columns"])


class FormulasWithoutValues(Rule):
    """Formulas saved without their computed value (files written by scripts or
    exported without recalculation): every reader but Excel sees empty cells."""

    code = "MR017"
    name = "formulas-without-values"
    default_severity = Severity.ERROR
    title = {"en": "Formulas without cached values", "zh": "公式单元格没有计算结果"}
    messages = {"default": {"en": "{count} formula cell(s) have no saved value, e.g. {first}",
                            "zh": "有 {count} 个公式单元格没有保存计算结果，例如 {first}"}}
    example_fail = {"file": "t.xlsx", "workbook": [["a", "b"], [1, "=A2*2"], [3, "=A3*2"]]}
    example_pass = {"file": "t.xlsx", "workbook": [["a", "b"], [1, 2], [3, 6]]}

    def end(self, table, stats):
        n = table.facts.get("formulas_without_value", 0)
        if n:
            first = table.facts.get("formula_first", [])
            self.report(count=n, first=", ".join(first[:3]), examples=first)


class PhantomUsedRange(Rule):
    """The sheet declares a used range far beyond its last value (formatting
    dragged to row 1,048,576): readers allocate and scan empty rows."""

    code = "MR018"
    name = "phantom-used-range"
    default_severity = Severity.WARNING
    title = {"en": "Used range far beyond the data", "zh": "工作表的已用区域远超实际数据"}
    messages = {"default": {"en": "The sheet declares {declared} rows in use but its last value is in row {last}",
                            "zh": "工作表声明使用了 {declared} 行，但最后一个值在第 {last} 行"}}
    options = {"slack_rows": Opt(1000, int, min=0, doc="empty rows tolerated below the last value",
                                 doc_zh="最后一个值下方可容忍的空行数")}
    example_fail = {"file": "t.xlsx", "workbook": [["a", "b"], [1, 2]], "style_row": 5000}
    example_pass = {"file": "t.xlsx", "workbook": [["a", "b"], [1, 2]]}

    def end(self, table, stats):
        dim, last = table.facts.get("dimension"), table.facts.get("last_value_row", 0)
        m = _LAST_ROW.search(dim or "")
        if m and last and int(m.group(1)) - last > self.opts["slack_rows"]:
            self.report(declared=int(m.group(1)), last=last, data={"dimension": dim, "last_value_row": last})


class SheetsDiffer(Rule):
    """Several sheets hold the same kind of table (one per year or district)
    but their columns differ: they cannot be stacked into one dataset."""

    code = "MR019"
    name = "sheets-differ"
    default_severity = Severity.WARNING
    title = {"en": "Sheets of one table have different columns", "zh": "同类工作表的列不一致"}
    messages = {"default": {"en": "Sheets '{first}' and '{other}' share most columns but differ in: {diff}",
                            "zh": "工作表“{first}”与“{other}”大部分列相同，但以下列不同：{diff}"}}
    example_fail = {"file": "t.xlsx", "workbook": [["区", "人口", "面积"], ["甲", 1, 2]],
                    "sheets": {"2023": [["区", "人口", "户数"], ["甲", 1, 3]]}}
    example_pass = {"file": "t.xlsx", "workbook": [["区", "人口", "面积"], ["甲", 1, 2]],
                    "sheets": {"2023": [["区", "人口", "面积"], ["甲", 1, 3]]}}

    def dataset(self, ds):
        views = [v for v, _ in ds.tables if v.grid and v.columns]
        if len(views) < 2:
            return
        base = views[0]
        first = set(filter(None, base.columns))
        for other in views[1:]:
            labels = set(filter(None, other.columns))
            shared = first & labels
            if labels != first and shared and len(shared) >= 0.5 * max(len(first), len(labels)):
                diff = sorted(first ^ labels)[:6]
                self.report(first=base.name, other=other.name, diff=", ".join(diff), table=other.name,
                            data={"only_in_first": sorted(first - labels), "only_in_other": sorted(labels - first)})
