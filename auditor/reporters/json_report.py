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
    head["datasets"] = _SLOT
    items = ",\n".join("    " + _dumps(d.as_dict()).replace("\n", "\n    ") for d in report.datasets)
    return _dumps(head).replace(_dumps(_SLOT), "[\n" + items + "\n  ]", 1) + "\n"
