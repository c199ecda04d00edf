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


def statuses(data: dict) -> dict[str, tuple[str, dict[str, str]]]:
    return {d["source"]: (d["status"], {f["code"]: f["severity"] for f in d["findings"]}) for d in data["datasets"]}


def test_overrides_give_the_files_under_a_path_their_own_settings(tmp_path, monkeypatch):
    root = project(tmp_path / "p")
    write_file(root, "legacy.yaml", "extends: default\nrules:\n  MR009: {severity: error}\n")
    write_file(root, ".audit.yaml", "ignore: [CP007]\noverrides:\n"
               "  - paths: ['legacy/**']\n    fail-on: warning\n    ignore: [TM001]\n")
    monkeypatch.chdir(root)
    result = run_cli("check", ".", "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert statuses(report(result)) == {"data/w.csv": ("pass", {"MR009": "warning"}),
                                        "legacy/old.csv": ("fail", {"MR009": "warning"})}
    # the command line wins over an override's fail_on; the ignores still add up
    assert run_cli("check", ".", "--as-of", AS_OF, "--fail-on", "error").exit_code == 0
    # an override's profile, and a later override over an earlier one
    write_file(root, ".audit.yaml", "overrides:\n"
               "  - {paths: ['legacy/**'], profile: legacy.yaml, fail_on: info}\n"
               "  - {paths: ['legacy/old.csv'], fail_on: error, select: [MR]}\n")
    data = report(run_cli("check", ".", "--as-of", AS_OF, "--format", "json"))
    assert statuses(data) == {"data/w.csv": ("pass", {"MR009": "warning", "CP007": "info"}),
                              "legacy/old.csv": ("fail", {"MR009": "error"})}
    assert data["profile"] == "default" and data["fail_on"] == "error"  # the run's own settings
    # --profile on the command line replaces the override's profile (so MR009 is a warning again)
    assert statuses(report(run_cli("check", ".", "--as-of", AS_OF, "--format", "json", "--profile", "default")))[
        "legacy/old.csv"] == ("pass", {"MR009": "warning"})


def test_overrides_in_pyproject_toml(tmp_path, monkeypatch):
    root = project(tmp_path / "p")
    write_file(root, "pyproject.toml", '[tool.audit]\nignore = ["CP007"]\n\n[[tool.audit.overrides]]\n'
               'paths = ["data/*.csv"]\nfail-on = "warning"\n')
    monkeypatch.chdir(root)
    result = run_cli("check", ".", "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 1
    assert {s: v[0] for s, v in statuses(report(result)).items()} == {"data/w.csv": "fail", "legacy/old.csv": "pass"}


def test_a_wrong_override_is_exit_2_naming_the_settings_file(tmp_path, monkeypatch):
    root = project(tmp_path / "p")
    monkeypatch.chdir(root)
    config = root / ".audit.yaml"
    cases = [
        ("overrides:\n  - {paths: [legacy], fail-onn: warning}\n",
         f"settings file {config}: unknown key 'overrides[0].fail-onn' (did you mean 'fail-on'?); known: paths,"),
        ("overrides:\n  - {ignore: [MR009]}\n", f"settings file {config}: overrides[0] needs 'paths', a list of globs"),
        ("overrides: {legacy: [MR009]}\n", f"settings file {config}: 'overrides' must be a list of mappings"),
        ("overrides:\n  - {paths: [legacy], fail_on: never}\n",
         f"settings file {config}: 'overrides[0].fail_on' must be error | warning | info, got 'never'"),
        ("overrides:\n  - {paths: [x], ignore: [ZZ999]}\n",
         f"{config} overrides[0]: ignore names no known rule: 'ZZ999'"),
        ("overrides:\n  - {paths: [x], profile: nosuch}\n", "unknown profile 'nosuch'"),
        ("overrides:\n  - {paths: legacy, select: 7}\n", "'overrides[0].select' must be a list of strings"),
    ]
    for text, expected in cases:
        config.write_text(text, encoding="utf-8")
        result = run_cli("check", ".", "--as-of", AS_OF, "--lang", "en")
        assert result.exit_code == 2 and expected in result.stderr, (text, result.stderr)
    config.write_text("overrides:\n  - {paths: [legacy], fail-onn: warning}\n", encoding="utf-8")
    zh = run_cli("check", ".", "--as-of", AS_OF, "--lang", "zh")
    assert zh.exit_code == 2 and f"设置文件 {config}：未知键“overrides[0].fail-onn”（是否应为“fail-on”？）" in zh.stderr
