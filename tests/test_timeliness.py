"""The timeliness pack (TM001-TM008) through the real CLI, plus catalogue entries through the engine."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from conftest import AS_OF, audit_json, findings, run_cli, write_file, write_workbook

from auditor.dataset import LoadedDataset
from auditor.engine import RunContext, Target, audit_loaded
from auditor.metadata import Metadata
from auditor.profile import load_profile
from auditor.registry import load_registry

FULL_META = {
    "数据名称": "公交线路站点",
    "数据提供方": "市交通运输局",
    "开放许可": "CC-BY-4.0",
    "开放条件": "无条件开放",
}


def dataset(folder, text: str, meta: dict | None = None, name: str = "data.csv"):
    """A CSV with an optional NAME.meta.yaml sidecar."""
    path = write_file(folder, name, text)
    if meta is not None:
        write_file(folder, name + ".meta.yaml", yaml.safe_dump(meta, allow_unicode=True))
    return path


def stations(date: str, rows: int = 12) -> str:
    return "站点,线路,更新日期\n" + "".join(f"站点{i},{i}路,{date}\n" for i in range(rows))


def tm(report, index=0) -> dict[str, str]:
    return {f["code"]: f["severity"] for f in report["datasets"][index]["findings"] if f["code"].startswith("TM")}


def profile(folder, rules: dict, timezone: str | None = None):
    doc = {"extends": "default", "rules": rules}
    if timezone:
        doc["timezone"] = timezone
    return write_file(folder, "profile.yaml", yaml.safe_dump(doc))


# -- acceptance: the seed's Ningbo / Qingdao case --------------------------------------------
def test_daily_dataset_from_2020_fails_with_tm003_and_tm004(tmp_path):
    path = dataset(
        tmp_path,
        stations("2020-11-13"),
        {**FULL_META, "更新频率": "每日", "发布时间": "2020-11-13", "更新时间": "2020-11-13"},
    )
    exit_code, report = audit_json(path)
    d = report["datasets"][0]
    assert exit_code == 1 and d["status"] == "fail"
    assert tm(report) == {"TM003": "error", "TM004": "error"}
    overdue = findings(report, "TM003")[0]
    assert overdue["data"]["due"] == "2020-11-14" and overdue["data"]["days_overdue"] == 2205
    assert "2020-11-14" in overdue["message"] and "2205" in overdue["message"]
    stale = findings(report, "TM004")[0]
    assert stale["location"]["column"] == "更新日期" and stale["data"]["newest_content_date"] == "2020-11-13"
    facts = d["timeliness"]
    assert facts["frequency_raw"] == "每日" and facts["frequency_normalised"] == "P1D"
    assert facts["frequency_kind"] == "periodic" and facts["last_modified"] == "2020-11-13"
    assert facts["newest_content_date"] == "2020-11-13" and facts["due_basis"] == "content"
    assert facts["due"] == "2020-11-15" and facts["days_overdue"] == 2204


def test_the_same_dataset_updated_yesterday_passes(tmp_path):
    path = dataset(
        tmp_path,
        stations("2026-11-27"),
        {**FULL_META, "更新频率": "每日", "发布时间": "2020-11-13", "更新时间": "2026-11-27"},
    )
    exit_code, report = audit_json(path)
    assert exit_code == 0 and report["datasets"][0]["status"] == "pass"
    assert tm(report) == {}
    assert report["datasets"][0]["timeliness"]["days_overdue"] == 0


def test_ningbo_compound_frequency_is_judged_daily(tmp_path):
    path = dataset(tmp_path, stations("2020-11-13"), {**FULL_META, "更新频率": "每日/5分钟", "更新时间": "2020-11-13"})
    _, report = audit_json(path, extra=("--select", "TM"))
    assert report["datasets"][0]["timeliness"]["frequency_normalised"] == "P1D"
    assert tm(report)["TM003"] == "error"


def test_terminal_report_shows_the_timeline(tmp_path):
    path = dataset(tmp_path, stations("2020-11-13"), {**FULL_META, "更新频率": "每日", "更新时间": "2020-11-13"})
    result = run_cli("check", path, "--as-of", AS_OF, "--select", "TM")
    assert result.exit_code == 1
    for text in ("P1D", "2020-11-13", "2020-11-15", "2204", "TM003", "TM004"):
        assert text in result.output, text


# -- TM003: tiers, boundaries, calendar arithmetic, grace ---------------------------------------
@pytest.mark.parametrize(
    "modified,expected",
    [
        ("2026-10-28", None),  # due 2026-11-28: on time
        ("2026-10-27", None),  # due 11-27, one day late = the grace: still on time
        ("2026-10-26", "warning"),  # two days late
        ("2026-09-27", "warning"),  # due 10-27: late by exactly one period + grace, not beyond
        ("2026-09-26", "error"),  # beyond one whole extra period
        ("2026-11-28T09:00:00", None),
    ],
)
def test_overdue_warning_error_boundary(tmp_path, modified, expected):
    path = dataset(tmp_path, "a,b\n1,2\n", {"数据名称": "x", "更新频率": "每月", "更新时间": modified})
    _, report = audit_json(path, extra=("--select", "TM003"))
    assert tm(report).get("TM003") == expected


def test_month_end_is_a_calendar_month_not_30_days(tmp_path):
    path = dataset(tmp_path, "a,b\n1,2\n", {"数据名称": "x", "更新频率": "monthly", "更新时间": "2026-01-31"})
    strict = profile(tmp_path, {"TM003": {"grace_days": 0}})
    _, on_time = audit_json(path, extra=("--select", "TM003", "--profile", strict, "--as-of", "2026-02-28"))
    _, late = audit_json(path, extra=("--select", "TM003", "--profile", strict, "--as-of", "2026-03-01"))
    assert tm(on_time) == {} and on_time["datasets"][0]["timeliness"]["due"] == "2026-02-28"
    assert tm(late) == {"TM003": "warning"} and findings(late, "TM003")[0]["data"]["days_overdue"] == 1


def test_leap_day_plus_one_year(tmp_path):
    path = dataset(tmp_path, "a,b\n1,2\n", {"数据名称": "x", "更新频率": "每年", "更新时间": "2024-02-29"})
    _, on_time = audit_json(path, extra=("--select", "TM003", "--as-of", "2025-03-01"))
    _, late = audit_json(path, extra=("--select", "TM003", "--as-of", "2025-03-02"))
    assert on_time["datasets"][0]["timeliness"]["due"] == "2025-02-28" and tm(on_time) == {}
    assert tm(late) == {"TM003": "warning"}


def test_grace_is_configurable_per_profile(tmp_path):
    path = dataset(tmp_path, "a,b\n1,2\n", {"数据名称": "x", "更新频率": "每月", "更新时间": "2026-10-20"})
    _, default = audit_json(path, extra=("--select", "TM003"))
    _, lenient = audit_json(
        path, extra=("--select", "TM003", "--profile", profile(tmp_path, {"TM003": {"grace_days": 10}}))
    )
    assert tm(default) == {"TM003": "warning"} and tm(lenient) == {}
    typo = write_file(tmp_path, "typo.yaml", "extends: default\nrules:\n  TM003:\n    grace_day: 3\n")
    result = run_cli("check", path, "--profile", typo, "--as-of", AS_OF)
    assert result.exit_code == 2 and "grace_day" in result.output


def test_iso_and_eu_frequencies_are_judged(tmp_path):
    for raw in (
        "R/P1M",
        "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
        "http://purl.org/cld/freq/monthly",
        "30",
    ):
        path = dataset(tmp_path, "a,b\n1,2\n", {"数据名称": "x", "更新频率": raw, "更新时间": "2026-09-01"})
        _, report = audit_json(path, extra=("--select", "TM003"))
        assert tm(report) == {"TM003": "error"}, raw


# -- the timezone -------------------------------------------------------------------------------
def test_naive_timestamps_are_local_and_offsets_are_converted(tmp_path):
    meta = {"数据名称": "x", "更新频率": "每日"}
    utc_profile = profile(tmp_path, {}, timezone="UTC")
    explicit = dataset(tmp_path, "a,b\n1,2\n", {**meta, "更新时间": "2026-11-28T20:00:00Z"}, name="e.csv")
    naive = dataset(tmp_path, "a,b\n1,2\n", {**meta, "更新时间": "2026-11-28 20:00:00"}, name="n.csv")
    _, shanghai = audit_json(explicit, extra=("--select", "TM005"))
    _, utc = audit_json(explicit, extra=("--select", "TM005", "--profile", utc_profile))
    _, local = audit_json(naive, extra=("--select", "TM005"))
    assert tm(shanghai) == {"TM005": "warning"}  # 20:00 UTC is already 11-29 04:00 in Shanghai
    assert "2026-11-29T04:00:00+08:00" in findings(shanghai, "TM005")[0]["message"]
    assert tm(utc) == {} and tm(local) == {}


def test_content_timestamps_use_the_profile_timezone(tmp_path):
    text = (
        "事件,发生时间\na,2026-11-28T23:30:00-05:00\nb,2026-11-28T10:00:00-05:00\nc,2026-11-28 23:30:00\n"
        "d,2026-11-28T20:00:00Z\ne,2026-11-27T20:00:00Z\n"
    )
    path = dataset(tmp_path, text, {"数据名称": "x", "更新频率": "每日", "更新时间": "2026-11-28"})
    _, report = audit_json(path, extra=("--select", "TM005"))
    future = findings(report, "TM005")
    # 23:30 at -05:00 and 20:00 UTC are already 11-29 in Shanghai; 10:00 at -05:00 is 23:00 on 11-28
    assert len(future) == 1 and future[0]["count"] == 2 and future[0]["rows"] == [2, 5]
    assert report["datasets"][0]["timeliness"]["newest_content_date"] == "2026-11-28T23:30:00+08:00"
    _, utc = audit_json(path, extra=("--select", "TM005", "--profile", profile(tmp_path, {}, timezone="UTC")))
    assert findings(utc, "TM005")[0]["rows"] == [2]


# -- TM004: content dates ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "header,values,newest",
    [
        ("日期", ["2021-03-06", "2021-11-30", "2021-02-01"], "2021-11-30"),
        ("日期", ["2021年3月6日", "2021年11月30日", "2021年2月1日"], "2021-11-30"),
        ("日期", ["2021/3/6", "2021/11/30", "2021/2/1"], "2021-11-30"),
        ("日期", ["2021.3.6", "2021.11.30", "2021.2.1"], "2021-11-30"),
        ("统计日期", ["20210306", "20211130", "20210201"], "2021-11-30"),
        ("年份", ["2019", "2021", "2020"], "2021"),
        ("", ["2019年", "2021年", "2020年"], "2021"),
        ("月份", ["2021年3月", "2021年11月", "2021年2月"], "2021-11"),
        ("统计期", ["2021Q1", "2021Q4", "2020Q4"], "2021-Q4"),
        ("季度", ["2021年第一季度", "2021年第三季度", "2020年第四季度"], "2021-Q3"),
        ("更新日期", ["44261", "44530", "44200"], "2021-11-30"),  # Excel serial day numbers
        ("日期", ["110/3/6", "110/11/30", "110/2/1"], "2021-11-30"),  # ROC years
        ("日期", ["民国110年3月6日", "民国110年11月30日", "民国110年2月1日"], "2021-11-30"),
        ("period", ["2021-03", "2021-11", "2021-02"], "2021-11"),
        ("备注", ["2021-03-06 10:00:00", "2021-11-30 08:15:00", "2021-02-01 09:00:00"], "2021-11-30T08:15:00+08:00"),
    ],
)
def test_content_date_formats(tmp_path, header, values, newest):
    text = f"名称,{header}\n" + "".join(f"n{i},{v}\n" for i, v in enumerate(values))
    path = dataset(tmp_path, text, {"数据名称": "x", "更新频率": "每月", "更新时间": "2026-11-20"})
    _, report = audit_json(path, extra=("--select", "TM004"))
    facts = report["datasets"][0]["timeliness"]
    assert facts["newest_content_date"] == newest
    assert tm(report) == {"TM004": "error"}


def test_value_shapes_alone_do_not_make_numbers_dates(tmp_path):
    text = "名称,数量,编号,电话\n" + "".join(f"n{i},{2000 + i},{20210301 + i},6118123{i}\n" for i in range(9))
    path = dataset(tmp_path, text, {"数据名称": "x", "更新频率": "每月", "更新时间": "2026-11-20"})
    _, report = audit_json(path, extra=("--select", "TM"))
    assert report["datasets"][0]["timeliness"]["newest_content_date"] is None
    assert tm(report) == {} and "61181230" not in str(report)


def test_birth_founding_and_expiry_dates_are_ignored(tmp_path):
    text = (
        "姓名,出生日期,成立日期,有效期至,更新日期\n"
        "a,2026-11-01,2026-11-01,2099-12-31,2020-01-01\n"
        "b,1990-01-01,2001-05-05,2030-01-01,2020-01-02\n"
    )
    path = dataset(tmp_path, text, {"数据名称": "x", "更新频率": "每月", "更新时间": "2026-11-20"})
    _, report = audit_json(path, extra=("--select", "TM"))
    facts = report["datasets"][0]["timeliness"]
    assert facts["newest_content_date"] == "2020-01-02" and facts["newest_content_column"] == "更新日期"
    assert "TM005" not in tm(report) and tm(report)["TM004"] == "error"
    keep_all = profile(tmp_path, {"TM004": {"ignore_columns": []}})
    _, report = audit_json(path, extra=("--select", "TM", "--profile", keep_all))
    assert report["datasets"][0]["timeliness"]["newest_content_date"] == "2026-11-01"
    assert "TM005" in tm(report)


def test_extra_date_column_hints(tmp_path):
    text = "名称,上报\n" + "".join(f"n{i},{2015 + i}\n" for i in range(5))
    path = dataset(tmp_path, text, {"数据名称": "x", "更新频率": "每年", "更新时间": "2026-11-20"})
    _, plain = audit_json(path, extra=("--select", "TM004"))
    _, hinted = audit_json(
        path, extra=("--select", "TM004", "--profile", profile(tmp_path, {"TM004": {"date_columns": ["上报"]}}))
    )
    assert plain["datasets"][0]["timeliness"]["newest_content_date"] is None
    assert hinted["datasets"][0]["timeliness"]["newest_content_date"] == "2019"


@pytest.mark.parametrize(
    "month,expected", [("2026年10月", None), ("2026年9月", None), ("2026年8月", "warning"), ("2026年7月", "error")]
)
def test_monthly_statistics_may_trail_by_one_period(tmp_path, month, expected):
    text = f"指标,月份,数值\nCPI,{month},101.2\n"
    path = dataset(tmp_path, text, {"数据名称": "x", "更新频率": "每月", "更新时间": "2026-11-20"})
    _, report = audit_json(path, extra=("--select", "TM004"))
    assert tm(report).get("TM004") == expected


def test_content_lag_is_configurable(tmp_path):
    text = "指标,月份,数值\nCPI,2026年9月,101.2\n"
    path = dataset(tmp_path, text, {"数据名称": "x", "更新频率": "每月", "更新时间": "2026-11-20"})
    _, report = audit_json(
        path, extra=("--select", "TM004", "--profile", profile(tmp_path, {"TM004": {"content_lag_periods": 0}}))
    )
    assert tm(report) == {"TM004": "warning"}


def test_workbook_with_native_dates(tmp_path):
    path = write_workbook(
        tmp_path / "w.xlsx",
        [
            ["名称", "更新时间", "数量"],
            ["a", dt.datetime(2020, 11, 13, 9, 30), 1],
            ["b", dt.datetime(2020, 11, 12), 2],
            ["c", dt.date(2020, 6, 1), 3],
        ],
    )
    write_file(
        tmp_path, "w.xlsx.meta.yaml", yaml.safe_dump({"数据名称": "x", "更新频率": "每周", "更新时间": "2026-11-27"})
    )
    _, report = audit_json(path, extra=("--select", "TM"))
    facts = report["datasets"][0]["timeliness"]
    assert facts["newest_content_date"] == "2020-11-13T09:30:00+08:00"
    assert tm(report) == {"TM004": "error"}


def test_sorted_and_unsorted_columns_give_the_same_newest(tmp_path):
    import random

    days = [dt.date(2021, 1, 1) + dt.timedelta(days=i) for i in range(400)]
    rows = [f"r{i},{d.isoformat()} 0{i % 10}:00:00,{d.year}年{d.month}月{d.day}日\n" for i, d in enumerate(days)]
    meta = {"数据名称": "x", "更新频率": "每日", "更新时间": "2026-11-27"}
    sorted_path = dataset(tmp_path, "id,时间,日期\n" + "".join(rows), meta, name="s.csv")
    random.Random(7).shuffle(rows)
    shuffled = dataset(tmp_path, "id,时间,日期\n" + "".join(rows), meta, name="u.csv")
    for path in (sorted_path, shuffled):
        _, report = audit_json(path, extra=("--select", "TM004"))
        assert report["datasets"][0]["timeliness"]["newest_content_date"] in ("2022-02-04", "2022-02-04T09:00:00+08:00")


# -- TM005, TM006 ---------------------------------------------------------------------------------
def test_future_content_dates_are_counted_not_taken_as_newest(tmp_path):
    text = (
        "名称,日期\n"
        + "".join(f"n{i},2020-0{i % 9 + 1}-01\n" for i in range(60))
        + "x,2099-01-01\ny,2027年\nz,2026年\n"
    )
    path = dataset(tmp_path, text, {"数据名称": "x", "更新频率": "每年", "更新时间": "2026-11-20"})
    _, report = audit_json(path, extra=("--select", "TM"))
    future = findings(report, "TM005")[0]
    assert future["count"] == 2 and future["rows"] == [62, 63] and "2099-01-01" in future["message"]
    assert report["datasets"][0]["timeliness"]["newest_content_date"] == "2026"


def test_future_metadata_dates(tmp_path):
    path = dataset(
        tmp_path,
        "a,b\n1,2\n",
        {"数据名称": "x", "更新频率": "每年", "发布时间": "2027-01-01", "更新时间": "2026-12-01"},
    )
    _, report = audit_json(path, extra=("--select", "TM005"))
    assert sorted(f["data"]["field"] for f in findings(report, "TM005")) == ["issued", "modified"]


def test_modified_before_issued(tmp_path):
    path = dataset(
        tmp_path,
        "a,b\n1,2\n",
        {"数据名称": "x", "更新频率": "每年", "发布时间": "2026-03-01", "更新时间": "2025-12-31"},
    )
    _, report = audit_json(path, extra=("--select", "TM006"))
    assert [f["data"] for f in findings(report, "TM006")] == [{"modified": "2025-12-31", "issued": "2026-03-01"}]


def test_metadata_staler_than_the_data(tmp_path):
    text = "Country,Year,Value\nA,2022,1\nA,2023,2\nA,2024,3\n"
    path = dataset(tmp_path, text, {"title": "population", "frequency": "annual", "modified": "2023-05-04"})
    _, report = audit_json(path, extra=("--select", "TM"))
    stale_meta = findings(report, "TM006")[0]
    assert stale_meta["location"]["column"] == "Year" and stale_meta["data"]["newest_content_date"] == "2024"
    assert "TM004" not in tm(report)  # 2024's figures are on time until the end of 2026


def test_real_time_declared_for_a_static_file(tmp_path):
    path = dataset(tmp_path, stations("2020-11-13"), {"数据名称": "x", "更新频率": "实时", "更新时间": "2026-11-27"})
    _, report = audit_json(path, extra=("--select", "TM"))
    assert tm(report) == {"TM006": "warning", "TM007": "info"}
    assert "2020-11-13" in findings(report, "TM006")[0]["message"]


# -- TM001, TM002, TM007, TM008 ------------------------------------------------------------------
def test_no_metadata_at_all(tmp_path):
    path = dataset(tmp_path, "a,b\n1,2\n")
    _, report = audit_json(path, extra=("--select", "TM"))
    assert tm(report) == {"TM001": "warning", "TM002": "warning"}
    assert "No metadata" in findings(report, "TM001")[0]["message"]
    quiet = profile(tmp_path, {"TM001": {"when_no_metadata": False}, "TM002": {"when_no_metadata": False}})
    _, report = audit_json(path, extra=("--select", "TM", "--profile", quiet))
    assert tm(report) == {}


def test_placeholder_frequency_and_unreadable_modified(tmp_path):
    path = dataset(tmp_path, "a,b\n1,2\n", {"数据名称": "x", "更新频率": "/", "更新时间": "上周"})
    _, report = audit_json(path, extra=("--select", "TM"))
    assert tm(report) == {"TM001": "warning", "TM002": "warning"}
    assert "'/'" in findings(report, "TM001")[0]["message"]
    assert "上周" in findings(report, "TM002")[0]["message"]


def test_irregular_reports_age_without_verdict(tmp_path):
    path = dataset(tmp_path, stations("2020-11-13"), {"数据名称": "x", "更新频率": "不定期", "更新时间": "2026-01-01"})
    _, report = audit_json(path, extra=("--select", "TM"))
    assert tm(report) == {"TM007": "info"}
    info = findings(report, "TM007")[0]
    assert info["data"]["age_days"] == 2206 and info["data"]["kind"] == "irregular"
    assert report["datasets"][0]["timeliness"]["due"] is None
    undated = dataset(tmp_path, "a,b\n1,2\n", {"数据名称": "x", "更新频率": "AS_NEEDED"}, name="u.csv")
    _, report = audit_json(undated, extra=("--select", "TM007"))
    assert "unknown" in findings(report, "TM007")[0]["message"]


def test_unrecognised_frequency_is_reported_raw_and_not_judged(tmp_path):
    path = dataset(
        tmp_path, stations("2020-11-13"), {"数据名称": "x", "更新频率": "看情况更新", "更新时间": "2020-11-13"}
    )
    _, report = audit_json(path, extra=("--select", "TM"))
    assert tm(report) == {"TM008": "warning"}
    assert "看情况更新" in findings(report, "TM008")[0]["message"]
    facts = report["datasets"][0]["timeliness"]
    assert facts["frequency_raw"] == "看情况更新" and facts["frequency_normalised"] is None


def test_chinese_messages(tmp_path):
    path = dataset(tmp_path, stations("2020-11-13"), {"数据名称": "x", "更新频率": "每日", "更新时间": "2020-11-13"})
    _, report = audit_json(path, extra=("--select", "TM003", "--lang", "zh"))
    assert "已逾期 2205 天" in findings(report, "TM003")[0]["message"]


# -- catalogue entries (metadata only) through the engine ---------------------------------------
def audit_entry(meta: Metadata, as_of=dt.date(2026, 11, 28)):
    registry = load_registry(plugins=False)
    ctx = RunContext(registry=registry, profile=load_profile("default", registry), as_of=as_of)
    loaded = LoadedDataset(path="catalog.json", source="catalog.json#e1", format="json")
    result = audit_loaded(
        loaded, Target(path="catalog.json", source="catalog.json#e1", metadata=meta), ctx, kind="catalog_entry"
    )
    return result, {f.code: f.severity.label for f in result.findings if f.code.startswith("TM")}


def test_catalogue_entry_without_frequency():
    _, found = audit_entry(Metadata(title="t", modified="2021-03-04T10:22:33", sources=["catalog.json"]))
    assert found == {"TM001": "warning"}


def test_catalogue_entry_overdue_and_without_sources():
    result, found = audit_entry(Metadata(title="t", frequency="R/P1D", modified="2024-09-14"))
    assert found == {"TM003": "error"}
    assert result.timeliness["due"] == "2024-09-15"


def test_distribution_date_is_preferred_to_the_record_date():
    meta = Metadata(
        title="t",
        frequency="每月",
        modified="2020-01-01",
        sources=["c"],
        distributions=[{"url": "a.csv", "modified": "2026-11-20"}, {"url": "b.csv"}],
    )
    result, found = audit_entry(meta)
    assert found == {}
    assert result.timeliness["last_modified"] == "2026-11-20"
    assert result.timeliness["last_modified_source"] == "distribution"


def test_corpus_population_package(corpus):
    _, report = audit_json(corpus / "datapackage-population" / "datapackage.json", extra=("--select", "TM"))
    assert "TM001" in tm(report)
    assert tm(report).get("TM006") == "warning"
    assert report["datasets"][0]["timeliness"]["newest_content_date"] == "2024"


def test_an_as_of_line_above_the_table_dates_its_content(tmp_path):
    """`截止日期：2020年11月15日` above a table without date columns feeds TM004 (issue 11 item 1)."""
    text = "各区企业数量统计\n截止日期：2020年11月15日\n区,企业数\n" + "".join(
        f"区{i},{i * 10}\n" for i in range(1, 21)
    )
    path = dataset(tmp_path, text, {"数据名称": "x", "更新频率": "每月", "更新时间": "2026-11-20"})
    _, report = audit_json(path, extra=("--select", "TM004,MR011"))
    (stale,) = findings(report, "TM004")
    assert stale["severity"] == "error" and stale["location"]["column"] == "(as-of line above the table)"
    assert report["datasets"][0]["timeliness"]["newest_content_date"].startswith("2020-11-15")
    assert report["datasets"][0]["tables"][0]["columns"] == ["区", "企业数"]
    assert findings(report, "MR011")[0]["rows"] == [1, 2]


@pytest.mark.parametrize("seed", range(4))
def test_a_date_column_judged_by_distinct_values_is_judged_as_cell_by_cell(seed):
    """ContentDates judges a batch's distinct values once (`feed_many`); the newest date, and
    the count, first rows and latest of the future dates, are what feeding every cell in row
    order gives, whatever the batches and the kinds of value."""
    import random

    from auditor.rules.timeliness.content import ColumnDates, _Column

    rng = random.Random(seed)
    now = dt.datetime(2026, 12, 1, 23, 59, 59)
    pool = ([f"2026-{m:02d}-{d:02d}" for m in range(1, 13) for d in (1, 15, 28)] + ["2027-01-05", "2031-06-01"]
            + [f"2026-11-{d:02d} {h:02d}:30" for d in (3, 30) for h in (8, 17)] + ["2026年3月", "2026.12.02", ""]
            + [dt.date(2026, 10, 9), dt.datetime(2026, 12, 1, 9), dt.datetime(2027, 2, 1), None, "n/a", 42, True])
    values = [rng.choice(pool) for _ in range(rng.randint(200, 3000))]
    rownums = list(range(2, 2 + len(values)))
    one, many = (_Column(0, ColumnDates("t", "c"), True, "Asia/Shanghai", now) for _ in range(2))
    for v, r in zip(values, rownums, strict=True):
        if v is not None:
            one.feed(v, r)
    at = 0
    while at < len(values):
        size = rng.choice([1, 7, 512, 4096])
        many.feed_many(values[at:at + size], rownums[at:at + size])
        at += size
    a, b = one.finish(), many.finish()
    assert (a.newest, a.future_count, a.future_rows, a.future_max) == (
        b.newest, b.future_count, b.future_rows, b.future_max)
    assert a.future_count > 0 and a.newest is not None
