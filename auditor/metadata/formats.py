"""What format a catalogue's distribution is in, and how open that format is.

Catalogues declare formats in many ways: a word ("CSV", "Excel"), a media type
("text/csv"), an EU file-type URI (.../file-type/CSV), an IANA URI
(.../media-types/text/csv), or only a download URL ending in `.xlsx`. All are
mapped onto the format names the loaders detect (csv, xlsx, rdf, ...), so one
openness table (ckanext-qa's five stars, in the format registry `auditor/formats.py`)
rates files and distributions alike.
"""
from __future__ import annotations

from .. import formats

# What catalogues write in a format field when they do not know it (DKAN's "Undefined", say).
UNDECLARED = frozenset({"undefined", "unknown", "none", "null", "n/a", "na", "not specified", "-", "/",
                        "未知", "无", "未定义"})


def distribution_format(dist: dict) -> str | None:
    """Format name of one distribution: declared format, else media type, else URL extension."""
    for key in ("format", "media_type"):
        value = dist.get(key)
        if value:
            found = formats.token_format(value)
            if found:
                return found
    return formats.url_format(dist.get("url") or "")


def declares_format(dist: dict) -> bool:
    """A format or media type is written, and is not a word for "unknown"."""
    return any(str(dist.get(key) or "").strip().lower() not in UNDECLARED | {""} for key in ("format", "media_type"))


def stars_for(fmt: str | None) -> int | None:
    """ckanext-qa's openness stars for a format name (None when the format is unknown)."""
    return formats.stars(fmt)


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
