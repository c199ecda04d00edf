"""The canonical report model: frozen value objects every renderer reads.

Rules never build these directly; the engine stamps code, pack and effective
severity onto what a rule reports (yamllint's habit), so a rule cannot get its
own identity or severity wrong.
"""
from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[str(text).strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Location:
    """Where a finding is. `row` is the record number in the source (header = 1)."""

    table: str | None = None
    column: str | None = None
    row: int | None = None

    def as_dict(self) -> dict:
        return {"table": self.table, "column": self.column, "row": self.row}


@dataclass(frozen=True)
class Finding:
    code: str
    rule: str
    pack: str
    severity: Severity
    message: str
    location: Location = Location()
    count: int = 1
    examples: tuple[str, ...] = ()
    rows: tuple[int, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def dimension(self) -> str:
        return self.pack

    def fingerprint(self, source: str) -> str:
        """Identity that survives edits (bandit): code, source, table, column; never rows or message."""
        key = "\x1f".join(("v1", self.code, source, self.location.table or "", self.location.column or ""))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "rule": self.rule,
            "pack": self.pack,
            "severity": self.severity.label,
            "message": self.message,
            "location": self.location.as_dict(),
            "count": self.count,
            "rows": list(self.rows),
            "examples": list(self.examples),
            "data": self.data,
        }


@dataclass(frozen=True)
class ToolError:
    """The tool itself failed on something (a crashed rule or plugin): exit code 3."""

    source: str
    message: str
    where: str = ""

    def as_dict(self) -> dict:
        return {"source": self.source, "where": self.where, "message": self.message}


@dataclass(frozen=True)
class TableInfo:
    name: str
    rows: int
    columns: tuple[str, ...]
    header_row: int | None = None
    completeness: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "rows": self.rows,
            "columns": list(self.columns),
            "header_row": self.header_row,
            "missing_share": self.completeness,
        }


STATUS_PASS, STATUS_FAIL, STATUS_ERROR = "pass", "fail", "error"


@dataclass(frozen=True)
class DatasetResult:
    source: str
    format: str | None
    encoding: str | None
    status: str
    metadata: dict[str, Any]
    tables: tuple[TableInfo, ...]
    scores: dict[str, float]
    findings: tuple[Finding, ...]
    errors: tuple[ToolError, ...] = ()
    timeliness: dict[str, Any] = field(default_factory=dict)
    openness_stars: int | None = None  # ckanext-qa's 0-5 rating of the format (best distribution for a catalogue entry)

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity.label] += 1
        return out

    @classmethod
    def from_dict(cls, d: dict) -> DatasetResult:
        """The result back from its `as_dict()` (a spool line): the report written from it is the same."""
        return cls(
            source=d["source"], format=d["format"], encoding=d["encoding"], status=d["status"],
            metadata=d["metadata"], scores=d["scores"], timeliness=d["timeliness"],
            openness_stars=d["openness_stars"],
            tables=tuple(TableInfo(name=t["name"], rows=t["rows"], columns=tuple(t["columns"]),
                                   header_row=t["header_row"], completeness=t["missing_share"]) for t in d["tables"]),
            findings=tuple(Finding(code=f["code"], rule=f["rule"], pack=f["pack"],
                                   severity=Severity.parse(f["severity"]), message=f["message"],
                                   location=Location(**f["location"]), count=f["count"],
                                   examples=tuple(f["examples"]), rows=tuple(f["rows"]), data=f["data"])
                           for f in d["findings"]),
            errors=tuple(ToolError(**e) for e in d["errors"]),
        )

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "format": self.format,
            "openness_stars": self.openness_stars,
            "encoding": self.encoding,
            "status": self.status,
            "metadata": self.metadata,
            "timeliness": self.timeliness,
            "tables": [t.as_dict() for t in self.tables],
            "scores": self.scores,
            "findings": [f.as_dict() for f in self.findings],
            "errors": [e.as_dict() for e in self.errors],
        }


@dataclass(frozen=True)
class Report:
    tool_version: str
    profile: str
    as_of: str
    generated_at: str
    datasets: tuple[DatasetResult, ...]
    errors: tuple[ToolError, ...] = ()
    lang: str = "en"
    rules_run: tuple[str, ...] = ()  # codes of the active rules, so CI formats can list passing checks
    fail_on: str | None = None  # "error" | "warning" | "info" | "never"; None when unknown
    baseline: dict[str, Any] | None = None  # set when --baseline filtered the findings

    @property
    def tool_failed(self) -> bool:
        spooled = getattr(self.datasets, "tool_errors", None)  # datasets on disk (a portal spool) count as they come
        if spooled is not None:
            return bool(self.errors) or spooled > 0
        return bool(self.errors) or any(d.errors for d in self.datasets)

    def summary(self) -> dict:
        spooled = getattr(self.datasets, "summary", None)
        if callable(spooled):
            return spooled()
        totals = {"error": 0, "warning": 0, "info": 0}
        for d in self.datasets:
            for k, v in d.counts().items():
                totals[k] += v
        return {
            "datasets": len(self.datasets),
            "passed": sum(d.status == STATUS_PASS for d in self.datasets),
            "failed": sum(d.status == STATUS_FAIL for d in self.datasets),
            "errored": sum(d.status == STATUS_ERROR for d in self.datasets),
            "findings": totals,
        }

    def as_dict(self, with_datasets: bool = True) -> dict:
        """The report as JSON-ready data; `with_datasets=False` leaves the datasets list
        empty so a renderer can write the datasets one at a time."""
        return {
            "report_version": "1",
            "tool": {"name": "open-data-auditor", "version": self.tool_version},
            "profile": self.profile,
            "as_of": self.as_of,
            "generated_at": self.generated_at,
            "lang": self.lang,
            "summary": self.summary(),
            "datasets": [d.as_dict() for d in self.datasets] if with_datasets else [],
            "errors": [e.as_dict() for e in self.errors],
            "rules_run": list(self.rules_run),
            "fail_on": self.fail_on,
            **({"baseline": self.baseline} if self.baseline is not None else {}),
        }


@dataclass(frozen=True)
class PortalReport(Report):
    """A whole-portal audit: the datasets plus the `portal` and `scorecard` blocks (DESIGN §4).

    `portal` says what was read and how (source, type, mode, pages, failures);
    `scorecard` holds the figures of the seed study's tables and the shares."""

    portal: dict[str, Any] = field(default_factory=dict)
    scorecard: dict[str, Any] = field(default_factory=dict)

    def as_dict(self, with_datasets: bool = True) -> dict:
        return {**super().as_dict(with_datasets), "portal": self.portal, "scorecard": self.scorecard}
