"""`audit fix`: repair print-style tables into a clean data package, and prove it by re-auditing.

source (the loaders, through one adapter) → layout (header, row kinds, merges) →
planner (column kinds, units, empty columns) → writer (value repairs, masking,
CSV) → package (datapackage.json, CHANGES.md, changes.json) → run (before and
after audits). One module per repair family: missing, numbers, isodates, masking.
"""
from .run import FixOptions, FixResult, dimension_means, fix_paths

__all__ = ["FixOptions", "FixResult", "fix_paths", "dimension_means"]
