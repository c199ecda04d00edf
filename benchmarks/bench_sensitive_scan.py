"""Benchmark: the vectorised column scan against the per-cell detectors, on 1M-cell columns.

Run on demand (never in CI):  .venv/bin/python benchmarks/bench_sensitive_scan.py [--cells 1000000]

Each column holds one shape in every cell (as real releases mask the ID and phone columns in
every row): masked IDs, masked mobiles, unmasked IDs (under an ID header and under a header
that says nothing), unmasked mobiles, masked and full names. `scan_column` runs on the whole
column (best of 3); `judge_cell`, the per-cell reference it agrees with, on the first 20,000
cells, extrapolated to the column. Both give the same hits (tests/test_sensitive_vectorised.py).
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import time

import pyarrow as pa

from auditor import identifiers as ids
from auditor.rules.sensitive.detectors import CELL_KINDS, Context, judge_cell
from auditor.rules.sensitive.lexicon import header_kinds
from auditor.rules.sensitive.masking import MaskPolicy
from auditor.rules.sensitive.vectorised import scan_column

TODAY = dt.date(2026, 11, 28)
SAMPLE = 20_000


def columns(n: int, rng: random.Random) -> list[tuple[str, str, list[str]]]:
    def rid() -> str:
        return ids.make_resident_id(f"1101{rng.randint(1, 19):02d}",
                                    f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}",
                                    f"{rng.randrange(1000):03d}")
    numbers = [rid() for _ in range(n)]
    mobiles = [f"1{rng.choice('3589')}{rng.randrange(10 ** 9):09d}" for _ in range(n)]
    names = [
        rng.choice("王李张刘陈杨黄赵") + rng.choice("伟芳娜敏静丽强") + rng.choice(["", "明", "华"]) for _ in range(n)
    ]
    return [
        ("masked ID", "身份证号", [c[:6] + "********" + c[-4:] for c in numbers]),
        ("masked mobile", "手机号码", [m[:3] + "****" + m[-4:] for m in mobiles]),
        ("unmasked ID", "身份证号", numbers),
        ("unmasked ID, no header", "备注", numbers),
        ("unmasked mobile", "联系电话", mobiles),
        ("masked name", "姓名", [v[0] + "*" * (len(v) - 1) for v in names]),
        ("full name", "姓名", names),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cells", type=int, default=1_000_000)
    a = ap.parse_args()
    print(f"{'column (' + format(a.cells, ',') + ' cells)':<32} {'vectorised':>10} {'per-cell':>10} {'ratio':>7}  hits")
    for label, header, values in columns(a.cells, random.Random(20261128)):
        kinds = header_kinds(header)
        ctx, context_cells = Context(kinds, TODAY, MaskPolicy()), bool(kinds & CELL_KINDS)
        array = pa.array(values, type=pa.string())
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            groups = scan_column(array, ctx, context_cells)
            best = min(best, time.perf_counter() - start)
        start = time.perf_counter()
        for value in values[:SAMPLE]:
            judge_cell(value, ctx, context_cells)
        per_cell = (time.perf_counter() - start) * len(values) / SAMPLE
        hits = ", ".join(f"{g.kind}/{g.state} {len(g):,}" for g in groups)
        print(f"{label:<32} {best:>9.3f}s {per_cell:>9.2f}s {per_cell / best:>6.0f}x  {hits}")


if __name__ == "__main__":
    main()
