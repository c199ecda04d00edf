"""The run's resource budget: profile `limits:` validated strictly, limits applied while
streaming (MR022), safe YAML, paths that stay inside (issue 12)."""
from __future__ import annotations

import json
import os
import re
from dataclasses import fields
from pathlib import Path

import pytest
import yaml
from conftest import AS_OF, audit_json, codes, findings, run_cli, write_file

from auditor import budget, safe_yaml
from auditor.loaders.jsondata import longest_string
from auditor.paths import inside, not_regular, refusal

DOCS = Path(__file__).resolve().parents[1] / "docs" / "limits.md"


def _profile(tmp_path, limits: dict) -> str:
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump({"extends": "default", "limits": limits}), encoding="utf-8")
    return str(path)


def test_every_limit_is_documented_with_its_default():
    text = DOCS.read_text("utf-8")
    for f in fields(budget.Limits):
        assert re.search(rf"^\| `{f.name}` \|", text, re.M), f.name


def test_a_profile_limit_applies_and_the_rows_before_it_are_audited(tmp_path):
    data = write_file(tmp_path, "t.csv", "a,b\n1,short\n2," + "x" * 500 + "\n3,c\n")
    code, report = audit_json(data, extra=("--profile", _profile(tmp_path, {"cell_chars": 100})))
    (mr022,) = findings(report, "MR022")
    assert "cell_chars" in mr022["message"] and "at most 100" in mr022["message"]
    assert report["datasets"][0]["tables"][0]["rows"] == 1  # the row before the limit
    assert code == 1


@pytest.mark.parametrize("limits, wording", [
    ({"cell_size": 10}, "unknown limit 'cell_size'"),
    ({"columns": -1}, "limit columns must be a positive"),
    ({"columns": 1.5}, "limit columns must be a positive"),
    ({"member_bytes": "lots"}, "limit member_bytes must be a positive"),
    ({"ratio": True}, "limit ratio must be a positive"),
])
def test_a_bad_limits_block_is_a_configuration_error(tmp_path, limits, wording):
    data = write_file(tmp_path, "t.csv", "a\n1\n")
    result = run_cli("check", data, "--profile", _profile(tmp_path, limits), "--as-of", "2026-11-28")
    assert result.exit_code == 2
    assert wording in result.stderr


def test_sizes_take_units_and_the_resolved_profile_shows_the_limits(tmp_path):
    from auditor.profile import load_profile
    from auditor.registry import load_registry

    profile = load_profile(_profile(tmp_path, {"member_bytes": "2GiB", "ratio": 500, "xml_depth": 50}),
                           load_registry(plugins=False))
    assert profile.limits.member_bytes == 2 << 30 and profile.limits.ratio == 500.0
    assert profile.limits.xml_depth == 50 and profile.limits.columns == budget.Limits().columns
    assert profile.resolved()["limits"]["member_bytes"] == 2 << 30


def test_xml_depth_stops_at_the_limit_with_mr022(tmp_path):
    data = write_file(tmp_path, "deep.xml", "<r>" + "<a>" * 60 + "1" + "</a>" * 60 + "</r>")
    code, report = audit_json(data, extra=("--profile", _profile(tmp_path, {"xml_depth": 50})))
    assert "xml_depth" in findings(report, "MR022")[0]["message"]
    code, report = audit_json(data)
    assert "MR022" not in codes(report)


def test_a_json_string_as_written_is_measured_without_parsing():
    assert longest_string('["ab", "abcd"]', 100) == 4
    assert longest_string('{"a\\"bc": 1}', 100) == 5  # escapes count as written
    text = '["' + "x" * 50 + '", 1, "yy", "a\\\\"]'
    assert all(longest_string(text, 1000, piece) == 50 for piece in (1, 2, 3, 7, 100))


def test_safe_yaml_refuses_tags_and_alias_floods():
    assert safe_yaml.load("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}
    with pytest.raises(safe_yaml.Refused, match="tag"):
        safe_yaml.load("title: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(safe_yaml.Refused, match="tag"):
        safe_yaml.load("title: !custom x\n")
    flood = "a: &a [1]\n" + "".join(f"k{i}: *a\n" for i in range(60))
    with pytest.raises(safe_yaml.Refused, match="more than 50 alias"):
        safe_yaml.load(flood)


def test_a_profile_with_a_tag_is_a_configuration_error(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("extends: !!python/name:os.system default\n", encoding="utf-8")
    data = write_file(tmp_path, "t.csv", "a\n1\n")
    result = run_cli("check", data, "--profile", str(path), "--as-of", "2026-11-28")
    assert result.exit_code == 2 and "tag" in result.stderr


def test_only_regular_files_and_paths_inside(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "f.csv").write_text("a\n1\n")
    os.symlink("/dev/zero", tmp_path / "zero")
    os.symlink("/etc/hostname", tmp_path / "out")
    os.symlink(tmp_path / "f.csv", tmp_path / "in")
    assert not_regular(str(tmp_path / "f.csv")) is None
    assert not_regular(str(tmp_path / "pipe")) == "a named pipe (FIFO)"
    assert not_regular(str(tmp_path / "zero")) == "a character device"
    assert inside(str(tmp_path / "in"), str(tmp_path)) and not inside(str(tmp_path / "out"), str(tmp_path))
    assert "leading outside" in refusal(str(tmp_path / "out"), str(tmp_path))
    assert refusal(str(tmp_path / "in"), str(tmp_path)) is None


def test_a_sidecar_link_leading_out_of_the_folder_is_not_metadata(tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("title: 机密标题\npublisher: x\n", encoding="utf-8")
    folder = tmp_path / "data"
    folder.mkdir()
    data = write_file(folder, "t.csv", "a\n1\n")
    os.symlink(secret, folder / "t.csv.meta.yaml")
    code, report = audit_json(data)
    assert report["datasets"][0]["metadata"].get("title") is None


def test_the_runs_limits_hold_for_a_download_in_a_portal_worker_thread(tmp_path):
    """Downloads run in a thread pool, whose threads start without the run's context: the run's budget
    is carried into them, so a tiny ratio set on the run refuses a gzip-encoded body built to expand."""
    import gzip

    from portal_apis import ckan_package, ok_json
    from portal_server import LocalServer

    body = ("区,人口\n" + "海淀,100\n" * 40_000).encode()  # 480 KB of text, a few KB gzipped
    holder: dict = {}

    def search(method, query):
        base = holder["base"]
        pkg = ckan_package(0, base, resources=[{"id": "r0", "name": "people.csv", "format": "CSV",
                                                "url": f"{base}/files/people.csv"}])
        return ok_json({"success": True, "result": {"count": 1, "results": [pkg]}})

    def data(method, query):
        return 200, {"Content-Type": "text/csv", "Content-Encoding": "gzip"}, gzip.compress(body)

    with LocalServer({"/api/3/action/package_search": search, "/files/people.csv": data}) as server:
        holder["base"] = server.base
        args = ("portal", "--source", server.base, "--type", "ckan", "--download", "--format", "json",
                "--as-of", AS_OF, "--concurrency", "2")
        tight = run_cli(*args, "--profile", _profile(tmp_path, {"ratio": 10, "ratio_floor": 65_536}))
        loose = run_cli(*args)
    (refused,) = [d for d in json.loads(tight.stdout)["datasets"] if d["source"].endswith("people.csv>")]
    assert refused["tables"] == [] and "resource limit ratio reached" in json.dumps(refused, ensure_ascii=False)
    (read,) = [d for d in json.loads(loose.stdout)["datasets"] if d["source"].endswith("people.csv>")]
    assert read["tables"][0]["rows"] == 40_000 and read["tables"][0]["columns"] == ["区", "人口"]


def test_a_carried_call_sees_and_spends_the_runs_budget_in_another_thread():
    from concurrent.futures import ThreadPoolExecutor

    with budget.running(budget.Limits(members=3)) as run, ThreadPoolExecutor(2) as pool:
        seen = list(pool.map(budget.carried(lambda _: budget.current()), range(4)))
        pool.submit(budget.carried(lambda: budget.current().spend_member("x"))).result()
    assert all(b is run for b in seen) and run.limits.members == 3
    assert run.members == 1
