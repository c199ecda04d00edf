"""JSON and catalogue shapes read as their publishers meant them (issue 11, items 6, 7, 9, 14)."""
from __future__ import annotations

import json
import zipfile

from conftest import audit_json, codes, findings, write_file

from auditor.metadata.catalog import localised_timestamp


def _table(report: dict, index: int = 0) -> dict:
    (table,) = report["datasets"][index]["tables"]
    return table


def test_array_of_arrays_takes_its_header_from_the_first_array(tmp_path):
    grid = [["区", "人口", "更新日期"], ["海淀", 100, "2026-01-01"], ["朝阳", 200], ["东城", 300, "2026-01-01"],
            ["西城", 400, "2026-01-01"]]
    code, report = audit_json(write_file(tmp_path, "grid.json", json.dumps(grid, ensure_ascii=False)))
    table = _table(report)
    assert table["columns"] == ["区", "人口", "更新日期"] and table["rows"] == 4
    (ragged,) = findings(report, "MR008")
    assert ragged["count"] == 1 and ragged["rows"] == [3]  # record 3: the second data array, one cell short
    assert "MR007" not in codes(report)


def test_an_envelope_of_arrays_is_a_grid_too(tmp_path):
    doc = {"data": [["name", "value"], ["a", 1], ["b", None], ["c", 3]]}
    code, report = audit_json(write_file(tmp_path, "env.json", json.dumps(doc)))
    table = _table(report)
    assert table["columns"] == ["name", "value"] and table["rows"] == 3


def _socrata_view(**more) -> dict:
    view = {"id": "ab12-cd34", "name": "Permits", "attribution": "Housing Bureau", "viewType": "tabular",
            "rowsUpdatedAt": 1764288000, "licenseId": "CC0_10",
            "metadata": {"custom_fields": {"Refresh": {"Update Frequency": "Monthly"}}},
            "columns": [{"id": -1, "name": "sid", "fieldName": ":sid", "position": 0},
                        {"id": -1, "name": "id", "fieldName": ":id", "position": 0},
                        {"id": 1, "name": "Permit", "fieldName": "permit", "position": 1},
                        {"id": 2, "name": "Issued", "fieldName": "issued", "position": 2},
                        {"id": 3, "name": "Fee", "fieldName": "fee", "position": 3}]}
    view.update(more)
    return view


def test_socrata_rows_json_reads_rows_and_the_views_metadata(tmp_path):
    rows = [[1, "row-a", "P-1", "2026-11-01", "10"], [2, "row-b", "P-2", None, "20"],
            [3, "row-c", "P-3", None, "30"], [4, "row-d", "P-4", None, "40"]]
    doc = {"meta": {"view": _socrata_view()}, "data": rows}
    code, report = audit_json(write_file(tmp_path, "rows.json", json.dumps(doc)))
    dataset = report["datasets"][0]
    table = _table(report)
    assert table["columns"] == ["Permit", "Issued", "Fee"] and table["rows"] == 4  # system columns left out
    assert dataset["metadata"]["title"] == "Permits" and dataset["metadata"]["publisher"] == "Housing Bureau"
    assert dataset["metadata"]["frequency"] == "Monthly" and dataset["metadata"]["licence"] == "CC0_10"
    (missing,) = findings(report, "CP002")
    assert missing["location"]["column"] == "Issued" and missing["count"] == 3
    assert "TM001" not in codes(report) and "TM002" not in codes(report)


def test_a_socrata_view_whose_data_is_an_uploaded_file_offers_that_file(tmp_path):
    view = _socrata_view(viewType="geo", displayType="map", columns=[], blobId="Zx9", blobFilename="shapes.zip",
                         blobMimeType="application/zip; charset=binary")
    code, report = audit_json(write_file(tmp_path, "view.json", json.dumps(view)))
    (dataset,) = report["datasets"]
    (dist,) = dataset["metadata"]["distributions"]
    assert dist["url"] == "/api/views/ab12-cd34/files/Zx9" and dist["title"] == "shapes.zip"
    assert dist["media_type"] == "application/zip; charset=binary"
    assert "MR021" not in codes(report) and "MR001" not in codes(report)


TW_RECORD = {
    "資料集識別碼": "6564", "資料集名稱": "公有停車場資訊", "資料集描述": "各區公有停車場位置與收費",
    "提供機關": "臺北市政府交通局", "更新頻率": "每1月", "詮釋資料更新時間": "2019-03-05 10:00:00",
    "授權方式": "政府資料開放授權條款-第1版", "檔案格式": "CSV;JSON", "上架日期": "2015-01-01",
    "資料下載網址": "https://data.taipei/a.csv;https://data.taipei/a.json", "服務分類": "交通",
}


def test_a_flat_metadata_record_is_a_catalogue_entry_with_its_metadata_judged(tmp_path):
    code, report = audit_json(write_file(tmp_path, "dataset.json", json.dumps(TW_RECORD, ensure_ascii=False)))
    (dataset,) = report["datasets"]
    assert dataset["source"].endswith("dataset.json#6564") and dataset["tables"] == []
    meta = dataset["metadata"]
    assert (meta["title"], meta["publisher"], meta["frequency"]) == ("公有停車場資訊", "臺北市政府交通局", "每1月")
    assert meta["modified"] == "2019-03-05 10:00:00" and meta["licence"] == "政府資料開放授權條款-第1版"
    assert [(d["url"], d["format"]) for d in meta["distributions"]] == [
        ("https://data.taipei/a.csv", "CSV"), ("https://data.taipei/a.json", "JSON")]
    (overdue,) = findings(report, "TM003")
    assert overdue["severity"] == "error"
    assert {f["data"]["field"] for f in findings(report, "CP005")} == {"open_condition"}
    assert not {"CP001", "CP007", "MR008"} & codes(report)


def test_a_single_data_object_is_still_a_one_row_table(tmp_path):
    record = {"名称": "海淀区图书馆", "地址": "某路1号", "电话": "010-1234", "更新时间": "2026-01-01"}
    code, report = audit_json(write_file(tmp_path, "one.json", json.dumps(record, ensure_ascii=False)))
    assert _table(report)["rows"] == 1 and _table(report)["columns"] == ["名称", "地址", "电话", "更新时间"]


def test_dkan_frequency_extra_and_localised_timestamps(tmp_path):
    pkg = {"name": "antennes", "title": "Antennes régionales", "metadata_created": "mar, 10/12/2019 - 09:23",
           "metadata_modified": "2019-09-30 22:00:00", "license_title": "Licence ouverte",
           "organization": {"title": "Région"}, "extras": [{"key": "frequency-of-update", "value": "asNeeded"},
                                                           {"key": "licence", "value": "[]"}],
           "resources": [{"url": "https://x.fr/a.xlsx", "format": "xlsx"},
                         {"url": "https://x.fr/viewer?config=a.xml#", "format": ""}]}
    code, report = audit_json(write_file(tmp_path, "show.json", json.dumps({"success": True, "result": [pkg]})))
    (dataset,) = report["datasets"]
    assert dataset["metadata"]["frequency"] == "asNeeded" and dataset["metadata"]["issued"] == "2019-12-10T09:23:00"
    assert not {"TM001", "TM008"} & codes(report)
    (as_needed,) = findings(report, "TM007")  # ISO 19115 asNeeded: no schedule, so no verdict
    assert as_needed["count"] == 1
    (order,) = findings(report, "TM006")
    assert order["count"] == 1
    (undeclared,) = findings(report, "MR021")
    assert undeclared["count"] == 1 and undeclared["data"]["urls"] == ["https://x.fr/viewer?config=a.xml#"]
    (closed,) = findings(report, "MR020")
    assert closed["data"]["formats"] == ["xlsx"]


def test_localised_timestamps_use_the_weekday_to_read_day_and_month():
    assert localised_timestamp("mar, 10/12/2019 - 09:23") == "2019-12-10T09:23:00"  # mardi: 10 December
    assert localised_timestamp("Sat, 10/12/2019 - 09:23") == "2019-10-12T09:23:00"  # Saturday: 12 October
    assert localised_timestamp("lun, 10/12/2019") is None  # neither reading is a Monday
    assert localised_timestamp("3 février 2021") == "2021-02-03"
    assert localised_timestamp("2019-09-30 22:00:00") is None


def test_licence_placeholders_rights_and_undefined_formats(tmp_path):
    base = {"title": "T", "publisher": {"name": "P"}, "modified": "2026-11-01", "accrualPeriodicity": "R/P1M",
            "accessLevel": "public", "identifier": "x"}
    datasets = [
        {**base, "identifier": "unknown", "license": "unknown-license",
         "distribution": [{"downloadURL": "https://x.gov/a", "format": "Undefined"}]},
        {**base, "identifier": "rights", "rights": "Public use, no restrictions",
         "distribution": [{"downloadURL": "https://x.gov/b.csv", "format": "CSV"}]},
        {**base, "identifier": "closed", "license": "other-closed",
         "distribution": [{"downloadURL": "https://x.gov/c", "format": ""}]},
        {**base, "identifier": "empty", "license": "  ", "distribution": [{"downloadURL": "https://x.gov/d.csv"}]},
    ]
    code, report = audit_json(write_file(tmp_path, "data.json", json.dumps({"dataset": datasets})))
    assert [d["metadata"]["licence"] for d in report["datasets"]] == [None, None, None, None]
    for index in range(4):
        assert {f["data"]["field"] for f in findings(report, "CP005", index)} == {"licence"}
    assert [f["count"] for f in findings(report, "MR021", 0)] == [1]  # "Undefined" is no format
    assert findings(report, "MR021", 1) == [] and findings(report, "MR021", 3) == []  # .csv in the URL
    assert [f["count"] for f in findings(report, "MR021", 2)] == [1]


def test_csw_response_wrapping_dcat_records_is_read(tmp_path):
    record = """<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dcat="http://www.w3.org/ns/dcat#">
      <dcat:Dataset rdf:about="https://geo.example.fr/ds/{n}">
        <dct:title>Jeu {n}</dct:title><dct:modified>2026-11-01</dct:modified>
        <dcat:distribution><dcat:Distribution rdf:about="https://geo.example.fr/ds/{n}/csv">
          <dcat:downloadURL rdf:resource="https://geo.example.fr/{n}.csv"/>
          <dct:format>CSV</dct:format></dcat:Distribution></dcat:distribution>
      </dcat:Dataset></rdf:RDF>"""
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2"'
            ' xmlns:dct="http://purl.org/dc/terms/"><csw:SearchResults numberOfRecordsMatched="2">'
            + record.format(n=1) + record.format(n=2) + "</csw:SearchResults></csw:GetRecordsResponse>")
    code, report = audit_json(write_file(tmp_path, "csw.xml", text))
    assert [d["source"].rsplit("#", 1)[1] for d in report["datasets"]] == ["https://geo.example.fr/ds/1",
                                                                         "https://geo.example.fr/ds/2"]
    assert [d["metadata"]["title"] for d in report["datasets"]] == ["Jeu 1", "Jeu 2"]
    assert all("MR001" not in codes(report, i) and "MR021" not in codes(report, i) for i in range(2))


def _package(tmp_path, resources: list[dict], **more) -> None:
    write_file(tmp_path, "datapackage.json", json.dumps({"name": "p", "resources": resources, **more}))


def test_a_data_file_audited_alone_finds_the_datapackage_that_lists_it(tmp_path):
    write_file(tmp_path, "data/pop.csv", "country,value\nA,1\nB,2\n")
    write_file(tmp_path, "data/other.csv", "country,value\nA,1\n")
    _package(tmp_path, [{"path": "data/pop.csv", "title": "Population"}], publisher="Stats Office",
             licenses=[{"name": "CC-BY-4.0"}])
    code, report = audit_json(tmp_path / "data" / "pop.csv")
    meta = report["datasets"][0]["metadata"]
    assert (meta["title"], meta["publisher"], meta["licence"]) == ("Population", "Stats Office", "CC-BY-4.0")
    assert meta["sources"] == [str(tmp_path / "datapackage.json")]
    code, report = audit_json(tmp_path / "data" / "other.csv")  # not listed: no metadata
    assert report["datasets"][0]["metadata"]["title"] is None


def test_datapackage_language_tagged_keys_and_zip_innerpath(tmp_path):
    with zipfile.ZipFile(tmp_path / "bundle.zip", "w") as zf:
        zf.writestr("a.csv", "x,y\n1,2\n3,4\n")
        zf.writestr("b.csv", "x,y\n1,2\n")
    _package(tmp_path, [{"path": "bundle.zip", "innerpath": "a.csv", "title@de": "Tabelle A", "title@fr": "Table A"},
                        {"path": "bundle.zip", "innerpath": "b.csv", "title": "Table B", "title@de": "Tabelle B"}],
             **{"description@de": "Beschreibung"})
    code, report = audit_json(tmp_path / "datapackage.json")
    assert [d["source"].rsplit("!/", 1)[1] for d in report["datasets"]] == ["a.csv", "b.csv"]
    assert [d["metadata"]["title"] for d in report["datasets"]] == ["Tabelle A", "Table B"]
    assert [d["tables"][0]["rows"] for d in report["datasets"]] == [2, 1]
    assert report["datasets"][0]["metadata"]["description"] == "Beschreibung"
