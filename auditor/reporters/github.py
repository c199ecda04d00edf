"""GitHub Actions workflow commands: each finding becomes an annotation on the file.

`::error file=…,line=…,title=CODE::message` (warning → `::warning`, info →
`::notice`), escaped as GitHub's toolkit does: `%`, CR and LF everywhere, and
also `:` and `,` inside properties. A closing notice carries the verdict and,
with --baseline, how many known findings were hidden.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..model import DatasetResult, Finding, Report, Severity
from .labels import baseline_note, findings_line, verdict
from .locations import describe_location, line_of, source_file
from .untrusted import printable

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return printable(str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(name: str, message: str, **props) -> str:
    shown = ",".join(f"{k}={escape_property(v)}" for k, v in props.items() if v not in (None, ""))
    return f"::{name}{' ' + shown if shown else ''}::{escape_data(message)}"


def _annotation(d: DatasetResult, f: Finding, lang: str) -> str:
    file = source_file(d.source)
    where = describe_location(f, lang)
    prefix = f"{d.source}: " if file != d.source else ""
    message = prefix + f.message + (f" [{where}]" if where else "")
    return _command(COMMAND[f.severity], message, file=file, line=line_of(d, f), title=f.code)


def render_github(report: Report, **_kwargs) -> str:
    return "".join(github_chunks(report))


def github_chunks(report: Report, **_kwargs) -> Iterator[str]:
    """One line per annotation, dataset by dataset (a portal's spool is read, never held), then the verdict."""
    lang = report.lang
    for d in report.datasets:
        yield "".join(_annotation(d, f, lang) + "\n" for f in d.findings)
    for d in report.datasets:
        yield "".join(_command("error", f"{e.where}: {e.message}", file=source_file(d.source), title="audit") + "\n"
                      for e in d.errors)
    for e in report.errors:
        yield _command("error", f"{e.where}: {e.source}: {e.message}", title="audit") + "\n"
    summary = f"{verdict(report, lang)} · {findings_line(report, lang)}"
    note = baseline_note(report, lang)
    yield _command("notice", summary + (f" · {note}" if note else ""), title="open-data-auditor") + "\n"
