"""Baselines: adopt the auditor on an old portal, hide what is known, still block regressions."""
from __future__ import annotations

import json

import pytest
from conftest import AS_OF, audit_json, run_cli, write_file

OLD = "区,人口,备注\n海淀,100,/\n朝阳,200,多余,字段\n"  # CP003 placeholder, MR008 ragged row (an error)


@pytest.fixture
def portal(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_file(tmp_path, "data/人口.csv", OLD)
    return tmp_path


def write_baseline(*extra) -> dict:
    result = run_cli("check", "data", "--as-of", AS_OF, "--format", "json", "--write-baseline", ".audit-baseline.json",
                     *extra)
    assert "finding(s) recorded" in result.stderr
    return json.loads(result.stdout)


def test_a_fresh_baseline_hides_every_known_finding_and_passes(portal):
    before = write_baseline()
    assert before["summary"]["failed"] == 1
    known = sum(len(d["findings"]) for d in before["datasets"])
    code, report = audit_json("data", extra=("--baseline", ".audit-baseline.json"))
    assert code == 0
    assert report["datasets"][0]["findings"] == [] and report["datasets"][0]["status"] == "pass"
    assert report["baseline"] == {"file": ".audit-baseline.json", "suppressed": known, "new": 0, "resolved": 0}
    assert report["datasets"][0]["scores"] == before["datasets"][0]["scores"]  # scores still describe the data


def test_new_problems_are_reported_and_fail_while_known_ones_stay_hidden(portal):
    write_baseline()
    write_file(portal, "data/人口.csv", OLD + "西城,\n")  # one more placeholder row, nothing new in kind
    code, report = audit_json("data", extra=("--baseline", ".audit-baseline.json"))
    assert code == 0, report["datasets"][0]["findings"]
    write_file(portal, "data/人口.csv", OLD.replace("区,人口,备注", "区,人口,人口"))  # MR007 duplicate header: new
    write_file(portal, "data/新表.csv", "a,b\n1,2,3\n")  # a new file with a ragged row
    code, report = audit_json("data", extra=("--baseline", ".audit-baseline.json"))
    assert code == 1
    new = {(d["source"], f["code"]) for d in report["datasets"] for f in d["findings"]}
    assert ("data/人口.csv", "MR007") in new and ("data/新表.csv", "MR008") in new
    assert ("data/人口.csv", "MR008") not in new  # the old ragged row is known
    assert report["baseline"]["suppressed"] >= 1 and report["baseline"]["new"] == len(new)


def test_findings_survive_rows_moving(portal):
    write_baseline()
    write_file(portal, "data/人口.csv", "区,人口,备注\n东城,50,有\n丰台,60,有\n海淀,100,/\n朝阳,200,多余,字段\n")
    code, report = audit_json("data", extra=("--baseline", ".audit-baseline.json"))
    assert code == 0 and report["datasets"][0]["findings"] == []


def test_resolved_findings_are_counted_so_the_baseline_can_be_refreshed(portal):
    before = write_baseline()
    write_file(portal, "data/人口.csv", "区,人口,备注\n海淀,100,有\n")  # the placeholder and ragged row are fixed
    code, report = audit_json("data", extra=("--baseline", ".audit-baseline.json"))
    assert code == 0
    known = len(before["datasets"][0]["findings"])
    assert report["baseline"]["resolved"] >= 2
    assert report["baseline"]["suppressed"] + report["baseline"]["resolved"] == known


def test_the_baseline_works_from_another_directory(portal, monkeypatch):
    write_baseline()
    monkeypatch.chdir(portal / "data")
    code, report = audit_json(".", extra=("--baseline", "../.audit-baseline.json"))
    assert code == 0 and report["baseline"]["suppressed"] >= 2


def test_the_terminal_summary_says_how_many_were_suppressed(portal):
    write_baseline()
    result = run_cli("check", "data", "--as-of", AS_OF, "--baseline", ".audit-baseline.json", "--format", "terminal")
    assert result.exit_code == 0
    assert "Baseline .audit-baseline.json:" in result.stdout and "known finding(s) suppressed, 0 new" in result.stdout
    zh = run_cli("check", "data", "--as-of", AS_OF, "--baseline", ".audit-baseline.json", "--lang", "zh",
                 "--format", "terminal")
    assert "已屏蔽" in zh.stdout


def test_the_baseline_file_is_stable_and_holds_no_rows_or_values(portal):
    write_baseline()
    first = (portal / ".audit-baseline.json").read_text(encoding="utf-8")
    write_baseline()
    assert (portal / ".audit-baseline.json").read_text(encoding="utf-8") == first
    doc = json.loads(first)
    assert doc["baseline_version"] == "1" and doc["scores"]["data/人口.csv"] > 0
    entry = next(e for e in doc["findings"] if e["code"] == "MR008")
    assert set(entry) == {"fingerprint", "source", "code", "rule", "table", "column", "severity", "occurrences"}
    assert "多余" not in first and '"row"' not in first and '"rows"' not in first


def test_min_score_gate_fails_only_when_the_score_gets_worse(portal):
    write_file(portal, "strict.yaml", "extends: default\nmin_score: 99\n")
    write_baseline("--profile", "strict.yaml")
    code, report = audit_json("data", extra=("--profile", "strict.yaml", "--baseline", ".audit-baseline.json"))
    assert code == 0  # still under 99, but no worse than when the baseline was written
    write_file(portal, "data/人口.csv", OLD + ",,\n,,\n,,\n")  # blank rows: warnings, a lower score
    code, report = audit_json("data", extra=("--profile", "strict.yaml", "--baseline", ".audit-baseline.json"))
    assert code == 1 and report["datasets"][0]["status"] == "fail"


@pytest.mark.parametrize("content,message", [
    (None, "baseline file does not exist"),
    ("{not json", "cannot be read"),
    ('{"report_version": "1"}', "is not an audit baseline"),
    ('{"baseline_version": "1", "findings": [{"code": "MR008"}]}', "is malformed"),
])
def test_a_bad_baseline_is_a_usage_error(portal, content, message):
    if content is not None:
        write_file(portal, "bad.json", content)
    result = run_cli("check", "data", "--as-of", AS_OF, "--baseline", "bad.json")
    assert result.exit_code == 2
    assert message in result.stderr


def test_baseline_and_write_baseline_cannot_be_combined(portal):
    result = run_cli("check", "data", "--baseline", "a.json", "--write-baseline", "b.json")
    assert result.exit_code == 2 and "cannot be combined" in result.stderr
