"""The one place `audit fix` touches the loaders: tables as (record number, cells) streams.

The engine is moving to column batches; the repairs work row by row (a title
row, a total row, a merged block are row facts), so they read through this
adapter and nothing else of the loader interface.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .. import loaders
from ..batch import ColumnBatch, pack
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


def body_batches(table: SourceTable, labels: list[str], header_row: int | None, records: Iterator[Record]
                 ) -> Iterator[ColumnBatch]:
    """The data rows under the header as the engine reads them: a loader that reads columns
    natively (CSV through Arrow) serves its own batches, decoded and counted (undecodable bytes)
    as the audit reads them; other records are packed into batches the way the engine packs them."""
    if table.batches is not None and header_row:
        return table.batches(labels, header_row)
    return pack(labels, records, table.grid)


def close_source(src: Source) -> None:
    if src.loaded.cleanup:
        src.loaded.cleanup()
