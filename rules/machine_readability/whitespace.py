"""White space and line breaks a program trips over but a person never sees (csvlint's checks)."""
from __future__ import annotations

import numpy as np
import pyarrow.compute as pc

from auditor.arrowtext import arrow_indices, may_be_padded
from auditor.model import Severity
from auditor.rule import Rule

FIRST = 5
# White space as str.strip() sees it, in RE2 syntax (tabs, line breaks, NBSP, the ideographic space).
_WS = r"[\s\x{0b}\x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
_PADDED = f"^{_WS}|{_WS}$"
_ONLY_SPACE = f"^{_WS}*$"


def _padded(column) -> np.ndarray:
    """Indices of the cells that start or end with white space and are not white space only."""
    candidates = np.flatnonzero(may_be_padded(column))
    if not len(candidates):  # the common case
        return candidates
    cells = column.take(arrow_indices(candidates))
    padded = pc.and_kleene(pc.match_substring_regex(cells, _PADDED),
                           pc.invert(pc.match_substring_regex(cells, _ONLY_SPACE)))
    return candidates[pc.fill_null(padded, False).to_numpy(zero_copy_only=False)]


def _padded_mask(column) -> np.ndarray:
    mask = np.zeros(len(column), dtype=bool)
    mask[_padded(column)] = True
    return mask


class PaddedCells(Rule):
    """Cells with leading or trailing white space: `"海淀 "` and `"海淀"` are two values to
    a join, a filter or a count of distinct values, and no one sees the difference.
    Cells made only of white space are blank cells (completeness), not padded ones."""

    code = "MR025"
    name = "padded-cells"
    default_severity = Severity.WARNING
    title = {"en": "Cells with leading or trailing white space", "zh": "单元格首尾有空白字符"}
    messages = {"default": {
        "en": "{count} cell(s) in column '{column}' start or end with white space",
        "zh": "列“{column}”中有 {count} 个单元格首尾带有空白字符",
    }}
    example_fail = {"file": "t.csv", "text": "区,人口\n海淀 ,100\n 朝阳,200\n"}
    example_pass = {"file": "t.csv", "text": "区,人口\n海淀,100\n朝阳,200\n"}

    def start(self, table):
        self.labels = list(table.columns)
        self.counts = [0] * len(self.labels)
        self.first: list[list[int]] = [[] for _ in self.labels]

    def columns(self, batch):
        """A byte look at each cell's first and last character picks the candidates in C;
        the exact regexes run on those only (on the distinct values of a column whose values
        repeat), and Python numbers the first few rows."""
        if not len(batch):
            return
        for i, column in enumerate(batch.columns[: len(self.labels)]):
            repeated = batch.distinct(i)
            if repeated is None:
                hits = _padded(column)
            else:
                values, codes = repeated
                hits = np.flatnonzero(np.append(_padded_mask(values), False)[codes])  # -1: a null
            if not len(hits):
                continue
            self.counts[i] += len(hits)
            room = FIRST - len(self.first[i])
            if room > 0:
                self.first[i].extend(batch.rownums[int(j)] for j in hits[:room])

    def end(self, table, results):
        for i, label in enumerate(self.labels):
            if self.counts[i]:
                self.report(column=label or f"#{i + 1}", count=self.counts[i], rows=self.first[i])


class PaddedLabels(Rule):
    """Column labels with leading or trailing white space: a program asking for column
    `人口` does not find `人口 `. The reported labels are shown stripped; this names them."""

    code = "MR023"
    name = "padded-labels"
    default_severity = Severity.WARNING
    title = {"en": "Column labels with leading or trailing white space", "zh": "列名首尾有空白字符"}
    messages = {"default": {
        "en": "{count} column label(s) start or end with white space (columns {positions})",
        "zh": "有 {count} 个列名首尾带有空白字符（第 {positions} 列）",
    }}
    example_fail = {"file": "t.csv", "text": "区 , 人口\n海淀,100\n"}
    example_pass = {"file": "t.csv", "text": "区,人口\n海淀,100\n"}

    def end(self, table, results):
        positions = table.facts.get("padded_labels") or []
        if not positions or table.header_row is None:
            return
        column = table.columns[positions[0] - 1] if len(positions) == 1 and positions[0] <= len(table.columns) else None
        shown = ", ".join(map(str, positions[:10])) + (" …" if len(positions) > 10 else "")
        self.report(column=column, count=len(positions), positions=shown, row=table.header_row,
                    data={"positions": positions[:1000]})


class MixedLineEndings(Rule):
    """Records ended by different line breaks (CRLF and LF) in one file: the file was
    edited on two systems or glued from two exports, and a reader splitting on one style
    leaves a stray carriage return in the last column of the other rows."""

    code = "MR024"
    name = "mixed-line-endings"
    default_severity = Severity.INFO
    title = {"en": "Mixed line endings", "zh": "换行符不一致"}
    messages = {"default": {
        "en": "Line endings are mixed ({styles}): {count} record(s) do not end with the file's usual {usual}",
        "zh": "换行符不一致（{styles}）：有 {count} 条记录的换行符不是文件通用的 {usual}",
    }}
    example_fail = {"file": "t.csv", "text": "a,b\r\n1,2\n3,4\r\n"}
    example_pass = {"file": "t.csv", "text": "id,value\r\n1,2\r\n3,4\r\n"}  # CRLF throughout

    def end(self, table, results):
        endings = table.facts.get("line_endings")
        if not endings:
            return
        counts = {s: n for s, n in endings["counts"].items() if n}
        if len(counts) < 2:
            return
        usual = max(counts, key=lambda s: counts[s])
        others = sorted(r for s in counts if s != usual for r in endings["first"][s])[:FIRST]
        styles = ", ".join(f"{s}×{n}" for s, n in counts.items())
        self.report(count=sum(n for s, n in counts.items() if s != usual), usual=usual, styles=styles,
                    rows=others, data={"counts": counts})
