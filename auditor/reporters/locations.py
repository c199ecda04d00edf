"""Where a finding is, said the way each CI format needs it.

A dataset's source names a file, an archive member (`data.zip!/a.csv`) or a
catalogue entry (`目录.xlsx#12`). Code hosts can only point into the outer file,
and only CSV rows are lines of that file (a row is the record number, header =
1, so it equals the line unless a quoted field spans lines).
"""
from __future__ import annotations

from ..i18n import t
from ..model import DatasetResult, Finding

LINE_FORMATS = frozenset({"csv"})
INNER_MARKERS = ("!/", "#")
ROWS_SHOWN = 5


def source_file(source: str) -> str:
    """The file on disk that holds the dataset (the archive or catalogue for inner datasets)."""
    cut = min((source.find(m) for m in INNER_MARKERS if m in source), default=len(source))
    return source[:cut]


def line_of(dataset: DatasetResult, finding: Finding) -> int | None:
    """The line in the source file, when the dataset is a whole CSV file and the finding has a row."""
    if dataset.format not in LINE_FORMATS or source_file(dataset.source) != dataset.source:
        return None
    row = finding.location.row or (finding.rows[0] if finding.rows else None)
    return row if row and row > 0 else None


def describe_location(finding: Finding, lang: str) -> str:
    """`table · column X · rows 2, 3, 4…` for people."""
    loc = finding.location
    parts = []
    if loc.table:
        parts.append(loc.table)
    if loc.column is not None:
        parts.append(f"{t('column', lang)} {loc.column or '(blank)'}")
    if loc.row:
        parts.append(f"{t('row', lang)} {loc.row}")
    elif finding.rows:
        more = "…" if len(finding.rows) > ROWS_SHOWN else ""
        parts.append(f"{t('row', lang)} " + ", ".join(str(r) for r in finding.rows[:ROWS_SHOWN]) + more)
    return " · ".join(parts)
