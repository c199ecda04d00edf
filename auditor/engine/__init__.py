"""The engine: one streaming pass per table through every enabled rule and analysis.

Per dataset: load (by content) → per table: find the header, stream column batches
through the analyses the rules require (TableStats always) and the rules' `columns`
hooks → each rule's `end` with the analyses' results → dataset hooks → stamp, redact
and score. A rule or analysis that raises is isolated: it becomes a ToolError (exit 3)
and the other rules and files go on.

    context.py    Target, RunContext (what one run audits, and how)
    expansion.py  archives to members, catalogues to entries (audit_target)
    streaming.py  one dataset's pass: tables, batches, analyses, hooks (audit_loaded)
    stamping.py   raw findings to stamped, redacted Findings; tool errors
    results.py    the DatasetResult: tables, scores, status, contributions
"""
from .context import RunContext, Target
from .expansion import audit_target
from .streaming import audit_loaded

__all__ = ["RunContext", "Target", "audit_target", "audit_loaded"]
