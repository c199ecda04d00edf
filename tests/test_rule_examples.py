"""Every rule documents a failing and a passing example, and both are true.

The examples shown by `audit rules CODE` are run here through the real CLI, so
the documentation cannot drift from the behaviour (sqlfluff's habit).
"""
from __future__ import annotations

import json

import pytest
import yaml
from conftest import AS_OF, audit_json, run_cli, write_file, write_workbook

from auditor.registry import load_registry

REGISTRY = load_registry(plugins=False)
RULES = sorted(REGISTRY.rules.values(), key=lambda r: r.code)


def materialise(tmp_path, example: dict):
    """Write an example's files (data + optional sidecar) and return the data path."""
    name = example.get("file", "data.csv")
    if "workbook" in example:
        path = write_workbook(tmp_path / name, example["workbook"], example.get("merge", ()), example.get("sheets"),
                              example.get("hide_rows", ()), example.get("style_row"), example.get("hidden_sheets", ()))
    elif "bytes" in example:
        path = write_file(tmp_path, name, data=bytes.fromhex(example["bytes"]))
    else:
        path = write_file(tmp_path, name, example.get("text", ""), encoding=example.get("encoding", "utf-8"))
    if "meta" in example:
        write_file(tmp_path, name + ".meta.yaml", yaml.safe_dump(example["meta"], allow_unicode=True))
    if "meta_text" in example:
        write_file(tmp_path, name + ".meta.yaml", example["meta_text"])
    return path


def test_every_rule_has_examples():
    missing = [r.code for r in RULES if not r.example_fail or not r.example_pass]
    assert not missing, f"rules without a failing and a passing example: {missing}"


def codes_found(tmp_path, rule, example: dict) -> tuple[set[str], dict]:
    """Codes the example raises: `audit check` on its file, or `audit portal` on it for a
    catalogue-level rule (its findings are the scorecard's `portal_findings`)."""
    path = materialise(tmp_path, example)
    if example.get("command") == "portal":
        result = run_cli("portal", "--source", path, "--select", rule.code, "--format", "json", "--as-of", AS_OF,
                         *example.get("args", ()))
        report = json.loads(result.stdout)
        found = {f["code"] for f in report["scorecard"]["portal_findings"]}
    else:
        _, report = audit_json(path, extra=("--select", rule.code, *example.get("args", ())))
        found = set()
    return found | {f["code"] for d in report["datasets"] for f in d["findings"]}, report


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_failing_example_fires(rule, tmp_path):
    found, report = codes_found(tmp_path, rule, rule.example_fail)
    assert rule.code in found, json.dumps(report["datasets"], ensure_ascii=False)[:800]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_passing_example_is_quiet(rule, tmp_path):
    found, report = codes_found(tmp_path, rule, rule.example_pass)
    assert rule.code not in found, json.dumps(report["datasets"], ensure_ascii=False)[:800]


def test_every_rule_is_documented():
    for rule in RULES:
        assert rule.doc(), rule.code
        assert rule.title.get("en") and rule.title.get("zh"), rule.code
        for key, texts in rule.messages.items():
            assert texts.get("en") and texts.get("zh"), (rule.code, key)
