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
from auditor.arrowtext import filled as filled_cells
from auditor.model import Severity
from auditor.rule import Rule
from auditor.tablestats import DEFAULT_PLACEHOLDERS

SAMPLE_ROWS = 1000
KIND_ZH = {vt.KIND_NUMBER: "数值", vt.KIND_DATE: "日期", vt.KIND_MIXED_TEXT: "文本"}
FIRST = 5
# Well-formed values per column kind; every other non-empty cell is classified.
# ASCII digits only: full-width digits are numbers stored as text (MR014).
_GOOD = {
    vt.KIND_NUMBER: r"[+-]?\d+(?:\.\d+)?",
    vt.KIND_DATE: r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?",
}
_GOOD_PY = {kind: re.compile(good, re.ASCII) for kind, good in _GOOD.items()}
_GOOD_RE2 = {kind: "^(?:" + good + ")$" for kind, good in _GOOD.items()}  # RE2: \d is ASCII
_GOOD_OR_EMPTY_RE2 = {kind: "^(?:" + good + ")?$" for kind, good in _GOOD.items()}


class ValueProfile(Analysis):
    """Per typed column of a table: exact counts of the ill-formed cells by problem
    (mixed, number_text, date_other) and the first rows and values of each.

    A column's kind is decided from its first SAMPLE_ROWS non-empty values, wherever they
    are in the file: a column empty for its first thousand rows (a date filled in only for
    late cases) is decided when its values come, its earlier cells being empty. Until then
    its values wait in a buffer of at most SAMPLE_ROWS cells, so memory stays bounded."""

    name = "value-profile"

    def __init__(self, table, ds):
        super().__init__(table, ds)
        self.labels = list(table.columns)
        self.missing = DEFAULT_PLACEHOLDERS | {"", None, " "}
        width = len(self.labels)
        self.kinds: list[str | None] = [None] * width
        self.pending: dict[int, list[tuple[int, object]]] = {i: [] for i in range(width)}
        self.typed: list[int] = []
        self.bad: dict[int, Counter] = {}
        self.first: dict[tuple[int, str], list[tuple[int, str]]] = {}
        self.checked: Counter = Counter()  # non-empty cells judged per column (mixed-text columns)

    def columns(self, batch) -> None:
        if not len(batch):
            return
        skip = batch.nondata
        scanned = set()
        for i in list(self.pending):
            if i >= len(batch.columns):
                continue
            column = batch.columns[i]
            at = np.flatnonzero(filled_cells(column))
            buffer = self.pending[i]
            taken = 0
            for k in at:
                j = int(k)
                taken = j + 1
                if j in skip:
                    continue
                v = batch.value(i, j)
                if v in self.missing:
                    continue
                buffer.append((batch.rownums[j], v))
                if len(buffer) >= SAMPLE_ROWS:
                    break
            if len(buffer) >= SAMPLE_ROWS:
                self._decide(i)
                if self.kinds[i] != vt.KIND_TEXT and taken < len(batch):
                    self._scan_column(batch, i, taken)
                scanned.add(i)
        for i in self.typed:
            if i not in scanned and i < len(batch.columns):
                self._scan_column(batch, i, 0)

    def finish(self) -> ValueProfile:
        for i in list(self.pending):
            self._decide(i)
        return self

    def _decide(self, i: int) -> None:
        """Decide column i's kind from its buffered values, then judge them."""
        buffer = self.pending.pop(i)
        counts = Counter(vt.classify(v) for _, v in buffer)
        kind = vt.column_kind(counts, self.labels[i])
        self.kinds[i] = kind
        if kind == vt.KIND_TEXT:
            return
        self.typed.append(i)
        self.bad[i] = Counter()
        for rownum, v in buffer:
            self._judge(i, rownum, v)

    def _scan_column(self, batch, i: int, start: int) -> None:
        """Judge column i from row `start` of the batch: a regex in C finds the odd cells."""
        column = batch.columns[i].slice(start) if start else batch.columns[i]
        kind = self.kinds[i]
        assert kind is not None  # only decided columns are scanned
        if kind == vt.KIND_MIXED_TEXT:
            self.checked[i] += int(filled_cells(column).sum())
            odd = pc.fill_null(pc.match_substring_regex(column, _GOOD_RE2[vt.KIND_NUMBER]), False)
        else:  # one anchored regex that also takes an empty cell; the usual batch has no odd cell
            good = pc.match_substring_regex(column, _GOOD_OR_EMPTY_RE2[kind])
            if pc.all(good).as_py() is not False:
                return
            odd = pc.fill_null(pc.invert(good), False)
        for k in np.flatnonzero(odd.to_numpy(zero_copy_only=False)):
            j = start + int(k)
            if j not in batch.nondata:
                self._check(i, batch.rownums[j], batch.value(i, j))

    def _judge(self, i: int, rownum: int, v) -> None:
        """A buffered cell: well-formed ones pass, the others are checked."""
        kind = self.kinds[i]
        assert kind is not None  # only decided columns are judged
        if kind == vt.KIND_MIXED_TEXT:
            self.checked[i] += 1
            if v.__class__ is not str or _GOOD_PY[vt.KIND_NUMBER].fullmatch(v):
                self._check(i, rownum, v)
            return
        if v.__class__ is str and _GOOD_PY[kind].fullmatch(v):
            return
        self._check(i, rownum, v)

    def _check(self, i: int, rownum: int, v) -> None:
        """Count one cell of typed column i that is not obviously well formed."""
        if v is None:
            return
        kind = self.kinds[i]
        if v.__class__ is not str:
            if kind == vt.KIND_MIXED_TEXT:
                problem = "mixed" if isinstance(v, (int, float)) and not isinstance(v, bool) else ""
            elif kind == vt.KIND_NUMBER or vt.classify(v) == vt.DATE_ISO:
                return
            elif isinstance(v, (int, float)) and not isinstance(v, bool) and vt.is_serial(v):
                problem = "date_other"  # an Excel serial day number in a date column
            else:
                problem = "mixed"
        elif not v or v in self.missing or vt.is_sentinel_date(v):
            return
        else:
            cls = vt.classify(v)
            if kind == vt.KIND_MIXED_TEXT:
                problem = "mixed" if cls in (vt.NUMBER, vt.NUMBER_TEXT) else ""
            elif kind == vt.KIND_NUMBER:
                if cls in (vt.NUMBER, vt.MAYBE_DATE, vt.CODE):
                    return
                problem = "number_text" if cls == vt.NUMBER_TEXT else "mixed"
            else:
                if cls == vt.DATE_ISO:
                    return
                if cls in (vt.DATE_OTHER, vt.MAYBE_DATE) or (cls == vt.NUMBER and vt.is_serial(v)):
                    problem = "date_other"
                else:
                    problem = "mixed"
        if not problem:
            return
        self.bad[i][problem] += 1
        first = self.first.setdefault((i, problem), [])
        if len(first) < FIRST:
            first.append((rownum, str(v)))

    def problems(self, problem: str, stats):
        """Yield (column index, count, values checked, [(row, value)]) for one problem kind."""
        for i in self.typed:
            n = self.bad[i].get(problem, 0)
            if n:
                checked = self.checked[i] if self.kinds[i] == vt.KIND_MIXED_TEXT else stats.rows - stats.missing(i)
                yield i, n, checked, self.first.get((i, problem), [])


class _ValueRule(Rule):
    """Base for the three value rules: each reports one problem kind of the shared profile."""

    problem = ""
    requires = (ValueProfile,)

    def end(self, table, results):
        profile = results[ValueProfile]
        for i, count, checked, first in profile.problems(self.problem, results):
            label = table.columns[i] or f"#{i + 1}"
            key = "numbers_in_text" if profile.kinds[i] == vt.KIND_MIXED_TEXT else "default"
            self.report(
                key,
                column=label,
                count=count,
                share=f"{count / max(checked, 1):.1%}",
                kind=profile.kinds[i],
                kind_zh=KIND_ZH.get(profile.kinds[i], ""),
                rows=[r for r, _ in first],
                examples=[v for _, v in first],
                data={"share": round(count / max(checked, 1), 4), "column_kind": profile.kinds[i]},
            )


class MixedTypes(_ValueRule):
    """A column that is mostly numbers or dates but holds other values too:
    typed loading fails or silently turns them into nulls."""

    code = "MR013"
    name = "mixed-types"
    default_severity = Severity.WARNING
    problem = "mixed"
    title = {"en": "A column mixes value types", "zh": "同一列混有不同类型的值"}
    messages = {
        "default": {
            "en": "Column '{column}' is a {kind} column but {count} value(s) ({share}) are not",
            "zh": "列“{column}”是{kind_zh}列，但有 {count} 个值（{share}）不是{kind_zh}",
        },
        "numbers_in_text": {
            "en": "Column '{column}' mixes numbers and text: {count} value(s) ({share}) are numbers, no "
            "type reaches 90%",
            "zh": "列“{column}”数值与文本混杂：有 {count} 个值（{share}）是数值，没有一种类型达到 90%",
        },
    }
    example_fail = {
        "file": "t.csv",
        "text": "id,amount\n" + "".join(f"{i},{i * 10}\n" for i in range(20)) + "21,unknown\n",
    }
    example_pass = {"file": "t.csv", "text": "id,amount\n" + "".join(f"{i},{i * 10}\n" for i in range(20))}


class NumbersAsText(_ValueRule):
    """Numbers typed with units (万, 元, %, 人), thousands separators or
    full-width digits: a program reads them as text and cannot add them up."""

    code = "MR014"
    name = "numbers-as-text"
    default_severity = Severity.WARNING
    problem = "number_text"
    title = {"en": "Numbers stored as text", "zh": "数值以文本形式存储"}
    messages = {
        "default": {
            "en": "Column '{column}' has {count} number(s) written as text "
            "({share}: units, separators or full-width digits)",
            "zh": "列“{column}”有 {count} 个数值以文本书写（{share}：带单位、千分位或全角数字）",
        }
    }
    example_fail = {"file": "t.csv", "text": '区,人口\n海淀,"1,250"\n朝阳,12.3万\n丰台,３４５\n东城,200\n'}
    example_pass = {"file": "t.csv", "text": "区,人口\n海淀,1250\n朝阳,123000\n丰台,345\n东城,200\n"}


class NonIsoDates(_ValueRule):
    """Dates written as 2021年3月6日, 2021/3/6, 20210306, Excel serial numbers
    or ROC (民國) years instead of ISO 8601 (2021-03-06)."""

    code = "MR015"
    name = "non-iso-dates"
    default_severity = Severity.WARNING
    problem = "date_other"
    title = {"en": "Dates not in ISO 8601", "zh": "日期不符合 ISO 8601 格式"}
    messages = {
        "default": {
            "en": "Column '{column}' has {count} date(s) not in ISO 8601 (YYYY-MM-DD) ({share})",
            "zh": "列“{column}”有 {count} 个日期不是 ISO 8601 格式（YYYY-MM-DD）（{share}）",
        }
    }
    example_fail = {"file": "t.csv", "text": "事项,认定日期\n甲,2021年3月6日\n乙,2021/3/7\n丙,2021.3.8\n"}
    example_pass = {"file": "t.csv", "text": "事项,认定日期\n甲,2021-03-06\n乙,2021-03-07\n"}
