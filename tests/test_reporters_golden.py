"""Golden files: every format rendered from one fixed report must not change by accident.

When a change is intended, rewrite them with `UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_reporters_golden.py`
and review the diff. The SARIF file carries rule titles and help from the live registry, so editing a rule's
documentation changes it too (on purpose: that text is what code-scanning users read).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from reporting_fixtures import fixed_report, portal_report

from auditor.reporters import render

GOLDEN = Path(__file__).parent / "golden"

CASES = [
    ("report.junit.xml", lambda: fixed_report(), "junit"),
    ("report.sarif.json", lambda: fixed_report(), "sarif"),
    ("report.github.txt", lambda: fixed_report(), "github"),
    ("report.md", lambda: fixed_report(), "markdown"),
    ("report.zh.md", lambda: fixed_report("zh"), "markdown"),
    ("report.html", lambda: fixed_report(), "html"),
    ("report.zh.html", lambda: fixed_report("zh"), "html"),
    ("portal.md", lambda: portal_report(), "markdown"),
    ("portal.zh.html", lambda: portal_report("zh"), "html"),
    ("baseline.md", lambda: fixed_report(baseline={"file": ".audit-baseline.json", "suppressed": 7, "new": 6,
                                                    "resolved": 2}), "markdown"),
]


@pytest.mark.parametrize("name,make,fmt", CASES, ids=[c[0] for c in CASES])
def test_format_matches_its_golden_file(name, make, fmt):
    text = render(make(), fmt)
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"missing golden file {path}; create it with UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from its golden file; if intended, rerun with UPDATE_GOLDEN=1"


def test_rendering_is_deterministic():
    for _, make, fmt in CASES:
        assert render(make(), fmt) == render(make(), fmt)
