"""The engine: one streaming pass per table through every enabled rule.

Per dataset: load (by content) → per table: find the header, build the shared
TableStats while feeding each rule's row hook → table `end` hooks → dataset
hooks → stamp, redact and score. A rule that raises is isolated: it becomes a
ToolError (exit 3) and the other rules and files go on.
"""
from __future__ import annotations

import datetime as dt
import os
import traceback
from dataclasses import dataclass, field
from typing import Callable

from . import loaders, redact
from .dataset import DatasetView, LoadedDataset, TableView
from .loaders.header import split_header
from .metadata import Metadata
from .metadata.formats import dataset_stars
from .model import (
    STATUS_ERROR, STATUS_FAIL, STATUS_PASS, DatasetResult, Finding, Location,
    TableInfo, ToolError,
)
from .profile import ActiveRule, Profile
from .registry import Registry
from .rule import RawFinding, Rule
from .scoring import score
from .tablestats import DEFAULT_PLACEHOLDERS, TableStats

BATCH_ROWS = 4096  # rows per `rows` hook call: per-row Python overhead gone, memory still bounded


@dataclass
class Target:
    """One dataset to audit: a data file and the metadata that goes with it."""

    path: str
    source: str
    metadata: Metadata | None = None
    metadata_problems: list[str] = field(default_factory=list)
    members: tuple[str, ...] = ()  # an archive's members to audit (a datapackage's innerpath); () for all


@dataclass
class RunContext:
    registry: Registry
    profile: Profile
    as_of: dt.date
    lang: str = "en"
    examples: bool = True
    debug: bool = False
    progress: Callable[[str, int, int, int], None] | None = None  # (source, rows, done_bytes, total_bytes)

    def __post_init__(self):
        self.active: list[ActiveRule] = self.profile.active_rules(self.registry)
        self.dimension_of = {p.id: p.dimension for p in self.registry.packs}
        self.placeholders = DEFAULT_PLACEHOLDERS | frozenset(self.profile.placeholders)


class _Collector:
    """Receives RawFindings from rule instances and remembers which rule and table."""

    def __init__(self):
        self.items: list[tuple[ActiveRule, RawFinding]] = []
        self.table: str | None = None

    def sink_for(self, active: ActiveRule):
        def sink(raw: RawFinding):
            if raw.table is None:
                raw.table = self.table
            self.items.append((active, raw))
        return sink


def _message(cls: type[Rule], raw: RawFinding, lang: str) -> str:
    templates = cls.messages.get(raw.key) or cls.messages.get("default") or {}
    template = templates.get(lang) or templates.get("en") or cls.title.get(lang) or cls.name
    try:
        text = template.format(**{"count": raw.count, "column": raw.column, "table": raw.table, **raw.params})
    except (KeyError, IndexError, ValueError):
        text = template
    return redact.scrub(text)


def _stamp(active: ActiveRule, raw: RawFinding, ctx: RunContext) -> Finding:
    cls = active.cls
    severity = active.severity if (active.severity_configured or raw.severity is None) else raw.severity
    examples: tuple[str, ...] = ()
    if ctx.examples:
        examples = tuple(
            redact.redact(e) if raw.sensitive else redact.scrub(e) for e in raw.examples[:5]
        )
    return Finding(
        code=cls.code,
        rule=cls.name,
        pack=cls.pack,
        severity=severity,
        message=_message(cls, raw, ctx.lang),
        location=Location(table=redact.scrub(raw.table) if raw.table else None,
                          column=redact.scrub(raw.column) if raw.column else None, row=raw.row),
        count=raw.count,
        examples=examples,
        rows=raw.rows[:10],
        data=raw.data,
    )


def _tool_error(ctx: RunContext, source: str, where: str, exc: BaseException) -> ToolError:
    message = redact.scrub(f"{type(exc).__name__}: {exc}")
    if ctx.debug:
        message += "\n" + redact.scrub("".join(traceback.format_exception(exc)))
    return ToolError(source=source, where=where, message=message)


def _grid_labels(labels: list[str]) -> list[str]:
    while labels and not labels[-1]:
        labels.pop()
    return labels


def _audit_table(table, loaded: LoadedDataset, ds: DatasetView, ctx: RunContext, collector: _Collector,
                 errors: list[ToolError]):
    """Stream one table through the rules; return (TableView, TableStats) or None if empty."""
    records = table.records()
    header_rows: tuple[int, ...] = ()
    if table.header_hint is not None:
        labels, header_row, preamble = list(table.header_hint), 1, ()
    else:
        try:
            header, records = split_header(records, table.merged_ranges, grid=table.grid)
        except Exception as exc:  # the file broke before the header was found: a finding (MR001)
            loaded.load_error = f"table {table.name}: {loaders.describe_error(exc)}"
            return None
        labels, header_row, preamble = header.labels, header.row, header.preamble_rows
        header_rows = header.header_rows
        table.facts.update(header.facts)
        if table.grid:
            labels = _grid_labels(labels)
    if header_row is None and table.grid and not table.facts.get("headerless"):
        return None
    view = TableView(
        name=table.name, columns=labels, header_row=header_row, preamble_rows=preamble,
        merged_ranges=table.merged_ranges, grid=table.grid, facts=table.facts, header_rows=header_rows,
    )
    stats = TableStats(len(labels), table.grid, ctx.placeholders)
    collector.table = table.name
    rules = []
    for active in ctx.active:
        cls = active.cls
        if any(cls.defines(hook) for hook in ("start", "row", "rows", "end")):
            rule = cls(active.options, collector.sink_for(active))
            rule.ds = ds
            rules.append((active, rule))
    live = []
    for active, rule in rules:
        try:
            rule.start(view)
            live.append((active, rule))
        except Exception as exc:
            errors.append(_tool_error(ctx, loaded.source, f"{active.cls.code}.start", exc))
    # A rule may set `self.skip_rows = True` in start() when it needs no rows for this table.
    wants = [(a, r) for a, r in live if not getattr(r, "skip_rows", False)]
    pairs = [(a, r.row) for a, r in wants if a.cls.defines("row")]
    hooks = [hook for _, hook in pairs]
    owners = {id(hook): a for a, hook in pairs}
    batch_hooks = [(a, r.rows) for a, r in wants if a.cls.defines("rows")]
    batch: list = []
    ncols = len(labels)
    observe = stats.observe
    grid = table.grid
    progress = ctx.progress
    total = os.path.getsize(loaded.path) if progress and os.path.isfile(loaded.path) else 0

    def flush(rows: list) -> None:
        stats.count_batch(rows)
        _run_batch(batch_hooks, rows, errors, ctx, loaded.source)
        if progress is not None:
            progress(loaded.source, stats.rows, table.position() if table.position else 0, total)

    try:
        for rownum, cells in records:
            if grid and len(cells) != ncols:
                cells = _fit(cells, ncols)
            if not observe(rownum, cells):
                continue
            if hooks:
                try:
                    for hook in hooks:
                        hook(rownum, cells)
                except Exception as exc:  # isolate the rule that raised, finish this row without it
                    failed = hook
                    errors.append(_tool_error(ctx, loaded.source, f"{owners[id(failed)].cls.code}.row (row {rownum})", exc))
                    rest = hooks[hooks.index(failed) + 1:]
                    hooks = [h for h in hooks if h is not failed]
                    _run_isolated(rest, hooks, rownum, cells, owners, errors, ctx, loaded.source)
            batch.append((rownum, cells))
            if len(batch) >= BATCH_ROWS:
                flush(batch)
                batch = []
    except Exception as exc:  # the file broke mid-stream: a finding, not a crash
        loaded.load_error = f"{loaders.describe_error(exc)} (after record {stats.last_row})"
    if batch:
        flush(batch)
    for active, rule in live:
        try:
            rule.end(view, stats)
        except Exception as exc:
            errors.append(_tool_error(ctx, loaded.source, f"{active.cls.code}.end", exc))
    return view, stats


def _run_batch(batch_hooks: list, batch: list, errors: list, ctx: RunContext, source: str) -> None:
    """Hand a batch of data rows to every `rows` hook; a hook that raises is dropped."""
    for entry in list(batch_hooks):
        active, hook = entry
        try:
            hook(batch)
        except Exception as exc:
            errors.append(_tool_error(ctx, source, f"{active.cls.code}.rows (rows {batch[0][0]}-{batch[-1][0]})", exc))
            batch_hooks.remove(entry)


def _run_isolated(rest, hooks, rownum, cells, owners, errors, ctx, source) -> None:
    """Run the hooks after a failed one for the current row, dropping any that fail too."""
    for hook in rest:
        try:
            hook(rownum, cells)
        except Exception as exc:
            errors.append(_tool_error(ctx, source, f"{owners[id(hook)].cls.code}.row (row {rownum})", exc))
            hooks.remove(hook)


def _fit(cells: list, ncols: int) -> list:
    """Spreadsheet rows: trailing empty cells are layout, not ragged data."""
    if len(cells) < ncols:
        return list(cells) + [""] * (ncols - len(cells))
    end = len(cells)
    while end > ncols and cells[end - 1] in ("", None):
        end -= 1
    return list(cells[:end])


def audit_target(target: Target, ctx: RunContext, depth: int = 0) -> list[DatasetResult]:
    """Audit one target. Archives expand to their members, catalogues to their entries."""
    try:
        loaded = loaders.load(target.path, target.source, depth=depth)
    except Exception as exc:
        loaded = LoadedDataset(path=target.path, source=target.source, format=None,
                               load_error=loaders.describe_error(exc))
    if loaded.catalog is not None:
        return [
            audit_loaded(
                LoadedDataset(path=loaded.path, source=f"{loaded.source}#{entry_id}", format=loaded.format,
                              encoding=loaded.encoding),
                Target(path=target.path, source=f"{target.source}#{entry_id}", metadata=meta,
                       metadata_problems=list(target.metadata_problems)),
                ctx, kind="catalog_entry",
            )
            for entry_id, meta in loaded.catalog
        ] or [audit_loaded(loaded, target, ctx)]
    if loaded.members is None:
        try:
            return [audit_loaded(loaded, target, ctx)]
        finally:
            if loaded.cleanup:
                loaded.cleanup()
    results = []
    try:
        if loaded.load_error or not loaded.members:
            results.append(audit_loaded(loaded, target, ctx))
        for member_path, member_source in loaded.members:
            if target.members and member_source.partition("!/")[2] not in target.members:
                continue
            member = Target(path=member_path, source=member_source, metadata=target.metadata,
                            metadata_problems=list(target.metadata_problems))
            results.extend(audit_target(member, ctx, depth + 1))
    finally:
        if loaded.cleanup:
            loaded.cleanup()
    return results


def audit_loaded(loaded: LoadedDataset, target: Target, ctx: RunContext, kind: str = "data") -> DatasetResult:
    """Audit a dataset that is already loaded (or stands for a catalogue entry, or a failure)."""
    collector = _Collector()
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
    )
    for table in loaded.tables:
        try:
            result = _audit_table(table, loaded, view, ctx, collector, errors)
        except Exception as exc:
            errors.append(_tool_error(ctx, target.source, f"table {table.name}", exc))
            continue
        if result is not None:
            view.tables.append(result)
    collector.table = None
    view.load_error = loaded.load_error
    view.decode_errors = loaded.decode_errors
    for active in ctx.active:
        if not active.cls.defines("dataset"):
            continue
        rule = active.cls(active.options, collector.sink_for(active))
        rule.ds = view
        try:
            rule.dataset(view)
        except Exception as exc:
            errors.append(_tool_error(ctx, target.source, f"{active.cls.code}.dataset", exc))
    findings = sorted(
        (_stamp(a, raw, ctx) for a, raw in collector.items),
        key=lambda f: (-f.severity, f.code, f.location.table or "", f.location.column or ""),
    )
    scores = score(findings, ctx.dimension_of, ctx.profile.weights)
    # Names, metadata and facts come from the publisher's files too: scrub them like findings (DESIGN §6).
    return DatasetResult(
        source=redact.scrub(target.source),
        format=loaded.format,
        encoding=loaded.encoding,
        status=_status(findings, scores, ctx.profile, errors, loaded),
        metadata=redact.scrub_tree(meta.as_report()),
        tables=tuple(_table_info(v, s) for v, s in view.tables),
        scores=scores,
        findings=tuple(findings),
        errors=tuple(errors),
        timeliness=redact.scrub_tree(view.facts.get("timeliness", {})),
        openness_stars=dataset_stars(
            loaded.format, readable=loaded.load_error is None or bool(loaded.tables),
            linked=loaded.openness_stars == 5, kind=kind, distributions=meta.distributions),
    )


def _table_info(view: TableView, stats: TableStats) -> TableInfo:
    # Labels are scrubbed too: when the first row is data, the "labels" are cell values.
    labels = [redact.scrub(label) if label else label for label in view.columns]
    share = {}
    for i, label in enumerate(labels):
        share[label or f"#{i + 1}"] = round(stats.missing_share(i), 4)
    return TableInfo(
        name=redact.scrub(view.name), rows=stats.rows, columns=tuple(labels), header_row=view.header_row,
        completeness=share if len(share) <= 1000 else {},
    )


def _status(findings, scores, profile: Profile, errors, loaded) -> str:
    if errors and not loaded.tables and loaded.load_error is None:
        return STATUS_ERROR
    if profile.fail_on is not None and any(f.severity >= profile.fail_on for f in findings):
        return STATUS_FAIL
    if profile.min_score is not None and scores["overall"] < profile.min_score:
        return STATUS_FAIL
    return STATUS_PASS
