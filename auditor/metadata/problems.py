"""Metadata problems that carry their own words in both languages (reported as CP008).

A problem is a `str` (its English text, for the places that only print) with a
`key` and `params` the CP008 rule formats in the report's language.
"""
from __future__ import annotations

from typing import Any


class MetadataProblem(str):
    key: str
    params: dict[str, Any]

    def __new__(cls, message_key: str, english: str, params: dict[str, Any]) -> MetadataProblem:
        obj = super().__new__(cls, english)
        obj.key, obj.params = message_key, params
        return obj


def unknown_key(file: str, key: str, suggestion: str | None) -> MetadataProblem:
    """An unknown key switches nothing on or off silently: a typo is named with the key it meant."""
    hint = f"; did you mean '{suggestion}'?" if suggestion else ""
    return MetadataProblem("unknown_key" if suggestion else "unknown_key_plain",
                           f"{file}: unknown key '{key}'{hint} (custom keys start with 'x-')",
                           {"file": file, "name": key, "suggestion": suggestion or ""})
