"""The planning pass: read a table once and decide its repairs before a row is written.

What a row-by-row writer cannot know up front is decided here: which columns are
empty (dropped), what kind each column is (the value rules' own classifier on the
same first 1,000 data rows, so the re-audit sees the kinds we repaired for),
each number column's unit, and whether lone first-cell rows label sections.
Memory is bounded: counts per column and the 1,000-row sample.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .. import valuetypes as vt
from .layout import DATA, LONE, SECTION, BodyRows, Layout, read_layout, unique_labels
from .missing import clean
from .numbers import UnitTally, table_unit
from .source import SourceTable

SAMPLE_ROWS = 1000  # as the value rules (MR013-MR015) sample a column's kind
SECTION_SHARE = 0.8  # lone first-cell rows are section labels when the first column is this numeric


@dataclass
class TablePlan:
    name: str
    layout: Layout
    ncols: int
    keep: list[int]  # source column indexes written, in order
    labels: list[str]  # output labels (a section column first when there is one)
    kinds: list[str]  # kind of each kept column: text, number, date
    units: dict[int, tuple[int, str]]  # kept position -> (magnitude, base unit) of number columns
    section_label: str | None
    lone_is_section: bool
    blanks_filled: int
    dupes_renamed: int
    dropped: list[int] = field(default_factory=list)
    sensitive: dict[int, set[str]] = field(default_factory=dict)  # source column -> SF kinds reported there

    @property
    def offset(self) -> int:
        return 1 if self.section_label else 0


def prepare(value, placeholders: frozenset):
    """A loader cell ready for judging: strings trimmed and placeholders emptied; typed cells as they are."""
    if value.__class__ is str:
        return clean(value, placeholders)[0]
    return "" if value is None else value


def plan_table(table: SourceTable, placeholders: frozenset) -> TablePlan | None:
    """Read the table once; None when it has no header (an empty sheet)."""
    layout, rest = read_layout(table)
    if layout.header_row is None:
        return None
    ncols = len(layout.labels)
    body = BodyRows(layout, ncols, table.grid)
    filled = [0] * ncols
    labels, blanks, dupes = unique_labels(layout.labels)
    sample: list[list] = []
    kinds_all: list[str] | None = None
    units: dict[int, UnitTally] = {}
    head_numeric = head_total = lone = sections = 0
    for _, kind, cells in body.rows(rest):
        sections += kind == SECTION
        lone += kind == LONE
        if kind not in (DATA, LONE):
            continue
        values = [prepare(v, placeholders) for v in cells[:ncols]]
        for i, v in enumerate(values):
            if v != "":
                filled[i] += 1
        if kind != DATA:
            continue
        if values and values[0] != "":
            head_total += 1
            head_numeric += vt.classify(values[0]) in (vt.NUMBER, vt.CODE)
        if kinds_all is None:
            sample.append(values)
            if len(sample) >= SAMPLE_ROWS:
                kinds_all, units = _decide(sample, labels, ncols)
        else:
            for i, tally in units.items():
                if i < len(values) and values[i] != "":
                    tally.add(values[i])
    if kinds_all is None:
        kinds_all, units = _decide(sample, labels, ncols)
    lone_is_section = lone > 0 and head_total > 0 and head_numeric / head_total >= SECTION_SHARE
    dropped = _empty_columns(filled, layout.labels)
    keep = [i for i in range(ncols) if i not in dropped]
    section_label = None
    if sections or lone_is_section:
        cjk = any(any("\u4e00" <= c <= "\u9fff" for c in lab) for lab in labels)
        section_label = "分组" if cjk else "section"
        while section_label in labels:
            section_label += "_"
    out_labels = ([section_label] if section_label else []) + [labels[i] for i in keep]
    kinds = [kinds_all[i] for i in keep]
    unit = table_unit(layout.facts.get("unit"))
    kept_units = {p: units[i].unit(labels[i], unit) for p, i in enumerate(keep) if i in units}
    return TablePlan(table.name, layout, ncols, keep, out_labels, kinds, kept_units, section_label, lone_is_section,
                     blanks, dupes, sorted(dropped))


def _decide(sample: list[list], labels: list[str], ncols: int) -> tuple[list[str], dict[int, UnitTally]]:
    """Column kinds from the sample, and a unit tally for each number column (the sample counted in)."""
    kinds = _kinds(sample, labels, ncols)
    units = {i: UnitTally() for i, k in enumerate(kinds) if k == vt.KIND_NUMBER}
    for values in sample:
        for i, tally in units.items():
            if i < len(values) and values[i] != "":
                tally.add(values[i])
    return kinds, units


def _kinds(sample: list[list], labels: list[str], ncols: int) -> list[str]:
    counts: list[Counter] = [Counter() for _ in range(ncols)]
    for values in sample:
        for i, v in enumerate(values[:ncols]):
            if v != "" and v is not None:
                counts[i][vt.classify(v)] += 1
    return [vt.column_kind(counts[i], labels[i]) for i in range(ncols)]


def _empty_columns(filled: list[int], labels: list[str]) -> set[int]:
    """Columns without a value that are trailing or have no label (CP004): the others keep their place."""
    dropped = {i for i, n in enumerate(filled) if n == 0 and not labels[i].strip()}
    end = len(filled)
    while end > 0 and filled[end - 1] == 0:
        end -= 1
        dropped.add(end)
    if len(dropped) == len(filled):  # a header without data: keep the labelled columns
        dropped = {i for i in dropped if not labels[i].strip()}
    return dropped
