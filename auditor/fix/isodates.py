"""Dates to ISO 8601 (MR015): 2021年3月6日, 2021/3/6, 20210306, 民国110年3月6日, Excel serials.

Parsing is `auditor.dates` (the one date reader); this module only writes the
parsed value at the granularity it was written with: a day as 2021-03-06, a
month as 2021-03, an instant as 2021-03-06T10:00:00. Quarters and half-years
have no ISO 8601 calendar form: they are kept and reported.
"""
from __future__ import annotations

import datetime as dt
import json

from ..dates import parse_local
from ..valuetypes import whole_number

_WRITE = {
    "day": lambda s: s.date().isoformat(),
    "time": lambda s: s.isoformat(timespec="seconds"),
    "month": lambda s: f"{s.year:04d}-{s.month:02d}",
    "year": lambda s: f"{s.year:04d}",
}


def repair_date(value, timezone: str) -> str | None:
    """ISO 8601 text of a date value of a date column, or None when it has no ISO form."""
    stamp = parse_local(value, timezone, loose=True)
    if stamp is None or stamp.unit not in _WRITE:
        return None
    return _WRITE[stamp.unit](stamp.start)


def native_text(value) -> str:
    """A spreadsheet's typed cell as CSV text (dates in ISO 8601, numbers as Python writes them)."""
    if value is None:
        return ""
    if value.__class__ is str:
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds") if value.time() != dt.time(0) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(whole_number(value))
    if isinstance(value, (dict, list)):  # nested JSON stays JSON
        return json.dumps(value, ensure_ascii=False)
    return str(value)
