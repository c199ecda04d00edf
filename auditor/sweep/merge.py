"""A portal's spool parts replayed, in catalogue order, into the report `audit portal` gives alone.

Replaying goes through the same `PortalRun` steps and the same scorecard
builder as a run in one process, so every figure is computed by one piece of
code. Facts: the declared total and truncation come from the portal's first
task; pages read are summed over page ranges (a dataset batch of a non-paged
catalogue re-reads the catalogue from the cache, and those reads are not the
portal's). `seconds` is the work of all its tasks added up.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from .. import redact
from ..api import portal_context, portal_report
from ..metadata import Metadata
from ..model import DatasetResult, PortalReport, ToolError
from ..portal.audit import build_scorecard, portal_block, portal_target, scorecard_builder
from ..portal.entry import Entry, Failure
from ..portal.http import Fetcher
from ..portal.judge import Judge, Judged
from ..portal.run import PortalRun
from ..portal.scorecard import ScorecardBuilder
from .spool import read_part
from .task import Window, make_options


@dataclass
class TaskOutcome:
    window: Window
    summary: dict | None = None  # None: the task failed on every attempt
    error: str | None = None


@dataclass
class _Replay:
    run: PortalRun
    card: ScorecardBuilder
    seen: Counter = field(default_factory=Counter)

    def entry(self, rec: dict) -> None:
        raw = dict(rec["entry"])
        entry = Entry(**{**raw, "metadata": Metadata(**raw["metadata"])})
        result = DatasetResult.from_dict(rec["result"])
        data = [DatasetResult.from_dict(d) for d in rec["data"]]
        self.seen[entry.id] += 1
        if self.seen[entry.id] > 1:  # listed again by another page range: named as one process names it
            old, suffix = entry.source, f"~{self.seen[entry.id]}"
            entry.id, entry.source = entry.id + suffix, entry.source + suffix
            result = replace(result, source=entry.source)
            data = [replace(d, source=entry.source + d.source[len(old):]) for d in data]
        self.run.add(Judged(entry, result, data, rec["links"]), self.card)

    def record(self, rec: dict) -> None:
        kind = rec["t"]
        if kind == "entry":
            self.entry(rec)
        elif kind == "failure":
            self.run.add_failure(Failure(**rec["failure"]), DatasetResult.from_dict(rec["result"]), self.card)
        else:
            self.run.add_unreachable(rec["source"], rec["reason"], DatasetResult.from_dict(rec["result"]), self.card)


def describe(window: Window) -> str:
    if window.pages:
        return f"pages {window.pages[0] + 1}-{window.pages[1]}" if window.pages[0] else "the first pages"
    if window.items:
        return f"datasets {window.items[0] + 1}-{window.items[1]}"
    return "the catalogue"


def merge_portal(options: dict, folder: str, outcomes: list[TaskOutcome]) -> PortalReport:
    """The portal's report from its tasks (first task first, then in catalogue order)."""
    opts = make_options(options)
    ctx, city_profile = portal_context(opts)
    target = portal_target(opts, city_profile)
    card = scorecard_builder(ctx, opts, city_profile)
    replay = _Replay(PortalRun(), card)
    facts: dict = {"declared_total": None, "pages_read": 0, "pages_failed": 0, "pages_from_cache": 0,
                   "truncated": None}
    kind = target.kind or "unknown"
    engagement = None  # the first task counted the apps; when it failed, they are not measured
    seconds = 0.0
    for outcome in outcomes:
        first = outcome.window.key == "first"
        summary = outcome.summary
        if summary is None:
            _record_failed_task(replay, ctx, target.location, outcome, first)
            continue
        if first:
            kind, engagement = summary["kind"], summary.get("engagement")
            facts.update(declared_total=summary["facts"].get("declared_total"),
                         truncated=summary["facts"].get("truncated"),
                         **{k: summary["facts"][k] for k in ("fields", "field_sources") if k in summary["facts"]})
        if first or summary["paged"]:
            for key in ("pages_read", "pages_failed", "pages_from_cache"):
                facts[key] += summary["facts"][key]
        seconds += summary["seconds"]
        for error in summary.get("tool_errors") or []:
            tool_error = ToolError(**error)
            if tool_error not in ctx.registry.errors:
                ctx.registry.errors.append(tool_error)
        for rec in read_part(folder, outcome.window.key):
            replay.record(rec)
    replay.run.seconds = round(seconds, 3)
    block = portal_block(target, kind, facts, replay.run, opts, ctx.profile.timezone)
    return portal_report(opts, ctx, block, build_scorecard(card, target, kind, facts, ctx, engagement),
                         replay.run.results)


def _record_failed_task(replay: _Replay, ctx, location: str, outcome: TaskOutcome, first: bool) -> None:
    """A task that failed on every attempt is a catalogue part that could not be read: nothing is dropped."""
    reason = f"the sweep task for {describe(outcome.window)} failed: {redact.scrub(outcome.error or 'unknown')}"
    fetcher = Fetcher()
    judge = Judge(ctx, fetcher, False)
    try:
        if first:
            result = judge.unreadable(location, f"the catalogue cannot be read: {reason}")
            replay.run.add_unreachable(location, reason, result, replay.card)
        else:
            failure = Failure(source=f"{location} ({describe(outcome.window)})", reason=reason, url=location)
            replay.run.add_failure(failure, judge.failure(failure), replay.card)
    finally:
        judge.close()
        fetcher.close()
