"""Personal data as real registers hold it (issue 11 item 13): role headers in Simplified and
Traditional Chinese, names in running text, plate variants, full-width digits, company
registers, mostly masked columns, masked addresses, US phone extensions. Each test asserts
the code, column, count and rows. Every value is synthetic."""
from __future__ import annotations

from conftest import audit_json, findings, write_file

from auditor import identifiers as ids

NAMES = ["张伟", "李娜", "王芳", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴霞"]
TRADITIONAL = ["陳大文", "黃志明", "張簡美玲", "劉德華", "賴清德", "蕭美琴", "鄭麗君", "歐陽娜娜", "洪秀柱", "謝長廷"]


def sf(tmp_path, header, rows, name="d.csv"):
    text = "\n".join(",".join(map(str, r)) for r in [header, *rows]) + "\n"
    return audit_json(write_file(tmp_path, name, text), extra=("--select", "SF"))[1]


def one(report, code, column):
    found = [f for f in findings(report, code) if f["location"]["column"] == column]
    assert len(found) == 1, (code, column, [f["location"]["column"] for f in findings(report, code)])
    return found[0]


def test_names_under_role_headers_simplified_and_traditional(tmp_path):
    for i, header in enumerate(["经办人", "管理人", "联系人", "聯絡人", "負責人", "申請人", "法定代表人"]):
        names = TRADITIONAL if i % 2 else NAMES
        report = sf(tmp_path, ["序号", header], [[n, v] for n, v in enumerate(names, 1)], name=f"t{i}.csv")
        finding = one(report, "SF006", header)
        assert finding["count"] == 10 and finding["rows"] == list(range(2, 12)), header


def test_a_count_of_staff_is_no_name_column(tmp_path):
    report = sf(tmp_path, ["单位", "管理人员数"], [[f"单位{i}", NAMES[i][:1] + "一"] for i in range(10)])
    assert not findings(report, "SF006")


def test_names_next_to_a_role_word_in_free_text(tmp_path):
    notes = ["联系人张三电话待补", "已办结", "负责人：李娜，已核实", "经办人王芳", "无", "申請人陳大文已到場",
             "联系人张*", "项目已验收"]
    report = sf(tmp_path, ["事项", "备注"], [[i, v] for i, v in enumerate(notes)])
    finding = one(report, "SF006", "备注")
    assert finding["count"] == 4 and finding["rows"] == [2, 4, 5, 7]
    assert finding["data"]["masked"] == 1 and finding["data"]["named_in_text"] == 4


def test_plates_with_dash_and_dot(tmp_path):
    plates = ["京A-12345", "京A·12345", "粤B·D12345", "沪C12345", "京A・88888"]
    report = sf(tmp_path, ["日期", "车辆"], [[f"2024-03-0{i + 1}", p] for i, p in enumerate(plates)])
    finding = one(report, "SF008", "车辆")
    assert finding["count"] == 5 and finding["rows"] == [2, 3, 4, 5, 6]
    notes = sf(tmp_path, ["日期", "情况"], [["2024-03-01", "车辆京A-12345违停"], ["2024-03-02", "无"]], name="n.csv")
    assert one(notes, "SF008", "情况")["rows"] == [2]


def test_full_width_ids_and_mobiles(tmp_path):
    def full(t):
        return "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in t)
    number = ids.make_resident_id("110105", "19900307", "123")
    report = sf(tmp_path, ["序号", "证件号码", "手机"], [[1, full(number), full("13912345678")],
                                                   [2, number[:6] + "********" + number[-4:], "139****5678"]])
    sf001, sf002 = one(report, "SF001", "证件号码"), one(report, "SF002", "手机")
    assert (sf001["count"], sf001["rows"], sf001["data"]["masked"]) == (1, [2], 1)
    assert (sf002["count"], sf002["rows"], sf002["data"]["masked"]) == (1, [2], 1)


def test_company_register_seat_is_no_home_address(tmp_path):
    code = ids.make_uscc("91110105", "MA01XY3K")
    rows = [[f"北京某某科技有限公司{i}", code, NAMES[i], f"北京市朝阳区建国路{i + 1}号院3号楼2单元30{i}室"]
            for i in range(6)]
    report = sf(tmp_path, ["企业名称", "统一社会信用代码", "法定代表人", "住所"], rows)
    assert not findings(report, "SF007")
    assert one(report, "SF006", "法定代表人")["count"] == 6
    # The same addresses under an unambiguous home header are reported even in a register.
    report = sf(tmp_path, ["企业名称", "法定代表人", "家庭住址"], [r[:1] + r[2:] for r in rows], name="h.csv")
    assert one(report, "SF007", "家庭住址")["count"] == 6
    # And a register of people keeps its 住所 column.
    report = sf(tmp_path, ["姓名", "住所"], [[r[2], r[3]] for r in rows], name="p.csv")
    assert one(report, "SF007", "住所")["rows"] == [2, 3, 4, 5, 6, 7]


def test_mostly_masked_name_column_reports_its_full_names(tmp_path):
    cells = [NAMES[i % 10][0] + "*" for i in range(12)] + NAMES[:8]
    report = sf(tmp_path, ["序号", "姓名"], [[i, v] for i, v in enumerate(cells)])
    finding = one(report, "SF006", "姓名")
    assert finding["count"] == 8 and finding["data"]["masked"] == 12 and finding["rows"] == list(range(14, 22))


def test_masked_addresses_count_as_masked(tmp_path):
    cells = ["北京市朝阳区建国路8号院3号楼2单元301室", "北京市朝阳区****", "北京市海淀区**路**号", "上海市***"]
    report = sf(tmp_path, ["姓名", "家庭住址"], [["张*", v] for v in cells])
    finding = one(report, "SF007", "家庭住址")
    assert finding["count"] == 1 and finding["rows"] == [2] and finding["data"]["masked"] == 3


def test_us_phone_extension_is_no_mask(tmp_path):
    phones = ["(212) 555-0123 x123", "212-555-0199 x45", "(415) 555-0100 x1234", "646-555-0142"]
    report = sf(tmp_path, ["Name", "Phone"], [["Acme Office", p] for p in phones])
    assert not findings(report, "SF009")
    assert all(f["data"]["masked"] == 0 for f in findings(report, "SF012"))
