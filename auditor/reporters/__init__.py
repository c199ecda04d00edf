"""Reporters: pure functions from a Report to a string, registered by format name.

The formats whose size grows with the datasets (JSON, SARIF, JUnit, GitHub annotations) also render
as pieces, read from the report's datasets one at a time (a portal's spool on disk), so a report of
any size is written without being held whole. The other formats are bounded for a portal (the
terminal, Markdown and HTML pages show its scorecard and the findings grouped by rule).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..model import Report
from .github import github_chunks, render_github
from .html import render_html
from .json_report import json_chunks, render_json
from .junit import junit_chunks, render_junit
from .markdown import render_markdown
from .sarif import render_sarif, sarif_chunks
from .terminal import render_terminal

RENDERERS: dict[str, Callable[..., str]] = {
    "terminal": render_terminal,
    "json": render_json,
    "junit": render_junit,
    "sarif": render_sarif,
    "github": render_github,
    "markdown": render_markdown,
    "html": render_html,
}


def render(report: Report, fmt: str, **kwargs) -> str:
    return RENDERERS[fmt](report, **kwargs)


CHUNKED: dict[str, Callable[..., Iterator[str]]] = {
    "json": json_chunks,
    "junit": junit_chunks,
    "sarif": sarif_chunks,
    "github": github_chunks,
}
PIECE_CHARS = 1 << 16  # small pieces (a SARIF result each) are gathered into writes of about this size


def _gathered(pieces: Iterable[str], size: int = PIECE_CHARS) -> Iterator[str]:
    held: list[str] = []
    length = 0
    for piece in pieces:
        held.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(held)
            held, length = [], 0
    if held:
        yield "".join(held)


def render_chunks(report: Report, fmt: str, **kwargs) -> Iterator[str]:
    """The rendered report in pieces, so a large portal report is written without being held whole."""
    if fmt in CHUNKED:
        return _gathered(CHUNKED[fmt](report, **kwargs))
    return iter([render(report, fmt, **kwargs)])
