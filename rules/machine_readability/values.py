"""Cell values: mixed types (MR013), numbers stored as text (MR014), non-ISO dates (MR015).

The three rules share one column profile per table: the first enabled rule
computes it from batches of rows, the others read it in `end` (they skip rows).
Each batch of a typed column is joined and scanned once by a regex in C.
"""
from __future__ import annotations

import re
from collections import Counter

from auditor import valuetypes as vt
from auditor.model import Severity
from auditor.rule import Rule

SAMPLE_ROWS = 1000
KIND_ZH = {vt.KIND_NUMBER: "数值", vt.KIND_DATE: "日期"}
FIRST = 5
SEP = "\x00"
# Well-formed values per column kind. A batch of a column's text values is joined
# with NUL and scanned once by a regex (in C) that yields only the other values.
# ASCII digits only: full-width digits are numbers stored as text (MR014).
_GOOD = {
    vt.KIND_NUMBER: r"[+-]?\d+(?:\.\d+)?",
    vt.KIND_DATE: r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?",
}
_ODD = {kind: re.compile(SEP + "(?!(?:" + good + ")" + SEP + ")([^" + SEP + "]+)", re.ASCII) for kind, good in _GOOD.items()}


class _ColumnProfile:
    """Per typed column: exact counts of well-formed and ill-formed cells."""

    def __init__(self, labels: list[str], missing: frozenset):
        self.labels = labels
        self.missing = missing
        self.sample: list[tuple[int, list]] = []
        self.kinds: list[str] | None = None
        self.typed: list[int] = []
        self.bad: dict[int, Counter] = {}
        self.first: dict[tuple[int, int], list[tuple[int, str]]] = {}

    def feed(self, batch: list[tuple[int, list]]) -> None:
        """Take a batch of data rows: sample until the kinds are known, then scan."""
        if self.kinds is None:
            room = SAMPLE_ROWS - len(self.sample)
            self.sample.extend(batch[:room])
            if len(self.sample) < SAMPLE_ROWS:
                return
            self._decide()
            batch = batch[room:]
        self._scan(batch)

    def finish(self) -> None:
        if self.kinds is None:
            self._decide()

    def _scan(self, batch: list[tuple[int, list]]) -> None:
        if not batch or not self.typed:
            return
        for i in self.typed:
            values = [cells[i] if len(cells) > i else "" for _, cells in batch]
            try:  # join checks in C that every value is a string
                text = SEP + SEP.join(values) + SEP
            except TypeError:
                text = None
            if text is None or text.count(SEP) != len(values) + 1:
                for (rownum, _), v in zip(batch, values):
                    self._check(i, rownum, v)
                continue
            index, pos = 0, 0
            for m in _ODD[self.kinds[i]].finditer(text):
                index += text.count(SEP, pos, m.start())
                pos = m.start()
                self._check(i, batch[index][0], m.group(1))

    def _decide(self) -> None:
        width = len(self.labels)
        counts = [Counter() for _ in range(width)]
        for _, cells in self.sample:
            for i, v in enumerate(cells[:width]):
                if v not in self.missing:
                    counts[i][vt.classify(v)] += 1
        self.kinds = [vt.column_kind(c, self.labels[i]) for i, c in enumerate(counts)]
        self.typed = [i for i, k in enumerate(self.kinds) if k != vt.KIND_TEXT]
        self.bad = {i: Counter() for i in self.typed}
        sample, self.sample = self.sample, []
        self._scan(sample)

    def _check(self, i: int, rownum: int, v) -> None:
        """Count one cell of typed column i that is not obviously well formed."""
        if v.__class__ is not str:
            if self.kinds[i] == vt.KIND_NUMBER or vt.classify(v) == vt.DATE_ISO:
                return
            problem = "mixed"
        elif not v or v in self.missing:
            return
        else:
            cls = vt.classify(v)
            if self.kinds[i] == vt.KIND_NUMBER:
                if cls in (vt.NUMBER, vt.MAYBE_DATE, vt.CODE):
                    return
                problem = "number_text" if cls == vt.NUMBER_TEXT else "mixed"
            else:
                if cls == vt.DATE_ISO:
                    return
                problem = "date_other" if cls in (vt.DATE_OTHER, vt.MAYBE_DATE) else "mixed"
        self.bad[i][problem] += 1
        first = self.first.setdefault((i, problem), [])
        if len(first) < FIRST:
            first.append((rownum, str(v)))

    def problems(self, problem: str, stats):
        """Yield (column index, count, values checked, [(row, value)]) for one problem kind."""
        for i in self.typed:
            n = self.bad[i].get(problem, 0)
            if n:
                yield i, n, stats.rows - stats.missing(i), self.first.get((i, problem), [])


class _ValueRule(Rule):
    """Base for the three value rules: claim or read the shared profile."""

    problem = ""

    def start(self, table):
        key = ("column_profile", table.name)
        facts = self.ds.facts
        if key not in facts:
            from auditor.tablestats import DEFAULT_PLACEHOLDERS

            facts[key] = _ColumnProfile(table.columns, DEFAULT_PLACEHOLDERS | {"", None, " "})
            self.owner = True
        else:
            self.owner = False
            self.skip_rows = True
        self.profile = facts[key]

    def rows(self, batch):
        self.profile.feed(batch)

    def end(self, table, stats):
        if self.owner:
            self.profile.finish()
        for i, count, checked, first in self.profile.problems(self.problem, stats):
            label = table.columns[i] or f"#{i + 1}"
            self.report(column=label, count=count, share=f"{count / max(checked, 1):.1%}",
                        kind=self.profile.kinds[i], kind_zh=KIND_ZH.get(self.profile.kinds[i], ""), rows=[r for r, _ in first], examples=[v for _, v in first],
                        data={"share": round(count / max(checked, 1), 4), "column_kind": self.profile.kinds[i]})


class MixedTypes(_ValueRule):
    """A column that is mostly numbers or dates but holds other values too:
    typed loading fails or silently turns them into nulls."""

    code = "MR013"
    name = "mixed-types"
    default_severity = Severity.WARNING
    problem = "mixed"
    title = {"en": "A column mixes value types", "zh": "同一列混有不同类型的值"}
    messages = {"default": {
        "en": "Column '{column}' is a {kind} column but {count} value(s) ({share}) are not",
        "zh": "列“{column}”是{kind_zh}列，但有 {count} 个值（{share}）不是{kind_zh}",
    }}
    example_fail = {"file": "t.csv", "text": "id,amount\n" + "".join(f"{i},{i * 10}\n" for i in range(20)) + "21,unknown\n"}
    example_pass = {"file": "t.csv", "text": "id,amount\n" + "".join(f"{i},{i * 10}\n" for i in range(20))}


class NumbersAsText(_ValueRule):
    """Numbers typed with units (万, 元, %, 人), thousands separators or
    full-width digits: a program reads them as text and cannot add them up."""

    code = "MR014"
    name = "numbers-as-text"
    default_severity = Severity.WARNING
    problem = "number_text"
    title = {"en": "Numbers stored as text", "zh": "数值以文本形式存储"}
    messages = {"default": {
        "en": "Column '{column}' has {count} number(s) written as text ({share}: units, separators or full-width digits)",
        "zh": "列“{column}”有 {count} 个数值以文本书写（{share}：带单位、千分位或全角数字）",
    }}
    example_fail = {"file": "t.csv", "text": "区,人口\n海淀,\"1,250\"\n朝阳,12.3万\n丰台,３４５\n东城,200\n"}
    example_pass = {"file": "t.csv", "text": "区,人口\n海淀,1250\n朝阳,123000\n丰台,345\n东城,200\n"}


class NonIsoDates(_ValueRule):
    """Dates written as 2021年3月6日, 2021/3/6, 20210306, Excel serial numbers
    or ROC (民國) years instead of ISO 8601 (2021-03-06)."""

    code = "MR015"
    name = "non-iso-dates"
    default_severity = Severity.WARNING
    problem = "date_other"
    title = {"en": "Dates not in ISO 8601", "zh": "日期不符合 ISO 8601 格式"}
    messages = {"default": {
        "en": "Column '{column}' has {count} date(s) not in ISO 8601 (YYYY-MM-DD) ({share})",
        "zh": "列“{column}”有 {count} 个日期不是 ISO 8601 格式（YYYY-MM-DD）（{share}）",
    }}
    example_fail = {"file": "t.csv", "text": "事项,认定日期\n甲,2021年3月6日\n乙,2021/3/7\n丙,2021.3.8\n"}
    example_pass = {"file": "t.csv", "text": "事项,认定日期\n甲,2021-03-06\n乙,2021-03-07\n"}
