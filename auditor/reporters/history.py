"""`audit history` as text, JSON or one self-contained HTML file (figures across runs, then changes).

Titles and department names come from the portals: they go through the same
scrubbing as every other output (DESIGN §6).
"""
from __future__ import annotations

import json
from html import escape
from typing import Any

from ..i18n import t
from ..redact import scrub
from .html import CSP, CSS
from .scorecard_text import TEXT, scorecard_label

# What changed between two runs, in the order shown (labels: `change.KIND` in the catalogue).
CHANGE_KINDS = ("newly_overdue", "no_longer_overdue", "newly_failing", "fixed", "newly_exposing_personal_data",
                "no_longer_exposing_personal_data", "added", "removed")
DEPARTMENT_COLUMNS = ("datasets", "overdue", "failing", "exposed")


def _figure(name: str, lang: str) -> str:
    """A figure's label where the scorecard has one (`overview.datasets` -> datasets), with its dotted name."""
    last = name.rsplit(".", 1)[-1]
    return f"{scorecard_label(last, lang)} ({name})" if last in TEXT else name


def _department_header(lang: str) -> list[str]:
    return [t("history.department", lang), *(t("history." + k, lang) for k in DEPARTMENT_COLUMNS)]


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    return scrub(str(value))


def _department_line(d: dict, lang: str) -> list[str]:
    out = [scrub(d["department"] or t("history.no_department", lang))]
    for key in DEPARTMENT_COLUMNS:
        was, now = d["before"].get(key, 0), d["after"].get(key, 0)
        out.append(f"{was}→{now}" + (f" ({now - was:+d})" if now != was else ""))
    return out


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths,
                                                                                                   strict=True)))
             for row in [header, *rows]]
    return [lines[0], "  ".join("-" * w for w in widths), *lines[1:]]


def render_history_text(doc: dict, lang: str = "en") -> str:
    out: list[str] = []
    for portal in doc["portals"]:
        runs = portal["runs"]
        city = f" ({scrub(portal['city'])})" if portal["city"] else ""
        out.append(t("history.portal", lang, portal=scrub(portal["portal"]), city=city, n=len(runs)))
        header = [t("history.figure", lang), *[f"{r['as_of']} #{r['run']}" for r in runs]]
        out += _table(header, [[_figure(f["figure"], lang), *map(_cell, f["values"])] for f in portal["figures"]])
        change = portal.get("changes")
        if change:
            out += ["", t("history.changes", lang, before=change["from"], after=change["to"])]
            for kind in CHANGE_KINDS:
                block = change[kind]
                out.append(f"  {t('change.' + kind, lang)}: {block['count']}")
                out += [f"    {scrub(d['dataset'])}  {scrub(d['title'] or '')}  [{scrub(d['department'] or '-')}]"
                        for d in block["datasets"]]
            if change["departments"]:
                out += ["", t("history.departments", lang)]
                out += ["  " + line for line in _table(_department_header(lang),
                                                       [_department_line(d, lang) for d in change["departments"]])]
        out.append("")
    return "\n".join(out)


def render_history_json(doc: dict, lang: str = "en") -> str:
    """The document as it is: keys are the contract, not words to translate."""
    return scrub(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"


def _e(value: Any) -> str:
    return escape(_cell(value))


def _html_table(header: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_history_html(doc: dict, lang: str = "en") -> str:
    parts = []
    for portal in doc["portals"]:
        runs = portal["runs"]
        parts.append(f"<h2>{_e(portal['portal'])} {_e(portal['city'] or '')}</h2>")
        parts.append(_html_table([t("history.figure", lang), *[f"{r['as_of']} #{r['run']}" for r in runs]],
                                 [[_figure(f["figure"], lang), *f["values"]] for f in portal["figures"]]))
        change = portal.get("changes")
        if change:
            parts.append(f"<h3>{_e(t('history.changes', lang, before=change['from'], after=change['to']))}</h3>")
            parts.append(_html_table(
                [t("history.change", lang), t("history.datasets", lang), t("history.examples", lang)],
                [[t("change." + kind, lang), change[kind]["count"],
                  ", ".join(d["title"] or d["dataset"] for d in change[kind]["datasets"])] for kind in CHANGE_KINDS]))
            if change["departments"]:
                parts.append(f"<h3>{_e(t('history.departments', lang))}</h3>")
                parts.append(_html_table(_department_header(lang),
                                         [_department_line(d, lang) for d in change["departments"]]))
    title = _e(t("history.title", lang))
    schema = _e(t("history.schema", lang, version=doc["schema_version"]))
    return (f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}"><title>{title}</title><style>{CSS}</style>'
            f'</head><body><header><h1>{title}</h1><p class="meta">{_e(doc["store"])} · {schema}</p></header><main>'
            + "".join(parts) + "</main></body></html>\n")


RENDER = {"text": render_history_text, "json": render_history_json, "html": render_history_html}
