"""`audit compare`: portals side by side, as the seed's tables put ten cities side by side.

Reads portal reports (the JSON of `audit portal --format json`) and lays out
one table: a column per portal, a row per figure. Figures come from each
report's scorecard; the 2021 survey's figures, where the city profile has
them, get rows of their own so then and now read across cities too.
"""
from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from ..errors import UsageError

# (figure, path in the report, is a share)
FIGURES: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("datasets", ("scorecard", "overview", "datasets"), False),
    ("datasets_2021", ("scorecard", "reference", "figures", "datasets"), False),
    ("departments", ("scorecard", "overview", "departments"), False),
    ("departments_2021", ("scorecard", "reference", "figures", "departments"), False),
    ("domains", ("scorecard", "overview", "domains"), False),
    ("domains_2021", ("scorecard", "reference", "figures", "domains"), False),
    ("apis", ("scorecard", "overview", "datasets_with_api"), False),
    ("apis_2021", ("scorecard", "reference", "figures", "apis"), False),
    ("latest_update", ("scorecard", "updates", "latest_update"), False),
    ("latest_update_2021", ("scorecard", "reference", "figures", "latest_update"), False),
    ("update_plans_in_use", ("scorecard", "updates", "update_plans_in_use"), False),
    ("formats_offered", ("scorecard", "formats"), False),
    ("machine_readable_distributions", ("scorecard", "shares", "machine_readable_distributions"), True),
    ("non_proprietary_distributions", ("scorecard", "shares", "non_proprietary_distributions"), True),
    ("overdue_of_periodic", ("scorecard", "shares", "overdue_of_periodic"), True),
    ("missing_frequency", ("scorecard", "shares", "missing_frequency"), True),
    ("missing_licence", ("scorecard", "shares", "missing_licence"), True),
    ("sensitive_exposure", ("scorecard", "shares", "sensitive_exposure"), True),
    ("broken_links", ("scorecard", "shares", "broken_links"), True),
    ("top_department", ("scorecard", "departments", "most"), False),
    ("mean_score", ("scorecard", "mean_score"), False),
    ("failed_datasets", ("summary", "failed"), False),
    ("as_of", ("as_of",), False),
)


def _at(doc: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(doc, dict):
            return None
        doc = doc.get(key)
    return doc


def _cell(figure: str, value: Any) -> Any:
    """Lists and mappings shown as one short value."""
    if figure == "formats_offered" and isinstance(value, dict):
        return ", ".join(value) or None
    if figure == "top_department" and isinstance(value, list):
        return f"{value[0]['department']} ({value[0]['datasets']:,})" if value else None
    return value


def read_report(path: str) -> dict:
    try:
        with open(path, encoding="utf-8-sig") as fh:
            doc = json.load(fh)
    except FileNotFoundError:
        raise UsageError(f"report does not exist: {path}") from None
    except (ValueError, UnicodeDecodeError):
        raise UsageError(f"{path} is not a JSON report (write one with audit portal --format json -o FILE)") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("scorecard"), dict):
        raise UsageError(f"{path} is not a portal report: it has no scorecard (audit portal --format json)")
    return doc


def _column(doc: dict, path: str) -> str:
    """The city, else the platform, else the catalogue's host or file name, else the report's."""
    portal = doc.get("portal") or {}
    source = str(portal.get("source") or "")
    short = urlsplit(source).hostname or os.path.basename(source.rstrip("/\\"))
    return str(portal.get("city") or portal.get("platform") or short or os.path.splitext(os.path.basename(path))[0])


def compare_reports(paths: list[str]) -> dict:
    """{"columns": [...], "rows": [{"figure", "share", "values"}]} for the given report files."""
    return compare_documents([(p, read_report(p)) for p in paths])


def compare_documents(docs: list[tuple[str, dict]], names: Sequence[str | None] | None = None) -> dict:
    """The table for (where, report document) pairs: files, a sweep's portals, runs from the history store.

    `names` head the columns where given (a sweep's portals, runs from the store); else each report
    names its own."""
    columns: list[str] = []
    for i, (path, doc) in enumerate(docs):
        name = (names[i] if names else None) or _column(doc, path)
        columns.append(name if name not in columns else f"{name} ({len(columns) + 1})")
    rows = []
    for figure, where, is_share in FIGURES:
        values = [_cell(figure, _at(doc, where)) for _, doc in docs]
        if any(v is not None for v in values):
            rows.append({"figure": figure, "share": is_share, "values": values})
    return {"columns": columns, "reports": [p for p, _ in docs], "rows": rows}
