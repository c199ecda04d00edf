"""Dates that cannot all be true: in the future, out of order, or real-time for a static file."""

from __future__ import annotations

from auditor.model import Severity

from .content import ScansContent
from .timeline import TimelineRule, stamp_text

_META = {"数据名称": "公交站点", "更新频率": "每月", "发布时间": "2026-01-05", "更新时间": "2026-11-20"}


class FutureDates(ScansContent, TimelineRule):
    """A last-modified or issue date, or dates inside the data, lie after the
    as-of day (read in the profile's timezone). A period counts as future only
    when it starts after that day (2026年 is not in the future on 2026-11-28)."""

    code = "TM005"
    name = "future-dates"
    default_severity = Severity.WARNING
    title = {"en": "Dates in the future", "zh": "日期晚于当前日期"}
    messages = {
        "metadata": {"en": "Metadata {field} {value} is after {as_of}", "zh": "元数据{field} {value} 晚于 {as_of}"},
        "default": {
            "en": "{count} date(s) in column '{column}' are after {as_of} (latest {latest})",
            "zh": "列“{column}”有 {count} 个日期晚于 {as_of}（最晚为 {latest}）",
        },
    }
    example_fail = {"file": "t.csv", "text": "站点,更新日期\n火车站,2099-01-01\n", "meta": _META}
    example_pass = {"file": "t.csv", "text": "站点,更新日期\n火车站,2026-11-01\n", "meta": _META}

    def dataset(self, ds):
        tl = self.timeline(ds)
        as_of = tl.as_of.isoformat()
        for label, stamp in (("modified", tl.modified), ("issued", tl.issued)):
            if stamp is not None and stamp.start > tl.now:
                shown = stamp_text(stamp, tl.timezone)
                self.report("metadata", field=label, value=shown, as_of=as_of, data={"field": label, "date": shown})
        for col in tl.columns:
            if col.future_count:
                latest = stamp_text(col.future_max, tl.timezone)
                self.report(
                    column=col.column,
                    table=col.table,
                    count=col.future_count,
                    rows=col.future_rows,
                    latest=latest,
                    as_of=as_of,
                    examples=[latest],
                    data={"latest": latest},
                )


class InconsistentDates(ScansContent, TimelineRule):
    """Dates that contradict each other: modified before issued; metadata
    modified older than the newest data (the record is staler than the data);
    a real-time (实时, continuous) frequency declared for a static file."""

    code = "TM006"
    name = "inconsistent-dates"
    default_severity = Severity.WARNING
    title = {"en": "Inconsistent dates", "zh": "日期相互矛盾"}
    messages = {
        "modified_before_issued": {
            "en": "Last modified {modified} is before the issue date {issued}",
            "zh": "更新时间 {modified} 早于发布时间 {issued}",
        },
        "metadata_older": {
            "en": "Metadata says last modified {modified}, but the data holds a newer date "
            "({newest} in column '{column}'): the metadata is staler than the data",
            "zh": "元数据的更新时间为 {modified}，但数据中有更新的日期（列“{column}”中的 {newest}），"
            "元数据比数据更陈旧",
        },
        "realtime_static": {
            "en": "Declared real-time ('{frequency}'), but a file is a static snapshot; its newest date is {latest}",
            "zh": "声明为实时更新（“{frequency}”），但文件只是静态快照；其最新日期为 {latest}",
        },
        "realtime_static_undated": {
            "en": "Declared real-time ('{frequency}'), but a file is a static snapshot",
            "zh": "声明为实时更新（“{frequency}”），但文件只是静态快照",
        },
    }
    example_fail = {
        "file": "t.csv",
        "text": "站点,更新日期\n火车站,2026-11-01\n",
        "meta": {**_META, "更新时间": "2025-12-31"},
    }
    example_pass = {"file": "t.csv", "text": "站点,更新日期\n火车站,2026-11-01\n", "meta": _META}

    def dataset(self, ds):
        tl = self.timeline(ds)
        tz = tl.timezone
        if tl.modified and tl.issued and tl.modified.end.date() < tl.issued.start.date():
            self.report(
                "modified_before_issued",
                modified=stamp_text(tl.modified, tz),
                issued=stamp_text(tl.issued, tz),
                data={"modified": stamp_text(tl.modified, tz), "issued": stamp_text(tl.issued, tz)},
            )
        newest = tl.newest
        if tl.modified and newest and newest.newest and tl.modified.end.date() < newest.newest.start.date():
            shown = stamp_text(newest.newest, tz)
            self.report(
                "metadata_older",
                column=newest.column,
                table=newest.table,
                modified=stamp_text(tl.modified, tz),
                newest=shown,
                data={"modified": stamp_text(tl.modified, tz), "newest_content_date": shown},
            )
        if tl.frequency.kind == "continuous" and ds.kind == "data" and not ds.load_error:
            latest = (newest.newest if newest else None) or tl.modified
            if latest is None:
                self.report("realtime_static_undated", frequency=tl.frequency_raw)
            else:
                self.report(
                    "realtime_static",
                    frequency=tl.frequency_raw,
                    latest=stamp_text(latest, tz),
                    data={"latest": stamp_text(latest, tz)},
                )
