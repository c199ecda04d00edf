"""Reporters: pure functions from a Report to a string, registered by format name.

The formats whose size grows with the datasets (JSON, SARIF, JUnit, GitHub annotations) also render
as pieces, read from the report's datasets one at a time (a portal's spool on disk), so a report of
any size is written without being held whole. The other formats are bounded for a portal (the
terminal, Markdown and HTML pages show its scorecard and the findings grouped by rule).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from importlib import import_module

from ..model import Report

# format -> (module, whole-report renderer, piecewise renderer or None). A run imports only
# the renderer it writes with: all of them together (rich for the terminal, the HTML and SVG
# pages) were 70 ms of every run's start.
_FORMATS: dict[str, tuple[str, str, str | None]] = {
    "terminal": ("terminal", "render_terminal", None),
    "json": ("json_report", "render_json", "json_chunks"),
    "junit": ("junit", "render_junit", "junit_chunks"),
    "sarif": ("sarif", "render_sarif", "sarif_chunks"),
    "github": ("github", "render_github", "github_chunks"),
    "markdown": ("markdown", "render_markdown", None),
    "html": ("html", "render_html", None),
}
RENDERERS = tuple(_FORMATS)  # the format names
CHUNKED = tuple(name for name, (_, _, chunks) in _FORMATS.items() if chunks)


def renderer(fmt: str, pieces: bool = False) -> Callable:
    """The function that renders `fmt` (whole, or with `pieces` in pieces), imported now."""
    module, whole, chunks = _FORMATS[fmt]
    name = chunks if pieces and chunks else whole
    return getattr(import_module(f"{__name__}.{module}"), name)


def render(report: Report, fmt: str, **kwargs) -> str:
    return renderer(fmt)(report, **kwargs)


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
        return _gathered(renderer(fmt, pieces=True)(report, **kwargs))
    return iter([render(report, fmt, **kwargs)])
