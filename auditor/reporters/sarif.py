"""SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning and others).

`tool.driver.rules` carries every rule that ran, with its title and help text
from the live registry; each finding is a result located in its file (the CSV
row as `region.startLine`; sheet, table and column as a logical location),
fingerprinted like the baseline (code, source, table, column) so dashboards
track a problem across edits. Sensitive-data rules are tagged `security` with
a `security-severity`, which GitHub uses to rank alerts.
"""
from __future__ import annotations

import inspect
import os
from collections.abc import Iterator
from itertools import chain
from pathlib import PurePosixPath
from urllib.parse import quote

from ..model import DatasetResult, Finding, Report, Severity
from .json_stream import Slots, dump_streaming
from .locations import line_of, source_file
from .rulebook import codes_run, rule_entry

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SECURITY_SEVERITY = {"error": "8.0", "warning": "5.0", "info": "2.0"}
SECURITY_PACKS = {"sensitive"}
FINGERPRINT_KEY = "openDataAuditor/v1"
ROWS_KEPT = 20


def _uri(path: str) -> str:
    """A URI reference: relative paths stay relative to the checkout, with / and percent-encoding."""
    posix = path.replace(os.sep, "/")
    if os.path.isabs(path):
        return PurePosixPath(posix).as_uri() if posix.startswith("/") else "file:///" + quote(posix, safe="/:")
    return quote(posix, safe="/")


def _rule(code: str, sample: Finding | None, lang: str) -> dict:
    entry = rule_entry(code)
    if entry is None:  # a rule from --rules-dir: describe it from what the finding says
        name = sample.rule if sample else code
        level = LEVEL[sample.severity] if sample else "warning"
        return {"id": code, "name": name, "shortDescription": {"text": name},
                "defaultConfiguration": {"level": level},
                "properties": {"tags": [sample.pack] if sample else []}}
    title = entry["title"].get(lang) or entry["title"].get("en") or entry["name"]
    doc = inspect.cleandoc(entry.get("doc") or title)
    pack = entry["pack"]
    props: dict = {"tags": [pack] + (["security"] if pack in SECURITY_PACKS else []),
                   "dimension": entry.get("dimension")}
    if pack in SECURITY_PACKS:
        props["security-severity"] = SECURITY_SEVERITY[entry["severity"]]
    return {
        "id": code,
        "name": entry["name"],
        "shortDescription": {"text": title},
        "fullDescription": {"text": " ".join(doc.split("\n\n")[0].split())},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": LEVEL[Severity.parse(entry["severity"])]},
        "properties": props,
    }


def _location(d: DatasetResult, f: Finding) -> dict:
    physical: dict = {"artifactLocation": {"uri": _uri(source_file(d.source))}}
    line = line_of(d, f)
    if line:
        physical["region"] = {"startLine": line}
    loc: dict = {"physicalLocation": physical}
    inner = d.source[len(source_file(d.source)):]
    names = [n for n in (inner.lstrip("!/#") or None, f.location.table, f.location.column) if n]
    if names:
        loc["logicalLocations"] = [{"name": names[-1], "fullyQualifiedName": " › ".join(names)}]
    return loc


def _result(d: DatasetResult, f: Finding, index: dict[str, int], baselined: bool) -> dict:
    props = {"pack": f.pack, "count": f.count, "dataset": d.source}
    if f.rows:
        props["rows"] = list(f.rows[:ROWS_KEPT])
    if f.examples:
        props["examples"] = list(f.examples)
    result = {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [_location(d, f)],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint(d.source)},
        "properties": props,
    }
    if baselined:  # --baseline left only findings it did not know
        result["baselineState"] = "new"
    return result


def _samples(report: Report, codes: list[str]) -> dict[str, Finding]:
    """The last finding of each code the registry cannot describe (a --rules-dir rule), which describes
    that rule; no pass over the datasets when every code is known."""
    wanted = {code for code in codes if rule_entry(code) is None}
    samples: dict[str, Finding] = {}
    for d in report.datasets if wanted else ():
        samples.update((f.code, f) for f in d.findings if f.code in wanted)
    return samples


def render_sarif(report: Report, **_kwargs) -> str:
    return "".join(sarif_chunks(report))


def sarif_chunks(report: Report, **_kwargs) -> Iterator[str]:
    """The SARIF log in pieces: results, notifications and datasets are streamed from the report's datasets
    (a portal's spool on disk), so the log is never held whole; the bytes are those of one `json.dumps`."""
    codes = codes_run(report)
    samples = _samples(report, codes)
    index = {code: i for i, code in enumerate(codes)}
    baselined = report.baseline is not None
    slots = Slots()
    run = {
        "tool": {"driver": {"name": "open-data-auditor", "version": report.tool_version,
                            "semanticVersion": report.tool_version,
                            "rules": [_rule(code, samples.get(code), report.lang) for code in codes]}},
        "language": "zh-CN" if report.lang == "zh" else "en-US",
        "invocations": [{"executionSuccessful": not report.tool_failed,
                         "toolExecutionNotifications": slots.mark("notifications")}],
        "results": slots.mark("results"),
        "properties": {
            "profile": report.profile, "as_of": report.as_of, "fail_on": report.fail_on,
            "summary": report.summary(),
            "datasets": slots.mark("datasets"),
            **({"baseline": report.baseline} if report.baseline else {}),
        },
    }
    errors = chain(report.errors, (e for d in report.datasets for e in d.errors))
    streams = {
        "notifications": ({"level": "error", "message": {"text": f"{e.source}: {e.where}: {e.message}"}}
                          for e in errors),
        "results": (_result(d, f, index, baselined) for d in report.datasets for f in d.findings),
        "datasets": ({"source": d.source, "format": d.format, "status": d.status, "scores": d.scores}
                     for d in report.datasets),
    }
    doc = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    yield from dump_streaming(doc, slots, streams)
    yield "\n"
