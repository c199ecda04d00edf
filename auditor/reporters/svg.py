"""Inline SVG bar charts for the HTML report: no scripts, no fonts, no network.

A chart is a list of bars (label, value, text shown, colour class); labels
longer than the label column are shortened with the full text in a tooltip.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from html import escape

LABEL_WIDTH = 34  # in half-width character cells; CJK characters count as two


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    tone: str = "neutral"  # good | fair | poor | neutral: a CSS class


def score_tone(score: float | None) -> str:
    if score is None:
        return "neutral"
    return "good" if score >= 80 else "fair" if score >= 60 else "poor"


def _cells(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def shorten(text: str, cells: int = LABEL_WIDTH) -> str:
    if sum(_cells(c) for c in text) <= cells:
        return text
    out, used = [], 1
    for ch in reversed(text):  # keep the end: file names differ at the end, not at the folder
        if used + _cells(ch) > cells:
            break
        out.append(ch)
        used += _cells(ch)
    return "…" + "".join(reversed(out))


def bar_chart(bars: list[Bar], scale: float, title: str, width: int = 760, label_cells: int = LABEL_WIDTH,
              row: int = 22) -> str:
    """Horizontal bars; `scale` is the value of a full-length bar."""
    label_px, value_px = 7 * label_cells + 8, 64
    track = width - label_px - value_px
    height = row * len(bars) + 8
    parts = [f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
    for i, bar in enumerate(bars):
        y = 4 + i * row
        length = 0 if not scale else max(0.0, min(1.0, bar.value / scale)) * track
        parts.append(
            f'<g><title>{escape(bar.label)}: {escape(bar.text)}</title>'
            f'<text x="{label_px - 8}" y="{y + row * 0.68:.1f}" text-anchor="end" class="lbl">'
            f'{escape(shorten(bar.label, label_cells))}</text>'
            f'<rect x="{label_px}" y="{y + 3}" width="{track}" height="{row - 8}" class="track"/>'
            f'<rect x="{label_px}" y="{y + 3}" width="{length:.1f}" height="{row - 8}" class="bar {bar.tone}"/>'
            f'<text x="{label_px + track + 6}" y="{y + row * 0.68:.1f}" class="val">{escape(bar.text)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
