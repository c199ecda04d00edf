"""Layout repairs: the real header, and every body row sorted into data or not (MR007, MR009-MR012).

A print-style sheet is read as the auditor reads it: `split_header` finds the
header under the title rows and joins multi-row labels; the title rows' text
goes to the package description. In the body, a row is blank, a total, a note,
a repeat of the header (stacked sub-tables), a section label (one text cell,
usually merged across the row: '北京市（92所）'), or data. Vertical merged
ranges label a block of rows: their value is filled down before rows are sorted.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..loaders.header import WINDOW, split_header
from ..rules.machine_readability.rows import NOTE_PREFIXES, TOTAL_WORDS
from .source import SourceTable, body_records

BLANK, TOTAL, NOTE, HEADER, SECTION, LONE, DATA = "blank", "total", "note", "header", "section", "lone", "data"


def text_of(value) -> str:
    return "" if value is None else str(value).strip()


@dataclass
class Layout:
    """Where the header is and what surrounds it."""

    labels: list[str]  # as the auditor reads them (joined multi-row labels; may be blank or repeated)
    header_row: int | None
    header_rows: tuple[int, ...]
    titles: list[str]  # text of the title rows above the header
    merged: Merges
    facts: dict = field(default_factory=dict)  # what the rows above the header say: unit, as_of
    header_is_data: bool = False  # the first record is data (MR007): columns are named by position


@dataclass
class Merges:
    """The sheet's merged ranges, sorted by what they do."""

    fill_down: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)  # row -> [(c0, c1, top row)]
    across: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # single-row body ranges by row
    layout: int = 0  # ranges in the title and header rows
    vertical: int = 0  # ranges that span rows of the body

    @classmethod
    def read(cls, refs: tuple[str, ...], header_row: int | None) -> Merges:
        from openpyxl.utils.cell import range_boundaries

        out = cls()
        for ref in refs:
            try:
                c0, r0, c1, r1 = range_boundaries(ref)
            except (ValueError, TypeError):
                continue
            if header_row is None or r1 <= header_row:
                out.layout += 1
            elif r1 > r0:
                out.vertical += 1
                for r in range(max(r0, header_row + 1), r1 + 1):
                    out.fill_down.setdefault(r, []).append((c0 - 1, c1 - 1, r0))
            elif c1 > c0:
                out.across.setdefault(r0, []).append((c0 - 1, c1 - 1))
        return out


def read_layout(table: SourceTable) -> tuple[Layout, Iterator]:
    """The header of a table (as the auditor finds it) and the records under it."""
    records = table.records()
    if table.hint is not None:  # JSON records: the keys are the labels, every record is data
        return Layout([str(k) for k in table.hint], 0, (), [], Merges()), records
    window = list(itertools.islice(records, WINDOW))
    header, rest = split_header(itertools.chain(window, records), table.merged, grid=table.grid)
    texts = {rownum: " ".join(t for t in (text_of(v) for v in cells) if t) for rownum, cells in window}
    titles = [texts[r] for r in header.preamble_rows if texts.get(r)]
    labels = list(header.labels)
    if header.facts.get("headerless"):  # the first record is data (MR007): columns are named by position
        layout = Layout([""] * len(labels), 0, (), titles, Merges.read(table.merged, 0), dict(header.facts), True)
        return layout, rest
    if table.grid:
        while labels and not labels[-1]:
            labels.pop()
    merges = Merges.read(table.merged, header.row)
    rest = body_records(table, list(header.labels), header.row, rest)
    return Layout(labels, header.row, header.header_rows, titles, merges, dict(header.facts)), rest


class BodyRows:
    """Sort the records under the header; fill vertical merges down first.

    Yields (record number, kind, cells). Cells keep the loader's values (strings,
    numbers, dates); the value repairs come later."""

    def __init__(self, layout: Layout, ncols: int, grid: bool):
        self.layout = layout
        self.ncols = ncols
        self.grid = grid
        self.filled = 0  # cells filled from a vertical merge
        self.across_data = 0  # single-row merges inside data rows (kept as they are)
        self.section_merges = 0  # merges that make a section row (resolved into the section column)
        self._tops: dict[tuple[int, int], object] = {}
        self._label_cells = [text_of(v) for v in layout.labels]

    def rows(self, records: Iterator) -> Iterator[tuple[int, str, list]]:
        held: list[tuple[int, str, list]] = []  # lone rows (and blanks after them) until we know what follows
        for rownum, cells in records:
            cells = list(cells)
            if self.grid and len(cells) != self.ncols:
                cells = _fit(cells, self.ncols)
            if rownum in self.layout.merged.fill_down:
                self._fill(rownum, cells)
            kind = self.kind(rownum, cells)
            if kind == DATA and rownum in self.layout.merged.across:
                self.across_data += len(self.layout.merged.across[rownum])
            if kind == LONE or (held and kind == BLANK):
                held.append((rownum, kind, cells))
                continue
            if held:  # the title of a stacked sub-table sits right above its repeated header
                yield from ((r, SECTION if k == LONE and kind == HEADER else k, c) for r, k, c in held)
                held = []
            yield rownum, kind, cells
        yield from held

    def _fill(self, rownum: int, cells: list) -> None:
        for c0, c1, top in self.layout.merged.fill_down[rownum]:
            if rownum == top:
                self._tops[(top, c0)] = cells[c0] if c0 < len(cells) else ""
                continue
            value = self._tops.get((top, c0), "")
            if text_of(value) == "":
                continue
            for c in range(c0, min(c1 + 1, len(cells))):
                if text_of(cells[c]) == "":
                    cells[c] = value
                    self.filled += 1

    def kind(self, rownum: int, cells: list) -> str:
        texts = [text_of(v) for v in cells]
        filled = [i for i, t in enumerate(texts) if t]
        if not filled:
            return BLANK
        head = texts[0]
        if head.startswith(TOTAL_WORDS) or (not head and len(texts) > 1 and texts[1] in TOTAL_WORDS):
            return TOTAL
        if head.startswith(NOTE_PREFIXES):
            return NOTE
        if head and texts[: len(self._label_cells)] == self._label_cells:
            return HEADER
        if len(filled) == 1 and self.ncols >= 3 and isinstance(cells[filled[0]], str):
            spans = self.layout.merged.across.get(rownum, ())
            if any(c0 == filled[0] and c1 - c0 + 1 >= max(2, self.ncols // 2) for c0, c1 in spans):
                self.section_merges += len(spans)
                return SECTION
            if filled[0] == 0:
                return LONE  # a section label only if the first column otherwise holds numbers (序号)
        return DATA


def _fit(cells: list, ncols: int) -> list:
    """Spreadsheet rows: trailing empty cells are layout, not ragged data (as the engine reads them)."""
    if len(cells) < ncols:
        return cells + [""] * (ncols - len(cells))
    end = len(cells)
    while end > ncols and text_of(cells[end - 1]) == "":
        end -= 1
    return cells[:end]


def unique_labels(labels: list[str]) -> tuple[list[str], int, int]:
    """Every column a non-blank, unique name: (labels, blanks filled, duplicates renamed)."""
    out, seen, blanks, dupes = [], set(), 0, 0
    for i, label in enumerate(labels):
        name = label.strip()
        if not name:
            name, blanks = f"column_{i + 1}", blanks + 1
        if name in seen:
            n = 2
            while f"{name}_{n}" in seen:
                n += 1
            name, dupes = f"{name}_{n}", dupes + 1
        seen.add(name)
        out.append(name)
    return out, blanks, dupes
