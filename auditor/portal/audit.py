"""Put a portal audit together: locate the source, fetch politely, judge, score.

`auditor.api.audit_portal` configures the profile and makes the report; this
module owns everything in between and returns the report's `portal` and
`scorecard` blocks with the dataset results.
"""
from __future__ import annotations

import os
from typing import Any

from .. import redact
from ..engine import RunContext
from ..errors import UsageError
from ..profile import Profile
from .departments import DepartmentRules
from .entry import PortalUnreachable
from .http import Fetcher, FetchPolicy
from .judge import Judge
from .locate import PortalTarget, locate
from .run import PortalRun, run_portal
from .scorecard import ScorecardBuilder
from .sources import ADAPTERS, SOURCE_TYPES, Source, open_source
from .sources.base import is_url

PORTAL_KEYS = ("city", "city_en", "platform")


class _Unreachable(Source):
    """Stands in when even detecting the catalogue's kind failed: reading it fails the same way."""

    def __init__(self, location: str, fetcher: Fetcher, error: PortalUnreachable, kind: str | None):
        super().__init__(location, fetcher)
        self.error, self.kind = error, kind or "unknown"

    def entries(self):
        raise self.error
        yield  # a generator, like every source


def _display(location: str) -> str:
    if is_url(location):
        return location
    rel = os.path.relpath(location)
    return location if rel.startswith("..") else rel


def _fetcher(options) -> Fetcher:
    return options.fetcher or Fetcher(FetchPolicy(
        timeout=options.timeout, deadline=options.deadline, retries=options.retries, max_bytes=options.max_bytes,
        concurrency=options.concurrency, cache_dir=options.cache))


def _scrubbed(failure: dict) -> dict:
    """URLs and reasons come from the portal: no personal identifier passes through them (DESIGN §6)."""
    return {k: redact.scrub(v) if isinstance(v, str) else v for k, v in failure.items()}


def portal_block(target: PortalTarget, kind: str, facts: dict[str, Any], run: PortalRun, options,
                 timezone: str | None = None) -> dict[str, Any]:
    """The report's `portal` block: what was read (the source's facts) and what came of it."""
    return {
        **{k: target.portal[k] for k in PORTAL_KEYS if target.portal.get(k)},
        "source": _display(target.location),
        "type": kind,
        "mode": "download" if options.download else "metadata-only",
        "reachable": run.reachable,
        "error": redact.scrub(run.error) if run.error else None,
        "declared_total": facts.get("declared_total"),
        "datasets": run.entries,
        "limit": options.limit,
        "truncated": facts.get("truncated"),
        "pages": {"read": facts["pages_read"], "failed": facts["pages_failed"],
                  "from_cache": facts["pages_from_cache"]},
        "failures": [_scrubbed(f) for f in run.failures],
        "cache": options.cache,
        **({"timezone": timezone} if timezone else {}),
        "seconds": run.seconds,
    }


def portal_target(options, city_profile: Profile) -> PortalTarget:
    if options.type and options.type not in SOURCE_TYPES:
        raise UsageError.of("err.portal_type", kind=options.type, types=", ".join(SOURCE_TYPES))
    return locate(city_profile, options.city, options.source, options.type)


def open_catalogue(target: PortalTarget, fetcher: Fetcher, options) -> Source:
    """The source for the target; one that cannot even be detected reads as unreachable."""
    try:
        return open_source(target.location, target.kind, fetcher, target.columns, page_size=options.limit)
    except PortalUnreachable as exc:
        return _Unreachable(target.location, fetcher, exc, target.kind)


def portal_timezone(options, city_profile: Profile) -> str:
    """Naive portal timestamps are read in the portal's timezone: the profile's `portal.timezone`,
    else the city profile's timezone; a catalogue given by --source alone has no known timezone,
    so UTC (never the default profile's Asia/Shanghai for a portal that may be anywhere)."""
    declared = (city_profile.extra.get("portal") or {}).get("timezone")
    if declared:
        return str(declared)
    return city_profile.timezone if options.city else "UTC"


def scorecard_builder(ctx: RunContext, options, city_profile: Profile) -> ScorecardBuilder:
    """The scorecard of one portal, folding departments as its city profile declares (a sweep builds the same)."""
    return ScorecardBuilder(ctx.profile.timezone, options.download, DepartmentRules.from_profile(city_profile.extra))


def engagement_of(source: Source, reachable: bool) -> dict[str, Any]:
    """The seed's Tables 4 and 6: the interaction community is in no catalogue API; apps are counted
    where the platform lists them (CKAN's showcases), else None: not measurable from the catalogue."""
    apps, counted_from = source.apps() if reachable else (None, None)
    return {"apps": apps, "apps_from": counted_from, "interactions": None}


def build_scorecard(card: ScorecardBuilder, target: PortalTarget, kind: str, facts: dict, ctx: RunContext,
                    engagement: dict | None = None) -> dict[str, Any]:
    """The finished scorecard: the catalogue's facts say which fields it carries; TM009 when selected."""
    adapter = ADAPTERS.get(kind)
    bulk = next((a for a in ctx.active if a.cls.code == "TM009"), None)
    return card.build(target.reference, facts, adapter.api_basis if adapter else None, bulk, ctx.lang, engagement)


def run_portal_audit(options, ctx: RunContext, city_profile: Profile):
    """(portal block, scorecard block, dataset results) for one portal."""
    target = portal_target(options, city_profile)
    fetcher = _fetcher(options)
    judge = Judge(ctx, fetcher, options.download)
    try:
        source = open_catalogue(target, fetcher, options)
        card = scorecard_builder(ctx, options, city_profile)
        run = run_portal(source, judge, card, options.limit, options.on_progress)
        engagement = engagement_of(source, run.reachable)
    finally:
        judge.close()
        if options.fetcher is None:
            fetcher.close()
    scorecard = build_scorecard(card, target, source.kind, source.facts, ctx, engagement)
    block = portal_block(target, source.kind, source.facts, run, options, ctx.profile.timezone)
    return block, scorecard, run.results
