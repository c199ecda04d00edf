"""Detectors, masks and header context of the SF pack, on the real functions.
Every identifier is synthetic (checksums computed here)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from auditor import identifiers as ids
from auditor.rules.sensitive.detectors import Context, find_in_text, judge_context_cell
from auditor.rules.sensitive.lexicon import header_kinds
from auditor.rules.sensitive.masking import MASKED, PARTIAL, UNMASKED, MaskPolicy, normalise_number
from auditor.rules.sensitive.names import is_cjk_name, is_latin_name, name_state

TODAY = dt.date(2026, 11, 28)
ID = ids.make_resident_id("110105", "19900307", "123")
CARD = ids.make_card("621234567890123456")


def ctx(*kinds, person=False) -> Context:
    return Context(frozenset(kinds), TODAY, MaskPolicy(), person)


def found(text, *kinds):
    return [(h.kind, h.state) for h in find_in_text(text, ctx(*kinds))]


# -- patterns and boundaries ---------------------------------------------------------
def test_digits_glued_to_chinese_labels_are_found():
    assert found(f"身份证号{ID}，电话13912345678转8001") == [("id", UNMASKED), ("mobile", UNMASKED)]
    assert found(f"卡号{CARD}") == [("card", UNMASKED)]
    assert found("手机+86 139 1234 5678") == [("mobile", UNMASKED)]


def test_no_match_inside_longer_codes_or_urls():
    assert ("id", UNMASKED) not in found(f"{ID}7") and found(f"A{ID}B") == []
    assert found("见 http://example.gov.cn/a/13912345678.html 或 www.example.com/13912345678") == []


def test_a_valid_credit_code_is_never_an_id():
    rnd = random.Random(32100)
    while True:  # an all-digit value valid both as an ID and as a credit code (1 in ~341)
        number = ids.make_resident_id("110105", f"19{rnd.randrange(50, 99)}0101", f"{rnd.randrange(1000):03d}")
        if ids.is_uscc(number):
            break
    assert ids.is_resident_id(number, TODAY)
    assert found(number) == []
    assert found(ids.make_uscc("92110105", "MA01XY3K")) == [("uscc92", UNMASKED)]
    assert found(ids.make_uscc("91110105", "MA01XY3K")) == []


def test_permit_numbers_that_fail_the_checksum_are_lookalikes():
    body = "110116202212280102"[:17]
    bad = body + ("0" if ids.id_check_char(body) != "0" else "1")
    assert found(bad) == [("id", "lookalike")]
    assert found("123456789012345678") == []  # not even ID-shaped: no weight either way


def test_future_birth_date_is_not_an_id():
    assert found(ids.make_resident_id("110105", "20270101", "123")) == []


def test_fifteen_digits_need_an_id_header():
    old = "110105850307123"
    assert found(old) == []
    assert found(old, "id") == [("id", UNMASKED)]


def test_mobile_ranges_and_header_fallback():
    assert found("14012345678") == [("mobile", "lookalike")]
    assert found("16812345678") == [("mobile", "lookalike")]
    assert found("16812345678", "phone") == [("mobile", UNMASKED)]  # under a phone header: 1[3-9]


def test_landlines():
    assert found("电话010-65529988") == [("landline", UNMASKED)]
    assert found("(0755)88889999") == [("landline", UNMASKED)]
    assert [(h.kind, h.state) for h in judge_context_cell("65529988", ctx("phone"))] == [("landline", UNMASKED)]
    assert judge_context_cell("65529988", ctx()) == []


def test_cards_luhn_and_accounts():
    assert found(" ".join([CARD[:4], CARD[4:8], CARD[8:12], CARD[12:16], CARD[16:]])) == [("card", UNMASKED)]
    not_luhn = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    assert found(not_luhn) == [("card", "lookalike")]
    assert found(not_luhn, "card") == [("card", UNMASKED)]
    assert [h.kind for h in judge_context_cell("1234567890", ctx("card"))] == ["card"]


def test_emails():
    assert found("邮箱zhangsan@example.com") == [("email", UNMASKED)]
    assert found("z***@example.com") == [("email", MASKED)]
    assert found("logo@2x.png") == []


def test_plates():
    assert found("车辆京A12345违停") == [("plate", UNMASKED)]
    assert found("粤BD12345") == [("plate", UNMASKED)]
    assert found("京A***45") == [("plate", MASKED)]


# -- masks -----------------------------------------------------------------------------
def test_mask_normalisation():
    assert normalise_number("139 ＊＊＊＊ 5678") == "139****5678"
    assert normalise_number("+86 139-xxxx-5678") == "139****5678"
    assert normalise_number("11010519491231002X") == "11010519491231002X"
    assert normalise_number("110105××××××××002x") == "110105********002X"


@pytest.mark.parametrize(
    "value,state",
    [
        (ID[:6] + "********" + ID[-4:], MASKED),  # region + last 4
        (ID[:14] + "****", PARTIAL),  # birth date readable
        (ID[:3] + "*" * 11 + ID[-4:], MASKED),
        (ID[:6] + "●●●●●●●●" + ID[-4:], MASKED),
        (ID[:12] + "******", PARTIAL),  # 12 digits shown
        ("139****5678", MASKED),
        ("1391234*678", PARTIAL),
        (CARD[:6] + "*********" + CARD[-4:], MASKED),
        (CARD[:12] + "***" + CARD[-4:], PARTIAL),
    ],
)
def test_mask_states(value, state):
    hits = find_in_text(value, ctx())
    assert [h.state for h in hits] == [state], value


def test_birth_date_flag_and_policy():
    hit = find_in_text(ID[:14] + "****", ctx())[0]
    assert hit.birth
    lenient = Context(frozenset(), TODAY, MaskPolicy(id_max_visible=14, birth_date_visible=True))
    assert [h.state for h in find_in_text(ID[:14] + "****", lenient)] == [MASKED]


def test_fully_masked_values_need_a_header():
    assert found("******************") == []
    assert found("******************", "id") == [("id", MASKED)]


# -- names, addresses, dates of birth, passports (header-only detectors) ---------------
def test_names():
    assert is_cjk_name("张伟") and is_cjk_name("欧阳娜娜") and is_cjk_name("司马相如")
    assert not is_cjk_name("朝阳区") and not is_cjk_name("北京公司") and not is_cjk_name("张经理")
    assert is_latin_name("John Smith") and is_latin_name("Mary-Jane O'Neil")
    assert not is_latin_name("Acme Corporation") and not is_latin_name("john smith")
    assert name_state("张伟、李娜") == UNMASKED
    assert name_state("张*") == MASKED and name_state("王*明") == MASKED
    assert name_state("北京市朝阳区人民政府") is None


def test_addresses_need_detail_and_person_context():
    detailed = "北京市朝阳区某某路8号院3号楼2单元301室"
    assert [h.state for h in judge_context_cell(detailed, ctx("home", "address"))] == [UNMASKED]
    assert judge_context_cell("北京市朝阳区", ctx("home", "address")) == []
    assert judge_context_cell(detailed, ctx("address")) == []  # 地址 in a table of things
    assert [h.kind for h in judge_context_cell(detailed, ctx("address", person=True))] == ["home"]
    assert judge_context_cell("北京市海淀区阜成路2号", ctx("address", person=True)) == []


def test_birth_dates_and_passports():
    assert [h.state for h in judge_context_cell("1990-03-07", ctx("dob"))] == [UNMASKED]
    assert [h.state for h in judge_context_cell(dt.date(1990, 3, 7), ctx("dob"))] == [UNMASKED]
    assert [h.state for h in judge_context_cell("1990-**-**", ctx("dob"))] == [MASKED]
    assert judge_context_cell("未知", ctx("dob")) == []
    assert [h.state for h in judge_context_cell("EA1234567", ctx("passport"))] == [UNMASKED]
    assert judge_context_cell("EA1234567", ctx()) == []


# -- header lexicon ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "label,kinds",
    [
        ("负责人电话", {"phone"}),
        ("法定代表人身份证号", {"id"}),
        ("姓名", {"name"}),
        ("联系人", {"name"}),
        ("家庭住址", {"home", "address"}),
        ("地址", {"address"}),
        ("电子邮件地址", {"email"}),
        ("统一社会信用代码", {"uscc"}),
        ("证件号码", {"id", "passport"}),
        ("出生日期", {"dob"}),
        ("车牌号", {"plate"}),
        ("企业名称", set()),
        ("contact_phone", {"phone"}),
        ("firstName", {"name"}),
        ("company_name", set()),
        ("Date of Birth", {"dob"}),
        ("hotel", set()),
    ],
)
def test_header_kinds(label, kinds):
    assert header_kinds(label) == kinds


def test_extra_header_terms():
    assert header_kinds("住户") == set()
    assert header_kinds("住户", {"name": ["住户"]}) == {"name"}


# -- words before a number ---------------------------------------------------------------
def test_inline_cues_name_or_rule_out_a_number():
    assert found(f"流水号{CARD}") == []  # a reference code, whatever its checksum
    assert found(f"退款至卡号{CARD}") == [("card", UNMASKED)]
    assert found("卡号110123456789") == [("card", UNMASKED)]  # an account without a check digit
    assert found("会员号13912345678") == []
    hits = find_in_text(f"卡号{CARD}", ctx())
    assert hits[0].cued


def test_id_cue_wins_over_a_coincidental_credit_code():
    rnd = random.Random(7)
    while True:
        number = ids.make_resident_id("110105", f"19{rnd.randrange(50, 99)}0101", f"{rnd.randrange(1000):03d}")
        if ids.is_uscc(number):
            break
    assert found(number) == []
    assert found(f"身份证号{number}") == [("id", UNMASKED)]
    assert found(number, "id") == [("id", UNMASKED)]


def test_masked_forms_of_header_only_kinds():
    assert [h.state for h in judge_context_cell("E****5678", ctx("passport"))] == [MASKED]
    assert [h.state for h in judge_context_cell("北京市朝阳区某某路**号院*号楼2单元301室", ctx("home", "address"))] == [
        MASKED
    ]
    assert [(h.kind, h.state) for h in judge_context_cell("6552****", ctx("phone"))] == [("landline", MASKED)]
    assert found("***********", "phone") == [("mobile", MASKED)]
