"""Numbers written as text (MR014): units, thousands separators, full-width digits.

A column gets one unit. It is the one most of its values carry ('万元'), or the
one its header names ('金额（万元）'); values in a larger or smaller magnitude of
the same unit are scaled to it ('12.3万' among plain counts is 123000). A value
whose unit cannot be converted (元 in a column of 人) is kept and reported.
Digits are kept as written when nothing is scaled: '1,250.00' becomes '1250.00'.
"""
from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

from .. import valuetypes as vt

MAGNITUDES = {"百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_NAMES = {v: k for k, v in MAGNITUDES.items()}
_WHOLE_UNITS = frozenset({"千米"})  # a unit of its own, not 千 × 米
_UNITS = "|".join(sorted((re.escape(u) for u in vt.NUMBER_UNITS), key=len, reverse=True))
_PARTS = re.compile(
    r"(?P<sign>[+-]?)(?P<cur>[" + re.escape(vt.CURRENCY_SIGNS) + r"]?)\s*"
    r"(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?P<unit>" + _UNITS + r")?"
)
_LABEL_UNIT = re.compile(r"[（(]\s*(?:单位[:：]\s*)?(" + _UNITS + r")\s*[)）]\s*$")
_DECIMAL_COMMA = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+")
_CURRENCY_UNIT = {"¥": "元", "￥": "元", "$": "USD", "€": "EUR", "£": "GBP"}


def split_unit(unit: str) -> tuple[int, str]:
    """'万元' -> (10000, '元'); '%' -> (1, '%'); '万' -> (10000, '')."""
    if not unit or unit in _WHOLE_UNITS:
        return 1, unit
    if unit[0] in MAGNITUDES:
        return MAGNITUDES[unit[0]], unit[1:]
    return 1, unit


def unit_name(magnitude: int, base: str) -> str:
    return (_NAMES.get(magnitude, "") if magnitude != 1 else "") + base


def read_number(text: str) -> tuple[str, int | None, str | None] | None:
    """(digits as written, magnitude, base unit) of a number as text; None for what is not written
    (a bare 1,200 is in the column's unit, whatever that is)."""
    folded = text.strip().translate(vt.FULLWIDTH)
    m = _PARTS.fullmatch(folded)
    if not m:
        comma = _DECIMAL_COMMA.fullmatch(folded)  # 0,61 or 1.234,56: a decimal comma
        return (comma.group(0).replace(".", "").replace(",", "."), None, None) if comma else None
    digits = m.group("sign") + m.group("num").replace(",", "")
    unit = m.group("unit") or ""
    base: str | None
    magnitude: int | None
    if m.group("cur"):
        if unit and split_unit(unit)[1] not in ("", "元"):
            return None
        magnitude, base = split_unit(unit)[0], _CURRENCY_UNIT[m.group("cur")]
    elif unit:
        magnitude, base = split_unit(unit)
        base = base or None  # '万' alone scales the number and names no unit
    else:
        magnitude, base = None, None
    return digits, magnitude, base


def label_unit(label: str) -> tuple[int, str] | None:
    """The unit a header names: '金额（万元）' -> (10000, '元')."""
    m = _LABEL_UNIT.search(label)
    return split_unit(m.group(1)) if m else None


def table_unit(text: str | None) -> tuple[int, str] | None:
    """The unit an annotation row names for the whole table ('单位：万元' -> (10000, '元'))."""
    text = (text or "").strip()
    return split_unit(text) if text in vt.NUMBER_UNITS else None


class UnitTally:
    """What units a number column's values carry, counted in the planning pass."""

    def __init__(self):
        self.bases: Counter = Counter()
        self.magnitudes: Counter = Counter()

    def add(self, value) -> None:
        if value.__class__ is not str:
            self.magnitudes[1] += 1
            return
        read = read_number(value)
        if read is None:
            return
        _, magnitude, base = read
        self.magnitudes[magnitude or 1] += 1
        if base is not None:
            self.bases[base] += 1

    def unit(self, label: str, table_unit: tuple[int, str] | None = None) -> tuple[int, str]:
        """The column's (magnitude, base unit): its header's if it names one, else the table's
        when no value names another, else its values' most common."""
        named = label_unit(label)
        if named is not None:
            return named
        if table_unit is not None and not self.bases:
            return table_unit
        base = self.bases.most_common(1)[0][0] if self.bases else ""
        magnitude = self.magnitudes.most_common(1)[0][0] if self.magnitudes else 1
        return magnitude, base


def _scaled(digits: str, factor: Decimal) -> str:
    value = Decimal(digits) * factor
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def repair_number(value: str, unit: tuple[int, str]) -> str | None:
    """The number in the column's unit, or None when it cannot be read or converted."""
    read = read_number(value)
    if read is None:
        return None
    digits, magnitude, base = read
    target_magnitude, target_base = unit
    if base is not None and base != target_base:
        return None
    if magnitude is None or magnitude == target_magnitude:
        return digits
    try:
        return _scaled(digits, Decimal(magnitude) / Decimal(target_magnitude))
    except InvalidOperation:
        return None
