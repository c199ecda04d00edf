"""`--type` when it is omitted: tell the kind of catalogue from the URL, else from what it serves.

Known API paths decide at once. Otherwise the location is fetched once and its
content sniffed (a package_search envelope, a Discovery result set, an Explore
v2.1 page, a data.json, RDF, a spreadsheet); a portal home page (HTML) is asked
at the well-known endpoints of each platform, one request each, in turn.
"""
from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ... import formats
from ...errors import UsageError
from ...loaders import detect_format
from ...metadata.catalog import json_catalog
from ..entry import PortalUnreachable
from ..http import Fetcher
from .base import is_url, response_problem

PATH_HINTS = (("/api/3/action", "ckan"), ("/api/catalog/v1", "socrata"), ("/api/explore/", "opendatasoft"),
              ("/catalog/datasets", "opendatasoft"))
# RDF serialisations and DCAT-US data.json are DCAT catalogues; a table is a catalogue export.
DCAT_SUFFIXES = ("data.json",) + formats.suffixes(formats.GRAPH)
EXPORT_SUFFIXES = formats.suffixes(formats.TABULAR)
WELL_KNOWN = (("/api/3/action/package_search?rows=1", "ckan"),
              ("/api/explore/v2.1/catalog/datasets?limit=1", "opendatasoft"),
              ("/api/catalog/v1?limit=1", "socrata"),
              ("/data.json", "dcat"))
RDF_FORMATS = formats.GRAPH


def json_kind(doc: Any) -> str | None:
    """Which API a parsed JSON document came from, by its envelope."""
    if not isinstance(doc, dict):
        return None
    result = doc.get("result")
    if isinstance(result, dict) and isinstance(result.get("results"), list) and "count" in result:
        return "ckan"
    if isinstance(doc.get("results"), list) and "resultSetSize" in doc:
        return "socrata"
    if isinstance(doc.get("results"), list) and "total_count" in doc:
        return "opendatasoft"
    found = json_catalog(doc, "")
    if found and found[0] == "dcat-us":
        return "dcat"
    return "dcat" if {"@context", "@graph"} & doc.keys() else None


def content_kind(path: str) -> str | None:
    fmt = detect_format(path)
    if fmt in RDF_FORMATS:
        return "dcat"
    if fmt in formats.TABULAR:
        return "catalog"
    if fmt == "json":
        try:
            with open(path, "rb") as fh:
                return json_kind(json.loads(fh.read().decode("utf-8-sig")))
        except (ValueError, UnicodeDecodeError):
            return None
    return None


def _fetched_kind(url: str, fetcher: Fetcher, first: bool) -> str | None:
    response = fetcher.get(url)
    try:
        problem = response_problem(response)
        if problem:
            if first:
                raise PortalUnreachable(url, problem)
            return None
        return content_kind(response.path) if response.path else None
    finally:
        fetcher.release(response)


def detect_kind(location: str, fetcher: Fetcher) -> str:
    if not is_url(location):
        if os.path.isdir(location):
            return "folder"
        return "dcat" if detect_format(location) in RDF_FORMATS else "catalog"
    path = urlsplit(location).path.lower()
    for hint, kind in PATH_HINTS:
        if hint in path:
            return kind
    if path.endswith(DCAT_SUFFIXES):
        return "dcat"
    if path.endswith(EXPORT_SUFFIXES):
        return "catalog"
    found = _fetched_kind(location, fetcher, first=True)
    if found:
        return found
    root = urlunsplit(urlsplit(location)._replace(query="", fragment="")).rstrip("/")
    for suffix, candidate in WELL_KNOWN:
        if _fetched_kind(root + suffix, fetcher, first=False) == candidate:
            return candidate
    raise UsageError.of("err.portal_kind", location=location)
