"""Now against then: a scorecard next to the seed study's 2021 figures for the same city.

The profile's `reference` block holds what the seed's Tables 1, 3, 5 and 7
printed (null where the paper has '/'). Each figure is paired with the one
measured now, so the scorecard can say "2021 survey: 9,404 datasets, now: 4,432".
"""
from __future__ import annotations

from typing import Any

COMPARABLE_API = ("api_resource", "soda", "records_api")


def _named(record: dict | None, key: str) -> str | None:
    """'市统计局 (123)' from {"name": ..., "datasets": ...} or {"title": ..., "downloads": ...}."""
    if not isinstance(record, dict) or not record.get(key):
        return None
    count = record.get("datasets", record.get("downloads"))
    return f"{record[key]} ({count:,})" if isinstance(count, int) else f"{record[key]} ({count})"


def _words(values) -> str | None:
    return ", ".join(str(v) for v in values) if values else None


def _volume(records: int | None) -> float | None:
    return round(records / 1e8, 4) if records else None


def compare_with_reference(card: dict[str, Any], reference: dict[str, Any]) -> dict[str, Any]:
    overview, updates, departments = card["overview"], card["updates"], card["departments"]
    least = reference.get("least_departments") or {}
    top_now = departments["most"][0] if departments["most"] else None
    most_downloaded = departments.get("most_downloaded")
    rows = [
        ("datasets", reference.get("datasets"), overview["datasets"]),
        ("data_volume_100m_records", reference.get("data_volume_100m_records"), _volume(overview["records"])),
        ("domains", reference.get("domains"), overview["domains"]),
        ("departments", reference.get("departments"), overview["departments"]),
        # The seed's 数据接口 counts APIs offered; an export's 调用次数 only says an API was called.
        ("apis", reference.get("apis"),
         overview["datasets_with_api"] if overview.get("datasets_with_api_measures") in COMPARABLE_API else None),
        ("latest_update", reference.get("latest_update"), updates["latest_update"]),
        ("update_plans", _words(reference.get("update_plans")), _words(list(updates["update_plans"]))),
        ("formats", _words(reference.get("formats")), _words(list(card["formats"]))),
        ("top_department", _named(reference.get("top_department"), "name"),
         _named(top_now, "department")),
        ("least_departments", _named({"name": _words(least.get("names")), "datasets": least.get("datasets")}, "name"),
         _named({"name": _words(departments["least_named"]), "datasets": departments["least_count"]}, "name")),
        ("most_downloaded", _named(reference.get("most_downloaded"), "title"),
         _named(most_downloaded, "title")),
        ("interactions", reference.get("interactions"), None),  # Table 4: not in any catalogue
        ("latest_interaction", reference.get("latest_interaction"), None),
        ("apps", reference.get("apps"), (card.get("engagement") or {}).get("apps")),  # Table 6
    ]
    then = reference.get("datasets")
    headline = (f"2021 survey: {then:,} datasets, now: {overview['datasets']:,}" if isinstance(then, int)
                else f"2021 survey: dataset count not published, now: {overview['datasets']:,}")
    return {
        "source": reference.get("source"),
        "headline": headline,
        "figures": {k: v for k, v in reference.items() if k != "source"},
        "comparison": [{"figure": name, "reference_2021": old, "now": new} for name, old, new in rows],
    }
