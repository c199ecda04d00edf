"""The terminal view for people: per dataset facts, scores, findings by pack, verdict.

It follows the console's width (down to 80 columns): facts flow from line to
line as whole items, so a label never parts from its number and a Chinese
name never splits (widths are counted in terminal cells, two per CJK
character). `quiet` keeps the verdict and the counts; `verbose` shows every
example instead of three.
"""
from __future__ import annotations

import io
from collections.abc import Sequence

from rich.cells import cell_len
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


MIN_WIDTH = 80


def _flow(console: Console, items: Sequence[str | Text], indent: int = 2, sep: str = " | ") -> None:
    """Print items joined by `sep`, breaking lines only between items."""
    line = Text(" " * indent)
    empty = True
    for item in items:
        piece = item if isinstance(item, Text) else Text(item)
        if not empty and line.cell_len + cell_len(sep) + piece.cell_len > console.width:
            console.print(line, overflow="fold")
            line, empty = Text(" " * indent), True
        if not empty:
            line.append(sep)
        line.append_text(piece)
        empty = False
    if not empty:
        console.print(line, overflow="fold")


def _dataset(console: Console, d: DatasetResult, lang: str, verbose: bool = False) -> None:
    head = Text()
    head.append(f"[{t(d.status, lang)}] ", style=STATUS_STYLE.get(d.status, ""))
    head.append(printable(d.source), style="bold")
    console.print(head, overflow="fold")
    stars = f" ({d.openness_stars}★)" if d.openness_stars is not None else ""
    facts = [f"{t('format', lang)}: {d.format or '?'}{stars}"]
    if d.encoding:
        facts.append(f"{t('encoding', lang)}: {d.encoding}")
    for tb in d.tables:
        facts.append(f"{t('table', lang)} {printable(tb.name)}: {tb.rows} {t('rows', lang)} × "
                     f"{len(tb.columns)} {t('columns', lang)}")
    _flow(console, facts)
    meta = d.metadata or {}
    tl = d.timeliness or {}
    meta_bits = [f"{t(k, lang)}: {printable(meta.get(k))}" for k in ("title", "publisher", "frequency", "modified")
                 if meta.get(k)]
    for key in ("frequency_normalised", "newest_content_date", "due", "days_overdue"):
        if tl.get(key) not in (None, ""):
            meta_bits.append(f"{t(key, lang)}: {printable(tl[key])}")
    if meta_bits:
        _flow(console, meta_bits)
    scores = d.scores
    _flow(console, [f"{t('scores', lang)}: {t('overall', lang)} {scores.get('overall')}",
                    *(f"{t(k, lang)} {scores.get(k)}" for k in PACK_ORDER)], sep=" · ")
    if not d.findings:
        console.print("  " + t("no_findings", lang), style="green")
    else:
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1), expand=False)
        table.add_column(t("code", lang), no_wrap=True)
        table.add_column("", no_wrap=True)
        table.add_column(t("message", lang), overflow="fold")
        table.add_column(t("where", lang), overflow="fold")
        table.add_column(t("count", lang), justify="right", no_wrap=True)
        for pack in PACK_ORDER + tuple(sorted({f.pack for f in d.findings} - set(PACK_ORDER))):
            for f in (f for f in d.findings if f.pack == pack):
                shown = [e for e in (f.examples if verbose else f.examples[:3]) if e not in f.message]
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


def render_terminal(report: Report, color: bool = False, width: int = 120, quiet: bool = False,
                    verbose: bool = False, **_kwargs) -> str:
    buf = io.StringIO()
    # markup and emoji off: a file named "[bold]x" or ":fire:.csv" is printed as it is named
    console = Console(file=buf, force_terminal=color, no_color=not color, width=max(MIN_WIDTH, width),
                      highlight=False, markup=False, emoji=False)
    lang = report.lang
    if quiet:
        pass  # the verdict and the counts only
    elif getattr(report, "scorecard", None):  # a portal: the scorecard, not thousands of dataset blocks
        from .scorecard_terminal import render_scorecard

        render_scorecard(console, report)
    else:
        for d in report.datasets:
            _dataset(console, d, lang, verbose)
    for e in report.errors:
        console.print(Text(f"{t('tool_errors', lang)}: {printable(e.source)}: {printable(e.message, keep_lines=True)}",
                           style="magenta"))
    s = report.summary()
    f = s["findings"]
    counts = f"{f['error']} {t('severity.error', lang)}, {f['warning']} {t('severity.warning', lang)}, " \
             f"{f['info']} {t('severity.info', lang)}"
    items: list[str | Text] = [
        f"{t('summary', lang)}: {s['datasets']} {t('datasets', lang)}",
        Text(f"{s['passed']} {t('passed', lang)}", style="green"),
        Text(f"{s['failed']} {t('failed', lang)}", style="red" if s["failed"] else ""),
    ]
    if s["errored"]:
        items.append(Text(f"{s['errored']} {t('errored', lang)}", style="magenta"))
    items += [f"{t('findings', lang)}: {counts}", f"{t('profile', lang)} {report.profile}",
              f"{t('as_of', lang)} {report.as_of}"]
    _flow(console, items, indent=0, sep=" · ")
    note = baseline_note(report, lang)
    if note:
        console.print(note, style="cyan")
    return buf.getvalue()
