"""DESIGN §6: a personal identifier the auditor reads never appears in anything it writes.

Unmasked ID, mobile, card numbers and e-mails go in through data cells, free text,
a header label, a cell a non-SF rule quotes, a file a loader cannot read and an
exception a plugin raises; every output format, stderr and `--debug` are searched
for them. All values are synthetic (checksums computed here).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from conftest import AS_OF, run_cli, write_file, write_workbook

from auditor import identifiers as ids
from auditor.redact import redact, scrub

ID_A = ids.make_resident_id("110105", "19900307", "123")
ID_B = ids.make_resident_id("440305", "19851231", "456")
ID_C = ids.make_resident_id("310115", "20000229", "789")
MOBILE_A, MOBILE_B = "13912345678", "18611112222"
CARD = ids.make_card("621234567890123456")
EMAIL = "zhangsan@example.com"
SECRETS = (ID_A, ID_B, ID_C, MOBILE_A, MOBILE_B, CARD, EMAIL)
FORMATS = ("terminal", "json", "html", "sarif", "junit", "markdown", "github")


def assert_clean(*texts: str) -> None:
    """No secret in the text, nor once separators are taken out (139-1234-5678)."""
    blob = "\n".join(texts)
    squeezed = blob.replace("-", "").replace(" ", "")
    for secret in SECRETS:
        assert secret not in blob and secret not in squeezed, f"raw value leaked: {redact(secret)}"


@pytest.fixture
def leaky(tmp_path):
    """A table full of unmasked identifiers, one of them as a header label."""
    text = (
        f"序号,姓名,身份证号,联系电话,备注,{ID_C}\n"
        f"1,张伟,{ID_A},{MOBILE_A},卡号{CARD} 邮箱{EMAIL},x\n"
        f"2,李娜,{ID_B},{MOBILE_B[:3]}-{MOBILE_B[3:7]}-{MOBILE_B[7:]},身份证号{ID_A}已核验,y\n"
    )
    return write_file(tmp_path, "leaky.csv", text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_raw_value_in_any_format(leaky, fmt):
    result = run_cli("check", leaky, "--format", fmt, "--as-of", AS_OF)
    assert result.exit_code == 1
    assert_clean(result.stdout, result.stderr)
    if fmt == "json":
        report = json.loads(result.stdout)
        found = {f["code"] for f in report["datasets"][0]["findings"]}
        assert {"SF001", "SF002", "SF003", "SF004", "SF006"} <= found, "the values were detected"


@pytest.mark.parametrize("extra", [(), ("--debug",), ("--lang", "zh"), ("--no-examples",), ("--profile", "strict")])
def test_no_raw_value_with_options_in_a_real_process(leaky, tmp_path, extra):
    out = tmp_path / "report.html"
    baseline = tmp_path / "baseline.json"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "auditor",
            "check",
            str(leaky),
            "--as-of",
            AS_OF,
            "-o",
            str(out),
            "--write-baseline",
            str(baseline),
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert_clean(proc.stdout, proc.stderr, out.read_text("utf-8"), baseline.read_text("utf-8"))


def test_a_value_quoted_by_a_non_sf_rule_is_redacted(tmp_path):
    rows = "".join(f"{i},{i * 10}\n" for i in range(1, 30))
    text = f"编号,金额\n{rows}30,联系{MOBILE_A}\n31,{ID_A}\n"
    data = write_file(tmp_path, "mixed.csv", text)
    result = run_cli("check", data, "--format", "json", "--as-of", AS_OF, "--ignore", "SF")
    report = json.loads(result.stdout)
    quoted = [f for f in report["datasets"][0]["findings"] if f["examples"]]
    assert any(f["code"].startswith("MR") for f in quoted), "a non-SF rule quotes the cells"
    assert_clean(result.stdout, result.stderr)


def test_a_file_the_loader_cannot_read(tmp_path):
    broken_zip = b"PK\x03\x04" + f"{ID_A} {MOBILE_A}".encode() + b"\x00" * 40
    bad_json = f'{{"data": [{{"sfz": "{ID_A}", "tel": "{MOBILE_A}"'.encode()
    bad_sheet = tmp_path / "sheet.xlsx"
    write_workbook(bad_sheet, [["身份证号"], [ID_B]])
    truncated = bad_sheet.read_bytes()[:300]
    paths = [
        write_file(tmp_path, "broken.xlsx", data=broken_zip),
        write_file(tmp_path, "bad.json", data=bad_json),
        write_file(tmp_path, "cut.xlsx", data=truncated),
    ]
    for debug in ((), ("--debug",)):
        result = run_cli("check", *paths, "--format", "json", "--as-of", AS_OF, *debug)
        assert result.exit_code in (0, 1), result.output
        report = json.loads(result.stdout)
        assert any(f["code"] == "MR001" for d in report["datasets"] for f in d["findings"])
        assert_clean(result.stdout, result.stderr)


CRASHING_PACK = """
from auditor.rule import Rule, RulePack
from auditor.model import Severity

class Quoting(Rule):
    '''Raises with the cell value in its message, as careless plugins do.'''
    code = "XL001"
    name = "quoting-crash"
    default_severity = Severity.WARNING
    title = {"en": "crash", "zh": "崩溃"}
    def row(self, rownum, cells):
        raise ValueError("cannot parse " + " ".join(cells))

PACK = RulePack(id="quoting", prefix="XL", dimension="machine_readability", title={"en": "x", "zh": "x"},
                rules=(Quoting,))
"""


@pytest.mark.parametrize("extra", [(), ("--debug",)])
def test_an_exception_quoting_values_is_scrubbed(leaky, tmp_path, extra):
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "quoting.py").write_text(textwrap.dedent(CRASHING_PACK), encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "auditor",
            "check",
            str(leaky),
            "--rules-dir",
            str(folder),
            "--format",
            "json",
            "--as-of",
            AS_OF,
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 3
    errors = json.loads(proc.stdout)["datasets"][0]["errors"]
    assert errors and "XL001" in errors[0]["where"]
    assert_clean(proc.stdout, proc.stderr)


def test_scrub_and_redact_units():
    assert redact(ID_A) == "*" * 14 + ID_A[-4:]
    assert redact("张三") == "**"
    text = f"ID{ID_A}, tel {MOBILE_B[:3]} {MOBILE_B[3:7]} {MOBILE_B[7:]}, card {CARD}, mail {EMAIL}"
    cleaned = scrub(text)
    assert_clean(cleaned)
    assert cleaned.startswith("ID**************") and "tel" in cleaned
    assert scrub("订单 20241128 共 3 件") == "订单 20241128 共 3 件"


def _full_width(text: str) -> str:
    return "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in text)


BIRTH_DATES = ("1990年3月7日", "1985年12月31日", "2000年2月29日")


@pytest.fixture
def disguised(tmp_path):
    """Identifiers typed as publishers do (full-width, spaced, dashed) among plain values, so
    the value rules (MR013, MR014, MR015) quote these cells, and a date-of-birth column."""
    rows = "".join(f"{i},{i * 10},2024-01-0{1 + i % 9},{BIRTH_DATES[i % 3]}\n" for i in range(1, 30))
    text = (
        f"编号,金额,登记日期,出生日期\n{rows}"
        f"30,{_full_width(ID_A)},2024-01-01,{BIRTH_DATES[0]}\n"
        f"31,{ID_B[:6]} {ID_B[6:14]} {ID_B[14:]},2024-01-02,{BIRTH_DATES[1]}\n"
        f"32,{ID_C[:6]}-{ID_C[6:14]}-{ID_C[14:]},2024-01-03,{BIRTH_DATES[2]}\n"
        f"33,{_full_width(MOBILE_A)},2024-01-04,{BIRTH_DATES[0]}\n"
        f"34,{MOBILE_B[:3]}-{MOBILE_B[3:7]}-{MOBILE_B[7:]},2024-01-05,{BIRTH_DATES[1]}\n"
    )
    return write_file(tmp_path, "disguised.csv", text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_full_width_spaced_dashed_identifiers_and_birth_dates_never_leak(disguised, fmt):
    for extra in ((), ("--ignore", "SF")):
        result = run_cli("check", disguised, "--format", fmt, "--as-of", AS_OF, *extra)
        assert result.exit_code == 1
        blob = result.stdout + result.stderr
        assert_clean(blob, _fold(blob))
        for date in BIRTH_DATES:
            assert date not in blob, "a date of birth was quoted"


def _fold(text: str) -> str:
    return ids.fold_number_chars(text)


def test_full_width_and_spaced_ids_are_found_and_quoted_only_redacted(disguised):
    report = json.loads(run_cli("check", disguised, "--format", "json", "--as-of", AS_OF).stdout)
    found = {f["code"]: f for f in report["datasets"][0]["findings"] if f["location"]["column"] == "金额"}
    assert found["SF001"]["count"] == 3 and found["SF001"]["rows"] == [31, 32, 33]
    assert found["SF002"]["count"] == 2 and found["SF002"]["rows"] == [34, 35]
    quoted = [e for f in report["datasets"][0]["findings"] if not f["code"].startswith("SF") for e in f["examples"]]
    assert quoted, "a value rule quotes the disguised cells"
    births = [f for f in report["datasets"][0]["findings"] if f["location"]["column"] == "出生日期"]
    assert births and all(set(e) == {"*"} for f in births for e in f["examples"])


def test_scrub_sees_what_the_detectors_see():
    spaced, dashed = f"{ID_A[:6]} {ID_A[6:14]} {ID_A[14:]}", f"{ID_A[:6]}-{ID_A[6:14]}-{ID_A[14:]}"
    for text in (
        spaced,
        dashed,
        _full_width(ID_A),
        f"证件{_full_width(ID_A)}号",
        f"{MOBILE_A[:3]} {MOBILE_A[3:7]} {MOBILE_A[7:]}",
        _full_width(MOBILE_B),
        f"+86 {MOBILE_A}",
        f"{MOBILE_A} {MOBILE_B}",
        f"{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]}",
    ):
        cleaned = scrub(text)
        assert_clean(cleaned, _fold(cleaned))
        assert len(cleaned) == len(text)
    # Full-width digits that are no identifier are shown as typed (MR014's own examples).
    assert scrub("１２３元") == "１２３元"
    assert scrub("2021-03-06 10:00") == "2021-03-06 10:00"
    # A value from a column whose header names personal data is never shown, whatever it looks like.
    assert scrub("1990-03-07", column="出生日期") == "*" * 10
    assert scrub("张三", column="联系人") == "**" and scrub("朝阳区", column="项目名称") == "朝阳区"
