"""Benchmark: `audit check` vs `frictionless validate` vs a bare csv.reader loop.

Run on demand (never in CI):  .venv/bin/python benchmarks/bench_check.py [--rows 1000000] [--xlsx]
Needs the bench extra for the comparison: .venv/bin/pip install -e ".[bench]"

Generates a CSV of ROWS x 10 columns (Chinese text, dates, numbers, some ID-like
values), then runs each tool as its own process over the same file and prints
wall time, rows/s, ratios and peak memory (max RSS of that process).
frictionless is made to read every row: --trusted (it refuses absolute paths
otherwise) and --limit-errors above the row count (it stops at 1,000 by default).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent
WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
DISTRICTS = ["东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区", "通州区", "昌平区", "大兴区", "顺义区"]
KINDS = ["房建和市政基础设施", "交通运输", "水务工程", "园林绿化", "市政道路"]


def _resident_id(rng: random.Random) -> str:
    body = f"1101{rng.randint(1, 19):02d}{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def generate(path: Path, rows: int, seed: int = 20261128) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["编号", "项目名称", "所属区", "项目类型", "建设单位", "投资额（万元）", "面积", "开工日期", "更新时间", "备注"])
        for i in range(rows):
            r = rng.random()
            if r < 0.001:
                note = _resident_id(rng)  # a leaked ID now and then
            elif r < 0.002:
                note = f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}"
            elif r < 0.05:
                note = str(rng.randint(10**17, 10**18 - 1))  # an order number, checksum mostly fails
            elif r < 0.1:
                note = "/"
            else:
                note = ""
            district = rng.choice(DISTRICTS)
            w.writerow([
                f"P{i:08d}", f"{district}第{i % 997}号地块改造工程", district, rng.choice(KINDS),
                f"北京{rng.choice(['甲', '乙', '丙', '丁'])}建设集团有限公司", f"{rng.uniform(10, 90000):.2f}",
                rng.randint(100, 90000), f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d} 10:00:00", note,
            ])


def to_xlsx(csv_path: Path, xlsx_path: Path) -> None:
    """The same rows as a real XLSX, numbers as numbers. Written in openpyxl's normal mode,
    which (like Excel) records the sheet's <dimension>: its write-only mode does not, and a
    reader then needs a whole extra pass over the sheet to size it."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data"
    with open(csv_path, encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.reader(fh)):
            if i:
                row[5], row[6] = float(row[5]), int(row[6])
            ws.append(row)
    wb.save(xlsx_path)


def measure(cmd: list[str], stdout_file: Path) -> tuple[float, float, int]:
    """Run cmd in a fresh wrapper process; return (seconds, peak RSS MiB, exit code)."""
    wrapper = (
        "import resource, subprocess, sys, time, json\n"
        f"out = open({str(stdout_file)!r}, 'wb')\n"
        "t = time.perf_counter(); p = subprocess.run(sys.argv[1:], stdout=out, stderr=subprocess.PIPE)\n"
        "dt = time.perf_counter() - t\n"
        "print(json.dumps([dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, p.returncode, p.stderr.decode()[-400:]]))\n"
    )
    out = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True, check=True)
    seconds, rss, code, err = json.loads(out.stdout)
    if code not in (0, 1):
        print(f"  ! {cmd[0]} exited {code}: {err}")
    return seconds, rss, code


def bare_reader(path: Path) -> list[str]:
    code = f"import csv\nn=0\nwith open({str(path)!r}, encoding='utf-8', newline='') as fh:\n    for row in csv.reader(fh): n += 1\nprint(n)"
    return [sys.executable, "-c", code]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--skip-frictionless", action="store_true")
    ap.add_argument("--xlsx", action="store_true", help="benchmark the same rows as an XLSX workbook")
    ap.add_argument("--repeat", type=int, default=3, help="runs per tool, interleaved; the fastest counts")
    a = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    data = OUT / f"bench_{a.rows}.csv"
    if not data.exists():
        t = time.perf_counter()
        generate(data, a.rows)
        print(f"generated {data} ({data.stat().st_size / 2**20:.0f} MiB) in {time.perf_counter() - t:.1f}s")
    runs = {"csv.reader": bare_reader(data)}
    if a.xlsx:
        workbook = OUT / f"bench_{a.rows}.xlsx"
        if not workbook.exists():
            t = time.perf_counter()
            to_xlsx(data, workbook)
            print(f"generated {workbook} ({workbook.stat().st_size / 2**20:.0f} MiB) in {time.perf_counter() - t:.1f}s")
        data = workbook
    runs.update({
        "audit check": [str(BIN / "audit"), "check", str(data), "--format", "json", "-o", os.devnull,
                        "--as-of", "2026-11-28", "--fail-on", "never"],
    })
    if not a.skip_frictionless:
        runs["frictionless validate"] = [str(BIN / "frictionless"), "validate", str(data), "--trusted",
                                         "--limit-errors", str(a.rows * 20), "--json"]
    # Interleaved repeats, fastest run per tool: a shared machine's noise only ever slows a run down.
    best: dict[str, tuple[float, float, int]] = {}
    for _ in range(max(1, a.repeat)):
        for name, cmd in runs.items():
            stdout_file = OUT / (name.replace(" ", "_").replace(".", "_") + ".out")
            run = measure(cmd, stdout_file)
            if name not in best or run[0] < best[name][0]:
                best[name] = (run[0], max(run[1], best.get(name, run)[1]), run[2])
    results = {}
    for name, (seconds, rss, code) in best.items():
        results[name] = seconds
        print(f"{name:<22} {seconds:8.2f} s  {a.rows / seconds:>10,.0f} rows/s  peak {rss:7.1f} MiB  exit {code}")
    if "frictionless validate" in results:
        report = json.loads((OUT / "frictionless_validate.out").read_text("utf-8"))
        rows = sum((task.get("stats") or {}).get("rows", 0) for task in report.get("tasks", []))
        print(f"frictionless read {rows:,} rows (of {a.rows:,}), valid={report.get('valid')}")
    base = results["csv.reader"]
    for name, seconds in results.items():
        print(f"{name:<22} {seconds / base:6.1f}x csv.reader")
    if "frictionless validate" in results:
        print(f"audit check is {results['frictionless validate'] / results['audit check']:.1f}x faster than frictionless validate")


if __name__ == "__main__":
    main()
