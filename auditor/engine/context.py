"""What one run audits (Target) and how (RunContext: registry, profile, date, language)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ..metadata import Metadata
from ..profile import ActiveRule, Profile
from ..registry import Registry
from ..tablestats import DEFAULT_PLACEHOLDERS


@dataclass
class Target:
    """One dataset to audit: a data file and the metadata that goes with it."""

    path: str
    source: str
    metadata: Metadata | None = None
    metadata_problems: list[str] = field(default_factory=list)
    members: tuple[str, ...] = ()  # an archive's members to audit (a datapackage's innerpath); () for all
    refused: str | None = None  # why the file is not opened (a link leading out of its folder, a FIFO...)


@dataclass
class RunContext:
    registry: Registry
    profile: Profile
    as_of: dt.date
    lang: str = "en"
    examples: bool = True
    debug: bool = False
    progress: Callable[[str, int, int, int], None] | None = None  # (source, rows, done_bytes, total_bytes)

    def __post_init__(self):
        self.active: list[ActiveRule] = self.profile.active_rules(self.registry)
        self.dimension_of = {p.id: p.dimension for p in self.registry.packs}
        self.placeholders = DEFAULT_PLACEHOLDERS | frozenset(self.profile.placeholders)
