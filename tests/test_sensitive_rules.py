"""The SF rules through the real CLI: column verdicts, masked/unmasked split, redacted
examples, fingerprints, profiles. Every identifier is synthetic (checksums computed here)."""

from __future__ import annotations

import random

import yaml
from conftest import audit_json, codes, findings, write_file, write_workbook

from auditor import identifiers as ids

RND = random.Random(20261128)


def make_ids(n: int, region: str = "110105") -> list[str]:
    return [
        ids.make_resident_id(
            region,
            f"19{RND.randrange(50, 99)}{RND.randrange(1, 13):02d}{RND.randrange(1, 29):02d}",
            f"{RND.randrange(1000):03d}",
        )
        for _ in range(n)
    ]


def make_mobiles(n: int) -> list[str]:
    return [f"139{RND.randrange(10**8):08d}" for _ in range(n)]


def mask_id(number: str) -> str:
    return number[:6] + "********" + number[-4:]


def csv_text(header: list[str], rows: list[list]) -> str:
    return "\n".join(",".join(map(str, r)) for r in [header, *rows]) + "\n"


def sf(tmp_path, header, rows, *extra, name="d.csv"):
    path = write_file(tmp_path, name, csv_text(header, rows))
    return audit_json(path, extra=("--select", "SF", *extra))[1]


# -- SF001 -----------------------------------------------------------------------------
def test_sf001_column_finding_counts_rows_examples_fingerprints(tmp_path):
    numbers = make_ids(6)
    masked = [mask_id(n) for n in make_ids(2)]
    report = sf(tmp_path, ["序号", "身份证号"], [[i, v] for i, v in enumerate(numbers + masked, 1)])
    [finding] = findings(report, "SF001")
    assert finding["severity"] == "error" and finding["location"]["column"] == "身份证号"
    assert finding["count"] == 6
    assert finding["data"]["unmasked"] == 6 and finding["data"]["masked"] == 2
    assert finding["data"]["partially_masked"] == 0 and finding["data"]["header_context"] is True
    assert finding["rows"] == [2, 3, 4, 5, 6, 7]
    assert all(e.startswith("*" * 14) and len(e) == 18 for e in finding["examples"])
    assert len(finding["data"]["fingerprints"]) == 6 and all(len(f) == 16 for f in finding["data"]["fingerprints"])


def test_sf001_properly_masked_column_is_quiet(tmp_path):
    report = sf(tmp_path, ["姓名", "身份证号"], [["张*", mask_id(n)] for n in make_ids(5)])
    assert not codes(report) & {"SF001", "SF009"}


def test_sf001_ids_in_a_credit_code_column_are_found(tmp_path):
    rows = [
        [f"单位{i}", v]
        for i, v in enumerate(make_ids(8) + [ids.make_uscc("91110105", f"MA0{i}XY3K") for i in range(4)])
    ]
    [finding] = findings(sf(tmp_path, ["名称", "统一社会信用代码"], rows), "SF001")
    assert finding["count"] == 8


def test_sf001_permit_numbers_passing_the_checksum_by_chance_are_not_ids(tmp_path):
    permits = [f"110116{2022 + i % 2}{1 + i % 12:02d}{1 + i % 28:02d}{i:04d}" for i in range(60)]
    assert sum(ids.is_resident_id(p) for p in permits) >= 2, "the trap needs a few checksum passes"
    assert "SF001" not in codes(sf(tmp_path, ["编号", "施工许可证号"], [[i, p] for i, p in enumerate(permits)]))
    # The same values under a header that announces ID numbers are reported: the header decides.
    report = sf(tmp_path, ["编号", "身份证号"], [[i, p] for i, p in enumerate(permits)], name="e.csv")
    assert findings(report, "SF001")[0]["count"] == sum(ids.is_resident_id(p) for p in permits)


def test_sf001_glued_to_chinese_in_free_text(tmp_path):
    [number] = make_ids(1)
    report = sf(tmp_path, ["事项", "备注"], [["登记", f"申请人身份证号{number}已核验"]])
    assert findings(report, "SF001")[0]["location"]["column"] == "备注"


def test_sf001_birth_date_after_as_of_is_not_an_id(tmp_path):
    future = ids.make_resident_id("110105", "20261201", "123")
    assert "SF001" not in codes(sf(tmp_path, ["备注"], [[f"号码{future}"]]))


# -- SF002 / SF012 -----------------------------------------------------------------------
def test_sf002_mobiles_masked_and_landlines(tmp_path):
    mobiles = make_mobiles(3)
    rows = [
        ["甲", mobiles[0]],
        ["乙", f"+86 {mobiles[1][:3]} {mobiles[1][3:7]} {mobiles[1][7:]}"],
        ["丙", mobiles[2][:3] + "****" + mobiles[2][-4:]],
        ["丁", "65529988"],
        ["戊", "010-65529988"],
    ]
    report = sf(tmp_path, ["单位", "联系电话"], rows)
    [mobile] = findings(report, "SF002")
    assert mobile["count"] == 2 and mobile["data"]["masked"] == 1
    [landline] = findings(report, "SF012")
    assert landline["count"] == 2 and landline["severity"] == "info"


def test_sf002_phone_like_numeric_ids_without_header_are_quiet(tmp_path):
    numbers = [f"{RND.randrange(10**10, 10**11)}" for _ in range(200)]
    assert "SF002" not in codes(sf(tmp_path, ["订单号", "金额"], [[n, 10] for n in numbers]))


def test_sf002_masked_column_is_quiet(tmp_path):
    rows = [[m[:3] + "****" + m[-4:]] for m in make_mobiles(5)]
    assert not codes(sf(tmp_path, ["手机号"], rows)) & {"SF002", "SF009"}


def test_sf002_mobile_in_a_row_with_extra_fields(tmp_path):
    [mobile] = make_mobiles(1)
    text = "工地,地址,负责人电话,状态\nA,北京市朝阳区建国路1号,/,有效\nB,北京市,朝阳区,建国路2号," + mobile + ",有效\n"
    report = audit_json(write_file(tmp_path, "d.csv", text), extra=("--select", "SF"))[1]
    [finding] = findings(report, "SF002")
    assert finding["location"]["column"] == "负责人电话" and finding["rows"] == [3]


# -- SF003 -------------------------------------------------------------------------------
def test_sf003_cards_luhn_and_header_accounts(tmp_path):
    card = ids.make_card("621234567890123456")
    bad = [f"62{RND.randrange(10**13, 10**14)}" for _ in range(100)]
    bad = [b for b in bad if not ids.luhn_ok(b)]
    report = sf(
        tmp_path,
        ["户名", "备注", "银行账号"],
        [["张*", f"卡号{card}", "110123456789"]] + [["李*", f"订单{b}", ""] for b in bad[:1]],
    )
    found = {f["location"]["column"]: f["count"] for f in findings(report, "SF003")}
    assert found == {"备注": 1, "银行账号": 1}
    quiet = sf(tmp_path, ["订单号"], [[b] for b in bad], name="orders.csv")
    assert "SF003" not in codes(quiet)


# -- SF004 / SF005 -------------------------------------------------------------------------
def test_sf004_email_and_masked_email(tmp_path):
    report = sf(tmp_path, ["联系人", "邮箱"], [["张*", "zhangsan@example.com"], ["李*", "l***@example.com"]])
    [finding] = findings(report, "SF004")
    assert finding["count"] == 1 and finding["data"]["masked"] == 1 and finding["severity"] == "warning"
    assert "SF004" not in codes(sf(tmp_path, ["邮箱"], [["l***@example.com"]], name="m.csv"))


def test_sf005_passports_only_under_a_header(tmp_path):
    assert (
        findings(sf(tmp_path, ["姓名", "护照号码"], [["张*", "EA1234567"], ["李*", "E12345678"]]), "SF005")[0]["count"]
        == 2
    )
    assert "SF005" not in codes(sf(tmp_path, ["型号"], [["EA1234567"]], name="p.csv"))


# -- SF006 / SF007 / SF008 / SF013 ---------------------------------------------------------
def test_sf006_names_need_header_and_name_shaped_values(tmp_path):
    report = sf(tmp_path, ["姓名", "分数"], [["张伟", 1], ["欧阳娜娜", 2], ["王*", 3], ["李强", 4]])
    [finding] = findings(report, "SF006")
    assert finding["count"] == 3 and finding["data"]["masked"] == 1 and finding["examples"][0] == "**"
    companies = sf(tmp_path, ["负责人", "x"], [["北京某某科技有限公司", 1], ["某某街道办事处", 2]], name="c.csv")
    assert "SF006" not in codes(companies)
    assert "SF006" not in codes(sf(tmp_path, ["品名"], [["张伟"], ["李强"]], name="n.csv"))


def test_sf007_home_addresses(tmp_path):
    home = "北京市朝阳区某某路8号院3号楼2单元301室"
    assert "SF007" in codes(sf(tmp_path, ["姓名", "家庭住址"], [["张*", home]]))
    assert "SF007" not in codes(sf(tmp_path, ["工地", "地址"], [["某工程", home]], name="site.csv"))
    assert "SF007" in codes(sf(tmp_path, ["姓名", "地址"], [["张伟", home]], name="people.csv"))


def test_sf008_plates_and_sf013_birth_dates(tmp_path):
    report = sf(
        tmp_path,
        ["车牌号", "出生日期"],
        [["京A12345", "1990-03-07"], ["粤BD12345", "1985/12/31"], ["京A***45", "19**-**-**"]],
    )
    assert findings(report, "SF008")[0]["count"] == 2 and findings(report, "SF008")[0]["data"]["masked"] == 1
    assert findings(report, "SF013")[0]["count"] == 2 and findings(report, "SF013")[0]["data"]["masked"] == 1


# -- SF009 / SF010 / SF011 -------------------------------------------------------------------
def test_sf009_weak_masks_and_policy_option(tmp_path):
    numbers = make_ids(3)
    mobile = make_mobiles(1)[0]
    rows = [[n[:14] + "****", mobile[:7] + "*" + mobile[-3:]] for n in numbers]
    report = sf(tmp_path, ["身份证号", "手机"], rows)
    by_column = {f["location"]["column"]: f for f in findings(report, "SF009")}
    assert by_column["身份证号"]["count"] == 3 and by_column["身份证号"]["data"]["birth_date_visible"] == 3
    assert by_column["手机"]["count"] == 3
    assert not codes(report) & {"SF001", "SF002"}
    profile = tmp_path / "lenient.yaml"
    profile.write_text(
        yaml.safe_dump({"name": "lenient", "extends": "default", "rules": {"SF009": {"mobile_max_visible": 10}}}),
        "utf-8",
    )
    lenient = sf(tmp_path, ["身份证号", "手机"], rows, "--profile", str(profile), name="l.csv")
    assert {f["location"]["column"] for f in findings(lenient, "SF009")} == {"身份证号"}


def test_sf010_unconditionally_open_dataset(tmp_path):
    [number] = make_ids(1)
    data = write_file(tmp_path, "d.csv", csv_text(["姓名", "身份证号"], [["张*", number]]))
    write_file(tmp_path, "d.csv.meta.yaml", "开放条件: 无条件开放\n")
    _, report = audit_json(data, extra=("--select", "SF"))
    [finding] = findings(report, "SF010")
    assert finding["severity"] == "error" and finding["data"]["codes"] == {"SF001": 1}
    assert findings(report, "SF001")[0]["count"] == 1 and finding["count"] == 1
    # Alone, SF010 still judges, but cites no code the report lacks.
    _, report = audit_json(data, extra=("--select", "SF010"))
    [finding] = findings(report, "SF010")
    assert finding["data"]["codes"] == {} and finding["data"]["not_selected"] == {"resident-id-number": 1}
    assert "SF001" not in finding["message"] and codes(report) == {"SF010"}
    write_file(tmp_path, "d.csv.meta.yaml", "开放条件: 有条件开放\n")
    assert "SF010" not in codes(audit_json(data, extra=("--select", "SF"))[1])


def test_sf010_quiet_without_personal_data(tmp_path):
    data = write_file(tmp_path, "d.csv", csv_text(["区", "人口"], [["朝阳区", 100]]))
    write_file(tmp_path, "d.csv.meta.yaml", "开放条件: 无条件开放\n")
    assert "SF010" not in codes(audit_json(data, extra=("--select", "SF"))[1])


def test_sf011_individual_business_codes(tmp_path):
    rows = [["小吃店", ids.make_uscc("92110105", "MA01XY3K")], ["公司", ids.make_uscc("91110105", "MA01XY3K")]]
    [finding] = findings(sf(tmp_path, ["名称", "统一社会信用代码"], rows), "SF011")
    assert finding["count"] == 1 and finding["severity"] == "info"


# -- spreadsheets, profiles, one finding per column --------------------------------------------
def test_xlsx_native_numbers_and_text(tmp_path):
    numbers = make_ids(2)
    mobiles = make_mobiles(2)
    path = write_workbook(
        tmp_path / "d.xlsx",
        [["姓名", "身份证号", "手机"], ["张*", numbers[0], int(mobiles[0])], ["李*", numbers[1], int(mobiles[1])]],
    )
    report = audit_json(path, extra=("--select", "SF"))[1]
    assert findings(report, "SF001")[0]["count"] == 2
    assert findings(report, "SF002")[0]["count"] == 2


def test_one_finding_per_code_and_column(tmp_path):
    numbers = make_ids(30)
    report = sf(
        tmp_path, ["身份证号", "备注"], [[n, f"联系{m}"] for n, m in zip(numbers, make_mobiles(30), strict=True)]
    )
    keys = [(f["code"], f["location"]["column"]) for f in report["datasets"][0]["findings"]]
    assert len(keys) == len(set(keys))
    assert findings(report, "SF001")[0]["count"] == 30 and len(findings(report, "SF001")[0]["rows"]) == 10


def test_strict_profile_makes_unmasked_identifiers_errors(tmp_path):
    report = sf(
        tmp_path, ["联系人", "邮箱", "车牌"], [["张伟", "zhangsan@example.com", "京A12345"]], "--profile", "strict"
    )
    severities = {f["code"]: f["severity"] for f in report["datasets"][0]["findings"]}
    assert severities["SF004"] == severities["SF006"] == severities["SF008"] == "error"


def test_header_terms_option_extends_the_lexicon(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text(
        yaml.safe_dump(
            {"name": "p", "extends": "default", "rules": {"SF006": {"header_terms": ["住户"]}}}, allow_unicode=True
        ),
        "utf-8",
    )
    rows = [["张伟"], ["李强"]]
    assert "SF006" not in codes(sf(tmp_path, ["住户"], rows))
    assert "SF006" in codes(sf(tmp_path, ["住户"], rows, "--profile", str(profile), name="e.csv"))


def test_named_card_in_notes_survives_reference_numbers(tmp_path):
    card = ids.make_card("621234567890123456")
    refs = [f"{RND.randrange(10**17, 10**18)}" for _ in range(20)]
    rows = [[f"流水号{r}"] for r in refs] + [[f"退款至卡号{card}"]]
    [finding] = findings(sf(tmp_path, ["备注"], rows), "SF003")
    assert finding["count"] == 1 and finding["data"]["named_in_text"] == 1


def test_batched_prefilter_finds_every_row_across_batches(tmp_path):
    """Rows with several triggers, triggers in consecutive rows and across the 4,096-row batch edge."""
    from conftest import audit_json, findings, write_file

    weights = [pow(2, 17 - i, 11) for i in range(17)]

    def rid(n):
        body = f"110105198{n % 10}0{(n % 9) + 1}1{n % 10}{n % 1000:03d}"[:17]
        return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]

    hot = {5, 6, 4095, 4096, 4097, 8200}
    lines = ["编号,备注,联系"]
    for i in range(9000):
        if i in hot:
            lines.append(f"{i},证件{rid(i)},手机13{i % 10}1234{i % 10000:04d} 邮箱 a{i}@example.com")
        else:
            lines.append(f"{i},无,暂无")
    _, report = audit_json(
        write_file(tmp_path, "b.csv", "\n".join(lines) + "\n"), extra=("--select", "SF001,SF002,SF004")
    )
    sf001 = [f for f in findings(report, "SF001")]
    assert sum(f["count"] for f in sf001) == len(hot)
    assert sorted(r for f in sf001 for r in f["rows"]) == sorted(i + 2 for i in hot)
    assert sum(f["count"] for f in findings(report, "SF002")) == len(hot)
    assert sum(f["count"] for f in findings(report, "SF004")) == len(hot)


def test_tables_with_numeric_cells_are_scanned_without_error(tmp_path):
    """RDF tables carry numbers as numbers; the batched prefilter must not trip over them."""
    from conftest import audit_json, write_file

    ttl = """@prefix ex: <http://example.org/> .
ex:a a ex:Person ; ex:phone "13812345678" ; ex:age 42 .
ex:b a ex:Person ; ex:phone "13912345678" ; ex:age 37 .
"""
    code, report = audit_json(write_file(tmp_path, "people.ttl", ttl))
    assert code in (0, 1) and not report["datasets"][0]["errors"]
    assert "SF002" in {f["code"] for f in report["datasets"][0]["findings"]}
