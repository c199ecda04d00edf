"""One fixed report for the CI and governance formats (pip-audit's hand-built fixtures).

Built from the real model classes with a fixed timestamp and version, so golden
files only change when a renderer (or a rule's documentation in SARIF) does.
The portal variant uses the model's `PortalReport`, with a scorecard shaped like
the one `audit portal` produces.
"""
from __future__ import annotations

from auditor.model import DatasetResult, Finding, Location, PortalReport, Report, Severity, TableInfo, ToolError

RULES_RUN = ("CP001", "CP002", "CP003", "MR004", "MR005", "MR008", "SF001", "TM003")
TRICKY = "Column '人口' uses '/'×2, 'N/A'×1 for missing values (2.5%): see <rows> | 3, 4\nand *more*"


def _census() -> DatasetResult:
    return DatasetResult(
        source="data/人口.csv", format="csv", encoding="gb18030", status="fail",
        metadata={"title": "区县人口", "publisher": "市统计局", "frequency": "每月", "modified": "2026-01-31"},
        tables=(TableInfo("人口", 120, ("区", "人口", "身份证号", "更新日期"), header_row=1),),
        scores={"overall": 61.5, "machine_readability": 90.0, "completeness": 80.0, "timeliness": 40.0,
                "sensitive": 20.0},
        findings=(
            Finding("SF001", "resident-id-number", "sensitive", Severity.ERROR,
                    "Column '身份证号' holds 3 unmasked resident ID number(s)",
                    Location("人口", "身份证号", 2), 3, ("**************123X",), (2, 5, 9)),
            Finding("TM003", "overdue", "timeliness", Severity.ERROR,
                    "Declared update frequency '每月' (P1M); last updated 2026-01-31: 271 day(s) overdue"),
            Finding("CP003", "placeholder-values", "completeness", Severity.WARNING, TRICKY,
                    Location("人口", "人口"), 3, (), (3, 4, 7)),
            Finding("MR005", "not-utf8", "machine_readability", Severity.WARNING, "Encoded as gb18030, not UTF-8"),
        ),
        timeliness={"frequency_normalised": "P1M", "due": "2026-02-28", "days_overdue": 273},
        openness_stars=3,
    )


def _member() -> DatasetResult:
    return DatasetResult(
        source="data/bundle.zip!/stations.csv", format="csv", encoding="utf-8", status="pass",
        metadata={}, tables=(TableInfo("stations", 40, ("id", "name")),),
        scores={"overall": 97.0, "machine_readability": 100.0, "completeness": 90.0, "timeliness": 100.0,
                "sensitive": 100.0},
        findings=(Finding("CP002", "missing-values", "completeness", Severity.INFO,
                          "Column 'name' is missing 2.5% of its values (1 of 40)", Location("stations", "name")),),
        openness_stars=3,
    )


def _broken() -> DatasetResult:
    return DatasetResult(
        source="data/目录.xlsx", format="xlsx", encoding=None, status="error", metadata={}, tables=(),
        scores={"overall": 0.0, "machine_readability": 0.0, "completeness": 0.0, "timeliness": 0.0,
                "sensitive": 0.0},
        findings=(Finding("MR004", "proprietary-format", "machine_readability", Severity.INFO,
                          "XLSX is a proprietary format (2★ of 5); also publish CSV (3★)"),),
        errors=(ToolError("data/目录.xlsx", "KeyError: 'sheet'", "MR019.end"),),
        openness_stars=2,
    )


def fixed_report(lang: str = "en", **changes) -> Report:
    fields = dict(tool_version="0.0.0-test", profile="default", as_of="2026-11-28",
                  generated_at="2026-11-28T09:00:00+08:00", datasets=(_census(), _member(), _broken()),
                  lang=lang, rules_run=RULES_RUN, fail_on="error")
    fields.update(changes)
    return Report(**fields)


SCORECARD = {  # trimmed from what `audit portal --city demo` reports
    "mode": "metadata-only",
    "overview": {"datasets": 4432, "departments": 3, "datasets_with_api": 120, "records": None},
    "formats": {"XLSX": 2100, "CSV": 1500, "JSON": 700, "PDF": 132},
    "departments": {
        "most": [{"department": "市统计局", "datasets": 120}, {"department": "市交通委", "datasets": 80}],
        "least_named": ["市生态环境局"],
    },
    "shares": {"machine_readable_distributions": 0.83, "overdue_of_periodic": 0.25, "broken_links": None},
    "openness_stars": {"1": 132, "2": 2100, "3": 2200},
    "department_scores": [
        {"department": "市统计局", "datasets": 120, "score": 81.5, "overdue_share": 0.42},
        {"department": "市交通委", "datasets": 80, "score": 90.0, "overdue_share": 0.125},
        {"department": "市生态环境局", "datasets": 40, "score": 99.0, "overdue_share": None},
    ],
    "reference": {"comparison": [
        {"figure": "datasets", "reference_2021": 9404, "now": 4432},
        {"figure": "latest_update", "reference_2021": "2021-02-20", "now": "2026-11-28"},
    ]},
}


def portal_report(lang: str = "en") -> PortalReport:
    base = fixed_report(lang)
    return PortalReport(**{f: getattr(base, f) for f in base.__dataclass_fields__},
                        portal={"city": "demo", "source": "examples/portal"}, scorecard=SCORECARD)


def resident_id(first17: str = "11010519491231002") -> str:
    """A synthetic GB 11643 resident ID with a valid check digit."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=False))
    return first17 + "10X98765432"[total % 11]


MOBILE = "13912345678"
