"""Every format whose size grows with the datasets is written in pieces from the spool (issue 13, item 6).

The pieces must join to the very bytes the whole-document renderers wrote: the golden files
(rendered whole, before streaming) for the fixed file report and for the same datasets spooled
as a portal's are; and on a real portal audit (the demo city, datasets on disk), the streamed
SARIF and JUnit are exactly their own document serialised at once.
"""
from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from reporting_fixtures import fixed_report, portal_report

from auditor.api import PortalOptions, audit_portal
from auditor.portal.spool import DatasetSpool
from auditor.reporters import CHUNKED, render, render_chunks, renderer

GOLDEN = Path(__file__).parent / "golden"
FILES = {"sarif": "report.sarif.json", "junit": "report.junit.xml", "github": "report.github.txt"}


def spooled(report):
    """The same report with its datasets on disk, as `audit portal` holds them."""
    spool = DatasetSpool.open()
    for d in report.datasets:
        spool.append_result(d)
    return replace(report, datasets=spool)


@pytest.mark.parametrize("fmt", sorted(FILES))
@pytest.mark.parametrize("make", [fixed_report, lambda: spooled(fixed_report()), lambda: spooled(portal_report())],
                         ids=["file-report", "spooled-file-report", "spooled-portal"])
def test_streamed_pieces_are_the_bytes_of_the_whole_document(make, fmt):
    report = make()
    assert fmt in CHUNKED
    pieces = list(renderer(fmt, pieces=True)(report))
    assert len(pieces) > len(report.datasets), "written piece by piece, not as one string"
    expected = (GOLDEN / FILES[fmt]).read_text(encoding="utf-8")
    assert "".join(pieces) == expected == "".join(render_chunks(report, fmt)) == render(report, fmt)


@pytest.fixture(scope="module")
def demo():
    report = audit_portal(PortalOptions(city="demo", as_of=dt.date(2026, 11, 28)))
    assert isinstance(report.datasets, DatasetSpool) and len(report.datasets) == 8
    return report


def test_a_portal_sarif_streamed_from_its_spool_is_its_document_dumped_at_once(demo):
    text = "".join(render_chunks(demo, "sarif"))
    doc = json.loads(text)
    assert text == json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    (run,) = doc["runs"]
    findings = [f for d in demo.datasets for f in d.findings]
    assert len(run["results"]) == len(findings) == sum(demo.summary()["findings"].values())
    assert [d["source"] for d in run["properties"]["datasets"]] == [d.source for d in demo.datasets]
    assert run["invocations"][0]["toolExecutionNotifications"] == []
    assert {r["ruleId"] for r in run["results"]} <= {r["id"] for r in run["tool"]["driver"]["rules"]}


def test_a_portal_junit_streamed_from_its_spool_is_its_tree_indented_at_once(demo):
    text = "".join(render_chunks(demo, "junit"))
    root = ET.fromstring(text)
    ET.indent(root)
    assert text == '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [d.source for d in demo.datasets]
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites) > 0
    assert int(root.get("failures")) == sum(int(s.get("failures")) for s in suites) > 0


def test_a_report_without_datasets_streams_an_empty_document():
    empty = replace(fixed_report(), datasets=DatasetSpool.open(), rules_run=())
    junit = "".join(render_chunks(empty, "junit"))
    assert junit.endswith('<testsuites name="open-data-auditor" tests="0" failures="0" errors="0" />\n')
    sarif = json.loads("".join(render_chunks(empty, "sarif")))
    assert sarif["runs"][0]["results"] == [] and sarif["runs"][0]["properties"]["datasets"] == []
    assert "".join(render_chunks(empty, "github")).count("\n") == 1  # the verdict notice alone
