"""What each scorecard figure was measured from, and what the catalogue cannot carry.

A catalogue export without a frequency column has no frequency to miss: the
scorecard says "not published in this catalogue" instead of "100% missing".
Every figure names the field it counts (an export's column label, an API's
field), so a reader can tell "datasets whose API was called" from the seed's
"data APIs". The bulk-stamping finding (TM009) is built here from the minute
counts the scorecard kept, with the rule's own messages and profile severity.
"""
from __future__ import annotations

from ..model import Finding, Location
from .stamping import StampWindow, stamp_windows

# Fields a scorecard figure depends on and which a catalogue may lack altogether.
PUBLISHABLE = ("frequency", "licence", "modified", "publisher", "theme", "open_condition")

# figure -> (the field it counts, how it is counted)
FIGURES: dict[str, tuple[str | None, str]] = {
    "overview.datasets": (None, "entries of the catalogue with a title"),
    "overview.departments": ("publisher", "distinct departments after non_departments and department_aliases"),
    "overview.domains": ("theme", "distinct themes"),
    "overview.datasets_with_api": ("api", "see datasets_with_api_measures"),
    "overview.downloads": ("downloads", "sum over the datasets that state it"),
    "overview.api_calls": ("api_calls", "sum over the datasets that state it"),
    "overview.records": ("records", "sum over the datasets that state it"),
    "updates.latest_update": ("modified", "newest last-update date"),
    "updates.by_month": ("modified", "datasets by month of their last update"),
    "updates.update_plans": ("frequency", "declared frequencies, one row per normalised period"),
    "formats": ("format", "datasets offering each format, one row per format however written"),
    "shares.missing_frequency": ("frequency", "datasets declaring no frequency"),
    "shares.missing_licence": ("licence", "datasets declaring no licence"),
    "shares.overdue_of_periodic": ("modified", "TM003 among datasets with a periodic frequency"),
    "bulk_stamping": ("modified", "datasets whose modified time falls in a narrow window (TM009)"),
}


WINDOW_TEXT = {"en": "{start}–{end}: {datasets:,} datasets from {departments} departments",
               "zh": "{start}–{end}：{datasets:,} 个数据集，{departments} 个部门"}


def not_published(source_facts: dict) -> list[str]:
    """Fields the catalogue cannot carry at all (an export without the column)."""
    fields = source_facts.get("fields")
    if not isinstance(fields, dict):
        return []  # an API: every field exists in its schema, so an empty one is a missing declaration
    return [f for f in PUBLISHABLE if not fields.get(f)]


def figure_sources(source_facts: dict, absent: list[str]) -> dict[str, str]:
    fields = source_facts.get("fields") or source_facts.get("field_sources") or {}
    out = {}
    for figure, (field, how) in FIGURES.items():
        if field in absent:
            out[figure] = f"not published in this catalogue (no {field} field)"
            continue
        where = fields.get(field) if field else None
        out[figure] = f"{how}; from {where}" if where else how
    return out


def bulk_stamp_findings(minutes: dict[str, list], timed: int, active, lang: str
                        ) -> tuple[list[StampWindow], list[Finding]]:
    """The TM009 windows and, when there are any, its one portal-level finding."""
    opts = active.options
    windows = stamp_windows({k: (v[0], frozenset(v[1])) for k, v in minutes.items()}, timed,
                            int(opts["window_minutes"]), float(opts["min_share"]), int(opts["min_datasets"]))
    if not windows:
        return [], []
    cls = active.cls
    in_windows = sum(w.datasets for w in windows)
    each = WINDOW_TEXT.get(lang, WINDOW_TEXT["en"])
    detail = "; ".join(each.format(start=w.start.replace("T", " "), end=w.end[11:], datasets=w.datasets,
                                   departments=w.departments) for w in windows)
    template = cls.messages["default"].get(lang) or cls.messages["default"]["en"]
    message = template.format(share=f"{in_windows / timed:.1%}", count=in_windows, windows=len(windows),
                              window=opts["window_minutes"], detail=detail)
    finding = Finding(code=cls.code, rule=cls.name, pack=cls.pack, severity=active.severity, message=message,
                      location=Location(), count=in_windows,
                      data={"windows": [w.as_dict() for w in windows], "datasets_with_time": timed})
    return windows, [finding]
