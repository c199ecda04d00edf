"""The hostile suite, measured: each case's exit code, wall time and peak memory (issue 12).

    .venv/bin/python benchmarks/bench_hostile.py [--only SUBSTR] [--quick]

Every case is generated in a temporary folder (bombs streamed, a few MB on disk),
audited once as `audit check ... --format json` in its own subprocess, and measured
with `resource.getrusage(RUSAGE_CHILDREN)`. The bound for all: exit 0 or 1, under
60 s and 300 MB, no temporary file left, no planted value printed. `--quick` leaves
out the cases marked slow (those writing 100-200 MB files).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.hostile.cases import CASES  # noqa: E402
from tests.hostile.runner import run_case  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run only cases whose name holds this text")
    parser.add_argument("--quick", action="store_true", help="leave out the slow cases")
    parser.add_argument("--timeout", type=float, default=120, help="kill a case after this many seconds")
    args = parser.parse_args()
    failed = 0
    print(f"{'case':<40} {'exit':>4} {'seconds':>8} {'peak MB':>8}  verdict")
    for case in CASES:
        if args.only not in case.name or (args.quick and case.slow):
            continue
        with tempfile.TemporaryDirectory(prefix="hostile-") as work:
            result = run_case(case, Path(work), timeout=args.timeout)
        o = result.outcome
        problems = result.problems()
        failed += bool(problems)
        print(f"{case.name:<40} {o.code:>4} {o.seconds:>8.2f} {o.peak_mb:>8.1f}  {'; '.join(problems) or 'ok'}",
              flush=True)
    print(f"{failed} case(s) over the bounds")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
