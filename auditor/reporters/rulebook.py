"""Rule documentation for the formats that carry it (SARIF rules, JUnit names, HTML).

Read once from the live registry, the same source `audit rules` uses, so help
text never drifts from the rules themselves.
"""
from __future__ import annotations

from functools import lru_cache

from ..model import Report


@lru_cache(maxsize=1)
def _catalog() -> dict[str, dict]:
    from ..catalog import rule_catalog

    return {entry["code"]: entry for entry in rule_catalog()}


def rule_entry(code: str) -> dict | None:
    """The catalog entry for a code, or None for rules the registry does not know (--rules-dir)."""
    return _catalog().get(code)


def rule_title(code: str, lang: str, fallback: str = "") -> str:
    entry = rule_entry(code)
    if not entry:
        return fallback
    return entry["title"].get(lang) or entry["title"].get("en") or fallback


def rule_name(code: str, fallback: str = "") -> str:
    entry = rule_entry(code)
    return entry["name"] if entry else fallback


def codes_run(report: Report) -> list[str]:
    """Every rule that ran, plus any code a finding carries (older or hand-built reports).
    A portal's spool counted the codes as they arrived: no pass over the datasets on disk."""
    counted = getattr(report.datasets, "codes", None)
    found = set(counted) if counted is not None else {f.code for d in report.datasets for f in d.findings}
    return sorted(set(report.rules_run) | found)
