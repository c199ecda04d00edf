"""The portal fetcher against a real local HTTP server."""
from __future__ import annotations

import json
import os

import pytest
from portal_server import LocalServer

from auditor.portal.http import USER_AGENT, Fetcher, FetchPolicy


def ok(method, query):
    return 200, {"Content-Type": "application/json; charset=utf-8"}, json.dumps({"ok": True}).encode()


def flaky_factory(failures: int):
    state = {"n": 0}

    def route(method, query):
        state["n"] += 1
        if state["n"] <= failures:
            return 503, {}, b"busy"
        return ok(method, query)
    return route


def limited(method, query):
    limited.n = getattr(limited, "n", 0) + 1
    return (429, {"Retry-After": "7"}, b"slow down") if limited.n == 1 else ok(method, query)


def big(method, query):
    return 200, {"Content-Type": "text/csv"}, b"a,b\n" + b"1,2\n" * 5000


def no_head(method, query):
    return (405, {}, b"") if method == "HEAD" else (200, {"Content-Type": "text/csv"}, b"a\n1\n")


def redirect(method, query):
    return 302, {"Location": "/ok"}, b""


@pytest.fixture
def server():
    routes = {"/ok": ok, "/flaky": flaky_factory(2), "/limited": limited, "/big": big, "/nohead": no_head,
              "/redirect": redirect, "/down": flaky_factory(99)}
    with LocalServer(routes) as srv:
        yield srv


def fetcher(**kw):
    slept: list[float] = []
    policy = FetchPolicy(per_host_interval=0.0, backoff=0.5, **kw)
    return Fetcher(policy=policy, sleep=slept.append), slept


def test_get_json_and_user_agent(server):
    f, _ = fetcher()
    with f:
        r = f.get(server.base + "/ok")
        assert r.ok and r.content_type == "application/json" and json.loads(r.read_bytes()) == {"ok": True}
    assert "open-data-auditor" in USER_AGENT


def test_retries_with_backoff_then_succeeds(server):
    f, slept = fetcher(retries=3)
    with f:
        r = f.get(server.base + "/flaky")
    assert r.ok and server.hits[("GET", "/flaky")] == 3
    assert slept == [0.5, 1.0]


def test_retry_after_is_honoured(server):
    f, slept = fetcher()
    with f:
        assert f.get(server.base + "/limited").ok
    assert slept == [7.0]


def test_gives_up_after_retries(server):
    f, slept = fetcher(retries=2)
    with f:
        r = f.get(server.base + "/down")
    assert not r.ok and r.status == 503 and len(slept) == 2


def test_size_cap_and_schemes_are_refused(server):
    f, _ = fetcher(max_bytes=1000)
    with f:
        r = f.get(server.base + "/big")
        assert not r.ok and "cap" in r.error
        for url in ("file:///etc/passwd", "ftp://example.org/x.csv", "data/x.csv"):
            refused = f.get(url)
            assert refused.status == 0 and "only http and https" in refused.error
    assert server.hits[("GET", "/big")] == 1


def test_link_check_falls_back_to_get_on_405(server):
    f, _ = fetcher()
    with f:
        r = f.check_link(server.base + "/nohead")
        assert r.status == 200 and r.content_type == "text/csv"
        followed = f.check_link(server.base + "/redirect")
        assert followed.final_url.endswith("/ok")
    assert server.hits[("HEAD", "/nohead")] == 1 and server.hits[("GET", "/nohead")] == 1


def test_cache_makes_a_rerun_resume(server, tmp_path):
    urls = [server.base + p for p in ("/ok", "/big", "/down")]
    first, _ = fetcher(cache_dir=str(tmp_path), retries=0)
    with first:
        results = first.get_many(urls)
    assert [r.ok for r in results] == [True, True, False]
    second, _ = fetcher(cache_dir=str(tmp_path), retries=0)
    with second:
        again = second.get_many(urls)
    assert [r.from_cache for r in again] == [True, True, False], "failed responses are fetched again"
    assert again[1].read_bytes().startswith(b"a,b\n")
    assert server.hits[("GET", "/ok")] == 1 and server.hits[("GET", "/big")] == 1
    assert server.hits[("GET", "/down")] == 2


def test_concurrency_bound(server):
    f, _ = fetcher(concurrency=2)
    with f:
        results = f.get_many([server.base + "/ok"] * 6)
    assert all(r.ok for r in results) and server.hits[("GET", "/ok")] == 6


def to_file(method, query):
    return 302, {"Location": "file:///etc/passwd"}, b""


def test_a_redirect_to_file_is_refused_once_and_recorded(tmp_path):
    # httpx alone stops it with UnsupportedProtocol, a transport error we would retry like a timeout
    with LocalServer({"/to-file": to_file}) as srv:
        f, slept = fetcher(retries=3, cache_dir=str(tmp_path))
        with f:
            r = f.get(srv.base + "/to-file")
            again = f.get(srv.base + "/to-file")
    assert r.status == 0 and r.error.startswith("redirected to a file:// URL") and "only http and https" in r.error
    assert srv.hits[("GET", "/to-file")] == 1 and slept == [] and again.from_cache


def test_forget_drops_a_cached_page_and_release_deletes_an_uncached_body(server, tmp_path):
    cached, _ = fetcher(cache_dir=str(tmp_path))
    with cached:
        first = cached.get(server.base + "/ok")
        cached.release(first)  # a cached body stays for the next run
        assert cached.get(server.base + "/ok").from_cache
        cached.forget(first)
        assert not cached.get(server.base + "/ok").from_cache
    plain, _ = fetcher()
    with plain:
        body = plain.get(server.base + "/ok")
        plain.release(body)
        assert not os.path.exists(body.path)
    assert server.hits[("GET", "/ok")] == 3
