"""Shared analyses: per-table computations that several rules read, owned by the engine.

A rule declares what it needs (`requires = (SensitiveScan,)`). For every table the
engine makes one instance of each analysis some active rule requires (and always
`TableStats`), configures it from the effective profile options of exactly the rules
that require it, feeds it every batch, and hands its result to those rules' `end`
and, through `ds.tables`, to `dataset`. So options never depend on which rule happened
to start first, and a cell is looked at once however many rules judge it.

Writing one: subclass `Analysis`, override what you need, return the result from
`finish()` (the analysis itself is fine). Adding an analysis touches one module.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .batch import ColumnBatch
    from .dataset import DatasetView, TableView


class Analysis:
    """One table's shared computation. Hooks, in order:

        __init__(table, ds)         the TableView (labels, grid, facts) and the DatasetView
        configure(options)          {requiring rule class: its effective options}, before any batch
        columns(batch)              every ColumnBatch of data rows
        finish() -> result          after the last batch; what the rules get in `results[Cls]`
    """

    name: str = ""  # shown in error locations; the class name when empty

    def __init__(self, table: TableView, ds: DatasetView):
        self.table = table
        self.ds = ds

    def configure(self, options: dict[type, dict[str, Any]]) -> None:
        pass

    def columns(self, batch: ColumnBatch) -> None:
        pass

    def finish(self) -> Any:
        return self

    @classmethod
    def label(cls) -> str:
        return cls.name or cls.__name__


class Results(dict):
    """The finished analyses of one table: `results[TableStats]`, `results[SensitiveScan]`.

    For rules written against the first API (`end(table, stats)`), attribute access
    falls through to the TableStats: `results.rows`, `results.missing(i)` keep working."""

    def __getattr__(self, name: str):
        from .tablestats import TableStats

        stats = dict.get(self, TableStats)
        if stats is None or name.startswith("__"):
            raise AttributeError(name)
        return getattr(stats, name)
