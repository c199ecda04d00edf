"""Parse the dates government metadata and tables really contain.

ISO 8601 with or without time and offset, 2021年3月6日, 2021/3/6, 2021.3.6,
20210306, 2021年3月, 2021年, quarters (2021Q1, 2021年第一季度), half-years
(2021年上半年), ROC years (民国110年3月6日), Excel serial day numbers and Unix
epochs from portal APIs. Naive timestamps are read in the profile's timezone
(portals publish naive local time).

A value names a period, not only an instant: "2021年3月" covers the whole of
March. `parse_stamp` keeps that granularity (`unit`) so a rule can take the
start of the period (is it in the future?) or its end (how old is the newest
data?). `loose=True` also accepts shapes that are dates only when the column
says so (a bare 2021, an Excel serial 44261, a ROC 110/3/6).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple
from zoneinfo import ZoneInfo

UNITS = ("time", "day", "month", "quarter", "half", "year")
_UNIT_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}

_ISO = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)
_SEPARATED = re.compile(
    r"^\s*(\d{4})\s*[/.年]\s*(\d{1,2})\s*(?:[/.月]\s*(\d{1,2})\s*日?)?\s*"
    r"(?:(\d{1,2})[:时](\d{1,2})(?::(\d{1,2})|分(?:(\d{1,2})秒)?)?)?\s*$"
)
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*(年?)\s*$")
_MONTH_ZH = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月份?\s*$")
_ISO_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_QUARTER = re.compile(
    r"^\s*(\d{4})\s*(?:年\s*第?\s*([1-4一二三四])\s*季度?|\s*-?\s*[Qq]\s*([1-4]))\s*$"
    r"|^\s*[Qq]([1-4])\s*[-/ ]?\s*(\d{4})\s*$"
)
_HALF = re.compile(r"^\s*(\d{4})\s*(?:年\s*([上下])半年(?:度)?|\s*-?\s*[Hh]([12]))\s*$")
_ROC = re.compile(r"^\s*民[国國]\s*(\d{1,3})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?\s*$")
_ROC_BARE = re.compile(
    r"^\s*(\d{2,3})\s*[/.年]\s*(\d{1,2})\s*[/.月]\s*(\d{1,2})\s*日?\s*$|^\s*(\d{3})(\d{2})(\d{2})\s*$"
)
# Day-first numeric dates (6/3/2021, 06-03-21, 6.3.2021 00:00:00). Day-first is the reading
# unless the first part cannot be a day-of-month pairing (13/25 is invalid either way).
_DMY = re.compile(
    r"^\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?\s*$"
)
_MONTH_NUMBERS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAME = re.compile(r"^\s*(?:(\d{1,2})[ -])?([A-Za-z]{3,9})\.?(?:[ -](\d{1,2}),?)?[ -](\d{4}|\d{2})\s*$")
_ROC_COMPACT = re.compile(r"^\s*(1\d{2})(\d{2})(\d{2})\s*$")
# Values that stand for "no date" (Excel's day zero, database minimums and maximums): placeholders,
# never the newest or a future date of a table.
SENTINEL_DATES = frozenset(
    {
        "1899-12-30",
        "1899-12-31",
        "1900-01-00",
        "1900-01-01",
        "0000-00-00",
        "0001-01-01",
        "9999-12-31",
        "30/12/1899",
        "31/12/1899",
        "01/01/1900",
        "1/1/1900",
        "00/00/0000",
        "31/12/9999",
        "12/31/9999",
    }
)
_MIDNIGHT_TAILS = (" 00:00:00", "T00:00:00", " 00:00", " 0:00:00", " 12:00:00 AM")
_ZH_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4}
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
SERIAL_RANGE = (20000, 80000)  # 1954-10-03 .. 2119-01-10: plausible Excel date serials
YEAR_RANGE = (1900, 2200)


class Stamp(NamedTuple):
    """A parsed date value: the start of the period it names, its granularity and its written form."""

    start: dt.datetime
    unit: str  # "time" (an instant) or the period: day, month, quarter, half, year
    form: str = "iso"  # iso, cjk, separated, compact, year, quarter, half, roc, roc_bare, serial, epoch, native

    @property
    def end(self) -> dt.datetime:
        """The last instant the value covers (an instant covers only itself)."""
        return period_end(self.start, self.unit)


def period_end(start: dt.datetime, unit: str) -> dt.datetime:
    if unit == "time":
        return start
    if unit == "day":
        return start.replace(hour=23, minute=59, second=59, microsecond=999999)
    months = start.month - 1 + _UNIT_MONTHS[unit]
    first_after = start.replace(
        year=start.year + months // 12, month=months % 12 + 1, day=1, hour=0, minute=0, second=0, microsecond=0
    )
    return first_after - dt.timedelta(microseconds=1)


def _tz(offset: str | None) -> dt.tzinfo | None:
    if not offset:
        return None
    if offset == "Z":
        return dt.timezone.utc
    sign = 1 if offset[0] == "+" else -1
    digits = offset[1:].replace(":", "")
    return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def _naive(y, mo, d, h=None, mi=None, s=None) -> dt.datetime | None:
    try:
        return dt.datetime(int(y), int(mo), int(d or 1), int(h or 0), int(mi or 0), int(s or 0))
    except ValueError:
        return None


# A parse result before the timezone is attached: (naive start, unit, form, explicit tzinfo or None)
_Parsed = tuple


def _from_number(value: float, loose: bool) -> _Parsed | None:
    if value > 1e11:  # epoch milliseconds, as Socrata and many APIs return
        value = value / 1000
    if 1e8 < value < 1e10:
        moment = dt.datetime.fromtimestamp(value, dt.timezone.utc).replace(tzinfo=None)
        return moment, "time", "epoch", dt.timezone.utc
    if not loose:
        return None
    if float(value).is_integer() and YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
        return dt.datetime(int(value), 1, 1), "year", "year", None
    if SERIAL_RANGE[0] <= value < SERIAL_RANGE[1]:
        moment = EXCEL_EPOCH + dt.timedelta(days=value)
        return moment, ("day" if float(value).is_integer() else "time"), "serial", None
    if float(value).is_integer() and 19000101 <= value <= 22001231:
        return _from_text(str(int(value)), loose)
    return None


def _with_time(groups) -> str:
    return "time" if groups[3] is not None else "day"


def is_sentinel_date(value) -> bool:
    """True for a placeholder date such as 1900-01-01 or 30/12/1899 (with or without a midnight time)."""
    if value.__class__ is not str:
        return False
    v = value.strip()
    for tail in _MIDNIGHT_TAILS:
        if v.endswith(tail):
            v = v[: -len(tail)]
            break
    return v in SENTINEL_DATES


def _two_digit_year(y: str) -> int:
    """Two-digit years pivot at 70 (69 -> 2069, 70 -> 1970), as spreadsheets read them."""
    n = int(y)
    return n if len(y) == 4 else (2000 + n if n < 70 else 1900 + n)


def _day_first(m: re.Match) -> _Parsed | None:
    a, _, b, y, h, mi, s, ampm = m.groups()
    day, month = int(a), int(b)
    if month > 12 and day <= 12:  # only month-first reads it
        day, month = month, day
    hour = int(h) if h is not None else None
    if hour is not None and ampm:
        hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
    start = _naive(_two_digit_year(y), month, day, hour, mi, s)
    if start is None:
        return None
    unit = "time" if h is not None and (hour, int(mi or 0), int(s or 0)) != (0, 0, 0) else "day"
    return start, unit, "dmy", None


def _month_name(m: re.Match) -> _Parsed | None:
    d1, name, d2, y = m.groups()
    month = _MONTH_NUMBERS.get(name.lower())
    if month is None or (d1 and d2):
        return None
    day = d1 or d2
    start = _naive(_two_digit_year(y), month, day or 1)
    return (start, "day" if day else "month", "month_name", None) if start else None


def _from_text(text: str, loose: bool) -> _Parsed | None:
    text = text.strip()
    if not text or len(text) > 40 or is_sentinel_date(text):
        return None
    m = _ISO.match(text)
    if m:
        start = _naive(*m.groups()[:6])
        return (start, _with_time(m.groups()), "iso", _tz(m.group(7))) if start else None
    m = _SEPARATED.match(text)
    if m:
        y, mo, d, h, mi, s, s_zh = m.groups()
        start = _naive(y, mo, d, h, mi, s or s_zh)
        if start is None:
            return None
        unit = "time" if h is not None else ("day" if d is not None else "month")
        form = "cjk" if "年" in text else ("separated" if d is not None else "separated2")
        return start, unit, form, None
    m = _MONTH_ZH.match(text)
    if m:
        start = _naive(m.group(1), m.group(2), 1)
        return (start, "month", "cjk", None) if start else None
    m = _QUARTER.match(text)
    if m:
        year = m.group(1) or m.group(5)
        q = m.group(2) or m.group(3) or m.group(4)
        q = _ZH_QUARTER.get(q, q)
        return dt.datetime(int(year), (int(q) - 1) * 3 + 1, 1), "quarter", "quarter", None
    m = _HALF.match(text)
    if m:
        second = m.group(2) == "下" or m.group(3) == "2"
        return dt.datetime(int(m.group(1)), 7 if second else 1, 1), "half", "half", None
    m = _ROC.match(text)
    if m:
        y, mo, d = m.groups()
        start = _naive(int(y) + 1911, mo or 1, d or 1)
        unit = "day" if d else ("month" if mo else "year")
        return (start, unit, "roc", None) if start else None
    m = _COMPACT.match(text)
    if m and YEAR_RANGE[0] <= int(m.group(1)) <= YEAR_RANGE[1]:
        start = _naive(*m.groups())
        return (start, _with_time(m.groups()), "compact", None) if start else None
    m = _DMY.match(text)
    if m and (loose or len(m.group(4)) == 4):  # a two-digit year is a date only under a date header
        return _day_first(m)
    m = _MONTH_NAME.match(text)
    if m:
        return _month_name(m)
    m = _YEAR.match(text)
    if m and YEAR_RANGE[0] <= int(m.group(1)) <= YEAR_RANGE[1]:
        return dt.datetime(int(m.group(1)), 1, 1), "year", ("cjk" if m.group(2) else "year"), None
    if loose:
        found = _loose_text(text)
        if found:
            return found
    if "-" not in text[:8] and "T" not in text:  # Python 3.11 reads any 8 digits (a phone number) as a date
        return None
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if not YEAR_RANGE[0] <= parsed.year <= YEAR_RANGE[1]:
        return None
    return parsed.replace(tzinfo=None), "time", "iso", parsed.tzinfo


def _loose_text(text: str) -> _Parsed | None:
    """Shapes that are dates only in a column whose header says so."""
    m = _ISO_MONTH.match(text)
    if m:
        start = _naive(m.group(1), m.group(2), 1)
        return (start, "month", "iso", None) if start else None
    m = _ROC_COMPACT.match(text)
    if m:
        start = _naive(int(m.group(1)) + 1911, m.group(2), m.group(3))
        if start is not None:
            return start, "day", "roc_bare", None
    m = _ROC_BARE.match(text)
    if m:
        y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
        if 1 <= int(y) <= 200:
            start = _naive(int(y) + 1911, mo, d)
            return (start, "day", "roc_bare", None) if start else None
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return _from_number(number, True) if number == number else None


def _parse(value, loose: bool) -> _Parsed | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        naive = value.replace(tzinfo=None)
        unit = "day" if naive.time() == dt.time(0) and value.tzinfo is None else "time"
        return naive, unit, "native", value.tzinfo
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day), "day", "native", None
    if isinstance(value, (int, float)):
        return _from_number(value, loose)
    return _from_text(str(value), loose)


def parse_stamp(value, timezone: str = "UTC", loose: bool = False) -> Stamp | None:
    """Parse a date value; the start is aware (naive values are read in `timezone`)."""
    parsed = _parse(value, loose)
    if parsed is None:
        return None
    start, unit, form, tzinfo = parsed
    return Stamp(start.replace(tzinfo=tzinfo or ZoneInfo(timezone)), unit, form)


def parse_local(value, timezone: str = "UTC", loose: bool = False) -> Stamp | None:
    """Parse a date value into naive wall-clock time of `timezone` (cheap to compare in bulk)."""
    parsed = _parse(value, loose)
    if parsed is None:
        return None
    start, unit, form, tzinfo = parsed
    if tzinfo is not None:
        start = start.replace(tzinfo=tzinfo).astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    return Stamp(start, unit, form)


def parse_datetime(value, timezone: str = "UTC") -> dt.datetime | None:
    """Return an aware datetime (the start of the period a value names), or None."""
    stamp = parse_stamp(value, timezone)
    return stamp.start if stamp else None


def parse_date(value, timezone: str = "UTC") -> dt.date | None:
    parsed = parse_datetime(value, timezone)
    return parsed.astimezone(ZoneInfo(timezone)).date() if parsed else None
