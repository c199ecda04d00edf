"""One resource budget per run: every loader checks it while it streams (issue 12).

Files nobody vetted (portal downloads, uploads, pull requests from outside) may
be built to exhaust memory or time: a ZIP that expands a thousandfold, an XLSX
cell of a gigabyte, XML nested 100,000 deep, a CSV line of 100 MB. Each such
quantity has a limit here, checked as the bytes arrive and before anything is
allocated for them. Hitting a limit raises `LimitReached`, which the engine
turns into an MR022 finding naming the limit; the rest of that file is skipped
and the run goes on. The limits live in the profile's `limits:` block
(docs/limits.md); unknown keys and wrong types are configuration errors, since
a typo must never quietly lift a bound.

The run's budget is a context variable set by the library entry points, so
loaders read it without every signature carrying it; outside a run the
defaults apply.
"""
from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, replace
from typing import IO, Any, TypeVar

from .errors import ConfigError
from .i18n import Msg

KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30
R = TypeVar("R")


@dataclass(frozen=True)
class Limits:
    """Every bound, with the default that real government files stay far below."""

    archive_bytes: int = 4 * GiB  # bytes expanded from archives in one run, all members together
    member_bytes: int = 512 * MiB  # one archive member or one workbook part, decompressed
    ratio: float = 200.0  # decompressed / compressed size of a member (or ODS cells read / written)
    ratio_floor: int = 1 * MiB  # below this many bytes (or cells) anything may compress well, harmlessly
    members: int = 10_000  # files expanded from archives in one run
    nesting: int = 2  # an archive inside an archive is expanded; one level deeper is not
    sheet_cells: int = 10_000_000  # cells read from one sheet (a row counts as one cell at least)
    sheet_rows: int = 1_048_576  # Excel's and LibreOffice's last row: beyond it a file is crafted
    columns: int = 20_000  # columns of one table (Excel stops at 16,384)
    cell_chars: int = 1 * MiB  # one cell (Excel stops at 32,767 characters)
    line_bytes: int = 8 * MiB  # one physical line of delimited text
    document_bytes: int = 32 * MiB  # a JSON document or metadata file, parsed whole in memory
    json_containers: int = 2_000_000  # objects and arrays in one JSON document (about 100 bytes each)
    json_string_chars: int = 8 * MiB  # one JSON string
    graph_bytes: int = 16 * MiB  # an RDF file: rdflib holds about 1.5 KB per triple
    xml_depth: int = 1_000  # elements open at once
    xml_elements: int = 50_000_000  # elements in one XML document or workbook part
    yaml_aliases: int = 50  # alias uses in one YAML sidecar or profile (billion laughs)
    sniff_rows: int = 200  # records read to find the header under title rows

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"limit {f.name} must be a positive number")


DESCRIPTIONS = {
    "archive_bytes": "bytes expanded from archives in one run",
    "member_bytes": "decompressed bytes of one archive member or workbook part",
    "ratio": "decompression ratio of one member",
    "members": "files expanded from archives in one run",
    "nesting": "archives nested inside archives",
    "sheet_cells": "cells read from one sheet",
    "sheet_rows": "rows of one sheet",
    "columns": "columns of one table",
    "cell_chars": "characters in one cell",
    "line_bytes": "bytes in one line",
    "document_bytes": "bytes of a document parsed whole in memory",
    "json_containers": "objects and arrays in one JSON document",
    "graph_bytes": "bytes of an RDF graph file",
    "json_string_chars": "characters in one JSON string",
    "xml_depth": "XML elements open at once",
    "xml_elements": "elements in one XML document",
    "yaml_aliases": "YAML alias uses",
    "sniff_rows": "records read to find the header",
}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?\s*$")
_UNITS = {None: 1, "B": 1, "KB": 1000, "MB": 1000**2, "GB": 1000**3, "KiB": KiB, "MiB": MiB, "GiB": GiB}


class LimitReached(Exception):
    """A resource limit was hit: a finding (MR022), not a crash. The message names the
    limit and the place, never the content."""

    def __init__(self, limit: str, detail: str = ""):
        self.limit = limit
        bound = getattr(current().limits, limit, None)
        shown = f"{bound:,}" if isinstance(bound, int) else f"{bound:g}" if bound is not None else "?"
        what = DESCRIPTIONS.get(limit, limit)
        where = f": {detail}" if detail else ""
        super().__init__(f"resource limit {limit} reached ({what}: at most {shown}){where}")


@dataclass
class Budget:
    """The limits of one run and what the run has spent of its shared allowances."""

    limits: Limits = field(default_factory=Limits)
    archive_bytes: int = 0
    members: int = 0

    def spend_archive(self, nbytes: int, where: str) -> None:
        self.archive_bytes += nbytes
        if self.archive_bytes > self.limits.archive_bytes:
            raise LimitReached("archive_bytes", where)

    def spend_member(self, where: str) -> None:
        self.members += 1
        if self.members > self.limits.members:
            raise LimitReached("members", where)


_CURRENT: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("audit_budget", default=None)
_DEFAULT = Budget()


def current() -> Budget:
    """The running audit's budget (the defaults outside a run)."""
    return _CURRENT.get() or _DEFAULT


def carried(fn: Callable[..., R]) -> Callable[..., R]:
    """`fn` run under the calling run's budget from any thread. A worker thread starts with a context
    of its own, where the run's budget is unset and the defaults would apply; every call made through
    the returned function sees (and spends) the budget of the run that made it."""
    run = _CURRENT.get()

    def under_the_run(*args, **kwargs) -> R:
        token = _CURRENT.set(run)
        try:
            return fn(*args, **kwargs)
        finally:
            _CURRENT.reset(token)

    return under_the_run


def check_inflation(inflated: int, compressed: int, where: str, limits: Limits | None = None) -> None:
    """Raise LimitReached when `inflated` bytes decompressed from `compressed` ones pass `member_bytes`,
    or `ratio` times the compressed size once over `ratio_floor` (a compressed body built to expand)."""
    limits = limits or current().limits
    if inflated > limits.member_bytes:
        raise LimitReached("member_bytes", where)
    if inflated > limits.ratio_floor and inflated > limits.ratio * max(compressed, 1):
        raise LimitReached("ratio", where)


@contextlib.contextmanager
def running(limits: Limits | None = None) -> Iterator[Budget]:
    """Give a run its own budget for the duration of the block."""
    budget = Budget(limits or Limits())
    token = _CURRENT.set(budget)
    try:
        yield budget
    finally:
        _CURRENT.reset(token)


class InflateGuard:
    """A file-like reader over a decompressing stream that counts the bytes it hands out:
    past `member_bytes`, or past `ratio` times the compressed size (once over the floor),
    it raises before the next chunk is used. Archive members also spend the run's
    `archive_bytes`."""

    def __init__(self, raw: IO[bytes], compressed: int, where: str, archive: bool = False):
        self.raw = raw
        self.compressed = max(compressed, 1)
        self.where = where
        self.archive = archive
        self.read_bytes = 0
        self.budget = current()

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = 1 << 20  # never an unbounded read: callers loop until b""
        chunk = self.raw.read(size)
        self.read_bytes += len(chunk)
        check_inflation(self.read_bytes, self.compressed, self.where, self.budget.limits)
        if self.archive:
            self.budget.spend_archive(len(chunk), self.where)
        return chunk

    def readall(self) -> bytes:
        """The whole member, read a bounded chunk at a time (each within the limits): `read()`
        alone gives at most 1 MiB."""
        pieces = []
        while piece := self.read():
            pieces.append(piece)
        return b"".join(pieces)

    def close(self) -> None:
        self.raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_member(zf, info, where: str, archive: bool = False) -> InflateGuard:
    """Open a ZIP member (by name or ZipInfo) behind an InflateGuard."""
    from .inflate import open_deflated

    if isinstance(info, str):
        info = zf.getinfo(info)
    return InflateGuard(open_deflated(zf, info), info.compress_size, where, archive)


def read_capped(path: str, limit_name: str = "document_bytes") -> bytes:
    """A whole file, read only if it fits the limit (checked before reading, and while reading:
    the size on disk can change under us)."""
    bound = getattr(current().limits, limit_name)
    with open(path, "rb") as fh:
        data = fh.read(bound + 1)
    if len(data) > bound:
        raise LimitReached(limit_name, "the file is larger")
    return data


# ----------------------------------------------------------------------------- profiles
def parse_limits(block: Any, where: str, base: Limits | None = None) -> Limits:
    """Validate a profile's `limits:` block strictly and apply it over `base`."""
    base = base or Limits()
    if block in (None, {}):
        return base
    if not isinstance(block, dict):
        raise ConfigError.of("err.profile_limits", where=where)
    known = {f.name: f.type for f in fields(Limits)}
    changes: dict[str, Any] = {}
    for key, value in block.items():
        if key not in known:
            raise ConfigError.of("err.profile_limit", where=where, key=key, known=", ".join(sorted(known)))
        changes[key] = _limit_value(where, key, value, float if key == "ratio" else int)
    return replace(base, **changes)


def _limit_value(where: str, key: str, value: Any, kind: type) -> int | float:
    number: int | float | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, (int, float)):
        number = value
    elif isinstance(value, str) and kind is int:
        m = _SIZE.match(value)
        if m:
            number = float(m.group(1)) * _UNITS[m.group(2)]
    if number is None or number <= 0 or (kind is int and float(number) != int(number)):
        want = Msg("limit.number" if kind is float else "limit.size", {})
        raise ConfigError.of("err.profile_limit_value", where=where, key=key, want=want, value=value)
    return float(number) if kind is float else int(number)


def as_dict(limits: Limits) -> dict[str, int | float]:
    return {f.name: getattr(limits, f.name) for f in fields(limits)}
