"""Declared update frequencies: one vocabulary, one normalised form, calendar arithmetic.

Portals declare how often a dataset is updated in many dialects: Chinese terms
(the seed study's Table 3: 实时, 每日, 每3个月, 不定期, "每日/5分钟" ...), the EU
Publications Office frequency codes and URIs (DCAT-AP), the Dublin Core
collection frequency terms (purl.org/cld/freq/*), ISO 8601 repeating durations
(Project Open Data: R/P1D, R/P0.5M), English words, and CKAN/HDX day counts
("90"). `parse_frequency` turns any of them into a `Frequency`: either a
calendar period (years, months, days, seconds: a month is a month, not 30
days) or a non-periodic kind that is reported but never judged stale.

Rules of interpretation (documented in docs/frequency.md):
- Fractions are converted to the next smaller calendar unit: fractional years
  become months (P0.5Y = P6M), fractional months become whole days at the
  mean month length (P0.5M = P15D, P0.33M = P10D), fractional weeks and days
  become days and seconds (P0.5W = P3DT12H).
- Compound declarations ("每日/5分钟", "每年10月/12月") keep the coarsest
  period: it is the commitment the publisher certainly made for the published
  file (a dataset refreshed every 5 minutes through an API and daily as a
  download is at least daily), so judging it never flags a dataset for a
  cadence it did not promise. Anchors such as 月底 or 10月 do not change the
  period.
- "N times per unit" divides the period (每年两次 = P6M); "multiple times per
  hour" keeps the unit (PT1H), the bound the publisher certainly meets.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from . import lazyre

KINDS = ("periodic", "continuous", "irregular", "as_needed", "never", "unknown", "custom")
NON_PERIODIC = frozenset(KINDS) - {"periodic"}

MONTH_DAYS = 30.436875  # mean Gregorian month, for fractional months only
EU_BASE = "publications.europa.eu/resource/authority/frequency/"
DCMI_BASE = "purl.org/cld/freq/"

# ---------------------------------------------------------------------------
# The vocabulary: (source, term, spec). spec is an ISO 8601 duration for a
# periodic term, else a kind. Terms are matched after normalisation (NFKC,
# lower case, spaces collapsed; spaces removed next to CJK text).
# ---------------------------------------------------------------------------
VOCABULARY: tuple[tuple[str, str, str], ...] = (
    # EU Publications Office authority table "frequency" (codes; URIs end with the code).
    ("eu", "1MIN", "PT1M"),
    ("eu", "5MIN", "PT5M"),
    ("eu", "10MIN", "PT10M"),
    ("eu", "15MIN", "PT15M"),
    ("eu", "30MIN", "PT30M"),
    ("eu", "HOURLY", "PT1H"),
    ("eu", "BIHOURLY", "PT2H"),
    ("eu", "TRIHOURLY", "PT3H"),
    ("eu", "12HRS", "PT12H"),
    ("eu", "CONT", "continuous"),
    ("eu", "UPDATE_CONT", "continuous"),
    ("eu", "DAILY", "P1D"),
    ("eu", "DAILY_2", "PT12H"),
    ("eu", "WEEKLY", "P1W"),
    ("eu", "WEEKLY_2", "P0.5W"),
    ("eu", "WEEKLY_3", "P2DT8H"),
    ("eu", "WEEKLY_5", "P1DT9H36M"),
    ("eu", "BIWEEKLY", "P2W"),
    ("eu", "MONTHLY", "P1M"),
    ("eu", "MONTHLY_2", "P0.5M"),
    ("eu", "MONTHLY_3", "P10D"),
    ("eu", "BIMONTHLY", "P2M"),
    ("eu", "QUARTERLY", "P3M"),
    ("eu", "ANNUAL", "P1Y"),
    ("eu", "ANNUAL_2", "P6M"),
    ("eu", "ANNUAL_3", "P4M"),
    ("eu", "BIENNIAL", "P2Y"),
    ("eu", "TRIENNIAL", "P3Y"),
    ("eu", "QUADRENNIAL", "P4Y"),
    ("eu", "QUINQUENNIAL", "P5Y"),
    ("eu", "DECENNIAL", "P10Y"),
    ("eu", "BIDECENNIAL", "P20Y"),
    ("eu", "TRIDECENNIAL", "P30Y"),
    ("eu", "IRREG", "irregular"),
    ("eu", "AS_NEEDED", "as_needed"),
    ("eu", "NOT_PLANNED", "never"),
    ("eu", "NEVER", "never"),
    ("eu", "OTHER", "custom"),
    ("eu", "UNKNOWN", "unknown"),
    ("eu", "OP_DATPRO", "unknown"),  # "provisional data": deprecated, says nothing about cadence
    ("eu", "CONTINUOUS", "continuous"),
    ("eu", "IRREGULAR", "irregular"),  # legacy codes
    # Dublin Core Collection Description Frequency Vocabulary (17 terms).
    ("dcmi", "triennial", "P3Y"),
    ("dcmi", "biennial", "P2Y"),
    ("dcmi", "annual", "P1Y"),
    ("dcmi", "semiannual", "P6M"),
    ("dcmi", "threeTimesAYear", "P4M"),
    ("dcmi", "quarterly", "P3M"),
    ("dcmi", "bimonthly", "P2M"),
    ("dcmi", "monthly", "P1M"),
    ("dcmi", "semimonthly", "P0.5M"),
    ("dcmi", "biweekly", "P2W"),
    ("dcmi", "threeTimesAMonth", "P10D"),
    ("dcmi", "weekly", "P1W"),
    ("dcmi", "semiweekly", "P0.5W"),
    ("dcmi", "threeTimesAWeek", "P2DT8H"),
    ("dcmi", "daily", "P1D"),
    ("dcmi", "continuous", "continuous"),
    ("dcmi", "irregular", "irregular"),
    # Chinese: the seed study's Table 3 (ten city portals) ...
    ("zh", "实时", "continuous"),
    ("zh", "每小时", "PT1H"),
    ("zh", "每日", "P1D"),
    ("zh", "每周", "P1W"),
    ("zh", "15天", "P15D"),
    ("zh", "每月", "P1M"),
    ("zh", "每3个月", "P3M"),
    ("zh", "每季度", "P3M"),
    ("zh", "每半年", "P6M"),
    ("zh", "每年", "P1Y"),
    ("zh", "每2年", "P2Y"),
    ("zh", "每3年", "P3Y"),
    ("zh", "每5年", "P5Y"),
    ("zh", "每10年", "P10Y"),
    ("zh", "不定期", "irregular"),
    ("zh", "用户自定义", "custom"),
    ("zh", "每日/5分钟", "P1D"),
    ("zh", "每年10月/12月", "P1Y"),
    ("zh", "每月月底", "P1M"),
    # ... and the variants portals use.
    ("zh", "日更新", "P1D"),
    ("zh", "每天", "P1D"),
    ("zh", "按日", "P1D"),
    ("zh", "逐日", "P1D"),
    ("zh", "按周", "P1W"),
    ("zh", "每两周", "P2W"),
    ("zh", "半月", "P0.5M"),
    ("zh", "每旬", "P10D"),
    ("zh", "按月", "P1M"),
    ("zh", "月度", "P1M"),
    ("zh", "季度", "P3M"),
    ("zh", "按季度", "P3M"),
    ("zh", "半年", "P6M"),
    ("zh", "年度", "P1Y"),
    ("zh", "按年", "P1Y"),
    ("zh", "每年两次", "P6M"),
    ("zh", "实时更新", "continuous"),
    ("zh", "准实时", "continuous"),
    ("zh", "动态更新", "continuous"),
    ("zh", "按需", "as_needed"),
    ("zh", "按需更新", "as_needed"),
    ("zh", "依申请", "as_needed"),
    ("zh", "不定时", "irregular"),
    ("zh", "无固定周期", "irregular"),
    ("zh", "随时", "irregular"),
    ("zh", "静态", "never"),
    ("zh", "静态数据", "never"),
    ("zh", "不更新", "never"),
    ("zh", "一次性", "never"),
    ("zh", "历史数据", "never"),
    ("zh", "有变化时", "as_needed"),
    ("zh", "变更时更新", "as_needed"),
    ("zh", "自定义", "custom"),
    ("zh", "其他", "custom"),
    ("zh", "未知", "unknown"),
    # English words (DCAT-US, Socrata, data.gov.uk, ArcGIS Hub, HDX labels).
    ("en", "hourly", "PT1H"),
    ("en", "multiple times per hour", "PT1H"),
    ("en", "twice daily", "PT12H"),
    ("en", "multiple times per day", "P1D"),
    ("en", "every day", "P1D"),
    ("en", "weekly", "P1W"),
    ("en", "fortnightly", "P2W"),
    ("en", "every two weeks", "P2W"),
    ("en", "monthly", "P1M"),
    ("en", "every three months", "P3M"),
    ("en", "semi-monthly", "P0.5M"),
    ("en", "quarterly", "P3M"),
    ("en", "semi-annually", "P6M"),
    ("en", "biannually", "P6M"),
    ("en", "half-yearly", "P6M"),
    ("en", "every six months", "P6M"),
    ("en", "annually", "P1Y"),
    ("en", "yearly", "P1Y"),
    ("en", "every year", "P1Y"),
    ("en", "biennially", "P2Y"),
    ("en", "decennial", "P10Y"),
    ("en", "real-time", "continuous"),
    ("en", "realtime", "continuous"),
    ("en", "real time", "continuous"),
    ("en", "live", "continuous"),
    ("en", "continual", "continuous"),
    ("en", "continuously updated", "continuous"),
    ("en", "irregularly", "irregular"),
    ("en", "ad hoc", "irregular"),
    ("en", "adhoc", "irregular"),
    ("en", "as needed", "as_needed"),
    ("en", "as-needed", "as_needed"),
    ("en", "on demand", "as_needed"),
    ("en", "not planned", "never"),
    ("en", "not-planned", "never"),
    ("en", "never", "never"),
    ("en", "static", "never"),
    ("en", "discontinued", "never"),
    ("en", "historical data", "never"),
    ("en", "one-off", "never"),
    ("en", "unknown", "unknown"),
    ("en", "other", "custom"),
    ("en", "custom", "custom"),
    # ISO 19115 MD_MaintenanceFrequencyCode written as code (ckanext-spatial's `frequency-of-update`).
    ("en", "asNeeded", "as_needed"),
    ("en", "notPlanned", "never"),
    # Other European languages (Italian, Catalan, Spanish, French, German portals' own words).
    ("it", "giornaliera", "P1D"),
    ("it", "giornaliero", "P1D"),
    ("it", "quotidiana", "P1D"),
    ("it", "settimanale", "P1W"),
    ("it", "mensile", "P1M"),
    ("it", "trimestrale", "P3M"),
    ("it", "semestrale", "P6M"),
    ("it", "annuale", "P1Y"),
    ("it", "irregolare", "irregular"),
    ("ca", "diària", "P1D"),
    ("ca", "diari", "P1D"),
    ("ca", "setmanal", "P1W"),
    ("ca", "mensual", "P1M"),
    ("ca", "trimestral", "P3M"),
    ("ca", "semestral", "P6M"),
    ("ca", "anual", "P1Y"),
    ("es", "diario", "P1D"),
    ("es", "diaria", "P1D"),
    ("es", "semanal", "P1W"),
    ("es", "anual", "P1Y"),
    ("es", "irregular", "irregular"),
    ("fr", "quotidien", "P1D"),
    ("fr", "quotidienne", "P1D"),
    ("fr", "hebdomadaire", "P1W"),
    ("fr", "mensuel", "P1M"),
    ("fr", "mensuelle", "P1M"),
    ("fr", "trimestriel", "P3M"),
    ("fr", "semestriel", "P6M"),
    ("fr", "annuel", "P1Y"),
    ("fr", "annuelle", "P1Y"),
    ("fr", "irrégulier", "irregular"),
    ("de", "täglich", "P1D"),
    ("de", "wöchentlich", "P1W"),
    ("de", "monatlich", "P1M"),
    ("de", "vierteljährlich", "P3M"),
    ("de", "halbjährlich", "P6M"),
    ("de", "jährlich", "P1Y"),
    ("de", "unregelmäßig", "irregular"),
    # CKAN / HDX `data_update_frequency`: days, with a few special values.
    ("days", "-2", "as_needed"),
    ("days", "-1", "never"),
    ("days", "0", "continuous"),
    ("days", "1", "P1D"),
    ("days", "7", "P1W"),
    ("days", "14", "P2W"),
    ("days", "30", "P1M"),
    ("days", "90", "P3M"),
    ("days", "180", "P6M"),
    ("days", "365", "P1Y"),
    # Project Open Data accrualPeriodicity (ISO 8601 repeating durations; any R/P... parses).
    ("iso8601", "R/P1D", "P1D"),
    ("iso8601", "R/PT1H", "PT1H"),
    ("iso8601", "R/P0.5M", "P0.5M"),
    ("iso8601", "R/P3.5D", "P3DT12H"),
    ("iso8601", "R/P0.33W", "P0.33W"),
    ("iso8601", "R/P4M", "P4M"),
    ("iso8601", "R/P10Y", "P10Y"),
    ("iso8601", "R/PT1S", "continuous"),
    ("iso8601", "irregular", "irregular"),
)


@dataclass(frozen=True)
class Frequency:
    """A declared update frequency, normalised.

    `kind` is "periodic" (then years/months/days/seconds hold the calendar
    period) or a non-periodic kind. `recognised` is False for text that no
    vocabulary knows: such a frequency is reported with its raw value and not judged.
    """

    raw: str | None
    kind: str
    years: int = 0
    months: int = 0
    days: int = 0
    seconds: int = 0
    source: str = ""
    recognised: bool = True

    @property
    def periodic(self) -> bool:
        return self.kind == "periodic"

    @property
    def label(self) -> str:
        """ISO 8601 duration for a period ('P1D', 'P3M', 'PT1H'), else the kind."""
        if not self.periodic:
            return self.kind
        return iso_duration(self.years, self.months, self.days, self.seconds)

    @property
    def approx_seconds(self) -> float:
        """Rough length, only to compare periods (choose the coarsest)."""
        return ((self.years * 12 + self.months) * MONTH_DAYS + self.days) * 86400 + self.seconds


def iso_duration(years: int, months: int, days: int, seconds: int) -> str:
    if days and not (years or months or seconds) and days % 7 == 0:
        return f"P{days // 7}W"
    date_part = "".join(f"{n}{u}" for n, u in ((years, "Y"), (months, "M"), (days, "D")) if n)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    time_part = "".join(f"{n}{u}" for n, u in ((hours, "H"), (minutes, "M"), (secs, "S")) if n)
    return "P" + date_part + ("T" + time_part if time_part else "") if (date_part or time_part) else "PT0S"


# -- ISO 8601 durations, with fractions --------------------------------------
_NUM = r"(\d+(?:[.,]\d+)?)"
_DURATION = lazyre.compile(
    rf"^P(?:{_NUM}Y)?(?:{_NUM}M)?(?:{_NUM}W)?(?:{_NUM}D)?(?:T(?:{_NUM}H)?(?:{_NUM}M)?(?:{_NUM}S)?)?$"
)
_REPEATING = lazyre.compile(r"^R\d*/(?:[^/]+/)?(P[^/]+)(?:/[^/]+)?$")


def _periodic(raw, source, years=0.0, months=0.0, days=0.0, seconds=0.0) -> Frequency:
    """Build a period from possibly fractional parts, converting fractions downwards."""
    whole_years = int(years)
    months += (years - whole_years) * 12
    if abs(months - round(months)) < 1e-6:
        months = round(months)
    whole_months = int(months)
    if months - whole_months > 1e-6:
        days += max(1, round((months - whole_months) * MONTH_DAYS))
    if abs(days - round(days)) < 1e-9:
        days = round(days)
    whole_days = int(days)
    seconds += (days - whole_days) * 86400
    parts = (whole_years, whole_months, whole_days, int(round(seconds)))
    if not any(parts):
        return Frequency(raw, "continuous", source=source)
    return Frequency(raw, "periodic", *parts, source=source)


def parse_duration(text: str, raw=None, source: str = "iso8601") -> Frequency | None:
    """'P1D', 'R/P0.5M', 'R/2020-01-01/P1W' → Frequency; None when not a duration."""
    text = text.strip().upper()
    m = _REPEATING.match(text)
    if m:
        text = m.group(1)
    m = _DURATION.match(text)
    if not m or text in ("P", "PT"):
        return None
    y, mo, w, d, h, mi, s = (float(g.replace(",", ".")) if g else 0.0 for g in m.groups())
    if (y, mo, w, d, h, mi, s) == (0, 0, 0, 0, 0, 0, 1):  # R/PT1S: POD's "continuously updated"
        return Frequency(raw, "continuous", source=source)
    return _periodic(raw, source, y, mo, w * 7 + d, h * 3600 + mi * 60 + s)


def _spec_to_frequency(spec: str, raw, source: str) -> Frequency:
    if spec in KINDS:
        return Frequency(raw, spec, source=source)
    parsed = parse_duration(spec, raw, source)
    assert parsed is not None, spec
    return parsed


def normalise_text(raw: str) -> str:
    text = unicodedata.normalize("NFKC", str(raw)).strip().lower()
    text = re.sub(r"\s+", " ", text).strip(" .。;；")
    if re.search(r"[\u3400-\u9fff]", text):
        text = text.replace(" ", "")
    return text


_EU = {code: spec for src, code, spec in VOCABULARY if src == "eu"}
_DCMI = {term.lower(): spec for src, term, spec in VOCABULARY if src == "dcmi"}
_TERMS: dict[str, tuple[str, str]] = {}
for _src, _term, _spec in VOCABULARY:
    _TERMS.setdefault(normalise_text(_term), (_spec, _src))
for _code, _spec in _EU.items():
    _TERMS.setdefault(_code.lower(), (_spec, "eu"))


# -- Chinese grammar: 每3个月, 15天, 每隔2周, 一年一次, 每年两次, 每月月底 ----------
_ZH_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {  # unit → (years, months, days, seconds)
    "秒": (0, 0, 0, 1),
    "秒钟": (0, 0, 0, 1),
    "分": (0, 0, 0, 60),
    "分钟": (0, 0, 0, 60),
    "时": (0, 0, 0, 3600),
    "小时": (0, 0, 0, 3600),
    "钟头": (0, 0, 0, 3600),
    "日": (0, 0, 1, 0),
    "天": (0, 0, 1, 0),
    "周": (0, 0, 7, 0),
    "星期": (0, 0, 7, 0),
    "礼拜": (0, 0, 7, 0),
    "旬": (0, 0, 10, 0),
    "月": (0, 1, 0, 0),
    "月度": (0, 1, 0, 0),
    "季": (0, 3, 0, 0),
    "季度": (0, 3, 0, 0),
    "年": (1, 0, 0, 0),
    "年度": (1, 0, 0, 0),
}
_ZH_NUM = r"[0-9.]+|[零一二两三四五六七八九十半]+"
_ZH = lazyre.compile(
    rf"^(?:每隔|每|按|逐)?(?P<num>{_ZH_NUM})?个?(?P<unit>秒钟|秒|分钟|分|小时|钟头|时|天|日|周|星期|礼拜|旬|月度|月|季度|季|年度|年)"
    rf"(?P<rest>.*)$"
)
_ZH_COUNT = lazyre.compile(rf"^(?P<count>{_ZH_NUM})次$")
_ZH_ANCHOR = lazyre.compile(
    r"^(?:第?(?:[0-9]+|[一二三四五六七八九十]+)(?:月份?|日|号|点|时|季度)?|[上中下]旬|月?[底末初中]|[前后内]"
    r"|[一二三四五六日天]|工作日|[、/至到-])*$"
)
_ZH_DECOR = ("更新频率", "更新周期", "更新频度", "频率")
_ZH_SUFFIX = ("更新一次", "更新1次", "更新", "一次", "1次", "发布", "公布", "一更", "更")


def _zh_number(text: str | None) -> float | None:
    if not text:
        return 1.0
    if text == "半":
        return 0.5
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", text):
        return float(text)
    if "半" in text:
        return None
    if "十" in text:
        tens, _, units = text.partition("十")
        value = (_ZH_DIGITS.get(tens, -100) if tens else 1) * 10 + (_ZH_DIGITS.get(units, -100) if units else 0)
        return float(value) if value > 0 else None
    if len(text) == 1 and text in _ZH_DIGITS:
        return float(_ZH_DIGITS[text])
    return None


def _parse_zh(text: str, raw) -> Frequency | None:
    for word in _ZH_DECOR:
        if text.startswith(word):
            text = text[len(word) :].lstrip(":：")
    for suffix in _ZH_SUFFIX:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    m = _ZH.match(text)
    if not m:
        return None
    num = _zh_number(m.group("num"))
    if num is None or num <= 0 or num > 100:
        return None
    rest, count = m.group("rest"), 1.0
    cm = _ZH_COUNT.match(rest)
    if cm:
        count = _zh_number(cm.group("count")) or 0
        rest = ""
    elif rest.endswith("次") and "多" in rest:  # 每小时多次: at least once per unit
        rest = ""
    if count <= 0 or not _ZH_ANCHOR.match(rest):
        return None
    y, mo, d, s = _ZH_UNITS[m.group("unit")]
    factor = num / count
    return _periodic(raw, "zh", y * factor, mo * factor, d * factor, s * factor)


# -- English grammar: every 2 weeks, 5 minutes, twice a year ------------------
_EN_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "thirty": 30,
    "other": 2,
    "a": 1,
    "an": 1,
}
_EN_UNITS = {
    "second": (0, 0, 0, 1),
    "minute": (0, 0, 0, 60),
    "min": (0, 0, 0, 60),
    "hour": (0, 0, 0, 3600),
    "day": (0, 0, 1, 0),
    "week": (0, 0, 7, 0),
    "month": (0, 1, 0, 0),
    "quarter": (0, 3, 0, 0),
    "year": (1, 0, 0, 0),
}
_EN_UNIT = r"(?P<unit>second|minute|min|hour|day|week|month|quarter|year)s?"
_EN_EVERY = lazyre.compile(
    rf"^(?:(?:updated|update)\s+)?(?:every|each|once\s+(?:a|an|per|every))?\s*(?P<num>\d+(?:\.\d+)?|[a-z]+)?\s*-?\s*{_EN_UNIT}(?:ly)?$"
)
_EN_TIMES = lazyre.compile(
    rf"^(?P<count>once|twice|thrice|\d+\s*times|[a-z]+\s+times)\s+(?:a|an|per|every|each)\s+{_EN_UNIT}$"
)


def _en_count(word: str) -> float | None:
    word = word.replace("times", "").strip()
    if word in ("once",):
        return 1.0
    if word in ("twice",):
        return 2.0
    if word in ("thrice",):
        return 3.0
    if word in ("multiple", "several", "many"):
        return 1.0  # at least once per unit: the bound the publisher certainly meets
    if word.isdigit():
        return float(word)
    return float(_EN_NUMBERS[word]) if word in _EN_NUMBERS else None


def _parse_en(text: str, raw) -> Frequency | None:
    m = _EN_EVERY.match(text)
    count = 1.0
    if m:
        num_text = m.group("num")
        num: float | None
        if num_text is None:
            num = 1.0
        elif re.fullmatch(r"\d+(?:\.\d+)?", num_text):
            num = float(num_text)
        else:
            num = _EN_NUMBERS.get(num_text)
        if not num:
            return None
    else:
        m = _EN_TIMES.match(text)
        if not m:
            return None
        num, count = 1.0, _en_count(m.group("count")) or 0
        if count <= 0:
            return None
    y, mo, d, s = _EN_UNITS[m.group("unit")]
    factor = num / count
    return _periodic(raw, "en", y * factor, mo * factor, d * factor, s * factor)


# -- entry point ----------------------------------------------------------------
_URI = lazyre.compile(r"^<?https?://(?:www\.)?(?P<path>[^>#?]+)>?$", re.I)
_DAYS = lazyre.compile(r"^-?\d+$")
_COMPOUND = lazyre.compile(r"\s*(?:/|、|，|,|;|；|\||或|\bor\b)\s*")


def _single(raw, text: str) -> Frequency | None:
    uri = _URI.match(text)
    if uri:
        path = uri.group("path").rstrip("/")
        lower = path.lower()
        if lower.startswith(EU_BASE):
            code = path[len(EU_BASE) :].upper()
            return _spec_to_frequency(_EU[code], raw, "eu") if code in _EU else None
        if lower.startswith(DCMI_BASE):
            term = lower[len(DCMI_BASE) :]
            return _spec_to_frequency(_DCMI[term], raw, "dcmi") if term in _DCMI else None
        return None
    if text.upper() in _EU:
        return _spec_to_frequency(_EU[text.upper()], raw, "eu")
    if text.lower() in _DCMI:
        return _spec_to_frequency(_DCMI[text.lower()], raw, "dcmi")
    norm = normalise_text(text)
    if norm in _TERMS:
        spec, src = _TERMS[norm]
        return _spec_to_frequency(spec, raw, src)
    if norm.upper().startswith(("P", "R")):
        parsed = parse_duration(norm, raw)
        if parsed:
            return parsed
    if _DAYS.match(norm):
        days = int(norm)
        return _periodic(raw, "days", days=days) if days > 0 else None
    return _parse_zh(norm, raw) or _parse_en(norm, raw)


# "Updated daily", "Data are updated daily", "This dataset is updated monthly": the cadence word is the frequency.
_EN_LEAD = lazyre.compile(
    r"^(?:(?:the\s+)?(?:data(?:set)?|this\s+dataset|it)\s+(?:is|are)\s+)?(?:updated|update|refreshed)\s+", re.I
)
# "Daily beginning 7/1/19; twice weekly previously": the current cadence, then its history.
_HISTORY = lazyre.compile(r"\b(?:previously|formerly|before|until|prior)\b", re.I)
_SINCE = lazyre.compile(r"\s+(?:beginning|starting|since|from|as of|effective)\b.*$", re.I)


def _current_clause(text: str) -> str | None:
    """The part of a frequency phrase that states today's cadence, when the phrase carries history or a start date."""
    clauses = [c.strip() for c in re.split(r"[;；]", text) if c.strip()]
    current = [c for c in clauses if not _HISTORY.search(c)] or clauses[:1]
    clause = _SINCE.sub("", current[0]) if current else ""
    return clause if clause and clause != text else None


def parse_frequency(raw) -> Frequency:
    """Normalise any declared frequency; unknown text gives kind 'unknown', recognised=False."""
    if raw is None or str(raw).strip() == "":
        return Frequency(None, "unknown", recognised=False)
    text = str(raw).strip()
    found = _single(raw, text)
    if found:
        return found
    lead = _EN_LEAD.sub("", text)
    if lead != text and lead:
        found = _single(raw, lead)
        if found:
            return found
    current = _current_clause(text)
    if current:
        found = parse_frequency(current)
        if found.recognised:
            return Frequency(raw, found.kind, found.years, found.months, found.days, found.seconds, source=found.source)
    parts = [] if _URI.match(text) else [p for p in _COMPOUND.split(normalise_text(text)) if p]
    if len(parts) > 1:
        parsed = [f for f in (_single(raw, p) for p in parts) if f]
        periodic = [f for f in parsed if f.periodic]
        if periodic:
            coarsest = max(periodic, key=lambda f: f.approx_seconds)
            return Frequency(
                raw, "periodic", coarsest.years, coarsest.months, coarsest.days, coarsest.seconds, source="compound"
            )
        if parsed:
            return Frequency(raw, parsed[0].kind, source="compound")
    return Frequency(raw, "unknown", recognised=False)


# -- calendar arithmetic -------------------------------------------------------------
def add_months(moment, months: int):
    """Add calendar months, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29)."""
    if not months:
        return moment
    year, month0 = divmod(moment.month - 1 + months, 12)
    year += moment.year
    day = min(moment.day, calendar.monthrange(year, month0 + 1)[1])
    return moment.replace(year=year, month=month0 + 1, day=day)


def add_period(moment, freq: Frequency, n: int = 1):
    """`moment` (date or datetime) plus n periods: years and months on the calendar
    first (month-end clamped, Feb 29 + 1 year = Feb 28), then days and seconds."""
    if not freq.periodic:
        raise ValueError(f"frequency {freq.label!r} has no period")
    moment = add_months(moment, (freq.years * 12 + freq.months) * n)
    if freq.days or freq.seconds:
        if not isinstance(moment, dt.datetime) and freq.seconds:
            moment = dt.datetime(moment.year, moment.month, moment.day)
        moment = moment + dt.timedelta(days=freq.days * n, seconds=freq.seconds * n)
    return moment
