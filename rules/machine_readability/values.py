"""Cell values: mixed types (MR013), numbers stored as text (MR014), non-ISO dates (MR015).

The three rules read one analysis per table, `ValueProfile`: it decides each column's
kind from the first rows, then finds the ill-formed cells of the typed columns with one
RE2 regex over the whole column (in C); only those few cells are classified in Python.
"""
from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pyarrow.compute as pc

from auditor import valuetypes as vt
from auditor.analysis import Analysis
from auditor.model import Severity
from auditor.rule import Rule
from auditor.tablestats import DEFAULT_PLACEHOLDERS

SAMPLE_ROWS = 1000
KIND_ZH = {vt.KIND_NUMBER: "数值", vt.KIND_DATE: "日期"}
FIRST = 5
# Well-formed values per column kind; every other non-empty cell is classified.
# ASCII digits only: full-width digits are numbers stored as text (MR014).
_GOOD = {
    vt.KIND_NUMBER: r"[+-]?\d+(?:\.\d+)?",
    vt.KIND_DATE: r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?",
}
_GOOD_PY = {kind: re.compile(good, re.ASCII) for kind, good in _GOOD.items()}
_GOOD_RE2 = {kind: "^(?:" + good + ")$" for kind, good in _GOOD.items()}  # RE2: \d is ASCII


class ValueProfile(Analysis):
    """Per typed column of a table: exact counts of the ill-formed cells by problem
    (mixed, number_text, date_other) and the first rows and values of each."""

    name = "value-profile"

    def __init__(self, table, ds):
        super().__init__(table, ds)
        self.labels = list(table.columns)
        self.missing = DEFAULT_PLACEHOLDERS | {"", None, " "}
        self.sample: list[tuple[int, list]] = []
        self.kinds: list[str] | None = None
        self.typed: list[int] = []
        self.bad: dict[int, Counter] = {}
        self.first: dict[tuple[int, int], list[tuple[int, str]]] = {}

    def columns(self, batch) -> None:
        """Sample the first rows until the kinds are known, then scan whole columns."""
        start = 0
        if self.kinds is None:
            take = min(SAMPLE_ROWS - len(self.sample), len(batch))
            self.sample.extend((batch.rownums[j], batch.row(j)) for j in range(take))
            if len(self.sample) < SAMPLE_ROWS:
                return
            self._decide()
            start = take
        if start < len(batch):
            self._scan(batch, start)

    def finish(self) -> "ValueProfile":
        if self.kinds is None:
            self._decide()
        return self

    def _scan(self, batch, start: int) -> None:
        for i in self.typed:
            column = batch.columns[i].slice(start) if start else batch.columns[i]
            odd = pc.invert(pc.match_substring_regex(column, _GOOD_RE2[self.kinds[i]]))
            odd = pc.fill_null(pc.and_kleene(odd, pc.not_equal(column, "")), False)
            for k in np.flatnonzero(odd.to_numpy(zero_copy_only=False)):
                j = start + int(k)
                self._check(i, batch.rownums[j], batch.value(i, j))

    def _scan_rows(self, rows: list[tuple[int, list]]) -> None:
        for i in self.typed:
            good = _GOOD_PY[self.kinds[i]]
            for rownum, cells in rows:
                v = cells[i] if len(cells) > i else ""
                if v.__class__ is str and (not v or good.fullmatch(v)):
                    continue
                self._check(i, rownum, v)

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
        self._scan_rows(sample)

    def _check(self, i: int, rownum: int, v) -> None:
        """Count one cell of typed column i that is not obviously well formed."""
        if v is None:
            return
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
    """Base for the three value rules: each reports one problem kind of the shared profile."""

    problem = ""
    requires = (ValueProfile,)

    def end(self, table, results):
        profile = results[ValueProfile]
        for i, count, checked, first in profile.problems(self.problem, results):
            label = table.columns[i] or f"#{i + 1}"
            self.report(column=label, count=count, share=f"{count / max(checked, 1):.1%}",
                        kind=profile.kinds[i], kind_zh=KIND_ZH.get(profile.kinds[i], ""), rows=[r for r, _ in first],
                        examples=[v for _, v in first],
                        data={"share": round(count / max(checked, 1), 4), "column_kind": profile.kinds[i]})


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
