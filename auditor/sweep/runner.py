"""Run a sweep on Dask: a task per portal, split further as each portal's first task reports back.

Every portal starts with one task. When it ends, the client knows enough to
split the rest: the page ranges of a paged API (`pages_per_task` pages each)
or, in download mode, dataset batches of any other catalogue (`batch` items
each). Tasks retry `task_retries` times on Dask; one that still fails is
recorded against its portal as a part that could not be read. A task whose
spool part is complete (its marker exists) is not run again, so a rerun with
the same `--cache` resumes. A portal is merged as soon as all its tasks have
settled, and handed to `on_report`; only its head (report without datasets)
is kept for the comparison table.
"""
from __future__ import annotations

import math
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import redact
from ..api import portal_context
from ..errors import UsageError
from ..i18n import Msg
from ..model import PortalReport
from ..portal.audit import portal_target
from .merge import TaskOutcome, merge_portal
from .plan import PortalSpec, SweepPlan, slug
from .spool import LineCounter, done_summary
from .task import Window, first_window, make_options, run_task

DEFAULTS = {"per_host": 2, "pages_per_task": 10, "batch": 200, "task_retries": 2}

Progress = Callable[[str, int, "int | None"], None]  # (portal, records written, expected or None)


@dataclass
class _Portal:
    spec: PortalSpec
    folder: str
    http_cache: str
    windows: list[Window] = field(default_factory=list)
    outcomes: dict[str, TaskOutcome] = field(default_factory=dict)
    expected: int | None = None

    @property
    def settled(self) -> bool:
        return len(self.outcomes) == len(self.windows)


@dataclass
class SweepResult:
    heads: list[tuple[str, dict]] = field(default_factory=list)  # (portal, report without datasets), plan order
    tasks_run: int = 0
    tasks_skipped: int = 0  # complete in the spool already
    tasks_failed: int = 0
    seconds: float = 0.0
    startup_seconds: float = 0.0  # starting the local cluster (or connecting to the scheduler)
    worker_peak_mb: dict[str, float] = field(default_factory=dict)  # peak RSS of each worker that ran a task
    exit_code: int = 0


def _follow_ups(first: dict, first_pages: int, download: bool, settings: dict) -> list[Window]:
    """The rest of a portal once its first task has said how big it is.

    Downloading, a task of a paged API takes about `batch` datasets (at least one page)."""
    if first["paged"] and first.get("reach") and first.get("step"):
        total, step = first["facts"]["declared_total"], first["step"]
        pages = max(1, settings["batch"] // step) if download else settings["pages_per_task"]
        count = math.ceil(first["reach"] / step)
        return [Window(key=f"p{s}-{min(s + pages, count)}", pages=(s, min(s + pages, count)), total=total, step=step)
                for s in range(first_pages, count, pages)]
    batch = settings["batch"]
    if download and not first["paged"] and first.get("items"):
        return [Window(key=f"i{s}-{s + batch}", items=(s, s + batch)) for s in range(batch, first["items"], batch)]
    return []


def check_plan(plan: SweepPlan) -> None:
    """Usage errors (unknown city, missing source...) before any worker starts: exit 2, not a failed task."""
    for spec in plan.portals:
        try:
            opts = make_options(spec.options)
            ctx, city_profile = portal_context(opts)
            portal_target(opts, city_profile)
        except UsageError as exc:
            problem = Msg(exc.key, exc.params) if exc.key else str(exc)
            raise UsageError.of("err.sweep_portal", name=spec.name, problem=problem) from None


def _client(settings: dict):
    from distributed import Client, LocalCluster

    if settings.get("scheduler"):
        return Client(settings["scheduler"]), None
    workers = settings.get("workers") or os.cpu_count() or 1
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster), cluster


def run_sweep(plan: SweepPlan, client=None, on_report: Callable[[str, PortalReport], None] | None = None,
              on_progress: Progress | None = None) -> SweepResult:
    """Audit every portal of the plan; `client` is a ready distributed.Client (else one is made)."""
    settings = {**DEFAULTS, **plan.settings}
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise UsageError.of("err.sweep_dask") from None
    check_plan(plan)
    if settings.get("scheduler") and not all(spec.options.get("cache") for spec in plan.portals):
        raise UsageError.of("err.sweep_shared_cache")
    scratch = tempfile.mkdtemp(prefix="audit-sweep-")
    started = time.monotonic()
    own_client, cluster = (None, None) if client is not None else _client(settings)
    client = client or own_client
    try:
        sweep = _Sweep(plan, settings, client, scratch, on_report, on_progress)
        sweep.result.startup_seconds = round(time.monotonic() - started, 3)
        return sweep.run(started)
    finally:
        if own_client is not None:
            own_client.close()
        if cluster is not None:
            cluster.close()
        shutil.rmtree(scratch, ignore_errors=True)


class _Sweep:
    def __init__(self, plan, settings, client, scratch, on_report, on_progress):
        self.plan, self.settings, self.client = plan, settings, client
        self.on_report, self.on_progress = on_report, on_progress
        self.result = SweepResult()
        self.portals = []
        for spec in plan.portals:
            cache = spec.options.get("cache")
            root = cache or scratch
            folder = os.path.join(root, "sweep", f"{slug(spec.name)}-{spec.fingerprint}")
            self.portals.append(_Portal(spec, folder, cache or os.path.join(scratch, "http")))
        self.futures: dict[Any, tuple[_Portal, Window]] = {}
        self.counter = LineCounter()
        self.heads: dict[str, dict] = {}

    def run(self, started: float) -> SweepResult:
        from distributed import as_completed

        self.done = as_completed()
        for portal in self.portals:
            self._schedule(portal, first_window(self.settings["pages_per_task"], self.settings["batch"],
                                                bool(portal.spec.options.get("download"))))
        while self.done.count():
            ready = self.done.next_batch(block=False)
            for future in ready:
                self._settle(future)
            if not ready:
                self._progress()
                time.sleep(0.2)
        self._progress()
        self.result.heads = [(p.spec.name, self.heads[p.spec.name]) for p in self.portals]
        self.result.seconds = round(time.monotonic() - started, 3)
        return self.result

    def _schedule(self, portal: _Portal, window: Window) -> None:
        portal.windows.append(window)
        summary = done_summary(portal.folder, window.key)
        if summary is not None:
            self.result.tasks_skipped += 1
            self._finished(portal, window, summary)
            return
        future = self.client.submit(run_task, portal.spec.options, window, portal.folder, portal.http_cache,
                                    self.settings["per_host"], retries=self.settings["task_retries"], pure=False,
                                    key=f"audit-{slug(portal.spec.name)}-{window.key}-{os.urandom(4).hex()}")
        self.futures[future] = (portal, window)
        self.done.add(future)

    def _settle(self, future) -> None:
        portal, window = self.futures.pop(future)
        if future.status == "finished":
            self.result.tasks_run += 1
            summary = future.result()
            worker, peaks = summary["worker"], self.result.worker_peak_mb
            peaks[worker["name"]] = max(peaks.get(worker["name"], 0.0), worker["peak_rss_mb"])
            self._finished(portal, window, summary)
        else:
            self.result.tasks_failed += 1
            exc = future.exception()
            portal.outcomes[window.key] = TaskOutcome(window, error=redact.scrub(f"{type(exc).__name__}: {exc}"))
            self._maybe_merge(portal)

    def _finished(self, portal: _Portal, window: Window, summary: dict) -> None:
        portal.outcomes[window.key] = TaskOutcome(window, summary)
        if window.key == "first":
            facts = summary["facts"]
            portal.expected = facts.get("declared_total") if summary["paged"] else summary.get("items")
            first_pages = window.pages[1] if window.pages and window.pages[1] else 1
            for follow in _follow_ups(summary, first_pages, bool(portal.spec.options.get("download")), self.settings):
                self._schedule(portal, follow)
        self._maybe_merge(portal)

    def _maybe_merge(self, portal: _Portal) -> None:
        if not portal.settled or portal.spec.name in self.heads:
            return
        outcomes = [portal.outcomes[w.key] for w in portal.windows]
        report = merge_portal(portal.spec.options, portal.folder, outcomes)
        head = report.as_dict(with_datasets=False)
        self.heads[portal.spec.name] = head
        failed = head["summary"]["failed"] or head["summary"]["errored"] or not report.portal["reachable"]
        self.result.exit_code = max(self.result.exit_code, 3 if report.tool_failed else int(bool(failed)))
        if self.on_report:
            self.on_report(portal.spec.name, report)

    def _progress(self) -> None:
        if not self.on_progress:
            return
        for portal in self.portals:
            done = sum(self.counter.count(portal.folder, w.key) for w in portal.windows)
            self.on_progress(portal.spec.name, done, portal.expected)
