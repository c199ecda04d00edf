"""What runs on a worker: one portal, or one page range or dataset batch of it, into a spool part.

The task judges with the very code `audit portal` uses (`run_portal` with the
same Judge and Fetcher); only the run is a `SpoolingRun`, which writes each
judged entry to the part instead of keeping it. The first task of a portal
also learns what the client needs to split the rest: the declared total and
the page step of a paged API, or the number of items of any other catalogue;
and it counts the portal's apps (the seed's Table 6) where the platform lists them.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

from ..api import PortalOptions, portal_context
from ..model import DatasetResult
from ..portal.audit import engagement_of, open_catalogue, portal_target, scorecard_builder
from ..portal.entry import Entry, Failure
from ..portal.http import Fetcher, FetchPolicy
from ..portal.judge import Judge, Judged
from ..portal.run import PortalRun, run_portal
from ..portal.scorecard import ScorecardBuilder
from ..portal.sources import Source
from ..portal.sources.base import OffsetPagedSource
from .spool import SpoolPart


@dataclass(frozen=True)
class Window:
    """The share of a portal one task judges.

    `pages` is a page range of a paged API (offset/limit: CKAN, Socrata,
    OpenDataSoft); `items` a range of the catalogue's items by position (any
    other catalogue in download mode, whose cost is the downloads). A later page
    range carries the declared total and step its portal's first task learnt."""

    key: str
    pages: tuple[int, int | None] | None = None
    items: tuple[int, int | None] | None = None
    total: int | None = None
    step: int | None = None


def first_window(pages_per_task: int, batch: int, download: bool) -> Window:
    """A portal's first task: its first pages (one page when downloading), or its first batch of datasets."""
    return Window(key="first", pages=(0, 1 if download else pages_per_task), items=(0, batch) if download else None)


def make_options(options: dict[str, Any]) -> PortalOptions:
    opts = dict(options)
    if isinstance(opts.get("as_of"), str):
        opts["as_of"] = dt.date.fromisoformat(opts["as_of"])
    return PortalOptions(**opts)


# -- spool records ---------------------------------------------------------------------------
def entry_record(entry: Entry) -> dict:
    meta = asdict(entry.metadata)
    meta["contact"] = "present" if meta.get("contact") else None  # the report says only whether there is one
    return {"id": entry.id, "source": entry.source, "metadata": meta, "facts": entry.facts, "base": entry.base,
            "local_file": entry.local_file, "problems": list(entry.problems)}


class SpoolingRun(PortalRun):
    """A PortalRun that writes what it is given to a spool part and keeps nothing but counts."""

    def __init__(self, part: SpoolPart):
        super().__init__()
        self.part = part

    def add(self, judged: Judged, card: ScorecardBuilder) -> None:
        self.part.append({"t": "entry", "entry": entry_record(judged.entry), "result": judged.result.as_dict(),
                          "data": [d.as_dict() for d in judged.data], "links": judged.links})
        self.entries += 1

    def add_failure(self, failure: Failure, result: DatasetResult, card: ScorecardBuilder) -> None:
        self.part.append({"t": "failure", "failure": asdict(failure), "result": result.as_dict()})

    def add_unreachable(self, source: str, reason: str, result: DatasetResult, card: ScorecardBuilder) -> None:
        self.reachable, self.error = False, f"{source}: {reason}"
        self.part.append({"t": "unreachable", "source": source, "reason": reason, "result": result.as_dict()})


class _Items(Source):
    """The items of a catalogue at positions [start, stop): a dataset batch of a non-paged catalogue.

    The first batch reads on to the end to count the items (metadata is cheap,
    downloads are not), so the client can plan every other batch at once."""

    def __init__(self, inner: Source, start: int, stop: int | None):
        super().__init__(inner.location, inner.fetcher)
        self.inner, self.start, self.stop, self.seen = inner, start, stop, 0
        self.kind, self.facts = inner.kind, inner.facts  # the catalogue's facts, as it reads them

    def entries(self) -> Iterator[Entry | Failure]:
        for item in self.inner.entries():
            inside = self.seen >= self.start and (self.stop is None or self.seen < self.stop)
            self.seen += 1
            if inside:
                yield item
            elif self.start and self.stop is not None and self.seen >= self.stop:
                return


# -- politeness across workers -------------------------------------------------------------
def host_gate(limit: int | None):
    """At most `limit` requests in flight per host across the whole cluster (a distributed.Semaphore each)."""
    if not limit:
        return None
    from distributed import Semaphore, get_client

    client = get_client()  # here, in the task's thread: the Fetcher's own threads have no worker context
    semaphores: dict[str, Any] = {}
    lock = threading.Lock()

    @contextmanager
    def gate(url: str):
        host = urlsplit(url).netloc.lower()
        with lock:
            semaphore = semaphores.get(host)
            if semaphore is None:
                semaphore = semaphores[host] = Semaphore(max_leases=limit, name=f"audit-host-{host}",
                                                         scheduler_rpc=client.scheduler, loop=client.loop)
        with semaphore:
            yield

    return gate


def _worker_facts() -> dict:
    """Which worker ran the task and its peak memory so far: the sweep reports peak memory per worker."""
    import resource

    try:
        from distributed import get_worker

        name = get_worker().address
    except (ImportError, ValueError):
        name = "local"
    return {"name": name, "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def run_task(options: dict[str, Any], window: Window, folder: str, http_cache: str | None,
             per_host: int | None) -> dict:
    """Judge the window's share of the portal into the part `folder/KEY.jsonl`; return its summary."""
    opts = make_options(options)
    ctx, city_profile = portal_context(opts)
    target = portal_target(opts, city_profile)
    fetcher = Fetcher(FetchPolicy(timeout=opts.timeout, retries=opts.retries, max_bytes=opts.max_bytes,
                                  concurrency=opts.concurrency, cache_dir=http_cache), gate=host_gate(per_host))
    judge = Judge(ctx, fetcher, opts.download)
    part = SpoolPart(folder, window.key)
    try:
        source = open_catalogue(target, fetcher, opts)
        paged = source if isinstance(source, OffsetPagedSource) and not opts.limit else None
        stream: Source = source
        if paged is not None and window.pages:
            paged.start_page, paged.stop_page = window.pages
            if window.pages[0]:
                paged.facts["declared_total"], paged.step = window.total, window.step
        elif window.items and not opts.limit:
            stream = _Items(source, *window.items)
        run = run_portal(stream, judge, scorecard_builder(ctx, opts, city_profile), opts.limit,
                         run=SpoolingRun(part))
        total = source.facts.get("declared_total")
        summary = {"kind": source.kind, "paged": paged is not None, "facts": source.facts,
                   "step": paged.step if paged is not None else None, "items": getattr(stream, "seen", None),
                   "reach": paged.reachable(total) if paged is not None and total is not None else None,
                   "entries": run.entries, "reachable": run.reachable, "error": run.error, "seconds": run.seconds,
                   "tool_errors": [e.as_dict() for e in ctx.registry.errors], "worker": _worker_facts()}
        if window.key == "first":  # Table 6's apps: one request per portal, as `audit portal` makes it
            summary["engagement"] = engagement_of(source, run.reachable)
        part.commit(summary)
        return summary
    except BaseException:
        part.abandon()
        raise
    finally:
        judge.close()
        fetcher.close()
