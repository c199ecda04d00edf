"""Verdicts an expert signs on the shapes real files have (issue 11 items 8, 10, 11, 12)."""

from __future__ import annotations

import datetime as dt

from conftest import audit_json, findings, write_file, write_workbook


def _by_column(report, code):
    return {f["location"]["column"]: f for f in findings(report, code)}


def test_a_column_filled_only_late_in_the_file_is_still_typed(tmp_path):
    """Hong Kong's building list: the date column is empty for its first 1,251 rows."""
    lines = ["District,Building name,Last date of residence"]
    lines += [f"D{i % 18},Block {i}," for i in range(1251)]
    lines += [f"D{i % 18},Block {i},{(i % 28) + 1:02d}/{(i % 12) + 1:02d}/2022" for i in range(1251, 1787)]
    _, report = audit_json(write_file(tmp_path, "late.csv", "\n".join(lines) + "\n"), extra=("--select", "MR015,MR013"))
    (dates,) = findings(report, "MR015")
    assert dates["location"]["column"] == "Last date of residence"
    assert dates["count"] == 536 and dates["rows"] == [1253, 1254, 1255, 1256, 1257]
    assert not findings(report, "MR013")


def test_day_first_month_name_and_unpadded_dates_are_non_iso(tmp_path):
    values = ["2020-3-31", "6/3/2021", "13/02/2021 00:00:00", "Oct 2021", "12 Oct 2021", "20171024", "2021-03-06"]
    text = "事项,Date\n" + "".join(f"项{i},{v}\n" for i, v in enumerate(values))
    _, report = audit_json(write_file(tmp_path, "d.csv", text), extra=("--select", "MR015,MR013"))
    (finding,) = findings(report, "MR015")
    assert finding["count"] == 6 and finding["rows"] == [2, 3, 4, 5, 6]
    assert not findings(report, "MR013")


def test_dd_mm_yy_under_a_date_header(tmp_path):
    text = "Classement;Date;Occupancy rate\n" + "".join(
        f"{i} stars;01-{i % 12 + 1:02d}-13;0,{i}5\n" for i in range(1, 31)
    )
    _, report = audit_json(write_file(tmp_path, "fr.csv", text), extra=("--select", "MR015,MR014,MR013"))
    assert _by_column(report, "MR015")["Date"]["count"] == 30
    assert _by_column(report, "MR014")["Occupancy rate"]["count"] == 30  # decimal commas: numbers as text
    assert not findings(report, "MR013")


def test_excel_serials_in_a_date_column_are_non_iso_dates_not_mixed_types(tmp_path):
    rows = [["事项", "登记日期"]] + [[f"项{i}", dt.date(2024, 1, i + 1)] for i in range(10)]
    rows += [["项A", 45000], ["项B", 45001.5], ["项C", "45002"]]
    _, report = audit_json(write_workbook(tmp_path / "serial.xlsx", rows), extra=("--select", "MR015,MR013"))
    (finding,) = findings(report, "MR015")
    assert finding["count"] == 3 and finding["rows"] == [12, 13, 14]
    assert not findings(report, "MR013")


def test_sentinel_dates_are_placeholders(tmp_path):
    text = "姓名代号,出生日期\n" + "".join(f"A{i},1990-01-{i % 28 + 1:02d}\n" for i in range(20))
    text += "A98,1900-01-01\nA99,30/12/1899\n"
    _, report = audit_json(write_file(tmp_path, "s.csv", text), extra=("--select", "CP003,MR015,TM005"))
    (placeholder,) = findings(report, "CP003")
    assert placeholder["location"]["column"] == "出生日期"
    assert placeholder["count"] == 2 and placeholder["rows"] == [22, 23]
    assert not findings(report, "MR015")


def test_a_column_where_no_type_reaches_90_percent_is_mixed(tmp_path):
    values = [str(i * 3) if i % 3 == 0 else f"see note {i}" for i in range(60)]  # a third are numbers
    text = "id,remark\n" + "".join(f"r{i},{v}\n" for i, v in enumerate(values))
    _, report = audit_json(write_file(tmp_path, "m.csv", text), extra=("--select", "MR013"))
    (mixed,) = findings(report, "MR013")
    assert mixed["location"]["column"] == "remark"
    assert mixed["count"] == 20 and mixed["rows"] == [2, 5, 8, 11, 14]
    assert "numbers" in mixed["message"]


def test_codes_are_codes_not_broken_numbers(tmp_path):
    codes = [f"{i:05d}" for i in range(1001, 1040)] + ["2A004", "2B033"] + [str(75000 + i) for i in range(10)]
    text = "INSEE,commune\n" + "".join(f"{c},Commune {i}\n" for i, c in enumerate(codes))
    _, report = audit_json(write_file(tmp_path, "insee.csv", text), extra=("--select", "MR013,MR014"))
    assert not findings(report, "MR013") and not findings(report, "MR014")


def test_na_and_none_are_values_where_the_column_says_so(tmp_path):
    """ISTAT's list: NA is Napoli's plate code, None is the comune None (TO)."""
    plates = ["TO", "MI", "RM", "NA", "BO", "FI"] * 10
    towns = [f"Comune{chr(65 + i % 26)}" for i in range(59)] + ["None"]
    text = "Sigla,Denominazione,Note\n" + "".join(
        f"{p},{t},{'NA' if i % 20 == 0 else 'ok'}\n" for i, (p, t) in enumerate(zip(plates, towns, strict=True))
    )
    _, report = audit_json(write_file(tmp_path, "istat.csv", text), extra=("--select", "CP003"))
    by_column = _by_column(report, "CP003")
    assert set(by_column) == {"Note"}  # NA among "ok" notes is a placeholder; among plate codes it is not
    assert by_column["Note"]["count"] == 3 and by_column["Note"]["rows"] == [2, 22, 42]


def test_section_title_rows_are_non_data_rows_and_not_missing_values(tmp_path):
    rows = [["序号", "学校名称", "学校标识码", "主管部门", "所在地"]]
    merges = []
    n = 0
    for _, city in enumerate(["北京市（3所）", "天津市（3所）"]):
        rows.append([city, "", "", "", ""])
        merges.append(f"A{len(rows)}:E{len(rows)}")
        for k in range(3):
            n += 1
            rows.append([n, f"{city[:2]}第{k}大学", f"41{n:08d}", "教育部", city[:2]])
    _, report = audit_json(
        write_workbook(tmp_path / "schools.xlsx", rows, merge=merges), extra=("--select", "MR012,CP002,MR013")
    )
    (sections,) = findings(report, "MR012")
    assert sections["count"] == 2 and sections["rows"] == [2, 6]
    assert not findings(report, "CP002") and not findings(report, "MR013")
    assert report["datasets"][0]["tables"][0]["rows"] == 6  # records only


def test_a_record_with_gaps_is_not_a_section_title(tmp_path):
    """区公安局 alone in a row of a list where every record's first cell is 区公安局."""
    rows = "".join(f"区公安局,C{i:07d},对某行为的处罚{i},罚款\n" for i in range(40))
    text = "实施主体,职权编号,职权名称,职权种类\n" + rows + "区公安局,,,\n" + rows
    _, report = audit_json(write_file(tmp_path, "gaps.csv", text), extra=("--select", "MR012,CP002"))
    assert not findings(report, "MR012")
    assert report["datasets"][0]["tables"][0]["rows"] == 81


def test_identifier_columns_are_text_whatever_their_values_look_like(tmp_path):
    codes = [f"{600000 + i}" for i in range(25)] + [f"0{i:04d}.HK" for i in range(6)] + ["TSLA.O", "BABA.N"] * 5
    text = "公司名称,股票代码,类别\n" + "".join(f"公司{i},{c},{i % 12 + 1:02d}\n" for i, c in enumerate(codes))
    _, report = audit_json(write_file(tmp_path, "stocks.csv", text), extra=("--select", "MR013,MR014"))
    assert not findings(report, "MR013") and not findings(report, "MR014")


def test_totals_and_notes_in_other_languages_and_after_a_row_number(tmp_path):
    text = (
        "nr,provincie,lasten\n1,Groningen,100\n2,Friesland,200\n3,Totaal,300\n4,Drenthe,50\n5,Utrecht,70\n"
        "6,Zeeland,80\nTOTAL,,800\nFuente: INE,,\nQuelle: Destatis,,\nTotal Energies Ltd,Noord,1\n"
    )
    _, report = audit_json(write_file(tmp_path, "nl.csv", text), extra=("--select", "MR012"))
    by_key = {f["message"].split()[1]: f for f in findings(report, "MR012")}
    assert by_key["total"]["count"] == 2 and by_key["total"]["rows"] == [4, 8]
    assert by_key["note"]["count"] == 2 and by_key["note"]["rows"] == [9, 10]


def test_a_repeated_header_that_differs_only_in_white_space_is_a_stacked_table(tmp_path):
    text = "区,人口,面积\n海淀,100,4\n朝阳,200,5\n 区 ,人口 ,面积\n丰台,300,6\n"
    _, report = audit_json(write_file(tmp_path, "stack.csv", text), extra=("--select", "MR012,MR013"))
    (header,) = findings(report, "MR012")
    assert header["count"] == 1 and header["rows"] == [4] and "header" in header["message"]
    assert not findings(report, "MR013")
