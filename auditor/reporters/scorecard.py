"""Read whatever a portal scorecard holds as figures and labelled series.

The portal report (`"portal"` and `"scorecard"` next to `datasets`) grows as
the portal work lands, so the Markdown tables and HTML charts do not hard-code
its keys: scalars become figures, a mapping of numbers or a list of records
with a label and numbers becomes a series. Formats, overdue share per
department and openness stars come out as series whatever their exact names;
keys that name them are drawn first.
"""
from __future__ import annotations

from dataclasses import dataclass

LABEL_KEYS = ("name", "label", "department", "publisher", "format", "city", "theme", "stars", "key")
SHARE_HINTS = ("share", "ratio", "rate", "percent", "pct")
FIRST = ("format", "overdue", "star", "department", "publisher")
MAX_SERIES = 16


@dataclass(frozen=True)
class Series:
    title: str
    items: tuple[tuple[str, float], ...]
    share: bool  # values are fractions 0..1, shown as percentages

    def shown(self, value: float) -> str:
        if self.share:
            return f"{value * 100:.1f}%"
        return f"{value:g}" if isinstance(value, float) else str(value)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_share(key: str, values) -> bool:
    return any(h in key.lower() for h in SHARE_HINTS) and all(0 <= v <= 1 for v in values)


def _from_mapping(title: str, mapping: dict) -> Series | None:
    items = tuple((str(k), v) for k, v in mapping.items() if _number(v))
    if not items or len(items) < len(mapping) / 2:
        return None
    return Series(title, items, _is_share(title, [v for _, v in items]))


def _from_records(title: str, records: list) -> list[Series]:
    rows = [r for r in records if isinstance(r, dict)]
    if not rows:
        return []
    label_key = next((k for k in LABEL_KEYS if all(k in r for r in rows)), None)
    label_key = label_key or next((k for k, v in rows[0].items() if isinstance(v, str)), None)
    if label_key is None:
        return []
    numeric = [k for k, v in rows[0].items() if k != label_key and _number(v)]
    out = []
    for key in numeric:
        items = tuple((str(r.get(label_key)), r[key]) for r in rows if _number(r.get(key)))
        out.append(Series(f"{title} · {key}", items, _is_share(key, [v for _, v in items])))
    return out


def _walk(prefix: str, value, figures: list, series: list, depth: int) -> None:
    if _number(value) or isinstance(value, str):
        figures.append((prefix, value))
    elif isinstance(value, dict):
        found = _from_mapping(prefix, value) if prefix else None
        if found:
            series.append(found)
        elif depth < 2:
            for k, v in value.items():
                _walk(f"{prefix} · {k}" if prefix else str(k), v, figures, series, depth + 1)
    elif isinstance(value, list):
        series.extend(_from_records(prefix, value))


def _rank(s: Series) -> int:
    title = s.title.lower()
    return next((i for i, hint in enumerate(FIRST) if hint in title), len(FIRST))


def read_scorecard(scorecard: dict) -> tuple[list[tuple[str, object]], list[Series]]:
    """(figures, series) from a scorecard, the series most wanted first."""
    figures: list = []
    series: list[Series] = []
    _walk("", scorecard or {}, figures, series, 0)
    series.sort(key=_rank)
    return figures, series[:MAX_SERIES]


def stars_series(datasets: list[dict], title: str) -> Series | None:
    """Datasets per openness star (0-5), when the datasets carry a rating."""
    stars = [d.get("openness_stars") for d in datasets if _number(d.get("openness_stars"))]
    if not stars:
        return None
    return Series(title, tuple((f"{s}★", stars.count(s)) for s in range(6) if s in stars), False)
