"""Find a table's date columns and keep their newest and future dates, in one cheap pass.

The newest date inside the data says more about freshness than any metadata
field. Date columns are chosen from header hints (日期, 时间, 年份, date, year ...)
and from the shapes of the first rows' values; columns whose dates say nothing
about recency (出生日期, 成立日期, 有效期至 ...) are skipped. Per row, only the
chosen cells are looked at: ISO strings are compared as strings (parsed only
when one beats the current maximum), other shapes through a bounded memo.
Memory stays bounded: a maximum, counters and a few row numbers per column.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import pyarrow.compute as pc

from auditor.analysis import Analysis
from auditor.dates import Stamp, parse_local
from auditor.tablestats import DEFAULT_PLACEHOLDERS
from auditor.valuetypes import DATE_HINTS

# Dates that describe the subject, not the data's recency: birth, founding, validity, plans.
IGNORE_HINTS = (
    "出生", "生日", "成立", "设立", "创立", "开业", "建成", "建设时间", "上市", "有效期", "截止", "到期", "失效",
    "届满", "期满", "结束", "终止", "计划", "规划", "预计", "预期", "birth", "dob", "found", "establish",
    "incorporat", "expir", "valid", "deadline", "planned", "due date", "end date", "end time",
)
SAMPLE_ROWS = 50
MEMO_MAX = 20000
FUTURE_ROWS = 5
# Written forms that are dates without any header saying so (a bare 2021 or 44261 is not).
SELF_EVIDENT = frozenset({"iso", "cjk", "separated", "quarter", "half", "roc", "native"})
_MISSING = frozenset(DEFAULT_PLACEHOLDERS) | {"", None}
_MISS = object()


AS_OF_COLUMN = "(as-of line above the table)"


@dataclass
class ColumnDates:
    """What one date column holds: its newest non-future date and its future dates."""

    table: str
    column: str
    newest: Stamp | None = None  # naive wall-clock time of the profile's timezone
    future_count: int = 0
    future_rows: list[int] = field(default_factory=list)
    future_max: Stamp | None = None


class _Column:
    """Per-column state while streaming."""

    __slots__ = ("index", "out", "loose", "timezone", "now", "future_str", "iso_max", "valid_day",
                 "best", "memo", "days")

    def __init__(self, index: int, out: ColumnDates, loose: bool, timezone: str, now: dt.datetime):
        self.index = index
        self.out = out
        self.loose = loose
        self.timezone = timezone
        self.now = now
        self.future_str = now.date().isoformat() + "\x7f"  # any ISO string above it is dated after today
        self.iso_max = ""  # largest canonical ISO string seen that is not in the future
        self.valid_day = ""
        self.best: dt.datetime = dt.datetime.min  # end of the newest non-future period, clamped to now
        self.memo: dict = {}
        self.days: dict = {}  # day part of timestamps → key, so unique timestamps are rarely parsed

    # -- the fast path for columns of canonical ISO strings ('2021-03-06', '2021-03-06 10:00:00')
    def consider_iso(self, v: str, rownum: int) -> None:
        """Called only when `v` sorts above the current ISO maximum."""
        if len(v) >= 10 and v[4] == "-" and v[7] == "-":
            if v > self.future_str or (len(v) > 16 and (v[-1] in "Zz" or "+" in v[16:] or "-" in v[16:])):
                # dated after today, or with an explicit offset that may move it to another day
                self.feed(v, rownum)
                return
            day = v[:10]
            if day == self.valid_day or _valid_day(day):
                self.valid_day = day
                self.iso_max = v
                return
        self.feed(v, rownum)

    # -- every other shape, through a bounded memo (date columns repeat values)
    def feed(self, v, rownum: int) -> None:
        key = self.memo.get(v, _MISS)
        if key is _MISS:
            self.miss(v, rownum)
        elif key is not None and key[0] > self.best:
            self.accept(key, rownum)

    def feed_many(self, values: list, rownums) -> None:
        """`feed` of every value in row order, with the same outcome, judging each distinct value
        once: a date column repeats its values, and most of them cannot beat the newest date
        so far, so only the rows of the few that can are looked at, in order."""
        index = {v: k for k, v in enumerate(dict.fromkeys(values))}  # in the order of first sight
        best, memo = self.best, self.memo
        can_win: dict[int, tuple] = {}
        for v, k in index.items():
            if v is None:
                continue
            key = memo.get(v, _MISS)
            if key is _MISS:
                if v.__class__ is str and " " in v and self._day_cannot_win(v):
                    continue
                key = self._key(v)
                if len(memo) < MEMO_MAX:
                    memo[v] = key
            if key is not None and key[0] > best:  # best only grows: the others never win
                can_win[k] = key
        if not can_win:
            return
        codes = np.fromiter(map(index.__getitem__, values), np.int64, len(values))
        wanted = np.zeros(len(index), bool)
        wanted[list(can_win)] = True
        for j in np.flatnonzero(wanted[codes]).tolist():
            key = can_win[int(codes[j])]
            if key[0] > self.best:
                self.accept(key, rownums[j])

    def miss(self, v, rownum: int) -> None:
        """A value not in the memo: parse it (unless its day cannot win) and remember it."""
        if v.__class__ is str and " " in v and self._day_cannot_win(v):
            return
        key = self._key(v)
        if len(self.memo) < MEMO_MAX:
            self.memo[v] = key
        if key is not None and key[0] > self.best:
            self.accept(key, rownum)

    def _day_cannot_win(self, v: str) -> bool:
        """A timestamp whose whole day is not newer than the newest date needs no parsing."""
        head = v.split(" ", 1)[0]
        key = self.days.get(head, _MISS)
        if key is _MISS:
            key = self._key(head)
            if len(self.days) < MEMO_MAX:
                self.days[head] = key
        return key is not None and key[0] <= self.best

    def _key(self, v):
        if v in _MISSING:
            return None
        stamp = parse_local(v, self.timezone, self.loose)
        if stamp is None:
            return None
        return min(stamp.end, self.now) if stamp.start <= self.now else stamp.end, stamp

    def accept(self, key, rownum: int) -> None:
        end, stamp = key
        out = self.out
        if stamp.start > self.now:
            out.future_count += 1
            if len(out.future_rows) < FUTURE_ROWS:
                out.future_rows.append(rownum)
            if out.future_max is None or stamp.start > out.future_max.start:
                out.future_max = stamp
            return
        self.best = end
        out.newest = stamp

    def finish(self) -> ColumnDates:
        if self.iso_max:
            stamp = parse_local(self.iso_max, self.timezone)
            if stamp is not None and min(stamp.end, self.now) > self.best:
                self.out.newest = stamp
        self.memo, self.days = {}, {}
        return self.out


def _valid_day(day: str) -> bool:
    try:
        year, month, d = int(day[:4]), int(day[5:7]), int(day[8:10])
    except ValueError:
        return False
    return 1900 <= year <= 2200 and 1 <= month <= 12 and 1 <= d <= calendar.monthrange(year, month)[1]


def _matches(label: str, words) -> bool:
    low = label.lower()
    return any(w.lower() in low for w in words)


class ContentDates(Analysis):
    """One per table: samples the first rows, picks the date columns, then streams. Result:
    a list of ColumnDates (newest and future dates per chosen column).

    Column choice follows the options `date_columns` (extra header words) and
    `ignore_columns` of the rules that require it (TM004 declares both)."""

    name = "content-dates"

    def __init__(self, table, ds):
        super().__init__(table, ds)
        self.table_name = table.name
        self.labels = list(table.columns)
        self.timezone = ds.timezone or "UTC"
        self.now = dt.datetime.combine(ds.as_of, dt.time.max)
        self.grid = table.grid
        self.sample: list[tuple[int, list]] = []
        self.iso: list[tuple[int, _Column]] = []
        self.other: list[tuple[int, _Column]] = []
        self.configure({})

    def configure(self, options) -> None:
        hints: list[str] = []
        ignore: list[str] | None = None
        for opts in options.values():
            hints.extend(opts.get("date_columns") or ())
            if "ignore_columns" in opts:
                ignore = (ignore or []) + list(opts["ignore_columns"] or ())
        words = tuple(DATE_HINTS) + tuple(hints)
        skip = IGNORE_HINTS if ignore is None else tuple(ignore)
        self.candidates = [
            (i, label, _matches(label, words)) for i, label in enumerate(self.labels)
            if not (label and _matches(label, skip))
        ]
        self.sampling = bool(self.candidates)

    def columns(self, batch) -> None:
        """Sample first, then stream. For canonical ISO columns a comparison over the whole
        column (in C) keeps only the values above the running maximum (the rest cannot
        matter), and those few are considered in row order."""
        if not self.sampling and not self.iso and not self.other:
            return
        start = 0
        if self.sampling:
            take = min(SAMPLE_ROWS - len(self.sample), len(batch))
            self.sample.extend((batch.rownums[j], list(batch.row(j))) for j in range(take))
            if len(self.sample) < SAMPLE_ROWS:
                return
            self._decide()
            start = take
        if start >= len(batch):
            return
        rownums = batch.rownums
        for i, col in self.iso:  # only text tables have ISO columns
            column = batch.columns[i].slice(start)
            above = pc.fill_null(pc.greater(column, col.iso_max), False)
            hits = np.flatnonzero(above.to_numpy(zero_copy_only=False))
            if not len(hits):
                continue
            for k, v in zip(hits, column.filter(above).to_pylist(), strict=True):
                if v > col.iso_max:
                    col.consider_iso(v, rownums[start + int(k)])
        for i, col in self.other:
            values = batch.values(i)
            col.feed_many(values[start:] if start else values, rownums[start:] if start else rownums)

    def _stream(self, rownum: int, cells: list) -> None:
        n = len(cells)
        for i, col in self.iso:
            if i < n:
                v = cells[i]
                try:
                    if v > col.iso_max:
                        col.consider_iso(v, rownum)
                except TypeError:  # a loader that yields a non-string: take the general path
                    col.feed(v, rownum)
        for i, col in self.other:
            if i < n:
                col.feed(cells[i], rownum)

    def _decide(self) -> None:
        self.sampling = False
        for i, label, hinted in self.candidates:
            values = [cells[i] for _, cells in self.sample if i < len(cells) and cells[i] not in _MISSING]
            if not values:
                continue
            stamps = [parse_local(v, self.timezone, loose=hinted) for v in values]
            good = [s for s in stamps if s is not None and (hinted or s.form in SELF_EVIDENT)]
            if hinted:
                chosen = len(good) >= max(1, 0.5 * len(values))
            else:
                chosen = len(good) >= max(min(3, len(values)), 0.8 * len(values))
            if not chosen:
                continue
            col = _Column(i, ColumnDates(self.table_name, label or f"#{i + 1}"), hinted, self.timezone, self.now)
            canonical = all(isinstance(v, str) and len(v) >= 10 and v[4] == "-" and v[7] == "-" for v in values)
            (self.iso if canonical and not self.grid else self.other).append((i, col))
        sample, self.sample = self.sample, []
        for rownum, cells in sample:
            self._stream(rownum, cells)

    def finish(self) -> list[ColumnDates]:
        if self.sampling:
            self._decide()
        found = [col.finish() for _, col in self.iso + self.other]
        as_of = self._annotated_as_of()
        if as_of is not None:
            found.append(as_of)
        return found

    def _annotated_as_of(self) -> ColumnDates | None:
        """A `截止日期：2023年11月15日` line above the table dates its content like a date column."""
        text = self.table.facts.get("as_of")
        stamp = parse_local(text, self.timezone) if isinstance(text, str) else None
        if stamp is None or stamp.start > self.now:
            return None
        return ColumnDates(table=self.table_name, column=AS_OF_COLUMN, newest=stamp)


class ScansContent:
    """Mixin for the rules that read the content dates (TM004, TM005, TM006)."""

    requires: ClassVar[tuple[type, ...]] = (ContentDates,)
