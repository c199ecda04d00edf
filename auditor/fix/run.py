"""`audit fix`: audit the inputs, repair each table, write the package, audit the output.

The before-audit says what is wrong (and where the personal data is); the planner
and the writer repair it; the after-audit of OUT_DIR proves it. A finding that a
repair should have removed and is still there is reported, never hidden: the
command then exits 1. The input files are only ever read.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from .. import redact
from ..api import CheckOptions, _configure, audit_paths, collect_targets
from ..errors import UsageError
from ..i18n import t
from ..model import Report
from ..tablestats import AMBIGUOUS_PLACEHOLDERS, DEFAULT_PLACEHOLDERS, SENTINEL_TOKENS
from .changes import ChangeLog
from .package import PackageTable, build_package, file_stem, write_changes, write_json
from .planner import plan_table
from .source import close_source, open_source
from .writer import WriteOptions, Written, write_table

# Findings that the repairs remove: one left in the output is a failure (exit 1).
REPAIRED = frozenset({"MR005", "MR006", "MR009", "MR010", "MR011", "MR012", "MR014", "MR015", "CP003"})
UTF8 = frozenset({None, "utf-8", "utf-8-sig", "ascii"})


@dataclass
class FixOptions:
    out_dir: str
    profile: str = "default"
    metadata: str | None = None
    dry_run: bool = False
    keep_sensitive: bool = False
    drop_duplicates: bool = False
    as_of: dt.date | None = None
    lang: str = "en"


@dataclass
class FixResult:
    before: Report
    after: Report | None
    tables: list[Written]
    remaining: list[dict] = field(default_factory=list)  # findings a repair should have removed
    unreadable: list[str] = field(default_factory=list)  # inputs that could not be parsed (MR001)
    skipped: list[str] = field(default_factory=list)  # inputs without a table (catalogues, RDF, PDF)
    warnings: list[str] = field(default_factory=list)
    package: str | None = None
    dry_run: bool = False

    @property
    def failed(self) -> bool:
        return bool(self.remaining or self.unreadable)


def _sensitive_codes(registry) -> dict[str, str]:
    """SF kind -> rule code, from the live registry (SF001 'id', SF002 'mobile', ...)."""
    out: dict[str, str] = {}
    for code, cls in registry.rules.items():
        kind = getattr(cls, "kind", None)
        if code.startswith("SF") and isinstance(kind, str) and kind:
            out.setdefault(kind, code)
    return out


def _mask_policy(profile, registry):
    from ..rules.sensitive.masking import MaskPolicy

    for active in profile.active_rules(registry):
        if active.cls.code == "SF009":
            return MaskPolicy.from_options(active.options)
    return MaskPolicy()


def _reported_sensitive(before, table: str, labels: list[str], kinds_of: dict[str, str]) -> dict[int, set[str]]:
    """Source column -> SF kinds the audit of the source reported in it."""
    keys = _column_keys(labels)
    out: dict[int, set[str]] = {}
    if before is None:
        return out
    for f in before.findings:
        kind = kinds_of.get(f.code)
        if kind is None or f.location.table != redact.scrub(table):
            continue
        for i in keys.get(f.location.column or "", []):
            out.setdefault(i, set()).add(kind)
    return out


def _placeholders(profile) -> frozenset:
    """Tokens emptied in every column: the audit's list without the ambiguous words ('NA' is also
    Napoli's plate code), which are emptied only where CP003 reported them; plus sentinel dates."""
    listed = DEFAULT_PLACEHOLDERS | frozenset(profile.placeholders)
    return (listed - frozenset(AMBIGUOUS_PLACEHOLDERS)) | SENTINEL_TOKENS


def _column_keys(labels: list[str]) -> dict[str, list[int]]:
    """Report column names (scrubbed label, or #N for a blank one) -> source column indexes."""
    keys: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        keys.setdefault(redact.scrub(label) if label else f"#{i + 1}", []).append(i)
    return keys


def _reported_placeholders(before, table: str, labels: list[str], base: frozenset) -> dict[int, frozenset]:
    """Source column -> the tokens to empty there: the common list plus what CP003 reported in it."""
    out: dict[int, frozenset] = {}
    if before is None:
        return out
    keys = _column_keys(labels)
    for f in before.findings:
        if f.code != "CP003" or f.location.table != redact.scrub(table):
            continue
        tokens = frozenset(str(t) for t in (f.data or {}).get("tokens", {}))
        for i in keys.get(f.location.column or "", []):
            out[i] = out.get(i, base) | tokens
    return out


def fix_paths(paths: list[str], options: FixOptions) -> FixResult:
    """Repair every table of every input into options.out_dir (nothing is written on a dry run)."""
    out_dir = os.path.abspath(options.out_dir)
    inputs = [os.path.abspath(p) for p in paths]
    for p in inputs:
        if out_dir == p or out_dir.startswith(p.rstrip(os.sep) + os.sep) or p.startswith(out_dir + os.sep):
            raise UsageError.of("err.fix_inside", path=options.out_dir)
    check = CheckOptions(profile=options.profile, metadata=options.metadata, as_of=options.as_of, lang=options.lang,
                         examples=False)
    registry, profile = _configure(check, options.profile)
    targets = collect_targets(paths, options.metadata)
    before = audit_paths(paths, check)
    by_source = {d.source: d for d in before.datasets}
    codes = _sensitive_codes(registry)
    kinds_of = {code: kind for kind, code in codes.items()}
    opts = WriteOptions(
        placeholders=_placeholders(profile), timezone=profile.timezone,
        as_of=options.as_of or dt.date.today(), policy=_mask_policy(profile, registry), codes=codes,
        drop_duplicates=options.drop_duplicates, keep_sensitive=options.keep_sensitive,
    )
    if not options.dry_run:
        os.makedirs(out_dir, exist_ok=True)
    result = FixResult(before=before, after=None, tables=[], dry_run=options.dry_run)
    packaged: list[PackageTable] = []
    used: set[str] = set()
    for target in targets:
        src = open_source(target.path, target.source)
        try:
            if src.error:
                result.unreadable.append(redact.scrub(target.source))
                continue
            if not src.tables:
                result.skipped.append(redact.scrub(target.source))
                continue
            reported = by_source.get(redact.scrub(target.source))
            stem = file_stem(target.path)
            for table in src.tables:
                undecodable_before = src.decode_errors
                plan = plan_table(table, opts.placeholders)  # reads the table through once
                undecodable = src.decode_errors - undecodable_before
                if plan is None:
                    continue
                plan.sensitive = _reported_sensitive(reported, table.name, plan.layout.labels, kinds_of)
                plan.placeholders = _reported_placeholders(reported, table.name, plan.layout.labels, opts.placeholders)
                log = ChangeLog(table.name)
                _log_layout(log, plan, src.encoding)
                name = stem if len(src.tables) == 1 else f"{stem}-{file_stem(table.name)}"
                filename = _unique(name, used) + ".csv"
                path = None if options.dry_run else os.path.join(out_dir, filename)
                written = write_table(plan, table, path, opts, log)
                written.path = filename
                if undecodable:
                    log.add("MR006", "undecodable", undecodable)
                    result.remaining.append({"code": "MR006", "source": redact.scrub(target.source),
                                             "table": log.table, "count": undecodable})
                result.tables.append(written)
                packaged.append(PackageTable(written, target, redact.scrub(target.source)))
        finally:
            close_source(src)
    if options.keep_sensitive and any(c.action == "sensitive_kept" for w in result.tables for c in w.log.changes()):
        result.warnings.append(t("fix.unmasked", options.lang))
    if options.dry_run or not packaged:
        return result
    package = build_package(packaged, os.path.basename(out_dir.rstrip(os.sep)) or "fixed-data")
    result.package = os.path.join(out_dir, "datapackage.json")
    write_json(result.package, package)
    write_changes(out_dir, packaged, options.lang)
    result.after = audit_paths([result.package], check)
    should_go = REPAIRED | ({"CP006"} if options.drop_duplicates else set())
    if not options.keep_sensitive:
        should_go |= {code for w in result.tables for kinds in w.plan.sensitive.values() for code in
                      (codes[k] for k in kinds if k in codes)}
    for d in result.after.datasets:
        for f in d.findings:
            if f.code in should_go:
                result.remaining.append({"code": f.code, "source": d.source, "table": f.location.table,
                                         "column": f.location.column, "count": f.count})
    return result


def _log_layout(log: ChangeLog, plan, encoding: str | None) -> None:
    layout = plan.layout
    if encoding not in UTF8:
        log.add("MR005", "decoded", 1, detail=encoding or "")
    if layout.titles:
        log.add("MR011", "title_rows", len(layout.titles))
    if len(layout.header_rows) > 1:
        joined = next((label for label in layout.labels if "/" in label), "")
        log.add("MR011", "header_joined", len(layout.header_rows), detail=redact.scrub(joined))
    if layout.header_is_data:
        log.add("MR007", "header_is_data", 1)
    else:
        log.add("MR007", "label_filled", plan.blanks_filled)
    log.add("MR007", "label_renamed", plan.dupes_renamed)
    log.add("CP004", "empty_columns", len(plan.dropped))


def _unique(name: str, used: set[str]) -> str:
    out, n = name, 2
    while out.lower() in used:
        out, n = f"{name}-{n}", n + 1
    used.add(out.lower())
    return out


def dimension_means(report: Report) -> dict[str, float]:
    """Mean score per dimension over a report's datasets (the before/after comparison)."""
    sums: dict[str, list[float]] = {}
    for d in report.datasets:
        for dim, value in d.scores.items():
            sums.setdefault(dim, []).append(value)
    return {dim: round(sum(v) / len(v), 1) for dim, v in sums.items()}
