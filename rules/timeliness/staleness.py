"""Is the dataset late? The declared period against the last update and against the data's own dates.

due = last update + one period (calendar arithmetic: a month is a month);
within `grace_days` after the due date → on time; up to one more period →
warning; beyond → error (DESIGN §7). Irregular and unrecognised frequencies
are never judged here (TM007, TM008).
"""
from __future__ import annotations

from auditor.model import Severity
from auditor.options import Opt

from .content import IGNORE_HINTS, ScansContent
from .timeline import TimelineRule, judge, moment_text, record_verdict, stamp_text

_GRACE_DOC = "days after the due date that still count as on time (absorbs publishing delays and time of day)"
_GRACE_ZH = "到期后仍算按时的天数（吸收发布延迟和时刻差）"
_CSV = "站点,线路,更新日期\n火车站,1路,{date}\n"


class Overdue(TimelineRule):
    """The last update (a distribution's own modified date when the catalogue
    gives one, else the dataset's modified date) is older than the declared
    frequency allows. Warning when late by up to one extra period, error beyond."""

    code = "TM003"
    name = "overdue"
    default_severity = Severity.WARNING
    title = {"en": "Overdue: not updated as often as declared", "zh": "逾期未更新：未按声明的频率更新"}
    messages = {"default": {
        "en": "Declared update frequency '{frequency}' ({period}); last updated {last}, so the next update "
              "was due {due}: {days} day(s) overdue",
        "zh": "声明的更新频率为“{frequency}”（{period}），最后更新于 {last}，应于 {due} 前再次更新，已逾期 {days} 天",
    }}
    options = {"grace_days": Opt(1.0, float, min=0, doc=_GRACE_DOC, doc_zh=_GRACE_ZH)}
    example_fail = {"file": "t.csv", "text": "站点,线路\n火车站,1路\n",
                    "meta": {"数据名称": "公交站点", "更新频率": "每日", "更新时间": "2020-11-13"}}
    example_pass = {"file": "t.csv", "text": "站点,线路\n火车站,1路\n",
                    "meta": {"数据名称": "公交站点", "更新频率": "每日", "更新时间": "2026-11-27"}}

    def dataset(self, ds):
        tl = self.timeline(ds)
        if not tl.frequency.periodic or tl.modified is None:
            return
        verdict = judge(tl.modified.end, tl.frequency, tl.now, self.opts["grace_days"])
        record_verdict(ds, verdict, "last_modified")
        if verdict.severity is None:
            return
        due = moment_text(verdict.due, tl.timezone)
        self.report(
            frequency=tl.frequency_raw, period=tl.frequency.label, last=stamp_text(tl.modified, tl.timezone),
            due=due, days=verdict.days_overdue, severity=verdict.severity,
            data={"due": due, "days_overdue": verdict.days_overdue, "frequency": tl.frequency.label,
                  "last_modified": stamp_text(tl.modified, tl.timezone), "source": tl.modified_source},
        )


class ContentStale(ScansContent, TimelineRule):
    """The newest date inside the data (date columns found by header hints such
    as 日期/时间/年份/date/year and by value shapes; birth, founding and expiry
    dates ignored) is older than the declared frequency allows. A value naming a
    period (2021年3月, 2024) counts from the period's end, and the newest data may
    trail the publication by `content_lag_periods` periods (March's figures
    appear in April)."""

    code = "TM004"
    name = "content-stale"
    default_severity = Severity.WARNING
    title = {"en": "Content stale: the newest data is older than the frequency allows",
             "zh": "内容陈旧：数据中最新的日期早于声明频率所允许的范围"}
    messages = {"default": {
        "en": "The newest date in the data is {newest} (column '{column}'); with the declared update frequency "
              "'{frequency}' ({period}) newer data was due by {due}: {days} day(s) overdue",
        "zh": "数据中最新的日期为 {newest}（列“{column}”），按声明的更新频率“{frequency}”（{period}）应在 {due} 前"
              "有更新的数据，已逾期 {days} 天",
    }}
    options = {
        "grace_days": Opt(1.0, float, min=0, doc=_GRACE_DOC, doc_zh=_GRACE_ZH),
        "content_lag_periods": Opt(1, int, min=0, doc="periods the newest data may trail its publication "
                                                     "(statistics for a month appear the next month)",
                                   doc_zh="最新数据可晚于发布的周期数（如月度统计在次月发布）"),
        "date_columns": Opt([], list, str, doc="extra header words that mark a date column "
                                               "(besides 日期, 时间, 年份, date, year ...)",
                            doc_zh="额外的日期列名词语（在 日期、时间、年份、date、year 等之外）"),
        "ignore_columns": Opt(list(IGNORE_HINTS), list, str, doc="header words of date columns that say nothing "
                                                                 "about recency (出生, 成立, 有效期 ...)",
                              doc_zh="与数据新旧无关的日期列名词语（出生、成立、有效期等）"),
    }
    example_fail = {"file": "t.csv", "text": _CSV.format(date="2020-11-13"),
                    "meta": {"数据名称": "公交站点", "更新频率": "每日", "更新时间": "2026-11-27"}}
    example_pass = {"file": "t.csv", "text": _CSV.format(date="2026-11-27"),
                    "meta": {"数据名称": "公交站点", "更新频率": "每日", "更新时间": "2026-11-27"}}

    def dataset(self, ds):
        tl = self.timeline(ds)
        if not tl.frequency.periodic or tl.newest is None:
            return
        newest = tl.newest.newest
        assert newest is not None  # tl.newest is a column with a newest date
        verdict = judge(min(newest.end, tl.now), tl.frequency, tl.now, self.opts["grace_days"],
                        periods=1 + max(0, self.opts["content_lag_periods"]))
        record_verdict(ds, verdict, "content")
        if verdict.severity is None:
            return
        due = moment_text(verdict.due, tl.timezone)
        shown = stamp_text(newest, tl.timezone)
        self.report(
            column=tl.newest.column, table=tl.newest.table, newest=shown, frequency=tl.frequency_raw,
            period=tl.frequency.label, due=due, days=verdict.days_overdue, severity=verdict.severity,
            data={"due": due, "days_overdue": verdict.days_overdue, "frequency": tl.frequency.label,
                  "newest_content_date": shown},
        )
