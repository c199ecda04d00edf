"""Audit one hostile case in a subprocess with a private TMPDIR; check what the contract promises."""
from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .cases import Built, Case, build
from .measure import Outcome, run_measured

AS_OF = "2026-11-28"


@dataclass
class Result:
    case: Case
    built: Built
    outcome: Outcome
    leftovers: list[str] = field(default_factory=list)  # files left in the private TMPDIR
    leaks: list[str] = field(default_factory=list)  # planted values found in stdout or stderr

    def problems(self) -> list[str]:
        out = []
        o = self.outcome
        if o.timed_out:
            out.append(f"timed out after {o.seconds:.0f} s")
        elif o.code not in (0, 1):
            out.append(f"exit {o.code}")
        if o.seconds > self.case.seconds:
            out.append(f"{o.seconds:.1f} s > {self.case.seconds:.0f} s")
        if o.peak_mb > self.case.megabytes:
            out.append(f"{o.peak_mb:.0f} MB > {self.case.megabytes:.0f} MB")
        if self.leftovers:
            out.append(f"temporary files left: {self.leftovers[:3]}")
        if self.leaks:
            out.append(f"planted values printed: {len(self.leaks)}")
        if "Traceback" in o.stderr:
            out.append("a traceback on stderr")
        return out


def audit_command(paths, args=(), fmt: str = "json") -> list[str]:
    cmd = [sys.executable, "-m", "auditor", "check", *map(str, paths), "--as-of", AS_OF]
    if "--format" not in args:
        cmd += ["--format", fmt]
    return cmd + list(args)


def private_env(tmp: Path) -> dict:
    tmp.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AUDIT_", "GITHUB_"))}
    env.update({"TMPDIR": str(tmp), "COLUMNS": "120", "PYTHONUNBUFFERED": "1"})
    return env


def leftovers(tmp: Path) -> list[str]:
    return sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*"))


def leaked(planted: tuple[str, ...], *texts: str) -> list[str]:
    return [value for value in planted for text in texts if value in text]


def run_case(case_: Case, work: Path, timeout: float | None = None) -> Result:
    """Build the case under `work`, audit it once (JSON), measure and check it."""
    built = build(case_, work / "data")
    tmp = work / "tmp"
    outcome = run_measured(audit_command(built.paths, built.args), timeout or case_.seconds * 2,
                           env=private_env(tmp), cwd=str(work))
    result = Result(case_, built, outcome, leftovers(tmp), leaked(built.planted, outcome.stdout, outcome.stderr))
    shutil.rmtree(tmp, ignore_errors=True)
    return result
