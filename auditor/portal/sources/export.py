"""Catalogue exports: the CSV/XLSX/JSON lists of datasets portals offer (数据目录).

Read with the project's own loaders (encoding detection, title rows above the
header, XLSX streaming), then each column is mapped to a field through the
city profile's `catalog_columns` (field → candidate labels), falling back to
the shared metadata key table and the defaults below. The format column
('csv,xlsx,rdf') becomes one distribution per format; a download-address
column, when there is one, gives the distribution its URL.

A JSON or RDF file that turns out to be an API-shaped catalogue (CKAN, DCAT...)
is read as such.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from typing import Any

from ... import loaders
from ...errors import UsageError
from ...loaders.header import split_header
from ...metadata import Metadata, normalise_open_condition
from ...metadata.keys import field_for, normalise_key
from ...metadata.readers import _keywords
from ..entry import Entry, Failure, PortalUnreachable
from ..figures import PUBLISHABLE
from ..labels import split_labels
from .base import Source, as_count, is_url, local_base

# Fields beyond the metadata model, and the profile's names for metadata fields.
DEFAULT_COLUMNS: dict[str, list[str]] = {
    "id": ["序号", "编号", "数据集编号", "资源编号", "目录编号", "id", "identifier"],
    "format": ["格式类型", "数据格式", "文件格式", "资源格式", "格式", "format", "formats"],
    "downloads": ["下载次数", "下载量", "downloads", "downloadcount"],
    "api_calls": ["调用次数", "接口调用次数", "apicalls"],
    "url": ["文章访问路径", "访问地址", "详情页", "详情链接", "landingpage", "页面地址"],
    "download_url": ["下载地址", "下载链接", "文件地址", "downloadurl", "accessurl"],
    "records": ["数据量", "数据条数", "记录数", "records", "recordcount"],
}
PROFILE_TO_FIELD = {"department": "publisher"}
TEXT_FIELDS = ("title", "description", "publisher", "theme", "issued", "modified", "frequency", "licence", "contact")


def _key(label: Any) -> str:
    return normalise_key(unicodedata.normalize("NFKC", str(label or "")))


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


class ColumnMap:
    """Which column holds which field, decided once from the header labels."""

    def __init__(self, labels: list[str], columns: dict[str, list[str]]):
        wanted: dict[str, list[str]] = {f: list(c) for f, c in DEFAULT_COLUMNS.items()}
        field: str | None
        for name, candidates in (columns or {}).items():
            field = PROFILE_TO_FIELD.get(name, name)
            wanted[field] = list(candidates or []) + wanted.get(field, [])
        keys = [_key(label) for label in labels]
        self.index: dict[str, int] = {}
        for field, candidates in wanted.items():
            for candidate in candidates:
                if _key(candidate) in keys and keys.index(_key(candidate)) not in self.index.values():
                    self.index[field] = keys.index(_key(candidate))
                    break
        for i, label in enumerate(labels):  # the shared key table fills what is left
            field = field_for(_key(label))
            if field and field not in self.index and i not in self.index.values():
                self.index[field] = i

    def value(self, cells: list, field: str) -> str | None:
        i = self.index.get(field)
        return _cell(cells[i]) if i is not None and i < len(cells) else None

    def entry(self, rownum: int, cells: list, label: str, catalogue: str, base: str) -> Entry | None:
        if not any(_cell(c) for c in cells):
            return None
        text: dict[str, Any] = {f: self.value(cells, f) for f in TEXT_FIELDS}
        meta = Metadata(**text, keywords=_keywords(self.value(cells, "keywords")), sources=[catalogue])
        condition = self.value(cells, "open_condition")
        if condition:
            meta.open_condition_raw, meta.open_condition = condition, normalise_open_condition(condition)
        meta.distributions = self._distributions(cells)
        entry_id = self.value(cells, "id") or f"row-{rownum}"
        facts = {"downloads": as_count(self.value(cells, "downloads")),
                 "api_calls": as_count(self.value(cells, "api_calls")),
                 "records": as_count(self.value(cells, "records")),
                 "landing_page": self.value(cells, "url"), "row": rownum}
        facts["has_api"] = bool(facts["api_calls"])
        return Entry(id=entry_id, source=f"{label}#{entry_id}", metadata=meta, facts=facts, base=base)

    def _distributions(self, cells: list) -> list[dict]:
        url = self.value(cells, "download_url")
        formats = split_labels(self.value(cells, "format"))
        if url:
            from ...metadata.formats import distribution_format

            own = distribution_format({"url": url})
            first = next((f for f in formats if own and f.lower() == own), formats[0] if formats else None)
            rest = [f for f in formats if f != first]
            return [{"url": url, "format": first, "media_type": None, "title": None}] + \
                [{"url": None, "format": f, "media_type": None, "title": None} for f in rest]
        return [{"url": None, "format": f, "media_type": None, "title": None} for f in formats]


class ExportSource(Source):
    kind = "catalog"
    api_basis = "api_called"  # an export's 调用次数: datasets whose API was called at least once

    def __init__(self, location, fetcher, page_size=None, columns: dict | None = None):
        super().__init__(location, fetcher, page_size)
        self.columns = columns or {}

    def entries(self) -> Iterator[Entry | Failure]:
        with self.document(self.location, first=True) as path:
            loaded = loaders.load(path, self.label)
            try:
                if loaded.load_error:
                    raise PortalUnreachable(self.label, loaded.load_error)
                base = self.location if is_url(self.location) else local_base(self.location)
                if loaded.catalog is not None:  # an API-shaped catalogue saved to a file
                    self.facts["declared_total"] = len(loaded.catalog)
                    for entry_id, meta in loaded.catalog:
                        yield Entry(id=entry_id, source=f"{self.label}#{entry_id}", metadata=meta, base=base)
                    return
                yield from self._rows(loaded, base)
            finally:
                if loaded.cleanup:
                    loaded.cleanup()

    def _rows(self, loaded, base: str) -> Iterator[Entry]:
        mapped = 0
        for table in loaded.tables:
            if table.header_hint is not None:
                labels, records = list(table.header_hint), table.records()
            else:
                header, records = split_header(table.records(), table.merged_ranges, grid=table.grid)
                labels = header.labels
            columns = ColumnMap(labels, self.columns)
            if "title" not in columns.index:
                continue
            mapped += 1
            if mapped == 1:  # the columns the export carries: a field without one is "not published"
                self.facts["fields"] = {name: f"column {labels[i]}" for name, i in columns.index.items()}
                self.facts["fields"]["publisher"] = self.facts["fields"].get("publisher")
                if "api_calls" in columns.index:
                    self.facts["fields"]["api"] = f"column {labels[columns.index['api_calls']]} > 0"
            absent = [f for f in PUBLISHABLE if f not in columns.index]  # no row of this table can declare them
            for rownum, cells in records:
                entry = columns.entry(rownum, list(cells), self.label, self.location, base)
                if entry is not None:
                    entry.metadata.not_in_source = list(absent)
                    yield entry
        if not mapped:
            raise UsageError.of("err.export_no_title", label=self.label)
