"""Which findings block the merge: the same threshold the exit code uses."""
from __future__ import annotations

from ..model import STATUS_FAIL, DatasetResult, Finding, Report, Severity


def fail_threshold(report: Report) -> Severity | None:
    """The lowest severity that fails a dataset; None for --fail-on never (error when unknown)."""
    if report.fail_on == "never":
        return None
    return Severity.parse(report.fail_on) if report.fail_on else Severity.ERROR


def blocks(finding: Finding, report: Report) -> bool:
    threshold = fail_threshold(report)
    return threshold is not None and finding.severity >= threshold


def failed_on_score(dataset: DatasetResult, report: Report) -> bool:
    """A failed dataset with no blocking finding failed the profile's min_score."""
    return dataset.status == STATUS_FAIL and not any(blocks(f, report) for f in dataset.findings)
