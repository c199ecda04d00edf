"""`audit portal` and `audit compare` from the command line: the demo city offline, the real
Beijing catalogue export next to the 2021 figures, usage errors, and no leak."""
from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import AS_OF, run_cli, write_file
from reporting_fixtures import MOBILE

from auditor.portal.labels import format_label, normalise_label, split_labels

BEIJING = "beijing-opendata/目录清单.xlsx"


def portal(*args):
    return run_cli("portal", *args, "--as-of", AS_OF)


def portal_json(*args) -> tuple[int, dict]:
    result = portal(*args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def test_labels_are_normalised_before_counting():
    assert normalise_label(" 市统计局\u3000") == "市统计局"
    assert normalise_label("ＣＳＶ  文件") == "CSV 文件"
    assert split_labels("csv,xlsx，rdf ; csv") == ["csv", "xlsx", "rdf"]
    assert format_label(".ｘｌｓｘ") == "XLSX" and normalise_label("   ") is None


def test_demo_city_works_offline_from_the_profile(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the demo catalogue is found next to the profile, not the working directory
    code, doc = portal_json("--city", "demo")
    assert code == 1
    portal_block, card = doc["portal"], doc["scorecard"]
    assert portal_block["city"] == "示例市" and portal_block["type"] == "catalog" and portal_block["reachable"]
    assert card["overview"]["datasets"] == 8
    assert card["overview"]["departments"] == 6, "'市统计局 ' and '市交通委　' are the same departments"
    assert card["departments"]["most"][:2] == [{"department": "市交通委", "datasets": 2},
                                               {"department": "市统计局", "datasets": 2}]
    assert card["formats"]["CSV"] == 5 and card["updates"]["latest_update"] == "2026-11-28"
    assert card["counts"]["periodic"] == 5 and card["counts"]["overdue"] == 3
    assert card["shares"]["missing_frequency"] == 0.125 and card["shares"]["broken_links"] is None
    assert card["reference"]["headline"] == "2021 survey: 12 datasets, now: 8"
    schema = json.loads(run_cli("schema", "report").output)
    jsonschema.Draft202012Validator(schema).validate(doc)


def test_demo_terminal_scorecard():
    result = portal("--city", "demo", "--no-color")
    out = result.stdout
    for text in ("Portal scorecard: 示例市", "Table 1 · Overview", "Table 3 · Updates", "Table 5 · Formats",
                 "Table 7 · Departments", "2021 survey: 12 datasets, now: 8", "overdue (of datasets with a periodic",
                 "Most frequent findings", "Summary: 8 datasets"):
        assert text in out, text
    zh = run_cli("portal", "--city", "demo", "--as-of", AS_OF, "--lang", "zh").stdout
    assert "表1 · 概况" in zh and "开放数据资源最多部门" in zh


def test_demo_download_audits_the_files_checks_links_and_leaks_nothing():
    code, doc = portal_json("--city", "demo", "--download")
    card = doc["scorecard"]
    assert doc["portal"]["mode"] == "download" and card["download"]["data_files"] == 5
    assert card["download"]["links_broken"] == 1 and card["shares"]["broken_links"] == 0.2
    (missing,) = doc["portal"]["failures"]
    assert missing["url"] == "data/道路施工占道.csv" and missing["reason"] == "the file does not exist"
    assert card["download"]["datasets_exposed"] == 1 and "SF002" in card["sensitive_codes"]
    text = json.dumps(doc, ensure_ascii=False) + portal("--city", "demo", "--download").stdout
    assert MOBILE not in text and "11010519850412003" not in text


def test_a_local_catalogue_cannot_point_outside_its_folder(tmp_path):
    write_file(tmp_path, "secret.csv", "a\n1\n")
    write_file(tmp_path, "portal/目录.csv", "数据集名称,所属部门,格式类型,下载地址\n甲,市统计局,csv,../secret.csv\n"
                                           "乙,市统计局,csv,/etc/passwd\n丙,市统计局,csv,file:///etc/passwd\n")
    code, doc = portal_json("--source", tmp_path / "portal/目录.csv", "--download")
    reasons = [f["reason"] for f in doc["portal"]["failures"]]
    assert reasons[:2] == ["a local path outside the catalogue's own folder is not read"] * 2
    assert "only http and https" in reasons[2]
    assert doc["scorecard"]["download"]["data_files"] == 3 and doc["summary"]["errored"] == 3


@pytest.mark.parametrize("args,message", [
    ((), "give --city NAME or --source"),
    (("--city", "beijing"), "pass --source"),
    (("--city", "default"), "has no 'portal' block"),
    (("--city", "nowhere"), "unknown profile"),
    (("--source", "no/such/目录.xlsx"), "source does not exist"),
])
def test_usage_errors_exit_2(args, message):
    result = portal(*args)
    assert result.exit_code == 2 and message in result.stderr


def test_an_export_without_a_title_column_is_a_usage_error(tmp_path):
    path = write_file(tmp_path, "list.csv", "a,b\n1,2\n")
    result = portal("--source", path)
    assert result.exit_code == 2 and "no table has a dataset-title column" in result.stderr


def test_exit_0_when_every_dataset_passes():
    assert portal("--city", "demo", "--fail-on", "never").exit_code == 0


def test_compare_puts_portals_side_by_side(tmp_path):
    demo = tmp_path / "demo.json"
    assert portal("--city", "demo", "--format", "json", "-o", demo).exit_code == 1
    other = tmp_path / "other.json"
    folder = write_file(tmp_path, "d/人口.csv", "区,人口\n海淀,100\n").parent
    portal("--source", folder, "--format", "json", "-o", other)
    result = run_cli("compare", demo, other, "--format", "json")
    table = json.loads(result.stdout)
    assert result.exit_code == 0 and table["columns"] == ["示例市", "d"]
    rows = {r["figure"]: r["values"] for r in table["rows"]}
    assert rows["datasets"] == [8, 1] and rows["datasets_2021"] == [12, None]
    assert rows["departments"] == [6, 0] and rows["machine_readable_distributions"] == [0.8333, 1.0]
    assert rows["failing_share"] == [0.25, 1.0] and "failed_datasets" not in rows, "shares, not counts"
    sources = {r["figure"]: r.get("sources") for r in table["rows"]}
    assert sources["datasets_2021"][0].startswith("illustrative")
    text = run_cli("compare", demo, other).stdout
    assert "示例市" in text and "datasets (2021 reference)" in text and "83.3%" in text
    assert "12 †" in text and "† 示例市: illustrative figures for the demo city (not from the seed study)" in text


def test_compare_refuses_what_is_not_a_portal_report(tmp_path):
    check = tmp_path / "check.json"
    run_cli("check", write_file(tmp_path, "a.csv", "a\n1\n"), "--format", "json", "-o", check)
    for path, message in ((check, "not a portal report"), (tmp_path / "none.json", "does not exist"),
                          (write_file(tmp_path, "bad.json", "{"), "not a JSON report")):
        result = run_cli("compare", path)
        assert result.exit_code == 2 and message in result.stderr


def test_beijing_scorecard_from_the_real_catalogue_export(corpus):
    result = portal("--city", "beijing", "--source", corpus / BEIJING, "--metadata-only", "--no-color")
    out = result.stdout
    assert result.exit_code == 1  # 40 entries offer only PDF, images or Word (MR020 errors)
    for text in ("Portal scorecard: 北京 · 北京市政务数据资源网", "2021 survey: 9,404 datasets, now: 4,432",
                 "9,404", "4,432", "2021-02-03", "2026-02-11", "市政府服务管理局 (3,417)",
                 "CSV 4,024", "XLS, JSON, CSV, ZIP", "政府机构与社会团体 1,139",
                 # the acceptance run of issue 13: folded departments, not published, bulk stamping, months
                 "1,786 re-attributed from 往年开放数据, 无障碍专题", "304 unattributed",
                 "not published in this catalogue", "TM009", "2025-12-08 17:52 – 18:10", "Last updates by month",
                 "2025-12", "datasets whose API was called at least once"):
        assert text in out, text
    assert "往年开放数据 (2,089)" not in out, "the archive bucket is not a department"
    code, doc = portal_json("--city", "beijing", "--source", corpus / BEIJING)
    card = doc["scorecard"]
    assert card["overview"]["datasets"] == 4432
    assert card["department_attribution"]["buckets"]["往年开放数据"] == {"rows": 2089, "re_attributed": 1785,
                                                                        "unattributed": 304}
    assert "往年开放数据" not in {d["department"] for d in card["department_scores"]}
    assert card["overview"]["domains"] == 22, "' 政府机构与社会团体' is counted with '政府机构与社会团体'"
    assert card["formats"]["CSV"] == 4024 and card["formats"]["XLSX"] == 2880 and card["formats"]["XLS"] == 1492
    assert card["updates"]["latest_update"] == "2026-02-11" and card["updates"]["update_plans"] == {}
    assert card["updates"]["by_month"] == {"2025-12": 1975, "2026-01": 267, "2026-02": 2190}
    assert card["not_published"] == ["frequency", "licence", "open_condition"]
    assert card["shares"]["missing_frequency"] is None and card["shares"]["missing_licence"] is None
    assert all(d["missing_frequency_share"] is None for d in card["department_scores"])
    windows = card["bulk_stamping"]["windows"]
    assert [(w["start"], w["end"], w["datasets"]) for w in windows] == [
        ("2026-02-03T13:21", "2026-02-03T13:25", 1995), ("2025-12-08T17:52", "2025-12-08T18:10", 1785)]
    assert [f["code"] for f in card["portal_findings"]] == ["TM009"] and card["portal_findings"][0]["count"] == 3780
    assert card["overview"]["datasets_with_api_measures"] == "api_called"
    assert "column 调用次数" in card["figure_sources"]["overview.datasets_with_api"]
    assert card["overview"]["downloads"] == 206072 and card["overview"]["api_calls"] == 4855
    assert card["departments"]["most_downloaded"]["downloads"] == 2992
    figures = {r["figure"]: (r["reference_2021"], r["now"]) for r in card["reference"]["comparison"]}
    assert figures["datasets"] == (9404, 4432) and figures["apis"] == (1517, None)
    assert figures["latest_update"] == ("2021-02-03", "2026-02-11")


def test_failures_never_carry_a_personal_identifier(tmp_path):
    write_file(tmp_path, "目录.csv", f"数据集名称,所属部门,格式类型,下载地址\n名单,市统计局,csv,data/{MOBILE}.csv\n")
    code, doc = portal_json("--source", tmp_path / "目录.csv", "--download")
    assert doc["portal"]["failures"] and MOBILE not in json.dumps(doc, ensure_ascii=False)


def test_compare_shows_markup_in_portal_text_as_text(tmp_path):
    """Department names and a report's city are the portal's text: never rich markup, links or escapes."""
    catalogue = write_file(tmp_path, "目录.csv", "数据集名称,所属部门,格式类型\n"
                           "名单,[bold]x[/bold],csv\n人口,[bold]x[/bold],csv\n站点,市交通委,csv\n")
    report = tmp_path / "p.json"
    assert portal("--source", catalogue, "--format", "json", "-o", report).exit_code in (0, 1)
    doc = json.loads(report.read_text("utf-8"))
    doc["portal"]["city"] = "[link=https://evil.example]城[/link]\x1b[2J"
    report.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    for color in ("--color", "--no-color"):
        text = run_cli("compare", report, color).stdout
        assert "[bold]x[/bold] (2)" in text, text
        assert "[link=https://evil.example]城[/link]\\x1b[2J" in text
        assert "\x1b]8;" not in text and "\x1b[2J" not in text, "no hyperlink, no screen clear"
