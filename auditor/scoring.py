"""Scores per dimension (0-100) and an overall weighted score (DESIGN §8).

Each finding costs its dimension a fixed number of points by severity; a
dimension never goes below zero. The dimensions map to GB/T 36344-2018:
machine_readability → 规范性/可访问性, completeness → 完整性, timeliness → 时效性,
sensitive → 安全性 (the seed's §4.3.3 security requirement).
"""
from __future__ import annotations

from .model import Finding, Severity

DIMENSIONS = ("machine_readability", "completeness", "timeliness", "sensitive")
PENALTY = {Severity.ERROR: 25.0, Severity.WARNING: 10.0, Severity.INFO: 2.0}
DEFAULT_WEIGHTS = {"machine_readability": 0.3, "completeness": 0.3, "timeliness": 0.2, "sensitive": 0.2}


def score(findings: list[Finding], dimension_of: dict[str, str], weights: dict[str, float]) -> dict[str, float]:
    points = {d: 100.0 for d in DIMENSIONS}
    for f in findings:
        dim = dimension_of.get(f.pack)
        if dim in points:
            points[dim] = max(0.0, points[dim] - PENALTY[f.severity])
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    total = sum(w.get(d, 0) for d in DIMENSIONS) or 1.0
    overall = sum(points[d] * w.get(d, 0) for d in DIMENSIONS) / total
    return {"overall": round(overall, 1), **{d: round(v, 1) for d, v in points.items()}}
