"""`audit fix` on real generated print-style workbooks and CSVs: repairs, round trips, no leaks.

The output is checked three ways: its bytes (repaired values as a person would write
them, untouched values byte-identical), the re-audit (none of the repaired findings
left) and frictionless (an independent validator of the Data Package).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from conftest import AS_OF, CORPUS, run_cli, write_file, write_workbook

from auditor.fix.isodates import repair_date
from auditor.fix.numbers import repair_number
from auditor.identifiers import make_resident_id

REPAIRED = {"MR005", "MR006", "MR009", "MR010", "MR011", "MR012", "MR014", "MR015", "CP003"}


def fix(*args):
    return run_cli("fix", *args, "--as-of", AS_OF, "--lang", "en")


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))


def audit_codes(target: Path) -> dict[str, int]:
    result = run_cli("check", str(target), "--format", "json", "--as-of", AS_OF)
    report = json.loads(result.output)
    out: dict[str, int] = {}
    for d in report["datasets"]:
        for f in d["findings"]:
            out[f["code"]] = out.get(f["code"], 0) + f["count"]
    return out


def frictionless_valid(package: Path) -> list:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(package))
    return [] if report.valid else report.flatten(["rowNumber", "fieldNumber", "type", "note"])


PRINT_STYLE = [
    ["2023年各区人口与面积统计表", "", "", "", "", ""],
    ["单位：人", "", "", "", "", ""],
    ["区", "人口", "", "更新日期", "面积（平方米）", "备注"],
    ["", "男", "女", "", "", ""],
    ["海淀", "1,250", "１２００", "2023年3月6日", "12.5", "/"],
    ["朝阳", "12.3万", "100", "2023/3/7", "8", " 新建 "],
    ["", "", "", "", "", ""],
    ["丰台", 345, 300, "民国112年3月8日", "3,000", "暂无"],
    ["东城", 20, "30人", "20230309", "7", "老城"],
    ["合计", 125615, 1630, "", "", ""],
    ["注：数据来源于统计年鉴", "", "", "", "", ""],
]


@pytest.fixture()
def workbook(tmp_path) -> Path:
    return write_workbook(tmp_path / "in" / "人口.xlsx", PRINT_STYLE, merge=["A1:F1", "A2:F2", "B3:C3", "A3:A4"])


def test_print_style_xlsx_is_repaired_and_reaudits_clean(workbook, tmp_path):
    before = hashlib.sha256(workbook.read_bytes()).hexdigest()
    out = tmp_path / "out"
    result = fix(workbook, "-o", out)
    assert result.exit_code == 0, result.output
    assert hashlib.sha256(workbook.read_bytes()).hexdigest() == before, "the input is never modified"
    rows = read_csv(out / "人口.csv")
    assert rows == [
        ["区", "人口/男", "人口/女", "更新日期", "面积（平方米）", "备注"],
        ["海淀", "1250", "1200", "2023-03-06", "12.5", ""],
        ["朝阳", "123000", "100", "2023-03-07", "8", "新建"],
        ["丰台", "345", "300", "2023-03-08", "3000", ""],
        ["东城", "20", "30", "2023-03-09", "7", "老城"],
    ]
    assert (out / "人口.csv").read_bytes().count(b"\r") == 0, "LF line ends"
    package = json.loads((out / "datapackage.json").read_text("utf-8"))
    assert package["title"] == "2023年各区人口与面积统计表"
    assert package["description"] == "单位：人\n注：数据来源于统计年鉴"
    schema = package["resources"][0]["schema"]
    fields = {f["name"]: f for f in schema["fields"]}
    assert fields["人口/男"]["type"] == "integer" and fields["人口/男"]["unit"] == "人"
    assert fields["面积（平方米）"]["type"] == "number" and fields["面积（平方米）"]["unit"] == "平方米"
    assert fields["更新日期"]["type"] == "date"
    assert fields["备注"]["type"] == "string" and "unit" not in fields["备注"]
    assert set(schema["missingValues"]) == {"", "/", "暂无"}
    assert next(c for c in json.loads((out / "changes.json").read_text("utf-8"))["tables"][0]["changes"]
                if c["action"] == "placeholders")["message"].endswith("(/, 暂无)")
    assert schema["primaryKey"] == ["区"]
    changes = json.loads((out / "changes.json").read_text("utf-8"))["tables"][0]["changes"]
    by_action = {(c["code"], c["action"], c["column"]): c["count"] for c in changes}
    assert by_action[("MR014", "numbers", "人口/男")] == 2
    assert by_action[("MR014", "numbers", "人口/女")] == 2
    assert by_action[("MR015", "dates", "更新日期")] == 4
    assert by_action[("CP003", "placeholders", "备注")] == 2
    assert by_action[("MR012", "total_rows", None)] == 1
    assert by_action[("MR012", "note_rows", None)] == 1
    assert by_action[("MR009", "blank_rows", None)] == 1
    assert by_action[("MR011", "title_rows", None)] == 2
    assert "MR014" in (out / "CHANGES.md").read_text("utf-8")
    left = audit_codes(out / "datapackage.json")
    assert not REPAIRED & set(left), left
    assert frictionless_valid(out / "datapackage.json") == []
    assert "machine_readability" in result.output and "→" in result.output


def _sections_xls(path: Path) -> Path:
    """A legacy XLS named .csv like the MOE list: merged titles, province section rows merged across."""
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("名单")
    sheet.write_merge(0, 0, 0, 3, "附件1：")
    sheet.write_merge(1, 1, 0, 3, "全国普通高等学校名单")
    for c, label in enumerate(["序号", "学校名称", "主管部门", "建校日期"]):
        sheet.write(2, c, label)
    r, n = 3, 1
    for province, schools in (("北京市（2所）", ["甲大学", "乙学院"]), ("天津市（1所）", ["丙大学"])):
        sheet.write_merge(r, r, 0, 3, province)
        r += 1
        for school in schools:
            for c, v in enumerate([n, school, "教育部", f"19{50 + n}/9/1"]):
                sheet.write(r, c, v)
            r, n = r + 1, n + 1
    book.save(str(path))
    return path


def test_xls_named_csv_with_section_rows(tmp_path):
    source = _sections_xls(tmp_path / "名单.csv")
    out = tmp_path / "out"
    result = fix(source, "-o", out)
    assert result.exit_code == 0, result.output
    assert read_csv(out / "名单.csv") == [
        ["分组", "序号", "学校名称", "主管部门", "建校日期"],
        ["北京市（2所）", "1", "甲大学", "教育部", "1951-09-01"],
        ["北京市（2所）", "2", "乙学院", "教育部", "1952-09-01"],
        ["天津市（1所）", "3", "丙大学", "教育部", "1953-09-01"],
    ]
    package = json.loads((out / "datapackage.json").read_text("utf-8"))
    assert package["title"] == "全国普通高等学校名单"
    changes = json.loads((out / "changes.json").read_text("utf-8"))["tables"][0]["changes"]
    by_action = {c["action"]: c["count"] for c in changes}
    assert by_action["merged_layout"] == 4 and by_action["section_rows"] == 2  # 2 title + 2 section merges
    assert package["resources"][0]["schema"]["primaryKey"] == ["序号"]
    assert not REPAIRED & set(audit_codes(out / "datapackage.json"))
    assert frictionless_valid(out / "datapackage.json") == []


def test_gbk_csv_vertical_merges_and_duplicates(tmp_path):
    text = "部门,事项,日期\n甲局,许可,2021/3/6\n\n甲局,许可,2021/3/6\n乙局,处罚,2021/3/7\n"
    source = write_file(tmp_path, "事项.csv", text, encoding="gbk")
    out = tmp_path / "out"
    kept = fix(source, "-o", out)
    assert kept.exit_code == 0, kept.output
    assert len(read_csv(out / "事项.csv")) == 4, "duplicates are kept without --drop-duplicates"
    assert "duplicate" in kept.output
    out2 = tmp_path / "out2"
    dropped = fix(source, "-o", out2, "--drop-duplicates")
    assert dropped.exit_code == 0, dropped.output
    assert read_csv(out2 / "事项.csv") == [["部门", "事项", "日期"], ["甲局", "许可", "2021-03-06"],
                                          ["乙局", "处罚", "2021-03-07"]]
    assert (out2 / "事项.csv").read_bytes().decode("utf-8")
    assert not {"MR005", "MR009", "MR015", "CP006"} & set(audit_codes(out2 / "datapackage.json"))


def test_values_that_need_no_repair_are_byte_identical(tmp_path):
    rows = [["编号", "名称", "金额", "日期", "说明"],
            ["0012", "海淀区", "1250", "2021-03-06", "含,逗号"],
            ["0013", "朝阳 区", "-3.75", "2021-03-07T08:30:00", "换\n行"],
            ["0014", "Ünïcode ✓", "0", "2021-03-08", '引"号']]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    source = write_file(tmp_path, "clean.csv", buf.getvalue())
    out = tmp_path / "out"
    result = fix(source, "-o", out)
    assert result.exit_code == 0, result.output
    assert (out / "clean.csv").read_bytes() == source.read_bytes()
    assert json.loads((out / "changes.json").read_text("utf-8"))["tables"][0]["changes"] == []


@pytest.mark.parametrize("text, unit, expected", [
    ("1,250", (1, ""), "1250"),
    ("1,250.50", (1, ""), "1250.50"),
    ("１２３４", (1, ""), "1234"),
    ("12.3万", (1, ""), "123000"),
    ("1.5亿元", (10_000, "元"), "15000"),
    ("300万元", (10_000, "元"), "300"),
    ("45%", (1, "%"), "45"),
    ("¥1,200", (1, "元"), "1200"),
    ("-2,000人", (1, "人"), "-2000"),
    ("30人", (1, "元"), None),  # 人 is not 元: kept and reported
    ("about 30", (1, ""), None),
])
def test_numbers_as_a_person_writes_them(text, unit, expected):
    assert repair_number(text, unit) == expected


@pytest.mark.parametrize("value, expected", [
    ("2021年3月6日", "2021-03-06"),
    ("2021/3/6", "2021-03-06"),
    ("2021.03.06", "2021-03-06"),
    ("20210306", "2021-03-06"),
    ("民国110年3月6日", "2021-03-06"),
    ("110/3/6", "2021-03-06"),
    ("44261", "2021-03-06"),
    (44261, "2021-03-06"),
    ("2021年3月", "2021-03"),
    ("2021/3/6 14:05", "2021-03-06T14:05:00"),
    ("2021年第一季度", None),  # no ISO 8601 calendar form: kept and reported
])
def test_dates_as_a_person_writes_them(value, expected):
    assert repair_date(value, "Asia/Shanghai") == expected


def test_unrepairable_values_fail_honestly(tmp_path):
    text = "地区,统计期,数量\n甲,2021年第一季度,1\n乙,2021年第二季度,2\n丙,2021年3月6日,3\n"
    source = write_file(tmp_path, "季度.csv", text)
    out = tmp_path / "out"
    result = fix(source, "-o", out)
    assert result.exit_code == 1, result.output
    assert "MR015" in result.output and "repair should have removed" in result.output
    assert read_csv(out / "季度.csv")[1][1] == "2021年第一季度", "kept as written, never guessed"


ID_A = make_resident_id("110105", "19900307", "123")
ID_B = make_resident_id("310104", "19851224", "456")
MOBILE = "13912345678"


def test_no_raw_sensitive_value_in_output_by_default(tmp_path):
    text = ("序号,姓名,身份证号,联系电话,备注\n"
            f"1,张三,{ID_A},{MOBILE},无\n2,李四,{ID_B},13887654321,电话 {MOBILE}\n3,王五,/,/,\n")
    source = write_file(tmp_path, "人员.csv", text)
    out = tmp_path / "out"
    result = fix(source, "-o", out)
    assert result.exit_code == 0, result.output
    raw = [ID_A, ID_B, MOBILE, "13887654321", "张三", "李四", ID_A[6:14], ID_B[6:14]]
    for path in out.iterdir():
        data = path.read_bytes().decode("utf-8")
        for value in raw:
            assert value not in data, (path.name, "raw value in output")
    for value in raw:
        assert value not in result.output
    rows = read_csv(out / "人员.csv")
    assert rows[1][1:4] == ["张*", ID_A[:6] + "********" + ID_A[-4:], "139****5678"]
    left = audit_codes(out / "datapackage.json")
    assert not {"SF001", "SF002", "SF006", "SF009"} & set(left), left


def test_keep_sensitive_writes_values_with_a_warning(tmp_path):
    source = write_file(tmp_path, "人员.csv", f"序号,姓名,身份证号\n1,张三,{ID_A}\n2,李四,{ID_B}\n")
    out = tmp_path / "out"
    result = run_cli("fix", source, "-o", out, "--keep-sensitive", "--as-of", AS_OF, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert ID_A in (out / "人员.csv").read_text("utf-8")
    assert "keep-sensitive" in result.output
    assert ID_A not in result.output


def test_dry_run_writes_nothing(workbook, tmp_path):
    out = tmp_path / "out"
    result = fix(workbook, "-o", out, "--dry-run")
    assert result.exit_code == 0, result.output
    assert not out.exists()
    assert "MR014" in result.output and "Dry run" in result.output


def test_output_inside_input_is_a_usage_error(workbook):
    result = fix(workbook.parent, "-o", workbook.parent / "out")
    assert result.exit_code == 2


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not available")
@pytest.mark.parametrize("name", [
    "cn-gov-spreadsheets/moe-2017-全国普通高等学校名单.xls",
    "cn-gov-spreadsheets/moe-2011-全国普通高等学校名单.xls",
    "beijing-opendata/北京市农业科技示范基地名单20240703.csv",
    "beijing-opendata/昌平区上市企业名单.csv",
    "beijing-opendata/相关责任主体信用信息.csv",
])
def test_corpus_print_style_workbooks(name, tmp_path):
    source = CORPUS / name
    if not source.exists():
        pytest.skip(f"{name} is not in the corpus")
    out = tmp_path / "out"
    result = fix(source, "-o", out)
    assert result.exit_code == 0, result.output
    assert not REPAIRED & set(audit_codes(out / "datapackage.json"))
    assert frictionless_valid(out / "datapackage.json") == []


def test_headerless_csv_annotation_unit_and_sentinel_dates(tmp_path):
    text = ("单位：万元\n"
            "项目,金额,开工日期\n甲,\"1,200\",2021/3/6\n乙,30,1900-01-01\n丙,0.5,2021年4月1日\n")
    source = write_file(tmp_path, "投资.csv", text)
    out = tmp_path / "out"
    assert fix(source, "-o", out).exit_code == 0
    assert read_csv(out / "投资.csv")[1:] == [["甲", "1200", "2021-03-06"], ["乙", "30", ""],
                                            ["丙", "0.5", "2021-04-01"]]
    schema = json.loads((out / "datapackage.json").read_text("utf-8"))["resources"][0]["schema"]
    assert schema["fields"][1]["unit"] == "万元"
    assert "1900-01-01" in schema["missingValues"]
    records = "".join(f"{4680 + i},北京市某区住房和城乡建设委员会,某建设有限公司,2022/12/{10 + i},是\n"
                      for i in range(6))
    headerless = write_file(tmp_path, "许可.csv", records)
    out2 = tmp_path / "out2"
    result = fix(headerless, "-o", out2)
    assert result.exit_code == 0, result.output
    rows = read_csv(out2 / "许可.csv")
    assert rows[0] == ["column_1", "column_2", "column_3", "column_4", "column_5"]
    assert len(rows) == 7 and rows[1][3] == "2022-12-10", "the first record stays data"
    assert frictionless_valid(out2 / "datapackage.json") == []


def test_undecodable_bytes_are_reported_never_guessed(tmp_path):
    data = ("名称,数量\n" + "".join(f"项目{i},{i}\n" for i in range(50))).encode("gbk")
    source = write_file(tmp_path, "坏.csv", data=data[:40] + b"\x81\x20" + data[40:])
    out = tmp_path / "out"
    result = run_cli("fix", source, "-o", out, "--as-of", AS_OF, "--lang", "zh")
    assert result.exit_code == 1, result.output
    assert "MR006" in result.output and "无法解码" in result.output
    text = (out / "坏.csv").read_text("utf-8")
    assert text.count("\ufffd") == 1 and len(read_csv(out / "坏.csv")) == 51
    change = next(c for c in json.loads((out / "changes.json").read_text("utf-8"))["tables"][0]["changes"]
                  if c["code"] == "MR006")
    assert change["count"] == 1 and change["resolved"] is False


def test_folder_with_sidecar_metadata_carried_into_the_package(tmp_path):
    data = tmp_path / "in"
    write_file(data, "人口.csv", "区,人口\n海淀,\"1,250\"\n朝阳,300\n")
    write_file(data, "人口.meta.yaml", "标题: 各区人口\n发布单位: 市统计局\n更新频率: 每年\n更新时间: 2026-06-01\n"
                                      "开放条件: 无条件开放\n许可协议: CC-BY-4.0\n")
    write_file(data, "面积.csv", "区,面积\n海淀,430\n朝阳,470\n")
    out = tmp_path / "out"
    result = fix(data, "-o", out)
    assert result.exit_code == 0, result.output
    package = json.loads((out / "datapackage.json").read_text("utf-8"))
    by_path = {r["path"]: r for r in package["resources"]}
    assert set(by_path) == {"人口.csv", "面积.csv"}
    people = by_path["人口.csv"]
    assert people["title"] == "各区人口" and people["publisher"] == "市统计局"
    assert people["frequency"] == "每年" and people["licenses"] == [{"name": "CC-BY-4.0"}]
    assert by_path["面积.csv"]["title"] == "面积" and "publisher" not in by_path["面积.csv"]
    report = json.loads(run_cli("check", out / "datapackage.json", "--format", "json", "--as-of", AS_OF).output)
    meta = {d["source"].rsplit("/", 1)[-1]: d["metadata"] for d in report["datasets"]}
    assert meta["人口.csv"]["publisher"] == "市统计局" and meta["人口.csv"]["frequency"] == "每年"
    assert frictionless_valid(out / "datapackage.json") == []


def test_stacked_sub_tables_keep_their_titles_as_a_column(tmp_path):
    first = [[f"区{i}", "道路", str(100 + i)] for i in range(12)]
    second = [[f"区{i}", "学校", str(300 + i)] for i in range(12)]
    text = ("区,项目,金额\n" + "".join(",".join(r) + "\n" for r in first) + "\n表2 续建项目,,\n区,项目,金额\n"
            + "".join(",".join(r) + "\n" for r in second) + "合计,,3900\n")
    source = write_file(tmp_path, "项目.csv", text)
    out = tmp_path / "out"
    result = fix(source, "-o", out)
    assert result.exit_code == 0, result.output
    assert read_csv(out / "项目.csv") == [["分组", "区", "项目", "金额"], *(["", *r] for r in first),
                                         *(["表2 续建项目", *r] for r in second)]
    assert not REPAIRED & set(audit_codes(out / "datapackage.json"))


def test_ambiguous_placeholders_follow_what_cp003_reported(tmp_path):
    codes = ["TO", "MI", "RM", "FI", "BO", "GE", "VE", "PA", "BA", "CT"] * 2
    rows = "".join(f"{c},{i}\n" for i, c in enumerate(codes)) + "NA,7\nPD,NA\n"
    source = write_file(tmp_path, "province.csv", "sigla,valore\n" + rows)
    out = tmp_path / "out"
    result = fix(source, "-o", out)
    assert result.exit_code == 0, result.output
    written = read_csv(out / "province.csv")
    assert written[-2] == ["NA", "7"], "NA among plate codes is Napoli"
    assert written[-1] == ["PD", ""], "NA among numbers stands for missing"
