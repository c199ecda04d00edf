"""The JSON report (DESIGN §4), validated in tests against `audit schema report`.

Datasets are serialised one at a time and spliced into the document, so a portal
report of thousands of datasets never holds all of their dicts at once. The text
is exactly what `json.dumps(report.as_dict(), indent=2)` would give.
"""
from __future__ import annotations

import json

from ..model import Report

_SLOT = "\x00datasets\x00"


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def render_json(report: Report, **_kwargs) -> str:
    head = report.as_dict(with_datasets=False)
    if not report.datasets:
        return _dumps(head) + "\n"
    return "".join(json_chunks(report, head))


def json_chunks(report: Report, head: dict | None = None):
    """The JSON report in pieces, one dataset per piece, for writing without holding it whole."""
    head = head or report.as_dict(with_datasets=False)
    if not report.datasets:
        yield _dumps(head) + "\n"
        return
    head["datasets"] = _SLOT
    before, after = _dumps(head).split(_dumps(_SLOT), 1)
    yield before + "[\n"
    records = report.datasets.records() if hasattr(report.datasets, "records") else (
        d.as_dict() for d in report.datasets)
    for i, record in enumerate(records):
        yield (",\n" if i else "") + "    " + _dumps(record).replace("\n", "\n    ")
    yield "\n  ]" + after + "\n"
