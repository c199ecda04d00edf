"""The planning pass: read a table once and decide its repairs before a row is written.

What a row-by-row writer cannot know up front is decided here: which columns are
empty (dropped), what kind each column is (the value rules' own `ValueProfile`, fed the
same batches, so the re-audit sees the kinds we repaired for), each number column's
unit, and whether section rows need a column. Memory is bounded: counts per column, the
profile's 1,000-value samples, the unit tallies.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from .. import valuetypes as vt
from ..dataset import TableView
from ..rules.machine_readability.values import ValueProfile
from .layout import DATA, SECTION, BodyRows, Layout, read_layout, unique_labels
from .missing import clean
from .numbers import UnitTally, table_unit
from .source import SourceTable


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
    blanks_filled: int
    dupes_renamed: int
    dropped: list[int] = field(default_factory=list)
    sensitive: dict[int, set[str]] = field(default_factory=dict)  # source column -> SF kinds reported there
    # source column -> tokens that stand for "missing" there (the unambiguous list, plus what CP003 reported)
    placeholders: dict[int, frozenset] = field(default_factory=dict)

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
    labels, blanks, dupes = unique_labels(layout.labels)
    body = BodyRows(layout, table)
    profile = ValueProfile(TableView(name=table.name, columns=list(layout.labels), header_row=layout.header_row),
                           SimpleNamespace(facts={}))
    filled = [0] * ncols
    units = {i: UnitTally() for i in range(ncols)}  # dropped once a column is known not to hold numbers
    sections = 0
    for batch in body.batches(rest):
        profile.columns(batch)
        for i in [i for i in units if profile.kinds[i] not in (None, vt.KIND_NUMBER)]:
            del units[i]
        for _, kind, cells in body.rows_of(batch):
            sections += kind == SECTION
            if kind != DATA:
                continue
            for i, v in enumerate(cells[:ncols]):
                v = prepare(v, placeholders)
                if v != "":
                    filled[i] += 1
                    if i in units:
                        units[i].add(v)
    profile.finish()
    kinds_all = [k or vt.KIND_TEXT for k in profile.kinds]
    dropped = _empty_columns(filled, layout.labels)
    keep = [i for i in range(ncols) if i not in dropped]
    section_label = None
    if sections:
        cjk = any(any("\u4e00" <= c <= "\u9fff" for c in lab) for lab in labels)
        section_label = "分组" if cjk else "section"
        while section_label in labels:
            section_label += "_"
    out_labels = ([section_label] if section_label else []) + [labels[i] for i in keep]
    kinds = [kinds_all[i] for i in keep]
    unit = table_unit(layout.facts.get("unit"))
    kept_units = {p: units[i].unit(labels[i], unit) for p, i in enumerate(keep)
                  if i in units and kinds_all[i] == vt.KIND_NUMBER}
    return TablePlan(table.name, layout, ncols, keep, out_labels, kinds, kept_units, section_label,
                     blanks, dupes, sorted(dropped))


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
