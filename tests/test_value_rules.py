"""MR012-MR015, CP006, CP007 on real files, including the batched fast path."""

from __future__ import annotations

from conftest import audit_json, codes, findings, write_file, write_workbook


def test_batched_scan_reports_exact_counts_and_row_numbers(tmp_path):
    lines = ["编号,金额,登记日期"]
    bad_amount_rows, bad_date_rows = [], []
    for i in range(12000):
        amount, day = f"{i}.5", f"2025-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}"
        if i % 997 == 0:
            amount = f"{i}万元"
            bad_amount_rows.append(i + 2)
        if i % 1499 == 0:
            day = f"2025年{(i % 12) + 1}月{(i % 28) + 1}日"
            bad_date_rows.append(i + 2)
        lines.append(f"N{i},{amount},{day}")
    path = write_file(tmp_path, "big.csv", "\n".join(lines) + "\n")
    _, report = audit_json(path, extra=("--select", "MR013,MR014,MR015"))
    (as_text,) = findings(report, "MR014")
    assert as_text["location"]["column"] == "金额"
    assert as_text["count"] == len(bad_amount_rows)
    assert as_text["rows"] == bad_amount_rows[:5]
    (dates,) = findings(report, "MR015")
    assert dates["location"]["column"] == "登记日期"
    assert dates["count"] == len(bad_date_rows) and dates["rows"] == bad_date_rows[:5]
    assert "MR013" not in codes(report)


def test_mixed_types_and_placeholders_are_not_confused(tmp_path):
    rows = "".join(f"{i},{i * 3}\n" for i in range(40)) + "40,/\n41,待定\n42,\n"
    _, report = audit_json(write_file(tmp_path, "m.csv", "id,数量\n" + rows), extra=("--select", "MR013,CP003"))
    (mixed,) = findings(report, "MR013")
    assert mixed["count"] == 1 and mixed["examples"] == ["待定"] and mixed["rows"] == [43]
    assert findings(report, "CP003")[0]["count"] == 1


def test_numbers_as_text_shapes(tmp_path):
    text = "区,人口,占比\n" + '海淀,"1,250",12%\n朝阳,12.3万,8%\n丰台,３４５,5%\n东城,200,1%\n'
    _, report = audit_json(write_file(tmp_path, "n.csv", text), extra=("--select", "MR014"))
    by_column = {f["location"]["column"]: f["count"] for f in findings(report, "MR014")}
    assert by_column == {"人口": 3, "占比": 4}


def test_date_shapes_in_a_date_column(tmp_path):
    values = [
        "2021年3月6日",
        "2021/3/6",
        "2021.3.6",
        "20210306",
        "民國107年3月6日",
        "2021-03-06",
        "2021-03-06 10:00:00",
    ]
    text = "事项,认定日期\n" + "".join(f"项{i},{v}\n" for i, v in enumerate(values))
    _, report = audit_json(write_file(tmp_path, "d.csv", text), extra=("--select", "MR015"))
    (finding,) = findings(report, "MR015")
    assert finding["count"] == 5


def test_excel_native_dates_are_fine_but_text_dates_are_not(tmp_path):
    import datetime as dt

    rows = [["事项", "日期"]] + [[f"项{i}", dt.date(2024, 1, i + 1)] for i in range(10)] + [["项X", "2024年1月20日"]]
    _, report = audit_json(write_workbook(tmp_path / "d.xlsx", rows), extra=("--select", "MR015,MR013"))
    (finding,) = findings(report, "MR015")
    assert finding["count"] == 1 and finding["rows"] == [12]


def test_totals_notes_and_repeated_headers(tmp_path):
    text = "区,人口\n海淀,100\n朝阳,200\n合计,300\n区,人口\n丰台,50\n注：数据来源于统计年鉴,\n"
    _, report = audit_json(write_file(tmp_path, "t.csv", text), extra=("--select", "MR012"))
    kinds = {f["message"].split()[1]: f["rows"] for f in findings(report, "MR012")}
    assert sorted(f["count"] for f in findings(report, "MR012")) == [1, 1, 1]
    assert [4] in kinds.values() and [5] in kinds.values() and [7] in kinds.values()


def test_duplicate_rows_counted_exactly(tmp_path):
    text = "a,b\n" + "1,2\n" * 5 + "3,4\n" * 2 + "5,6\n"
    _, report = audit_json(write_file(tmp_path, "d.csv", text), extra=("--select", "CP006"))
    (finding,) = findings(report, "CP006")
    assert finding["count"] == 5 and finding["data"]["distinct_rows_repeated"] == 2


def test_low_capacity_uses_profile_minimum(tmp_path):
    data = write_file(tmp_path, "s.csv", "a,b\n" + "".join(f"{i},{i}\n" for i in range(30)))
    _, report = audit_json(data, extra=("--select", "CP007"))
    assert "CP007" not in codes(report)
    profile = write_file(tmp_path, "p.yaml", "extends: default\nrules:\n  CP007: {min_rows: 100}\n")
    _, report = audit_json(data, extra=("--select", "CP007", "--profile", str(profile)))
    assert findings(report, "CP007")[0]["count"] == 30


def test_cell_classes_for_real_world_shapes():
    """Dates, numbers and codes as real tables write them (issue 11 items 10 and 11)."""
    from auditor import valuetypes as vt

    classes = {
        "2020-3-31": vt.DATE_OTHER,
        "6/3/2021": vt.DATE_OTHER,
        "6.3.2021 00:00:00": vt.DATE_OTHER,
        "Oct 2021": vt.DATE_OTHER,
        "12 Oct 2021": vt.DATE_OTHER,
        "October 12, 2021": vt.DATE_OTHER,
        "01-01-13": vt.MAYBE_DATE,
        "1100306": vt.MAYBE_DATE,
        "20171024": vt.MAYBE_DATE,
        "44261": vt.MAYBE_DATE,
        "0,611553068": vt.NUMBER_TEXT,
        "1.234,56": vt.NUMBER_TEXT,
        "1,250": vt.NUMBER_TEXT,
        "2A004": vt.CODE,
        "A074": vt.CODE,
        "01001": vt.CODE,
        "12-34-56": vt.TEXT,
        "13/13/2021": vt.TEXT,
        "Mkg": vt.TEXT,
        "2021-03-06": vt.DATE_ISO,
        "1.5": vt.NUMBER,
    }
    assert {v: vt.classify(v) for v in classes} == classes
