"""What format a catalogue's distribution is in, and how open that format is.

Catalogues declare formats in many ways: a word ("CSV", "Excel"), a media type
("text/csv"), an EU file-type URI (.../file-type/CSV), an IANA URI
(.../media-types/text/csv), or only a download URL ending in `.xlsx`. All are
mapped onto the format names the loaders detect (csv, xlsx, rdf, ...), so one
openness table (ckanext-qa's five stars, in rules/machine_readability) rates
files and distributions alike.
"""
from __future__ import annotations

import os
import re
from urllib.parse import urlparse

# Tokens (lower case, after the last '/' of a URI) → format name. Media types keep their slash.
FORMAT_TOKENS: dict[str, str] = {}
for _name, _tokens in {
    "csv": ("csv", "tsv", "text/csv", "text/tab-separated-values", "application/csv"),
    "xlsx": ("xlsx", "xlsm", "ooxml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "xls": ("xls", "excel", "ms excel", "application/vnd.ms-excel", "application/excel"),
    "ods": ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
    "json": ("json", "geojson", "application/json", "application/geo+json", "text/json", "topojson"),
    "jsonld": ("jsonld", "json-ld", "json_ld", "application/ld+json"),
    "xml": ("xml", "text/xml", "application/xml", "kml", "gml", "rss", "atom", "atom feed",
            "application/vnd.google-earth.kml+xml", "application/rss+xml", "application/atom+xml", "wfs", "wms"),
    "rdf": ("rdf", "rdf_xml", "rdf/xml", "rdf+xml", "application/rdf+xml", "owl"),
    "turtle": ("ttl", "turtle", "rdf_turtle", "text/turtle", "n3", "text/n3"),
    "ntriples": ("nt", "n-triples", "ntriples", "rdf_n_triples", "application/n-triples", "nq", "rdf_n_quads"),
    "zip": ("zip", "application/zip", "application/x-zip-compressed"),
    "pdf": ("pdf", "application/pdf"),
    "doc": ("doc", "rtf", "application/msword", "application/rtf"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "ppt": ("ppt", "application/vnd.ms-powerpoint"),
    "pptx": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "html": ("html", "htm", "text/html", "web page", "webpage", "application/xhtml+xml"),
    "image": ("jpg", "jpeg", "png", "gif", "tif", "tiff", "bmp", "webp", "image/jpeg", "image/png",
              "image/gif", "image/tiff"),
}.items():
    for _token in _tokens:
        FORMAT_TOKENS[_token] = _name

_WORDS = re.compile(r"[a-z0-9+\-_/ .]+")


def _token(text: str) -> str | None:
    text = str(text).strip().lower()
    if not text:
        return None
    if text in FORMAT_TOKENS:
        return FORMAT_TOKENS[text]
    if "://" in text:  # an EU file-type or IANA media-type URI
        path = urlparse(text).path.rstrip("/")
        if "/media-types/" in path:
            return FORMAT_TOKENS.get(path.split("/media-types/", 1)[1])
        return FORMAT_TOKENS.get(path.rsplit("/", 1)[-1])
    text = text.split(";", 1)[0].strip().lstrip(".")  # "text/csv; charset=utf-8", ".csv"
    return FORMAT_TOKENS.get(text)


def _from_url(url: str) -> str | None:
    path = urlparse(str(url)).path
    ext = os.path.splitext(path)[1].lstrip(".").lower()
    return FORMAT_TOKENS.get(ext) if ext else None


def distribution_format(dist: dict) -> str | None:
    """Format name of one distribution: declared format, else media type, else URL extension."""
    for key in ("format", "media_type"):
        value = dist.get(key)
        if value:
            found = _token(value)
            if found:
                return found
    return _from_url(dist.get("url") or "")


def declares_format(dist: dict) -> bool:
    return bool(dist.get("format") or dist.get("media_type"))


def stars_for(fmt: str | None) -> int | None:
    """ckanext-qa's openness stars for a format name (None when the format is unknown)."""
    from auditor.rules.machine_readability.file_rules import OPENNESS_STARS

    return OPENNESS_STARS.get(fmt) if fmt else None


def best_distribution_stars(distributions: list[dict]) -> int | None:
    """The best-rated distribution counts (the MQA rule: identical content, best copy)."""
    stars = [s for s in (stars_for(distribution_format(d)) for d in distributions) if s is not None]
    return max(stars) if stars else None


def dataset_stars(fmt: str | None, *, readable: bool, linked: bool = False,
                  kind: str = "data", distributions: list[dict] | None = None) -> int | None:
    """The openness stars of one audited dataset for the report.

    A data file: its format's stars (0 when it cannot be read at all, as ckanext-qa
    rates what cannot be obtained; RDF linked to other hosts earns the fifth star).
    A catalogue entry: its best distribution; 0 when it lists none."""
    if kind == "catalog_entry":
        if not distributions:
            return 0
        return best_distribution_stars(distributions)
    if not readable:
        return 0
    stars = stars_for(fmt)
    if stars == 4 and linked:
        return 5
    return stars
