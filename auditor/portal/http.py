"""HTTP done properly for portal audits.

Only http/https (a remote catalogue must never make us read `file://`),
bounded concurrency, a minimum interval between requests to the same host,
retries with exponential backoff on 429/5xx/timeouts (honouring Retry-After),
a response size cap enforced while streaming, a clear user agent, and a
resumable on-disk cache: a rerun after an interruption reuses every response
that was completely fetched and only asks for the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import httpx

from .. import __version__, budget, redact

USER_AGENT = f"open-data-auditor/{__version__} (open data quality audit; python-httpx)"
RETRY_STATUS = {429, 500, 502, 503, 504}


class FetchRefused(Exception):
    """A URL we will not fetch (scheme, size)."""


class DeadlineExceeded(Exception):
    """The whole request (connect, headers and body) took longer than the policy's deadline."""


@dataclass(frozen=True)
class Response:
    url: str
    final_url: str
    status: int
    content_type: str
    path: str | None  # body on disk (in the cache or a temp dir); None for HEAD checks
    size: int
    error: str | None = None
    from_cache: bool = False
    elapsed: float = 0.0
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and 200 <= self.status < 300

    def read_bytes(self) -> bytes:
        if not self.path:
            return b""
        with open(self.path, "rb") as fh:
            return fh.read()

    def as_dict(self) -> dict:
        return {
            "url": self.url,
            "final_url": self.final_url,
            "status": self.status,
            "content_type": self.content_type,
            "size": self.size,
            "error": self.error,
            "from_cache": self.from_cache,
        }


@dataclass
class FetchPolicy:
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5  # seconds; doubled each retry
    max_bytes: int = 200 * 1024 * 1024
    # Seconds for a whole request, headers and body: `timeout` bounds each read only, so a server
    # sending a byte every few seconds would hold a request for ever without it. None: 4 x timeout.
    deadline: float | None = None
    per_host_interval: float = 0.2  # politeness: seconds between requests to one host
    concurrency: int = 4
    cache_dir: str | None = None


def index_url(url: str) -> str:
    """A URL as the cache index may keep it: query values hashed, personal identifiers in the path
    scrubbed (a download link like `.../list?phone=138...` or `.../13812345678.csv` is personal data)."""
    parts = urlsplit(url)
    query = "&".join(
        f"{k}=sha256:{hashlib.sha256(v.encode()).hexdigest()[:16]}"
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    )
    return urlunsplit(parts._replace(path=redact.scrub(parts.path), query=query, fragment=""))


def check_url(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(f"only http and https URLs are fetched, not {scheme or 'a relative path'!r}")


@dataclass
class Fetcher:
    policy: FetchPolicy = field(default_factory=FetchPolicy)
    sleep: Callable[[float], None] = time.sleep
    # Held around every request, given the URL: a sweep's cluster-wide limit of requests per host.
    gate: Callable[[str], AbstractContextManager] | None = None

    def __post_init__(self):
        # No kept-alive connections: every request opens its own, so its deadline can close exactly it.
        self._client = httpx.Client(
            timeout=self.policy.timeout,
            follow_redirects=True,
            headers={"User-Agent": USER_AGENT},
            limits=httpx.Limits(max_connections=max(1, self.policy.concurrency), max_keepalive_connections=0),
            event_hooks={"request": [_refuse_redirect_scheme]},
        )
        self._host_lock: dict[str, threading.Lock] = {}
        self._host_next: dict[str, float] = {}
        self._lock = threading.Lock()
        self._tmp = tempfile.TemporaryDirectory(prefix="audit-fetch-")
        if self.policy.cache_dir:
            os.makedirs(self.policy.cache_dir, exist_ok=True)

    def close(self) -> None:
        self._client.close()
        self._tmp.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- cache ------------------------------------------------------------
    def _cache_paths(self, url: str, method: str) -> tuple[str, str] | None:
        if not self.policy.cache_dir:
            return None
        key = hashlib.sha256(f"{method} {url}".encode()).hexdigest()
        base = os.path.join(self.policy.cache_dir, key[:2], key)
        return base + ".body", base + ".json"

    def _from_cache(self, url: str, method: str) -> Response | None:
        paths = self._cache_paths(url, method)
        if not paths or not os.path.exists(paths[1]):
            return None
        with open(paths[1], encoding="utf-8") as fh:
            meta = json.load(fh)
        body = paths[0] if method == "GET" and os.path.exists(paths[0]) else None
        final = url if meta["final_url"] == index_url(url) else meta["final_url"]  # the index holds no raw values
        return Response(
            url=url,
            final_url=final,
            status=meta["status"],
            content_type=meta["content_type"],
            path=body,
            size=meta["size"],
            error=meta.get("error"),
            from_cache=True,
        )

    def _store(self, response: Response, method: str, body_tmp: str | None) -> Response:
        paths = self._cache_paths(response.url, method)
        if not paths:
            return response
        os.makedirs(os.path.dirname(paths[0]), exist_ok=True)
        body = None
        if body_tmp:
            os.replace(body_tmp, paths[0])
            body = paths[0]
        meta = {
            **response.as_dict(),
            "url": index_url(response.url),
            "final_url": index_url(response.final_url),
            "error": redact.scrub(response.error) if response.error else None,
        }
        tmp_meta = paths[1] + ".part"
        with open(tmp_meta, "w", encoding="utf-8") as fh:
            json.dump(meta, fh)
        os.replace(tmp_meta, paths[1])  # the metadata file appears last: its presence means "complete"
        return Response(**{**response.__dict__, "path": body})

    # -- politeness -------------------------------------------------------
    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc
        with self._lock:
            lock = self._host_lock.setdefault(host, threading.Lock())
        with lock:
            now = time.monotonic()
            wait = self._host_next.get(host, 0.0) - now
            if wait > 0:
                self.sleep(wait)
            self._host_next[host] = time.monotonic() + self.policy.per_host_interval

    # -- fetching ---------------------------------------------------------
    def get(self, url: str) -> Response:
        return self._fetch(url, "GET")

    def release(self, response: Response) -> None:
        """Delete a body that is not in the cache once it has been read (disk stays flat too)."""
        if response.path and not response.from_cache and not self._cached_body(response.path):
            try:
                os.unlink(response.path)
            except FileNotFoundError:
                pass

    def forget(self, response: Response) -> None:
        """Drop a cached response that arrived but could not be used (a truncated page), so a rerun asks again."""
        paths = self._cache_paths(response.url, "GET")
        for path in paths or ():
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass

    def _cached_body(self, path: str) -> bool:
        cache = self.policy.cache_dir
        return bool(cache and os.path.abspath(path).startswith(os.path.abspath(cache) + os.sep))

    def check_link(self, url: str) -> Response:
        """HEAD, falling back to GET when the server refuses HEAD (ckanext-archiver's way)."""
        head = self._fetch(url, "HEAD")
        if head.status in (405, 501) or (head.error is None and head.status >= 400 and head.status != 404):
            return self._fetch(url, "GET")
        return head

    def get_many(self, urls: Iterable[str]) -> list[Response]:
        with ThreadPoolExecutor(max_workers=max(1, self.policy.concurrency)) as pool:
            return list(pool.map(budget.carried(self.get), urls))

    def _fetch(self, url: str, method: str) -> Response:
        try:
            check_url(url)
        except FetchRefused as exc:
            return Response(url=url, final_url=url, status=0, content_type="", path=None, size=0, error=str(exc))
        cached = self._from_cache(url, method)
        if cached is not None:
            return cached
        delay = self.policy.backoff
        last_error = None
        for attempt in range(self.policy.retries + 1):
            self._wait_turn(url)
            started = time.monotonic()
            try:
                with self.gate(url) if self.gate else nullcontext():
                    response, body_tmp = self._once(url, method)
            except FetchRefused as exc:
                return self._store(Response(url, url, 0, "", None, 0, error=str(exc)), method, None)
            except DeadlineExceeded as exc:  # not retried (a slow server would hold us N times), not cached
                return Response(url, url, 0, "", None, 0, error=str(exc), elapsed=time.monotonic() - started)
            except httpx.HTTPError as exc:
                last_error = f"{type(exc).__name__}: {exc}"[:300]
                if attempt < self.policy.retries:
                    self.sleep(delay)
                    delay *= 2
                    continue
                return Response(url, url, 0, "", None, 0, error=last_error, elapsed=time.monotonic() - started)
            if response.status in RETRY_STATUS:
                if attempt < self.policy.retries:
                    self.sleep(_retry_after(response, delay))
                    delay *= 2
                    if body_tmp:
                        os.unlink(body_tmp)
                    continue
                return response  # not cached: a rerun should try again
            return self._store(response, method, body_tmp)
        raise AssertionError("unreachable")  # pragma: no cover

    def _deadline(self) -> float:
        return self.policy.deadline if self.policy.deadline is not None else 4 * self.policy.timeout

    def _once(self, url: str, method: str) -> tuple[Response, str | None]:
        """One request under a total deadline: a timer shuts the request's own sockets when it passes."""
        limit = self._deadline()
        sockets: list = []
        expired = threading.Event()

        def trace(name: str, info: dict) -> None:
            if name in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
                sock = info["return_value"].get_extra_info("socket")
                if sock is not None:
                    sockets.append(sock)
                    if expired.is_set():
                        _shut(sock)

        def expire() -> None:
            expired.set()
            for sock in sockets:
                _shut(sock)

        timer = threading.Timer(limit, expire)
        timer.daemon = True
        timer.start()
        try:
            return self._stream(url, method, trace, expired, time.monotonic() + limit)
        except (httpx.HTTPError, OSError) as exc:
            if expired.is_set():
                raise DeadlineExceeded(f"the request took longer than its {limit:g}-second deadline") from None
            if isinstance(exc, OSError):
                raise httpx.TransportError(str(exc)) from None
            raise
        finally:
            timer.cancel()

    def _stream(
        self, url: str, method: str, trace, expired: threading.Event, deadline: float
    ) -> tuple[Response, str | None]:
        started = time.monotonic()
        with self._client.stream(method, url, extensions={"trace": trace}) as r:
            ctype = r.headers.get("content-type", "").split(";")[0].strip().lower()
            declared = r.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.policy.max_bytes:
                raise FetchRefused(
                    f"response of {int(declared):,} bytes is over the {self.policy.max_bytes:,}-byte cap"
                )
            retry_after = _seconds(r.headers.get("retry-after"))
            if method == "HEAD":
                return Response(
                    url,
                    str(r.url),
                    r.status_code,
                    ctype,
                    None,
                    int(declared or 0),
                    elapsed=time.monotonic() - started,
                    error=_retry_hint(r),
                    retry_after=retry_after,
                ), None
            fd, tmp = tempfile.mkstemp(dir=self._tmp.name)
            size = 0
            encoding = r.headers.get("content-encoding", "").strip().lower()
            try:
                with os.fdopen(fd, "wb") as out:
                    for chunk in r.iter_bytes():
                        if time.monotonic() > deadline:
                            expired.set()
                        if expired.is_set():
                            raise httpx.ReadTimeout("deadline")
                        size += len(chunk)
                        if size > self.policy.max_bytes:
                            raise FetchRefused(f"response is over the {self.policy.max_bytes:,}-byte cap")
                        if encoding not in ("", "identity"):  # decoded as it arrives: a compression bomb
                            _check_inflation(size, r.num_bytes_downloaded, encoding)
                        out.write(chunk)
            except BaseException:
                os.unlink(tmp)
                raise
            return Response(
                url,
                str(r.url),
                r.status_code,
                ctype,
                tmp,
                size,
                elapsed=time.monotonic() - started,
                error=_retry_hint(r),
                retry_after=retry_after,
            ), tmp


def _check_inflation(size: int, raw: int, encoding: str) -> None:
    """The run's budget bounds a compressed body as it bounds an archive member (the same limits)."""
    try:
        budget.check_inflation(size, raw, f"the response body (Content-Encoding: {encoding[:20]})")
    except budget.LimitReached as exc:
        raise FetchRefused(str(exc)) from None


def _shut(sock) -> None:
    import socket

    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


def _refuse_redirect_scheme(request: httpx.Request) -> None:
    """Every request httpx sends, redirects included, must be http or https.

    httpx itself stops a redirect to `file://` with UnsupportedProtocol, a transport
    error that would be retried like a timeout; refusing here records why, once."""
    if request.url.scheme not in ("http", "https"):
        raise FetchRefused(
            f"redirected to a {request.url.scheme}:// URL ({request.url}): only http and https URLs are fetched"
        )


def _retry_hint(r: httpx.Response) -> str | None:
    return None if r.status_code < 400 else f"HTTP {r.status_code}"


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


MAX_RETRY_AFTER = 60.0


def _retry_after(response: Response, default: float) -> float:
    """Honour the server's Retry-After (capped), else our exponential backoff."""
    if response.retry_after is not None:
        return min(max(response.retry_after, 0.0), MAX_RETRY_AFTER)
    return default
