"""Library entry points: no printing, no exit codes (DESIGN §2)."""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, cast

from . import __version__, budget
from .baseline import Baseline
from .config import Override
from .dataset import LoadedDataset
from .discovery import Selection
from .engine import RunContext, Target, audit_loaded, audit_target
from .engine.stamping import tool_error
from .errors import UsageError
from .loaders import describe_error
from .model import DatasetResult, PortalReport, Report, Severity, ToolError
from .profile import Profile, check_selectors, load_profile
from .registry import Registry, load_registry
from .targets import NothingToAudit, collect_targets

if TYPE_CHECKING:  # the HTTP stack stays lazy at run time
    from .portal.spool import DatasetSpool


@dataclass
class CheckOptions:
    profile: str = "default"
    metadata: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str | None = None
    as_of: dt.date | None = None
    lang: str = "en"
    examples: bool = True
    debug: bool = False
    exit_zero: bool = False  # --exit-zero: true statuses, exit code 0; set by the api for fail_on "never" too
    rules_dirs: list[str] = field(default_factory=list)
    plugins: bool = True
    progress: Callable[[str, int, int, int], None] | None = None
    baseline: Baseline | None = None  # report only findings the baseline does not know
    selection: Selection | None = None  # how folders are walked (--include/--exclude); default: data files only
    overrides: list[Override] = field(default_factory=list)  # per-path settings, in the settings file's order
    paths_root: str | None = None  # the folder the overrides' globs are relative to (the settings file's)
    on_note: Callable[[str, str], None] | None = None  # (path, reason) for every file a folder walk skipped
    # (index, total, source, bytes) as each file starts; (total, total, "", 0) once all are done
    on_file: Callable[[int, int, str, int], None] | None = None


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _overrides_here(path: str, options: CheckOptions) -> tuple[int, ...]:
    """Which of the settings' overrides match this file (by index, in order)."""
    if not options.overrides:
        return ()
    from .discovery import matches

    rel = os.path.relpath(os.path.abspath(path), options.paths_root or os.getcwd())
    return tuple(i for i, o in enumerate(options.overrides) if matches(o.paths, rel))


def _overridden(ctx: RunContext, registry: Registry, options: CheckOptions, chosen: tuple[int, ...]) -> RunContext:
    """The run's context for files some overrides match: their profile (the last that names one), then the
    command line's and the settings file's choices, then each override's select, ignore and fail_on."""
    overrides = [options.overrides[i] for i in chosen]
    ref = next((o.profile for o in reversed(overrides) if o.profile), None)
    if ref:
        _, profile = _configure(replace(options), ref, registry)
    else:
        profile = copy.copy(ctx.profile)
    for o in overrides:
        if o.select:
            profile.select = check_selectors(list(o.select), registry, o.where, "select")
        if o.ignore:
            profile.ignore = profile.ignore + check_selectors(list(o.ignore), registry, o.where, "ignore")
        if o.fail_on:
            profile.fail_on = Severity.parse(o.fail_on)
    return dataclasses.replace(ctx, profile=profile)


def _audit_contained(target: Target, ctx: RunContext) -> list[DatasetResult]:
    """One file's failure never stops the run: the other files are still audited and
    reported. Memory exhausted by a file is that file's finding (MR001); anything else
    that escapes the engine is our bug, reported as the file's tool error (exit 3)."""
    try:
        return audit_target(target, ctx)
    except Exception as exc:
        loaded = LoadedDataset(path=target.path, source=target.source, format=None, load_error=describe_error(exc))
        result = audit_loaded(loaded, target, ctx)
        if isinstance(exc, MemoryError):
            return [result]
        error = tool_error(ctx, target.source, "audit", exc)
        return [replace(result, status="error", errors=result.errors + (error,))]


def _now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")


def _configure(options: CheckOptions, profile_ref: str, registry: Registry | None = None):
    """The registry and the profile with the command line's --select/--ignore/--fail-on applied."""
    registry = registry or load_registry(options.rules_dirs, options.plugins)
    profile = load_profile(profile_ref, registry)
    if options.fail_on == "never" or (profile.fail_on is None and not options.fail_on):
        # "never" keeps the statuses true (judged at error) and only forgives the exit code: --exit-zero
        options.exit_zero = True
        profile.fail_on = Severity.ERROR
    if options.select:
        profile.select = check_selectors(options.select, registry, "--select")
    if options.ignore:
        profile.ignore = profile.ignore + check_selectors(options.ignore, registry, "--ignore")
    if options.fail_on and options.fail_on != "never":
        profile.fail_on = Severity.parse(options.fail_on)
    return registry, profile


def audit_paths(paths: list[str], options: CheckOptions | None = None) -> Report:
    """Audit files, folders and datapackages; raise UsageError for bad input."""
    options = options or CheckOptions()
    registry, profile = _configure(options, options.profile)
    selection = options.selection or Selection()
    as_of = options.as_of or dt.date.today()
    ctx = RunContext(registry=registry, profile=profile, as_of=as_of, lang=options.lang,
                     examples=options.examples, debug=options.debug, progress=options.progress)
    contexts: dict[tuple[int, ...], RunContext] = {(): ctx}
    for i in range(len(options.overrides)):  # a bad override is exit 2 even when no file matches it
        contexts.setdefault((i,), _overridden(ctx, registry, options, (i,)))
    results = []
    with budget.running(profile.limits):  # one resource budget for the whole run (docs/limits.md)
        targets = collect_targets(paths, options.metadata, selection, options.on_note)
        for index, target in enumerate(targets):
            if options.on_file is not None:
                options.on_file(index, len(targets), target.source, _size(target.path))
            chosen = _overrides_here(target.path, options)
            if chosen not in contexts:
                contexts[chosen] = _overridden(ctx, registry, options, chosen)
            results.extend(_audit_contained(target, contexts[chosen]))
    if options.on_file is not None and targets:
        options.on_file(len(targets), len(targets), "", 0)  # every file done
    report = Report(
        tool_version=__version__,
        profile=profile.name,
        as_of=as_of.isoformat(),
        generated_at=_now_iso(),
        datasets=tuple(results),
        errors=tuple(registry.errors),
        lang=options.lang,
        rules_run=tuple(a.cls.code for a in ctx.active),
        fail_on=profile.fail_on.label if profile.fail_on else "never",
    )
    return options.baseline.apply(report, profile) if options.baseline is not None else report


@dataclass
class PortalOptions(CheckOptions):
    """What `audit portal` takes; the check options (select, fail_on, lang...) apply too."""

    profile: str | None = None  # type: ignore[assignment]  # default: the city's profile, else "default"
    city: str | None = None
    source: str | None = None
    type: str | None = None  # ckan | dcat | socrata | opendatasoft | catalog; None: detect
    download: bool = False
    limit: int | None = None
    concurrency: int = 4
    cache: str | None = None
    timeout: float = 30.0
    deadline: float | None = None  # seconds for a whole request; None: 4 x timeout
    max_bytes: int = 200 * 1024 * 1024
    retries: int = 3
    on_progress: Callable[[int, int | None], None] | None = None  # (datasets judged, declared total)
    fetcher: object = None  # a ready portal.http.Fetcher (a test clock, say); built from the options otherwise


def audit_portal(options: PortalOptions) -> PortalReport:
    """Audit a whole portal catalogue into a report with `portal` and `scorecard` blocks.

    Raises UsageError for bad input (no city or source, unknown type, a city profile
    without an endpoint, a missing path). A portal that cannot be reached is not an
    exception: the report records it (`portal.reachable` false, one errored dataset)."""
    from .portal.audit import run_portal_audit  # lazy: `audit check` never pays for the HTTP stack

    ctx, city_profile = portal_context(options)
    with budget.running(ctx.profile.limits):
        portal, scorecard, results = run_portal_audit(options, ctx, city_profile)
    return portal_report(options, ctx, portal, scorecard, results)


def portal_context(options: PortalOptions) -> tuple[RunContext, Profile]:
    """(run context, the city's profile) for a portal audit; a sweep builds the same on every worker."""
    if not options.city and not options.source:
        raise UsageError.of("err.portal_needs_source")
    registry, profile = _configure(options, options.profile or options.city or "default")
    city_profile = load_profile(options.city, registry) if options.city and options.profile else profile
    as_of = options.as_of or dt.date.today()
    from .portal.audit import portal_timezone

    # Naive portal timestamps in the portal's own timezone (UTC for a bare --source), on every worker too.
    profile = replace(profile, timezone=portal_timezone(options, city_profile))
    ctx = RunContext(registry=registry, profile=profile, as_of=as_of, lang=options.lang,
                     examples=options.examples, debug=options.debug)
    return ctx, city_profile


def portal_report(options: PortalOptions, ctx: RunContext, portal: dict, scorecard: dict,
                  results: list | DatasetSpool) -> PortalReport:
    profile = ctx.profile
    return PortalReport(
        tool_version=__version__, profile=profile.name, as_of=ctx.as_of.isoformat(), generated_at=_now_iso(),
        # a DatasetSpool (results on disk) stays one; a list becomes the usual tuple
        datasets=cast("tuple[DatasetResult, ...]", results) if hasattr(results, "records") else tuple(results),
        errors=tuple(ctx.registry.errors),
        lang=options.lang,
        rules_run=tuple(a.cls.code for a in ctx.active), fail_on=profile.fail_on.label if profile.fail_on else "never",
        portal=portal, scorecard=scorecard,
    )


def exit_code(report: Report, exit_zero: bool = False) -> int:
    """0 all passed, 1 a dataset failed (0 with --exit-zero), 3 the tool itself failed (DESIGN §3)."""
    if report.tool_failed:
        return 3
    summary = report.summary()  # counted as the results arrived (a portal spool is never re-read for it)
    return 1 if not exit_zero and (summary["failed"] or summary["errored"]) else 0


__all__ = ["audit_paths", "audit_portal", "CheckOptions", "PortalOptions", "exit_code", "collect_targets",
           "NothingToAudit", "ToolError"]
