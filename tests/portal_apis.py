"""Catalogue APIs shaped like the real ones, served by tests/portal_server.LocalServer.

Field names and envelopes follow the anchors (portals_and_metadata_quality.md §4):
CKAN package_search (rows/start, result.count), Socrata Discovery (limit/offset,
resultSetSize, domain_metadata), OpenDataSoft Explore v2.1 (limit/offset,
total_count, metas.default) and DCAT (data.json; Turtle pages linked by
hydra:nextPage). Routes are plain callables `(method, query) -> (status, headers, body)`.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

JSON = {"Content-Type": "application/json; charset=utf-8"}
DEPARTMENTS = ["市统计局", "市交通委", "市生态环境局", "市教育局"]
FREQUENCIES = ["每月", "每日", "每年", "不定期", None]


def _query(query: str) -> dict:
    return {k: v[-1] for k, v in parse_qs(query).items()}


def ok_json(doc) -> tuple[int, dict, bytes]:
    return 200, JSON, json.dumps(doc, ensure_ascii=False).encode("utf-8")


def ckan_package(i: int, base: str = "http://127.0.0.1", resources: list[dict] | None = None) -> dict:
    """One package as package_search returns it; modified dates spread over 2026."""
    freq = FREQUENCIES[i % len(FREQUENCIES)]
    dept = DEPARTMENTS[i % len(DEPARTMENTS)]
    return {
        "id": f"0000-{i:06d}",
        "name": f"dataset-{i}",
        "title": f"数据集 {i}",
        "notes": "说明",
        "state": "active",
        "type": "dataset",
        "private": False,
        "license_id": "cc-by" if i % 3 else "notspecified",
        "license_title": "Creative Commons Attribution" if i % 3 else "License not specified",
        "metadata_created": "2021-03-02T10:11:12.000000",
        "metadata_modified": f"2026-{1 + i % 11:02d}-15T08:00:00.000000",
        "owner_org": f"org-{i % len(DEPARTMENTS)}",
        "organization": {
            "id": f"org-{i % len(DEPARTMENTS)}",
            "name": f"org-{i % len(DEPARTMENTS)}",
            "title": dept if i % 7 else f" {dept}\u3000",
            "type": "organization",
            "is_organization": True,
        },
        "extras": [{"key": "frequency", "value": freq}] if freq else [],
        "num_resources": 1,
        "num_tags": 1,
        "tags": [{"name": "城市"}],
        "groups": [{"name": "economy", "title": "经济建设" if i % 2 else "交通服务"}],
        "resources": resources
        if resources is not None
        else [
            {
                "id": f"r-{i}",
                "package_id": f"0000-{i:06d}",
                "name": f"data-{i}.csv",
                "format": "CSV" if i % 4 else "XLS",
                "mimetype": "text/csv" if i % 4 else None,
                "url": f"{base}/files/data-{i}.csv",
                "last_modified": f"2026-{1 + i % 11:02d}-10T00:00:00",
                "datastore_active": i % 5 == 0,
            }
        ],
    }


def ckan_route(packages: list[dict], max_rows: int = 1000):
    """package_search over `packages`, paged by rows/start like CKAN (rows capped at max_rows)."""

    def route(method, query):
        q = _query(query)
        rows, start = min(int(q.get("rows", 10)), max_rows), int(q.get("start", 0))
        return ok_json(
            {
                "help": "http://127.0.0.1/api/3/action/help_show?name=package_search",
                "success": True,
                "result": {
                    "count": len(packages),
                    "sort": "score desc, metadata_modified desc",
                    "facets": {},
                    "search_facets": {},
                    "results": packages[start : start + rows],
                },
            }
        )

    return route


def socrata_result(i: int) -> dict:
    return {
        "resource": {
            "name": f"Dataset {i}",
            "id": f"ab{i:02d}-cd{i:02d}",
            "type": "dataset",
            "description": "...",
            "attribution": None,
            "updatedAt": "2026-11-20T10:35:42.000Z",
            "createdAt": "2015-09-30T17:08:23.000Z",
            "metadata_updated_at": "2026-11-20T10:35:42.000Z",
            "data_updated_at": f"2026-{1 + i % 11:02d}-25T10:35:42.000Z",
            "download_count": 100 + i,
            "provenance": "official",
            "publication_date": "2016-05-03T22:59:56.000Z",
        },
        "classification": {
            "categories": [],
            "tags": [],
            "domain_category": "Transportation",
            "domain_tags": ["bus"],
            "domain_metadata": [
                {"key": "Update_Update-Frequency", "value": "Daily" if i % 2 else "Monthly"},
                {
                    "key": "Dataset-Information_Agency",
                    "value": "Department of Education (DOE)" if i % 2 else "Department of Transportation",
                },
            ],
        },
        "metadata": {"domain": "data.example.gov", "license": "Public Domain"},
        "permalink": f"https://data.example.gov/d/ab{i:02d}-cd{i:02d}",
        "link": f"https://data.example.gov/Transportation/Dataset-{i}/ab{i:02d}-cd{i:02d}",
        "owner": {"id": "5fuc-pqz2", "user_type": "interactive", "display_name": "Open Data"},
    }


def socrata_route(results: list[dict]):
    def route(method, query):
        q = _query(query)
        limit, offset = int(q.get("limit", 100)), int(q.get("offset", 0))
        return ok_json(
            {
                "results": results[offset : offset + limit],
                "resultSetSize": len(results),
                "timings": {"serviceMillis": 42, "searchMillis": [5, 10]},
                "warnings": [],
            }
        )

    return route


def ods_result(i: int) -> dict:
    return {
        "dataset_id": f"dataset-{i}",
        "dataset_uid": f"da_{i:06d}",
        "attachments": [],
        "has_records": True,
        "data_visible": True,
        "features": ["analyze"],
        "fields": [],
        "metas": {
            "default": {
                "title": f"Dataset {i}",
                "records_count": 1000 + i,
                "modified": "2026-11-23T14:59:57+00:00",
                "data_processed": f"2026-{1 + i % 11:02d}-15T07:49:01+00:00",
                "metadata_processed": "2026-11-23T15:00:02+00:00",
                "publisher": "Direction de la Voirie",
                "license": "Open Licence 2.0",
                "keyword": ["voirie"],
                "theme": ["Transport"],
                "language": "fr",
            },
            "dcat": {"accrualperiodicity": "http://publications.europa.eu/resource/authority/frequency/MONTHLY"},
        },
    }


def ods_route(results: list[dict], seen_limits: list | None = None):
    """Explore v2.1: limit ≤ 100 and offset + limit < 10,000, or a 400 like the real API."""

    def route(method, query):
        q = _query(query)
        limit, offset = int(q.get("limit", 10)), int(q.get("offset", 0))
        if seen_limits is not None:
            seen_limits.append((offset, limit))
        if limit > 100 or offset + limit >= 10000:
            return 400, JSON, json.dumps({"error_code": "InvalidRESTParameterError"}).encode()
        return ok_json({"total_count": len(results), "results": results[offset : offset + limit]})

    return route


def dcat_json(n: int, base: str) -> dict:
    return {
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "dataset": [
            {
                "@type": "dcat:Dataset",
                "identifier": f"d{i}",
                "title": f"Widget statistics {i}",
                "description": "Widgets",
                "keyword": ["widget"],
                "modified": "2026-10-19",
                "publisher": {"@type": "org:Organization", "name": "Widget Services"},
                "accrualPeriodicity": "R/P1Y",
                "accessLevel": "public",
                "license": "http://creativecommons.org/publicdomain/zero/1.0/",
                "distribution": [{"downloadURL": f"{base}/files/w{i}.csv", "mediaType": "text/csv"}],
            }
            for i in range(n)
        ],
    }


def dcat_turtle_page(page: int, pages: int, per_page: int, base: str) -> bytes:
    """A DCAT-AP Turtle page with ckanext-dcat's hydra:PagedCollection links."""
    lines = [
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .",
        "@prefix hydra: <http://www.w3.org/ns/hydra/core#> .",
        "",
        f"<{base}/catalog.ttl?page={page}> a hydra:PagedCollection ;",
        f"    hydra:totalItems {pages * per_page} ;",
        f"    hydra:itemsPerPage {per_page} ;",
    ]
    if page < pages:
        lines.append(f'    hydra:nextPage "{base}/catalog.ttl?page={page + 1}" ;')
    lines += [f'    hydra:firstPage "{base}/catalog.ttl?page=1" .', ""]
    for i in range((page - 1) * per_page, page * per_page):
        lines += [
            f"<{base}/dataset/{i}> a dcat:Dataset ;",
            f'    dct:identifier "ds-{i}" ;',
            f'    dct:title "Dataset {i}"@en ;',
            '    dct:publisher [ a foaf:Agent ; foaf:name "Ministry of Data" ] ;',
            '    dct:modified "2026-11-01" ;',
            "    dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/ANNUAL> ;",
            f"    dcat:distribution <{base}/dataset/{i}/csv> .",
            f"<{base}/dataset/{i}/csv> a dcat:Distribution ;",
            f"    dcat:downloadURL <{base}/files/ds-{i}.csv> ;",
            "    dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> .",
            "",
        ]
    return "\n".join(lines).encode("utf-8")


def turtle_route(pages: int, per_page: int, base_of):
    def route(method, query):
        page = int(_query(query).get("page", 1))
        return 200, {"Content-Type": "text/turtle"}, dcat_turtle_page(page, pages, per_page, base_of())

    return route


def csv_file(method, query):
    return 200, {"Content-Type": "text/csv"}, "区,人口,更新日期\n海淀,100,2026-11-01\n朝阳,200,2026-11-01\n".encode()
