"""A dataset's timeliness picture and the overdue verdict (DESIGN §7).

Built once per dataset (`ds.derived`) from the metadata and the tables' ContentDates
analyses, and shared by every TM rule's dataset hook; its `facts` are the report's
`timeliness` block, which the TM rules declare as their contribution. Everything is in naive
wall-clock time of the profile's timezone: naive portal timestamps are local
time, explicit offsets are converted, and "now" is the end of the as-of day
(nothing dated on the as-of day is in the future).

Which timestamp counts as the last update: the data's own over the record's.
A distribution's (the file's) modified date, when the catalogue gives one, is
preferred to the dataset record's modified date, which portals bump on any
edit of the record. The dates inside the data are judged on their own (TM004)
and, when present, they are what the headline due date and days overdue in
the report are based on (`due_basis: content`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import cast
from zoneinfo import ZoneInfo

from auditor.dates import Stamp, parse_local
from auditor.frequency import Frequency, add_period, parse_frequency
from auditor.metadata.model import declared
from auditor.model import Severity
from auditor.rule import Rule

from .content import ColumnDates, ContentDates

FACTS_KEY = "timeliness"
DISTRIBUTION_DATE_KEYS = ("modified", "last_modified", "lastModified", "dateModified", "updated")


@dataclass
class Timeline:
    frequency_raw: str | None
    frequency: Frequency
    frequency_declared: bool
    modified_raw: str | None
    modified: Stamp | None
    modified_source: str | None  # "distribution" or "metadata"
    issued: Stamp | None
    columns: list[ColumnDates]
    now: dt.datetime
    timezone: str
    has_metadata: bool
    newest: ColumnDates | None = field(default=None)
    facts: dict = field(default_factory=dict)  # the report's `timeliness` block

    @property
    def as_of(self) -> dt.date:
        return self.now.date()


@dataclass(frozen=True)
class Verdict:
    due: dt.datetime
    days_overdue: int
    severity: Severity | None  # None: on time (within the grace)


def judge(last_end: dt.datetime, freq: Frequency, now: dt.datetime, grace_days: float, periods: int = 1) -> Verdict:
    """due = last + periods; pass within the grace, warning up to one more period, error beyond."""
    grace = dt.timedelta(days=grace_days)
    due = add_period(last_end, freq, periods)
    days = max(0, (now.date() - due.date()).days)
    if now - due <= grace:
        return Verdict(due, days, None)
    if now <= add_period(due, freq) + grace:
        return Verdict(due, days, Severity.WARNING)
    return Verdict(due, days, Severity.ERROR)


def _distribution_modified(meta, timezone: str) -> Stamp | None:
    best = None
    for dist in getattr(meta, "distributions", None) or []:
        if not isinstance(dist, dict):
            continue
        for key in DISTRIBUTION_DATE_KEYS:
            stamp = parse_local(dist.get(key), timezone) if declared(dist.get(key)) else None
            if stamp and (best is None or stamp.end > best.end):
                best = stamp
    return best


def _newest(columns: list[ColumnDates], now: dt.datetime) -> ColumnDates | None:
    dated = [c for c in columns if c.newest is not None]
    return max(dated, key=lambda c: min(cast(Stamp, c.newest).end, now)) if dated else None


def timeline_for(ds) -> Timeline:
    """The dataset's timeline, built once per dataset."""
    return ds.derived(_build_timeline)


def _build_timeline(ds) -> Timeline:
    tz = ds.timezone or "UTC"
    meta = ds.metadata
    now = dt.datetime.combine(ds.as_of, dt.time.max)
    raw_freq = getattr(meta, "frequency", None)
    modified_raw = getattr(meta, "modified", None)
    source: str | None
    modified, source = _distribution_modified(meta, tz), "distribution"
    if modified is None:
        modified = parse_local(modified_raw, tz) if declared(modified_raw) else None
        source = "metadata" if modified else None
    issued_raw = getattr(meta, "issued", None)
    columns = [col for _, found in ds.results(ContentDates) for col in found]
    tl = Timeline(
        frequency_raw=None if raw_freq is None else str(raw_freq),
        frequency=parse_frequency(raw_freq if declared(raw_freq) else None),
        frequency_declared=declared(raw_freq),
        modified_raw=modified_raw,
        modified=modified,
        modified_source=source,
        issued=parse_local(issued_raw, tz) if declared(issued_raw) else None,
        columns=columns,
        now=now,
        timezone=tz,
        has_metadata=bool(getattr(meta, "sources", None)),
        newest=_newest(columns, now),
    )
    tl.facts = base_facts(tl)
    return tl


def stamp_text(stamp: Stamp | None, timezone: str) -> str | None:
    """ISO 8601 at the value's own precision: 2024, 2021-03, 2021-Q1, 2020-11-13, or a full timestamp."""
    if stamp is None:
        return None
    s = stamp.start
    if stamp.unit == "year":
        return f"{s.year:04d}"
    if stamp.unit == "half":
        return f"{s.year:04d}-H{1 if s.month <= 6 else 2}"
    if stamp.unit == "quarter":
        return f"{s.year:04d}-Q{(s.month - 1) // 3 + 1}"
    if stamp.unit == "month":
        return f"{s.year:04d}-{s.month:02d}"
    if stamp.unit == "day":
        return s.date().isoformat()
    return moment_text(s, timezone)


def moment_text(moment: dt.datetime, timezone: str) -> str:
    """A date when the moment is the end of a day, else a timestamp with the zone's offset."""
    if moment.time() in (dt.time.max, dt.time(0)):
        return moment.date().isoformat()
    return moment.replace(microsecond=0, tzinfo=ZoneInfo(timezone)).isoformat()


def base_facts(tl: Timeline) -> dict:
    freq = tl.frequency
    newest = tl.newest
    return {
        "frequency_raw": tl.frequency_raw,
        "frequency_normalised": freq.label if tl.frequency_declared and freq.recognised else None,
        "frequency_kind": freq.kind if tl.frequency_declared else None,
        "last_modified": stamp_text(tl.modified, tl.timezone),
        "last_modified_source": tl.modified_source,
        "newest_content_date": stamp_text(newest.newest, tl.timezone) if newest else None,
        "newest_content_column": newest.column if newest else None,
        "due": None,
        "days_overdue": None,
        "due_basis": None,
    }


def record_verdict(ds, verdict: Verdict, basis: str) -> None:
    """Put a verdict into the report's timeliness facts; the content's verdict wins (DESIGN §7)."""
    tl = timeline_for(ds)
    facts = tl.facts
    if basis != "content" and facts.get("due_basis") == "content":
        return
    facts.update(due=moment_text(verdict.due, tl.timezone), days_overdue=verdict.days_overdue, due_basis=basis)


class TimelineRule(Rule):
    """A TM rule: reads the dataset's timeline and contributes its facts to the report."""

    contributes = (FACTS_KEY,)

    def timeline(self, ds) -> Timeline:
        tl = timeline_for(ds)
        self.contribute(FACTS_KEY, tl.facts)
        return tl
