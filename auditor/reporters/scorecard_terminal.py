"""The portal scorecard in the terminal: the seed's tables, now next to 2021, then the shares.

A portal report lists thousands of datasets; one block per dataset would bury
the answer, so the terminal shows the scorecard, the findings that recur most,
and what could not be read. Every dataset is in `--format json/html/markdown`.
Also renders `audit compare`'s table (a column per portal, a row per figure).
"""
from __future__ import annotations

import io
from collections import Counter

from rich.console import Console
from rich.table import Table

from ..model import Report

TEXT = {
    "title": ("Portal scorecard", "门户评分卡"),
    "now": ("now", "现在"),
    "then": ("2021 survey", "2021年调查"),
    "t1": ("Table 1 · Overview", "表1 · 概况"),
    "t3": ("Table 3 · Updates", "表3 · 更新"),
    "t5": ("Table 5 · Formats (datasets offering each)", "表5 · 数据格式（提供该格式的数据集数）"),
    "t7": ("Table 7 · Departments", "表7 · 部门"),
    "shares": ("Quality shares", "质量占比"),
    "themes": ("Domains (themes)", "数据领域（主题）"),
    "depts": ("Departments: datasets and scores", "各部门数据集与评分"),
    "recurring": ("Most frequent findings", "最常见的问题"),
    "failures": ("Could not be read", "无法读取"),
    "datasets": ("datasets", "数据集"),
    "data_volume_100m_records": ("data volume (100 million records)", "数据量（亿条）"),
    "domains": ("domains (themes)", "数据领域"),
    "departments": ("departments", "部门/区域"),
    "apis": ("datasets offering an API", "数据接口"),
    "latest_update": ("latest update", "最新更新时间"),
    "update_plans": ("update plans in use", "更新计划"),
    "formats": ("formats", "数据格式"),
    "top_department": ("department publishing most", "开放数据资源最多部门"),
    "least_departments": ("departments publishing least", "开放数据资源较少部门"),
    "most_downloaded": ("most downloaded dataset", "最高下载数据集"),
    "machine_readable_distributions": ("machine-readable distributions", "可机读的资源"),
    "non_proprietary_distributions": ("non-proprietary distributions", "非专有格式的资源"),
    "datasets_machine_readable": ("datasets with a machine-readable distribution", "有可机读资源的数据集"),
    "overdue_of_periodic": ("overdue (of datasets with a periodic frequency)", "逾期未更新（占定期更新数据集）"),
    "missing_frequency": ("no declared update frequency", "未声明更新频率"),
    "missing_licence": ("no licence", "未声明开放许可"),
    "sensitive_exposure": ("datasets exposing personal data", "暴露个人信息的数据集"),
    "broken_links": ("broken links", "失效链接"),
    "stars": ("openness stars", "开放星级"),
    "mean_score": ("mean score", "平均得分"),
    "department": ("department", "部门"),
    "score": ("score", "得分"),
    "data_score": ("data score", "数据得分"),
    "overdue": ("overdue", "逾期"),
    "no_frequency": ("no frequency", "无更新频率"),
    "exposures": ("exposures", "暴露"),
    "code": ("code", "代码"),
    "rule": ("rule", "规则"),
    "where": ("dataset or page", "数据集或页面"),
    "reason": ("reason", "原因"),
    "metadata_only_note": ("download mode only (--download)", "仅下载模式（--download）"),
    "none": ("none", "无"),
    "more": ("… and {n} more", "……另有 {n} 项"),
    "figure": ("figure", "指标"),
    "datasets_2021": ("datasets (2021 survey)", "数据集（2021年调查）"),
    "departments_2021": ("departments (2021 survey)", "部门/区域（2021年调查）"),
    "domains_2021": ("domains (2021 survey)", "数据领域（2021年调查）"),
    "apis_2021": ("data APIs (2021 survey)", "数据接口（2021年调查）"),
    "latest_update_2021": ("latest update (2021 survey)", "最新更新时间（2021年调查）"),
    "update_plans_in_use": ("update plans in use", "在用的更新计划数"),
    "formats_offered": ("formats offered", "提供的数据格式"),
    "failed_datasets": ("datasets failing the audit", "未通过审计的数据集"),
    "as_of": ("as of", "基准日期"),
}
MAX_ROWS = 10
NUMBER_FIGURES = ("datasets", "domains", "departments", "apis")


def _t(key: str, lang: str, **kw) -> str:
    en, zh = TEXT.get(key, (key, key))
    return (zh if lang == "zh" else en).format(**kw)


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.4g}"
    return str(value)


def _score(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", show_header=bool(columns), box=None,
                  padding=(0, 2), header_style="dim")
    for i, column in enumerate(columns or ("", "")):
        table.add_column(column, overflow="fold", justify="right" if i and not columns else "left")
    return table


def _comparison(card: dict) -> dict:
    return {row["figure"]: row for row in (card.get("reference") or {}).get("comparison", [])}


def _then_now(console: Console, title: str, figures: list[tuple[str, object]], card: dict, lang: str) -> None:
    rows = _comparison(card)
    table = _table(title, "", _t("then", lang), _t("now", lang)) if rows else _table(title, "", _t("now", lang))
    for key, now in figures:
        cells = [_t(key, lang)] + ([_show(rows.get(key, {}).get("reference_2021"))] if rows else []) + [_show(now)]
        table.add_row(*cells)
    console.print(table)
    console.print()


def _counted(mapping: dict, limit: int = MAX_ROWS, lang: str = "en") -> str:
    items = list(mapping.items())
    shown = " · ".join(f"{k} {_show(v)}" for k, v in items[:limit])
    return shown + (" " + _t("more", lang, n=len(items) - limit) if len(items) > limit else "") if items else "—"


def _shares(console: Console, card: dict, lang: str) -> None:
    shares, counts = card.get("shares", {}), card.get("counts", {})
    download = card.get("mode") == "download"
    detail = {
        "machine_readable_distributions": (counts.get("distributions_machine_readable"), counts.get("distributions")),
        "non_proprietary_distributions": (counts.get("distributions_non_proprietary"), counts.get("distributions")),
        "overdue_of_periodic": (counts.get("overdue"), counts.get("periodic")),
    }
    table = _table(_t("shares", lang))
    for key, value in shares.items():
        if key in ("sensitive_exposure", "broken_links") and not download:
            table.add_row(_t(key, lang), _t("metadata_only_note", lang))
            continue
        part, whole = detail.get(key, (None, None))
        extra = f"  ({_show(part)} / {_show(whole)})" if whole else ""
        table.add_row(_t(key, lang), _pct(value) + extra)
    stars = card.get("openness_stars", {})
    table.add_row(_t("stars", lang), " · ".join(f"{k}★ {_show(v)}" if k.isdigit() else f"? {_show(v)}"
                                                 for k, v in stars.items()) or "—")
    table.add_row(_t("mean_score", lang), _score(card.get("mean_score")))
    console.print(table)
    console.print()


def _departments(console: Console, card: dict, lang: str) -> None:
    records = card.get("department_scores") or []
    if not records:
        return
    download = card.get("mode") == "download"
    columns = [_t("department", lang), _t("datasets", lang), _t("score", lang), _t("overdue", lang),
               _t("no_frequency", lang)] + ([_t("data_score", lang), _t("exposures", lang), _t("broken_links", lang)]
                                            if download else [])
    table = _table(_t("depts", lang), *columns)
    lowest = sorted(records[MAX_ROWS:], key=lambda r: (r.get("score") is None, r.get("score") or 0))[:3]
    for i, r in enumerate(records[:MAX_ROWS] + lowest):
        if i == MAX_ROWS:
            table.add_section()  # the lowest scores among the rest
        row = [r.get("department", ""), _show(r.get("datasets")), _score(r.get("score")),
               _pct(r.get("overdue_share")), _pct(r.get("missing_frequency_share"))]
        if download:
            row += [_score(r.get("data_score")), _show(r.get("sensitive_exposures")), _pct(r.get("broken_link_share"))]
        table.add_row(*row)
    if len(records) > MAX_ROWS + len(lowest):
        table.add_row(_t("more", lang, n=len(records) - MAX_ROWS - len(lowest)), *[""] * (len(columns) - 1))
    console.print(table)
    console.print()


def _recurring(console: Console, report: Report, lang: str) -> None:
    seen: Counter = Counter()
    names: dict[str, str] = {}
    for d in report.datasets:
        for code in {f.code for f in d.findings}:
            seen[code] += 1
        names.update({f.code: f.rule for f in d.findings})
    if not seen:
        return
    table = _table(_t("recurring", lang), _t("code", lang), _t("rule", lang), _t("datasets", lang))
    for code, n in seen.most_common(MAX_ROWS):
        table.add_row(code, names[code], _show(n))
    console.print(table)
    console.print()


def _failures(console: Console, failures: list[dict], lang: str) -> None:
    if not failures:
        return
    table = _table(f"{_t('failures', lang)} ({len(failures):,})", _t("where", lang), _t("reason", lang))
    for f in failures[:MAX_ROWS]:
        table.add_row(f"{f['dataset']}" + (f" <{f['url']}>" if f.get("url") and f["url"] not in f["dataset"] else ""),
                      f["reason"] or "")
    if len(failures) > MAX_ROWS:
        table.add_row(_t("more", lang, n=len(failures) - MAX_ROWS), "")
    console.print(table, style="magenta")
    console.print()


def render_scorecard(console: Console, report: Report) -> None:
    """Print a portal report's scorecard (called by the terminal reporter)."""
    lang = report.lang
    portal, card = getattr(report, "portal", {}) or {}, report.scorecard
    name = " · ".join(str(portal[k]) for k in ("city", "platform") if portal.get(k))
    console.print(f"{_t('title', lang)}{': ' + name if name else ''}", style="bold")
    console.print(f"{portal.get('source', '')} · {portal.get('type', '')} · {card.get('mode', '')}"
                  + (f" · {portal['truncated']}" if portal.get("truncated") else ""), style="dim")
    headline = (card.get("reference") or {}).get("headline")
    if headline:
        console.print(headline, style="bold cyan")
        console.print(f"2021: {card['reference'].get('source') or ''}", style="dim")
    console.print()
    overview, updates, depts = card.get("overview", {}), card.get("updates", {}), card.get("departments", {})
    records = overview.get("records")
    _then_now(console, _t("t1", lang), [
        ("datasets", overview.get("datasets")),
        ("data_volume_100m_records", round(records / 1e8, 4) if records else None),
        ("domains", overview.get("domains")), ("departments", overview.get("departments")),
        ("apis", overview.get("datasets_with_api"))], card, lang)
    plans = updates.get("update_plans") or {}
    _then_now(console, _t("t3", lang), [
        ("latest_update", updates.get("latest_update")),
        ("update_plans", _counted(plans, lang=lang) if plans else _t("none", lang))], card, lang)
    _then_now(console, _t("t5", lang), [("formats", _counted(card.get("formats") or {}, lang=lang))], card, lang)
    most, least, download = depts.get("most") or [], depts.get("least_named") or [], depts.get("most_downloaded")
    _then_now(console, _t("t7", lang), [
        ("top_department", f"{most[0]['department']} ({most[0]['datasets']:,})" if most else None),
        ("least_departments", f"{', '.join(least[:MAX_ROWS])} ({depts.get('least_count')})" if least else None),
        ("most_downloaded", f"{download['title']} ({download['downloads']:,})" if download else None)], card, lang)
    console.print(f"{_t('themes', lang)}: {_counted(card.get('themes') or {}, lang=lang)}")
    console.print()
    _shares(console, card, lang)
    _departments(console, card, lang)
    _recurring(console, report, lang)
    _failures(console, portal.get("failures") or [], lang)


def render_comparison(table: dict, lang: str = "en", color: bool = False, width: int = 120) -> str:
    """`audit compare` in the terminal: a column per portal, a row per figure."""
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False)
    out = _table("", _t("figure", lang), *table["columns"])
    for row in table["rows"]:
        shown = [_pct(v) if row.get("share") else _show(v) for v in row["values"]]
        out.add_row(_t(row["figure"], lang) if row["figure"] in TEXT else row["figure"], *shown)
    console.print(out)
    return buf.getvalue()
