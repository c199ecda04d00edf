"""Where a portal audit reads from: `--source`/`--type`, else the city profile's `portal` block.

City profiles never invent an endpoint: where the real one is not known the
profile's `source` is empty and `--source` is required (a usage error, exit 2,
naming the city). A relative `source` in a profile is read next to the profile
file, so the demo city's catalogue under examples/ is found from any directory.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from ..errors import UsageError
from ..profile import Profile
from .sources.base import is_url


@dataclass
class PortalTarget:
    location: str
    kind: str | None  # None: detect it
    portal: dict[str, Any] = field(default_factory=dict)  # the profile's description of the portal
    columns: dict[str, list[str]] = field(default_factory=dict)
    reference: dict[str, Any] | None = None


def _profile_folder(profile: Profile) -> str:
    where = profile.chain[-1] if profile.chain else profile.name
    if os.sep in where or "/" in where or where.endswith((".yaml", ".yml")):
        return os.path.dirname(os.path.abspath(where))
    return str(resources.files("auditor.profiles"))


def locate(profile: Profile, city: str | None, source: str | None, kind: str | None) -> PortalTarget:
    """Resolve the source and kind; raise UsageError when there is nothing to read."""
    extra = profile.extra
    portal = dict(extra.get("portal") or {})
    if city and not portal:
        raise UsageError.of("err.portal_no_block", city=city)
    location = source
    if not location:
        location = str(portal.get("source") or "").strip()
        if not location:
            note = f" ({portal['note']})" if portal.get("note") else ""
            raise UsageError.of("err.portal_no_endpoint", city=city, note=note)
        if not is_url(location) and not os.path.isabs(location):
            location = os.path.normpath(os.path.join(_profile_folder(profile), location))
        kind = kind or (portal.get("type") or None)
    if not is_url(location) and not os.path.exists(location):
        raise UsageError.of("err.source_missing", location=location)
    reference = extra.get("reference") if city else None
    return PortalTarget(location=location, kind=kind, portal=portal,
                        columns=dict(extra.get("catalog_columns") or {}), reference=reference or None)


def portal_name(city: str | None, source: str | None) -> str:
    """How a portal is called when nobody named it: the city, else the catalogue's host or file name."""
    if city:
        return city
    source = str(source or "")
    host = urlsplit(source).netloc if is_url(source) else ""
    return host or os.path.splitext(os.path.basename(source.rstrip("/\\")))[0] or "portal"
