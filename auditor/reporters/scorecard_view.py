"""The portal scorecard as figures and tables in words, shared by the terminal, HTML and Markdown.

The seed's Tables 1, 3, 5 and 7 (each figure now, next to 2021 when the city
profile has the survey's figures), the quality shares, the departments, and the
findings grouped by rule with the datasets they hit named by title. Every label
comes from `scorecard_text`, so no renderer shows an internal key.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .scorecard_text import scorecard_label as _t

MAX_ROWS = 10
NUMBER_FIGURES = ("datasets", "domains", "departments", "apis")


def show(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.4g}"
    return str(value)


def score(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def counted(mapping: dict, limit: int = MAX_ROWS, lang: str = "en") -> str:
    items = list(mapping.items())
    shown = " · ".join(f"{k} {show(v)}" for k, v in items[:limit])
    return shown + (" " + _t("more", lang, n=len(items) - limit) if len(items) > limit else "") if items else "—"


def api_rows(overview: dict, lang: str) -> list[tuple[str, object]]:
    """The seed's 数据接口 row only when the catalogue counts offered APIs; what else it counts, under its own name."""
    basis = overview.get("datasets_with_api_measures")
    if basis == "api_called":
        return [("apis", _t("not_comparable", lang)), (_t("api.api_called", lang), overview.get("datasets_with_api"))]
    return [("apis", overview.get("datasets_with_api")) if basis in ("api_resource", "soda")
            else (_t(f"api.{basis}", lang), overview.get("datasets_with_api"))]


def seed_tables(card: dict, lang: str) -> list[tuple[str, list[tuple[str, object]]]]:
    """[(table key, [(figure key or label, value now)])] for the seed's Tables 1, 3, 5 and 7."""
    overview, updates, depts = card.get("overview", {}), card.get("updates", {}), card.get("departments", {})
    records = overview.get("records")
    plans = updates.get("update_plans") or {}
    unpublished = "frequency" in (card.get("not_published") or [])
    most, least, download = depts.get("most") or [], depts.get("least_named") or [], depts.get("most_downloaded")
    engagement = card.get("engagement") or {}
    return [
        ("t1", [("datasets", overview.get("datasets")),
                ("data_volume_100m_records", round(records / 1e8, 4) if records else None),
                ("domains", overview.get("domains")), ("departments", overview.get("departments")),
                *api_rows(overview, lang)]),
        ("t3", [("latest_update", updates.get("latest_update")),
                ("update_plans", _t("not_published", lang) if unpublished
                 else counted(plans, lang=lang) if plans else _t("none", lang))]),
        ("t4", [("interactions", _t("cannot_measure", lang)), ("latest_interaction", _t("cannot_measure", lang))]),
        ("t5", [("formats", counted(card.get("formats") or {}, lang=lang))]),
        ("t6", [("apps", engagement.get("apps") if engagement.get("apps") is not None
                 else _t("cannot_measure", lang))]),
        ("t7", [("top_department", f"{most[0]['department']} ({most[0]['datasets']:,})" if most else None),
                ("least_departments", ", ".join(least[:MAX_ROWS]) + (f" ({depts['least_count']:,})"
                                                                     if depts.get("least_count") is not None else "")
                 if least else None),
                ("most_downloaded", f"{download['title']} ({download['downloads']:,})" if download else None)]),
    ]


def then_now_rows(card: dict, figures: list[tuple[str, object]], lang: str) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of one seed table: figure, the 2021 survey's value when there is one, now."""
    reference = {row["figure"]: row for row in (card.get("reference") or {}).get("comparison", [])}
    headers = ["", _t("then", lang), _t("now", lang)] if reference else ["", _t("now", lang)]
    rows = []
    for key, now in figures:
        label = key if key not in _keys() else _t(key, lang)
        then = [show(reference.get(key, {}).get("reference_2021"))] if reference else []
        rows.append([label, *then, show(now)])
    return headers, rows


def _keys():
    from .scorecard_text import TEXT

    return TEXT


def share_rows(card: dict, lang: str) -> list[list[str]]:
    shares, counts = card.get("shares", {}), card.get("counts", {})
    download = card.get("mode") == "download"
    detail = {
        "machine_readable_distributions": (counts.get("distributions_machine_readable"), counts.get("distributions")),
        "non_proprietary_distributions": (counts.get("distributions_non_proprietary"), counts.get("distributions")),
        "overdue_of_periodic": (counts.get("overdue"), counts.get("periodic")),
    }
    rows = []
    for key, value in shares.items():
        if key in ("sensitive_exposure", "broken_links") and not download:
            rows.append([_t(key, lang), _t("metadata_only_note", lang)])
        elif key.replace("missing_", "") in card.get("not_published", []):
            rows.append([_t(key, lang), _t("not_published", lang)])
        else:
            part, whole = detail.get(key, (None, None))
            rows.append([_t(key, lang), pct(value) + (f"  ({show(part)} / {show(whole)})" if whole else "")])
    stars = card.get("openness_stars", {})
    rows.append([_t("stars", lang), " · ".join(f"{k}★ {show(v)}" if k.isdigit() else f"? {show(v)}"
                                               for k, v in stars.items()) or "—"])
    rows.append([_t("mean_score", lang), score(card.get("mean_score"))])
    return rows


def department_rows(card: dict, lang: str, limit: int = 20) -> tuple[list[str], list[list[str]]]:
    download = card.get("mode") == "download"
    frequency = "frequency" not in (card.get("not_published") or [])
    headers = [_t("department", lang), _t("datasets", lang), _t("score", lang), _t("overdue", lang),
               *([_t("no_frequency", lang)] if frequency else []),
               *([_t("data_score", lang), _t("exposures", lang), _t("broken_links", lang)] if download else [])]
    rows = []
    for r in (card.get("department_scores") or [])[:limit]:
        row = [r.get("department", ""), show(r.get("datasets")), score(r.get("score")), pct(r.get("overdue_share")),
               *([pct(r.get("missing_frequency_share"))] if frequency else [])]
        if download:
            row += [score(r.get("data_score")), show(r.get("sensitive_exposures")), pct(r.get("broken_link_share"))]
        rows.append(row)
    return headers, rows


@dataclass
class RuleGroup:
    """One rule's findings over the whole portal: how many datasets, how often, and some of them by title."""

    code: str
    rule: str
    severity: str
    datasets: int = 0
    occurrences: int = 0
    messages: Counter = field(default_factory=Counter)
    examples: list[tuple[str, str | None]] = field(default_factory=list)  # (dataset title, its page)


def findings_by_rule(datasets, per_rule: int = 12) -> list[RuleGroup]:
    """Group every finding of every dataset by rule, reading the datasets once (a spool stays on disk)."""
    groups: dict[str, RuleGroup] = {}
    for d in datasets:
        title = (d.metadata or {}).get("title") or d.source
        page = (d.metadata or {}).get("landing_page")
        for code in dict.fromkeys(f.code for f in d.findings):
            mine = [f for f in d.findings if f.code == code]
            group = groups.setdefault(code, RuleGroup(code, mine[0].rule, max(f.severity for f in mine).label))
            group.datasets += 1
            group.occurrences += sum(f.count for f in mine)
            if len(group.messages) < 5 or mine[0].message in group.messages:
                group.messages[mine[0].message] += 1
            if len(group.examples) < per_rule:
                group.examples.append((title, page))
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(groups.values(), key=lambda g: (order.get(g.severity, 3), -g.datasets, g.code))
