"""Folder audits take data files only (issue 15, item 2), through the CLI."""
from __future__ import annotations

import json

import pytest
from conftest import AS_OF, run_cli, write_file
from test_cli import GOOD_META

SARIF = '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "open-data-auditor"}}}]}'



def repository(root):
    """A data repository as people keep them: docs, licence, tool folders, configs, our own outputs."""
    write_file(root, "README.md", "# 数据\n\n本仓库发布人口数据。\n")
    write_file(root, "LICENSE", "MIT License\n\nPermission is hereby granted, free of charge, to any person\n")
    write_file(root, "notes.txt", "These are notes about the data, written as prose.\nNothing tabular here.\n")
    write_file(root, "pyproject.toml", "[project]\nname = 'x'\n")
    write_file(root, "renovate.json", '{"extends": ["config:base"], "schedule": ["weekly"]}')
    write_file(root, "package.json", '{"name": "site", "dependencies": {"a": "1"}}')
    write_file(root, ".vscode/settings.json", '{"editor.tabSize": 2}')
    write_file(root, ".git/config", "[core]\n")
    write_file(root, "node_modules/dep/data.csv", "a,b\n1,2\n")
    write_file(root, "venv/pyvenv.cfg", "home = /usr\n")
    write_file(root, "env2/pyvenv.cfg", "home = /usr\n")
    write_file(root, "env2/lib/table.csv", "a,b\n1,2\n")
    write_file(root, "docs/manual.pdf", data=b"%PDF-1.4\n%\xe2\xe3\n")
    write_file(root, "results.sarif", SARIF)
    write_file(root, "out/report.json", '{"report_version": "1", "tool": {"name": "open-data-auditor"}, '
                                        '"datasets": []}')
    write_file(root, "data/人口.csv", "区,人口\n海淀,100\n朝阳,200\n")
    write_file(root, "data/人口.csv.meta.yaml", GOOD_META)
    write_file(root, "data/table.txt", "区\t人口\n海淀\t100\n朝阳\t200\n")
    write_file(root, "data/records.json", '[{"区": "海淀", "人口": 100}, {"区": "朝阳", "人口": 200}]')
    return root


def sources(result, root) -> list[str]:
    """The audited files, relative to the repository root."""
    prefix = str(root).replace("\\", "/").rstrip("/") + "/"
    return sorted(d["source"].replace("\\", "/").replace(prefix, "") for d in json.loads(result.stdout)["datasets"])


def test_a_repository_folder_audits_its_data_files_only(tmp_path):
    root = repository(tmp_path / "repo")
    result = run_cli("check", root, "--as-of", AS_OF, "--format", "json", "--exit-zero")
    assert result.exit_code == 0, result.output
    found = sources(result, root)
    assert found == ["data/records.json", "data/table.txt", "data/人口.csv"], found
    # the config JSON is named with its reason; the rest are counted in one note
    assert "renovate.json skipped: configuration, not data" in result.stderr
    assert "package.json skipped: configuration, not data" in result.stderr
    assert "file(s) skipped" in result.stderr


def test_verbose_lists_every_skipped_file_with_its_reason_in_both_languages(tmp_path):
    root = repository(tmp_path / "repo")
    en = run_cli("check", root, "--as-of", AS_OF, "--format", "json", "--exit-zero", "--verbose")
    for name, reason in [("README.md", "not a data file"), ("notes.txt", "not a data file"),
                         ("LICENSE", "not a data file"), ("results.sarif", "not a data file"),
                         ("report.json", "a report written by this tool"), ("manual.pdf", "a document or image")]:
        line = next((ln for ln in en.stderr.splitlines() if name in ln), "")
        assert reason in line, (name, en.stderr)
    assert "node_modules" not in en.stderr and ".git" not in en.stderr and "env2" not in en.stderr  # never walked
    zh = run_cli("check", root, "--as-of", AS_OF, "--format", "json", "--exit-zero", "--verbose", "--lang", "zh")
    assert "renovate.json：配置文件，不是数据" in zh.stderr
    assert "README.md：不是数据文件" in zh.stderr


def test_include_exclude_and_extend_exclude_globs(tmp_path):
    root = repository(tmp_path / "repo")
    only_json = run_cli("check", root, "--as-of", AS_OF, "--format", "json", "--exit-zero", "--include", "*.json")
    assert [s.rsplit("/", 1)[-1] for s in sources(only_json, root)] == ["records.json"]
    # --include takes what the default filter would skip, but never our own outputs or sidecars
    pdf = run_cli("check", root, "--as-of", AS_OF, "--format", "json", "--exit-zero", "--include", "docs/*.pdf")
    assert [s.rsplit("/", 1)[-1] for s in sources(pdf, root)] == ["manual.pdf"]
    fewer = run_cli("check", root, "--as-of", AS_OF, "--format", "json", "--exit-zero", "--extend-exclude", "*.txt")
    assert len(sources(fewer, root)) == 2
    # --exclude replaces the defaults: node_modules is walked again
    walked = run_cli("check", root, "--as-of", AS_OF, "--format", "json", "--exit-zero", "--exclude", "data")
    names = sources(walked, root)
    assert any("node_modules" in n for n in names) and not any(n.startswith("data/") for n in names), names


def test_a_folder_with_nothing_to_audit_is_exit_2(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("check", empty, "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "nothing to audit" in result.stderr and "(empty)" not in result.stderr
    docs = tmp_path / "docs"
    write_file(docs, "README.md", "# hi\n")
    write_file(docs, "settings.json", '{"a": 1}')
    zh = run_cli("check", docs, "--as-of", AS_OF, "--lang", "zh")
    assert zh.exit_code == 2
    assert "没有可审计的数据文件" in zh.stderr and "跳过 2 个" in zh.stderr, zh.stderr
    glob = run_cli("check", docs, "--include", "*.parquet", "--as-of", AS_OF)
    assert glob.exit_code == 2 and "not matched by --include 2" in glob.stderr


def test_force_exclude_applies_the_filter_to_named_files(tmp_path):
    root = repository(tmp_path / "repo")
    named = [root / "renovate.json", root / ".vscode" / "settings.json", root / "data" / "人口.csv"]
    plain = run_cli("check", *named, "--as-of", AS_OF, "--format", "json", "--exit-zero")
    assert len(json.loads(plain.stdout)["datasets"]) == 3  # named files are audited as given
    forced = run_cli("check", *named, "--as-of", AS_OF, "--format", "json", "--force-exclude")
    assert forced.exit_code == 0, forced.output
    assert [d["source"].rsplit("/", 1)[-1] for d in json.loads(forced.stdout)["datasets"]] == ["人口.csv"]


def test_the_report_written_by_o_is_not_read_back(tmp_path):
    root = tmp_path / "d"
    write_file(root, "a.csv", "区,人口\n海淀,100\n")
    out = root / "report.json"
    for _ in range(2):
        result = run_cli("check", root, "--as-of", AS_OF, "--format", "json", "-o", out, "--exit-zero")
        assert result.exit_code == 0
    assert len(json.loads(out.read_text("utf-8"))["datasets"]) == 1


@pytest.mark.parametrize("text,data", [
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a": 1}}]}', True),
    ('{"data": {"list": [{"a": 1}, {"a": 2}]}}', True),
    ('{"compilerOptions": {"strict": true}, "include": ["src"]}', False),
])
def test_config_json_is_told_from_data_json(tmp_path, text, data):
    folder = tmp_path / "f"
    write_file(folder, "x.json", text)
    write_file(folder, "keep.csv", "a,b\n1,2\n")
    result = run_cli("check", folder, "--as-of", AS_OF, "--format", "json", "--exit-zero")
    assert len(json.loads(result.stdout)["datasets"]) == (2 if data else 1), result.stderr
