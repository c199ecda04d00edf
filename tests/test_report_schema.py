"""The JSON report validates against the schema `audit schema report` prints."""
from __future__ import annotations

import json

import jsonschema
from conftest import audit_json, run_cli, write_file, write_workbook


def schema():
    return json.loads(run_cli("schema", "report").output)


def test_report_validates_and_has_the_contract_keys(tmp_path):
    write_file(tmp_path, "人口.csv", "区,人口,更新日期\n海淀,100,2026-01-01\n朝阳,,2026-01-01\n\n", encoding="gb18030")
    write_workbook(tmp_path / "表.xlsx", [["标题"], ["a", "b"], [1, 2]], merge=["A1:B1"])
    write_file(tmp_path, "broken.json", "{not json")
    code, report = audit_json(tmp_path)
    jsonschema.Draft202012Validator(schema()).validate(report)
    assert code == 1
    assert report["report_version"] == "1"
    assert report["tool"]["name"] == "open-data-auditor"
    assert report["as_of"] == "2026-11-28"
    assert report["summary"]["datasets"] == 3
    by_source = {d["source"].split("/")[-1]: d for d in report["datasets"]}
    assert by_source["人口.csv"]["encoding"] == "gb18030"
    assert by_source["表.xlsx"]["format"] == "xlsx"
    assert {"MR001"} <= {f["code"] for f in by_source["broken.json"]["findings"]}
    for d in report["datasets"]:
        assert set(d["scores"]) >= {"overall", "machine_readability", "completeness", "timeliness", "sensitive"}
        assert all(0 <= v <= 100 for v in d["scores"].values())


def test_counts_are_exact_not_capped(tmp_path):
    rows = "".join(f"{i},/\n" for i in range(5000))
    data = write_file(tmp_path, "many.csv", "id,v\n" + rows)
    _, report = audit_json(data, extra=("--select", "CP003"))
    (finding,) = report["datasets"][0]["findings"]
    assert finding["count"] == 5000
    assert finding["rows"][:3] == [2, 3, 4]
