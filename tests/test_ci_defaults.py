"""The Action's and the hook's defaults audit data only (issue 15, item 2).

A fixture repository as people keep them: a README, a LICENSE, tool configs, a
hidden editor folder and the SARIF file the Action itself writes, next to one
clean dataset. With default settings both must pass; adding a broken table
must still fail them.
"""
from __future__ import annotations

import json

from conftest import AS_OF, write_file
from test_ci_distribution import run_audit_step
from test_cli import GOOD_META
from test_precommit import git, run_hook_as_pre_commit_would

SARIF = '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "open-data-auditor"}}}]}'


def fixture_repository(root):
    write_file(root, "README.md", "# 人口数据\n\nPublished by the statistics bureau.\n")
    write_file(root, "LICENSE", "Creative Commons Attribution 4.0 International\n\nYou are free to share.\n")
    write_file(root, "renovate.json", '{"extends": ["config:recommended"]}')
    write_file(root, ".vscode/settings.json", '{"files.encoding": "utf8"}')
    write_file(root, ".github/workflows/audit.yml", "on: push\n")
    write_file(root, "data/人口.csv", "区,人口\n海淀,100\n朝阳,200\n")
    write_file(root, "data/人口.csv.meta.yaml", GOOD_META)
    return root


def test_the_action_with_default_paths_passes_a_repository_with_a_readme_licence_and_sarif(tmp_path, monkeypatch):
    repo = fixture_repository(tmp_path / "repo")
    monkeypatch.chdir(repo)
    for _ in range(2):  # the second run finds the SARIF file the first one wrote
        run = run_audit_step(repo, tmp_path, args=f"--as-of {AS_OF}", sarif_file="audit.sarif")
        assert run.returncode == 0, run.stdout + run.stderr
    assert "::error" not in run.stdout
    sarif = json.loads((repo / "audit.sarif").read_text("utf-8"))
    uris = {loc["artifactLocation"]["uri"] for r in sarif["runs"] for loc in r.get("artifacts", [])
            if "artifactLocation" in loc} | {
        res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"] for res in r.get("results", []) if res.get("locations")}
    assert not any(u.endswith(("README.md", "LICENSE", "audit.sarif", "renovate.json")) for u in uris), uris
    # the same defaults still fail a broken table
    write_file(repo, "data/ragged.csv", "区,人口\n海淀,100\n朝阳,200,多余\n")
    run = run_audit_step(repo, tmp_path, args=f"--as-of {AS_OF}")
    assert run.returncode == 1 and "::error file=data/ragged.csv,line=3,title=MR008::" in run.stdout


def test_the_hook_with_default_settings_passes_configs_docs_and_hidden_files(tmp_path):
    repo = fixture_repository(tmp_path / "repo")
    git(repo, "init", "-q")
    write_file(repo, "audit.sarif", SARIF)
    write_file(repo, "site/manifest.webmanifest.json", '{"name": "site", "icons": []}')
    git(repo, "add", ".")
    result, files = run_hook_as_pre_commit_would(repo)
    assert "data/人口.csv" in files and not any(f.startswith(".") for f in files), files
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[PASS] data/人口.csv" in result.stdout and "manifest" not in result.stdout
    assert "Summary: 1 datasets" in result.stdout


def test_the_hook_handed_only_config_files_passes_quietly(tmp_path):
    repo = tmp_path / "repo"
    write_file(repo, "config/app.json", '{"debug": false, "port": 8080}')
    git(repo, "init", "-q")
    git(repo, "add", ".")
    result, files = run_hook_as_pre_commit_would(repo)
    assert files == ["config/app.json"]
    assert result.returncode == 0, result.stdout + result.stderr
    assert "configuration, not data" in result.stderr
