"""One portal audit: stream the source's entries through the judge into the scorecard.

Entries are judged in small batches (so downloads of a batch run concurrently)
and never held beyond their batch; each result goes to a spool on disk as it is
judged (memory stays flat at any catalogue size). A catalogue that cannot be read at all is one errored dataset with the
reason, and the portal block says `reachable: false`.
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import DatasetResult
from .entry import Entry, Failure, PortalUnreachable
from .judge import Judge, Judged
from .scorecard import ScorecardBuilder
from .sources import Source
from .spool import DatasetSpool

Progress = Callable[[int, "int | None"], None]  # (datasets judged, declared total)


@dataclass
class PortalRun:
    results: DatasetSpool = field(default_factory=DatasetSpool.open)  # on disk as they are judged
    failures: list[dict] = field(default_factory=list)
    entries: int = 0
    reachable: bool = True
    error: str | None = None
    seconds: float = 0.0

    # What a run is made of: a sweep replays these from its spool, so its report is built by the same steps.
    def add(self, judged: Judged, card: ScorecardBuilder) -> None:
        self.results.append_result(judged.result)
        for data in judged.data:
            self.results.append_result(data)
        card.add(judged)
        self.failures.extend({"dataset": judged.entry.source, "stage": link["role"], "url": link["url"],
                              "reason": link["reason"]} for link in judged.links if link["broken"] is not False)
        self.entries += 1

    def add_failure(self, failure: Failure, result: DatasetResult, card: ScorecardBuilder) -> None:
        self.results.append_result(result)
        self.failures.append({"dataset": failure.source, "stage": "catalogue", "url": failure.url,
                              "reason": failure.reason})
        card.add_failure(failure)

    def add_unreachable(self, source: str, reason: str, result: DatasetResult, card: ScorecardBuilder) -> None:
        self.reachable, self.error = False, f"{source}: {reason}"
        self.results.append_result(result)
        self.failures.append({"dataset": source, "stage": "catalogue", "url": source, "reason": reason})
        card.add_failure(Failure(source=source, reason=reason))


def _unique(entry: Entry, seen: Counter) -> Entry:
    """Paged APIs can list a dataset twice when the catalogue changes under the pages."""
    seen[entry.id] += 1
    copies = seen[entry.id]
    if copies > 1:
        entry.id, entry.source = f"{entry.id}~{copies}", f"{entry.source}~{copies}"
    return entry


def run_portal(source: Source, judge: Judge, card: ScorecardBuilder, limit: int | None = None,
               progress: Progress | None = None, run: PortalRun | None = None) -> PortalRun:
    run = run if run is not None else PortalRun()
    started = time.monotonic()
    batch_size = max(1, judge.fetcher.policy.concurrency * 4) if judge.download else 1
    batch: list[Entry] = []
    seen: Counter = Counter()

    def flush() -> None:
        for judged in judge.judge(batch):
            run.add(judged, card)
            if progress:
                progress(run.entries, source.facts.get("declared_total"))
        batch.clear()

    try:
        for item in source.entries():
            if isinstance(item, Failure):
                run.add_failure(item, judge.failure(item), card)
                continue
            batch.append(_unique(item, seen))
            if len(batch) >= batch_size:
                flush()
            if limit and run.entries + len(batch) >= limit:
                break
        flush()
    except PortalUnreachable as exc:
        run.add_unreachable(exc.source, exc.reason,
                            judge.unreadable(exc.source, f"the catalogue cannot be read: {exc.reason}"), card)
    run.seconds = round(time.monotonic() - started, 3)
    return run
