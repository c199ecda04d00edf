"""Assemble a dataset's result: sorted stamped findings, table shapes, scores, status."""
from __future__ import annotations

from .. import redact
from ..dataset import DatasetView, LoadedDataset, TableView
from ..metadata.formats import dataset_stars
from ..model import STATUS_ERROR, STATUS_FAIL, STATUS_PASS, DatasetResult, ToolError
from ..profile import Profile
from ..scoring import score
from ..tablestats import TableStats
from .context import RunContext, Target
from .stamping import Collector, stamp


def dataset_result(loaded: LoadedDataset, target: Target, view: DatasetView, ctx: RunContext,
                   collector: Collector, errors: list[ToolError], contributions: dict[str, dict],
                   kind: str) -> DatasetResult:
    meta = view.metadata
    findings = sorted(
        (stamp(a, raw, ctx) for a, raw in collector.items),
        key=lambda f: (-f.severity, f.code, f.location.table or "", f.location.column or ""),
    )
    scores = score(findings, ctx.dimension_of, ctx.profile.weights)
    # Names, metadata and facts come from the publisher's files too: scrub them like findings (DESIGN §6).
    return DatasetResult(
        source=redact.scrub(target.source),
        format=loaded.format,
        encoding=loaded.encoding,
        status=status(findings, scores, ctx.profile, errors, loaded),
        metadata=redact.scrub_tree(meta.as_report()),
        tables=tuple(table_info(v, res[TableStats]) for v, res in view.tables),
        scores=scores,
        findings=tuple(findings),
        errors=tuple(errors),
        timeliness=redact.scrub_tree(contributions.get("timeliness", {})),
        openness_stars=dataset_stars(
            loaded.format, readable=loaded.load_error is None or bool(loaded.tables),
            linked=loaded.openness_stars == 5, kind=kind, distributions=meta.distributions),
    )


def table_info(view: TableView, stats: TableStats):
    from ..model import TableInfo

    # Labels are scrubbed too: when the first row is data, the "labels" are cell values.
    labels = [redact.scrub(label) if label else label for label in view.columns]
    share = {}
    for i, label in enumerate(labels):
        share[label or f"#{i + 1}"] = round(stats.missing_share(i), 4)
    return TableInfo(
        name=redact.scrub(view.name), rows=stats.rows, columns=tuple(labels), header_row=view.header_row,
        completeness=share if len(share) <= 1000 else {},
    )


def status(findings, scores, profile: Profile, errors, loaded) -> str:
    if errors and not loaded.tables and loaded.load_error is None:
        return STATUS_ERROR
    if profile.fail_on is not None and any(f.severity >= profile.fail_on for f in findings):
        return STATUS_FAIL
    if profile.min_score is not None and scores["overall"] < profile.min_score:
        return STATUS_FAIL
    return STATUS_PASS
