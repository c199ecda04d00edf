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
