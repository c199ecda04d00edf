"""Benchmark: `audit portal` on a CKAN catalogue of N datasets served locally, metadata-only.

Run on demand (never in CI):  .venv/bin/python benchmarks/bench_portal.py [--sizes 10000 50000]
                                                                       [--formats terminal json sarif junit]

A server process serves a CKAN Action API (package_search, rows ≤ 1000, start
paging; packages shaped like the real API: tests/portal_apis.py) on 127.0.0.1;
each size is audited by the real CLI in its own child process, so the wall time
and the peak memory (max RSS of that child, from wait4) are the audit's alone.
The catalogue lives in the server process, never in this one: a child forked
from a parent holding 50,000 packages would count the parent's pages in its
max RSS before exec. The machine these numbers come from may be shared: rerun
before comparing.
"stream" pages through the catalogue and builds every entry while keeping none:
the paging layer alone, whose memory must not grow with the catalogue.
The raw catalogue size (bytes served) is printed next to the memory: if responses
were kept, memory would grow by about that much per size step; what grows is the
DatasetResults (one per entry) the report is made of.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from portal_apis import ckan_package, ckan_route  # noqa: E402
from portal_server import LocalServer  # noqa: E402

OUT = HERE / "out"
AUDIT = Path(sys.executable).parent / "audit"
EXTENSION = {"json": "json", "sarif": "sarif", "junit": "xml"}


class CountingRoute:
    """The package_search route, counting the bytes it serves."""

    def __init__(self, packages):
        self.inner = ckan_route(packages)
        self.bytes = 0

    def __call__(self, method, query):
        status, headers, body = self.inner(method, query)
        self.bytes += len(body)
        return status, headers, body


def run_child(args: list[str]) -> tuple[float, int, int]:
    """(seconds, peak RSS in KB, exit code) of one audit process."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_maxrss, proc.returncode


def stream_only(url: str) -> None:
    """Child mode: page through the catalogue and build every entry, keeping none (the paging layer alone)."""
    from auditor.portal.http import Fetcher, FetchPolicy
    from auditor.portal.sources import open_source

    with Fetcher(FetchPolicy()) as fetcher:
        count = sum(1 for _ in open_source(url, "ckan", fetcher).entries())
    print(count)


def serve(size: int, ready, stats) -> None:
    """Server process: build the catalogue here and serve it until terminated."""
    route = CountingRoute([ckan_package(i) for i in range(size)])

    def counted(method, query):
        answer = route(method, query)
        stats["bytes"], stats["pages"] = route.bytes, stats.get("pages", 0) + 1
        return answer

    with LocalServer({"/api/3/action/package_search": counted}) as srv:
        ready.put(srv.base + "/api/3/action/package_search")
        while True:
            time.sleep(3600)


def bench(size: int, fmt: str) -> dict:
    import multiprocessing

    out = OUT / f"portal_{size}.{EXTENSION.get(fmt, 'txt')}"
    manager = multiprocessing.Manager()
    ready, stats = manager.Queue(), manager.dict()
    server = multiprocessing.Process(target=serve, args=(size, ready, stats), daemon=True)
    server.start()
    try:
        url = ready.get(timeout=600)
        if fmt == "stream":
            seconds, rss_kb, code = run_child([sys.executable, __file__, "--stream-only", url])
        else:
            seconds, rss_kb, code = run_child([str(AUDIT), "portal", "--source", url, "--type", "ckan",
                                               "--as-of", "2026-11-28", "--format", fmt, "-o", str(out)])
        served, pages = stats.get("bytes", 0), stats.get("pages", 0)
    finally:
        server.terminate()
        server.join()
        manager.shutdown()
    return {"size": size, "format": fmt, "seconds": seconds, "rss_mb": rss_kb / 1024, "exit": code, "pages": pages,
            "served_mb": served / 1e6, "report_mb": out.stat().st_size / 1e6 if out.exists() else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 50000])
    parser.add_argument("--formats", nargs="+", default=["stream", "terminal", "json", "sarif", "junit"],
                        help="stream: paging and entries only; terminal/json/sarif/junit: the whole audit and "
                             "that report")
    parser.add_argument("--stream-only", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stream_only:
        stream_only(args.stream_only)
        return
    OUT.mkdir(exist_ok=True)
    rows = [bench(size, fmt) for fmt in args.formats for size in args.sizes]
    print(f"{'datasets':>9} {'format':>9} {'pages':>6} {'served MB':>10} {'seconds':>8} {'datasets/s':>11} "
          f"{'peak RSS MB':>12} {'report MB':>10} {'exit':>5}")
    for r in rows:
        print(f"{r['size']:>9,} {r['format']:>9} {r['pages']:>6} {r['served_mb']:>10.1f} {r['seconds']:>8.2f} "
              f"{r['size'] / r['seconds']:>11,.0f} {r['rss_mb']:>12.1f} {r['report_mb']:>10.1f} {r['exit']:>5}")
    for fmt in args.formats:
        same = [r for r in rows if r["format"] == fmt]
        if len(same) >= 2:
            a, b = same[0], same[-1]
            per = (b["rss_mb"] - a["rss_mb"]) * 1024 / (b["size"] - a["size"])
            served = (b["served_mb"] - a["served_mb"]) * 1e6 / 1024 / (b["size"] - a["size"])
            print(f"{fmt}: {per:.1f} KB of peak memory per extra dataset ({a['size']:,} → {b['size']:,}); "
                  f"the raw catalogue is {served:.1f} KB per dataset")


if __name__ == "__main__":
    main()
