"""Real API shapes read right (issue 13, item 5), each served on loopback as the real API answers.

Socrata Discovery results whose distribution is the SODA export (never the landing page) and
whose frequencies are phrases in several languages; CKAN packages with extras as JSON strings and
DCAT-AP fields (ckanext-dcat / ckanext-scheming); one format or frequency written as a word, a code
and a URI counted as one row; naive timestamps in the portal's timezone, else UTC.
"""
from __future__ import annotations

import json
import re

from conftest import run_cli
from portal_apis import JSON, ckan_package, ok_json, socrata_result, socrata_route
from portal_server import LocalServer

AS_OF = "2026-11-28"
PHRASES = ["Updated daily", "Data are updated daily", "Giornaliera", "Diària", "Diario", "Quotidien", "Täglich",
           "Daily beginning 7/1/19; twice weekly previously"]
EU = "http://publications.europa.eu/resource/authority"


def portal_json(*args) -> tuple[int, dict]:
    result = run_cli("portal", *args, "--format", "json", "--as-of", AS_OF)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def _socrata(base: str) -> list[dict]:
    host = base.split("://", 1)[1]
    out = []
    for i, phrase in enumerate(PHRASES):
        r = socrata_result(i)
        r["metadata"]["domain"] = host
        r["link"] = f"{base}/Transportation/Dataset-{i}/ab{i:02d}-cd{i:02d}"
        r["permalink"] = f"{base}/d/ab{i:02d}-cd{i:02d}"
        r["classification"]["domain_metadata"][0]["value"] = phrase
        r["resource"]["data_updated_at"] = "2026-11-27T10:00:00.000Z"
        out.append(r)
    return out


def test_socrata_distribution_is_the_soda_export_and_frequency_phrases_are_daily():
    holder: dict = {}
    csv = (200, {"Content-Type": "text/csv"}, b"route,riders\n1,200\n")
    landing = (200, {"Content-Type": "text/html"}, b"<html><body>landing page</body></html>")
    routes = {"/api/catalog/v1": lambda m, q: socrata_route(_socrata(holder["base"]))(m, q)}
    routes.update({f"/resource/ab{i:02d}-cd{i:02d}.csv": (lambda m, q: csv) for i in range(len(PHRASES))})
    routes.update({f"/Transportation/Dataset-{i}/ab{i:02d}-cd{i:02d}": (lambda m, q: landing)
                   for i in range(len(PHRASES))})
    with LocalServer(routes) as server:
        holder["base"] = server.base
        _, doc = portal_json("--source", f"{server.base}/api/catalog/v1", "--type", "socrata", "--download")
    entries = [d for d in doc["datasets"] if "<" not in d["source"]]
    files = [d for d in doc["datasets"] if "<" in d["source"]]
    assert len(entries) == len(PHRASES) and len(files) == len(PHRASES)
    assert all(d["metadata"]["distributions"][0]["url"].endswith(f"/resource/{d['source'].rsplit('#', 1)[1]}.csv")
               for d in entries)
    assert {d["format"] for d in files} == {"csv"}, "the export is data, not the HTML landing page (MR003)"
    assert all(not any(f["code"] == "MR003" for f in d["findings"]) for d in files)
    assert [d["timeliness"]["frequency_normalised"] for d in entries] == ["P1D"] * len(PHRASES)
    assert doc["scorecard"]["updates"]["update_plans_in_use"] == 1
    landings = [link for d in entries for link in d["metadata"]["distributions"]]
    assert all("/Transportation/" not in (link["url"] or "") for link in landings)


def _ckan_dcat_ap(i: int, base: str) -> dict:
    """A ckanext-dcat harvested package: no organisation, a person as author, structured extras as JSON text."""
    pkg = ckan_package(i, base)
    pkg.pop("organization")
    pkg["owner_org"] = None
    pkg["author"] = "Jane Doe"
    pkg["maintainer"] = "Wang Fang"
    pkg["groups"] = []
    pkg["license_id"], pkg["license_title"] = "", ""
    formats = ["CSV", "text/csv", f"{EU}/file-type/CSV"]
    frequencies = ["monthly", "MONTHLY", f"{EU}/frequency/MONTHLY"]
    pkg["resources"][0]["format"] = formats[i % 3]
    pkg["resources"][0]["mimetype"] = None
    pkg["resources"][0]["license"] = f"{EU}/licence/CC_BY_4_0" if i % 3 == 2 else None
    pkg["extras"] = [
        {"key": "frequency", "value": frequencies[i % 3]},
        {"key": "publisher", "value": json.dumps({"name": "Agency of Transport", "email": "x@example.org"})},
        {"key": "theme", "value": json.dumps([f"{EU}/data-theme/TRAN"])},
        {"key": "licence", "value": "[]"},
    ]
    return pkg


def test_ckan_extras_as_json_strings_and_dcat_ap_fields():
    holder: dict = {}

    def search(method, query):
        pkgs = [_ckan_dcat_ap(i, holder["base"]) for i in range(6)]
        return ok_json({"success": True, "result": {"count": len(pkgs), "results": pkgs}})

    with LocalServer({"/api/3/action/package_search": search}) as server:
        holder["base"] = server.base
        _, doc = portal_json("--source", server.base, "--type", "ckan")
    card = doc["scorecard"]
    metas = [d["metadata"] for d in doc["datasets"]]
    assert {m["publisher"] for m in metas} == {"Agency of Transport"}, "never the author's personal name"
    assert "Jane Doe" not in json.dumps(card, ensure_ascii=False)
    assert {m["theme"] for m in metas} == {f"{EU}/data-theme/TRAN"}
    licences = [m["licence"] for m in metas]
    assert licences.count(None) == 4 and licences.count(f"{EU}/licence/CC_BY_4_0") == 2, "'[]' is no licence"
    assert card["formats"] == {"CSV": 6}, "word, media type and EU URI are one row of Table 5"
    assert card["updates"]["update_plans"] == {"monthly": 6}, "word, code and URI are one row of Table 3"


def _data_json(modified: str) -> bytes:
    return json.dumps({"conformsTo": "https://project-open-data.cio.gov/v1.1/schema", "dataset": [
        {"identifier": "d1", "title": "Widgets", "publisher": {"name": "Widget Services"}, "modified": modified,
         "accrualPeriodicity": "R/P1D", "distribution": [{"downloadURL": "http://127.0.0.1/w.csv",
                                                          "mediaType": "text/csv"}]}]}).encode()


def test_naive_timestamps_are_utc_without_a_city_and_local_with_one():
    body = _data_json("2026-11-27T23:30:00")
    with LocalServer({"/data.json": lambda m, q: (200, JSON, body)}) as server:
        _, anywhere = portal_json("--source", f"{server.base}/data.json", "--type", "dcat")
        _, beijing = portal_json("--city", "beijing", "--source", f"{server.base}/data.json", "--type", "dcat")
    assert anywhere["portal"]["timezone"] == "UTC"
    assert anywhere["datasets"][0]["timeliness"]["last_modified"] == "2026-11-27T23:30:00+00:00"
    assert beijing["portal"]["timezone"] == "Asia/Shanghai"
    assert beijing["datasets"][0]["timeliness"]["last_modified"] == "2026-11-27T23:30:00+08:00"


def test_ckan_showcases_count_as_the_seeds_apps_and_their_absence_is_said():
    def search(method, query):
        return ok_json({"success": True, "result": {"count": 2, "results": [ckan_package(i) for i in range(2)]}})

    def showcases(method, query):
        return ok_json({"success": True, "result": [{"name": f"app-{i}", "type": "showcase"} for i in range(3)]})

    with LocalServer({"/api/3/action/package_search": search,
                      "/api/3/action/ckanext_showcase_list": showcases}) as server:
        _, with_apps = portal_json("--source", server.base, "--type", "ckan")
        text = run_cli("portal", "--source", server.base, "--type", "ckan", "--as-of", AS_OF, "--no-color").stdout
    assert with_apps["scorecard"]["engagement"] == {"apps": 3, "apps_from": "ckanext_showcase_list",
                                                    "interactions": None}
    assert "Table 6 · Apps built on the data" in text and re.search(r"\n  apps +3 ", text)
    with LocalServer({"/api/3/action/package_search": search}) as server:  # no ckanext-showcase: 404
        _, without = portal_json("--source", server.base, "--type", "ckan")
        text = run_cli("portal", "--source", server.base, "--type", "ckan", "--as-of", AS_OF, "--no-color").stdout
    assert without["scorecard"]["engagement"]["apps"] is None
    assert "cannot be measured from the catalogue" in text


def test_compare_marks_a_figure_each_portal_measures_differently(tmp_path):
    def search(method, query):
        return ok_json({"success": True, "result": {"count": 2, "results": [ckan_package(i) for i in range(2)]}})

    ckan, demo = tmp_path / "ckan.json", tmp_path / "demo.json"
    with LocalServer({"/api/3/action/package_search": search}) as server:
        run_cli("portal", "--source", server.base, "--type", "ckan", "--as-of", AS_OF, "--format", "json", "-o", ckan)
    run_cli("portal", "--city", "demo", "--as-of", AS_OF, "--format", "json", "-o", demo)
    table = json.loads(run_cli("compare", demo, ckan, "--format", "json").stdout)
    rows = {r["figure"]: r for r in table["rows"]}
    assert rows["apis"]["measured"] == ["api_called", "api_resource"], "an export's calls are not CKAN's API resources"
    text = run_cli("compare", demo, ckan).stdout
    assert "3 (api_called)" in text and "1 (api_resource)" in text
