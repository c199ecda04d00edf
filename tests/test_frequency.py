"""The frequency vocabulary: every term normalises to its period or kind; calendar arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from auditor.frequency import DCMI_BASE, EU_BASE, KINDS, VOCABULARY, add_period, parse_frequency


@pytest.mark.parametrize("source,term,spec", VOCABULARY, ids=[f"{s}:{t}" for s, t, _ in VOCABULARY])
def test_every_vocabulary_term(source, term, spec):
    freq = parse_frequency(term)
    assert freq.recognised, term
    expected = parse_frequency(spec) if spec not in KINDS else None
    if expected is None:
        assert freq.kind == spec
    else:
        assert freq.kind == "periodic"
        assert (freq.years, freq.months, freq.days, freq.seconds) == (
            expected.years,
            expected.months,
            expected.days,
            expected.seconds,
        )


EU_CODES = [term for source, term, _ in VOCABULARY if source == "eu"]
DCMI_TERMS = [term for source, term, _ in VOCABULARY if source == "dcmi"]


def test_vocabulary_is_complete():
    for code in (
        "1MIN",
        "5MIN",
        "10MIN",
        "15MIN",
        "30MIN",
        "HOURLY",
        "BIHOURLY",
        "TRIHOURLY",
        "12HRS",
        "CONT",
        "UPDATE_CONT",
        "DAILY",
        "DAILY_2",
        "WEEKLY",
        "WEEKLY_2",
        "WEEKLY_3",
        "BIWEEKLY",
        "MONTHLY",
        "MONTHLY_2",
        "MONTHLY_3",
        "BIMONTHLY",
        "QUARTERLY",
        "ANNUAL",
        "ANNUAL_2",
        "ANNUAL_3",
        "BIENNIAL",
        "TRIENNIAL",
        "QUADRENNIAL",
        "QUINQUENNIAL",
        "DECENNIAL",
        "BIDECENNIAL",
        "TRIDECENNIAL",
        "IRREG",
        "AS_NEEDED",
        "NOT_PLANNED",
        "NEVER",
        "OTHER",
        "UNKNOWN",
    ):
        assert code in EU_CODES, code
    assert len(DCMI_TERMS) == 17
    seed_table3 = (
        "实时",
        "每小时",
        "每日",
        "每周",
        "15天",
        "每月",
        "每3个月",
        "每季度",
        "每半年",
        "每年",
        "每2年",
        "每3年",
        "每5年",
        "每10年",
        "不定期",
        "用户自定义",
        "每日/5分钟",
        "每年10月/12月",
        "每月月底",
    )
    variants = ("日更新", "按月", "每天", "月度", "季度", "年度", "半年", "按需", "实时更新", "静态")
    zh = {term for source, term, _ in VOCABULARY if source == "zh"}
    assert set(seed_table3 + variants) <= zh


@pytest.mark.parametrize("code", EU_CODES)
def test_eu_uris_resolve_like_codes(code):
    by_code = parse_frequency(code)
    for uri in (f"http://{EU_BASE}{code}", f"https://{EU_BASE}{code}", f"<http://{EU_BASE}{code}>"):
        by_uri = parse_frequency(uri)
        assert (by_uri.kind, by_uri.label, by_uri.source) == (by_code.kind, by_code.label, "eu"), uri


@pytest.mark.parametrize("term", DCMI_TERMS)
def test_dublin_core_uris(term):
    freq = parse_frequency(f"http://{DCMI_BASE}{term}")
    assert freq.recognised and freq.source == "dcmi"
    assert (freq.kind, freq.label) == (parse_frequency(term).kind, parse_frequency(term).label)


@pytest.mark.parametrize(
    "raw,label",
    [
        # ISO 8601 repeating durations, with fractions converted to the next calendar unit
        ("R/P1D", "P1D"),
        ("R/PT1H", "PT1H"),
        ("R/P0.5M", "P15D"),
        ("R/P1W", "P1W"),
        ("R/P3M", "P3M"),
        ("R/P6M", "P6M"),
        ("R/P1Y", "P1Y"),
        ("P1.5Y", "P1Y6M"),
        ("R/P0.5Y", "P6M"),
        ("R/P3.5D", "P3DT12H"),
        ("R/P0.33M", "P10D"),
        ("r/p1d", "P1D"),
        ("R/2020-01-01/P1M", "P1M"),
        ("R5/P1W", "P1W"),
        ("P0,5W", "P3DT12H"),
        # Chinese grammar beyond the table
        ("每4年", "P4Y"),
        ("每6个月", "P6M"),
        ("每隔2周", "P2W"),
        ("一年一次", "P1Y"),
        ("每月更新一次", "P1M"),
        ("每年2次", "P6M"),
        ("每周两次", "P3DT12H"),
        ("每半月", "P15D"),
        ("半小时", "PT30M"),
        ("每十五分钟", "PT15M"),
        ("每季度末", "P3M"),
        ("每周一", "P1W"),
        ("每日8点", "P1D"),
        ("按季", "P3M"),
        ("逐月", "P1M"),
        ("年更", "P1Y"),
        ("每旬", "P10D"),
        ("更新频率：每月", "P1M"),
        ("每 日", "P1D"),
        ("每小时多次", "PT1H"),
        # compound forms keep the coarsest declared period
        ("每日/5分钟", "P1D"),
        ("每年10月/12月", "P1Y"),
        ("每月、每季度", "P3M"),
        ("每日/实时", "P1D"),
        ("daily / hourly", "P1D"),
        # English
        ("Daily", "P1D"),
        ("WEEKLY", "P1W"),
        ("every 2 weeks", "P2W"),
        ("Every three months", "P3M"),
        ("every 5 minutes", "PT5M"),
        ("twice a year", "P6M"),
        ("3 times a week", "P2DT8H"),
        ("Multiple times per hour", "PT1H"),
        ("every other month", "P2M"),
        ("yearly", "P1Y"),
        ("Annually", "P1Y"),
        # CKAN / HDX day counts
        ("90", "P3M"),
        ("30", "P1M"),
        ("365", "P1Y"),
        ("7", "P1W"),
        ("45", "P45D"),
        (90, "P3M"),
    ],
)
def test_variants(raw, label):
    freq = parse_frequency(raw)
    assert freq.kind == "periodic", raw
    assert freq.label == label, raw


@pytest.mark.parametrize(
    "raw,kind",
    [
        ("实时", "continuous"),
        ("R/PT1S", "continuous"),
        ("0", "continuous"),
        ("Live", "continuous"),
        ("不定期", "irregular"),
        ("irregular", "irregular"),
        ("按需", "as_needed"),
        ("-2", "as_needed"),
        ("静态", "never"),
        ("-1", "never"),
        ("Not planned", "never"),
        ("用户自定义", "custom"),
        ("OTHER", "custom"),
        ("UNKNOWN", "unknown"),
        ("未知", "unknown"),
    ],
)
def test_non_periodic_kinds(raw, kind):
    freq = parse_frequency(raw)
    assert (freq.kind, freq.recognised, freq.label) == (kind, True, kind)
    with pytest.raises(ValueError):
        add_period(dt.date(2026, 1, 1), freq)


@pytest.mark.parametrize(
    "raw",
    [
        "看情况",
        "sometimes maybe",
        "2021年",
        "http://example.org/freq/daily",
        "http://publications.europa.eu/resource/authority/frequency/FORTNIGHTLY",
        "-7",
    ],
)
def test_unknown_text_is_kept_raw_and_not_recognised(raw):
    freq = parse_frequency(raw)
    assert freq.kind == "unknown" and not freq.recognised and freq.raw == raw


def test_empty_is_not_a_declaration():
    for raw in (None, "", "   "):
        freq = parse_frequency(raw)
        assert freq.kind == "unknown" and not freq.recognised


@pytest.mark.parametrize(
    "start,raw,n,expected",
    [
        (dt.date(2021, 1, 31), "P1M", 1, dt.date(2021, 2, 28)),  # month end clamps
        (dt.date(2024, 1, 31), "P1M", 1, dt.date(2024, 2, 29)),  # leap February
        (dt.date(2021, 1, 31), "P1M", 2, dt.date(2021, 3, 31)),  # n periods at once: no sticky clamping
        (dt.date(2024, 2, 29), "P1Y", 1, dt.date(2025, 2, 28)),  # leap day + 1 year
        (dt.date(2024, 2, 29), "P1Y", 4, dt.date(2028, 2, 29)),
        (dt.date(2021, 11, 30), "P3M", 1, dt.date(2022, 2, 28)),  # quarter across the year end
        (dt.date(2021, 8, 31), "P6M", 1, dt.date(2022, 2, 28)),
        (dt.date(2021, 12, 31), "P1D", 1, dt.date(2022, 1, 1)),
        (dt.date(2021, 3, 1), "P15D", 1, dt.date(2021, 3, 16)),
        (dt.datetime(2021, 3, 1, 23, 30), "PT1H", 1, dt.datetime(2021, 3, 2, 0, 30)),
        (dt.date(2021, 3, 1), "PT12H", 1, dt.datetime(2021, 3, 1, 12, 0)),
        (dt.datetime(2020, 11, 13, 23, 59, 59, 999999), "P1D", 2, dt.datetime(2020, 11, 15, 23, 59, 59, 999999)),
    ],
)
def test_add_period_calendar(start, raw, n, expected):
    assert add_period(start, parse_frequency(raw), n) == expected


def test_add_period_keeps_the_timezone():
    from zoneinfo import ZoneInfo

    start = dt.datetime(2021, 1, 31, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    due = add_period(start, parse_frequency("每月"))
    assert due == dt.datetime(2021, 2, 28, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert due.tzinfo is start.tzinfo


def test_docs_list_every_vocabulary_term():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "frequency.md").read_text("utf-8")
    missing = [term for _, term, _ in VOCABULARY if f"`{term}`" not in doc]
    assert not missing, f"docs/frequency.md does not list: {missing}"


@pytest.mark.parametrize(
    "raw,label",
    [
        ("Updated daily", "P1D"),
        ("Data are updated daily", "P1D"),
        ("This dataset is updated monthly", "P1M"),
        ("Giornaliera", "P1D"),
        ("Diària", "P1D"),
        ("Diario", "P1D"),
        ("Quotidien", "P1D"),
        ("Täglich", "P1D"),
        ("Mensuel", "P1M"),
        ("Daily beginning 7/1/19; twice weekly previously", "P1D"),
        ("Weekly since 2020; daily previously", "P1W"),
    ],
)
def test_phrases_and_other_languages(raw, label):
    found = parse_frequency(raw)
    assert found.recognised and found.label == label and found.raw == raw
