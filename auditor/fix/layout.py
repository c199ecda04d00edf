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

from .. import budget
from ..batch import ColumnBatch
from ..dataset import TableView
from ..loaders.header import split_header
from ..rowkinds import HEADER, NOTE, SECTION, TOTAL, RowKinds
from .source import SourceTable, body_batches

BLANK, DATA = "blank", "data"  # with the auditor's non-data kinds: TOTAL, NOTE, HEADER, SECTION
__all__ = ["BLANK", "DATA", "HEADER", "NOTE", "SECTION", "TOTAL", "BodyRows", "Layout", "read_layout"]


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
    window = list(itertools.islice(records, budget.current().limits.sniff_rows))  # as split_header reads
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
    return Layout(labels, header.row, header.header_rows, titles, merges, dict(header.facts)), rest


class BodyRows:
    """Sort the records under the header as the audit does; fill vertical merges down first.

    Batches come from the loader as the engine reads them (Arrow batches for CSV, packed
    records otherwise) and their non-data rows are found by the engine's own `RowKinds`, so
    what MR012 reports is exactly what is taken out. `rows` yields (record number, kind,
    cells); cells keep the loader's values (strings, numbers, dates)."""

    def __init__(self, layout: Layout, table: SourceTable):
        self.layout = layout
        self.table = table
        self.filled = 0  # cells filled from a vertical merge
        self.across_data = 0  # single-row merges inside data rows (kept as they are)
        self.section_merges = 0  # merges that make a section row (resolved into the section column)
        self._tops: dict[tuple[int, int], object] = {}

    def batches(self, records: Iterator) -> Iterator[ColumnBatch]:
        layout = self.layout
        view = TableView(name=self.table.name, columns=list(layout.labels), header_row=layout.header_row,
                         merged_ranges=self.table.merged, grid=self.table.grid)
        kinds = RowKinds(view)
        for batch in body_batches(self.table, list(layout.labels), layout.header_row, self._fill_down(records)):
            batch.nondata = kinds.classify(batch)
            yield batch

    def rows(self, records: Iterator) -> Iterator[tuple[int, str, list]]:
        for batch in self.batches(records):
            yield from self.rows_of(batch)

    def rows_of(self, batch: ColumnBatch) -> Iterator[tuple[int, str, list]]:
        across = self.layout.merged.across
        for rownum in batch.blank:
            yield rownum, BLANK, []
        for j, (rownum, cells) in enumerate(batch.rows()):
            kind = batch.nondata.get(j, DATA)
            if rownum in across:
                if kind == SECTION:
                    self.section_merges += len(across[rownum])
                elif kind == DATA:
                    self.across_data += len(across[rownum])
            yield rownum, kind, list(cells)

    def _fill_down(self, records: Iterator) -> Iterator:
        fill = self.layout.merged.fill_down
        for rownum, cells in records:
            if rownum in fill:
                cells = list(cells)
                self._fill(rownum, cells)
            yield rownum, cells

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
