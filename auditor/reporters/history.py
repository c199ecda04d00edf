"""`audit history` as text, JSON or one self-contained HTML file (figures across runs, then changes).

Titles and department names come from the portals: they go through the same
scrubbing as every other output (DESIGN §6).
"""
from __future__ import annotations

import json
from html import escape
from typing import Any

from ..redact import scrub
from .html import CSP, CSS

CHANGE_WORDS = {
    "newly_overdue": "newly overdue", "no_longer_overdue": "no longer overdue", "newly_failing": "newly failing",
    "fixed": "fixed (now passing)", "newly_exposing_personal_data": "newly exposing personal data",
    "no_longer_exposing_personal_data": "no longer exposing personal data", "added": "added", "removed": "removed",
}


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    return scrub(str(value))


def _department_line(d: dict) -> list[str]:
    out = [scrub(d["department"] or "(no department)")]
    for key in ("datasets", "overdue", "failing", "exposed"):
        was, now = d["before"].get(key, 0), d["after"].get(key, 0)
        out.append(f"{was}→{now}" + (f" ({now - was:+d})" if now != was else ""))
    return out


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths,
                                                                                                   strict=True)))
             for row in [header, *rows]]
    return [lines[0], "  ".join("-" * w for w in widths), *lines[1:]]


def render_history_text(doc: dict) -> str:
    out: list[str] = []
    for portal in doc["portals"]:
        runs = portal["runs"]
        out.append(f"History: {scrub(portal['portal'])}" + (f" ({scrub(portal['city'])})" if portal["city"] else "")
                   + f" · {len(runs)} run(s)")
        header = ["figure", *[f"{r['as_of']} #{r['run']}" for r in runs]]
        out += _table(header, [[f["figure"], *map(_cell, f["values"])] for f in portal["figures"]])
        change = portal.get("changes")
        if change:
            out += ["", f"Changes {change['from']} → {change['to']}"]
            for kind, words in CHANGE_WORDS.items():
                block = change[kind]
                out.append(f"  {words}: {block['count']}")
                out += [f"    {scrub(d['dataset'])}  {scrub(d['title'] or '')}  [{scrub(d['department'] or '-')}]"
                        for d in block["datasets"]]
            if change["departments"]:
                out += ["", "Departments that changed most"]
                out += ["  " + line for line in _table(["department", "datasets", "overdue", "failing", "exposed"],
                                                       [_department_line(d) for d in change["departments"]])]
        out.append("")
    return "\n".join(out)


def render_history_json(doc: dict) -> str:
    return scrub(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"


def _e(value: Any) -> str:
    return escape(_cell(value))


def _html_table(header: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_history_html(doc: dict) -> str:
    parts = []
    for portal in doc["portals"]:
        runs = portal["runs"]
        parts.append(f"<h2>{_e(portal['portal'])} {_e(portal['city'] or '')}</h2>")
        parts.append(_html_table(["figure", *[f"{r['as_of']} #{r['run']}" for r in runs]],
                                 [[f["figure"], *f["values"]] for f in portal["figures"]]))
        change = portal.get("changes")
        if change:
            parts.append(f"<h3>Changes {_e(change['from'])} → {_e(change['to'])}</h3>")
            parts.append(_html_table(["change", "datasets", "examples"], [
                [words, change[kind]["count"], ", ".join(d["title"] or d["dataset"] for d in change[kind]["datasets"])]
                for kind, words in CHANGE_WORDS.items()]))
            if change["departments"]:
                parts.append("<h3>Departments that changed most</h3>")
                parts.append(_html_table(["department", "datasets", "overdue", "failing", "exposed"],
                                         [_department_line(d) for d in change["departments"]]))
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
            f'content="{CSP}"><title>Audit history</title><style>{CSS}</style></head><body><header><h1>Audit history'
            f'</h1><p class="meta">{_e(doc["store"])} · schema v{doc["schema_version"]}</p></header><main>'
            + "".join(parts) + "</main></body></html>\n")


RENDER = {"text": render_history_text, "json": render_history_json, "html": render_history_html}
