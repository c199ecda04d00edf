"""`audit sweep` between the command line and the runner: the plan, the bars, the reports, the store.

Kept out of `cli.py` so the command there stays a thin parse-and-exit; nothing
here prints to stdout (the comparison table is the command's to write).
"""
from __future__ import annotations

import os
import sys
from contextlib import ExitStack
from typing import Any

from ..errors import UsageError
from ..i18n import default_lang, t
from ..model import PortalReport
from ..portal.compare import compare_documents
from ..reporters import render
from .plan import SweepPlan, plan_from_options, read_sweep_file, slug
from .runner import SweepResult, run_sweep


def _plan(sweep_file: str | None, cities: list[str], sources: list[str], given: dict[str, Any],
          settings: dict[str, Any]) -> SweepPlan:
    overrides = {k: v for k, v in given.items() if v is not None}
    sweep_overrides = {k: v for k, v in settings.items() if v is not None}
    if sweep_file and (cities or sources):
        raise UsageError.of("err.sweep_both")
    if sweep_file:
        return read_sweep_file(sweep_file, overrides, sweep_overrides)
    return plan_from_options(cities, sources, overrides, sweep_overrides)


class _Bars:
    """One bar per portal and a total, on stderr, only when it is a terminal."""

    def __init__(self, names: list[str], lang: str = "en"):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self.total = self.progress.add_task(t("sweep.all_portals", lang), total=None)
        self.bars = {name: self.progress.add_task(name, total=None) for name in names}
        self.counts: dict[str, tuple[int, int | None]] = {}

    def update(self, name: str, done: int, expected: int | None) -> None:
        self.counts[name] = (done, expected)
        self.progress.update(self.bars[name], completed=done, total=expected if expected and expected >= done else None)
        all_done = sum(d for d, _ in self.counts.values())
        known = [e for _, e in self.counts.values()]
        total = sum(e for e in known if e) if len(known) == len(self.bars) and all(known) else None
        self.progress.update(self.total, completed=all_done, total=total if total and total >= all_done else None)


def run_sweep_command(sweep_file: str | None, cities: list[str], sources: list[str], given: dict[str, Any],
                      settings: dict[str, Any], client=None) -> tuple[SweepResult, dict]:
    """Run the sweep; write each portal's report to `reports`, record the run in `store`; the comparison.

    `client`: a ready distributed.Client (tests share one); else the plan's scheduler or a local cluster."""
    plan = _plan(sweep_file, cities, sources, given, settings)
    reports_dir = plan.settings.get("reports")
    if reports_dir:
        os.makedirs(reports_dir, exist_ok=True)
    with ExitStack() as stack:
        recorder = None
        if plan.settings.get("store"):
            from ..history.store import HistoryStore

            store = stack.enter_context(HistoryStore(plan.settings["store"]))
            recorder = stack.enter_context(store.recording(command="sweep"))
        bars = None
        if sys.stderr.isatty():
            bars = _Bars([p.name for p in plan.portals], given.get("lang") or default_lang())
            stack.enter_context(bars.progress)

        def on_report(name: str, report: PortalReport) -> None:
            if reports_dir:
                with open(os.path.join(reports_dir, f"{slug(name)}.json"), "w", encoding="utf-8") as fh:
                    fh.write(render(report, "json"))
            if recorder is not None:
                recorder.add(name, report)

        result = run_sweep(plan, client=client, on_report=on_report, on_progress=bars.update if bars else None)
    names = [name for name, _ in result.heads]
    return result, compare_documents([(name, head) for name, head in result.heads], names)
