"""Baselines: adopt the auditor on an old portal and still block regressions.

`--write-baseline FILE` records today's findings by fingerprint (code, source,
table, column; never row numbers or message text, so the baseline survives
edits to the data, as bandit's does). `--baseline FILE` then hides those known
findings and reports only new ones; statuses and the exit code follow what is
left. A fingerprint seen k times in the baseline hides up to k findings of the
same dataset, so a second identical problem still shows.

Sources are stored relative to the baseline file's folder, so the same baseline
works whichever directory `audit` runs from.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field, replace

from .errors import UsageError
from .model import STATUS_ERROR, STATUS_FAIL, STATUS_PASS, DatasetResult, Finding, Report

BASELINE_VERSION = "1"
INNER_MARKERS = ("!/", "#")  # archive member, catalogue entry


def baseline_source(source: str, base_dir: str) -> str:
    """The dataset's source relative to the baseline folder, with / separators."""
    cut = min((source.find(m) for m in INNER_MARKERS if m in source), default=len(source))
    outer, inner = source[:cut], source[cut:]
    rel = os.path.relpath(os.path.abspath(outer), os.path.abspath(base_dir))
    return rel.replace(os.sep, "/") + inner


@dataclass
class Baseline:
    path: str
    known: dict[str, Counter] = field(default_factory=dict)  # source -> fingerprint -> occurrences
    scores: dict[str, float] = field(default_factory=dict)  # source -> overall score when recorded

    @property
    def base_dir(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))

    def apply(self, report: Report, profile) -> Report:
        """The report with known findings removed and statuses recomputed."""
        datasets, suppressed, resolved = [], 0, 0
        for d in report.datasets:
            key = baseline_source(d.source, self.base_dir)
            left = Counter(self.known.get(key, {}))
            kept: list[Finding] = []
            for f in d.findings:
                fp = f.fingerprint(key)
                if left[fp] > 0:
                    left[fp] -= 1
                    suppressed += 1
                else:
                    kept.append(f)
            resolved += sum(left.values())
            datasets.append(replace(d, findings=tuple(kept), status=self._status(d, kept, key, profile)))
        info = {
            "file": self.path,
            "suppressed": suppressed,
            "new": sum(len(d.findings) for d in datasets),
            "resolved": resolved,
        }
        return replace(report, datasets=tuple(datasets), baseline=info)

    def _status(self, d: DatasetResult, kept: list[Finding], key: str, profile) -> str:
        """Fail on new findings at or above fail_on, or on a score that got worse under min_score."""
        if d.status == STATUS_ERROR:
            return STATUS_ERROR
        if profile.fail_on is not None and any(f.severity >= profile.fail_on for f in kept):
            return STATUS_FAIL
        overall = d.scores.get("overall")
        if profile.min_score is not None and overall is not None and overall < profile.min_score:
            recorded = self.scores.get(key)
            if recorded is None or overall < recorded:
                return STATUS_FAIL
        return STATUS_PASS


def build_baseline(report: Report, path: str) -> dict:
    """The baseline document for a report: sorted, without timestamps, so diffs stay readable."""
    base_dir = os.path.dirname(os.path.abspath(path))
    entries, scores = [], {}
    for d in report.datasets:
        key = baseline_source(d.source, base_dir)
        scores[key] = d.scores.get("overall")
        counts = Counter(f.fingerprint(key) for f in d.findings)
        seen = set()
        for f in d.findings:
            fp = f.fingerprint(key)
            if fp in seen:
                continue
            seen.add(fp)
            entries.append({
                "fingerprint": fp, "source": key, "code": f.code, "rule": f.rule,
                "table": f.location.table, "column": f.location.column,
                "severity": f.severity.label, "occurrences": counts[fp],
            })
    entries.sort(key=lambda e: (e["source"], e["code"], e["table"] or "", e["column"] or "", e["fingerprint"]))
    return {
        "baseline_version": BASELINE_VERSION,
        "tool": {"name": "open-data-auditor", "version": report.tool_version},
        "profile": report.profile,
        "as_of": report.as_of,
        "scores": dict(sorted(scores.items())),
        "findings": entries,
    }


def write_baseline(report: Report, path: str) -> int:
    """Write the baseline file; returns how many findings it records."""
    doc = build_baseline(report, path)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    return sum(e["occurrences"] for e in doc["findings"])


def load_baseline(path: str) -> Baseline:
    """Read a baseline file; a missing or malformed one is a usage error (exit 2)."""
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except FileNotFoundError:
        raise UsageError.of("err.baseline_missing", path=path) from None
    except (OSError, ValueError) as exc:
        raise UsageError.of("err.baseline_unreadable", path=path, reason=f"{type(exc).__name__}: {exc}") from None
    if not isinstance(doc, dict) or doc.get("baseline_version") != BASELINE_VERSION:
        raise UsageError.of("err.baseline_version", path=path, version=BASELINE_VERSION)
    baseline = Baseline(path=path)
    try:
        for e in doc.get("findings", []):
            baseline.known.setdefault(e["source"], Counter())[e["fingerprint"]] += int(e.get("occurrences", 1))
        baseline.scores = {k: float(v) for k, v in (doc.get("scores") or {}).items() if v is not None}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UsageError.of("err.baseline_malformed", path=path, reason=f"{type(exc).__name__}: {exc}") from None
    return baseline
