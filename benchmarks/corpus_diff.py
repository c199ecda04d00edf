"""Snapshot and diff the JSON reports of the whole real-file corpus between two versions.

Why: a rewrite of the core must not lose or change a finding by accident. Take a snapshot
with the old version, another with the new one, and diff them; every difference is either an
intended fix (name it in the changelog) or a regression.

    python benchmarks/corpus_diff.py snapshot --audit OLD/.venv/bin/audit -o /tmp/before
    python benchmarks/corpus_diff.py snapshot --audit .venv/bin/audit -o /tmp/after
    python benchmarks/corpus_diff.py diff /tmp/before /tmp/after

A finding is keyed by (dataset source, code, table, column); a difference is a key present on
one side only, or a changed count, severity or row list. Table shapes (rows, columns), format,
encoding and status are compared too. Snapshots hold only codes, counts and labels the
auditor already scrubbed, never cell values; they stay outside the repository.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _case_name(case: dict) -> str:
    return case["file"].replace("/", "__")


def snapshot(audit: str, corpus: Path, out: Path, timeout: int) -> int:
    """Run `audit check --format json` on every corpus case and keep a reduced report."""
    cases = json.loads((corpus / "expect.json").read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    for case in cases:
        path = corpus / "files" / case["file"]
        cmd = shlex.split(audit) + ["check", str(path), "--format", "json", *case.get("args", [])]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout)
            exit_code = proc.returncode
            try:
                report = json.loads(proc.stdout)
            except ValueError:
                report = {"unparsable": proc.stderr.decode("utf-8", "replace")[-300:]}
        except subprocess.TimeoutExpired:
            exit_code, report = -1, {"timeout": timeout}
        reduced = {"exit": exit_code, "datasets": [_reduce(d) for d in report.get("datasets", [])]}
        for key in ("unparsable", "timeout"):
            if key in report:
                reduced[key] = report[key]
        (out / f"{_case_name(case)}.json").write_text(
            json.dumps(reduced, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        print(f"{exit_code:>3} {case['file']}")
    return 0


def _reduce(ds: dict) -> dict:
    findings = {}
    for f in ds.get("findings", []):
        loc = f.get("location") or {}
        key = f"{f['code']}|{loc.get('table') or ''}|{loc.get('column') or ''}"
        entry = findings.setdefault(key, {"count": 0, "severity": f.get("severity"), "rows": []})
        entry["count"] += f.get("count") or 1
        entry["rows"] = (entry["rows"] + list(f.get("rows") or []))[:10]
    return {
        "source": _short_source(ds.get("source", "")),
        "format": ds.get("format"), "encoding": ds.get("encoding"), "status": ds.get("status"),
        "tables": [{"name": t.get("name"), "rows": t.get("rows"), "columns": t.get("columns")}
                   for t in ds.get("tables", [])],
        "findings": findings,
    }


def _short_source(source: str) -> str:
    """File name plus any `#entry` suffix: snapshots from two checkouts compare by name."""
    path, hash_, entry = source.partition("#")
    return os.path.basename(path) + hash_ + entry


def diff(before: Path, after: Path) -> int:
    """Print every difference between two snapshots; exit 1 when there is any."""
    changed = 0
    names = sorted({p.name for p in before.glob("*.json")} | {p.name for p in after.glob("*.json")})
    for name in names:
        a = _load(before / name)
        b = _load(after / name)
        lines = _diff_case(a, b)
        if lines:
            changed += 1
            print(f"== {name[:-5].replace('__', '/')}")
            for line in lines:
                print("   " + line)
    print(f"{changed} of {len(names)} corpus files differ")
    return 1 if changed else 0


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"missing": True}


def _diff_case(a: dict, b: dict) -> list[str]:
    out = []
    if a.get("missing") or b.get("missing"):
        return ["only in " + ("after" if a.get("missing") else "before")]
    if a.get("exit") != b.get("exit"):
        out.append(f"exit {a.get('exit')} -> {b.get('exit')}")
    da = {d["source"]: d for d in a.get("datasets", [])}
    db = {d["source"]: d for d in b.get("datasets", [])}
    for src in sorted(set(da) | set(db)):
        x, y = da.get(src), db.get(src)
        if x is None or y is None:
            out.append(f"dataset {src}: only {'after' if x is None else 'before'}")
            continue
        prefix = f"{src}: " if len(da) > 1 or len(db) > 1 else ""
        for field in ("format", "encoding", "status"):
            if x.get(field) != y.get(field):
                out.append(f"{prefix}{field} {x.get(field)} -> {y.get(field)}")
        if x.get("tables") != y.get("tables"):
            shape = lambda d: [(t["name"], t["rows"], len(t["columns"] or [])) for t in d["tables"]]  # noqa: E731
            out.append(f"{prefix}tables {shape(x)} -> {shape(y)}"
                       if shape(x) != shape(y) else f"{prefix}column labels changed")
        fx, fy = x.get("findings", {}), y.get("findings", {})
        for key in sorted(set(fx) | set(fy)):
            p, q = fx.get(key), fy.get(key)
            if p == q:
                continue
            if p is None:
                out.append(f"{prefix}+ {key} count={q['count']} {q['severity']}")
            elif q is None:
                out.append(f"{prefix}- {key} count={p['count']} {p['severity']}")
            else:
                parts = [f"{k} {p[k]} -> {q[k]}" for k in ("count", "severity", "rows") if p[k] != q[k]]
                out.append(f"{prefix}~ {key} " + ", ".join(parts))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot")
    s.add_argument("--audit", default=".venv/bin/audit")
    s.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    s.add_argument("-o", "--out", type=Path, required=True)
    s.add_argument("--timeout", type=int, default=180)
    d = sub.add_parser("diff")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    a = ap.parse_args(argv)
    if a.cmd == "snapshot":
        if not (a.corpus / "expect.json").exists():
            print(f"no corpus at {a.corpus}", file=sys.stderr)
            return 2
        return snapshot(a.audit, a.corpus, a.out, a.timeout)
    return diff(a.before, a.after)


if __name__ == "__main__":
    sys.exit(main())
