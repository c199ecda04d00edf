"""Parse the dates government metadata and tables really contain.

ISO 8601 with or without time and offset, 2021年3月6日, 2021/3/6, 2021.3.6,
20210306, 2021年3月, 2021年, Unix epochs from portal APIs. Naive timestamps are
read in the profile's timezone (portals publish naive local time).
"""
from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

_ISO = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)
_SEPARATED = re.compile(
    r"^\s*(\d{4})\s*[/.年]\s*(\d{1,2})\s*(?:[/.月]\s*(\d{1,2})\s*日?)?\s*"
    r"(?:(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})秒?)?)?\s*$"
)
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*年?\s*$")
_MONTH_ZH = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月份?\s*$")


def _tz(offset: str | None, default: dt.tzinfo) -> dt.tzinfo:
    if not offset:
        return default
    if offset == "Z":
        return dt.timezone.utc
    sign = 1 if offset[0] == "+" else -1
    digits = offset[1:].replace(":", "")
    return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def _build(y, mo, d, h, mi, s, tz) -> dt.datetime | None:
    try:
        return dt.datetime(int(y), int(mo), int(d or 1), int(h or 0), int(mi or 0), int(s or 0), tzinfo=tz)
    except ValueError:
        return None


def parse_datetime(value, timezone: str = "UTC") -> dt.datetime | None:
    """Return an aware datetime, or None when the value is not a date we know."""
    tz = ZoneInfo(timezone)
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value > 1e11:  # epoch milliseconds, as Socrata and many APIs return
            value = value / 1000
        if 1e8 < value < 1e10:
            return dt.datetime.fromtimestamp(value, dt.timezone.utc)
        return None
    text = str(value).strip()
    m = _ISO.match(text)
    if m:
        return _build(*m.groups()[:6], _tz(m.group(7), tz))
    m = _SEPARATED.match(text)
    if m:
        return _build(*m.groups(), tz)
    m = _MONTH_ZH.match(text)
    if m:
        return _build(m.group(1), m.group(2), 1, 0, 0, 0, tz)
    m = _COMPACT.match(text)
    if m and 1900 <= int(m.group(1)) <= 2200:
        return _build(*m.groups(), tz)
    m = _YEAR.match(text)
    if m and 1900 <= int(m.group(1)) <= 2200:
        return _build(m.group(1), 1, 1, 0, 0, 0, tz)
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def parse_date(value, timezone: str = "UTC") -> dt.date | None:
    parsed = parse_datetime(value, timezone)
    return parsed.astimezone(ZoneInfo(timezone)).date() if parsed else None
