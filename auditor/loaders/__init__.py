"""Loaders: bytes on disk → `LoadedDataset`, chosen by content (sniff.py)."""
from __future__ import annotations

import json
import zipfile

from ..dataset import LoadedDataset
from .archive import load_archive
from .delimited import load_delimited
from .jsondata import load_json
from .ods import load_ods
from .rdfdata import load_ntriples, load_rdf_xml, load_turtle
from .sniff import NOT_MACHINE_READABLE, detect_format, extension_format
from .spreadsheet import load_xls, load_xlsx
from .xmldata import load_xml

LOADERS = {
    "csv": load_delimited,
    "xlsx": load_xlsx,
    "xls": load_xls,
    "json": load_json,
    "xml": load_xml,
    "ods": load_ods,
    "zip": load_archive,
    "rdf": load_rdf_xml,
    "turtle": load_turtle,
    "ntriples": load_ntriples,
}
# Loaders that expand into datasets of their own and need the nesting depth.
NESTING = {"zip"}

__all__ = ["load", "detect_format", "extension_format", "NOT_MACHINE_READABLE", "LOADERS"]


def describe_error(exc: BaseException) -> str:
    """A one-line reason for a parse failure that never quotes file content."""
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
    if isinstance(exc, zipfile.BadZipFile):
        return "damaged ZIP container"
    if isinstance(exc, UnicodeDecodeError):
        return f"bytes that do not decode as {exc.encoding} at offset {exc.start}"
    name = type(exc).__name__
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{name}: {text[:200]}" if text else name


def load(path: str, source: str, depth: int = 0) -> LoadedDataset:
    """Load a file; parse failures come back as `load_error`, never as exceptions.

    `depth` is the archive nesting level of this file (0 for a file on disk)."""
    fmt = detect_format(path)
    if fmt == "empty":
        return LoadedDataset(path=path, source=source, format="csv", load_error=None)
    loader = LOADERS.get(fmt)
    if loader is None:
        ds = LoadedDataset(path=path, source=source, format=fmt)
        if fmt not in NOT_MACHINE_READABLE:
            ds.load_error = f"{fmt} files are recognised but this version cannot read their rows yet"
        return ds
    try:
        return loader(path, source, depth) if fmt in NESTING else loader(path, source)
    except Exception as exc:  # a broken file is a finding (MR001), not a crash
        return LoadedDataset(path=path, source=source, format=fmt, load_error=describe_error(exc))
