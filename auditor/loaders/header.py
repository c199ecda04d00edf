"""Find the real header under title rows, and join multi-row headers.

Government tables are made for printing: a title line, annotation lines
(`单位：元`, `截止日期：2023年11月15日`, `填报单位：...`), a blank line, then a
header that may span two or three rows ("人口" over "男" and "女"). The header
row is the first record about as wide as the widest record in the opening
window (annotation lines are never candidates; in a CSV a title line holding a
comma is narrower than the table, so it is not one either). Rows right above it
that label groups of its columns, or a row right below it that splits its blank
cells, are header rows too: their labels are joined with "/" (`人口/男`). Other
non-empty rows above are titles (MR011); annotations become table facts (the
unit, the as-of date). A first record with the value shapes of the records under
it is data: the table has no header (MR007), its columns are `#1..#n`.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import budget
from ..dataset import Record

# Records held to find the header (the budget's sniff_rows): print-style sheets put long notes
# above the table (an NHS workbook's header is at row 47). Bounded, so memory does not depend on the file.
MAX_LEVELS = 3
COMPARE_ROWS = 20  # records under a candidate header whose value shapes say "this is data"

# `key：value` annotations above a table. Unit and as-of keys become table facts.
_ANNOTATION = re.compile(r"^\s*([^:：]{1,16}?)\s*[:：]\s*(.*?)\s*$", re.S)
_UNIT_KEYS = ("单位", "计量单位", "金额单位", "货币单位", "数量单位", "unit", "units", "eenheid", "unité", "einheit")
_AS_OF_KEYS = ("截止日期", "截至日期", "截止时间", "截至时间", "统计截止日期", "数据截止日期", "数据截止时间",
               "统计时间", "统计日期", "统计期", "报告期", "数据日期", "更新日期", "更新时间", "制表日期", "填报日期",
               "as of", "as at", "date", "stand", "peildatum")
_ORG_KEYS = ("填报单位", "制表单位", "编制单位", "报送单位", "填报机关", "填表单位", "统计单位", "数据来源", "来源",
             "填报人", "制表人", "审核人", "负责人", "联系电话", "source", "bron", "quelle", "fuente")
_ANNOTATION_KEYS = _UNIT_KEYS + _AS_OF_KEYS + _ORG_KEYS


@dataclass
class Header:
    labels: list[str]
    row: int | None
    preamble_rows: tuple[int, ...]  # non-empty records above the header that are titles
    header_rows: tuple[int, ...] = ()  # every record that makes up the header
    # What the records above the header say about the table: `unit`, `as_of` (the text of an
    # as-of annotation), `annotations` (their row numbers), `headerless` (no header at all).
    facts: dict[str, Any] = field(default_factory=dict)


def _annotation(cells: list) -> list[tuple[str, str]] | None:
    """The (key, value) pairs of a row made only of `key：value` annotations, else None."""
    texts = [_text(v) for v in cells if _text(v)]
    if not texts or len(texts) > 4:
        return None
    pairs = []
    for t in texts:
        m = _ANNOTATION.match(t)
        if not m:
            return None
        key = re.sub(r"\s+", "", m.group(1)).lower()
        if not any(key == k.replace(" ", "") or key.endswith(k.replace(" ", "")) for k in _ANNOTATION_KEYS):
            return None
        pairs.append((key, m.group(2)))
    return pairs


def _annotation_facts(pairs: list[tuple[str, str]], facts: dict[str, Any]) -> None:
    for key, value in pairs:
        if not value:
            continue
        if any(key == k.replace(" ", "") for k in _UNIT_KEYS) or (key.endswith("单位") and len(value) <= 6):
            facts.setdefault("unit", value)
        elif any(key.endswith(k.replace(" ", "")) for k in _AS_OF_KEYS):
            facts.setdefault("as_of", value)


def _text(v) -> str:
    return "" if v is None else str(v).strip()


def _filled(cells: list) -> int:
    return sum(1 for v in cells if _text(v))


def merged_boxes(merged: tuple[str, ...]) -> list[tuple[int, int, int, int]]:
    """Merged ranges as (first col, first row, last col, last row): 0-based columns, sheet rows."""
    from openpyxl.utils.cell import range_boundaries

    out = []
    for ref in merged:
        try:
            c0, r0, c1, r1 = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        out.append((c0 - 1, r0, c1 - 1, r1))
    return out


def _spans(boxes: list[tuple[int, int, int, int]], rows: set[int]) -> dict[int, list[tuple[int, int]]]:
    """Horizontal merged ranges over the given rows: {row: [(first col, last col)]}. Only the
    window's rows: a range may claim a million rows."""
    out: dict[int, list[tuple[int, int]]] = {}
    for c0, r0, c1, r1 in boxes:
        if c1 > c0:
            for r in rows:
                if r0 <= r <= r1:
                    out.setdefault(r, []).append((c0, c1))
    return out


def _merged_below(boxes: list[tuple[int, int, int, int]], row: int) -> int:
    """The last sheet row that the merges of a header row reach down to: a label merged over
    rows 3-4 (`地区` in A3:A4) says row 4 is part of the header too."""
    return max((r1 for _, r0, _, r1 in boxes if r0 == row and r1 > r0), default=row)


def _splits_merge(spans: list[tuple[int, int]], cells: list) -> bool:
    """A row with labels under a horizontal merge of the row above (`男`, `女` under `人口`)."""
    return any(sum(1 for c in range(c0, c1 + 1) if c < len(cells) and _text(cells[c])) >= 2 for c0, c1 in spans)


def _spread(cells: list, width: int, spans: list[tuple[int, int]] | None) -> list[str]:
    """A group row's labels copied over the columns they stand for."""
    texts = [_text(v) for v in cells[:width]] + [""] * max(0, width - len(cells))
    if spans is not None:
        out = list(texts)
        for c0, c1 in spans:
            for c in range(c0 + 1, min(c1, width - 1) + 1):
                out[c] = texts[c0]
        return out
    out, current = [], ""
    for t in texts:  # no merge information (CSV): a label runs until the next one
        current = t or current
        out.append(current)
    return out


def _is_text_row(cells: list) -> bool:
    from ..valuetypes import TEXT, classify

    values = [v for v in cells if _text(v)]
    return bool(values) and all(isinstance(v, str) and classify(v) == TEXT for v in values)


def _single_row_spans(boxes: list[tuple[int, int, int, int]]) -> dict[int, list[tuple[int, int]]]:
    """Horizontal merges within one row: a title is one; a label merged down over the header's
    rows (A10:E11) is a block of the header."""
    out: dict[int, list[tuple[int, int]]] = {}
    for c0, r0, c1, r1 in boxes:
        if c1 > c0 and r0 == r1:
            out.setdefault(r0, []).append((c0, c1))
    return out


def _is_title_span(spans: list[tuple[int, int]] | None, labels: list[str]) -> bool:
    """A merge from the first column over at least three columns and most of the block of
    labels that starts there (a sheet may hold a second table further right)."""
    block = next((i for i, label in enumerate(labels) if not label), len(labels))
    return any(c0 == 0 and c1 - c0 + 1 >= 3 and c1 + 1 >= 0.8 * block for c0, c1 in spans or ())


def _is_group_row(cells: list) -> bool:
    """Labels over groups of columns, unlike a title that sits in the first cell alone."""
    filled = [i for i, v in enumerate(cells) if _text(v)]
    return bool(filled) and filled != [0] and _is_text_row(cells)


def _candidate(window: list[Record], widths: list[int], annotations: set[int], grid: bool) -> int:
    """Index of the header row: the first record about as wide as the widest one."""
    widest = max(w for i, w in enumerate(widths) if i not in annotations)
    need = max(2, (widest + 1) // 2) if widest >= 2 else 1
    lengths = Counter(len(cells) for i, (_, cells) in enumerate(window) if widths[i] >= need and i not in annotations)
    modal = lengths.most_common(1)[0][0] if lengths else 0
    for i, w in enumerate(widths):
        if w < need or i in annotations:
            continue
        # In a CSV the line's own field count tells a title holding a comma from the header.
        if not grid and len(window[i][1]) < modal and w < 0.8 * widest:
            continue
        return i
    return next(i for i, w in enumerate(widths) if w >= need)


def _is_year(v) -> bool:
    t = _text(v)
    return t.isdigit() and len(t) == 4 and 1900 <= int(t) <= 2100


def _looks_like_data(cells: list, below: list[Record]) -> bool:
    """A candidate header whose typed cells have the shapes of the same columns below it is data.

    A header is text over typed columns (`金额` over numbers); a data record repeats the
    column's shape (a number over numbers, a date over dates). Year labels (2019, 2020 over
    amounts) are a header, not data."""
    from ..valuetypes import TEXT, classify

    rows = [c for _, c in below if _filled(c)][:COMPARE_ROWS]
    if len(rows) < 2:
        return False
    matches = labels = 0
    for i, v in enumerate(cells):
        if not _text(v):
            continue
        column = [r[i] for r in rows if i < len(r) and _text(r[i])]
        if not column:
            continue
        modal, n = Counter(classify(x) for x in column).most_common(1)[0]
        if modal == TEXT or n < 0.6 * len(column):
            continue  # a text column says nothing either way
        mine = classify(v)
        if mine == TEXT:
            labels += 1
        elif mine == modal and not (_is_year(v) and not all(_is_year(x) for x in column)):
            matches += 1
        else:
            labels += 1
    return labels == 0 and matches >= 2


def split_header(records: Iterator[Record], merged: tuple[str, ...] = (), grid: bool | None = None
                 ) -> tuple[Header, Iterator[Record]]:
    """Return the header and an iterator over the records after it. When the file breaks
    inside the window (a truncated workbook), the records before the break still make the
    header and the rows; the error is raised after them."""
    window: list[Record] = []
    broken: Exception | None = None
    try:
        window.extend(itertools.islice(records, budget.current().limits.sniff_rows))
    except Exception as exc:
        broken = exc
    widths = [_filled(cells) for _, cells in window]
    if not any(widths):
        if broken is not None:
            raise broken
        return Header([], None, ()), iter(())
    if broken is not None:
        records = _raising(broken)
    grid = bool(merged) if grid is None else grid
    facts: dict[str, Any] = {}
    pairs_at = {i: p for i, (_, cells) in enumerate(window) if widths[i] and (p := _annotation(cells)) is not None}
    annotations = set(pairs_at)
    if len(annotations) == sum(1 for w in widths if w):
        annotations = set()  # nothing but `key: value` rows: that is the table itself
    index = _candidate(window, widths, annotations, grid)
    rownum, cells = window[index]
    if index == 0 and not merged and _looks_like_data(cells, window[1:]):
        width = max(len(c) for _, c in window)
        labels = [f"#{i + 1}" for i in range(width)]
        return Header(labels, None, (), (), {"headerless": True}), itertools.chain(window, records)
    width = len(cells)
    boxes = merged_boxes(merged) if merged else []
    spans = _spans(boxes, {r for r, _ in window})
    single = _single_row_spans(boxes)
    levels = [[_text(v) for v in cells]]
    rows = [rownum]
    top = index
    # A group row spans the header's columns; in a CSV a shorter line is a title, not a group row,
    # and so is a label merged from the first column over most of the header (a sheet's title).
    while (top > 0 and len(levels) < MAX_LEVELS and widths[top - 1] and top - 1 not in annotations
           and (grid or len(window[top - 1][1]) >= width) and _is_group_row(window[top - 1][1])
           and not _is_title_span(single.get(window[top - 1][0]), levels[0])):
        top -= 1
        r, above = window[top]
        levels.insert(0, _spread(above, width, spans.get(r) if merged else None))
        rows.insert(0, r)
    below = index + 1
    # Merges are the publisher's own word that a row belongs to the header: a label merged down
    # over it, or labels splitting a merged group label above; then the data may be text too.
    reach = max([_merged_below(boxes, r) for r in rows], default=rownum)
    while (below + 1 < len(window) and len(levels) < MAX_LEVELS and _is_text_row(window[below][1])
           and any(not levels[-1][i] and _text(v) for i, v in enumerate(window[below][1][:width]))
           and (window[below][0] <= reach or _splits_merge(spans.get(rows[-1], []), window[below][1])
                or not _is_text_row(window[below + 1][1]))):
        if len(levels) == 1:  # the row above is split by this one: its labels span their groups
            levels[0] = _spread(levels[0], width, spans.get(rows[0]) if merged else None)
        levels.append([_text(v) for v in window[below][1][:width]] + [""] * max(0, width - len(window[below][1])))
        rows.append(window[below][0])
        reach = max(reach, _merged_below(boxes, rows[-1]))
        below += 1
    padded = _padded_labels([window[i][1] for i in range(top, below)])
    if padded:
        facts["padded_labels"] = padded
    labels = _join(levels) if len(levels) > 1 else levels[0]
    if grid:
        labels = _fit_to_values(labels, window[below:])
    preamble = tuple(window[i][0] for i in range(top) if widths[i])
    above = sorted(i for i in annotations if i < top)
    for i in above:
        _annotation_facts(pairs_at[i], facts)
    if above:
        facts["annotations"] = tuple(window[i][0] for i in above)
    rest = itertools.chain(window[below:], records)
    return Header(labels, rows[-1], preamble, tuple(rows), facts), rest


def _raising(exc: Exception) -> Iterator[Record]:
    raise exc
    yield  # a generator that raises when first read


def _padded_labels(rows: list[list]) -> list[int]:
    """1-based positions of header cells with leading or trailing white space (the labels are
    reported stripped, so this is the only trace of it)."""
    return sorted({i + 1 for cells in rows for i, v in enumerate(cells)
                   if isinstance(v, str) and v.strip() and v != v.strip()})


def _fit_to_values(labels: list[str], rows: list[Record]) -> list[str]:
    """A sheet's header reaches as far as its values do: trailing blank labels over empty
    columns are layout, but a value in a column without a label makes that label blank
    (MR007 names the column), not the row ragged."""
    used = max((i + 1 for _, cells in rows for i in range(len(cells) - 1, -1, -1) if _text(cells[i])), default=0)
    end = len(labels)
    while end > used and not labels[end - 1]:
        end -= 1
    return labels[:end] + [""] * (used - end)


def _join(levels: list[list[str]]) -> list[str]:
    width = max(len(level) for level in levels)
    out = []
    for i in range(width):
        parts: list[str] = []
        for level in levels:
            part = level[i] if i < len(level) else ""
            if part and (not parts or parts[-1] != part):
                parts.append(part)
        out.append("/".join(parts))
    return out
