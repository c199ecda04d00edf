"""Completeness of the data itself: rows present, values present."""
from __future__ import annotations

from auditor import formats
from auditor.model import Severity
from auditor.options import Opt
from auditor.rule import Rule


class NoDataRows(Rule):
    """A table with a header and nothing under it, or a file with no table at all."""

    code = "CP001"
    name = "no-data-rows"
    default_severity = Severity.ERROR
    title = {"en": "No data rows", "zh": "没有数据行"}
    messages = {
        "default": {"en": "Table '{table}' has no data rows", "zh": "数据表“{table}”没有数据行"},
        "no_table": {"en": "The file holds no table", "zh": "文件中没有数据表"},
    }
    example_fail = {"file": "t.csv", "text": "a,b\n"}
    example_pass = {"file": "t.csv", "text": "a,b\n1,2\n"}

    def dataset(self, ds):
        if ds.kind != "data" or ds.load_error or ds.format in formats.NOT_MACHINE_READABLE:
            return
        if not ds.tables:
            self.report("no_table")
        for view, stats in ds.tables:
            if stats.rows == 0:
                self.report(table=view.name)


class MissingValues(Rule):
    """Columns with many empty or placeholder cells. Warning above
    `warn_ratio`, error above `error_ratio`; entirely empty columns are CP004."""

    code = "CP002"
    name = "missing-values"
    default_severity = Severity.WARNING
    title = {"en": "Missing values above the threshold", "zh": "缺失值比例超过阈值"}
    messages = {"default": {
        "en": "Column '{column}' is missing {share} of its values ({count} of {total})",
        "zh": "列“{column}”缺失 {share} 的值（{total} 行中 {count} 行）",
    }}
    options = {
        "warn_ratio": Opt(0.2, float, min=0, max=1, doc="share of missing cells that raises a warning",
                          doc_zh="缺失单元格占比超过此值时给出警告"),
        "error_ratio": Opt(0.5, float, min=0, max=1, doc="share of missing cells that raises an error",
                           doc_zh="缺失单元格占比超过此值时判为错误"),
    }
    option_relations = (("warn_ratio", "<=", "error_ratio"),)
    example_fail = {"file": "t.csv", "text": "a,b\n1,\n2,\n3,x\n"}
    example_pass = {"file": "t.csv", "text": "a,b\n1,x\n2,y\n3,z\n"}

    def end(self, table, stats):
        if not stats.rows:
            return
        for i, label in enumerate(table.columns):
            missing = stats.missing(i)
            share = missing / stats.rows
            if missing == stats.rows or share <= self.opts["warn_ratio"]:
                continue
            sev = Severity.ERROR if share > self.opts["error_ratio"] else Severity.WARNING
            self.report(column=label or f"#{i + 1}", count=missing, total=stats.rows, share=f"{share:.1%}",
                        severity=sev, data={"share": round(share, 4)})


class PlaceholderValues(Rule):
    """Values such as `/`, `-`, `无`, `暂无`, `N/A`, `null` that stand for
    "missing": they hide gaps from every count and break typed columns."""

    code = "CP003"
    name = "placeholder-values"
    default_severity = Severity.WARNING
    title = {"en": "Placeholders standing for missing values", "zh": "用占位符表示缺失值"}
    messages = {"default": {
        "en": "Column '{column}' uses {tokens} for missing values in {count} row(s)",
        "zh": "列“{column}”有 {count} 行用 {tokens} 表示缺失值",
    }}
    example_fail = {"file": "t.csv", "text": "a,b\n1,/\n2,暂无\n"}
    example_pass = {"file": "t.csv", "text": "a,b\n1,x\n2,y\n"}

    def end(self, table, stats):
        for i, label in enumerate(table.columns):
            tokens = stats.placeholders[i]
            if tokens:
                shown = ", ".join(f"'{tok}'×{n}" for tok, n in tokens.most_common(4))
                self.report(column=label or f"#{i + 1}", tokens=shown, count=sum(tokens.values()),
                            rows=stats.placeholder_first[i], data={"tokens": dict(tokens.most_common(20))})


class EmptyColumn(Rule):
    """A column with a label and not a single value."""

    code = "CP004"
    name = "empty-column"
    default_severity = Severity.WARNING
    title = {"en": "Column entirely empty", "zh": "整列为空"}
    messages = {"default": {"en": "Column '{column}' has no values at all", "zh": "列“{column}”没有任何值"},
                "many": {"en": "{count} columns have no values at all (e.g. {first})",
                         "zh": "有 {count} 列没有任何值（例如 {first}）"}}
    example_fail = {"file": "t.csv", "text": "a,b\n1,\n2,\n"}
    example_pass = {"file": "t.csv", "text": "a,b\n1,x\n2,y\n"}

    def end(self, table, stats):
        if not stats.rows:
            return
        empty = [label or f"#{i + 1}" for i, label in enumerate(table.columns) if stats.missing(i) == stats.rows]
        if len(empty) > 20:  # a sheet 16,000 columns wide needs one line, not 16,000
            self.report("many", count=len(empty), first=", ".join(empty[:5]), data={"columns": empty[:200]})
            return
        for label in empty:
            self.report(column=label)
