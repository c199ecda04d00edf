"""`audit compare`: portals side by side, as the seed's tables put ten cities side by side.

Reads portal reports (the JSON of `audit portal --format json`) and lays out
one table: a column per portal, a row per figure. Figures come from each
report's scorecard; the 2021 survey's figures, where the city profile has
them, get rows of their own so then and now read across cities too.

Like is compared with like: outcomes are shares (datasets failing as a share of
the portal's datasets, not a count that grows with the catalogue); a figure
measured differently by different portals (an export's "API called" against a
CKAN API resource; a field one catalogue does not publish) is marked with what
each column measured; a reference figure carries its own source, so an
illustrative figure is never read as the survey's.
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
    ("failing_share", ("summary", "failing_share"), True),
    ("bulk_stamped_share", ("scorecard", "bulk_stamping", "share_in_windows"), True),
    ("as_of", ("as_of",), False),
)
REFERENCE_FIGURES = {"datasets_2021", "departments_2021", "domains_2021", "apis_2021", "latest_update_2021"}
SEED = "seed study"


def _measure(figure: str, doc: dict) -> str | None:
    """What this report's figure measured, when that differs between kinds of catalogue."""
    card = doc.get("scorecard") or {}
    if figure == "apis":
        return (card.get("overview") or {}).get("datasets_with_api_measures")
    if figure.startswith("missing_"):
        field = figure.split("_", 1)[1]
        return "not published" if field in (card.get("not_published") or []) else "declared"
    if figure == "departments":
        folded = card.get("department_attribution") or {}
        return "re-attributed" if folded.get("re_attributed") else "as declared"
    return None


def _with_shares(doc: dict) -> dict:
    summary = dict(doc.get("summary") or {})
    total = summary.get("datasets")
    summary["failing_share"] = round(summary.get("failed", 0) / total, 4) if total else None
    return {**doc, "summary": summary}


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
        raise UsageError.of("err.report_missing", path=path) from None
    except (ValueError, UnicodeDecodeError):
        raise UsageError.of("err.report_not_json", path=path) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("scorecard"), dict):
        raise UsageError.of("err.report_no_scorecard", path=path)
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
    docs = [(p, _with_shares(doc)) for p, doc in docs]
    rows = []
    for figure, where, is_share in FIGURES:
        values = [_cell(figure, _at(doc, where)) for _, doc in docs]
        if not any(v is not None for v in values):
            continue
        row: dict = {"figure": figure, "share": is_share, "values": values}
        measures = [_measure(figure, doc) for _, doc in docs]
        if len({m for m in measures if m is not None}) > 1:
            row["measured"] = measures  # not the same figure in every column: say what each one counts
        if figure in REFERENCE_FIGURES:
            row["sources"] = [((doc.get("scorecard") or {}).get("reference") or {}).get("source") for _, doc in docs]
        rows.append(row)
    return {"columns": columns, "reports": [p for p, _ in docs], "rows": rows}
