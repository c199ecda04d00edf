"""A Markdown summary a reviewer pastes into an issue or merge request.

Verdict first, then a score table of every dataset, then the findings of each
dataset (failed ones open, passed ones folded in `<details>`), then the portal
scorecard when the report has one. Long finding lists are cut with an explicit
"and N more", keeping the text under the comment limits of code hosts.
"""
from __future__ import annotations

import html
import re

from ..i18n import t
from ..model import DatasetResult, Report
from ..redact import scrub
from .labels import baseline_note, findings_line, heading, label, verdict
from .locations import describe_location
from .scorecard import Series, read_scorecard
from .scorecard_text import scorecard_label as _st
from .scorecard_view import department_rows, findings_by_rule, seed_tables, share_rows, then_now_rows
from .untrusted import printable

DIMENSIONS = ("machine_readability", "completeness", "timeliness", "sensitive")
STATUS_MARK = {"pass": "✅", "fail": "❌", "error": "⚠️"}
MAX_FINDINGS = 50  # per dataset
MAX_TABLE_ROWS = 100  # datasets in the score table
MAX_DETAILED = 30  # datasets shown with their findings
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text) -> str:
    """Text safe in a table cell: Markdown specials escaped, one line."""
    return _SPECIAL.sub(r"\\\1", printable(scrub(str(text)).replace("\r", " ").replace("\n", " ")))


def _code(text: str) -> str:
    """A code span; in a GFM table a pipe needs its backslash even inside one."""
    text = printable(scrub(str(text)).replace("\r", " ").replace("\n", " "))
    return f"`{text.replace('|', chr(92) + '|')}`" if "`" not in text else md(text)


def _table(headers: list[str], rows: list[list[str]], right: frozenset[int] | set[int] = frozenset()) -> list[str]:
    out = ["| " + " | ".join(headers) + " |",
           "|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _score(value) -> str:
    return "" if value is None else f"{value:g}"


def _worst_first(datasets, limit: int) -> tuple[list[DatasetResult], int]:
    """All datasets when they fit, else the ones that did not pass, lowest score first."""
    if len(datasets) <= limit:
        return list(datasets), 0
    bad = sorted((d for d in datasets if d.status != "pass"), key=lambda d: d.scores.get("overall") or 0)
    return bad[:limit], len(datasets) - len(bad[:limit])


def _score_table(report: Report, lang: str) -> list[str]:
    headers = ["", heading("dataset", lang), *(heading(k, lang) for k in ("format", "overall", *DIMENSIONS)),
               heading("findings", lang)]
    shown, rest = _worst_first(report.datasets, MAX_TABLE_ROWS)
    rows = []
    for d in shown:
        c = d.counts()
        rows.append([STATUS_MARK.get(d.status, ""), _code(d.source), md(d.format or "?"),
                     _score(d.scores.get("overall")), *(_score(d.scores.get(k)) for k in DIMENSIONS),
                     f"{c['error']} / {c['warning']} / {c['info']}"])
    return _table(headers, rows, right=set(range(3, 8))) + (["", label("more", lang, n=rest)] if rest else [])


def _facts(d: DatasetResult, lang: str) -> str:
    bits = [f"{t('format', lang)}: {d.format or '?'}"]
    stars = getattr(d, "openness_stars", None)
    if stars is not None:
        bits.append(f"{label('openness_stars', lang)}: {stars}★")
    if d.encoding:
        bits.append(f"{t('encoding', lang)}: {d.encoding}")
    bits += [f"{t('table', lang)} {tb.name}: {tb.rows} {t('rows', lang)}" for tb in d.tables[:5]]
    bits += [f"{t(k, lang)}: {d.metadata[k]}" for k in ("title", "publisher", "frequency", "modified")
             if d.metadata.get(k)]
    bits += [f"{t(k, lang)}: {v}" for k, v in (d.timeliness or {}).items()
             if k in ("due", "days_overdue", "newest_content_date") and v not in (None, "")]
    return " · ".join(md(b) for b in bits)


def _dataset(d: DatasetResult, lang: str) -> list[str]:
    verdict_bits = f"{t(d.status, lang)} · {t('overall', lang)} {_score(d.scores.get('overall'))}"
    mark = STATUS_MARK.get(d.status, "")
    body = [_facts(d, lang), ""]
    if d.findings:
        rows = [[f.code, t("severity." + f.severity.label, lang), md(f.message), md(describe_location(f, lang)),
                 str(f.count)] for f in d.findings[:MAX_FINDINGS]]
        body += _table([heading(k, lang) for k in ("code", "severity", "message", "where", "count")], rows, right={4})
        if len(d.findings) > MAX_FINDINGS:
            body += ["", label("more", lang, n=len(d.findings) - MAX_FINDINGS)]
    else:
        body.append(t("no_findings", lang))
    if d.errors:
        body += ["", *(f"- {t('tool_errors', lang)}: {md(e.where)}: {md(e.message)}" for e in d.errors)]
    if d.status == "pass":  # folded; a <summary> takes HTML, not Markdown
        head = f"{mark} <code>{html.escape(printable(scrub(d.source)))}</code> · {html.escape(verdict_bits)}"
        return ["<details>", f"<summary>{head}</summary>", "", *body, "", "</details>", ""]
    return [f"### {mark} {_code(d.source)} · {verdict_bits}", "", *body, ""]


def _series_table(s: Series) -> list[str]:
    return [*_table([md(s.title), ""], [[md(k), s.shown(v)] for k, v in s.items[:30]], {1}), ""]


def _portal_scorecard(report: Report, lang: str) -> list[str]:
    """The seed's tables next to 2021, catalogue-level findings, shares, departments: translated labels only."""
    card = getattr(report, "scorecard", {}) or {}
    out = [f"## {md(_st('title', lang))}", ""]
    headline = (card.get("reference") or {}).get("headline")
    if headline:
        out += [f"> {md(headline)} · {md((card.get('reference') or {}).get('source') or '')}", ""]
    for key, figures in seed_tables(card, lang):
        headers, rows = then_now_rows(card, figures, lang)
        out += [f"**{md(_st(key, lang))}**", "", *_cells_table(headers, rows), ""]
        months = (card.get("updates") or {}).get("by_month") or {}
        if key == "t3" and months:
            out += [f"**{md(_st('by_month', lang))}**", "",
                    *_table([md(_st("month", lang)), md(_st("datasets", lang))],
                            [[md(m), f"{n:,}"] for m, n in months.items()], {1}), ""]
    folded = card.get("department_attribution") or {}
    if folded.get("buckets"):
        out += [md(_st("attribution", lang, declared=folded["declared"], re=folded["re_attributed"],
                       buckets=", ".join(folded["buckets"]), un=folded["unattributed"])), ""]
    for f in card.get("portal_findings") or []:
        out += [f"**{md(_st('portal_findings', lang))}**", "", f"- **{f['code']}** {md(f['message'])}", ""]
    out += [f"**{md(_st('shares', lang))}**", "", *_cells_table(["", ""], share_rows(card, lang)), ""]
    headers, rows = department_rows(card, lang)
    if rows:
        out += [f"**{md(_st('depts', lang))}**", "", *_cells_table(headers, rows), ""]
    return out


def _cells_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """A table of plain text cells, every cell escaped."""
    return _table([md(h) for h in headers], [[md(c) for c in row] for row in rows])


def _findings_by_rule(report: Report, lang: str) -> list[str]:
    groups = findings_by_rule(report.datasets, per_rule=5)
    if not groups:
        return [t("no_findings", lang), ""]
    rows = []
    for g in groups:
        names = ", ".join(f"[{md(title)}]({page})" if page and page.startswith(("http://", "https://"))
                          else md(title) for title, page in g.examples)
        more = f" {md(_st('more', lang, n=g.datasets - len(g.examples)))}" if g.datasets > len(g.examples) else ""
        rows.append([g.code, md(g.rule), t("severity." + g.severity, lang), f"{g.datasets:,}", f"{g.occurrences:,}",
                     names + more])
    headers = [md(_st(k, lang)) for k in ("code", "rule", "severity", "datasets", "occurrences", "datasets_hit")]
    return [f"## {md(_st('findings_by_rule', lang))}", "", *_table(headers, rows, {3, 4}), ""]


def _scorecard(report: Report, lang: str) -> list[str]:
    if getattr(report, "scorecard", None):
        return _portal_scorecard(report, lang)
    doc = report.as_dict()
    if "scorecard" not in doc:
        return []
    reading = read_scorecard(doc["scorecard"] or {})
    out = [f"## {label('scorecard', lang)}", ""]
    if reading.figures:
        out += _table([label("figures", lang), ""], [[md(k), md(v)] for k, v in reading.figures], {1}) + [""]
    for s in reading.series:
        out += _series_table(s)
    for table in reading.tables:
        out += [f"**{md(table.title)}**", "", *_table([md(h) for h in table.headers],
                                                       [[md(c) for c in row] for row in table.rows]), ""]
    return out


def render_markdown(report: Report, **_kwargs) -> str:
    lang = report.lang
    failed = any(d.status != "pass" for d in report.datasets) or report.tool_failed
    out = [f"## {'❌' if failed else '✅'} {label('report_title', lang)}: {verdict(report, lang)}", "",
           f"{t('profile', lang)} {_code(report.profile)} · {t('as_of', lang)} {report.as_of} · "
           f"{findings_line(report, lang)} · open-data-auditor {report.tool_version}", ""]
    note = baseline_note(report, lang)
    if note:
        out += [f"> {md(note)}", ""]
    if report.errors:
        out += [*(f"- {t('tool_errors', lang)}: {md(e.source)}: {md(e.message)}" for e in report.errors), ""]
    scorecard = _scorecard(report, lang)
    out += scorecard
    if getattr(report, "scorecard", None):  # a portal: findings by rule, not a section per dataset
        out += _findings_by_rule(report, lang)
        return "\n".join(out).rstrip("\n") + "\n"
    if scorecard and report.datasets:
        out += [f"## {label('score_bars', lang)}", ""]
    if report.datasets:
        out += _score_table(report, lang) + [""]
    else:
        out += [label("no_datasets", lang), ""]
    detailed, rest = _worst_first(report.datasets, MAX_DETAILED)
    for d in detailed:
        out += _dataset(d, lang)
    if rest:
        out += [label("more", lang, n=rest), ""]
    return "\n".join(out).rstrip("\n") + "\n"
