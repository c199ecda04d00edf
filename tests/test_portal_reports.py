"""What reviewers meet in portal reports (issue 15, item 7; issue 13, item 6).

HTML and Markdown name every figure with a translated label (never an internal key such
as `records_known_for` or `reference_2021`), show the seed's tables next to the 2021 figures,
group findings by rule with the datasets named by title, and stay small; the terminal
scorecard reads at 80 and 120 columns; the JSON written in chunks from the spool is the
same text as the whole report serialised at once.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from html.parser import HTMLParser

import pytest
from conftest import AS_OF, run_cli

from auditor.api import PortalOptions, audit_portal
from auditor.portal.spool import DatasetSpool, Spool, result_from_record
from auditor.reporters import render, render_chunks

BEIJING = "beijing-opendata/目录清单.xlsx"
INTERNAL = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # snake_case: a report key, not a word


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def raw_keys(text: str) -> set[str]:
    # Rule names are kebab-case (required-metadata); option flags (--download) are words too.
    return set(INTERNAL.findall(text))


def demo_report(lang: str = "en"):
    return audit_portal(PortalOptions(city="demo", as_of=dt.date(2026, 11, 28), lang=lang))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_portal_html_and_markdown_use_translated_labels_only(lang):
    report = demo_report(lang)
    html = render(report, "html")
    markdown = render(report, "markdown")
    for text in (visible(html), markdown):
        assert raw_keys(text) == set(), sorted(raw_keys(text))[:10]
        assert "reference_2021" not in text and "records_known_for" not in text and "overview · " not in text
    seed = ("表1 · 概况", "表3 · 更新", "表5 · 数据格式", "表7 · 部门", "2021年调查") if lang == "zh" else (
        "Table 1 · Overview", "Table 3 · Updates", "Table 5 · Formats", "Table 7 · Departments", "2021 survey")
    for heading in seed:
        assert heading in html and heading in markdown, heading
    assert "区县常住人口" in html and "区县常住人口" in markdown, "datasets are named by their title"
    assert "#1</" not in html and "数据目录.csv#" not in visible(html), "not by the catalogue path and row"


def test_portal_html_links_datasets_to_their_page(tmp_path):
    catalogue = tmp_path / "目录.csv"
    catalogue.write_text("数据集名称,所属部门,格式类型,文章访问路径\n名单,市统计局,pdf,https://data.example.gov/d/1\n",
                         encoding="utf-8")
    result = run_cli("portal", "--source", catalogue, "--as-of", AS_OF, "--format", "html")
    assert '<a href="https://data.example.gov/d/1" rel="noopener noreferrer">名单</a>' in result.stdout
    md = run_cli("portal", "--source", catalogue, "--as-of", AS_OF, "--format", "markdown").stdout
    assert "[名单](https://data.example.gov/d/1)" in md


def test_beijing_html_is_small_and_groups_findings_by_rule(corpus, tmp_path):
    out = tmp_path / "beijing.html"
    result = run_cli("portal", "--city", "beijing", "--source", corpus / BEIJING, "--as-of", AS_OF, "-o", out)
    assert result.exit_code == 1
    html = out.read_text("utf-8")
    assert len(html.encode()) < 3 * 1024 * 1024, f"{len(html.encode()) / 1e6:.1f} MB"
    text = visible(html)
    assert raw_keys(text) == set(), sorted(raw_keys(text))[:10]
    assert "Findings by rule" in text and "TM009" in text and "re-attributed" in text
    assert re.search(r"<td><b>MR020</b></td><td>[a-z-]+</td>.*?<td class=\"num\">335</td>", html)
    # the export has no frequency, licence or open-condition column: not a finding on each of 4,432 datasets
    assert "<td><b>CP005</b></td>" not in html and "<td><b>TM001</b></td>" not in html


def _widths(text: str) -> list[int]:
    from rich.cells import cell_len

    return [cell_len(line) for line in text.splitlines()]


@pytest.mark.parametrize("width", [80, 120])
def test_terminal_scorecard_reads_at_80_and_120_columns(corpus, width):
    from auditor.reporters.terminal import render_terminal

    options = PortalOptions(city="beijing", source=str(corpus / BEIJING), as_of=dt.date(2026, 11, 28), lang="zh")
    text = render_terminal(audit_portal(options), width=width)
    assert max(_widths(text)) <= width
    for line in ("表1 · 概况", "本目录未发布此项", "TM009"):
        assert line in text, line
    # labels stay whole, on the line of their number (CJK names never split across lines)
    assert re.search(r"数据集\s+9,404\s+4,432", text)
    assert re.search(r"最新更新时间\s+2021-02-03\s+2026-02-11", text)


def test_spooled_json_is_the_same_text_as_the_whole_report_and_results_round_trip():
    report = demo_report()
    assert isinstance(report.datasets, DatasetSpool) and len(report.datasets) == 8
    whole = json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str) + "\n"
    assert "".join(render_chunks(report, "json")) == whole == render(report, "json")
    for record, result in zip(report.datasets.records(), report.datasets, strict=True):
        assert result_from_record(record).as_dict() == record == json.loads(json.dumps(result.as_dict(), default=str))
    assert report.summary() == {"datasets": 8, "passed": 6, "failed": 2, "errored": 0,
                                "findings": {"error": 3, "warning": 6, "info": 3}}


def test_spool_open_append_iterate_merge_close(tmp_path):
    a, b = Spool.open(), Spool.open(str(tmp_path / "b.jsonl"))
    for i in range(3):
        a.append({"i": i})
    b.append({"i": "b"})
    assert [r["i"] for r in a] == [0, 1, 2] and [r["i"] for r in a] == [0, 1, 2]  # iterations repeat
    nested = [(x["i"], y["i"]) for x in a for y in b]
    assert nested == [(0, "b"), (1, "b"), (2, "b")]
    merged = Spool.merge([a, b], str(tmp_path / "m.jsonl"))
    assert [r["i"] for r in merged] == [0, 1, 2, "b"] and len(merged) == 4
    folder = os.path.dirname(a.path)
    a.close()
    assert not os.path.exists(folder), "a temporary spool removes its folder"
    assert (tmp_path / "m.jsonl").read_text().count("\n") == 4
