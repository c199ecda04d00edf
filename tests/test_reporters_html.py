"""The HTML report: self-contained, bilingual, and rendering in a real headless Chromium.

The browser tests need Debian's `chromium` (apt-get install chromium) and skip
cleanly without it. Chromium's console (JavaScript errors, and Content-Security-
Policy violations if the page ever tried to fetch something) is read from its
log on stderr. Screenshots of the file and the portal report at desktop (1400 px) and
phone (390 px) width are saved in the test's tmp_path, or in $AUDIT_SCREENSHOTS when set
(they need a CJK font: apt-get install fonts-wqy-zenhei or fonts-noto-cjk).
"""
from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import AS_OF, run_cli, write_file
from reporting_fixtures import fixed_report, portal_report

from auditor.reporters import render
from auditor.reporters.scorecard_view import findings_by_rule

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")


def _has_cjk_font() -> bool:
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return False
    return bool(subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True).stdout.strip())


needs_cjk_font = pytest.mark.skipif(not _has_cjk_font(), reason="no CJK font (apt-get install fonts-wqy-zenhei)")


def chromium(tmp_path: Path, page: Path, *args: str, fragment: str = "") -> subprocess.CompletedProcess:
    profile = tmp_path / f"chromium-profile-{len(list(tmp_path.glob('chromium-profile-*')))}"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri() + fragment],
        capture_output=True, text=True, timeout=120,
    )


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


class Rows(HTMLParser):
    """The finding rows and dataset sections of a dumped DOM, with their hidden state."""

    def __init__(self):
        super().__init__()
        self.rows: list[dict] = []
        self.sections: list[dict] = []
        self.root: dict = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.root = a
        elif tag == "tr" and a.get("class") == "finding":
            self.rows.append(a)
        elif tag == "section" and a.get("class") == "dataset":
            self.sections.append(a)


def dom(tmp_path: Path, page: Path, fragment: str = "") -> tuple[Rows, str]:
    run = chromium(tmp_path, page, "--dump-dom", fragment=fragment)
    assert run.returncode == 0, run.stderr[-2000:]
    assert console_messages(run.stderr) == []
    parsed = Rows()
    parsed.feed(run.stdout)
    return parsed, run.stdout


VARIANTS = {
    "en": lambda: fixed_report("en"),
    "zh": lambda: fixed_report("zh"),
    "portal-zh": lambda: portal_report("zh"),
}


@needs_chromium
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_html_renders_in_chromium_without_console_errors(tmp_path, variant):
    page = tmp_path / f"report-{variant}.html"
    page.write_text(render(VARIANTS[variant](), "html"), encoding="utf-8")
    shot = tmp_path / f"report-{variant}.png"
    run = chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=1280,2200", "--hide-scrollbars")
    assert run.returncode == 0, run.stderr[-2000:]
    assert console_messages(run.stderr) == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    parsed, text = dom(tmp_path, page)
    if not variant.startswith("portal"):  # a portal page groups findings by rule: it has no filter form
        assert parsed.root.get("data-filtered") == "1"  # the filter script ran to its end
    report = VARIANTS[variant]()
    expected = len(findings_by_rule(report.datasets)) if variant.startswith("portal") else 6  # a row per rule
    assert len(parsed.rows) == expected and not any("hidden" in r for r in parsed.rows)


@needs_chromium
def test_html_filters_by_pack_and_severity_from_the_url_fragment(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render(fixed_report(), "html"), encoding="utf-8")
    parsed, text = dom(tmp_path, page, fragment="#pack=sensitive&severity=error")
    visible = [r for r in parsed.rows if "hidden" not in r]
    assert [(r["data-pack"], r["data-severity"]) for r in visible] == [("sensitive", "error")]
    assert "1 of 6 findings shown" in text
    shown_sections = [s["id"] for s in parsed.sections if "hidden" not in s]
    assert shown_sections == ["dataset-0"]  # datasets with nothing left to show fold away
    parsed, text = dom(tmp_path, page, fragment="#pack=no-such-pack&severity=warning,info")  # unknown pack: all
    assert sorted(r["data-severity"] for r in parsed.rows if "hidden" not in r) == [
        "info",
        "info",
        "warning",
        "warning",
    ]


@needs_chromium
def test_html_of_a_real_run_renders(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_file(tmp_path, "data/人口.csv", "区,人口\n海淀,100\n朝阳,200,多余\n朝阳,/\n")
    result = run_cli("check", "data", "--as-of", AS_OF, "--lang", "zh", "-o", "audit.html")
    assert result.exit_code == 1
    parsed, text = dom(tmp_path, tmp_path / "audit.html")
    assert parsed.root.get("lang") == "zh-CN"
    assert {r["data-pack"] for r in parsed.rows} >= {"machine_readability", "completeness"}


def test_html_is_self_contained():
    text = render(portal_report(), "html")
    assert 'http-equiv="Content-Security-Policy" content="default-src \'none\';' in text
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", text))
    assert urls == {"http://www.w3.org/2000/svg"}  # the SVG namespace name, never fetched
    assert not re.search(r"<(link|img|iframe|object|embed)\b", text)
    assert not re.search(r"\b(src|href)=", text)


def test_html_shows_the_portal_scorecard_as_the_seed_tables_with_translated_labels():
    text = render(portal_report("en"), "html")
    assert "<h3>Table 1 · Overview</h3>" in text and "<h3>Table 7 · Departments</h3>" in text
    assert "<th>2021 survey</th><th>now</th>" in text
    assert "<td>datasets</td><td>9,404</td><td>4,432</td>" in text
    assert "<td>latest update</td><td>2021-02-20</td><td>—</td>" in text  # the trimmed card has no updates
    assert "<td>machine-readable distributions</td><td>83.0%</td>" in text
    assert "<td>市统计局</td><td>120</td><td>81.5</td><td>42.0%</td>" in text
    assert 'aria-label="Table 5 · Formats (datasets offering each)"' in text
    assert "<h2>Findings by rule</h2>" in text and '<section class="dataset"' not in text
    zh = render(portal_report("zh"), "html")
    assert "<h3>表1 · 概况</h3>" in zh and "<th>2021年调查</th><th>现在</th>" in zh


def test_html_speaks_the_report_language():
    zh = render(fixed_report("zh"), "html")
    assert '<html lang="zh-CN">' in zh and "开放数据审计报告" in zh and "问题清单" in zh and "未通过" in zh
    en = render(fixed_report("en"), "html")
    assert '<html lang="en">' in en and "Open data audit report" in en and "开放数据审计报告" not in en


def test_html_of_a_portal_sized_report_shows_the_spread_and_the_weakest():
    base = fixed_report()
    census = base.datasets[0]
    many = tuple(
        replace(census, source=f"catalogue.xlsx#{i}", scores={**census.scores, "overall": float(i % 100)})
        for i in range(250)
    )
    text = render(replace(base, datasets=many), "html")
    assert 'aria-label="Datasets by overall score"' in text and "The 40 lowest scores" in text
    overall = re.search(r'aria-label="Scores per dataset".*?</svg>', text, re.S).group(0)
    assert overall.count("<rect") == 2 * 40  # a track and a bar for each of the 40 lowest
    assert text.count('<svg class="chart"') == 3  # bands, lowest, stars: no per-dataset charts at this size
    assert text.count('<section class="dataset"') == 250  # every dataset is still listed


SCREENS = {"file": lambda: fixed_report("zh"), "portal": lambda: portal_report("zh")}


def _overflow(tmp_path: Path, page: Path, width: int) -> tuple[int, int]:
    """(scroll width, client width) of the page laid out `width` px wide, measured from a frame around it."""
    frame = tmp_path / f"frame-{page.stem}.html"
    frame.write_text(
        f'<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="{page.name}" '
        f'style="width:{width}px;height:900px;border:0"></iframe><script>document.getElementById("f").onload='
        'function(){var d=this.contentDocument.documentElement;'
        'document.body.setAttribute("data-widths",d.scrollWidth+","+d.clientWidth);};</script></body></html>',
        encoding="utf-8",
    )
    run = chromium(tmp_path, frame, "--allow-file-access-from-files", "--dump-dom")
    assert run.returncode == 0, run.stderr[-2000:]
    found = re.search(r'data-widths="(\d+),(\d+)"', run.stdout)
    assert found, "the frame could not measure the page"
    return int(found.group(1)), int(found.group(2))


@needs_chromium
@needs_cjk_font
@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("kind", sorted(SCREENS))
def test_screenshots_at_desktop_and_phone_width(tmp_path, kind, width):
    folder = Path(os.environ.get("AUDIT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page = tmp_path / f"{kind}.html"
    page.write_text(render(SCREENS[kind](), "html"), encoding="utf-8")
    shot = folder / f"{kind}-{width}.png"
    run = chromium(tmp_path, page, f"--screenshot={shot}", f"--window-size={width},3000", "--hide-scrollbars")
    assert run.returncode == 0, run.stderr[-2000:]
    assert console_messages(run.stderr) == []
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (width, 3000)
    assert len(png) > 40_000  # a page of text and charts, not a blank one
    scroll, client = _overflow(tmp_path, page, width)
    assert scroll <= client, f"{kind} at {width} px is {scroll} px wide: something overflows"
