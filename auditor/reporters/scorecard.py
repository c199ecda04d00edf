"""Read whatever a portal scorecard holds as figures, charts and tables.

The portal report puts `"portal"` and `"scorecard"` next to `datasets`; its keys
grow with the portal work, so the Markdown and HTML reports do not hard-code
them. Instead:

- a scalar, or a list of scalars, is a figure (`overview · datasets: 4432`);
- a mapping of counts over categories (formats, themes, update plans, stars:
  keys that are labels rather than snake_case field names) or of shares is a
  series, drawn as bars; any other mapping is read for figures;
- a list of records (departments with their counts, scores and overdue shares)
  gives a series per numeric field, unless a field mixes numbers with text
  (a then-and-now comparison), which makes it a table.

Series that repeat part of another (the five most active departments, when all
departments are charted) are dropped; formats, overdue shares and openness
stars come first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

LABEL_KEYS = ("name", "label", "department", "publisher", "format", "figure", "city", "theme", "title", "key")
SHARE_HINTS = ("share", "ratio", "rate", "percent", "pct")
FIRST = ("format", "overdue", "star", "department", "publisher")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_DEPTH = 3
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


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Reading:
    figures: list[tuple[str, str]]
    series: list[Series]
    tables: list[Table]


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _text(value) -> str:
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return "–" if value is None else str(value)


def _is_share(key: str, values) -> bool:
    return any(h in key.lower() for h in SHARE_HINTS) and all(0 <= v <= 1 for v in values)


def _mapping_series(title: str, mapping: dict) -> Series | None:
    items = tuple((str(k), v) for k, v in mapping.items() if _number(v))
    if not items or len(items) < len(mapping) / 2:
        return None
    share = _is_share(title, [v for _, v in items])
    categorical = not all(FIELD_NAME.match(str(k)) for k in mapping)
    return Series(title, items, share) if share or categorical else None


def _records(title: str, records: list, out: Reading) -> None:
    rows = [r for r in records if isinstance(r, dict)]
    if not rows:
        return
    label_key = next((k for k in LABEL_KEYS if all(k in r for r in rows)), None)
    label_key = label_key or next((k for k, v in rows[0].items() if isinstance(v, str)), None)
    keys = [k for k in rows[0] if k != label_key]
    mixed = any(isinstance(r.get(k), str) for r in rows for k in keys
                if any(_number(x.get(k)) for x in rows))
    if label_key is None or mixed:
        headers = ([label_key] if label_key else []) + keys
        out.tables.append(Table(title, tuple(headers), tuple(tuple(_text(r.get(h)) for h in headers) for r in rows)))
        return
    for key in keys:
        items = tuple((str(r.get(label_key)), r[key]) for r in rows if _number(r.get(key)))
        if items:
            out.series.append(Series(f"{title} · {key}", items, _is_share(key, [v for _, v in items])))


def _walk(prefix: str, value, out: Reading, depth: int) -> None:
    if value is None:
        return
    if not isinstance(value, (dict, list)) or (isinstance(value, list) and not any(isinstance(v, dict) for v in value)):
        out.figures.append((prefix, _text(value)))
    elif isinstance(value, list):
        _records(prefix, value, out)
    else:
        found = _mapping_series(prefix, value) if prefix else None
        if found:
            out.series.append(found)
        elif depth < MAX_DEPTH:
            for k, v in value.items():
                _walk(f"{prefix} · {k}" if prefix else str(k), v, out, depth + 1)


def _rank(s: Series) -> int:
    title = s.title.lower()
    return next((i for i, hint in enumerate(FIRST) if hint in title), len(FIRST))


def _covered(s: Series, others: list[Series]) -> bool:
    """True when another series already shows every bar of this one."""
    mine = set(s.items)
    return any(o is not s and mine < set(o.items) for o in others)


def read_scorecard(scorecard: dict) -> Reading:
    out = Reading([], [], [])
    _walk("", scorecard or {}, out, 0)
    series = sorted((s for s in out.series if not _covered(s, out.series)), key=_rank)
    return Reading(out.figures, series[:MAX_SERIES], out.tables)


def stars_series(datasets: list[dict], title: str) -> Series | None:
    """Datasets per openness star (0-5), when the datasets carry a rating."""
    stars = [d.get("openness_stars") for d in datasets if _number(d.get("openness_stars"))]
    if not stars:
        return None
    return Series(title, tuple((f"{s}★", stars.count(s)) for s in range(6) if s in stars), False)
