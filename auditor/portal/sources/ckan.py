"""CKAN Action API `package_search`: `rows` (up to 1000) and `start` paging, `result.count`.

Packages are read by the shared catalogue reader (organisation as department,
`frequency` / `accrual_periodicity` / extras as the frequency, resource
`last_modified` as the data's timestamp). A resource that is an API (format
API/WMS/WFS..., or a DataStore table) counts for the seed's "data APIs".
"""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ...formats import SERVICE_WORDS
from .base import OffsetPagedSource, PageError, response_problem, with_query

ENDPOINT = "/api/3/action/package_search"
API_FORMATS = SERVICE_WORDS


def package_search_url(location: str) -> str:
    """The package_search endpoint of a CKAN site given by its home page or any API URL."""
    parts = urlsplit(location)
    if parts.path.rstrip("/").endswith(ENDPOINT):
        return location
    root = parts.path.split("/api/", 1)[0].rstrip("/")
    return urlunsplit(parts._replace(path=root + ENDPOINT, query=""))


def _has_api(pkg: dict) -> bool:
    for res in pkg.get("resources") or []:
        if isinstance(res, dict) and (res.get("datastore_active") is True
                                      or str(res.get("format") or "").strip().lower() in API_FORMATS):
            return True
    return False


class CkanSource(OffsetPagedSource):
    kind = "ckan"
    max_page = 1000
    api_basis = "api_resource"
    field_sources = {"publisher": "organization.title (DCAT-AP publisher extra)", "theme": "groups / theme extra",
                     "modified": "resource last_modified, else modified, else metadata_modified",
                     "frequency": "frequency / accrual_periodicity / extras", "licence": "license_title / license_id",
                     "format": "resources[].format", "api": "an API resource or a DataStore table"}

    def __init__(self, location, fetcher, page_size=None):
        super().__init__(location, fetcher, page_size)
        self.endpoint = package_search_url(location)

    @property
    def label(self) -> str:
        return self.endpoint

    def page_url(self, offset: int, size: int) -> str:
        return with_query(self.endpoint, rows=size, start=offset)

    def apps(self) -> tuple[int | None, str | None]:
        """Showcases (ckanext-showcase) are CKAN's apps; a site without the extension answers 400/404."""
        url = self.endpoint.replace("/package_search", "/ckanext_showcase_list")
        response = self.fetcher.get(url)
        try:
            if response_problem(response) or not response.path:
                return None, None
            with open(response.path, "rb") as fh:
                doc = json.loads(fh.read().decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError, OSError):
            return None, None
        finally:
            self.fetcher.release(response)
        result = doc.get("result") if isinstance(doc, dict) and doc.get("success") is True else None
        return (len(result), "ckanext_showcase_list") if isinstance(result, list) else (None, None)

    def read_page(self, doc: Any, url: str, offset: int):
        if not isinstance(doc, dict) or not isinstance(doc.get("result"), dict):
            raise PageError("not a CKAN package_search response (no 'result' object)")
        if doc.get("success") is False:
            raise PageError("the CKAN API answered success: false")
        result = doc["result"]
        packages = result.get("results")
        if not isinstance(packages, list):
            raise PageError("not a CKAN package_search response (no 'result.results' list)")
        count = result.get("count")
        entries = [self.entry_from(pkg, url, offset + i + 1, ("ckan",), {"has_api": _has_api(pkg)})
                   for i, pkg in enumerate(packages)]
        return entries, count if isinstance(count, int) else None
