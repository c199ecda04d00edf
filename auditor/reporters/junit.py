"""JUnit XML for CI servers (GitLab, Jenkins, Azure): a suite per dataset, a case per rule.

A case fails when its rule found something at or above --fail-on, so the
CI's test view agrees with the exit code; findings below the threshold are
listed in the case's system-out and the case passes. A dataset that failed only
the profile's min_score gets a failing `score` case; tool errors become
`<error>` elements. Valid against the common JUnit XSD (Jenkins xunit's
junit-10.xsd, also used by pytest's own tests).
"""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from ..model import DatasetResult, Finding, Report
from .labels import label
from .locations import describe_location
from .rulebook import codes_run, rule_name
from .verdict import blocks, failed_on_score

# Characters XML 1.0 cannot carry at all; a message quoting a control byte must not break the file.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text) -> str:
    return _NOT_XML.sub("\ufffd", str(text))


def _finding_line(f: Finding, lang: str) -> str:
    where = describe_location(f, lang)
    examples = f"  e.g. {', '.join(f.examples[:3])}" if f.examples else ""
    return _x(f"[{f.severity.label}] {f.message}" + (f" ({where})" if where else "") + f" ×{f.count}{examples}")


def _rule_case(suite: ET.Element, d: DatasetResult, code: str, findings: list[Finding], report: Report) -> int:
    """One test case for one rule; returns 1 when it fails."""
    name = findings[0].rule if findings else rule_name(code, code)
    case = ET.SubElement(suite, "testcase", name=_x(f"{code} {name}"), classname=_x(d.source))
    blocking = [f for f in findings if blocks(f, report)]
    if blocking:
        first = blocking[0]
        extra = f" (+{len(blocking) - 1} more)" if len(blocking) > 1 else ""
        failure = ET.SubElement(case, "failure", type=_x(first.severity.label), message=_x(first.message + extra))
        failure.text = "\n".join(_finding_line(f, report.lang) for f in blocking)
    quiet = [f for f in findings if not blocks(f, report)]
    if quiet:
        ET.SubElement(case, "system-out").text = "\n".join(_finding_line(f, report.lang) for f in quiet)
    return 1 if blocking else 0


def _suite(d: DatasetResult, report: Report, codes_ran: list[str]) -> tuple[ET.Element, tuple[int, int, int]]:
    suite = ET.Element(
        "testsuite",
        name=_x(d.source),
        tests="0",
        failures="0",
        errors="0",
        skipped="0",
        timestamp=_x(report.generated_at),
    )
    props = ET.SubElement(suite, "properties")
    facts = {
        "status": d.status,
        "format": d.format,
        "encoding": d.encoding,
        "openness_stars": getattr(d, "openness_stars", None),
        **{f"score.{k}": v for k, v in d.scores.items()},
    }
    for key, value in facts.items():
        if value is not None:
            ET.SubElement(props, "property", name=key, value=_x(value))
    by_code: dict[str, list[Finding]] = {}
    for f in d.findings:
        by_code.setdefault(f.code, []).append(f)
    codes = sorted(set(codes_ran) | set(by_code))
    tests = len(codes)
    failures = sum(_rule_case(suite, d, code, by_code.get(code, []), report) for code in codes)
    if failed_on_score(d, report):
        tests += 1
        failures += 1
        case = ET.SubElement(suite, "testcase", name="score overall", classname=_x(d.source))
        msg = label("min_score", report.lang, score=d.scores.get("overall"))
        ET.SubElement(case, "failure", type="min_score", message=_x(msg)).text = _x(msg)
    errors = 0
    if d.errors or d.status == "error":
        tests += 1
        errors = 1
        case = ET.SubElement(suite, "testcase", name="audit", classname=_x(d.source))
        detail = "\n".join(f"{e.where}: {e.message}" for e in d.errors) or d.status
        ET.SubElement(case, "error", type="tool_error", message=_x(detail.splitlines()[0])).text = _x(detail)
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    return suite, (tests, failures, errors)


def _tool_suite(report: Report) -> tuple[ET.Element, tuple[int, int, int]]:
    """Errors of the run itself (a plugin that failed to load) as their own suite."""
    suite = ET.Element(
        "testsuite",
        name="open-data-auditor",
        tests=str(len(report.errors)),
        failures="0",
        errors=str(len(report.errors)),
        skipped="0",
        timestamp=_x(report.generated_at),
    )
    for e in report.errors:
        case = ET.SubElement(suite, "testcase", name=_x(e.where or "run"), classname=_x(e.source))
        ET.SubElement(case, "error", type="tool_error", message=_x(e.message)).text = _x(e.message)
    return suite, (len(report.errors), 0, len(report.errors))


def _suites(report: Report) -> Iterator[tuple[ET.Element, tuple[int, int, int]]]:
    codes = codes_run(report)
    for d in report.datasets:
        yield _suite(d, report, codes)
    if report.errors:
        yield _tool_suite(report)


def render_junit(report: Report, **_kwargs) -> str:
    return "".join(junit_chunks(report))


def junit_chunks(report: Report, **_kwargs) -> Iterator[str]:
    """The document in pieces. The root carries the totals, known only after the last suite, so the suites
    are serialised one at a time to a temporary file (memory stays flat) and copied out after the root's
    opening tag; each is indented as `ET.indent` indents the whole tree, so the bytes are the same."""
    root = ET.Element("testsuites", name="open-data-auditor", tests="0", failures="0", errors="0")
    totals, suites = [0, 0, 0], 0
    with tempfile.TemporaryFile("w+", encoding="utf-8") as body:
        for suite, counts in _suites(report):
            ET.indent(suite, level=1)
            body.write("\n  " + ET.tostring(suite, encoding="unicode"))
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
            suites += 1
        for key, total in zip(("tests", "failures", "errors"), totals, strict=True):
            root.set(key, str(total))
        empty = ET.tostring(root, encoding="unicode")  # <testsuites ... />
        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        if not suites:
            yield empty + "\n"
            return
        yield empty.removesuffix(" />") + ">"
        body.seek(0)
        while chunk := body.read(1 << 16):
            yield chunk
    yield "\n</testsuites>\n"
