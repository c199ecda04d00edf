"""Reporters: pure functions from a Report to a string, registered by format name."""
from __future__ import annotations

from collections.abc import Callable, Iterator

from ..model import Report
from .github import render_github
from .html import render_html
from .json_report import render_json
from .junit import render_junit
from .markdown import render_markdown
from .sarif import render_sarif
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


def render_chunks(report: Report, fmt: str, **kwargs) -> Iterator[str]:
    """The rendered report in pieces, so a large portal report is written without being held whole.
    JSON streams dataset by dataset; the terminal view is the scorecard (small); others render whole."""
    if fmt == "json":
        from .json_report import json_chunks

        yield from json_chunks(report)
    else:
        yield render(report, fmt, **kwargs)
