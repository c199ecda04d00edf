"""Every rule's behaviour in one file: `tests/rules/CODE.yaml` lists its cases, run here.

A case is a small input (inline CSV text, raw bytes, a workbook as rows and merges, a
metadata sidecar: the same keys as a rule's documented examples), the extra command-line
arguments, and every finding of that code the audit must report, in report order:

    code: MR009
    cases:
    - name: a blank row between two records
      input: {file: t.csv, text: "a,b\\n1,2\\n,\\n3,4\\n"}
      expect:
      - {count: 1, column: null, rows: [3]}
    - name: no blank row
      input: {file: t.csv, text: "a,b\\n1,2\\n"}
      expect: []

Each expected finding is compared on the keys it names: `count`, `column`, `row`
(the location's), `rows`, `severity`, `table`, `message` (a substring of the English
message) and `data` (a subset of the finding's data). An empty list means the rule
stays quiet. `columns` and `table_rows` (optional) are the labels and the number of data rows the first
table must get. The audit always runs with `--select CODE --as-of` the pinned date.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import audit_json
from test_rule_examples import materialise

from auditor.registry import load_registry

CASES_DIR = Path(__file__).parent / "rules"
FILES = sorted(CASES_DIR.glob("*.yaml"))
LOCATION_KEYS = ("column", "row", "table")


def _cases():
    for path in FILES:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, case in enumerate(doc["cases"]):
            yield pytest.param(doc["code"], case, id=f"{doc['code']}-{i}-{case['name'][:40]}")


def _matches(expected: dict, finding: dict) -> list[str]:
    """The keys on which a finding differs from its expectation."""
    wrong = []
    for key, want in expected.items():
        if key in LOCATION_KEYS:
            got = finding["location"].get(key)
        elif key == "message":
            if want not in finding["message"]:
                wrong.append(key)
            continue
        elif key == "data":
            got = {k: finding.get("data", {}).get(k) for k in want}
        else:
            got = finding.get(key)
        if key == "rows":
            got = list(got or [])
        if got != want:
            wrong.append(key)
    return wrong


def test_every_yaml_names_a_registered_rule_and_has_a_firing_and_a_quiet_case():
    codes = set(load_registry(plugins=False).rules)
    for path in FILES:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert doc["code"] == path.stem and doc["code"] in codes, path.name
        kinds = {bool(case["expect"]) for case in doc["cases"]}
        assert kinds == {True, False}, f"{path.name}: needs a case that fires and one that does not"


@pytest.mark.parametrize(("code", "case"), list(_cases()))
def test_rule_case(code, case, tmp_path):
    path = materialise(tmp_path, case["input"])
    _, report = audit_json(path, extra=("--select", code, *case.get("args", ())))
    found = [f for d in report["datasets"] for f in d["findings"] if f["code"] == code]
    shown = json.dumps([{k: f.get(k) for k in ("location", "count", "rows", "severity", "message", "data")}
                        for f in found], ensure_ascii=False)[:1500]
    if "columns" in case:
        assert report["datasets"][0]["tables"][0]["columns"] == case["columns"]
    if "table_rows" in case:
        assert report["datasets"][0]["tables"][0]["rows"] == case["table_rows"]
    assert len(found) == len(case["expect"]), shown
    for want, got in zip(case["expect"], found, strict=True):
        assert not _matches(want, got), f"{_matches(want, got)} differ: {shown}"
