"""The vectorised column scan (rules/sensitive/vectorised.py) against the per-cell detectors:
the same hits, states, values and order on generated columns, whatever the header."""
from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pyarrow as pa
import pytest

from auditor import identifiers as ids
from auditor.rules.sensitive import vectorised as vec
from auditor.rules.sensitive.detectors import CELL_KINDS, Context, is_hot, judge_cell
from auditor.rules.sensitive.lexicon import header_kinds
from auditor.rules.sensitive.masking import MaskPolicy

TODAY = dt.date(2026, 11, 28)
HEADERS = ["身份证号", "手机号码", "联系电话", "银行卡号", "姓名", "备注", "家庭住址", "出生日期", "护照号码",
           "统一社会信用代码", "车牌号", "地址", "编号", "Mobile", "Full Name", "证件号码", "传真", "账号"]
POLICIES = [MaskPolicy(), MaskPolicy(id_max_visible=14, mobile_max_visible=9, birth_date_visible=True)]
SURNAMES = "王李张刘陈欧阳司马"
CJK = "伟芳娜敏静公司集团中心路号区市京沪粤"


def _id(r: random.Random) -> str:
    born = dt.date(1900, 1, 1) + dt.timedelta(days=r.randrange(46000))
    region = r.choice(["110105", "440305", "810000", "911840", "000000", "992000"])
    return ids.make_resident_id(region, f"{born:%Y%m%d}", f"{r.randrange(1000):03d}")


def _digits(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


def _mask(r: random.Random, text: str) -> str:
    head, tail = r.randint(0, 7), r.randint(0, 4)
    return text[:head] + r.choice("*＊x●") * max(0, len(text) - head - tail) + text[len(text) - tail:]


def cell(r: random.Random) -> str | None:
    """A cell from the shapes real columns hold, valid and not, masked and not."""
    k = r.randrange(30)
    number = _id(r)
    mobile = r.choice(["139", "186", "170", "123", "199"]) + _digits(r, 8)
    card = ids.make_card(r.choice(["62", "4", "81", "9"]) + _digits(r, r.choice([13, 14, 15, 16, 17])))
    return [
        None, "", number, number[:17] + "X", number.lower(), number[:6] + "********" + number[-4:],
        number[:14] + "****", _mask(r, number), mobile, mobile[:3] + "****" + mobile[-4:], _mask(r, mobile),
        card, _mask(r, card), _digits(r, r.randint(7, 31)), "0" + _digits(r, r.randint(9, 11)),
        ids.make_uscc(r.choice(["92", "91", "12"]) + "110105", _digits(r, 4) + r.choice(["MA01", "1234"])),
        r.choice(SURNAMES) + "".join(r.choice(CJK) for _ in range(r.randint(0, 5))),
        r.choice(SURNAMES) + r.choice("*＊x×") * r.randint(1, 3), "*" + r.choice(CJK),
        f"联系人张三电话{mobile}", f"身份证号{number}，已核验", f"卡号{card}", "zhang@example.com",
        r.choice(["京A12345", "粤BD12345", "京A·12345"]), ids.fold_number_chars("") + "".join(
            chr(0xFF10 + int(c)) for c in r.choice([number[:17], mobile])) + r.choice(["", "Ｘ"]),
        f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}", "0086" + mobile[:3] + "****" + mobile[-4:],
        "86" + mobile, r.choice(["1990-03-07", "1990年3月7日", "19**-**-**", "北京市朝阳区某路8号院3号楼2单元301室"]),
        "E" + _digits(r, 8),
    ][k]


def reference(column: list, ctx: Context, context_cells: bool) -> dict:
    out: dict = {}
    for i, value in enumerate(column):
        if value is None:
            continue
        for h in judge_cell(value, ctx, context_cells):
            out.setdefault((h.kind, h.state), []).append((i, h.value, h.birth, h.cued))
    return out


def vectorised(column: list, ctx: Context, context_cells: bool) -> dict:
    groups = vec.scan_column(pa.array(column, type=pa.string()), ctx, context_cells)
    return {(g.kind, g.state): list(zip(g.positions.tolist(), g.values.to_pylist(), g.birth.tolist(), g.cued.tolist(),
                                         strict=True))
            for g in groups}


@pytest.mark.parametrize("seed", range(12))
def test_scan_column_gives_the_per_cell_verdicts(seed):
    r = random.Random(seed)
    for header in HEADERS:
        kinds = header_kinds(header)
        ctx = Context(kinds, TODAY, r.choice(POLICIES), r.random() < 0.5)
        column = [cell(r) for _ in range(300)]
        for context_cells in (bool(kinds & CELL_KINDS), False):
            assert vectorised(column, ctx, context_cells) == reference(column, ctx, context_cells), header


def test_one_shape_per_column_a_million_ways():
    """Whole columns of one shape take the vectorised branches (every length, every check)."""
    r = random.Random(7)
    for header in ("身份证号", "备注", "手机号码", "银行卡号", "编号"):
        ctx = Context(header_kinds(header), TODAY, MaskPolicy())
        for make in (lambda: _id(r), lambda: _digits(r, r.randint(7, 20)), lambda: _mask(r, _id(r)),
                     lambda: "1" + _digits(r, 10), lambda: ids.make_card("62" + _digits(r, 14))):
            column = [make() for _ in range(400)]
            assert vectorised(column, ctx, True) == reference(column, ctx, True), header


def test_hot_regex_is_the_byte_prefilter():
    r = random.Random(3)
    alphabet = [*"0123456789AXxz-@* ·×é京A＊●，", "联系人", "負責人", "・", "１"]
    for _ in range(5000):
        text = "".join(r.choice(alphabet) for _ in range(r.randint(0, 14)))
        got = vec._matches(pa.array([text]), vec.HOT_RE)[0] if text else False
        assert got == is_hot(text), repr(text)


def test_checks_match_the_scalar_ones():
    r = random.Random(11)
    codes = [_id(r) for _ in range(3000)] + [_digits(r, 17) + r.choice("0123456789X") for _ in range(3000)]
    credit = [ids.make_uscc("92110105", _digits(r, 8)) for _ in range(3000)]
    codes += [c for c in credit if c[:17].isdecimal() and c[17] in "0123456789X"]  # the shapes matrices hold
    assert sum(ids.is_uscc(c) for c in codes) > 500
    d = vec.digit_matrix(pa.array(codes), 18)
    assert vec.id_checksum_ok(d).tolist() == [ids.id_checksum_ok(c) for c in codes]
    assert vec.id_shape_ok(d, TODAY).tolist() == [ids.id_shape_ok(c, TODAY) for c in codes]
    assert vec.uscc_ok(d).tolist() == [ids.is_uscc(c) for c in codes]
    cards = [_digits(r, 16) for _ in range(3000)]
    assert vec.luhn_ok(vec.digit_matrix(pa.array(cards), 16)).tolist() == [ids.luhn_ok(c) for c in cards]
    assert int(np.sum(vec.luhn_ok(vec.digit_matrix(pa.array(cards), 16)))) > 200


def test_masked_column_counts_and_positions():
    number = ids.make_resident_id("110105", "19900307", "123")
    column = [number[:6] + "********" + number[-4:]] * 5 + [None, number[:14] + "****", number]
    groups = {(g.kind, g.state): g for g in vec.scan_column(pa.array(column), Context(frozenset({"id"}), TODAY,
                                                                                          MaskPolicy()), False)}
    assert groups[("id", "masked")].positions.tolist() == [0, 1, 2, 3, 4]
    assert groups[("id", "partial")].positions.tolist() == [6] and groups[("id", "partial")].birth.tolist() == [True]
    assert groups[("id", "unmasked")].values.to_pylist() == [number]


@pytest.mark.parametrize("seed", range(6))
def test_judging_each_distinct_value_once_gives_the_per_cell_verdicts(seed):
    """A column whose values repeat is judged value by value (RepeatedScan), batch after batch
    with the values found cold remembered: same hits, same cells, same order as judging every
    cell, nulls included."""
    from auditor.arrowtext import RepeatedValues

    r = random.Random(seed)
    for header in HEADERS:
        kinds = header_kinds(header)
        ctx = Context(kinds, TODAY, r.choice(POLICIES), r.random() < 0.5)
        pool = [cell(r) for _ in range(25)] + [None]
        for context_cells in (bool(kinds & CELL_KINDS), False):
            scan = vec.RepeatedScan(limit=r.choice([0, 5, 4096]))
            for _ in range(3):  # later batches meet values judged before, and some new ones
                column = [r.choice(pool) for _ in range(400)]
                repeated = RepeatedValues().encode(0, pa.array(column, type=pa.string()))
                assert repeated is not None and len(repeated[0]) <= 25
                groups = scan.scan(*repeated, ctx, context_cells)
                got = {(g.kind, g.state): list(zip(g.positions.tolist(), g.values.to_pylist(), g.birth.tolist(),
                                                   g.cued.tolist(), strict=True)) for g in groups}
                assert got == reference(column, ctx, context_cells), header
                pool[r.randrange(25)] = cell(r)


def test_columns_of_distinct_values_are_judged_cell_by_cell():
    from auditor.arrowtext import RepeatedValues

    repeated = RepeatedValues(rest=2)
    distinct = pa.array([str(i) for i in range(1000)])
    assert repeated.encode(0, distinct) is None  # too many distinct values: not tried again for 2 batches
    assert repeated.encode(0, pa.array(["a"] * 1000)) is None
    assert repeated.encode(0, pa.array(["a"] * 1000)) is None
    values, codes = repeated.encode(0, pa.array(["a", None] * 500))
    assert values.to_pylist() == ["a"] and codes.tolist() == [0, -1] * 500
