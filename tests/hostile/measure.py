"""Run one command as a child, bounded in time, and report its exit code, wall time and peak memory.

Run as a script so that `resource.getrusage(RUSAGE_CHILDREN)` sees exactly one
child, the audit: `python measure.py TIMEOUT STDOUT STDERR -- cmd...` prints one
JSON line. A child still running at TIMEOUT is killed (reported as timed out).
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Outcome:
    code: int
    seconds: float
    peak_mb: float
    timed_out: bool
    stdout: str
    stderr: str


def _main(argv: list[str]) -> None:
    timeout, out_path, err_path = float(argv[0]), argv[1], argv[2]
    cmd = argv[argv.index("--") + 1:]
    start = time.monotonic()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        child = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        timed_out = False
        try:
            code = child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            child.kill()
            code = child.wait()
    seconds = time.monotonic() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kilobytes on Linux
    print(json.dumps({"code": code, "seconds": round(seconds, 2), "peak_mb": round(peak_kb / 1024, 1),
                      "timed_out": timed_out}))


def run_measured(cmd: list[str], timeout: float, env: dict | None = None, cwd: str | None = None) -> Outcome:
    """Run `cmd` under this script in a fresh interpreter; read back what it measured."""
    folder = Path(env.get("TMPDIR") if env and env.get("TMPDIR") else "/tmp")
    out_path, err_path = folder.parent / f".out-{os.getpid()}", folder.parent / f".err-{os.getpid()}"
    done = subprocess.run([sys.executable, __file__, str(timeout), str(out_path), str(err_path), "--", *cmd],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout + 60)
    facts = json.loads(done.stdout.strip().splitlines()[-1])
    stdout = out_path.read_text("utf-8", "replace")
    stderr = err_path.read_text("utf-8", "replace")
    out_path.unlink()
    err_path.unlink()
    return Outcome(facts["code"], facts["seconds"], facts["peak_mb"], facts["timed_out"], stdout, stderr)


if __name__ == "__main__":
    _main(sys.argv[1:])
