"""Reporters: pure functions from a Report to a string, registered by format name."""
from __future__ import annotations

from typing import Callable

from ..model import Report
from .json_report import render_json
from .terminal import render_terminal

RENDERERS: dict[str, Callable[..., str]] = {
    "terminal": render_terminal,
    "json": render_json,
}


def render(report: Report, fmt: str, **kwargs) -> str:
    return RENDERERS[fmt](report, **kwargs)
