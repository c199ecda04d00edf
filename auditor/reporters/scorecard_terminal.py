"""The portal scorecard in the terminal: the seed's tables, now next to 2021, then the shares.

A portal report lists thousands of datasets; one block per dataset would bury
the answer, so the terminal shows the scorecard, the findings that recur most,
and what could not be read. Every dataset is in `--format json/html/markdown`.
Also renders `audit compare`'s table (a column per portal, a row per figure).
"""
from __future__ import annotations

import io
from collections import Counter

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Report
from .scorecard_text import TEXT
from .scorecard_text import scorecard_label as _t
from .scorecard_view import MAX_ROWS, department_rows, seed_tables, share_rows, then_now_rows
from .scorecard_view import counted as _counted
from .scorecard_view import pct as _pct
from .scorecard_view import show as _show
from .untrusted import printable

NUMBER_FIGURES = ("datasets", "domains", "departments", "apis")


def _safe(text) -> Text:
    """Text from the portal (titles, departments, URLs) is text: rich markup in it is never applied,
    and control characters (an ANSI escape in a department's name) are shown as escapes."""
    return Text(printable(text))


def _table(title: str, *columns: str) -> Table:
    # A table at least as wide as its title, so a short table never folds its title over three lines.
    table = Table(title=title, title_justify="left", title_style="bold", show_header=bool(columns), box=None,
                  padding=(0, 2), header_style="dim", min_width=cell_len(title) if title else None)
    for i, column in enumerate(columns or ("", "")):
        table.add_column(column, overflow="fold", justify="right" if i and not columns else "left")
    return table


def _then_now(console: Console, title: str, figures: list[tuple[str, object]], card: dict, lang: str) -> None:
    headers, rows = then_now_rows(card, figures, lang)
    table = _table(title, *headers)
    for row in rows:
        table.add_row(*map(_safe, row))
    console.print(table)
    console.print()


def _shares(console: Console, card: dict, lang: str) -> None:
    table = _table(_t("shares", lang))
    for row in share_rows(card, lang):
        table.add_row(*row)
    console.print(table)
    console.print()


def _departments(console: Console, card: dict, lang: str) -> None:
    """The ten largest departments, then the three lowest scores among the rest."""
    records = card.get("department_scores") or []
    if not records:
        return
    lowest = sorted(records[MAX_ROWS:], key=lambda r: (r.get("score") is None, r.get("score") or 0))[:3]
    headers, rows = department_rows({**card, "department_scores": records[:MAX_ROWS] + lowest}, lang,
                                    limit=MAX_ROWS + len(lowest))
    table = _table(_t("depts", lang), *headers)
    for i, row in enumerate(rows):
        if i == MAX_ROWS:
            table.add_section()  # the lowest scores among the rest
        table.add_row(*map(_safe, row))
    if len(records) > len(rows):
        table.add_row(_t("more", lang, n=len(records) - len(rows)), *[""] * (len(headers) - 1))
    console.print(table)
    console.print()


def _recurring(console: Console, report: Report, lang: str) -> None:
    seen: Counter = getattr(report.datasets, "codes", None) or Counter()
    names: dict[str, str] = dict(getattr(report.datasets, "rule_names", None) or {})
    if not hasattr(report.datasets, "codes"):  # datasets in memory: count them here
        for d in report.datasets:
            seen.update({f.code for f in d.findings})
            names.update({f.code: f.rule for f in d.findings})
    if not seen:
        return
    table = _table(_t("recurring", lang), _t("code", lang), _t("rule", lang), _t("datasets", lang))
    for code, n in seen.most_common(MAX_ROWS):
        table.add_row(code, _safe(names[code]), _show(n))
    console.print(table)
    console.print()


def _failures(console: Console, failures: list[dict], lang: str) -> None:
    if not failures:
        return
    table = _table(f"{_t('failures', lang)} ({len(failures):,})", _t("where", lang), _t("reason", lang))
    for f in failures[:MAX_ROWS]:
        table.add_row(_safe(f"{f['dataset']}" + (f" <{f['url']}>" if f.get("url") and f["url"] not in f["dataset"]
                                                 else "")), _safe(f["reason"] or ""))
    if len(failures) > MAX_ROWS:
        table.add_row(_t("more", lang, n=len(failures) - MAX_ROWS), "")
    console.print(table, style="magenta")
    console.print()


def _months(console: Console, months: dict, lang: str) -> None:
    if not months:
        return
    table = _table(_t("by_month", lang))
    top = max(months.values()) or 1
    for month, n in list(months.items())[-24:]:
        table.add_row(month, f"{'█' * max(1, round(24 * n / top))} {_show(n)}")
    console.print(table)
    console.print()


def _attribution(console: Console, folded: dict | None, lang: str) -> None:
    if not folded or not folded.get("buckets"):
        return
    buckets = "、".join(folded["buckets"]) if lang == "zh" else ", ".join(folded["buckets"])
    console.print(Text(_t("attribution", lang, declared=folded["declared"], re=folded["re_attributed"],
                          buckets=buckets, un=folded["unattributed"])))
    console.print()


def _portal_findings(console: Console, card: dict, lang: str) -> None:
    findings = card.get("portal_findings") or []
    if not findings:
        return
    console.print(Text(_t("portal_findings", lang), style="bold"))
    for f in findings:
        line = Text("  ")
        line.append(f"{f['code']} ", style="bold")
        line.append(f["message"])
        console.print(line)
        for w in (f.get("data") or {}).get("windows", []):
            console.print(Text(f"    {_t('window', lang)} {w['start'].replace('T', ' ')} – {w['end'][11:]} "
                               f"({w['minutes']} {_t('minutes', lang)}): {w['datasets']:,} · {_pct(w['share'])}"))
    console.print()


def render_scorecard(console: Console, report: Report) -> None:
    """Print a portal report's scorecard (called by the terminal reporter)."""
    lang = report.lang
    portal, card = getattr(report, "portal", {}) or {}, getattr(report, "scorecard", {}) or {}
    name = " · ".join(str(portal[k]) for k in ("city", "platform") if portal.get(k))
    console.print(Text(f"{_t('title', lang)}{': ' + name if name else ''}", style="bold"))
    console.print(Text(f"{portal.get('source', '')} · {portal.get('type', '')} · {card.get('mode', '')}"
                       + (f" · {portal['truncated']}" if portal.get("truncated") else ""), style="dim"))
    headline = (card.get("reference") or {}).get("headline")
    if headline:
        console.print(Text(headline, style="bold cyan"))
        console.print(Text(f"2021: {card['reference'].get('source') or ''}", style="dim"))
    console.print()
    for key, figures in seed_tables(card, lang):
        _then_now(console, _t(key, lang), figures, card, lang)
        if key == "t3":
            _months(console, (card.get("updates") or {}).get("by_month") or {}, lang)
    _attribution(console, card.get("department_attribution"), lang)
    console.print(Text(f"{_t('themes', lang)}: {_counted(card.get('themes') or {}, lang=lang)}"))
    console.print()
    _portal_findings(console, card, lang)
    _shares(console, card, lang)
    _departments(console, card, lang)
    _recurring(console, report, lang)
    _failures(console, portal.get("failures") or [], lang)


def render_comparison(table: dict, lang: str = "en", color: bool = False, width: int = 120) -> str:
    """`audit compare` in the terminal: a column per portal, a row per figure."""
    buf = io.StringIO()
    # markup and emoji off, as in every terminal view: portal names and sources are untrusted text
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False,
                      markup=False, emoji=False)
    out = _table("", _t("figure", lang), *(printable(c) for c in table["columns"]))
    notes: list[str] = []
    for row in table["rows"]:
        shown = [_pct(v) if row.get("share") else _show(v) for v in row["values"]]
        for i, measured in enumerate(row.get("measured") or []):
            if measured and shown[i] != "—":
                shown[i] += f" ({measured})"
        for i, source in enumerate(row.get("sources") or []):
            if source and not source.startswith("seed study") and shown[i] != "—":
                notes.append(f"† {table['columns'][i]}: {source}")
                shown[i] += " †"
        out.add_row(_safe(_t(row["figure"], lang) if row["figure"] in TEXT else row["figure"]), *map(_safe, shown))
    console.print(out)
    for note in dict.fromkeys(notes):
        console.print(_safe(note), style="dim")
    return buf.getvalue()
