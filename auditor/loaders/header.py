"""Find the real header row under title rows and blank lines.

Government tables are made for printing: a title line, a blank line, then the
header. The header is the first record that is about as wide as the table's
widest record in the opening window; non-empty records above it are title rows
(MR011).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Iterator

from ..dataset import Record

WINDOW = 30


@dataclass
class Header:
    labels: list[str]
    row: int | None
    preamble_rows: tuple[int, ...]  # non-empty records above the header (titles)


def _filled(cells: list) -> int:
    return sum(1 for v in cells if v is not None and str(v).strip())


def split_header(records: Iterator[Record]) -> tuple[Header, Iterator[Record]]:
    """Return the header and an iterator over the records after it."""
    window = list(itertools.islice(records, WINDOW))
    widths = [_filled(cells) for _, cells in window]
    if not any(widths):
        return Header([], None, ()), iter(())
    widest = max(widths)
    need = max(2, (widest + 1) // 2) if widest >= 2 else 1
    index = next(i for i, w in enumerate(widths) if w >= need)
    rownum, cells = window[index]
    labels = ["" if v is None else str(v).strip() for v in cells]
    preamble = tuple(window[i][0] for i in range(index) if widths[i])
    rest = itertools.chain(window[index + 1:], records)
    return Header(labels, rownum, preamble), rest
