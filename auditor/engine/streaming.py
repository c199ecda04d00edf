"""One dataset's pass: per table, find the header, stream column batches through the
analyses and the rules' hooks, then the `end` and `dataset` hooks."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from .. import loaders
from ..analysis import Analysis, Results
from ..arrowtext import RepeatedValues
from ..batch import ColumnBatch, pack
from ..budget import LimitReached
from ..dataset import DatasetView, LoadedDataset, Table, TableView
from ..loaders.header import split_header
from ..metadata import Metadata
from ..model import DatasetResult, ToolError
from ..profile import ActiveRule
from ..rowkinds import RowKinds
from ..rule import Rule
from ..tablestats import TableStats
from .context import RunContext, Target
from .results import dataset_result
from .stamping import Collector, tool_error

TABLE_HOOKS = ("start", "columns", "row", "rows", "end")


class RowFailed(Exception):
    """A first-API `row` hook raised: carries the record number for the error location."""

    def __init__(self, rownum: int, error: BaseException):
        super().__init__(str(error))
        self.rownum = rownum
        self.error = error


def batch_hook(rule: Rule) -> Callable[[ColumnBatch], None] | None:
    """The rule's `columns` hook, or an adapter feeding a first-API `rows`/`row` hook."""
    cls = type(rule)
    if cls.defines("columns"):
        return rule.columns
    if cls.defines("rows"):
        return lambda batch: rule.rows(batch.rows())
    if cls.defines("row"):
        def each_row(batch: ColumnBatch) -> None:
            for rownum, cells in batch.rows():
                try:
                    rule.row(rownum, cells)
                except Exception as exc:
                    raise RowFailed(rownum, exc) from exc
        return each_row
    return None


def audit_loaded(loaded: LoadedDataset, target: Target, ctx: RunContext, kind: str = "data") -> DatasetResult:
    """Audit a dataset that is already loaded (or stands for a catalogue entry, or a failure)."""
    collector = Collector()
    errors: list[ToolError] = []
    meta = target.metadata.merge(loaded.metadata) if target.metadata and loaded.metadata else (
        target.metadata or loaded.metadata or Metadata())
    view = DatasetView(
        path=target.path,
        source=target.source,
        extension=os.path.splitext(target.path)[1].lower(),
        format=loaded.format,
        encoding=loaded.encoding,
        metadata=meta,
        metadata_problems=list(target.metadata_problems),
        tables=[],
        as_of=ctx.as_of,
        timezone=ctx.profile.timezone,
        kind=kind,
        placeholders=ctx.placeholders,
    )
    contributions: dict[str, dict] = {}

    def contribute(block: str, data: dict) -> None:
        held = contributions.setdefault(block, data)
        if held is not data:
            held.update(data)

    rules: list[tuple[ActiveRule, Rule]] = []
    for active in ctx.active:  # one instance per dataset: per-table state is reset in start()
        rule = active.cls(active.options, collector.sink_for(active))
        rule.ds = view
        rule._contribute = contribute
        rules.append((active, rule))
    for table in loaded.tables:
        if loaded.limit_reached:
            break  # a limit stopped this file: its remaining tables are skipped
        try:
            result = _audit_table(table, loaded, view, ctx, rules, collector, errors)
        except Exception as exc:
            errors.append(tool_error(ctx, target.source, f"table {table.name}", exc))
            continue
        if result is not None:
            view.tables.append(result)
    collector.table = None
    view.load_error = loaded.load_error
    view.limit_reached = loaded.limit_reached
    view.decode_errors = loaded.decode_errors
    for active, rule in rules:
        if not active.cls.defines("dataset"):
            continue
        try:
            rule.dataset(view)
        except Exception as exc:
            errors.append(tool_error(ctx, target.source, f"{active.cls.code}.dataset", exc))
    return dataset_result(loaded, target, view, ctx, collector, errors, contributions, kind)


def _header(table: Table, loaded: LoadedDataset):
    """(TableView, data records) or None when the table has no header; a break is MR001."""
    records = table.records()
    header_rows: tuple[int, ...] = ()
    header_row: int | None = 1
    preamble: tuple[int, ...] = ()
    if table.header_hint is not None:
        labels = list(table.header_hint)
    else:
        try:
            header, records = split_header(records, table.merged_ranges, grid=table.grid)
        except LimitReached as exc:  # a bomb before the header: MR022, the rest of the file skipped
            loaded.limit_reached = f"table {table.name}: {exc}"
            return None
        except Exception as exc:  # the file broke before the header was found: a finding (MR001)
            loaded.load_error = f"table {table.name}: {loaders.describe_error(exc)}"
            return None
        labels, header_row, preamble = header.labels, header.row, header.preamble_rows
        header_rows = header.header_rows
        table.facts.update(header.facts)
    if header_row is None and table.grid and not table.facts.get("headerless"):
        return None
    view = TableView(
        name=table.name, columns=labels, header_row=header_row, preamble_rows=preamble,
        merged_ranges=table.merged_ranges, grid=table.grid, facts=table.facts, header_rows=header_rows,
    )
    return view, records


def _analyses(view: TableView, ds: DatasetView, rules, errors, ctx, source) -> dict[type[Analysis], Analysis]:
    """One instance of TableStats and of every analysis an active rule requires, each configured
    from the effective options of exactly the rules that require it."""
    wanted: dict[type[Analysis], dict[type, dict]] = {TableStats: {}}
    for active, _ in rules:
        for needed in active.cls.requires:
            wanted.setdefault(needed, {})[active.cls] = active.options
    made: dict[type[Analysis], Analysis] = {}
    for cls, options in wanted.items():
        try:
            analysis = cls(view, ds)
            analysis.configure(options)
        except Exception as exc:
            errors.append(tool_error(ctx, source, f"{cls.label()}.configure", exc))
            continue
        made[cls] = analysis
    return made


def _audit_table(table: Table, loaded: LoadedDataset, ds: DatasetView, ctx: RunContext,
                 rules: list[tuple[ActiveRule, Rule]], collector: Collector, errors: list[ToolError]):
    """Stream one table through analyses and rules; return (TableView, Results) or None."""
    found = _header(table, loaded)
    if found is None:
        return None
    view, records = found
    del found
    source = loaded.source
    collector.table = table.name
    analyses = _analyses(view, ds, rules, errors, ctx, source)
    live = []
    for active, rule in rules:
        if not any(active.cls.defines(hook) for hook in TABLE_HOOKS):
            continue
        try:
            rule.start(view)
            live.append((active, rule))
        except Exception as exc:
            errors.append(tool_error(ctx, source, f"{active.cls.code}.start", exc))
    hooks = [(active, hook) for active, rule in live if (hook := batch_hook(rule)) is not None]
    feeds = list(analyses.items())
    failed: set[type[Analysis]] = set()
    progress = ctx.progress
    total = os.path.getsize(loaded.path) if progress and os.path.isfile(loaded.path) else 0
    last = [0]
    rows = 0
    native = table.batches is not None and bool(view.columns) and view.header_row is not None
    if native and table.batches is not None:
        records = iter(())  # let go of the header finder's reader (and the window of the sheet it holds)
        batches: Iterator[ColumnBatch] = table.batches(view.columns, view.header_row)
    else:
        batches = pack(view.columns, records, table.grid, last=last)
    kinds = RowKinds(view)
    repeats = RepeatedValues()  # which columns repeat their values, learnt batch by batch
    try:
        for batch in batches:
            rows += len(batch)
            batch.repeats = repeats
            batch.nondata = kinds.classify(batch)
            for entry in list(feeds):
                cls, analysis = entry
                try:
                    analysis.columns(batch)
                except Exception as exc:
                    errors.append(tool_error(ctx, source, f"{cls.label()}.columns {_span(batch)}", exc))
                    feeds.remove(entry)
                    failed.add(cls)
            for hook_entry in list(hooks):
                active, hook = hook_entry
                try:
                    hook(batch)
                except RowFailed as exc:
                    errors.append(tool_error(ctx, source, f"{active.cls.code}.row (row {exc.rownum})", exc.error))
                    hooks.remove(hook_entry)
                except Exception as exc:
                    errors.append(tool_error(ctx, source, f"{active.cls.code}.columns {_span(batch)}", exc))
                    hooks.remove(hook_entry)
            if progress is not None:
                progress(loaded.source, rows, table.position() if table.position else 0, total)
    except Exception as exc:  # the file broke mid-stream: a finding, not a crash (MemoryError too)
        last_record = table.last_record() if native and table.last_record is not None else last[0]
        if isinstance(exc, LimitReached):  # the rows read so far are audited; the rest of the file is skipped
            loaded.limit_reached = f"table {table.name}: {exc} (after record {last_record})"
        else:  # a reason the loader gave (a workbook cut short) says more than the parse error it causes
            loaded.load_error = loaded.load_error or f"{loaders.describe_error(exc)} (after record {last_record})"
    results = Results()
    for cls, analysis in analyses.items():
        if cls in failed:
            continue
        try:
            results[cls] = analysis.finish()
        except Exception as exc:
            errors.append(tool_error(ctx, source, f"{cls.label()}.finish", exc))
    if TableStats not in results:
        return None
    for active, rule in live:
        if any(needed not in results for needed in active.cls.requires):
            continue  # its analysis failed: reported once above
        try:
            rule.end(view, results)
        except Exception as exc:
            errors.append(tool_error(ctx, source, f"{active.cls.code}.end", exc))
    return view, results


def _span(batch: ColumnBatch) -> str:
    return f"(rows {batch.rownums[0]}-{batch.rownums[-1]})" if len(batch) else "(blank rows)"
