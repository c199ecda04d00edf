"""One `Metadata` model for every source: sidecars, datapackage, DCAT, CKAN, 数据目录."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..tablestats import DEFAULT_PLACEHOLDERS

OPEN_CONDITIONS = {
    "unconditional": ("无条件开放", "unconditional", "public", "open", "无条件", "完全开放"),
    "conditional": ("有条件开放", "conditional", "restricted public", "restricted", "有条件", "依申请开放"),
    "closed": ("不予开放", "closed", "non-public", "private", "不开放", "非公开"),
}


def normalise_open_condition(raw: Any) -> str | None:
    if raw in (None, ""):
        return None
    text = str(raw).strip().lower()
    for kind, words in OPEN_CONDITIONS.items():
        if any(text == w.lower() for w in words):
            return kind
    for kind, words in OPEN_CONDITIONS.items():
        if any(w.lower() in text for w in words if len(w) > 3):
            return kind
    return "other"


# Licence values that declare no licence: CKAN's "License not specified" and "Other (Not Open)",
# DKAN's unknown-license, and an empty list written as text.
NO_LICENCE = frozenset({"[]", "{}", "unknown-license", "unknown", "notspecified", "license not specified",
                        "not specified", "other-closed", "undefined"})


def declared(raw: Any) -> bool:
    """A value is a declaration unless it is empty or a placeholder such as '/', '无', 'N/A'."""
    return raw is not None and str(raw).strip() != "" and str(raw).strip() not in DEFAULT_PLACEHOLDERS


def licence_or_none(raw: Any) -> str | None:
    """The licence text, or None when the value declares no licence (CP005 reports it missing)."""
    if not declared(raw) or str(raw).strip().lower() in NO_LICENCE:
        return None
    return str(raw).strip()


@dataclass
class Metadata:
    title: str | None = None
    description: str | None = None
    publisher: str | None = None
    theme: str | None = None
    keywords: list[str] = field(default_factory=list)
    issued: str | None = None
    modified: str | None = None
    frequency: str | None = None
    licence: str | None = None
    open_condition: str | None = None
    open_condition_raw: str | None = None
    contact: str | None = None
    distributions: list[dict] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    # Fields the source has no place for at all (a catalogue export without the column): a record
    # cannot be faulted for leaving them empty; the portal's scorecard says "not published" once.
    not_in_source: list[str] = field(default_factory=list)

    def __setattr__(self, name: str, value: Any) -> None:
        # Every reader sets the licence through here, so no shape can smuggle in "unknown-license".
        if name == "licence":
            value = licence_or_none(value)
        object.__setattr__(self, name, value)

    def merge(self, other: Metadata) -> Metadata:
        """Fill this record's gaps from `other` (ours wins)."""
        out = Metadata(**asdict(self))
        for key, value in asdict(other).items():
            if key == "sources":
                out.sources = self.sources + [s for s in other.sources if s not in self.sources]
            elif getattr(out, key) in (None, "", []):
                setattr(out, key, value)
        return out

    def as_report(self) -> dict:
        """The metadata block of the JSON report (DESIGN §4)."""
        return {
            "title": self.title,
            "publisher": self.publisher,
            "frequency": self.frequency,
            "issued": self.issued,
            "modified": self.modified,
            "licence": self.licence,
            "open_condition": self.open_condition,
            "theme": self.theme,
            "keywords": self.keywords,
            "description": self.description,
            "contact_present": bool(self.contact),
            "distributions": self.distributions,
            "sources": self.sources,
        }
