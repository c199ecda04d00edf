"""The JSON report (DESIGN §4), validated in tests against `audit schema report`."""
from __future__ import annotations

import json

from ..model import Report


def render_json(report: Report, **_kwargs) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str) + "\n"
