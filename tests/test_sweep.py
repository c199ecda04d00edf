"""`audit sweep` on a real Dask LocalCluster (2 worker processes) against loopback portals.

One cluster serves the whole module (starting one costs seconds). Portals of every
kind (CKAN split into page ranges, DCAT downloaded in dataset batches, Socrata,
OpenDataSoft, a catalogue export), one answering only 500s, one interrupted by
Ctrl-C mid-sweep and resumed: each portal's report equals `audit portal` on it alone.
"""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

distributed = pytest.importorskip("distributed")

from conftest import AS_OF, run_cli, write_file  # noqa: E402
from portal_apis import (  # noqa: E402
    JSON,
    ckan_package,
    ckan_route,
    csv_file,
    dcat_json,
    ods_result,
    ods_route,
    ok_json,
    socrata_result,
    socrata_route,
)
from portal_server import LocalServer  # noqa: E402

from auditor.api import audit_portal  # noqa: E402
from auditor.reporters import render  # noqa: E402
from auditor.sweep.plan import read_sweep_file, slug  # noqa: E402
from auditor.sweep.runner import run_sweep  # noqa: E402
from auditor.sweep.task import make_options  # noqa: E402

CKAN_PATH = "/api/3/action/package_search"
AUDIT = Path(sys.executable).parent / "audit"


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


class Gate:
    """A CKAN route whose pages from `from_offset` on wait until released: a portal caught mid-sweep."""

    def __init__(self, packages, from_offset: int):
        self.inner, self.from_offset = ckan_route(packages, max_rows=50), from_offset
        self.release = threading.Event()

    def __call__(self, method, query):
        start = int(dict(p.split("=") for p in query.split("&")).get("start", 0))
        if start >= self.from_offset:
            self.release.wait(60)
        return self.inner(method, query)


def _portals(tmp_path):
    """Six loopback portals and the sweep file naming them; servers are started by the caller."""
    ckan = LocalServer({})
    gate = Gate([ckan_package(i) for i in range(230)], from_offset=100)
    ckan.routes[CKAN_PATH] = gate
    dcat = LocalServer({})
    dcat.routes["/data.json"] = lambda m, q: ok_json(dcat_json(40, dcat.base))
    for i in range(40):
        dcat.routes[f"/files/w{i}.csv"] = csv_file
    socrata = LocalServer({"/api/catalog/v1": socrata_route([socrata_result(i) for i in range(130)])})
    ods = LocalServer({"/api/explore/v2.1/catalog/datasets": ods_route([ods_result(i) for i in range(150)])})
    broken = LocalServer({CKAN_PATH: lambda m, q: (500, JSON, b'{"error": "internal"}')})
    export = write_file(tmp_path, "portal/目录.csv", "序号,所属部门,数据集名称,格式类型,更新日期,更新频率\n" + "".join(
        f"{i},{'市统计局' if i % 2 else '市交通委'},数据{i},{'csv' if i % 3 else 'pdf'},2026-0{1 + i % 9}-01,每月\n"
        for i in range(1, 61)))
    servers = [ckan, dcat, socrata, ods, broken]
    portals = [
        {"name": "ckan", "source": None, "type": "ckan"},
        {"name": "dcat", "source": None, "type": "dcat", "metadata_only": False},
        {"name": "socrata", "source": None, "type": "socrata"},
        {"name": "ods", "source": None, "type": "opendatasoft"},
        {"name": "broken", "source": None, "type": "ckan", "retries": 1},
        {"name": "export", "source": str(export), "type": "catalog"},
    ]
    return servers, gate, portals


def _sweep_file(tmp_path, name, portals, **top):
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"portals": portals, "as_of": AS_OF, **top}, allow_unicode=True), "utf-8")
    return path


def _comparable(doc: dict) -> dict:
    """A report without what differs between any two runs: when it was made and how long it took."""
    doc = json.loads(json.dumps(doc))
    doc.pop("generated_at")
    for key in ("seconds", "cache"):
        doc["portal"].pop(key)
    doc["portal"]["pages"].pop("from_cache")
    return doc


def _wait_for(path: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.1)


def test_sweep_equals_each_portal_alone_with_a_failing_and_an_interrupted_portal(tmp_path, client):
    servers, gate, portals = _portals(tmp_path)
    cache = tmp_path / "cache"
    for server in servers:
        server.__enter__()
    try:
        for entry, server in zip(portals, servers, strict=False):
            entry["source"] = server.base + ("/data.json" if entry["name"] == "dcat" else
                                             "/api/catalog/v1" if entry["name"] == "socrata" else
                                             "/api/explore/v2.1/catalog/datasets" if entry["name"] == "ods" else "")
        settings = {"pages_per_task": 2, "batch": 10, "cache": str(cache)}
        # 1. The CKAN portal alone, interrupted (Ctrl-C) while its later pages are held back.
        first = _sweep_file(tmp_path, "first.yaml", portals[:1], **settings)
        proc = subprocess.Popen([str(AUDIT), "sweep", str(first), "--workers", "1"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=tmp_path)
        try:
            spec = read_sweep_file(str(first), {}, {}).portals[0]
            folder = cache / "sweep" / f"{slug(spec.name)}-{spec.fingerprint}"
            _wait_for(folder / "first.done.json")
            time.sleep(0.5)
            proc.send_signal(signal.SIGINT)
            _, err = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == 130 and b"interrupted" in err
        assert not (folder / "p2-4.done.json").exists(), "the held-back range never completed"
        gate.release.set()

        # 2. The whole sweep with the same cache: the CKAN portal resumes where it stopped.
        whole = _sweep_file(tmp_path, "sweep.yaml", portals, **settings)
        plan = read_sweep_file(str(whole), {}, {})
        reports = {}
        result = run_sweep(plan, client=client, on_report=lambda name, r: reports.__setitem__(name, r))
        assert result.tasks_skipped == 1, "the CKAN portal's first range was done before the interruption"
        # ckan: 2 more ranges; dcat: 4 batches of 10; socrata, ods, broken, export: 1 each
        assert result.tasks_run == 2 + 4 + 4 and result.tasks_failed == 0
        assert [name for name, _ in result.heads] == [p["name"] for p in portals]
        assert result.exit_code == 1

        # 3. Each portal alone, as `audit portal` runs it, gives the very same report.
        for spec in plan.portals:
            alone = audit_portal(make_options({**spec.options, "cache": None}))
            swept = json.loads(render(reports[spec.name], "json"))
            expected = _comparable(json.loads(render(alone, "json")))
            got = _comparable(swept)
            for mine, theirs in zip(got.pop("datasets"), expected.pop("datasets"), strict=True):
                assert mine == theirs, spec.name
            assert got == expected, spec.name
    finally:
        gate.release.set()
        for server in servers:
            server.__exit__(None, None, None)

    ckan, dcat, broken = reports["ckan"], reports["dcat"], reports["broken"]
    assert ckan.portal["datasets"] == 230 and ckan.portal["pages"]["read"] == 5 and len(ckan.datasets) == 230
    assert ckan.scorecard["overview"]["departments"] == 4
    assert dcat.portal["mode"] == "download" and dcat.scorecard["download"]["data_files"] == 40
    assert len(dcat.datasets) == 80, "40 catalogue entries and their 40 files"
    assert reports["socrata"].portal["declared_total"] == 130 and reports["ods"].portal["datasets"] == 150
    assert reports["export"].scorecard["overview"]["datasets"] == 60
    assert broken.portal["reachable"] is False and "HTTP 500" in broken.portal["error"]
    assert [d.status for d in broken.datasets] == ["error"]
    ordered = {p["name"]: reports[p["name"]] for p in portals}
    table = run_cli("compare", *_write_reports(tmp_path, ordered), "--format", "json").stdout
    assert json.loads(table)["rows"][0] == {"figure": "datasets", "share": False,
                                            "values": [230, 40, 130, 150, 0, 60]}


def _write_reports(tmp_path, reports) -> list[Path]:
    paths = []
    for name, report in reports.items():
        path = tmp_path / f"{name}.json"
        path.write_text(render(report, "json"), "utf-8")
        paths.append(path)
    return paths


class CountingRoute:
    """package_search that counts requests in flight at once."""

    def __init__(self, packages):
        self.inner = ckan_route(packages, max_rows=20)
        self.lock, self.now, self.most = threading.Lock(), 0, 0

    def __call__(self, method, query):
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            time.sleep(0.05)
            return self.inner(method, query)
        finally:
            with self.lock:
                self.now -= 1


def test_politeness_holds_across_workers(tmp_path, client):
    route = CountingRoute([ckan_package(i) for i in range(200)])
    with LocalServer({CKAN_PATH: route}) as srv:
        path = _sweep_file(tmp_path, "polite.yaml", [{"name": "c", "source": srv.base, "type": "ckan"}],
                           pages_per_task=1, per_host=1, concurrency=8)
        result = run_sweep(read_sweep_file(str(path), {}, {}), client=client)
    assert result.tasks_run == 10, "ten pages of 20, a task each"
    assert route.most == 1, "one request in flight at this host, whichever worker sent it"
    assert result.heads[0][1]["portal"]["datasets"] == 200


def test_a_task_failing_every_attempt_is_recorded_against_its_portal(tmp_path, client):
    cache = tmp_path / "cache"
    with LocalServer({CKAN_PATH: ckan_route([ckan_package(i) for i in range(90)], max_rows=30)}) as srv:
        path = _sweep_file(tmp_path, "failing.yaml", [{"name": "c", "source": srv.base, "type": "ckan"}],
                           pages_per_task=1, task_retries=1, cache=str(cache))
        spec = read_sweep_file(str(path), {}, {}).portals[0]
        folder = cache / "sweep" / f"{slug(spec.name)}-{spec.fingerprint}"
        (folder / "p1-2.jsonl.part").mkdir(parents=True)  # the spool cannot be written for that range
        result = run_sweep(read_sweep_file(str(path), {}, {}), client=client)
    head = result.heads[0][1]
    assert result.tasks_failed == 1 and result.tasks_run == 2 and result.exit_code == 1
    assert head["portal"]["datasets"] == 60 and head["summary"]["errored"] == 1
    (failure,) = head["portal"]["failures"]
    assert failure["stage"] == "catalogue" and failure["reason"].startswith("the sweep task for pages 2-2 failed: ")
    assert "IsADirectoryError" in failure["reason"]


def test_sweep_file_errors_are_usage_errors(tmp_path):
    bad = write_file(tmp_path, "bad.yaml", "portals:\n  - {name: a, source: x, tpye: ckan}\n")
    result = run_cli("sweep", str(bad))
    assert result.exit_code == 2 and "unknown key 'tpye'" in result.stderr
    dup = write_file(tmp_path, "dup.yaml", "portals:\n  - {name: a, city: demo}\n  - {name: a, city: demo}\n")
    assert "unique" in run_cli("sweep", str(dup)).stderr
    missing = write_file(tmp_path, "missing.yaml", f"portals:\n  - {{source: {tmp_path / 'nope.csv'}}}\n")
    result = run_cli("sweep", str(missing))
    assert result.exit_code == 2 and "source does not exist" in result.stderr
    assert run_cli("sweep").exit_code == 2
    assert "must be a whole number" in run_cli("sweep", str(write_file(
        tmp_path, "n.yaml", "portals:\n  - {city: demo}\nlimit: ten\n"))).stderr


def test_a_sweep_counts_each_portals_apps_as_audit_portal_does(tmp_path, client):
    """Table 6: CKAN's showcases are counted by the portal's first task; a portal without the
    extension (or a catalogue file) says the figure cannot be measured (None), as `audit portal` does."""

    def showcases(method, query):
        return ok_json({"success": True, "result": [{"name": f"app-{i}", "type": "showcase"} for i in range(4)]})

    with LocalServer({CKAN_PATH: ckan_route([ckan_package(i) for i in range(70)], max_rows=30),
                      "/api/3/action/ckanext_showcase_list": showcases}) as apps, \
            LocalServer({CKAN_PATH: ckan_route([ckan_package(i) for i in range(20)])}) as plain:
        portals = [{"name": "apps", "source": apps.base, "type": "ckan"},
                   {"name": "plain", "source": plain.base, "type": "ckan"}]
        plan = read_sweep_file(str(_sweep_file(tmp_path, "apps.yaml", portals, pages_per_task=1)), {}, {})
        reports: dict = {}
        result = run_sweep(plan, client=client, on_report=lambda name, r: reports.__setitem__(name, r))
        alone = {spec.name: audit_portal(make_options(spec.options)) for spec in plan.portals}
    assert result.tasks_run == 3 + 1 and result.tasks_failed == 0
    assert reports["apps"].portal["datasets"] == 70
    assert reports["apps"].scorecard["engagement"] == {"apps": 4, "apps_from": "ckanext_showcase_list",
                                                       "interactions": None}
    assert reports["plain"].scorecard["engagement"] == {"apps": None, "apps_from": None, "interactions": None}
    for name, report in reports.items():
        assert report.scorecard["engagement"] == alone[name].scorecard["engagement"], name
    assert apps.hits[("GET", "/api/3/action/ckanext_showcase_list")] == 2, "once by the sweep, once alone"


def test_a_sweep_with_a_store_records_every_portal_in_one_run(tmp_path, client):
    from auditor.sweep.command import run_sweep_command

    store = tmp_path / "history.db"
    with LocalServer({CKAN_PATH: ckan_route([ckan_package(i) for i in range(30)])}) as a, \
            LocalServer({"/api/catalog/v1": socrata_route([socrata_result(i) for i in range(12)])}) as b:
        path = _sweep_file(tmp_path, "stored.yaml", [{"name": "a", "source": a.base, "type": "ckan"},
                                                     {"name": "b", "source": b.base, "type": "socrata"}],
                           store=str(store), reports=str(tmp_path / "reports"))
        result, table = run_sweep_command(str(path), [], [], {}, {}, client=client)
    assert table["columns"] == ["a", "b"] and table["rows"][0]["values"] == [30, 12]
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["a.json", "b.json"]
    assert json.loads((tmp_path / "reports" / "a.json").read_text("utf-8"))["portal"]["datasets"] == 30
    doc = json.loads(run_cli("history", "--store", store, "--format", "json").stdout)
    assert [(p["portal"], [r["run"] for r in p["runs"]]) for p in doc["portals"]] == [("a", [1]), ("b", [1])]
    compared = json.loads(run_cli("compare", "--store", store, "--format", "json").stdout)
    assert compared["rows"][0]["values"] == [30, 12]


def test_the_command_on_a_running_scheduler_prints_the_comparison(tmp_path, client):
    with LocalServer({CKAN_PATH: ckan_route([ckan_package(i) for i in range(25)])}) as srv:
        path = _sweep_file(tmp_path, "cli.yaml", [{"name": "a", "source": srv.base, "type": "ckan"}])
        assert "give --cache on storage every worker" in run_cli(
            "sweep", str(path), "--scheduler", client.scheduler.address).stderr
        result = run_cli("sweep", str(path), "--scheduler", client.scheduler.address, "--cache", tmp_path / "c",
                         "--format", "json")
    assert result.exit_code == 1, result.stderr
    table = json.loads(result.stdout)
    assert table["columns"] == ["a"] and table["rows"][0]["values"] == [25]
    assert "audit: sweep: 1 portal(s), 1 task(s) run, 0 already done, 0 failed" in result.stderr


def test_progress_bars_one_per_portal_and_a_total():
    from auditor.sweep.command import _Bars

    bars = _Bars(["a", "b"])
    bars.update("a", 5, 10)
    bars.update("b", 3, None)
    tasks = {t.description: t for t in bars.progress.tasks}
    assert (tasks["a"].completed, tasks["a"].total) == (5, 10) and tasks["b"].total is None
    assert (tasks["all portals"].completed, tasks["all portals"].total) == (8, None), "a total once every one is known"
    bars.update("b", 4, 4)
    tasks = {t.description: t for t in bars.progress.tasks}
    assert (tasks["all portals"].completed, tasks["all portals"].total) == (9, 14)
    assert [t.description for t in _Bars(["北京"], "zh").progress.tasks] == ["全部门户", "北京"]
