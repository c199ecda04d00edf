"""Socrata Discovery API (`/api/catalog/v1`): `limit`/`offset` paging, `resultSetSize`.

Frequency and department come from the portal's own `domain_metadata` keys
(NYC `Update_Update-Frequency`, Chicago `Metadata_Frequency`...), the data
timestamp from `data_updated_at` rather than `updatedAt` (which metadata
edits bump); the shared catalogue reader does both. Every Socrata dataset is
served through the SODA API, so each one counts as offering an API.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

from .base import LimitOffsetSource, PageError, as_count, with_query

ENDPOINT = "/api/catalog/v1"


def catalog_url(location: str) -> str:
    """The Discovery endpoint for a Socrata domain (limited to that domain) or the endpoint itself."""
    parts = urlsplit(location)
    if parts.path.rstrip("/").endswith(ENDPOINT):
        url = location
    else:
        url = urlunsplit(parts._replace(path=ENDPOINT, query=""))
        url = with_query(url, domains=parts.hostname)
    return url if "only" in parse_qs(urlsplit(url).query) else with_query(url, only="dataset")


class SocrataSource(LimitOffsetSource):
    kind = "socrata"
    max_page = 100
    api_basis = "soda"
    field_sources = {"publisher": "resource.attribution / domain_metadata agency", "theme": "domain_category",
                     "modified": "resource.data_updated_at", "frequency": "domain_metadata *frequency*",
                     "licence": "metadata.license", "format": "the SODA CSV export", "downloads": "download_count",
                     "api": "every Socrata dataset is served by the SODA API"}

    endpoint_for = staticmethod(catalog_url)

    def read_page(self, doc: Any, url: str, offset: int):
        if not isinstance(doc, dict) or not isinstance(doc.get("results"), list):
            raise PageError("not a Socrata Discovery API response (no 'results' list)")
        entries = []
        for i, item in enumerate(doc["results"]):
            resource = item.get("resource") if isinstance(item, dict) else None
            resource = resource if isinstance(resource, dict) else {}
            facts = {"has_api": resource.get("type") == "dataset",
                     "downloads": as_count(resource.get("download_count")),
                     "landing_page": (item.get("link") or item.get("permalink")) if isinstance(item, dict) else None}
            entries.append(self.entry_from({"results": [item]}, url, offset + i + 1, ("socrata-discovery",), facts))
        total = doc.get("resultSetSize")
        return entries, total if isinstance(total, int) else None
