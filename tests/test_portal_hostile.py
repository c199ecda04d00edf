"""Hostile portal servers on loopback: every request and every paging loop is bounded,
one bad download stays that dataset's finding, the cache index holds no personal value,
and markup in a title is only text."""
from __future__ import annotations

import json
import socket
import threading
import time
import tracemalloc
import zipfile
from pathlib import Path

from conftest import run_cli
from portal_apis import ckan_package, ok_json
from portal_server import LocalServer

from auditor.portal.http import Fetcher, FetchPolicy
from auditor.portal.sources import open_source

AS_OF = "2026-11-28"
MOBILE = "13812345678"


class TrickleServer:
    """Answers every request one byte every `gap` seconds, headers included (a slowloris in reverse)."""

    def __init__(self, gap: float = 0.2):
        self.gap, self.sock = gap, socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.stop = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/data.csv"

    def _handle(self, conn):
        try:
            conn.recv(4096)
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: 400\r\n\r\n" + b"a" * 400:
                if self.stop.is_set():
                    return
                conn.send(bytes([byte]))
                time.sleep(self.gap)
        except OSError:
            pass
        finally:
            conn.close()

    def _serve(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def __enter__(self):
        threading.Thread(target=self._serve, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.sock.close()


def test_a_byte_a_time_server_holds_a_request_no_longer_than_the_deadline():
    with TrickleServer() as server, Fetcher(FetchPolicy(timeout=1.0, deadline=1.5, retries=2, backoff=0.01)) as f:
        started = time.monotonic()
        response = f.get(server.url)
        took = time.monotonic() - started
    assert response.status == 0 and "1.5-second deadline" in response.error
    assert took < 3.0, f"held for {took:.1f}s (per-read timeout 1 s, deadline 1.5 s, not retried)"


def _endless_ckan(count: int, repeat: bool):
    """package_search declaring `count` datasets; with `repeat`, every page is the first page."""
    pages: list[int] = []

    def route(method, query):
        from urllib.parse import parse_qs

        q = {k: v[-1] for k, v in parse_qs(query).items()}
        start, rows = (0 if repeat else int(q.get("start", 0))), int(q.get("rows", 10))
        pages.append(start)
        return ok_json({"success": True, "result": {"count": count, "results": [
            ckan_package(i) for i in range(start, start + rows)]}})
    return route, pages


def test_a_declared_count_of_a_billion_allocates_nothing_with_limit_20():
    route, pages = _endless_ckan(10 ** 9, repeat=False)
    with LocalServer({"/api/3/action/package_search": route}) as server:
        with Fetcher(FetchPolicy(per_host_interval=0, concurrency=2)) as fetcher:
            tracemalloc.start()
            source = open_source(server.base, "ckan", fetcher, page_size=20)
            entries = []
            for entry in source.entries():
                entries.append(entry)
                if len(entries) >= 20:
                    break
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    assert len(entries) == 20 and source.facts["declared_total"] == 10 ** 9
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB for 20 datasets"
    assert len(pages) <= 3, pages  # the first page and at most one window of two pages ahead


def test_a_server_repeating_the_same_page_is_read_once_more_then_paging_stops():
    route, pages = _endless_ckan(5000, repeat=True)
    with LocalServer({"/api/3/action/package_search": route}) as server:
        result = run_cli("portal", "--source", server.base, "--type", "ckan", "--format", "json", "--as-of", AS_OF,
                         "--concurrency", "1")
    doc = json.loads(result.stdout)
    assert result.exit_code in (0, 1) and len(pages) == 2, f"{len(pages)} pages read"
    assert doc["portal"]["datasets"] == 1000 and "already sent" in doc["portal"]["truncated"]


def _broken_workbooks(tmp_path: Path) -> dict[str, bytes]:
    """An XLSX and an ODS cut in half mid-member: downloads no reader can finish."""
    cut = {}
    for name, member in (("bomb.xlsx", "xl/worksheets/sheet1.xml"), ("noise.ods", "content.xml")):
        path = tmp_path / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            if name.endswith(".ods"):
                z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            z.writestr(member, "<worksheet>" + "".join(f"<row>{i}</row>" for i in range(50000)) + "</worksheet>")
        whole = path.read_bytes()
        cut[name] = whole[: len(whole) // 2]
    return {**cut, "good.csv": "区,人口\n海淀,100\n".encode()}


def test_hostile_downloads_are_their_datasets_findings_and_the_rest_is_audited(tmp_path):
    bodies = _broken_workbooks(tmp_path)
    holder: dict = {}

    def search(method, query):
        base = holder["base"]
        pkgs = [ckan_package(i, base, resources=[{"id": f"r{i}", "name": name, "format": name.rsplit(".", 1)[1].upper(),
                                                   "url": f"{base}/files/{name}"}])
                for i, name in enumerate(bodies)]
        return ok_json({"success": True, "result": {"count": len(pkgs), "results": pkgs}})

    def serve(name):
        return lambda method, query: (200, {"Content-Type": "application/octet-stream"}, bodies[name])

    routes = {"/api/3/action/package_search": search, **{f"/files/{n}": serve(n) for n in bodies}}
    with LocalServer(routes) as server:
        holder["base"] = server.base
        result = run_cli("portal", "--source", server.base, "--type", "ckan", "--download", "--format", "json",
                         "--as-of", AS_OF)
    assert result.exit_code == 1, result.stderr
    doc = json.loads(result.stdout)
    by_file = {name: d for d in doc["datasets"] for name in bodies if d["source"].endswith(f"{name}>")}
    for name in ("bomb.xlsx", "noise.ods"):
        assert "MR001" in {f["code"] for f in by_file[name]["findings"]} and not by_file[name]["errors"], name
    assert by_file["good.csv"]["tables"][0]["rows"] == 1, "the other dataset is still audited"
    assert doc["portal"]["reachable"] and doc["scorecard"]["download"]["data_files"] == 3


def test_the_cache_index_keeps_no_personal_value(tmp_path):
    def data(method, query):
        return 200, {"Content-Type": "text/csv"}, b"a\n1\n"

    cache = tmp_path / "cache"
    with LocalServer({f"/files/{MOBILE}.csv": data, "/list": data}) as server:
        with Fetcher(FetchPolicy(cache_dir=str(cache), per_host_interval=0)) as fetcher:
            assert fetcher.get(f"{server.base}/files/{MOBILE}.csv").ok
            assert fetcher.get(f"{server.base}/list?phone={MOBILE}&name=张三").ok
            again = fetcher.get(f"{server.base}/list?phone={MOBILE}&name=张三")
    assert again.from_cache and again.url.endswith("name=张三")  # the caller still knows what it asked for
    index = "".join(p.read_text("utf-8") for p in cache.rglob("*.json"))
    assert index.count('"url"') == 2 and "sha256:" in index
    assert MOBILE not in index and "张三" not in index


def test_rich_markup_in_a_dataset_title_is_shown_as_text(tmp_path):
    catalogue = tmp_path / "目录.csv"
    catalogue.write_text("数据集名称,所属部门,格式类型,下载次数\n[bold red]名单[/],[link=http://x]市统计局[/link],csv,5\n"
                         "[/],市交通委 [/],csv,3\n", encoding="utf-8")
    result = run_cli("portal", "--source", catalogue, "--as-of", AS_OF, "--no-color")
    assert result.exit_code in (0, 1), result.output
    assert "[bold red]名单[/] (5)" in result.stdout and "[link=http://x]市统计局[/link]" in result.stdout
