"""The history store: two runs a week apart of a changing loopback CKAN portal, what `audit history`
says changed, `audit compare --store`, migrations from schema v1, and writers at once."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import run_cli
from portal_apis import ckan_package, ckan_route, csv_file
from portal_server import LocalServer
from reporting_fixtures import MOBILE

from auditor.history.store import (
    SCHEMA_VERSION,
    HistoryStore,
    connect,
    dataset_key,
    schema_version,
)

CKAN_PATH = "/api/3/action/package_search"
AUDIT = Path(sys.executable).parent / "audit"
PHONES = f"姓名,电话\n张三,{MOBILE}\n李四,13800138000\n".encode()


def _packages(week: int, base: str) -> list[dict]:
    """Twenty packages; in week 2 one is fixed, one removed, one added, and one file exposes phone numbers."""
    packages = []
    for i in range(20 if week == 1 else 21):
        if week == 2 and i == 19:
            continue  # removed
        pkg = ckan_package(i, base)
        pkg["license_id"] = "cc-by"
        if i < 3:  # weekly, last updated 2026-11-18: on time on the 21st, overdue on the 28th
            pkg["extras"] = [{"key": "frequency", "value": "每周"}]
            pkg["metadata_modified"] = "2026-11-18T08:00:00"
            pkg["resources"][0]["last_modified"] = "2026-11-18T08:00:00"
            pkg["organization"]["title"] = "市统计局"
        if i == 3:  # monthly; two periods late in week 1, updated the day before the second run
            pkg["extras"] = [{"key": "frequency", "value": "每月"}]
            stamp = "2026-09-15T08:00:00" if week == 1 else "2026-11-27T08:00:00"
            pkg["metadata_modified"] = pkg["resources"][0]["last_modified"] = stamp
        packages.append(pkg)
    return packages


class Portal:
    """A CKAN portal whose catalogue and files can move on a week."""

    def __init__(self):
        self.server = LocalServer({})
        self.week = 1

    def __enter__(self):
        self.server.__enter__()
        self.server.routes[CKAN_PATH] = lambda m, q: ckan_route(_packages(self.week, self.server.base))(m, q)
        for i in range(21):
            self.server.routes[f"/files/data-{i}.csv"] = self._file(i)
        return self

    def _file(self, i):
        def route(method, query):
            if i == 5 and self.week == 2:
                return 200, {"Content-Type": "text/csv"}, PHONES
            return csv_file(method, query)
        return route

    def __exit__(self, *exc):
        self.server.__exit__(*exc)


def _two_weeks(store: Path) -> None:
    with Portal() as portal:
        for week, as_of in ((1, "2026-11-21"), (2, "2026-11-28")):
            portal.week = week
            result = run_cli("portal", "--source", portal.server.base, "--type", "ckan", "--download",
                             "--as-of", as_of, "--store", store, "--format", "json")
            assert result.exit_code == 1, result.stderr


def test_two_runs_a_week_apart_show_what_changed(tmp_path):
    store = tmp_path / "history.db"
    _two_weeks(store)
    result = run_cli("history", "--store", store, "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == SCHEMA_VERSION
    (portal,) = doc["portals"]
    assert [r["as_of"] for r in portal["runs"]] == ["2026-11-21", "2026-11-28"]
    figures = {f["figure"]: f["values"] for f in portal["figures"]}
    assert figures["overview.datasets"] == [20, 20] and figures["download.datasets_exposed"] == [0, 1]
    change = portal["changes"]
    assert (change["from"], change["to"]) == ("2026-11-21", "2026-11-28")
    assert [d["dataset"] for d in change["newly_overdue"]["datasets"]] == ["dataset-0", "dataset-1", "dataset-2"]
    assert [d["dataset"] for d in change["no_longer_overdue"]["datasets"]] == ["dataset-3"]
    assert change["fixed"]["count"] == 1 and change["fixed"]["datasets"][0]["dataset"] == "dataset-3"
    assert [d["dataset"] for d in change["newly_exposing_personal_data"]["datasets"]] == ["dataset-5"]
    assert [d["dataset"] for d in change["added"]["datasets"]] == ["dataset-20"]
    assert [d["dataset"] for d in change["removed"]["datasets"]] == ["dataset-19"]
    top = change["departments"][0]
    # three weekly datasets newly overdue (a warning: days late) and dataset-20, added overdue
    assert top["department"] == "市统计局"
    assert top["change"] == {"datasets": 1, "overdue": 4, "failing": 0, "exposed": 0}

    text = run_cli("history", "--store", store, "--city", "127.0.0.1:" + portal["source"].rsplit(":", 1)[1]).stdout
    assert "newly overdue: 3" in text and "newly exposing personal data: 1" in text
    assert "Departments that changed most" in text and "市统计局" in text
    html = run_cli("history", "--store", store, "--format", "html").stdout
    assert html.startswith("<!DOCTYPE html>") and "newly overdue" in html
    assert all(MOBILE not in out for out in (result.stdout, text, html))
    assert MOBILE not in store.read_bytes().decode("utf-8", "replace")

    compared = json.loads(run_cli("compare", "--store", store, "--run", "1", "--run", "2", "--format", "json").stdout)
    assert [c.split(" (run")[1] for c in compared["columns"]] == [" 1, 2026-11-21)", " 2, 2026-11-28)"]
    assert compared["rows"][0] == {"figure": "datasets", "share": False, "values": [20, 20]}
    latest = json.loads(run_cli("compare", "--store", store, "--format", "json").stdout)
    assert len(latest["columns"]) == 1 and "run 2" in latest["columns"][0]
    assert run_cli("history", "--store", store, "--city", "nowhere").exit_code == 2
    zh = run_cli("history", "--store", store, "--lang", "zh")
    assert "新近逾期: 3" in zh.stdout and "新近暴露个人信息: 1" in zh.stdout and "变化最大的部门" in zh.stdout
    assert "数据集 (overview.datasets)" in zh.stdout and "History" not in zh.stdout and "overdue:" not in zh.stdout
    zh_html = run_cli("history", "--store", store, "--format", "html", "--lang", "zh").stdout
    assert '<html lang="zh-CN">' in zh_html and "<title>审计历史</title>" in zh_html and "newly" not in zh_html
    nowhere = run_cli("history", "--store", store, "--city", "nowhere", "--lang", "zh")
    assert nowhere.exit_code == 2 and "中没有 'nowhere' 的运行记录" in nowhere.stderr
    assert "or --store FILE" in run_cli("compare").stderr


def test_dataset_keys_are_the_catalogues_own_ids():
    assert dataset_key("http://h/api/3/action/package_search#0000-01") == ("0000-01", None)
    assert dataset_key("http://h/api#7 <http://h/files/a.csv>") == ("7", "http://h/files/a.csv")
    assert dataset_key("目录.xlsx#row-3") == ("row-3", None)


def test_a_v1_store_is_migrated_with_its_runs(tmp_path):
    path = tmp_path / "old.db"
    conn = connect(str(path), upto=1)
    assert schema_version(conn) == 1
    department = {"department": "市统计局", "datasets": 2, "score": 90.0, "overdue_share": 0.5,
                  "missing_frequency_share": 0.0}
    head = {"summary": {"datasets": 2}, "scorecard": {"department_scores": [department]}}
    conn.execute("INSERT INTO runs VALUES (1, '2026-11-21T00:00:00+00:00', 'portal', '0.1.0')")
    conn.execute("INSERT INTO portal_runs VALUES (1, 1, 'demo', '示例市', 'x.csv', 'catalog', 'metadata-only', "
                 "'2026-11-21', 1, ?)", (json.dumps(head, ensure_ascii=False),))
    conn.execute("INSERT INTO datasets VALUES (1, 'a', 'A', '市统计局', 'pass', 90.0, 0, 0)")
    conn.close()
    with HistoryStore(str(path)) as store:
        assert schema_version(store.conn) == SCHEMA_VERSION
        assert store.conn.execute("SELECT * FROM departments").fetchall() == [(1, "市统计局", 2, 90.0, 0.5, 0.0)]
        indexes = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "datasets_by_id" in indexes
        assert store.datasets(1) == {"a": {"title": "A", "department": "市统计局", "status": "pass", "score": 90.0,
                                           "overdue": False, "exposed": False}}
    newer = tmp_path / "newer.db"
    sqlite3.connect(newer).executescript("CREATE TABLE schema_version (version INTEGER); "
                                         f"INSERT INTO schema_version VALUES ({SCHEMA_VERSION + 1});")
    result = run_cli("history", "--store", newer)
    assert result.exit_code == 2 and "newer than this audit" in result.stderr
    junk = tmp_path / "junk.db"
    junk.write_text("not a database at all, just text " * 100)
    assert "is not a history store" in run_cli("history", "--store", junk).stderr


def test_writers_at_once_do_not_corrupt_the_store(tmp_path):
    store = tmp_path / "shared.db"
    procs = [subprocess.Popen([str(AUDIT), "portal", "--city", "demo", "--as-of", f"2026-11-2{i}", "--store",
                               str(store), "--format", "json", "-o", str(tmp_path / f"r{i}.json")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for i in range(4)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [1, 1, 1, 1], errors
    conn = sqlite3.connect(store)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT count(*) FROM runs").fetchone() == (4,)
    assert sorted(r[0] for r in conn.execute("SELECT as_of FROM portal_runs")) == [f"2026-11-2{i}" for i in range(4)]
    assert conn.execute("SELECT count(*) FROM datasets").fetchone() == (32,)
    assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
