"""Loaders: bytes on disk → `LoadedDataset`, chosen by content (sniff.py)."""
from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from importlib import import_module

from .. import formats
from ..budget import LimitReached
from ..dataset import LoadedDataset
from ..paths import not_regular
from .sniff import NOT_MACHINE_READABLE, detect_format, extension_format

__all__ = ["load", "loader_for", "detect_format", "extension_format", "NOT_MACHINE_READABLE"]


def loader_for(fmt: str) -> Callable[..., LoadedDataset] | None:
    """The registry's loader of a format, imported on first use."""
    entry = formats.get(fmt)
    if entry is None or entry.loader is None:
        return None
    module, _, name = entry.loader.partition(":")
    return getattr(import_module(module), name)


def describe_error(exc: BaseException) -> str:
    """A one-line reason for a parse failure that never quotes file content."""
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
    if isinstance(exc, zipfile.BadZipFile):
        return "damaged ZIP container"
    if isinstance(exc, MemoryError):
        return "the file needs more memory than is available"
    if isinstance(exc, RecursionError):
        return "the file is nested too deeply to read"
    if isinstance(exc, UnicodeDecodeError):
        return f"bytes that do not decode as {exc.encoding} at offset {exc.start}"
    name = type(exc).__name__
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{name}: {text[:200]}" if text else name


def load(path: str, source: str, depth: int = 0) -> LoadedDataset:
    """Load a file; parse failures come back as `load_error`, a resource limit as
    `limit_reached`, never as exceptions. Only regular files are opened.

    `depth` is the archive nesting level of this file (0 for a file on disk)."""
    kind = not_regular(path)
    if kind:
        return LoadedDataset(path=path, source=source, format=None, load_error=f"{kind}, not a regular file: not read")
    try:
        fmt = detect_format(path)
    except LimitReached as exc:
        return LoadedDataset(path=path, source=source, format=None, limit_reached=str(exc))
    if fmt == "empty":
        return LoadedDataset(path=path, source=source, format="csv", load_error=None)
    loader = loader_for(fmt)
    if loader is None:
        ds = LoadedDataset(path=path, source=source, format=fmt)
        if fmt not in NOT_MACHINE_READABLE:
            ds.load_error = f"{fmt} files are recognised but this version cannot read their rows yet"
        return ds
    try:
        return loader(path, source, depth) if formats.BY_NAME[fmt].nesting else loader(path, source)
    except LimitReached as exc:  # a bomb or a monster: a finding (MR022), the run goes on
        return LoadedDataset(path=path, source=source, format=fmt, limit_reached=str(exc))
    except Exception as exc:  # a broken file is a finding (MR001), not a crash; MemoryError included
        return LoadedDataset(path=path, source=source, format=fmt, load_error=describe_error(exc))
