"""Judge what a portal lists, with the engine the rest of the tool uses.

Every entry is judged on its metadata by the engine's catalogue-entry path (the
metadata-level rules: completeness, declared frequency and overdue, formats and
openness stars, licence). In download mode each distribution is also fetched
(size cap, timeout, retries: the Fetcher's policy), its link recorded the way
ckanext-archiver does, and the file run through the full engine with the
entry's metadata, its format sniffed from the content. What cannot be read (a
catalogue page, a download) becomes a dataset of its own with the reason in an
MR001 finding and status "error", so nothing is dropped.
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import cast
from urllib.parse import unquote, urljoin, urlsplit

from .. import budget
from ..dataset import LoadedDataset
from ..engine import RunContext, Target, audit_loaded, audit_target
from ..loaders import describe_error
from ..model import STATUS_ERROR, DatasetResult
from .entry import Entry, Failure
from .http import Fetcher, Response
from .links import link_record, local_record
from .sources.base import is_url

_EXTENSION = re.compile(r"\.[a-z0-9]{1,8}")
_UNSAFE = re.compile(r"[^\w.-]+")


@dataclass
class Judged:
    entry: Entry
    result: DatasetResult  # the catalogue entry, judged on its metadata
    data: list[DatasetResult] = field(default_factory=list)  # downloaded distributions (download mode)
    links: list[dict] = field(default_factory=list)


@dataclass
class _Task:
    entry: Entry
    url: str
    role: str  # "distribution" | "landing_page"
    dist: dict | None = None
    local: str | None = None  # a file next to a local catalogue
    refused: str | None = None
    response: Response | None = None
    record: dict | None = None


def resolve(entry: Entry, raw: str) -> tuple[str, str | None, str | None]:
    """(url, local path, refusal): where a distribution link points.

    Remote catalogues: absolute or relative to the page, fetched only over http(s)
    (the Fetcher refuses other schemes). Local catalogues: a relative path must
    stay inside the catalogue's folder."""
    raw = raw.strip()
    if urlsplit(raw).scheme:
        return raw, None, None
    if entry.base and is_url(entry.base):
        return urljoin(entry.base, raw), None, None
    if entry.base and not os.path.isabs(raw):
        folder = os.path.realpath(entry.base)
        path = os.path.realpath(os.path.join(folder, raw))
        if path.startswith(folder + os.sep):
            return raw, path, None
    return raw, None, "a local path outside the catalogue's own folder is not read"


class Judge:
    def __init__(self, ctx: RunContext, fetcher: Fetcher, download: bool):
        self.ctx = ctx
        self.fetcher = fetcher
        self.download = download
        only_mr001 = replace(ctx.profile, select=["MR001"], ignore=[])
        self.failure_ctx = RunContext(registry=ctx.registry, profile=only_mr001, as_of=ctx.as_of, lang=ctx.lang,
                                      examples=ctx.examples, debug=ctx.debug)
        self._tmp = tempfile.TemporaryDirectory(prefix="audit-portal-")
        self._named = 0

    def close(self) -> None:
        self._tmp.cleanup()

    # -- what could not be read ---------------------------------------------------
    def unreadable(self, source: str, reason: str, metadata=None) -> DatasetResult:
        loaded = LoadedDataset(path="", source=source, format=None, load_error=reason)
        result = audit_loaded(loaded, Target(path="", source=source, metadata=metadata), self.failure_ctx)
        return replace(result, status=STATUS_ERROR)

    def failure(self, failure: Failure) -> DatasetResult:
        return self.unreadable(failure.source, failure.reason)

    # -- entries ------------------------------------------------------------------
    def judge(self, entries: list[Entry]) -> Iterator[Judged]:
        tasks = self._fetch(entries) if self.download else {}
        for entry in entries:
            mine = tasks.get(id(entry), [])
            for task in mine:
                if task.dist is not None:
                    task.dist["link"] = task.record
            result = audit_loaded(LoadedDataset(path="", source=entry.source, format=None),
                                   Target(path="", source=entry.source, metadata=entry.metadata,
                                          metadata_problems=list(entry.problems)),
                                   self.ctx, kind="catalog_entry")
            page = entry.facts.get("landing_page")
            if page:  # reports name a dataset by its title and link to its page
                result = replace(result, metadata={**result.metadata, "landing_page": page})
            try:
                data = self._audit_data(entry, mine) if self.download else []
            finally:
                for task in mine:
                    if task.response is not None:
                        self.fetcher.release(task.response)
            yield Judged(entry, result, data, [cast(dict, t.record) for t in mine])  # _fetch set every record

    def _tasks(self, entry: Entry) -> list[_Task]:
        tasks, seen = [], set()
        for dist in entry.metadata.distributions:
            raw = dist.get("url")
            if not raw or raw in seen or entry.local_file:
                continue
            seen.add(raw)
            url, local, refused = resolve(entry, raw)
            tasks.append(_Task(entry, url, "distribution", dist, local, refused))
        landing = entry.facts.get("landing_page")
        if landing and is_url(landing) and landing not in seen:
            tasks.append(_Task(entry, landing, "landing_page"))
        return tasks

    def _fetch(self, entries: list[Entry]) -> dict[int, list[_Task]]:
        by_entry = {id(e): self._tasks(e) for e in entries}
        remote = [t for ts in by_entry.values() for t in ts if t.local is None and t.refused is None]

        def run(task: _Task) -> None:
            getter = self.fetcher.get if task.role == "distribution" else self.fetcher.check_link
            task.response = getter(task.url)

        with ThreadPoolExecutor(max_workers=max(1, self.fetcher.policy.concurrency)) as pool:
            list(pool.map(budget.carried(run), remote))  # the run's limits hold in the worker threads too
        for tasks in by_entry.values():
            for t in tasks:
                t.record = (link_record(t.response, t.role) if t.response is not None
                            else local_record(t.local, t.url, t.refused))
        return by_entry

    def _audit_data(self, entry: Entry, tasks: list[_Task]) -> list[DatasetResult]:
        if entry.local_file:
            return self._audit_file(entry.local_file, entry.source, entry)
        out = []
        for task in (t for t in tasks if t.role == "distribution"):
            source = f"{entry.source} <{task.url}>"
            assert task.record is not None  # _fetch set every record
            if task.record["broken"] is not False:
                why = task.record["reason"]
                reason = why if why.startswith("not downloaded") else f"download failed: {why}"
                out.append(self.unreadable(source, reason, entry.metadata))
            elif task.local:
                out.extend(self._audit_file(task.local, source, entry))
            else:
                out.extend(self._audit_file(self._name(task), source, entry))
        return out

    def _audit_file(self, path: str, source: str, entry: Entry) -> list[DatasetResult]:
        target = Target(path=path, source=source, metadata=entry.metadata, metadata_problems=list(entry.problems))
        try:
            return audit_target(target, self.ctx)
        except (Exception, MemoryError) as exc:  # one hostile download is its dataset's finding, not the portal's end
            return [self.unreadable(source, f"the download could not be audited: {describe_error(exc)}",
                                    entry.metadata)]
        finally:
            folder = os.path.dirname(path)
            if os.path.dirname(folder) == self._tmp.name:
                os.unlink(path)
                os.rmdir(folder)

    def _name(self, task: _Task) -> str:
        """The body under the URL's own file name, so MR002 can compare its extension with the content
        and the table is named as the portal names the file (never after a counter or a temporary name,
        which would differ between a run in one process and a sweep's batches)."""
        base = os.path.basename(unquote(urlsplit(task.url).path))
        stem, ext = os.path.splitext(base)
        ext = ext.lower() if _EXTENSION.fullmatch(ext.lower()) else ""
        stem = _UNSAFE.sub("_", stem if ext else base).strip("._") or "download"
        self._named += 1
        folder = os.path.join(self._tmp.name, str(self._named))
        os.mkdir(folder)
        named = os.path.join(folder, stem[:100] + ext)
        assert task.response is not None and task.response.path is not None  # a downloaded body, not broken
        os.symlink(os.path.abspath(task.response.path), named)
        return named
