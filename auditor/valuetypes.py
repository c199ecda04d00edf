"""What kind of value a cell holds, and what kind of column it sits in.

Shared by the value rules (MR013 mixed types, MR014 numbers as text, MR015
non-ISO dates): a column's kind is decided from a bounded sample of its first
rows and its header; afterwards every cell of the typed columns is counted
exactly, with fast paths for the common, well-formed case.
"""

from __future__ import annotations

import datetime as dt
import re

from .dates import is_sentinel_date  # noqa: F401  (re-exported: the value rules ask here)

NUMBER, NUMBER_TEXT, DATE_ISO, DATE_OTHER, TEXT, CODE, MAYBE_DATE = range(7)
KIND_TEXT, KIND_NUMBER, KIND_DATE = "text", "number", "date"
# A text column in which numbers are too many to be stray (20-50%): no single type reaches 90%,
# so a typed reader guesses wrong whichever way it goes (MR013 counts the numbers).
KIND_MIXED_TEXT = "text-with-numbers"
MIXED_LOW, NUMBER_SHARE = 0.2, 0.5

# Header words that announce a date column (substring match, case-insensitive); shared by
# the value rules (MR013-MR015) and the timeliness content scan (TM004-TM006).
DATE_HINTS = (
    "日期",
    "时间",
    "时点",
    "时期",
    "年份",
    "年度",
    "月份",
    "季度",
    "统计期",
    "报告期",
    "期间",
    "年月",
    "date",
    "time",
    "day",
    "year",
    "month",
    "quarter",
    "period",
    "updated",
    "modified",
    "année",
    "fecha",
    "datum",
    "jahr",
)
_DIGIT = re.compile(r"\d")
FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋％", "0123456789.,-+%")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# Units written after a number in government tables (MR014); `audit fix` strips them into the schema.
NUMBER_UNITS = (
    "%",
    "‰",
    "万",
    "亿",
    "千",
    "百",
    "元",
    "万元",
    "亿元",
    "千元",
    "人",
    "万人",
    "个",
    "户",
    "家",
    "次",
    "吨",
    "万吨",
    "公里",
    "千米",
    "米",
    "平方米",
    "㎡",
    "公顷",
    "亩",
    "件",
    "辆",
    "台",
    "套",
    "所",
    "张",
    "份",
    "项",
    "天",
    "小时",
    "岁",
    "kg",
    "km",
    "m2",
)
CURRENCY_SIGNS = "¥￥$€£"
_NUMBER_TEXT = re.compile(
    r"[+-]?[" + CURRENCY_SIGNS + r"]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*"
    r"(?:" + "|".join(NUMBER_UNITS) + r")?"
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?")
_OTHER_DATE = re.compile(
    r"(?:\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?(?:第?[一二三四1-4]季度)?"
    r"|\d{4}[/.]\d{1,2}(?:[/.]\d{1,2})?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|民[國国]\s*\d{1,3}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?"
    r"|\d{2,3}[/.]\d{1,2}[/.]\d{1,2}"
    r"|\d{4}\s*[Qq][1-4])"
)
# Unpadded ISO-like dates (2020-3-31): a date, but not ISO 8601.
_LOOSE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?")
# Day-first or month-first numeric dates (6/3/2021, 06-03-21, 6.3.2021 00:00:00): both parts are
# checked, so a code such as 12-34-56 is not taken for a date.
_DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?")
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august"
    "|september|october|november|december"
)
# Month-name dates: Oct 2021, 12 Oct 2021, 12-Oct-21, October 12, 2021.
_MONTH_NAME = re.compile(
    rf"(?:\d{{1,2}}[ -])?(?:{_MONTHS})\.?(?:[ -]\d{{1,2}},?)?[ -](?:\d{{4}}|\d{{2}})", re.IGNORECASE
)
# A number written with a decimal comma (0,61 or 1.234,56): read as text by most programs.
_DECIMAL_COMMA = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+")
# Alphanumeric codes such as INSEE 2A004 or 75A12: identifiers, not broken numbers.
_MIXED_CODE = re.compile(r"\d+[A-Za-z]{1,2}\d+|[A-Za-z]{1,2}\d{3,}")


def _valid_compact(text: str) -> bool:
    try:
        dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return 1900 <= int(text[:4]) <= 2100


def _day_month_ok(a: int, b: int) -> bool:
    """One of the two leading parts is a month and the other a day, in either order."""
    return 1 <= a <= 31 and 1 <= b <= 31 and (a <= 12 or b <= 12)


def _other_date(v: str) -> bool:
    if _OTHER_DATE.fullmatch(v) or _MONTH_NAME.fullmatch(v):
        return True
    m = _LOOSE_ISO.fullmatch(v)
    if m:
        return 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31
    m = _DMY.fullmatch(v)
    return m is not None and len(m.group(4)) == 4 and _day_month_ok(int(m.group(1)), int(m.group(3)))


def _short_dmy(v: str) -> bool:
    m = _DMY.fullmatch(v)
    return m is not None and len(m.group(4)) == 2 and _day_month_ok(int(m.group(1)), int(m.group(3)))


def _valid_roc_compact(text: str) -> bool:
    """A seven-digit ROC date (1100306 = 民國110年3月6日)."""
    try:
        dt.date(int(text[:3]) + 1911, int(text[3:5]), int(text[5:7]))
    except ValueError:
        return False
    return 1 <= int(text[:3]) <= 150


def whole_number(value: float) -> int | float:
    """A float holding a whole number as the int a spreadsheet means (12 for 12.0); past 1e15
    a float no longer holds every whole number exactly, so it stays a float."""
    return int(value) if value.is_integer() and -1e15 < value < 1e15 else value


def classify(value) -> int:
    """Classify one non-empty cell."""
    if value.__class__ is not str:
        if isinstance(value, (dt.date, dt.datetime)):
            return DATE_ISO
        if isinstance(value, bool):
            return TEXT
        if isinstance(value, (int, float)):
            return NUMBER
        return TEXT
    if _DIGIT.search(value) is None:
        return TEXT  # every other class needs a digit (\d: any Unicode decimal digit, full-width too)
    v = value.strip()
    if v.isascii():
        if v.isdigit():
            if len(v) > 1 and v[0] == "0":
                return CODE
            if len(v) == 8 and _valid_compact(v):
                return MAYBE_DATE
            if len(v) == 5 and 20000 <= int(v) <= 60000:
                return MAYBE_DATE  # an Excel serial date, if the column is about dates
            if len(v) == 7 and v[0] == "1" and _valid_roc_compact(v):
                return MAYBE_DATE  # a compact ROC date, if the column is about dates
            return NUMBER if len(v) < 16 else CODE
        if len(v) >= 7 and v[4] == "-" and _ISO_DATE.fullmatch(v):
            return DATE_ISO
        if _PLAIN_NUMBER.fullmatch(v):
            return NUMBER
        if _MIXED_CODE.fullmatch(v):
            return CODE
    else:
        folded = v.translate(FULLWIDTH)
        if folded != v and (_PLAIN_NUMBER.fullmatch(folded) or _NUMBER_TEXT.fullmatch(folded)):
            return NUMBER_TEXT
    if _other_date(v):
        return DATE_OTHER
    if _short_dmy(v):
        return MAYBE_DATE  # 06-03-21: a date when the header says so
    if _NUMBER_TEXT.fullmatch(v) or _DECIMAL_COMMA.fullmatch(v):
        return NUMBER_TEXT
    return TEXT


# Header words that name identifiers: such a column is text whatever its values look like
# (600519 and 0700.HK are both stock codes; 01 and 12 are both category codes).
CODE_HINTS_CJK = (
    "代码",
    "代碼",
    "编码",
    "編碼",
    "编号",
    "編號",
    "代号",
    "代號",
    "号码",
    "號碼",
    "证号",
    "證號",
    "邮编",
    "郵遞區號",
)
_CODE_HINT_LATIN = re.compile(
    r"(?:^|[^a-z])(?:code|codes|codice|código|id|ids|nr|no|nummer|numéro|siren|siret|insee|zip|postcode)(?:$|[^a-z])"
)
CODE_SHARE = 0.1  # numbers with a leading zero (01001) in at least this share: an identifier column


def is_code_label(label: str) -> bool:
    low = label.lower()
    return any(h in low for h in CODE_HINTS_CJK) or bool(_CODE_HINT_LATIN.search(low))


def column_kind(counts: dict[int, int], label: str) -> str:
    """Decide a column's kind from the classes seen in its sample."""
    total = sum(counts.values())
    if not total:
        return KIND_TEXT
    hinted = any(h in label.lower() for h in DATE_HINTS)
    dates = counts.get(DATE_ISO, 0) + counts.get(DATE_OTHER, 0)
    maybe = counts.get(MAYBE_DATE, 0)
    if (dates + (maybe if hinted else 0)) / total >= (0.5 if hinted else 0.8):
        return KIND_DATE
    if is_code_label(label) or counts.get(CODE, 0) >= CODE_SHARE * total:
        return KIND_TEXT  # identifiers: codes are text, whatever share of them look like numbers
    numbers = counts.get(NUMBER, 0) + counts.get(NUMBER_TEXT, 0) + maybe
    if numbers / total >= NUMBER_SHARE:
        return KIND_NUMBER
    if numbers / total >= MIXED_LOW and total >= 10:
        return KIND_MIXED_TEXT
    return KIND_TEXT


def is_serial(value) -> bool:
    """A number in the range of plausible Excel date serials (1954-2119)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return 20000 <= number < 80000
