"""The terminal view for people: per dataset facts, scores, findings by pack, verdict."""
from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..i18n import t
from ..model import DatasetResult, Report, Severity
from .labels import baseline_note
from .locations import describe_location
from .untrusted import printable

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
STATUS_STYLE = {"pass": "bold green", "fail": "bold red", "error": "bold magenta"}
PACK_ORDER = ("machine_readability", "completeness", "timeliness", "sensitive")


def _dataset(console: Console, d: DatasetResult, lang: str) -> None:
    head = Text()
    head.append(f"[{t(d.status, lang)}] ", style=STATUS_STYLE.get(d.status, ""))
    head.append(printable(d.source), style="bold")
    console.print(head)
    stars = f" ({d.openness_stars}★)" if d.openness_stars is not None else ""
    facts = [f"{t('format', lang)}: {d.format or '?'}{stars}"]
    if d.encoding:
        facts.append(f"{t('encoding', lang)}: {d.encoding}")
    for tb in d.tables:
        facts.append(f"{t('table', lang)} {printable(tb.name)}: {tb.rows} {t('rows', lang)} × {len(tb.columns)} "
                     f"{t('columns', lang)}")
    console.print("  " + " | ".join(facts))
    meta = d.metadata or {}
    tl = d.timeliness or {}
    meta_bits = [f"{t(k, lang)}: {printable(meta.get(k))}" for k in ("title", "publisher", "frequency", "modified")
                 if meta.get(k)]
    for key in ("frequency_normalised", "newest_content_date", "due", "days_overdue"):
        if tl.get(key) not in (None, ""):
            meta_bits.append(f"{t(key, lang)}: {printable(tl[key])}")
    if meta_bits:
        console.print("  " + " | ".join(meta_bits))
    scores = d.scores
    console.print(
        "  " + t("scores", lang) + ": " + f"{t('overall', lang)} {scores.get('overall')}"
        + "".join(f" · {t(k, lang)} {scores.get(k)}" for k in PACK_ORDER)
    )
    if not d.findings:
        console.print("  " + t("no_findings", lang), style="green")
    else:
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1), expand=False)
        table.add_column(t("code", lang))
        table.add_column("")
        table.add_column(t("message", lang), overflow="fold")
        table.add_column(t("where", lang), overflow="fold")
        table.add_column(t("count", lang), justify="right")
        for pack in PACK_ORDER + tuple(sorted({f.pack for f in d.findings} - set(PACK_ORDER))):
            for f in (f for f in d.findings if f.pack == pack):
                shown = [e for e in f.examples[:3] if e not in f.message]
                msg = f.message + (f"  ({t('examples', lang)} {', '.join(shown)})" if shown else "")
                table.add_row(
                    f.code, Text(t("severity." + f.severity.label, lang), style=SEVERITY_STYLE[f.severity]),
                    Text(printable(msg)), Text(printable(describe_location(f, lang))), str(f.count),
                )
        console.print(table)
    for e in d.errors:
        console.print(Text(f"  {t('tool_errors', lang)}: {printable(e.where)}: {printable(e.message, keep_lines=True)}",
                           style="magenta"))
    console.print()


def render_terminal(report: Report, color: bool = False, width: int = 120, **_kwargs) -> str:
    buf = io.StringIO()
    # markup and emoji off: a file named "[bold]x" or ":fire:.csv" is printed as it is named
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False,
                      markup=False, emoji=False)
    lang = report.lang
    if getattr(report, "scorecard", None):  # a portal: the scorecard, not thousands of dataset blocks
        from .scorecard_terminal import render_scorecard

        render_scorecard(console, report)
    else:
        for d in report.datasets:
            _dataset(console, d, lang)
    for e in report.errors:
        console.print(Text(f"{t('tool_errors', lang)}: {printable(e.source)}: {printable(e.message, keep_lines=True)}",
                           style="magenta"))
    s = report.summary()
    f = s["findings"]
    line = Text()
    line.append(f"{t('summary', lang)}: {s['datasets']} {t('datasets', lang)}, ")
    line.append(f"{s['passed']} {t('passed', lang)}", style="green")
    line.append(", ")
    line.append(f"{s['failed']} {t('failed', lang)}", style="red" if s["failed"] else "")
    if s["errored"]:
        line.append(f", {s['errored']} {t('errored', lang)}", style="magenta")
    line.append(
        f" · {t('findings', lang)}: {f['error']} {t('severity.error', lang)}, "
        f"{f['warning']} {t('severity.warning', lang)}, {f['info']} {t('severity.info', lang)}"
        f" · {t('profile', lang)} {report.profile} · {t('as_of', lang)} {report.as_of}"
    )
    console.print(line)
    note = baseline_note(report, lang)
    if note:
        console.print(note, style="cyan")
    return buf.getvalue()
