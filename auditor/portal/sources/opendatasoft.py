"""OpenDataSoft Explore API v2.1 `/catalog/datasets`: `limit` ≤ 100, `offset + limit` < 10,000.

`metas.default.publisher` is the department, `data_processed` the data's own
timestamp, `records_count` the data volume. Datasets with records are served
as CSV and JSON exports (`/catalog/datasets/{id}/exports/{format}`), which is
what `--download` fetches. Past the 10,000 window the API cannot page: the
portal block says so instead of pretending the catalogue is smaller.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from ..entry import Entry
from .base import LimitOffsetSource, PageError, as_count

ENDPOINT = "/api/explore/v2.1/catalog/datasets"


def datasets_url(location: str) -> str:
    parts = urlsplit(location)
    if parts.path.rstrip("/").endswith("/catalog/datasets"):
        return location
    return urlunsplit(parts._replace(path=ENDPOINT, query=""))


class OpenDataSoftSource(LimitOffsetSource):
    kind = "opendatasoft"
    max_page = 100
    api_basis = "records_api"
    field_sources = {"publisher": "metas.default.publisher", "theme": "metas.default.theme",
                     "modified": "metas.default.data_processed", "frequency": "metas.dcat.accrualperiodicity",
                     "licence": "metas.default.license", "format": "record exports and attachments",
                     "records": "metas.default.records_count", "api": "datasets with records (Explore API)"}
    window_limit = 10000

    endpoint_for = staticmethod(datasets_url)

    def read_page(self, doc: Any, url: str, offset: int):
        if not isinstance(doc, dict) or not isinstance(doc.get("results"), list):
            raise PageError("not an OpenDataSoft Explore v2.1 response (no 'results' list)")
        entries = []
        for i, item in enumerate(doc["results"]):
            item = item if isinstance(item, dict) else {}
            metas = m if isinstance(m := item.get("metas"), dict) else {}
            default, explore = metas.get("default") or {}, metas.get("explore") or {}
            facts = {"has_api": bool(item.get("has_records")),
                     "records": as_count(default.get("records_count")),
                     "downloads": as_count(explore.get("download_count"))}
            entry = self.entry_from({"results": [item]}, url, offset + i + 1, ("opendatasoft",), facts)
            if isinstance(entry, Entry):
                self._export_urls(entry)
            entries.append(entry)
        total = doc.get("total_count")
        return entries, total if isinstance(total, int) else None

    def _export_urls(self, entry: Entry) -> None:
        """The record exports have no URL in the catalogue: they live under the dataset."""
        for dist in entry.metadata.distributions:
            if not dist.get("url") and dist.get("format"):
                dist["url"] = f"{self.endpoint.split('?')[0]}/{quote(entry.id)}/exports/{dist['format'].lower()}"
