"""Find the real header under title rows, and join multi-row headers.

Government tables are made for printing: a title line, a blank line, then a
header that may span two or three rows ("人口" over "男" and "女"). The header
row is the first record about as wide as the widest record in the opening
window. Rows right above it that label groups of its columns, or a row right
below it that splits its blank cells, are header rows too: their labels are
joined with "/" (`人口/男`). Other non-empty rows above are titles (MR011).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Iterator

from ..dataset import Record

WINDOW = 30
MAX_LEVELS = 3


@dataclass
class Header:
    labels: list[str]
    row: int | None
    preamble_rows: tuple[int, ...]  # non-empty records above the header that are titles
    header_rows: tuple[int, ...] = ()  # every record that makes up the header


def _text(v) -> str:
    return "" if v is None else str(v).strip()


def _filled(cells: list) -> int:
    return sum(1 for v in cells if _text(v))


def _spans(merged: tuple[str, ...]) -> dict[int, list[tuple[int, int]]]:
    """Horizontal merged ranges by row number: {row: [(first col, last col)]} (0-based columns)."""
    from openpyxl.utils.cell import range_boundaries

    out: dict[int, list[tuple[int, int]]] = {}
    for ref in merged:
        try:
            c0, r0, c1, r1 = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        if c1 > c0:
            for r in range(r0, r1 + 1):
                out.setdefault(r, []).append((c0 - 1, c1 - 1))
    return out


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


def _is_group_row(cells: list) -> bool:
    """Labels over groups of columns, unlike a title that sits in the first cell alone."""
    filled = [i for i, v in enumerate(cells) if _text(v)]
    return bool(filled) and filled != [0] and _is_text_row(cells)


def split_header(records: Iterator[Record], merged: tuple[str, ...] = ()) -> tuple[Header, Iterator[Record]]:
    """Return the header and an iterator over the records after it."""
    window = list(itertools.islice(records, WINDOW))
    widths = [_filled(cells) for _, cells in window]
    if not any(widths):
        return Header([], None, ()), iter(())
    widest = max(widths)
    need = max(2, (widest + 1) // 2) if widest >= 2 else 1
    index = next(i for i, w in enumerate(widths) if w >= need)
    rownum, cells = window[index]
    width = len(cells)
    spans = _spans(merged) if merged else {}
    levels = [[_text(v) for v in cells]]
    rows = [rownum]
    top = index
    while top > 0 and len(levels) < MAX_LEVELS and widths[top - 1] and _is_group_row(window[top - 1][1]):
        top -= 1
        r, above = window[top]
        levels.insert(0, _spread(above, width, spans.get(r) if merged else None))
        rows.insert(0, r)
    below = index + 1
    while (below + 1 < len(window) and len(levels) < MAX_LEVELS and _is_text_row(window[below][1])
           and any(not levels[-1][i] and _text(v) for i, v in enumerate(window[below][1][:width]))
           and not _is_text_row(window[below + 1][1])):
        if len(levels) == 1:  # the row above is split by this one: its labels span their groups
            levels[0] = _spread(levels[0], width, spans.get(rows[0]) if merged else None)
        levels.append([_text(v) for v in window[below][1][:width]] + [""] * max(0, width - len(window[below][1])))
        rows.append(window[below][0])
        below += 1
    labels = _join(levels) if len(levels) > 1 else levels[0]
    preamble = tuple(window[i][0] for i in range(top) if widths[i])
    rest = itertools.chain(window[below:], records)
    return Header(labels, rows[-1], preamble, tuple(rows)), rest


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
