"""Portal sources: one adapter per kind of catalogue, all yielding Entry/Failure streams."""
from __future__ import annotations

from ..http import Fetcher
from .base import Source
from .ckan import CkanSource
from .dcat import DcatSource
from .detect import detect_kind
from .export import ExportSource
from .folder import FolderSource
from .opendatasoft import OpenDataSoftSource
from .socrata import SocrataSource

SOURCE_TYPES = ("ckan", "dcat", "socrata", "opendatasoft", "catalog")
ADAPTERS: dict[str, type[Source]] = {
    "ckan": CkanSource, "dcat": DcatSource, "socrata": SocrataSource, "opendatasoft": OpenDataSoftSource,
    "catalog": ExportSource, "folder": FolderSource,
}


def open_source(location: str, kind: str | None, fetcher: Fetcher, columns: dict | None = None,
                page_size: int | None = None) -> Source:
    """The adapter for `location`; the kind is detected when not given."""
    import os

    if os.path.isdir(location):
        kind = "folder"
    kind = kind or detect_kind(location, fetcher)
    if kind == "catalog":
        return ExportSource(location, fetcher, page_size, columns=columns)
    return ADAPTERS[kind](location, fetcher, page_size)


__all__ = ["SOURCE_TYPES", "ADAPTERS", "open_source", "detect_kind", "Source"]
