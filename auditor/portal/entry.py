"""What a portal source yields: datasets it lists, and what it could not read.

Every adapter (CKAN, DCAT, Socrata, OpenDataSoft, a catalogue export, a folder)
turns its own shapes into these two types, so the judging, the scorecard and
the report never need to know which kind of portal they came from.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..metadata import Metadata


@dataclass
class Entry:
    """One dataset listed by a catalogue.

    `facts` holds what a catalogue says beyond `Metadata` and the scorecard
    counts: downloads, api_calls, records (data volume), has_api, landing_page.
    `base` is what relative distribution URLs are resolved against: the page
    URL of a remote catalogue, or the folder of a local one. `local_file` is set
    for the folder source, whose datasets are files already on disk."""

    id: str
    source: str
    metadata: Metadata
    facts: dict[str, Any] = field(default_factory=dict)
    base: str | None = None
    local_file: str | None = None
    problems: list[str] = field(default_factory=list)  # metadata that could not be read (CP008)


@dataclass
class Failure:
    """A part of the catalogue that could not be read (a page, a document).

    Reported as a dataset of its own with the reason, so nothing the portal
    lists is silently dropped."""

    source: str
    reason: str
    url: str | None = None


class PortalUnreachable(Exception):
    """The catalogue itself could not be read at all (first page or document)."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
