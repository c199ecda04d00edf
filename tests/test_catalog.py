"""Metadata catalogues: one dataset result per entry, with the metadata-level rules only."""

from __future__ import annotations

import json

import jsonschema
from conftest import audit_json, codes, findings, run_cli, write_file

from auditor.metadata.catalog import json_catalog
from auditor.metadata.formats import distribution_format

DATA_JSON = {
    "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
    "@type": "dcat:Catalog",
    "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
    "dataset": [
        {
            "@type": "dcat:Dataset",
            "identifier": "budget-2026",
            "title": "City Budget",
            "description": "Annual budget",
            "accessLevel": "public",
            "accrualPeriodicity": "R/P1Y",
            "modified": "2026-01-15",
            "issued": "2020-03-01",
            "keyword": ["budget", "finance"],
            "publisher": {"@type": "org:Organization", "name": "Finance Bureau"},
            "contactPoint": {"@type": "vcard:Contact", "fn": "Open Data Team", "hasEmail": "mailto:open@x.gov"},
            "license": "http://creativecommons.org/publicdomain/zero/1.0/",
            "distribution": [
                {"@type": "dcat:Distribution", "downloadURL": "https://x.gov/budget.csv", "mediaType": "text/csv"},
                {"@type": "dcat:Distribution", "downloadURL": "https://x.gov/budget.xlsx", "format": "XLSX"},
            ],
        },
        {
            "@type": "dcat:Dataset",
            "identifier": "permits",
            "title": "Building permits",
            "accessLevel": "restricted public",
            "modified": "2025-12-01",
            "publisher": {"name": "Housing Bureau"},
            "distribution": [{"accessURL": "https://x.gov/permits.pdf", "format": "PDF"}],
        },
        {"@type": "dcat:Dataset", "title": "Untitled gap", "modified": "2025-01-01", "keyword": []},
    ],
}


def test_dcat_us_data_json_yields_one_result_per_dataset(tmp_path):
    path = write_file(tmp_path, "data.json", json.dumps(DATA_JSON))
    code, report = audit_json(path)
    datasets = report["datasets"]
    assert [d["source"] for d in datasets] == [f"{path}#budget-2026", f"{path}#permits", f"{path}#3"]
    assert {d["format"] for d in datasets} == {"json"}
    first = datasets[0]["metadata"]
    assert first["title"] == "City Budget" and first["publisher"] == "Finance Bureau"
    assert first["frequency"] == "R/P1Y" and first["modified"] == "2026-01-15" and first["issued"] == "2020-03-01"
    assert first["licence"].startswith("http://creativecommons.org") and first["open_condition"] == "unconditional"
    assert first["keywords"] == ["budget", "finance"] and first["contact_present"] is True
    assert first["distributions"][0] == {
        "url": "https://x.gov/budget.csv",
        "format": None,
        "media_type": "text/csv",
        "title": None,
    }
    assert datasets[1]["metadata"]["open_condition"] == "conditional"
    # catalogue entries have no rows: only metadata-level rules run
    assert all(d["tables"] == [] for d in datasets)
    assert not {"CP001", "CP007", "MR001"} & set().union(*(codes(report, i) for i in range(3)))


def test_catalogue_entries_get_metadata_findings_one_field_at_a_time(tmp_path):
    code, report = audit_json(write_file(tmp_path, "data.json", json.dumps(DATA_JSON)))
    assert "CP005" not in codes(report, 0)
    missing = {f["data"]["field"] for f in findings(report, "CP005", 1)}
    assert missing == {"frequency", "licence"}
    gap = {f["data"]["field"]: f["severity"] for f in findings(report, "CP005", 2)}
    assert gap["publisher"] == "error"
    assert code == 1


def test_openness_of_distributions_and_stars(tmp_path):
    code, report = audit_json(write_file(tmp_path, "data.json", json.dumps(DATA_JSON)))
    budget, permits, gap = report["datasets"]
    assert budget["openness_stars"] == 3 and "MR020" not in codes(report, 0)
    assert permits["openness_stars"] == 1
    (mr020,) = findings(report, "MR020", 1)
    assert mr020["severity"] == "error" and "PDF" in mr020["message"]
    assert gap["openness_stars"] == 0
    assert "lists no distribution" in findings(report, "MR021", 2)[0]["message"]


def test_catalogue_report_validates_against_the_schema(tmp_path):
    code, report = audit_json(write_file(tmp_path, "data.json", json.dumps(DATA_JSON)))
    schema = json.loads(run_cli("schema", "report").stdout)
    jsonschema.validate(report, schema)


CKAN_SEARCH = {
    "help": "http://localhost/api/3/action/help_show?name=package_search",
    "success": True,
    "result": {
        "count": 2,
        "sort": "score desc",
        "facets": {},
        "search_facets": {},
        "results": [
            {
                "id": "3f9a",
                "name": "street-trees",
                "title": "Street Trees",
                "notes": "Inventory",
                "license_id": "cc-by",
                "license_title": "Creative Commons Attribution",
                "metadata_created": "2021-03-02T10:11:12",
                "metadata_modified": "2024-01-15T08:00:00",
                "organization": {"name": "parks-department", "title": "Parks Department"},
                "extras": [
                    {"key": "frequency", "value": "http://publications.europa.eu/resource/authority/frequency/MONTHLY"},
                    {"key": "开放条件", "value": "无条件开放"},
                ],
                "tags": [{"name": "trees", "display_name": "trees"}],
                "num_resources": 1,
                "resources": [
                    {
                        "url": "http://localhost/trees.csv",
                        "format": "CSV",
                        "mimetype": "text/csv",
                        "name": "trees.csv",
                        "last_modified": "2023-11-30T00:00:00",
                    }
                ],
            },
            {
                "id": "77aa",
                "name": "floods",
                "title": "Flood events",
                "license_id": "notspecified",
                "license_title": "License not specified",
                "metadata_modified": "2020-05-01T00:00:00",
                "data_update_frequency": "7",
                "organization": {"title": "Water Office"},
                "resources": [{"url": "http://localhost/floods.xls", "format": "XLS"}],
            },
        ],
    },
}


def test_ckan_package_search_maps_frequency_publisher_and_resources(tmp_path):
    path = write_file(tmp_path, "package_search.json", json.dumps(CKAN_SEARCH, ensure_ascii=False))
    code, report = audit_json(path)
    trees, floods = report["datasets"]
    assert trees["source"].endswith("#street-trees") and floods["source"].endswith("#floods")
    meta = trees["metadata"]
    assert meta["publisher"] == "Parks Department"
    assert meta["frequency"].endswith("/frequency/MONTHLY")
    assert meta["modified"] == "2024-01-15T08:00:00+00:00" and meta["issued"] == "2021-03-02T10:11:12+00:00"
    assert meta["licence"] == "Creative Commons Attribution"
    assert meta["open_condition"] == "unconditional"  # from a Chinese extras key
    assert meta["distributions"][0]["modified"] == "2023-11-30T00:00:00+00:00"
    assert floods["metadata"]["frequency"] == "7"  # HDX days, left for the frequency vocabulary
    assert floods["metadata"]["licence"] is None  # "License not specified" is no licence
    assert "licence" in {f["data"]["field"] for f in findings(report, "CP005", 1)}
    assert findings(report, "MR020", 1)[0]["severity"] == "info"  # XLS only: proprietary, 2 stars
    assert [d["openness_stars"] for d in report["datasets"]] == [3, 2]


def test_ckan_package_show_and_hdx_sentinels():
    show = {
        "success": True,
        "result": {
            "name": "alerts",
            "title": "Alerts",
            "data_update_frequency": "-2",
            "resources": [],
            "metadata_modified": "2024-01-01",
        },
    }
    kind, entries = json_catalog(show, "show.json")
    assert kind == "ckan"
    ((entry_id, meta),) = entries
    assert entry_id == "alerts" and meta.frequency == "irregular"


def test_socrata_view_metadata(tmp_path):
    view = {
        "id": "vw6y-z8j6",
        "name": "311 Cases",
        "assetType": "dataset",
        "category": "City Infrastructure",
        "attribution": "San Francisco 311",
        "licenseId": "PDDL",
        "license": {"name": "Open Data Commons Public Domain Dedication and License"},
        "createdAt": 1318104077,
        "publicationDate": 1726119053,
        "rowsUpdatedAt": 1726242789,
        "viewLastModified": 1726242764,
        "tags": ["311"],
        "viewType": "tabular",
        "metadata": {
            "custom_fields": {
                "Publishing Details": {
                    "Data change frequency": "Multiple times per hour",
                    "Publishing frequency": "Daily",
                }
            }
        },
    }
    code, report = audit_json(write_file(tmp_path, "view.json", json.dumps(view)))
    (ds,) = report["datasets"]
    assert ds["source"].endswith("#vw6y-z8j6") and ds["format"] == "json"
    meta = ds["metadata"]
    assert meta["frequency"] == "Daily"  # the publishing frequency, not the data change one
    assert meta["modified"] == "2024-09-13T15:53:09+00:00"  # rowsUpdatedAt, the data's own time
    assert meta["publisher"] == "San Francisco 311"
    assert ds["openness_stars"] == 3


def test_plain_record_lists_are_not_catalogues(tmp_path):
    rows = [
        {"name": "a", "title": "x", "modified": "2024-01-01"},
        {"name": "b", "title": "y", "modified": "2024-01-02"},
    ]
    assert json_catalog(rows, "rows.json") is None
    assert json_catalog({"dataset": [{"name": "a"}, {"name": "b"}]}, "d.json") is None
    code, report = audit_json(write_file(tmp_path, "rows.json", json.dumps(rows)))
    assert report["datasets"][0]["tables"][0]["rows"] == 2


DCAT_TURTLE = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://data.example.org/> .

ex:catalog a dcat:Catalog ; dcat:dataset ex:air, ex:buses .

ex:air a dcat:Dataset ;
    dct:identifier "air-quality" ;
    dct:title "Air quality"@en, "空气质量"@zh ;
    dct:publisher ex:epb ;
    dct:issued "2019-01-01"^^xsd:date ;
    dct:modified "2026-10-01T08:00:00+08:00"^^xsd:dateTime ;
    dct:accrualPeriodicity ex:air-frequency ;
    dct:accessRights <http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;
    dcat:keyword "air"@en, "空气"@zh ;
    dcat:distribution ex:air-xls, ex:air-csv .
ex:epb a skos:Concept ; skos:prefLabel "生态环境局"@zh .
ex:air-frequency a dct:Frequency ; rdf:value ex:air-duration .
ex:air-duration a time:DurationDescription ; time:months 1.0 .
ex:air-xls a dcat:Distribution ; dcat:accessURL <https://data.example.org/air.xls> ;
    dct:format ex:air-xls-format ; dct:license <https://creativecommons.org/licenses/by/4.0/> .
ex:air-xls-format a dct:IMT ; rdfs:label "XLS" ; rdf:value "application/vnd.ms-excel" .
ex:air-csv a dcat:Distribution ; dcat:downloadURL <https://data.example.org/air.csv> ;
    dcat:mediaType <http://www.iana.org/assignments/media-types/text/csv> .

ex:buses a dcat:Dataset ;
    dct:title "Bus stops" ;
    dct:publisher [ a foaf:Agent ; foaf:name "Transport Office" ] ;
    dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/WEEKLY> ;
    dct:modified "2020-01-01"^^xsd:date ;
    dcat:distribution [ a dcat:Distribution ; dcat:downloadURL <https://data.example.org/stops.pdf> ;
                        dct:format <http://publications.europa.eu/resource/authority/file-type/PDF> ] .
"""


def _dcat_entries(report):
    return {d["source"].rsplit("#", 1)[1]: d for d in report["datasets"]}


def test_dcat_turtle_catalogue_resolves_nodes_to_metadata(tmp_path):
    code, report = audit_json(write_file(tmp_path, "catalog.ttl", DCAT_TURTLE))
    entries = _dcat_entries(report)
    assert set(entries) == {"air-quality", "https://data.example.org/buses"}
    air = entries["air-quality"]
    assert air["format"] == "turtle"
    meta = air["metadata"]
    assert meta["title"] == "空气质量"  # Chinese preferred over English
    assert meta["publisher"] == "生态环境局"
    assert meta["frequency"] == "R/P1M"  # dct:Frequency → time:DurationDescription
    assert meta["modified"] == "2026-10-01T08:00:00+08:00" and meta["issued"] == "2019-01-01"
    assert meta["licence"] == "https://creativecommons.org/licenses/by/4.0/"  # from the distribution
    assert meta["open_condition"] == "unconditional"
    formats = {distribution_format(d) for d in meta["distributions"]}
    assert formats == {"xls", "csv"}
    xls = next(d for d in meta["distributions"] if d["format"] == "XLS")
    assert xls["media_type"] == "application/vnd.ms-excel"
    assert air["openness_stars"] == 3
    buses = entries["https://data.example.org/buses"]["metadata"]
    assert buses["publisher"] == "Transport Office"
    assert buses["frequency"].endswith("/frequency/WEEKLY")
    assert findings(report, "MR020", list(entries).index("https://data.example.org/buses"))[0]["severity"] == "error"


def test_dcat_in_rdf_xml_and_jsonld_gives_the_same_entries(tmp_path):
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=DCAT_TURTLE, format="turtle")
    for syntax, name in (("xml", "catalog.rdf"), ("json-ld", "catalog.jsonld")):
        code, report = audit_json(write_file(tmp_path, name, graph.serialize(format=syntax)))
        entries = _dcat_entries(report)
        assert set(entries) == {"air-quality", "https://data.example.org/buses"}, syntax
        assert entries["air-quality"]["metadata"]["frequency"] == "R/P1M"
        assert entries["air-quality"]["metadata"]["publisher"] == "生态环境局"


def test_catalogue_inside_a_zip_is_expanded_too(tmp_path):
    import zipfile

    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("data.json", json.dumps(DATA_JSON))
    code, report = audit_json(archive)
    assert [d["source"] for d in report["datasets"]][:1] == [f"{archive}!/data.json#budget-2026"]


def test_odd_shapes_real_catalogues_use_are_read_not_crashed_on():
    single_distribution = {
        "dataset": [
            {
                "title": "a",
                "modified": "2024-01-01",
                "distribution": {"downloadURL": "https://x.gov/a.csv"},
                "publisher": [{"name": "P"}],
                "keyword": "a, b",
            },
            {"title": "b", "identifier": 5, "accrualPeriodicity": None, "distribution": [None, "x"]},
        ]
    }
    kind, entries = json_catalog(single_distribution, "d.json")
    assert kind == "dcat-us"
    (first_id, first), (second_id, _) = entries
    assert (first_id, second_id) == ("1", "5")
    assert first.publisher == "P" and first.keywords == ["a", "b"]
    assert [distribution_format(d) for d in first.distributions] == ["csv"]
    ckan = {
        "success": True,
        "result": {
            "results": [
                {
                    "name": "p",
                    "resources": [None, {"url": None}],
                    "organization": "Water Office",
                    "tags": ["t1", None],
                    "extras": {"update_frequency": "daily"},
                }
            ]
        },
    }
    kind, ((entry_id, meta),) = json_catalog(ckan, "s.json")
    assert (kind, entry_id, meta.publisher, meta.frequency, meta.keywords) == (
        "ckan",
        "p",
        "Water Office",
        "daily",
        ["t1"],
    )


def test_ckan_timestamps_are_read_as_utc(tmp_path):
    """CKAN stores metadata_modified in UTC without an offset; 2026-11-27T20:00 UTC is 11-28 in Shanghai."""
    import json as _json

    from conftest import audit_json, write_file

    pkg = {
        "name": "p",
        "title": "T",
        "organization": {"title": "Org"},
        "metadata_modified": "2026-11-27T20:00:00.000000",
        "frequency": "daily",
        "license_id": "cc-by",
        "resources": [{"url": "http://x.test/a.csv", "format": "CSV"}],
    }
    doc = {"success": True, "result": {"count": 1, "results": [pkg]}}
    _, report = audit_json(write_file(tmp_path, "ckan.json", _json.dumps(doc)))
    entry = report["datasets"][0]
    assert entry["metadata"]["modified"].endswith("+00:00")
    assert entry["timeliness"]["last_modified"].startswith("2026-11-28")
