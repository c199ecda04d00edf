"""Faults a real portal has, served on loopback: the audit completes, each failure is
reported against its dataset with the reason, and a rerun with a cache resumes."""

from __future__ import annotations

import datetime as dt
import json
import time

from conftest import AS_OF, run_cli
from portal_apis import JSON, ckan_package, ckan_route, csv_file
from portal_server import LocalServer

from auditor.api import PortalOptions, audit_portal, exit_code
from auditor.portal.http import Fetcher, FetchPolicy

FILES = ["ok", "500", "429", "slow", "malformed", "big", "to-file"]


def fault_routes() -> dict:
    state = {"429": 0}

    def always_500(method, query):
        return 500, {}, b"internal error"

    def limited(method, query):
        state["429"] += 1
        return (429, {"Retry-After": "2"}, b"slow down") if state["429"] == 1 else csv_file(method, query)

    def slow(method, query):
        time.sleep(1.0)
        return csv_file(method, query)

    def malformed(method, query):
        return 200, JSON, b'{"records": [{"a": 1}, {"a": '

    def big(method, query):
        return 200, {"Content-Type": "text/csv"}, b"a,b\n" + b"1,2\n" * 20000

    def to_file(method, query):
        return 302, {"Location": "file:///etc/passwd"}, b""

    return {
        "/files/ok.csv": csv_file,
        "/files/500.csv": always_500,
        "/files/429.csv": limited,
        "/files/slow.csv": slow,
        "/files/malformed.json": malformed,
        "/files/big.csv": big,
        "/files/to-file.csv": to_file,
    }


def packages(base: str) -> list[dict]:
    out = []
    for i, name in enumerate(FILES):
        ext = "json" if name == "malformed" else "csv"
        out.append(
            ckan_package(
                i,
                base,
                resources=[{"id": f"r{i}", "name": name, "format": ext.upper(), "url": f"{base}/files/{name}.{ext}"}],
            )
        )
    return out


def run(srv, cache=None, slept=None, **kw) -> dict:
    policy = FetchPolicy(
        per_host_interval=0.0, backoff=0.01, timeout=0.4, retries=1, max_bytes=50_000, cache_dir=cache, concurrency=4
    )
    fetcher = Fetcher(policy, sleep=(slept.append if slept is not None else (lambda s: None)))
    with fetcher:
        report = audit_portal(
            PortalOptions(
                source=srv.base + "/api/3/action/package_search",
                download=True,
                as_of=dt.date(2026, 11, 28),
                fetcher=fetcher,
                **kw,
            )
        )
    return {"code": exit_code(report), **report.as_dict()}


def by_file(doc: dict) -> dict:
    """The audited distribution of each fault, keyed by file name."""
    out = {}
    for d in doc["datasets"]:
        if "<" in d["source"]:
            out[d["source"].rsplit("/", 1)[-1].split(".")[0]] = d
    return out


def test_every_fault_is_reported_against_its_dataset_and_the_audit_completes():
    slept: list[float] = []
    with LocalServer(fault_routes()) as srv:
        srv.routes["/api/3/action/package_search"] = ckan_route(packages(srv.base))
        doc = run(srv, slept=slept)
        hits = dict(srv.hits)
    assert doc["code"] == 1 and doc["portal"]["datasets"] == len(FILES)
    files = by_file(doc)
    assert set(files) == set(FILES), "every distribution is in the report, failed or not"
    assert files["ok"]["status"] != "error" and files["ok"]["tables"][0]["rows"] == 2  # audited by the full engine
    assert files["429"]["tables"][0]["rows"] == 2 and 2.0 in slept, "Retry-After was honoured, then it worked"
    reasons = {f["url"].rsplit("/", 1)[-1]: f["reason"] for f in doc["portal"]["failures"]}
    assert reasons["500.csv"] == "the server answered HTTP 500"
    assert "Timeout" in reasons["slow.csv"]
    assert "cap" in reasons["big.csv"] and files["big"]["status"] == "error"
    assert "redirected to a file:// URL" in reasons["to-file.csv"]
    assert hits[("GET", "/files/to-file.csv")] == 1, "a refused redirect is not retried"
    for name in ("500", "slow", "big", "to-file"):
        (finding,) = files[name]["findings"]
        assert finding["code"] == "MR001" and files[name]["status"] == "error"
        assert files[name]["source"].startswith(doc["portal"]["source"].split("?")[0] + "#dataset-")
    assert files["malformed"]["status"] == "fail"  # downloaded fine, then the engine found invalid JSON
    assert any(f["code"] == "MR001" and "invalid JSON" in f["message"] for f in files["malformed"]["findings"])
    links = {d["url"].rsplit("/", 1)[-1]: d for d in doc["datasets"][0]["metadata"]["distributions"]}
    assert links["ok.csv"]["link"] == {
        **links["ok.csv"]["link"],
        "status": 200,
        "content_type": "text/csv",
        "broken": False,
    }
    card = doc["scorecard"]
    assert card["download"]["links_checked"] == len(FILES)
    assert card["download"]["links_broken"] == 3 and card["download"]["links_not_downloaded"] == 1
    assert card["link_status"]["500"] == 1 and card["link_status"]["no response"] == 3


def test_a_failing_page_is_a_failure_and_the_other_pages_are_audited(tmp_path):
    state = {"broken": True}

    def flaky_pages(method, query):
        if "start=10" in query and state["broken"]:
            return 500, {}, b"busy"
        if "start=20" in query and state["broken"]:
            return 200, JSON, b'{"success": true, "result": {"count": 25, "results": [{"name": '
        return inner(method, query)

    with LocalServer({"/api/3/action/package_search": flaky_pages}) as srv:
        inner = ckan_route([ckan_package(i, srv.base) for i in range(25)], max_rows=10)  # a capped rows_max
        srv.routes.update({f"/files/data-{i}.csv": csv_file for i in range(25)})
        first = run(srv, cache=str(tmp_path))
        assert first["portal"]["datasets"] == 10
        stages = [(f["stage"], f["reason"]) for f in first["portal"]["failures"] if f["stage"] == "catalogue"]
        assert stages == [
            ("catalogue", "HTTP 500"),
            ("catalogue", "invalid JSON at line 1, column 64: Expecting value"),
        ]
        assert (
            first["portal"]["pages"]["failed"] == 1
            and first["scorecard"]["overview"]["unreadable_catalogue_parts"] == 2
        )
        errored = [d for d in first["datasets"] if d["status"] == "error" and "offset" in d["source"]]
        assert len(errored) == 2 and all(d["findings"][0]["code"] == "MR001" for d in errored)

        before = dict(srv.hits)
        state["broken"] = False
        again = run(srv, cache=str(tmp_path))
        assert again["portal"]["datasets"] == 25 and again["portal"]["failures"] == [
            f for f in again["portal"]["failures"] if f["stage"] != "catalogue"
        ]
        # page 1 and every download already fetched came from the cache; the two failed pages were asked again
        assert all(srv.hits[("GET", f"/files/data-{i}.csv")] == 1 for i in range(25))
        assert srv.hits[("GET", "/api/3/action/package_search")] - before[("GET", "/api/3/action/package_search")] == 2


def test_a_rerun_with_cache_refetches_nothing_it_has(tmp_path):
    with LocalServer(fault_routes()) as srv:
        srv.routes["/api/3/action/package_search"] = ckan_route(packages(srv.base))
        first = run(srv, cache=str(tmp_path))
        between = dict(srv.hits)
        second = run(srv, cache=str(tmp_path))
        after = dict(srv.hits)
    fetched_again = {path for (method, path), n in after.items() if n > between.get((method, path), 0)}
    assert fetched_again == {"/files/500.csv", "/files/slow.csv"}, "only what failed is asked again"
    assert second["portal"]["pages"]["from_cache"] == 1
    assert by_file(first).keys() == by_file(second).keys()


def test_an_unreachable_portal_is_a_clear_error_with_exit_1():
    with LocalServer({}) as srv:
        dead = srv.base  # the port is closed once the server stops
    result = run_cli(
        "portal",
        "--source",
        dead + "/api/3/action/package_search",
        "--retries",
        "0",
        "--format",
        "json",
        "--as-of",
        AS_OF,
    )
    assert result.exit_code == 1
    assert "audit: error: the portal catalogue cannot be read" in result.stderr and "ConnectError" in result.stderr
    doc = json.loads(result.stdout)
    assert doc["portal"]["reachable"] is False and doc["summary"]["errored"] == 1
    assert doc["datasets"][0]["findings"][0]["code"] == "MR001"


def test_a_portal_answering_500_on_the_first_page_is_unreachable():
    def down(method, query):
        return 503, {}, b"maintenance"

    with LocalServer({"/api/3/action/package_search": down}) as srv:
        doc = run(srv)
    assert doc["code"] == 1 and doc["portal"]["reachable"] is False and doc["portal"]["error"].endswith("HTTP 503")
