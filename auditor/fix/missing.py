"""White space and placeholders (CP003): '  海淀 ' is '海淀', '/' and '暂无' are empty.

The placeholder list is the auditor's (`tablestats.DEFAULT_PLACEHOLDERS` plus the
profile's), so what CP003 reports is exactly what is emptied; the tokens found
are listed in the schema's `missingValues`.
"""
from __future__ import annotations

_SPACE = " \t\r\n\u3000\u00a0"


def clean(value: str, placeholders: frozenset) -> tuple[str, bool, str | None]:
    """(cleaned value, was trimmed, placeholder token it held or None)."""
    stripped = value.strip(_SPACE)
    trimmed = stripped != value and stripped != ""
    if stripped in placeholders:
        return "", False, stripped
    return stripped, trimmed, None
