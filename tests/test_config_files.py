"""Settings files like ruff's: [tool.audit], .audit.yaml upward, --config, --isolated (issue 15, item 3).

Precedence, highest first: command line, settings file, profile, built-in defaults.
"""
from __future__ import annotations

import json

from conftest import AS_OF, run_cli, write_file

WARN_ONLY = "a,b\n1,2\n,\n3,4\n"  # MR009 blank row: a warning, no error
META = "title: t\npublisher: p\nfrequency: 每年\nmodified: 2026-06-01\nlicence: CC-BY-4.0\nopen_condition: 无条件开放\n"


def project(root):
    write_file(root, "data/w.csv", WARN_ONLY)
    write_file(root, "data/w.csv.meta.yaml", META)
    write_file(root, "legacy/old.csv", WARN_ONLY)
    write_file(root, "legacy/old.csv.meta.yaml", META)
    return root


def report(result) -> dict:
    return json.loads(result.stdout)


def test_pyproject_tool_audit_is_found_from_a_subfolder(tmp_path, monkeypatch):
    root = project(tmp_path / "p")
    write_file(root, "pyproject.toml", '[project]\nname = "x"\n\n[tool.audit]\nfail-on = "warning"\n')
    monkeypatch.chdir(root / "data")
    result = run_cli("check", ".", "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 1 and report(result)["fail_on"] == "warning"
    # the command line wins over the file
    assert run_cli("check", ".", "--as-of", AS_OF, "--fail-on", "error").exit_code == 0
    # --isolated reads no settings at all
    assert run_cli("check", ".", "--as-of", AS_OF, "--isolated").exit_code == 0


def test_a_pyproject_without_tool_audit_is_passed_over_for_one_further_up(tmp_path, monkeypatch):
    root = project(tmp_path / "p")
    write_file(root, ".audit.yaml", "fail_on: warning\nlang: zh\n")
    write_file(root, "data/pyproject.toml", '[project]\nname = "inner"\n')
    monkeypatch.chdir(root / "data")
    result = run_cli("check", ".", "--as-of", AS_OF)
    assert result.exit_code == 1 and "未通过" in result.stdout  # lang: zh from the settings file
    assert "FAIL" in run_cli("check", ".", "--as-of", AS_OF, "--lang", "en").stdout


def test_select_ignore_profile_and_globs_from_the_settings_file(tmp_path, monkeypatch):
    root = project(tmp_path / "p")
    write_file(root, "strict-here.yaml", "extends: strict\n")
    write_file(root, ".audit.yml", "profile: strict-here.yaml\nignore: [CP007]\nextend-exclude: ['legacy']\n")
    monkeypatch.chdir(root)
    result = run_cli("check", ".", "--as-of", AS_OF, "--format", "json")
    data = report(result)
    assert data["profile"] == "strict-here" and [d["source"] for d in data["datasets"]] == ["data/w.csv"]
    assert all(f["code"] != "CP007" for d in data["datasets"] for f in d["findings"])
    # --select on the command line replaces the file's choice; the file's ignore still adds
    only = report(run_cli("check", ".", "--as-of", AS_OF, "--format", "json", "--select", "MR,CP007"))
    assert {f["code"] for d in only["datasets"] for f in d["findings"]} == {"MR009"}


def test_per_path_ignores(tmp_path, monkeypatch):
    root = project(tmp_path / "p")
    write_file(root, ".audit.yaml", "fail-on: warning\nper-path-ignores:\n  'legacy/*': [MR009]\n")
    monkeypatch.chdir(root)
    data = report(run_cli("check", ".", "--as-of", AS_OF, "--format", "json"))
    by_source = {d["source"]: {f["code"] for f in d["findings"]} for d in data["datasets"]}
    assert "MR009" in by_source["data/w.csv"] and "MR009" not in by_source["legacy/old.csv"]
    assert {d["source"]: d["status"] for d in data["datasets"]} == {"data/w.csv": "fail", "legacy/old.csv": "pass"}


def test_config_option_names_a_file_and_skips_the_search(tmp_path, monkeypatch):
    root = project(tmp_path / "p")
    write_file(root, ".audit.yaml", "fail_on: warning\n")
    write_file(tmp_path, "ci.toml", '[tool.audit]\nfail-on = "error"\nselect = ["MR"]\n')
    monkeypatch.chdir(root)
    result = run_cli("check", ".", "--as-of", AS_OF, "--config", tmp_path / "ci.toml", "--format", "json")
    assert result.exit_code == 0 and report(result)["fail_on"] == "error"


def test_a_typo_in_a_settings_file_is_exit_2_with_the_key_it_meant(tmp_path, monkeypatch):
    root = project(tmp_path / "p")
    write_file(root, ".audit.yaml", "ignroe: [CP007]\n")
    monkeypatch.chdir(root)
    result = run_cli("check", ".", "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "unknown key 'ignroe' (did you mean 'ignore'?)" in result.stderr
    write_file(root, ".audit.yaml", "fail_on: sometimes\n")
    result = run_cli("check", ".", "--as-of", AS_OF, "--lang", "zh")
    assert result.exit_code == 2 and "audit：错误：设置文件" in result.stderr
    assert "“fail_on”应为 error | warning | info | never，实际为 'sometimes'" in result.stderr
    write_file(root, ".audit.yaml", "select: [ZZ999]\n")
    assert run_cli("check", ".", "--as-of", AS_OF).exit_code == 2
    assert run_cli("check", ".", "--as-of", AS_OF, "--config", tmp_path / "none.toml").exit_code == 2


def test_portal_reads_the_settings_too(tmp_path, monkeypatch):
    write_file(tmp_path, ".audit.yaml", "lang: zh\nfail-on: never\n")
    monkeypatch.chdir(tmp_path)
    result = run_cli("portal", "--city", "demo", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "示例市" in result.stdout and "Summary" not in result.stdout
