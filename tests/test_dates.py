"""Date parsing: the formats government tables use, their granularity, and the timezone."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from auditor.dates import parse_date, parse_datetime, parse_local, parse_stamp, period_end

SH = "Asia/Shanghai"
D = dt.datetime


@pytest.mark.parametrize("value,start,unit", [
    ("2021-03-06", D(2021, 3, 6), "day"),
    ("2021-3-6", D(2021, 3, 6), "day"),
    ("2021-03-06 10:01:18", D(2021, 3, 6, 10, 1, 18), "time"),
    ("2021-03-06T10:01", D(2021, 3, 6, 10, 1), "time"),
    ("2021年3月6日", D(2021, 3, 6), "day"),
    ("2021年03月06日 10时05分", D(2021, 3, 6, 10, 5), "time"),
    ("2021/3/6", D(2021, 3, 6), "day"),
    ("2021/3/6 9:05:00", D(2021, 3, 6, 9, 5), "time"),
    ("2021.3.6", D(2021, 3, 6), "day"),
    ("20210306", D(2021, 3, 6), "day"),
    ("2021年", D(2021, 1, 1), "year"),
    ("2021", D(2021, 1, 1), "year"),
    ("2021年3月", D(2021, 3, 1), "month"),
    ("2021年3月份", D(2021, 3, 1), "month"),
    ("2021Q1", D(2021, 1, 1), "quarter"),
    ("2021-Q3", D(2021, 7, 1), "quarter"),
    ("Q4 2021", D(2021, 10, 1), "quarter"),
    ("2021年第一季度", D(2021, 1, 1), "quarter"),
    ("2021年第4季度", D(2021, 10, 1), "quarter"),
    ("2021年二季度", D(2021, 4, 1), "quarter"),
    ("2021年上半年", D(2021, 1, 1), "half"),
    ("2021年下半年", D(2021, 7, 1), "half"),
    ("2021H2", D(2021, 7, 1), "half"),
    ("民国110年3月6日", D(2021, 3, 6), "day"),
    ("民國99年", D(2010, 1, 1), "year"),
    (dt.date(2021, 3, 6), D(2021, 3, 6), "day"),
    (D(2021, 3, 6), D(2021, 3, 6), "day"),            # openpyxl gives midnight datetimes for date cells
    (D(2021, 3, 6, 8, 30), D(2021, 3, 6, 8, 30), "time"),
    (1614988800, D(2021, 3, 6, 8, 0), "time"),        # Unix epoch (UTC) shown in Shanghai time
    (1614988800000, D(2021, 3, 6, 8, 0), "time"),     # epoch milliseconds
    ("6/3/2021", D(2021, 3, 6), "day"),               # day-first, as Hong Kong and Europe write it
    ("13/02/2021 00:00:00", D(2021, 2, 13), "day"),   # a midnight time on a date is still a day
    ("2/13/2021", D(2021, 2, 13), "day"),             # month-first only when day-first cannot be
    ("6.3.2021", D(2021, 3, 6), "day"),
    ("3/4/2021 5:30 PM", D(2021, 4, 3, 17, 30), "time"),
    ("Oct 2021", D(2021, 10, 1), "month"),
    ("12 Oct 2021", D(2021, 10, 12), "day"),
    ("October 12, 2021", D(2021, 10, 12), "day"),
    ("12-Oct-21", D(2021, 10, 12), "day"),
])
def test_strict_formats(value, start, unit):
    stamp = parse_local(value, SH)
    assert (stamp.start, stamp.unit) == (start, unit)


@pytest.mark.parametrize("value,start,unit", [
    ("44261", D(2021, 3, 6), "day"),        # Excel serial day number
    (44261, D(2021, 3, 6), "day"),
    (44261.5, D(2021, 3, 6, 12), "time"),
    (2021, D(2021, 1, 1), "year"),          # a number in a year column
    ("110/3/6", D(2021, 3, 6), "day"),      # ROC year without the 民国 prefix
    ("110年3月6日", D(2021, 3, 6), "day"),
    ("1100306", D(2021, 3, 6), "day"),
    ("2021-03", D(2021, 3, 1), "month"),
    ("01-01-13", D(2013, 1, 1), "day"),     # DD-MM-YY: a date only under a date header
    ("31/12/69", D(2069, 12, 31), "day"),    # two-digit years pivot at 70
    ("1/1/70", D(1970, 1, 1), "day"),
])
def test_loose_formats_need_a_date_column(value, start, unit):
    assert parse_local(value, SH) is None or parse_local(value, SH).form in ("year",)
    stamp = parse_local(value, SH, loose=True)
    assert (stamp.start, stamp.unit) == (start, unit)


@pytest.mark.parametrize("value", [
    "", None, "abc", "100.7", "61181234", "13812345678", "110105200001011238", "2021-13-01", "13/13/2021",
    "2021-02-30", "2021年13月", "暂无", True, 123,
])
def test_not_dates(value):
    assert parse_local(value, SH) is None
    assert parse_local(value, SH, loose=True) is None


@pytest.mark.parametrize("value,end", [
    ("2024", D(2024, 12, 31, 23, 59, 59, 999999)),
    ("2024年2月", D(2024, 2, 29, 23, 59, 59, 999999)),   # leap February
    ("2023年2月", D(2023, 2, 28, 23, 59, 59, 999999)),
    ("2021Q1", D(2021, 3, 31, 23, 59, 59, 999999)),
    ("2021年第四季度", D(2021, 12, 31, 23, 59, 59, 999999)),
    ("2021年上半年", D(2021, 6, 30, 23, 59, 59, 999999)),
    ("2021-03-06", D(2021, 3, 6, 23, 59, 59, 999999)),
    ("2021-03-06 10:00", D(2021, 3, 6, 10, 0)),
])
def test_period_end(value, end):
    assert parse_local(value, SH).end == end


def test_period_end_of_december():
    assert period_end(D(2021, 12, 1), "month") == D(2021, 12, 31, 23, 59, 59, 999999)


def test_naive_values_are_read_in_the_profile_timezone():
    stamp = parse_stamp("2021-03-06 10:00", SH)
    assert stamp.start == dt.datetime(2021, 3, 6, 10, 0, tzinfo=ZoneInfo(SH))
    assert stamp.start.astimezone(dt.timezone.utc).hour == 2


def test_explicit_offsets_are_converted_to_the_profile_timezone():
    assert parse_local("2021-03-06T20:00:00Z", SH).start == D(2021, 3, 7, 4, 0)
    assert parse_local("2021-03-06T20:00:00-05:00", SH).start == D(2021, 3, 7, 9, 0)
    assert parse_local("2021-03-06T20:00:00Z", "UTC").start == D(2021, 3, 6, 20, 0)


def test_parse_datetime_and_parse_date_keep_their_contract():
    moment = parse_datetime("2021年3月6日", SH)
    assert moment == dt.datetime(2021, 3, 6, tzinfo=ZoneInfo(SH))
    assert parse_datetime("2021Q2", SH) == dt.datetime(2021, 4, 1, tzinfo=ZoneInfo(SH))
    assert parse_datetime("nonsense") is None
    assert parse_date("2021-03-06T20:00:00Z", SH) == dt.date(2021, 3, 7)
    assert parse_date("2021-03-06T20:00:00Z") == dt.date(2021, 3, 6)


@pytest.mark.parametrize("value", ["1900-01-01", "1899-12-30", "30/12/1899", "1900-01-01 00:00:00", "9999-12-31",
                                   "0000-00-00", "31/12/9999"])
def test_sentinel_dates_are_placeholders_not_dates(value):
    from auditor.dates import is_sentinel_date

    assert is_sentinel_date(value)
    assert parse_local(value, SH) is None and parse_local(value, SH, loose=True) is None


def test_a_real_date_is_not_a_sentinel():
    from auditor.dates import is_sentinel_date

    assert not is_sentinel_date("1900-01-02") and not is_sentinel_date("2021-01-01") and not is_sentinel_date(19000101)
