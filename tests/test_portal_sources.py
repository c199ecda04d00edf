"""Each portal source against a real loopback server shaped like the real API, paging included."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
from conftest import AS_OF, run_cli
from portal_apis import (
    ckan_package,
    ckan_route,
    csv_file,
    dcat_json,
    ods_result,
    ods_route,
    ok_json,
    socrata_result,
    socrata_route,
    turtle_route,
)
from portal_server import LocalServer

from auditor.api import PortalOptions, audit_portal
from auditor.portal.http import Fetcher, FetchPolicy


def quick_fetcher(**kw) -> Fetcher:
    """The real Fetcher without the politeness pause (one local host would make tests slow)."""
    return Fetcher(FetchPolicy(per_host_interval=0.0, backoff=0.01, **kw), sleep=lambda s: None)


def portal_json(*args) -> tuple[int, dict]:
    result = run_cli("portal", *args, "--format", "json", "--as-of", AS_OF)
    return result.exit_code, json.loads(result.stdout)


def audit(source: str, **kw) -> dict:
    fetcher = kw.pop("fetcher", None) or quick_fetcher()
    with fetcher:
        report = audit_portal(PortalOptions(source=source, as_of=dt.date(2026, 11, 28), fetcher=fetcher, **kw))
    return report.as_dict()


def test_ckan_package_search_pages_by_rows_and_start():
    packages = [ckan_package(i) for i in range(2345)]
    with LocalServer({"/api/3/action/package_search": ckan_route(packages)}) as srv:
        doc = audit(srv.base + "/api/3/action/package_search", concurrency=2)
        assert srv.hits[("GET", "/api/3/action/package_search")] == 3, "rows=1000: three pages for 2,345"
    portal, card = doc["portal"], doc["scorecard"]
    assert portal["type"] == "ckan" and portal["declared_total"] == 2345 and portal["datasets"] == 2345
    assert portal["pages"] == {"read": 3, "failed": 0, "from_cache": 0} and portal["failures"] == []
    assert len({d["source"] for d in doc["datasets"]}) == 2345
    # ' 市统计局　' (spaces, a full-width one) is counted with '市统计局'
    assert card["overview"]["departments"] == 4 and card["overview"]["domains"] == 2
    assert sum(r["datasets"] for r in card["department_scores"]) == 2345
    assert card["formats"] == {"CSV": 1758, "XLS": 587}
    assert card["overview"]["datasets_with_api"] == 469  # DataStore tables, every fifth package
    assert card["shares"]["missing_licence"] == pytest.approx(782 / 2345, abs=1e-4)  # license_id notspecified
    assert card["updates"]["update_plans"] == {"每月": 469, "每日": 469, "每年": 469, "不定期": 469}
    assert card["counts"]["periodic"] == 1407 and 0 < card["counts"]["overdue"] < 1407
    assert card["updates"]["latest_update"] == "2026-11-10"  # resource last_modified beats metadata_modified


def test_ckan_is_detected_from_the_home_page_and_limit_shrinks_the_page():
    packages = [ckan_package(i) for i in range(300)]

    def home(method, query):
        return 200, {"Content-Type": "text/html"}, b"<!doctype html><html><body>CKAN</body></html>"

    with LocalServer({"/": home, "/api/3/action/package_search": ckan_route(packages)}) as srv:
        doc = audit(srv.base + "/", limit=25)
    assert doc["portal"]["type"] == "ckan" and doc["portal"]["datasets"] == 25 and len(doc["datasets"]) == 25


def test_socrata_discovery_pages_and_reads_domain_metadata():
    results = [socrata_result(i) for i in range(250)]
    with LocalServer({"/api/catalog/v1": socrata_route(results)}) as srv:
        doc = audit(srv.base + "/api/catalog/v1?domains=data.example.gov")
        assert srv.hits[("GET", "/api/catalog/v1")] == 3
    card = doc["scorecard"]
    assert doc["portal"]["type"] == "socrata" and doc["portal"]["datasets"] == 250
    assert card["overview"]["departments"] == 2  # from Dataset-Information_Agency, no attribution given
    assert card["updates"]["update_plans"] == {"Daily": 125, "Monthly": 125}
    assert card["overview"]["datasets_with_api"] == 250 and card["overview"]["downloads"] == sum(
        100 + i for i in range(250)
    )
    first = doc["datasets"][0]["metadata"]
    assert first["modified"] == "2026-01-25T10:35:42.000Z", "data_updated_at, not updatedAt"


def test_opendatasoft_pages_under_the_10000_window_and_says_what_it_could_not_list():
    results = [ods_result(i) for i in range(10050)]
    asked: list = []
    with LocalServer({"/api/explore/v2.1/catalog/datasets": ods_route(results, asked)}) as srv:
        doc = audit(srv.base + "/api/explore/v2.1/catalog/datasets", concurrency=8)
    assert all(limit <= 100 and offset + limit < 10000 for offset, limit in asked)
    assert max(asked) == (9900, 99)
    portal, card = doc["portal"], doc["scorecard"]
    assert portal["type"] == "opendatasoft" and portal["datasets"] == 9999 and portal["failures"] == []
    assert "9,999 of 10,050" in portal["truncated"]
    assert card["overview"]["records"] == sum(1000 + i for i in range(9999))
    assert card["overview"]["departments"] == 1 and card["overview"]["datasets_with_api"] == 9999
    assert doc["datasets"][0]["metadata"]["distributions"][0]["url"].endswith("/dataset-0/exports/csv")


def test_dcat_us_data_json():
    with LocalServer({}) as srv:
        srv.routes["/data.json"] = lambda m, q: ok_json(dcat_json(5, srv.base))
        code, doc = portal_json("--source", srv.base + "/data.json")
    assert doc["portal"]["type"] == "dcat" and doc["portal"]["datasets"] == 5
    assert doc["scorecard"]["formats"] == {"CSV": 5} and doc["scorecard"]["updates"]["update_plans"] == {"R/P1Y": 5}


def test_dcat_ap_turtle_follows_hydra_pages():
    with LocalServer({}) as srv:
        srv.routes["/catalog.ttl"] = turtle_route(3, 4, lambda: srv.base)
        doc = audit(srv.base + "/catalog.ttl")
        assert srv.hits[("GET", "/catalog.ttl")] == 3
    assert doc["portal"]["type"] == "dcat" and doc["portal"]["declared_total"] == 12
    assert doc["portal"]["datasets"] == 12 and doc["scorecard"]["overview"]["departments"] == 1
    assert doc["scorecard"]["openness_stars"] == {"3": 12}


def test_a_catalogue_export_served_over_http():
    export = (
        "序号,所属部门,数据集名称,格式类型,更新日期\n1,市统计局,人口,csv,2026-11-01\n2,市交通委,公交,xlsx,2026-10-01\n"
    )
    with LocalServer({}) as srv:
        srv.routes["/export.csv"] = lambda m, q: (200, {"Content-Type": "text/csv"}, export.encode())
        doc = audit(srv.base + "/export.csv")
    assert doc["portal"]["type"] == "catalog" and doc["scorecard"]["overview"]["datasets"] == 2
    assert doc["scorecard"]["formats"] == {"CSV": 1, "XLSX": 1}


def test_a_local_folder_with_sidecars_is_a_portal(tmp_path):
    from conftest import write_file

    write_file(tmp_path, "人口.csv", "区,人口\n海淀,100\n")
    write_file(
        tmp_path, "人口.csv.meta.yaml", "数据名称: 人口\n数据提供方: 市统计局\n更新频率: 每年\n更新时间: 2026-03-01\n"
    )
    write_file(tmp_path, "公交.csv", "站,线\n火车站,1路\n")
    code, doc = portal_json("--source", tmp_path, "--download")
    assert doc["portal"]["type"] == "folder" and doc["portal"]["datasets"] == 2
    assert doc["scorecard"]["overview"]["departments"] == 1 and doc["scorecard"]["counts"]["missing_frequency"] == 1
    kinds = sorted(bool(d["tables"]) for d in doc["datasets"])
    assert kinds == [False, False, True, True], "two catalogue entries and two audited files"


def test_the_report_validates_against_the_schema():
    schema = json.loads(run_cli("schema", "report").output)
    packages = [ckan_package(i) for i in range(30)]
    with LocalServer({"/api/3/action/package_search": ckan_route(packages), "/files/data-1.csv": csv_file}) as srv:
        doc = audit(srv.base + "/api/3/action/package_search", download=True, limit=3)
    jsonschema.Draft202012Validator(schema).validate(doc)


def jsonld_page(page: int, base: str) -> dict:
    """A DCAT-AP JSON-LD page with an inline @context and a hydra:next link on the collection view."""
    context = {
        "dcat": "http://www.w3.org/ns/dcat#",
        "dct": "http://purl.org/dc/terms/",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "hydra": "http://www.w3.org/ns/hydra/core#",
    }
    graph = [
        {
            "@id": f"{base}/ds/{page}-{i}",
            "@type": "dcat:Dataset",
            "dct:title": f"Dataset {page}-{i}",
            "dct:publisher": {"@type": "foaf:Agent", "foaf:name": "统计局"},
            "dct:modified": "2026-10-01",
            "dcat:distribution": {
                "@type": "dcat:Distribution",
                "dcat:downloadURL": {"@id": f"{base}/files/{page}-{i}.json"},
                "dcat:mediaType": "application/json",
            },
        }
        for i in range(3)
    ]
    view = {"@id": f"{base}/catalog.jsonld?page={page}", "@type": "hydra:PartialCollectionView"}
    if page == 1:
        view["hydra:next"] = {"@id": f"{base}/catalog.jsonld?page=2"}
    return {"@context": context, "@graph": graph + [view]}


def test_dcat_json_ld_follows_hydra_next():
    with LocalServer({}) as srv:
        srv.routes["/catalog.jsonld"] = lambda m, q: ok_json(jsonld_page(2 if "page=2" in q else 1, srv.base))
        doc = audit(srv.base + "/catalog.jsonld")
        assert srv.hits[("GET", "/catalog.jsonld")] == 2
    assert doc["portal"]["type"] == "dcat" and doc["portal"]["datasets"] == 6
    assert doc["scorecard"]["formats"] == {"JSON": 6} and doc["scorecard"]["departments"]["most"][0]["datasets"] == 6


def test_json_ld_with_a_remote_context_is_refused_without_the_network():
    remote = {"@context": "https://example.org/dcat-context.jsonld", "@graph": []}
    with LocalServer({"/catalog.jsonld": lambda m, q: ok_json(remote)}) as srv:
        doc = audit(srv.base + "/catalog.jsonld")
    assert doc["portal"]["reachable"] is False and "inline @context" in doc["portal"]["error"]
