"""The JSON report (DESIGN §4), validated in tests against `audit schema report`.

Datasets are serialised one at a time and spliced into the document, so a portal
report of thousands of datasets never holds all of their dicts at once. The text
is exactly what `json.dumps(report.as_dict(), indent=2)` would give.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..model import Report
from .json_stream import Slots, dump_streaming


def render_json(report: Report, **_kwargs) -> str:
    return "".join(json_chunks(report))


def json_chunks(report: Report, **_kwargs) -> Iterator[str]:
    """The JSON report in pieces, one dataset per piece, for writing without holding it whole."""
    slots = Slots()
    head = report.as_dict(with_datasets=False)
    head["datasets"] = slots.mark("datasets")
    records = report.datasets.records() if hasattr(report.datasets, "records") else (
        d.as_dict() for d in report.datasets)
    yield from dump_streaming(head, slots, {"datasets": records})
    yield "\n"
