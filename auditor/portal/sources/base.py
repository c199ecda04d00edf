"""What every portal source shares: where it reads from, its facts, documents and pages.

A source yields `Entry` and `Failure` objects one page at a time (a generator),
so a 10,000-dataset catalogue never sits in memory as raw responses: each page
is fetched to disk by the Fetcher, parsed, turned into entries and released.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ...loaders import describe_error
from ...metadata.catalog import json_catalog
from ..entry import Entry, Failure, PortalUnreachable
from ..http import Fetcher, Response


class PageError(Exception):
    """A page or document that arrived but is not what the source expects."""


def as_count(value) -> int | None:
    """A count a catalogue states (42, 42.0, '1,234'); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.replace(",", "").strip()
        if not value.isdigit():
            return None
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and value >= 0 else None


def is_url(location: str) -> bool:
    return urlsplit(location).scheme.lower() in ("http", "https")


def with_query(url: str, **params: Any) -> str:
    """`url` with these query parameters set (others kept, in order)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    query += [(k, str(v)) for k, v in params.items() if v is not None]
    return urlunsplit(parts._replace(query=urlencode(query)))


def response_problem(response: Response) -> str | None:
    """Why a response cannot be used, in words; None when it can."""
    if response.error and response.status == 0:
        return response.error
    if not 200 <= response.status < 300:
        later = " (the server kept asking to retry later)" if response.status == 429 else ""
        return f"HTTP {response.status}{later}"
    return None


class Source:
    """A portal catalogue read as a stream of entries."""

    kind = ""
    # What the scorecard's "datasets with an API" counts for this kind of catalogue (the label says it).
    api_basis: str | None = None
    # Where each scorecard field comes from in this kind of catalogue (figure documentation).
    field_sources: dict[str, str] = {}

    def __init__(self, location: str, fetcher: Fetcher, page_size: int | None = None):
        self.location = location
        self.fetcher = fetcher
        self.page_size = page_size
        self.facts: dict[str, Any] = {"declared_total": None, "pages_read": 0, "pages_failed": 0,
                                      "pages_from_cache": 0, "truncated": None,
                                      "field_sources": dict(self.field_sources)}

    @property
    def label(self) -> str:
        """How entries of this source are named in the report (`LABEL#id`)."""
        return self.location

    def entries(self) -> Iterator[Entry | Failure]:
        raise NotImplementedError

    def apps(self) -> tuple[int | None, str | None]:
        """(apps built on the data, where that was counted): the seed's Table 6. (None, None) when this
        kind of catalogue does not publish them, which the scorecard says next to the 2021 figure."""
        return None, None

    # -- documents ------------------------------------------------------------
    @contextmanager
    def document(self, location: str, first: bool, response: Response | None = None):
        """A local path for `location` (fetched unless already), released afterwards.

        The first document failing means the catalogue cannot be read at all."""
        if not is_url(location):
            yield location
            return
        response = response or self.fetcher.get(location)
        try:
            problem = response_problem(response)
            if problem:
                self.facts["pages_failed"] += 1
                if first:
                    raise PortalUnreachable(location, problem)
                raise PageError(problem)
            self.facts["pages_read"] += 1
            self.facts["pages_from_cache"] += int(response.from_cache)
            yield response.path
        finally:
            self.fetcher.release(response)

    def read_json(self, location: str, first: bool, response: Response | None = None) -> Any:
        if is_url(location) and response is None:
            response = self.fetcher.get(location)
        with self.document(location, first, response) as path:
            try:
                with open(path, "rb") as fh:
                    return json.loads(fh.read().decode("utf-8-sig"))
            except (ValueError, UnicodeDecodeError) as exc:
                if response is not None:
                    self.fetcher.forget(response)  # a rerun asks for this page again
                if first:
                    raise PortalUnreachable(location, describe_error(exc)) from None
                raise PageError(describe_error(exc)) from None

    def entry_from(self, item: Any, page_url: str, position: int, expected: tuple[str, ...],
                   facts: dict | None = None, base: str | None = None) -> Entry | Failure:
        """One API result → an Entry through the shared catalogue readers, or a Failure naming it."""
        found = json_catalog(item, page_url) if isinstance(item, dict) else None
        if not found or found[0] not in expected or len(found[1]) != 1:
            return Failure(source=f"{self.label}#result-{position}", url=page_url,
                           reason=f"result {position} is not a {self.kind} dataset record")
        entry_id, meta = found[1][0]
        return Entry(id=entry_id, source=f"{self.label}#{entry_id}", metadata=meta, facts=facts or {},
                     base=base or page_url)


class OffsetPagedSource(Source):
    """An API paged by offset and limit (CKAN start/rows, Socrata and ODS offset/limit).

    The first page gives the total; the rest are fetched `concurrency` pages at a
    time (to disk) and parsed one by one. A page that fails after the Fetcher's
    retries becomes a Failure and paging goes on."""

    max_page = 100
    window_limit: int | None = None  # ODS: offset + limit must stay under 10,000

    def page_url(self, offset: int, size: int) -> str:
        raise NotImplementedError

    def read_page(self, doc: Any, url: str, offset: int) -> tuple[list[Entry | Failure], int | None]:
        """(entries of the page, the declared total) or PageError."""
        raise NotImplementedError

    step: int | None = None  # rows the server really returns per page, learnt from the first page

    def _size_at(self, offset: int) -> int:
        size = min(self.step or self.page_size or self.max_page, self.max_page)
        if self.window_limit is not None:
            size = min(size, self.window_limit - 1 - offset)
        return size

    def _page(self, offset: int, first: bool, response: Response | None = None
              ) -> tuple[list[Entry | Failure], int | None]:
        url = self.page_url(offset, self._size_at(offset))
        doc = self.read_json(url, first, response)
        try:
            return self.read_page(doc, url, offset)
        except PageError as exc:
            if first:
                raise PortalUnreachable(url, str(exc)) from None
            raise

    # A sweep splits a catalogue into page ranges [start_page, stop_page): a later range takes the
    # declared total and the step its first range learnt, and never reads page 0 again.
    start_page: int = 0
    stop_page: int | None = None

    def reachable(self, total: int) -> int:
        """How many datasets offset paging can reach of the declared total."""
        return total if self.window_limit is None else min(total, self.window_limit - 1)

    def entries(self) -> Iterator[Entry | Failure]:
        if self.start_page:
            total, step = self.facts["declared_total"], self.step
            assert step, "a later page range needs the step its first range learnt"
            yield from self._pages(range(self.start_page * step, self._stop(self.reachable(total)), step))
            return
        items, total = self._page(0, first=True)
        self.facts["declared_total"] = total
        yield from items
        if total is None or not items:
            return
        reachable = self.reachable(total)
        if reachable < total:
            self.facts["truncated"] = (f"the API lists only the first {reachable:,} of {total:,} datasets "
                                       "(offset + limit must stay under 10,000); read the rest from a DCAT export")
        # A server may cap the page below what was asked (CKAN's ckan.search.rows_max): page by what it gives.
        # The declared total only bounds the loop, it never sizes anything: a count of 10^9 costs nothing
        # until pages are really read, and the consumer stops reading at --limit.
        self.step = step = min(self._size_at(0), len(items))
        yield from self._pages(range(step, self._stop(reachable), step), {_page_key(items)})

    def _stop(self, reachable: int) -> int:
        return reachable if self.stop_page is None else min(reachable, self.stop_page * (self.step or 1))

    def _pages(self, offsets: range, seen_pages: set | None = None) -> Iterator[Entry | Failure]:
        """The pages at these offsets, `concurrency` at a time; a page that fails is a Failure.

        `offsets` stays a range (a slice of a range is a range): a declared count of 10^9 allocates
        nothing for the pages never read. A page the server already sent stops the paging."""
        seen_pages = seen_pages if seen_pages is not None else set()
        window = max(1, self.fetcher.policy.concurrency)
        for start in range(0, len(offsets), window):
            batch = offsets[start:start + window]
            urls = [self.page_url(o, self._size_at(o)) for o in batch]
            responses = self.fetcher.get_many(urls)  # fetched together (bounded), bodies on disk
            for i, (at, url, response) in enumerate(zip(batch, urls, responses, strict=True)):
                try:
                    items, _ = self._page(at, first=False, response=response)
                except PageError as exc:
                    yield Failure(source=f"{self.label} page at offset {at}", url=url, reason=str(exc))
                    continue
                if not items:
                    self._release(responses[i + 1:])
                    return  # the portal holds fewer datasets than it declared
                key = _page_key(items)
                if key in seen_pages:  # the server ignores the offset: reading on would never end
                    self.facts["repeated_page"] = at
                    self.facts["truncated"] = (f"the API answered the page at offset {at:,} with a page it had "
                                               "already sent, so paging stopped there")
                    self._release(responses[i + 1:])
                    return
                seen_pages.add(key)
                yield from items

    def _release(self, responses: list[Response]) -> None:
        for response in responses:
            self.fetcher.release(response)


def _page_key(items: list) -> tuple:
    """What identifies a page's content: its entries' ids (failures by their source)."""
    return tuple(getattr(item, "id", None) or getattr(item, "source", "") for item in items)


def local_base(path: str) -> str:
    """Relative links in a local catalogue resolve inside its own folder."""
    return os.path.dirname(os.path.abspath(path))


class LimitOffsetSource(OffsetPagedSource):
    """Offset/limit paging on one endpoint (Socrata Discovery, OpenDataSoft Explore)."""

    @staticmethod
    def endpoint_for(location: str) -> str:
        raise NotImplementedError

    def __init__(self, location, fetcher, page_size=None):
        super().__init__(location, fetcher, page_size)
        self.endpoint = self.endpoint_for(location)

    @property
    def label(self) -> str:
        return self.endpoint

    def page_url(self, offset: int, size: int) -> str:
        return with_query(self.endpoint, limit=size, offset=offset)
