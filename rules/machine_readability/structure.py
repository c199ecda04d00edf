"""Table structure: header, ragged and blank rows, merged cells, title rows."""
from __future__ import annotations

import re
from collections import Counter

from auditor.model import Severity
from auditor.rule import Rule

_NUMBER_OR_DATE = re.compile(r"^[+-]?[\d,.]+%?$|^\d{4}[-/.年]\d{1,2}([-/.月]\d{1,2}日?)?")


class HeaderProblems(Rule):
    """Every column needs one unique, non-blank label, and the first row must be
    a header, not data: tools key columns by their labels."""

    code = "MR007"
    name = "header-problems"
    default_severity = Severity.ERROR
    title = {"en": "Missing, blank or duplicate column labels", "zh": "表头缺失、为空或重复"}
    messages = {
        "blank": {"en": "{count} column label(s) are blank (columns {positions})",
                  "zh": "有 {count} 个列名为空（第 {positions} 列）"},
        "duplicate": {"en": "Column label '{label}' is used {times} times",
                      "zh": "列名“{label}”重复出现 {times} 次"},
        "data_as_header": {"en": "The first row looks like data, not a header ({share} of labels are numbers or dates)",
                           "zh": "首行看起来是数据而不是表头（{share} 的列名是数字或日期）"},
        "missing": {"en": "The table has no header row: its first record is data (columns are named #1..#n)",
                    "zh": "数据表没有表头行：首行即为数据（各列以 #1..#n 命名）"},
    }
    example_fail = {"file": "t.csv", "text": "a,,a\n1,2,3\n"}
    example_pass = {"file": "t.csv", "text": "a,b,c\n1,2,3\n"}

    def end(self, table, stats):
        labels = table.columns
        if table.facts.get("headerless"):
            self.report("missing", count=1, row=1, data={"columns": len(labels)})
            return
        if table.header_row is None:
            return
        if not labels:
            self.report("missing")
            return
        blank = [i + 1 for i, lab in enumerate(labels) if not lab]
        if blank:
            shown = ", ".join(map(str, blank[:10])) + (" …" if len(blank) > 10 else "")
            self.report("blank", count=len(blank), positions=shown, row=table.header_row,
                        data={"blank_positions": blank[:1000]})
        for label, times in Counter(lab for lab in labels if lab).items():
            if times > 1:
                self.report("duplicate", column=label, label=label, times=times, row=table.header_row)
        filled = [lab for lab in labels if lab]
        if len(filled) >= 2:
            datalike = sum(1 for lab in filled if _NUMBER_OR_DATE.match(lab))
            if datalike / len(filled) >= 0.5:
                self.report("data_as_header", share=f"{datalike}/{len(filled)}", row=table.header_row)


class RaggedRows(Rule):
    """Rows with more or fewer fields than the header: usually unquoted commas
    inside values, which shift every later column of that row."""

    code = "MR008"
    name = "ragged-rows"
    default_severity = Severity.ERROR
    title = {"en": "Rows with the wrong number of fields", "zh": "行的字段数与表头不一致"}
    messages = {"default": {
        "en": "{count} row(s) do not have {expected} fields (seen: {widths})",
        "zh": "有 {count} 行的字段数不是 {expected}（实际：{widths}）",
    }}
    example_fail = {"file": "t.csv", "text": "a,b\n1,2\n3,4,5\n"}
    example_pass = {"file": "t.csv", "text": "a,b\n1,2\n3,4\n"}

    def end(self, table, stats):
        if stats.ragged_rows:
            widths = ", ".join(f"{w}×{n}" for w, n in sorted(stats.ragged_widths.items())[:8])
            self.report(count=stats.ragged_rows, expected=stats.ncols, widths=widths,
                        rows=stats.ragged_first, data={"widths": dict(stats.ragged_widths)})


class BlankRows(Rule):
    """Completely blank rows inside the data break readers that stop at the
    first empty line and inflate row counts."""

    code = "MR009"
    name = "blank-rows"
    default_severity = Severity.WARNING
    title = {"en": "Blank rows", "zh": "存在空行"}
    messages = {"default": {"en": "{count} blank row(s)", "zh": "有 {count} 个空行"}}
    example_fail = {"file": "t.csv", "text": "a,b\n1,2\n,\n3,4\n"}
    example_pass = {"file": "t.csv", "text": "a,b\n1,2\n3,4\n"}

    def end(self, table, stats):
        if stats.blank_rows:
            self.report(count=stats.blank_rows, rows=stats.blank_first)


class MergedCells(Rule):
    """Merged cells leave every cell but the first empty: a machine reads gaps
    where a person sees one value spread over several rows or columns."""

    code = "MR010"
    name = "merged-cells"
    default_severity = Severity.ERROR
    title = {"en": "Merged cells", "zh": "存在合并单元格"}
    messages = {"default": {"en": "{count} merged cell range(s), e.g. {first}",
                            "zh": "有 {count} 处合并单元格，例如 {first}"}}
    example_fail = {"file": "t.xlsx", "workbook": [["Title", ""], ["a", "b"], [1, 2]], "merge": ["A1:B1"]}
    example_pass = {"file": "t.xlsx", "workbook": [["a", "b"], [1, 2]]}

    def end(self, table, stats):
        merged = table.merged_ranges
        if merged:
            self.report(count=len(merged), first=", ".join(merged[:3]), examples=merged[:5],
                        data={"ranges": list(merged[:200])})


class TitleRows(Rule):
    """Title lines or notes above the header: readers take the first line as the
    header and every label comes out wrong."""

    code = "MR011"
    name = "title-rows"
    default_severity = Severity.WARNING
    title = {"en": "Title rows or a multi-row header above the data", "zh": "表头上方有标题行或多行表头"}
    messages = {
        "default": {
            "en": "{count} title row(s) above the header; the header is row {header}",
            "zh": "表头上方有 {count} 行标题，实际表头在第 {header} 行",
        },
        "multirow": {
            "en": "The header spans {count} rows ({first}-{header}); labels were joined, e.g. '{example}'",
            "zh": "表头跨 {count} 行（第 {first}-{header} 行），列名已合并，例如“{example}”",
        },
    }
    example_fail = {"file": "t.csv", "text": "Population by district,,\na,b,c\n1,2,3\n"}
    example_pass = {"file": "t.csv", "text": "a,b,c\n1,2,3\n"}

    def end(self, table, stats):
        if table.preamble_rows:
            self.report(count=len(table.preamble_rows), header=table.header_row, rows=table.preamble_rows)
        if len(table.header_rows) > 1:
            joined = next((c for c in table.columns if "/" in c), table.columns[0] if table.columns else "")
            self.report("multirow", count=len(table.header_rows), first=table.header_rows[0], header=table.header_row,
                        example=joined, rows=table.header_rows)
