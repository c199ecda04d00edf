"""The one place `audit fix` touches the loaders: tables as (record number, cells) streams.

The engine is moving to column batches; the repairs work row by row (a title
row, a total row, a merged block are row facts), so they read through this
adapter and nothing else of the loader interface.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .. import loaders
from ..dataset import LoadedDataset, Record


@dataclass
class SourceTable:
    name: str
    records: Callable[[], Iterator[Record]]  # a fresh stream on every call: the planner and the writer each read once
    grid: bool
    merged: tuple[str, ...]
    hint: list[str] | None = None  # labels known without a header row (JSON keys)
    batches: Callable[[list[str], int | None], Iterator] | None = None  # the loader's column batches (CSV)


@dataclass
class Source:
    path: str
    format: str | None
    encoding: str | None
    tables: list[SourceTable]
    error: str | None
    loaded: LoadedDataset

    @property
    def decode_errors(self) -> int:
        """Undecodable bytes met so far (known once a table was read through)."""
        return self.loaded.decode_errors


def open_source(path: str, source: str) -> Source:
    loaded = loaders.load(path, source)
    tables = [SourceTable(t.name, t.records, t.grid, tuple(t.merged_ranges),
                          list(t.header_hint) if t.header_hint is not None else None, t.batches)
              for t in loaded.tables]
    return Source(path, loaded.format, loaded.encoding, tables, loaded.load_error, loaded)


def body_records(table: SourceTable, labels: list[str], header_row: int | None, rest: Iterator[Record]
                 ) -> Iterator[Record]:
    """The records under the header. A loader that reads columns natively (CSV through Arrow)
    serves them as column batches, decoded and counted (undecodable bytes) as the audit reads
    them: they are turned back into records here, blank rows included, in source order."""
    if table.batches is None or not header_row:
        return rest
    return _from_batches(table.batches(labels, header_row))


def _from_batches(batches: Iterator) -> Iterator[Record]:
    for batch in batches:
        rows = batch.rows()
        if batch.blank:
            rows = sorted([*rows, *((r, []) for r in batch.blank)], key=lambda record: record[0])
        yield from rows


def close_source(src: Source) -> None:
    if src.loaded.cleanup:
        src.loaded.cleanup()
