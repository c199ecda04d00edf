"""Normalise the labels a scorecard counts (departments, themes, formats, frequencies).

Portals type the same department as '市统计局', ' 市统计局' and '市统计局　'
(a full-width space): counted raw they would be three departments. NFKC folds
full-width letters, digits and spaces to their ordinary forms; runs of
whitespace collapse to one space.
"""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_LIST_SEPARATORS = re.compile(r"\s*[;；,，、|]\s*")


def normalise_label(text) -> str | None:
    """The counting form of a label; None for an empty one."""
    if text is None:
        return None
    folded = _SPACES.sub(" ", unicodedata.normalize("NFKC", str(text))).strip()
    return folded or None


def split_labels(text) -> list[str]:
    """'生活服务; 交通服务' or 'csv,xlsx' → normalised labels, each once, in order."""
    out: list[str] = []
    for part in _LIST_SEPARATORS.split(normalise_label(text) or ""):
        label = normalise_label(part)
        if label and label not in out:
            out.append(label)
    return out


def format_label(text) -> str | None:
    """'.csv', 'ｃｓｖ', ' CSV ' → 'CSV' (Table 5 shows what the portal declares)."""
    label = normalise_label(text)
    if not label:
        return None
    return label.lstrip(".").upper() or None


def format_row(dist: dict, fmt: str | None) -> str | None:
    """The Table 5 row of a distribution: 'CSV', 'text/csv' and the EU file-type URI .../CSV are one row.

    A word is shown as the portal writes it (upper case); a media type or a URI, which
    no reader of the table would recognise as a row of its own, as the format it names."""
    raw = normalise_label(dist.get("format")) or normalise_label(dist.get("media_type"))
    if raw and "://" in raw:
        path = raw.rstrip("/").rsplit("/", 1)[-1]
        return format_label(path.split("+")[-1]) if "/media-types/" not in raw else (fmt or path).upper()
    if raw and "/" in raw:
        return (fmt or raw.rsplit("/", 1)[-1]).upper()
    return format_label(raw) or (fmt.upper() if fmt else None)


def frequency_row(raw, normalised: str | None) -> tuple[str, str]:
    """(row key, label) of a declared frequency in Table 3: 'monthly', 'MONTHLY' and the EU
    frequency URI .../MONTHLY all normalise to P1M and share one row, labelled as first seen
    (a URI is labelled by its code)."""
    label = normalise_label(raw) or ""
    if "://" in label:
        label = label.rstrip("/").rsplit("/", 1)[-1]
    return (normalised or label.lower()), label
