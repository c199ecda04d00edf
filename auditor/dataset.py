"""What loaders produce and what rules read.

A loader turns bytes into a `LoadedDataset`: facts about the file (detected
format, encoding, decode errors) and `Table`s whose records stream on demand.
The engine finds each table's header, then hands rules a `TableView` (per
table) and a `DatasetView` (per dataset, after all tables were read).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

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


@dataclass
class DatasetView:
    """Everything dataset-level rules judge: file facts, metadata, table stats."""

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
    facts: dict[str, Any] = field(default_factory=dict)
    kind: str = "data"  # "data", or "catalog_entry" for an entry of a metadata catalogue (no rows)
