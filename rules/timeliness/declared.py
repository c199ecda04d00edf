"""What the metadata declares about updates: a frequency and a last-modified date.

These rules need no rows, so they work for catalogue entries (metadata only)
as well as for data files. A data file with no metadata at all gets TM001 and
TM002 too (CP005 says the metadata is missing; these say that, as a result,
timeliness cannot be judged, and they keep the timeliness score honest); a
profile can switch that off with `when_no_metadata: false`.
"""

from __future__ import annotations

from auditor.model import Severity
from auditor.options import Opt

from .timeline import TimelineRule, declared, stamp_text

_NO_META_OPTION = {
    "when_no_metadata": Opt(
        True,
        bool,
        doc="also report when the dataset has no metadata at all (CP005 reports that itself)",
        doc_zh="数据集完全没有元数据时也报告（CP005 本身会报告这一点）",
    )
}
_SIDECAR = {"数据名称": "公交站点", "数据提供方": "市交通局", "更新频率": "每月", "更新时间": "2026-11-20"}


def _has_metadata(ds, tl) -> bool:
    return tl.has_metadata or ds.kind == "catalog_entry"


def _not_in_source(ds, name: str) -> bool:
    """The source has no place for the field (a catalogue export without the column): the portal
    scorecard says "not published in this catalogue" once, instead of a finding on every dataset."""
    return name in (getattr(ds.metadata, "not_in_source", None) or ())


class NoFrequency(TimelineRule):
    """No update frequency (更新频率, accrualPeriodicity) is declared, or only a
    placeholder such as '/' or '无': nobody can tell whether the data is late."""

    code = "TM001"
    name = "no-update-frequency"
    default_severity = Severity.WARNING
    title = {"en": "No declared update frequency", "zh": "未声明更新频率"}
    messages = {
        "default": {
            "en": "No update frequency is declared, so timeliness cannot be judged",
            "zh": "未声明更新频率，无法判断数据是否按时更新",
        },
        "placeholder": {
            "en": "Update frequency is '{raw}', a placeholder rather than a frequency",
            "zh": "更新频率为“{raw}”，是占位符而不是更新频率",
        },
        "no_metadata": {
            "en": "No metadata, so no update frequency is declared: timeliness cannot be judged",
            "zh": "没有元数据，因而没有声明更新频率，无法判断时效性",
        },
    }
    options = dict(_NO_META_OPTION)
    example_fail = {"file": "t.csv", "text": "站点,线路\n火车站,1路\n", "meta": {"数据名称": "公交站点"}}
    example_pass = {"file": "t.csv", "text": "站点,线路\n火车站,1路\n", "meta": _SIDECAR}

    def dataset(self, ds):
        tl = self.timeline(ds)
        if tl.frequency_declared or _not_in_source(ds, "frequency"):
            return
        if not _has_metadata(ds, tl):
            if self.opts["when_no_metadata"]:
                self.report("no_metadata")
            return
        if tl.frequency_raw is not None and str(tl.frequency_raw).strip():
            self.report("placeholder", raw=tl.frequency_raw, data={"frequency_raw": tl.frequency_raw})
        else:
            self.report()


class NoLastModified(TimelineRule):
    """No last-modified date (更新时间, modified) is declared, or it is not a
    date: nobody can tell when the data was last updated."""

    code = "TM002"
    name = "no-last-modified"
    default_severity = Severity.WARNING
    title = {"en": "No last-modified date", "zh": "缺少更新时间"}
    messages = {
        "default": {
            "en": "No last-modified date is declared, so whether an update is overdue cannot be judged",
            "zh": "未声明更新时间，无法判断是否逾期未更新",
        },
        "unparseable": {
            "en": "Last-modified date '{raw}' is not a date that can be read",
            "zh": "更新时间“{raw}”不是可识别的日期",
        },
        "no_metadata": {
            "en": "No metadata, so no last-modified date is declared",
            "zh": "没有元数据，因而没有声明更新时间",
        },
    }
    options = dict(_NO_META_OPTION)
    example_fail = {
        "file": "t.csv",
        "text": "站点,线路\n火车站,1路\n",
        "meta": {"数据名称": "公交站点", "更新频率": "每月"},
    }
    example_pass = {"file": "t.csv", "text": "站点,线路\n火车站,1路\n", "meta": _SIDECAR}

    def dataset(self, ds):
        tl = self.timeline(ds)
        if tl.modified is not None or _not_in_source(ds, "modified"):
            return
        if declared(tl.modified_raw):
            self.report("unparseable", raw=tl.modified_raw, data={"modified_raw": str(tl.modified_raw)})
        elif not _has_metadata(ds, tl):
            if self.opts["when_no_metadata"]:
                self.report("no_metadata")
        else:
            self.report(data={"issued": stamp_text(tl.issued, tl.timezone)})


class NoSchedule(TimelineRule):
    """The declared frequency sets no schedule (不定期, 按需, 实时, 静态,
    用户自定义, EU IRREG/AS_NEEDED/NEVER/UNKNOWN ...): there is no verdict, only
    the age of the data, reported apart from the stale share (DESIGN §7)."""

    code = "TM007"
    name = "no-update-schedule"
    default_severity = Severity.INFO
    title = {"en": "Declared frequency sets no schedule (no verdict)", "zh": "更新频率无固定周期（不作判定）"}
    messages = {
        "default": {
            "en": "Declared update frequency '{frequency}' ({kind}) sets no schedule, so no verdict; "
            "newest date {last}, {days} day(s) before {as_of}",
            "zh": "声明的更新频率“{frequency}”（{kind}）没有固定周期，不作判定；"
            "最新日期为 {last}，距 {as_of} 已 {days} 天",
        },
        "undated": {
            "en": "Declared update frequency '{frequency}' ({kind}) sets no schedule, so no verdict; "
            "the age of the data is unknown",
            "zh": "声明的更新频率“{frequency}”（{kind}）没有固定周期，不作判定；数据的更新时间未知",
        },
    }
    example_fail = {"file": "t.csv", "text": "站点,线路\n火车站,1路\n", "meta": {**_SIDECAR, "更新频率": "不定期"}}
    example_pass = {"file": "t.csv", "text": "站点,线路\n火车站,1路\n", "meta": _SIDECAR}

    def dataset(self, ds):
        tl = self.timeline(ds)
        freq = tl.frequency
        if not tl.frequency_declared or not freq.recognised or freq.periodic:
            return
        content = tl.newest.newest if tl.newest else None
        latest = content or tl.modified  # the data's own dates first
        data: dict[str, object] = {
            "kind": freq.kind,
            "last_modified": stamp_text(tl.modified, tl.timezone),
            "newest_content_date": stamp_text(content, tl.timezone),
        }
        if latest is None:
            self.report("undated", frequency=tl.frequency_raw, kind=freq.kind, data=data)
            return
        days = max(0, (tl.as_of - min(latest.end, tl.now).date()).days)
        data["age_days"] = days
        self.report(
            frequency=tl.frequency_raw,
            kind=freq.kind,
            last=stamp_text(latest, tl.timezone),
            days=days,
            as_of=tl.as_of.isoformat(),
            data=data,
        )


class UnrecognisedFrequency(TimelineRule):
    """The declared update frequency is text no vocabulary knows (Chinese terms,
    EU and Dublin Core codes, ISO 8601, English words, day counts): it is
    reported with its raw value and not judged."""

    code = "TM008"
    name = "unrecognised-frequency"
    default_severity = Severity.WARNING
    title = {"en": "Update frequency not recognised", "zh": "更新频率无法识别"}
    messages = {
        "default": {
            "en": "Update frequency '{frequency}' is not a recognised frequency, so timeliness is not judged",
            "zh": "更新频率“{frequency}”无法识别，不判断时效性",
        },
    }
    example_fail = {"file": "t.csv", "text": "站点,线路\n火车站,1路\n", "meta": {**_SIDECAR, "更新频率": "看情况吧"}}
    example_pass = {"file": "t.csv", "text": "站点,线路\n火车站,1路\n", "meta": _SIDECAR}

    def dataset(self, ds):
        tl = self.timeline(ds)
        if tl.frequency_declared and not tl.frequency.recognised:
            self.report(frequency=tl.frequency_raw, data={"frequency_raw": tl.frequency_raw})
