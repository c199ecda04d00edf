"""Checksums and shapes of identifiers (auditor/identifiers.py), against textbook
implementations and the standards' own rules. Every number is synthetic."""
from __future__ import annotations

import datetime as dt
import random

import pytest

from auditor import identifiers as ids

TODAY = dt.date(2026, 11, 28)
W = [pow(2, 17 - i, 11) for i in range(17)]
A = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def textbook_id_check(body: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, W, strict=False)) % 11]


def textbook_uscc_check(body: str) -> str:
    return A[(31 - sum(A.index(c) * pow(3, i, 31) for i, c in enumerate(body)) % 31) % 31]


def test_fast_checksums_agree_with_the_textbook_formulas():
    rnd = random.Random(11643)
    for _ in range(3000):
        body = "".join(rnd.choice("0123456789") for _ in range(17))
        assert ids.id_check_char(body) == textbook_id_check(body)
        code = "".join(rnd.choice(A) for _ in range(17))
        assert ids.uscc_check_char(code) == textbook_uscc_check(code)


@pytest.mark.parametrize("region,born", [
    ("110105", "19900307"),   # Beijing
    ("440305", "20200229"),   # leap day
    ("810000", "19850101"),   # residence permit, Hong Kong residents
    ("830000", "19700615"),   # residence permit, Taiwan residents
    ("911156", "19801231"),   # 2023 foreign permanent resident: 9 + province 11 + nationality
])
def test_valid_resident_ids(region, born):
    number = ids.make_resident_id(region, born, "123")
    assert ids.is_resident_id(number, TODAY)


def test_resident_id_rejections():
    good = ids.make_resident_id("110105", "19900307", "123")
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    assert not ids.is_resident_id(wrong_check, TODAY)
    assert not ids.is_resident_id(ids.make_resident_id("110105", "20000230", "123"), TODAY)   # Feb 30
    assert not ids.is_resident_id(ids.make_resident_id("999999", "20000101", "123"), TODAY)   # no province 99
    assert not ids.is_resident_id(ids.make_resident_id("110105", "18991231", "123"), TODAY)   # before 1900
    future = ids.make_resident_id("110105", "20261201", "123")
    assert not ids.is_resident_id(future, TODAY) and ids.is_resident_id(future, dt.date(2027, 1, 1))


def test_x_check_character_and_lower_case():
    rnd = random.Random(5)
    while True:
        number = ids.make_resident_id("110105", "19491231", f"{rnd.randrange(1000):03d}")
        if number.endswith("X"):
            break
    assert ids.is_resident_id(number, TODAY)
    assert ids.id_checksum_ok(number.lower())


def test_fifteen_digit_ids_need_a_real_date():
    assert ids.is_resident_id15("110105850307123", TODAY)
    assert not ids.is_resident_id15("110105851307123", TODAY)   # month 13
    assert not ids.is_resident_id15("990105850307123", TODAY)


def test_non_ascii_digits_never_raise():
    assert not ids.id_checksum_ok("²" * 18)
    assert not ids.is_resident_id15("²" * 15, TODAY)


def test_credit_codes_both_checks():
    for code in ("91110105MA01AB3CXM", "92440305123456788T", "12310115876543210A", "91110000600037341L"):
        assert ids.is_uscc(code), code
    for code in ("91110105MA01AB3C0X", "91110000600037341M", "9111000060003734IL"):
        assert not ids.is_uscc(code), code
    # Right MOD 31-3 character but a wrong GB 11714 organisation check: not a credit code.
    body = "91110105MA01AB3C" + "0"
    assert not ids.org_code_ok(body[8:17])
    assert not ids.is_uscc(body + ids.uscc_check_char(body))


def test_make_uscc_and_individual_businesses():
    code = ids.make_uscc("92110105", "MA01XY3K")
    assert ids.is_uscc(code) and ids.is_individual_business(code)
    assert not ids.is_individual_business(ids.make_uscc("91110105", "MA01XY3K"))


def test_phone_numbers():
    assert ids.is_mobile("13912345678") and ids.is_mobile("19912345678")
    assert not ids.is_mobile("14012345678") and not ids.is_mobile("12012345678")
    assert ids.is_landline("01065529988") and ids.is_landline("075588889999")
    assert not ids.is_landline("4008108888")
    assert ids.is_local_landline("65529988") and not ids.is_local_landline("05529988")


def test_cards():
    for number in ("6200000000000005", "6212345678901234569", "6228480012345678903"):
        assert ids.is_card(number)
    for number in ("6212345678901234", "6228480012345678901", "4111111111111112"):
        assert not ids.is_card(number)
    made = ids.make_card("621700" + "123456789012")
    assert len(made) == 19 and ids.is_card(made)


def test_plates_and_passports():
    for plate in ("京A12345", "粤BD12345", "粤B12345F", "粤Z1234港", "京A1234学"):
        assert ids.is_plate(plate), plate
    for plate in ("京A1234I", "京I12345", "A12345"):
        assert not ids.is_plate(plate), plate
    for number in ("E12345678", "EA1234567", "G12345678", "DE1234567", "K12345678"):
        assert ids.is_passport(number), number
    assert not ids.is_passport("EI1234567") and not ids.is_passport("E1234")
