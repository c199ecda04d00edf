"""What loaders produce and what rules read.

A loader turns bytes into a `LoadedDataset`: facts about the file (detected
format, encoding, decode errors) and `Table`s whose records stream on demand.
The engine finds each table's header, then hands rules a `TableView` (per
table) and a `DatasetView` (per dataset, after all tables were read).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

Record = tuple[int, list]  # (record number in the source, cells)


@dataclass
class Table:
    """One table of a dataset: a CSV file, a sheet, a JSON records list."""

    name: str
    records: Callable[[], Iterator[Record]]
    grid: bool = False  # spreadsheet grid: rows are padded, trailing blanks are layout
    merged_ranges: tuple[str, ...] = ()
    header_hint: list[str] | None = None  # known labels (JSON keys): no header row in records
    facts: dict[str, Any] = field(default_factory=dict)  # loader observations (hidden rows, used range...)
    position: Callable[[], int] | None = None  # bytes read so far, for the progress bar
    # A loader that reads columns natively (CSV via Arrow): (labels, header row) -> ColumnBatches of
    # the records after the header; `records` then serves only to find the header.
    batches: Callable[[list[str], int | None], Iterator[Any]] | None = None
    last_record: Callable[[], int] | None = None  # the last record read by `batches`, for error messages


@dataclass
class LoadedDataset:
    path: str
    source: str
    format: str | None
    encoding: str | None = None
    tables: list[Table] = field(default_factory=list)
    load_error: str | None = None
    decode_errors: int = 0
    format_detail: str = ""
    delimiter: str | None = None
    # An archive: (extracted member path, display source) pairs, audited as datasets of their own.
    members: list[tuple[str, str]] | None = None
    cleanup: Callable[[], None] | None = None
    # A metadata catalogue (DCAT, CKAN, Socrata, 数据目录): (entry id, Metadata) pairs, each audited
    # as a dataset with the metadata-level rules only.
    catalog: list[tuple[str, Any]] | None = None
    # Set when the loader knows better than the format's default rating (RDF linked to other hosts: 5).
    openness_stars: int | None = None
    # Metadata the file carries about itself (a Socrata rows.json's view); sidecars and --metadata win.
    metadata: Any = None
    # A resource limit hit while loading or streaming (budget.LimitReached's message): MR022.
    limit_reached: str | None = None


@dataclass
class TableView:
    name: str
    columns: list[str]
    header_row: int | None
    preamble_rows: tuple[int, ...] = ()
    merged_ranges: tuple[str, ...] = ()
    grid: bool = False
    facts: dict[str, Any] = field(default_factory=dict)
    header_rows: tuple[int, ...] = ()  # more than one when the header spans several rows


@dataclass(eq=False)
class DatasetView:
    """Everything dataset-level rules judge: file facts, metadata, and per table the
    (TableView, results) pair, results holding every analysis made for it."""

    path: str
    source: str
    extension: str
    format: str | None
    encoding: str | None
    metadata: Any
    metadata_problems: list[str]
    tables: list[tuple[TableView, Any]]
    as_of: dt.date
    timezone: str
    load_error: str | None = None
    decode_errors: int = 0
    facts: dict[str, Any] = field(default_factory=dict)  # free for third-party packs; built-ins do not use it
    kind: str = "data"  # "data", or "catalog_entry" for an entry of a metadata catalogue (no rows)
    placeholders: frozenset = frozenset()  # values standing for "missing" (profile + defaults)
    limit_reached: str | None = None  # a resource limit stopped the reading (MR022)
    _derived: dict = field(default_factory=dict, repr=False)

    def results(self, analysis: type) -> list[tuple[TableView, Any]]:
        """Each table's result of one analysis (tables where it was made)."""
        return [(view, res[analysis]) for view, res in self.tables if analysis in res]

    def derived(self, build: Callable[[DatasetView], Any]) -> Any:
        """A value computed from the whole dataset once (e.g. its timeline) and shared by every
        rule's dataset hook: `build(ds)` runs on the first call only."""
        if build not in self._derived:
            self._derived[build] = build(self)
        return self._derived[build]
