"""Benchmark: `audit sweep` over P loopback CKAN portals of N datasets each, metadata-only, 1 vs 2 workers.

Run on demand (never in CI):  .venv/bin/python benchmarks/bench_sweep.py [--portals 20] [--datasets 5000]

The parent process serves P CKAN Action APIs on 127.0.0.1 (package_search, rows
≤ 1000, packages shaped like the real API: tests/portal_apis.py). Each worker
count runs in a child process that is the sweep's client: it starts a real
LocalCluster with that many worker processes, sweeps every portal, writes each
portal's JSON report and the comparison, and prints its own peak RSS with the
peak RSS every worker reported. The serving parent shares the machine with
the sweep, as a real portal would not: rates here are a floor.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from portal_apis import ckan_package, ckan_route  # noqa: E402
from portal_server import LocalServer  # noqa: E402


def child(sweep_file: str, workers: int, reports: str) -> None:
    """The sweep's client: run it, print its figures as one JSON line."""
    from auditor.sweep.command import run_sweep_command

    started = time.perf_counter()
    result, table = run_sweep_command(sweep_file, [], [], {}, {"workers": workers, "reports": reports})
    seconds = time.perf_counter() - started
    datasets = sum(head["portal"]["datasets"] for _, head in result.heads)
    print(json.dumps({"workers": workers, "seconds": seconds, "sweep_seconds": result.seconds,
                      "startup_seconds": result.startup_seconds, "datasets": datasets,
                      "tasks": result.tasks_run, "failed": result.tasks_failed,
                      "client_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "worker_peak_mb": result.worker_peak_mb, "columns": len(table["columns"])}))


def run(sweep_file: Path, workers: int, reports: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", str(sweep_file), "--workers", str(workers),
                           "--reports", str(reports)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"sweep with {workers} worker(s) failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portals", type=int, default=20)
    parser.add_argument("--datasets", type=int, default=5000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--child", metavar="SWEEP_FILE", help=argparse.SUPPRESS)
    parser.add_argument("--reports", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.workers[0], args.reports)
        return
    packages = [ckan_package(i) for i in range(args.datasets)]
    servers = [LocalServer({"/api/3/action/package_search": ckan_route(packages)}) for _ in range(args.portals)]
    for server in servers:
        server.__enter__()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-sweep-") as tmp:
            sweep_file = Path(tmp) / "sweep.yaml"
            sweep_file.write_text(json.dumps({
                "portals": [{"name": f"p{i:02d}", "source": s.base, "type": "ckan"} for i, s in enumerate(servers)],
                "as_of": "2026-11-28", "metadata_only": True}), "utf-8")
            rows = [run(sweep_file, w, Path(tmp) / f"reports-{w}") for w in args.workers]
    finally:
        for server in servers:
            server.__exit__(None, None, None)
    print(f"{args.portals} portals x {args.datasets:,} datasets, metadata-only, {os.cpu_count()} cores (shared)")
    print(f"{'workers':>7} {'seconds':>8} {'startup':>8} {'datasets/s':>11} {'tasks':>6} {'client peak MB':>15} "
          f"{'worker peak MB':>22}")
    for r in rows:
        peaks = ", ".join(f"{v:.0f}" for v in sorted(r["worker_peak_mb"].values()))
        r["rate"] = r["datasets"] / (r["seconds"] - r["startup_seconds"])
        print(f"{r['workers']:>7} {r['seconds']:>8.1f} {r['startup_seconds']:>8.1f} {r['rate']:>11,.0f} "
              f"{r['tasks']:>6} {r['client_peak_mb']:>15.0f} {peaks:>22}")
    print("datasets/s: after the cluster started")
    best = max(rows, key=lambda r: r["rate"])
    projected = 250 * 4000
    print(f"projection, 250 portals x 4,000 datasets ({projected:,}) at the best rate here "
          f"({best['rate']:,.0f}/s, {best['workers']} worker(s)): {projected / best['rate'] / 60:.0f} min; "
          "per-worker memory is per task, not per sweep; the client holds one portal's results at a time")


if __name__ == "__main__":
    main()
