"""Where a table's header is, as its publisher meant it (issue 11 items 1, 2 and 8)."""

from __future__ import annotations

from conftest import audit_json, findings, write_file, write_workbook


def _table(report):
    return report["datasets"][0]["tables"][0]


def test_annotation_rows_are_not_header_rows_and_their_unit_and_date_are_kept(tmp_path):
    rows = [
        ["2023年各区财政支出统计表", "", "", ""],
        ["填报单位：北京市财政局", "", "", "单位：万元"],
        ["截止日期：2023年11月15日", "", "", ""],
        ["区", "支出", "人数", "日期"],
    ] + [[f"第{i}区", i * 10, i, "2023-11-01"] for i in range(1, 21)]
    path = write_workbook(tmp_path / "annotated.xlsx", rows)
    _, report = audit_json(path, extra=("--select", "MR007,MR011,MR009"))
    table = _table(report)
    assert table["columns"] == ["区", "支出", "人数", "日期"]
    assert table["header_row"] == 4 and table["rows"] == 20
    (titles,) = findings(report, "MR011")
    assert titles["rows"] == [1, 2, 3] and titles["count"] == 3
    assert not findings(report, "MR007")


def test_annotation_facts_are_read(tmp_path):
    from auditor.loaders.header import split_header

    records = iter(
        [
            (1, ["单位：元", ""]),
            (2, ["截止日期：2023年11月15日", ""]),
            (3, ["项目", "金额"]),
            (4, ["甲", "1"]),
            (5, ["乙", "2"]),
        ]
    )
    header, rest = split_header(records, grid=True)
    assert header.labels == ["项目", "金额"] and header.row == 3
    assert header.facts == {"unit": "元", "as_of": "2023年11月15日", "annotations": (1, 2)}
    assert [r for r, _ in rest] == [4, 5]


def test_a_title_line_holding_a_comma_is_not_a_two_column_header(tmp_path):
    text = "2021年度人口统计,（单位：人）\n区,男,女\n" + "".join(f"第{i}区,{i * 3},{i * 4}\n" for i in range(1, 31))
    _, report = audit_json(write_file(tmp_path, "t.csv", text), extra=("--select", "MR007,MR008,MR011"))
    table = _table(report)
    assert table["columns"] == ["区", "男", "女"] and table["rows"] == 30
    assert findings(report, "MR011")[0]["rows"] == [1]
    assert not findings(report, "MR008") and not findings(report, "MR007")


def test_a_csv_whose_first_line_is_data_has_no_header(tmp_path):
    lines = [
        f"{4680 + i},北京市某区住房和城乡建设委员会,某某建设发展有限公"
        f"司{i},1101162022122801{i:02d},2022/12/{i % 28 + 1:02d},是"
        for i in range(48)
    ]
    _, report = audit_json(write_file(tmp_path, "noheader.csv", "\n".join(lines) + "\n"), extra=("--select", "MR007"))
    table = _table(report)
    assert table["columns"] == ["#1", "#2", "#3", "#4", "#5", "#6"]
    assert table["rows"] == 48
    (missing,) = findings(report, "MR007")
    assert missing["location"]["row"] == 1 and missing["count"] == 1


def test_year_labels_are_a_header_not_data(tmp_path):
    text = "地区,2019,2020,2021\n" + "".join(f"区{i},{i}.5,{i}.25,{i}.75\n" for i in range(1, 20))
    _, report = audit_json(write_file(tmp_path, "years.csv", text), extra=("--select", "MR007"))
    assert _table(report)["columns"] == ["地区", "2019", "2020", "2021"]
    assert _table(report)["rows"] == 19


def test_a_header_below_a_long_block_of_notes_is_found(tmp_path):
    """An NHS workbook's table starts at sheet row 47: no fixed 30-record window."""
    notes = [[f"Note {i}: see the methodology section for the definition used in this release", ""] for i in range(46)]
    rows = notes + [["Organisation", "Count"]] + [[f"Trust {i}", i] for i in range(25)]
    _, report = audit_json(write_workbook(tmp_path / "nhs.xlsx", rows), extra=("--select", "MR011"))
    table = _table(report)
    assert table["columns"] == ["Organisation", "Count"] and table["header_row"] == 47 and table["rows"] == 25
    assert findings(report, "MR011")[0]["count"] == 46


def test_a_title_merged_over_the_header_is_not_a_group_label(tmp_path):
    rows = [["北京市农业科技示范基地名单", "", "", ""], ["序号", "区县", "基地名称", "主要产业"]]
    rows += [[i, f"区{i}", f"基地{i}", "蔬菜"] for i in range(1, 11)]
    _, report = audit_json(write_workbook(tmp_path / "titled.xlsx", rows, merge=["A1:D1"]), extra=("--select", "MR011"))
    table = _table(report)
    assert table["columns"] == ["序号", "区县", "基地名称", "主要产业"] and table["rows"] == 10
    (title,) = findings(report, "MR011")
    assert title["rows"] == [1] and "title" in title["message"]


def test_group_labels_merged_over_some_columns_are_joined(tmp_path):
    rows = [["地区", "人口", "", "面积"], ["", "男", "女", ""]] + [[f"区{i}", i, i + 1, i * 2] for i in range(1, 11)]
    _, report = audit_json(write_workbook(tmp_path / "groups.xlsx", rows, merge=["B1:C1"]), extra=("--select", "MR011"))
    assert _table(report)["columns"] == ["地区", "人口/男", "人口/女", "面积"]
