"""CSV, XLSX, XLS and JSON loading, chosen by content, on real generated files."""

from __future__ import annotations

import zipfile

import pytest
from conftest import audit_json, codes, findings, write_file, write_workbook


def dataset(report, i=0):
    return report["datasets"][i]


@pytest.mark.parametrize(
    "encoding,expected",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("big5", "big5"),
    ],
)
def test_encodings_are_detected_and_labels_decoded(tmp_path, encoding, expected):
    text = "區域,人口數量,備註說明\n" + "".join(
        f"臺北市中正區第{i}里,{i * 37},資料來源為戶政事務所統計\n" for i in range(200)
    )
    if encoding == "gb18030":
        text = text.replace("區域", "区域").replace("數量", "数量")
    path = write_file(tmp_path, "t.csv", text, encoding=encoding)
    _, report = audit_json(path)
    d = dataset(report)
    assert d["encoding"] == expected
    assert d["tables"][0]["rows"] == 200
    assert d["tables"][0]["columns"][2] == "備註說明"
    assert ("MR005" in codes(report)) == (expected not in ("utf-8", "utf-8-sig"))
    assert "MR006" not in codes(report)


def test_gbk_byte_deep_in_the_file_is_not_missed(tmp_path):
    """frictionless decodes the first 100 KB only and then fails; we read the whole file."""
    head = "name,value\n" + "".join(f"row{i},{i}\n" for i in range(20000))
    path = write_file(tmp_path, "late.csv", data=(head + "北京,1\n").encode("gb18030"))
    _, report = audit_json(path)
    d = dataset(report)
    assert d["encoding"] == "gb18030"
    assert d["tables"][0]["rows"] == 20001
    assert "MR006" not in codes(report)


def test_big5_with_an_eten_character_is_cp950_not_a_western_code_page(tmp_path):
    """Python's big5 lacks the ETEN extensions (碁 is 0xF9D6); the superset reads the whole file."""
    text = "名稱,地址\n" + "".join(f"臺北市第{i}號圍棋會館,臺北市中正區重慶南路{i}號\n" for i in range(60))
    text += "碁院,臺北市大安區\n"
    path = write_file(tmp_path, "eten.csv", data=text.encode("cp950"))
    _, report = audit_json(path)
    d = dataset(report)
    assert d["encoding"] in ("cp950", "big5hkscs")
    assert d["tables"][0]["columns"] == ["名稱", "地址"] and d["tables"][0]["rows"] == 61
    assert "MR006" not in codes(report)


@pytest.mark.parametrize(
    "text,encoding,family",
    [
        (
            "Имя;Город\nИван;Москва\nПётр;Санкт-Петербург\nАнна;Казань\n",
            "cp1251",
            ("cp1251", "koi8-r", "iso-8859-5", "mac-cyrillic", "cp866"),
        ),
        ("Όνομα;Πόλη\nΓιώργος;Αθήνα\nΜαρία;Θεσσαλονίκη\nΝίκος;Πάτρα\n", "cp1253", ("cp1253", "iso-8859-7")),
    ],
)
def test_short_cyrillic_and_greek_files_are_not_gb18030(tmp_path, text, encoding, family):
    path = write_file(tmp_path, "short.csv", data=text.encode(encoding))
    _, report = audit_json(path)
    d = dataset(report)
    assert d["encoding"] != "gb18030" and "MR006" not in codes(report)
    assert d["encoding"] in family
    assert d["tables"][0]["rows"] == 3 and d["tables"][0]["columns"] == text.split("\n")[0].split(";")


def test_latin1_file_is_not_mistaken_for_gbk(tmp_path):
    text = "Classement;Année;Taux d'occupation\n" + "".join(f"{i};2019;{i}é\n" for i in range(100))
    path = write_file(tmp_path, "fr.csv", text, encoding="latin-1")
    _, report = audit_json(path)
    d = dataset(report)
    assert d["encoding"] in ("cp1252", "latin-1")
    assert d["tables"][0]["columns"] == ["Classement", "Année", "Taux d'occupation"]


def test_damaged_utf8_counts_undecodable_bytes(tmp_path):
    good = "名称,地址\n" + "".join(f"单位{i},北京市海淀区中关村大街{i}号\n" for i in range(50))
    path = write_file(tmp_path, "bad.csv", data=good.encode() + b"x\xff\xfe,y\n")
    _, report = audit_json(path)
    (finding,) = findings(report, "MR006")
    assert finding["count"] == 2


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_delimiters_are_sniffed(tmp_path, delimiter):
    text = delimiter.join(["a", "b", "c"]) + "\n" + "".join(delimiter.join(["1,5", "x", "2"]) + "\n" for _ in range(5))
    _, report = audit_json(write_file(tmp_path, "d.csv", text))
    assert dataset(report)["tables"][0]["columns"] == ["a", "b", "c"]
    assert "MR008" not in codes(report)


def test_quoted_newlines_and_ragged_rows(tmp_path):
    text = 'id,note,place\n1,"two\nlines",x\n2,plain,y\n3,extra,z,oops\n'
    _, report = audit_json(write_file(tmp_path, "q.csv", text))
    assert dataset(report)["tables"][0]["rows"] == 3
    (ragged,) = findings(report, "MR008")
    assert ragged["count"] == 1 and ragged["rows"] == [4]


def test_title_rows_and_blank_lines_above_the_header(tmp_path):
    text = ",,\n2024年人口统计表,,\n区,男,女\n海淀,1,2\n朝阳,3,4\n"
    _, report = audit_json(write_file(tmp_path, "t.csv", text))
    table = dataset(report)["tables"][0]
    assert table["columns"] == ["区", "男", "女"] and table["header_row"] == 3 and table["rows"] == 2
    assert "MR011" in codes(report) and "MR009" not in codes(report)


def test_xlsx_named_csv_is_read_as_xlsx(tmp_path):
    path = write_workbook(
        tmp_path / "名单.csv",
        [["上市公司名单"], ["股票代码", "企业名称"], ["600001", "甲公司"], ["600002", "乙公司"]],
        merge=["A1:B1"],
        sheets={"空表": []},
    )
    _, report = audit_json(path)
    d = dataset(report)
    assert d["format"] == "xlsx"
    assert [t["name"] for t in d["tables"]] == ["Sheet1"], "empty sheets are not tables"
    assert d["tables"][0]["columns"] == ["股票代码", "企业名称"] and d["tables"][0]["rows"] == 2
    assert {"MR002", "MR004", "MR010", "MR011"} <= codes(report)
    assert findings(report, "MR010")[0]["examples"] == ["A1:B1"]


def test_xlsx_trailing_blank_rows_are_layout(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", [["a", "b"], [1, 2], [None, None], [3, 4], [None, None], [None, None]])
    _, report = audit_json(path)
    assert dataset(report)["tables"][0]["rows"] == 2
    (blank,) = findings(report, "MR009")
    assert blank["count"] == 1, "only the blank row inside the data counts"


def test_legacy_xls_with_merged_cells(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("基地")
    sheet.write_merge(0, 0, 0, 2, "北京市农业科技示范基地名单")
    for c, label in enumerate(["序号", "基地名称", "统一社会信用代码"]):
        sheet.write(1, c, label)
    sheet.write(2, 0, 1)
    sheet.write(2, 1, "示范基地")
    sheet.write(2, 2, "/")
    path = tmp_path / "名单.csv"
    book.save(str(path))
    _, report = audit_json(path)
    d = dataset(report)
    assert d["format"] == "xls"
    assert d["tables"][0]["columns"] == ["序号", "基地名称", "统一社会信用代码"]
    assert {"MR002", "MR004", "MR010", "MR011", "CP003"} <= codes(report)


@pytest.mark.parametrize(
    "text,rows",
    [
        ('[{"a": 1, "b": "x"}, {"a": 2, "c": {"d": 1}}]', 2),
        ('{"a": 1}\n{"a": 2}\n{"a": 3}\n', 3),
        ('{"code": 0, "data": {"total": 2, "list": [{"a": 1}, {"a": 2}]}}', 2),
        ('{"success": true, "result": {"records": [{"a": 1}]}}', 1),
    ],
)
def test_json_records_lines_and_envelopes(tmp_path, text, rows):
    _, report = audit_json(write_file(tmp_path, "d.json", text))
    d = dataset(report)
    assert d["format"] == "json" and d["tables"][0]["rows"] == rows


@pytest.mark.parametrize(
    "name,data,fmt",
    [
        ("report.csv", b"%PDF-1.7\n1 0 obj\n", "pdf"),
        ("page.csv", b"<!DOCTYPE html><html><body><table></table></body></html>", "html"),
        ("chart.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0" * 32, "image"),
    ],
)
def test_non_machine_readable_formats_are_reported(tmp_path, name, data, fmt):
    _, report = audit_json(write_file(tmp_path, name, data=data))
    assert dataset(report)["format"] == fmt
    assert {"MR002", "MR003"} <= codes(report)
    assert "MR001" not in codes(report) and "CP001" not in codes(report)


def test_docx_is_recognised(tmp_path):
    path = tmp_path / "说明.doc"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<document/>")
    _, report = audit_json(path)
    assert dataset(report)["format"] == "docx" and "MR003" in codes(report)


def test_empty_and_header_only_files(tmp_path):
    _, report = audit_json(write_file(tmp_path, "empty.csv", ""))
    assert "CP001" in codes(report)
    _, report = audit_json(write_file(tmp_path, "header.csv", "a,b\n"))
    assert "CP001" in codes(report)


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    write_file(tmp_path, "a_broken.json", '{"a": [1, 2')
    write_workbook(tmp_path / "b_fake.xlsx", [["a"], [1]])
    (tmp_path / "b_fake.xlsx").write_bytes(b"PK\x03\x04" + b"garbage" * 10)
    write_file(tmp_path, "c_good.csv", "a,b\n1,2\n")
    code, report = audit_json(tmp_path)
    assert code == 1
    assert [d["source"].rsplit("/", 1)[-1] for d in report["datasets"]] == [
        "a_broken.json",
        "b_fake.xlsx",
        "c_good.csv",
    ]
    assert "MR001" in codes(report, 0) and "MR001" in codes(report, 1)
    assert "invalid JSON at line 1" in findings(report, "MR001", 0)[0]["message"]
    assert dataset(report, 2)["tables"][0]["rows"] == 1


def test_two_row_header_below_is_joined(tmp_path):
    text = "区,人口,,面积\n,男,女,\n海淀,1,2,3\n朝阳,4,5,6\n"
    _, report = audit_json(write_file(tmp_path, "h.csv", text))
    table = dataset(report)["tables"][0]
    assert table["columns"] == ["区", "人口/男", "人口/女", "面积"]
    assert table["rows"] == 2 and table["header_row"] == 2
    assert any("spans 2 rows" in f["message"] for f in findings(report, "MR011"))


def test_group_row_above_with_merged_cells_is_joined(tmp_path):
    rows = [["2024年人口统计"], [None, "人口", None, None], ["区", "男", "女", "面积"], ["海淀", 1, 2, 3]]
    path = write_workbook(tmp_path / "g.xlsx", rows, merge=["A1:D1", "B2:C2"])
    _, report = audit_json(path)
    table = dataset(report)["tables"][0]
    assert table["columns"] == ["区", "人口/男", "人口/女", "面积"]
    assert table["rows"] == 1
    assert {f["message"].split(";")[0] for f in findings(report, "MR011")} >= {"1 title row(s) above the header"}


def test_text_data_is_not_taken_for_a_header_row(tmp_path):
    text = "姓名,部门,职务\n张三,办公室,主任\n李四,财务处,科员\n"
    _, report = audit_json(write_file(tmp_path, "t.csv", text))
    table = dataset(report)["tables"][0]
    assert table["columns"] == ["姓名", "部门", "职务"] and table["rows"] == 2


def test_empty_lines_are_blank_rows_not_ragged_data(tmp_path):
    _, report = audit_json(write_file(tmp_path, "e.csv", "a,b\n1,2\n\n3,4\n\n"))
    assert dataset(report)["tables"][0]["rows"] == 2
    assert findings(report, "MR009")[0]["count"] == 2
    assert "MR008" not in codes(report)


def test_column_counts_are_exact_across_batches_and_ragged_rows(tmp_path):
    lines = ["a,b,c"]
    for i in range(10000):
        b = "/" if i % 7 == 0 else ("" if i % 5 == 0 else str(i))
        lines.append(f"{i},{b},x" if i % 1000 else f"{i},{b},x,extra")
    _, report = audit_json(
        write_file(tmp_path, "big.csv", "\n".join(lines) + "\n"), extra=("--select", "CP003,CP002,MR008")
    )
    slashes = sum(1 for i in range(10000) if i % 7 == 0)
    empties = sum(1 for i in range(10000) if i % 7 and i % 5 == 0)
    (placeholder,) = findings(report, "CP003")
    assert placeholder["count"] == slashes and placeholder["rows"] == [2, 9, 16, 23, 30]
    share = dataset(report)["tables"][0]["missing_share"]["b"]
    assert share == round((slashes + empties) / 10000, 4)
    assert findings(report, "MR008")[0]["count"] == 10
