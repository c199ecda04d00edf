"""The pre-commit hook: a fixture data repository whose commit adds a CSV with an error finding.

pre-commit installs `language: python` hooks by pip-installing this repository and its
dependencies into a new environment, which needs the package index; tests stay offline.
So the tests run the hook from `.pre-commit-hooks.yaml` as pre-commit would: the same
`files`/`exclude` patterns over the staged files, then `entry` + `args` + file names.
When pre-commit itself is installed, a second test runs it for real on the same hook
(as a `repo: local` hook with `language: system`, i.e. the `audit` already installed),
through `git commit`, and checks that the commit is refused.
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import AS_OF

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
CLEAN = "区,人口,更新日期\n海淀,100,2026-01-01\n朝阳,200,2026-01-01\n"
RAGGED = "区,人口\n海淀,100\n朝阳,200,多余\n"  # MR008: an error finding
USER_ARGS = ["--as-of", AS_OF]  # what a user may add under `args:`; pinned so timeliness is reproducible


def hook() -> dict:
    (entry,) = [h for h in yaml.safe_load(MANIFEST.read_text(encoding="utf-8")) if h["id"] == "audit-check"]
    return entry


def env() -> dict:
    """The test's own interpreter first on PATH, so `audit` is the one under test."""
    out = dict(os.environ)
    out["PATH"] = str(Path(sys.executable).parent) + os.pathsep + out.get("PATH", "")
    out.pop("GITHUB_ACTIONS", None)
    out.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", AUDIT_LANG="en")
    return out


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, env=env(), capture_output=True, text=True, check=True)


@pytest.fixture
def repo(tmp_path) -> Path:
    """A data repository with one clean dataset committed."""
    repo = tmp_path / "portal-data"
    (repo / "data").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "data" / "人口.csv").write_text(CLEAN, encoding="utf-8")
    (repo / "README.md").write_text("# data\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "clean data")
    return repo


def staged(repo: Path) -> list[str]:
    out = git(repo, "-c", "core.quotepath=off", "diff", "--cached", "--name-only", "--diff-filter=ACMR").stdout
    return out.splitlines()


def run_hook_as_pre_commit_would(repo: Path) -> tuple[subprocess.CompletedProcess | None, list[str]]:
    """Filter the staged files with the hook's patterns, then run entry + args + files."""
    h = hook()
    include, exclude = re.compile(h.get("files", "")), re.compile(h.get("exclude", "^$"))
    files = [f for f in staged(repo) if include.search(f) and not exclude.search(f)]
    if not files:
        return None, files
    cmd = shlex.split(h["entry"]) + list(h.get("args", [])) + USER_ARGS + files
    return subprocess.run(cmd, cwd=repo, env=env(), capture_output=True, text=True, timeout=120), files


def test_the_manifest_declares_the_hook_as_pre_commit_expects():
    h = hook()
    assert h["entry"] == "audit check --force-exclude" and h["language"] == "python" and h["require_serial"] is True
    include, exclude = re.compile(h["files"]), re.compile(h["exclude"])
    for name in ("data/人口.csv", "x.TSV", "a/b.xlsx", "c.xls", "d.ods", "e.json", "f.xml", "g.zip",
                 "datapackage.json"):
        assert include.search(name) and not exclude.search(name), name
    for name in ("README.md", "人口.csv.meta.yaml", "人口.meta.json", "package.json", "docs/report.pdf"):
        assert not (include.search(name) and not exclude.search(name)), name


def test_the_hook_fails_a_commit_that_adds_a_csv_with_an_error(repo):
    (repo / "data" / "新表.csv").write_text(RAGGED, encoding="utf-8")
    (repo / "README.md").write_text("# data\nmore\n", encoding="utf-8")
    git(repo, "add", ".")
    result, files = run_hook_as_pre_commit_would(repo)
    assert files == ["data/新表.csv"]  # only the changed data file, not README.md or the untouched CSV
    assert result.returncode == 1
    assert "MR008" in result.stdout and "data/新表.csv" in result.stdout


def test_the_hook_passes_a_clean_change_and_skips_non_data_files(repo):
    (repo / "README.md").write_text("# data\nmore\n", encoding="utf-8")
    git(repo, "add", ".")
    assert run_hook_as_pre_commit_would(repo) == (None, [])
    meta = "title: 人口\npublisher: 市统计局\nfrequency: 每年\nmodified: 2026-11-01\nlicense: CC-BY-4.0\n" \
           "open_condition: unconditional\n"
    (repo / "data" / "人口.csv.meta.yaml").write_text(meta, encoding="utf-8")
    (repo / "data" / "人口.csv").write_text(CLEAN + "西城,300,2026-01-01\n", encoding="utf-8")
    git(repo, "add", ".")
    result, files = run_hook_as_pre_commit_would(repo)
    assert files == ["data/人口.csv"]
    assert result.returncode == 0, result.stdout
    assert "[PASS] data/人口.csv" in result.stdout


def test_real_pre_commit_refuses_the_commit(repo, tmp_path):
    pytest.importorskip("pre_commit")
    local = {**hook(), "language": "system", "args": USER_ARGS}
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    run_env = {**env(), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=run_env, check=True,
                   capture_output=True, text=True)
    git(repo, "add", ".pre-commit-config.yaml")
    git(repo, "commit", "-q", "-m", "pre-commit config")
    head = git(repo, "rev-parse", "HEAD").stdout
    (repo / "data" / "新表.csv").write_text(RAGGED, encoding="utf-8")
    git(repo, "add", ".")
    commit = subprocess.run(["git", "commit", "-m", "add a ragged table"], cwd=repo, env=run_env,
                            capture_output=True, text=True, timeout=180)
    assert commit.returncode != 0
    output = commit.stdout + commit.stderr
    assert "audit open data" in output and "Failed" in output and "MR008" in output
    assert git(repo, "rev-parse", "HEAD").stdout == head  # nothing was committed
