"""From what a rule says (RawFinding) to a Finding: code, pack, severity, message, redaction."""
from __future__ import annotations

import traceback

from .. import redact
from ..i18n import localised
from ..model import Finding, Location, ToolError
from ..profile import ActiveRule
from ..rule import RawFinding, Rule
from .context import RunContext


class Collector:
    """Receives RawFindings from rule instances and remembers which rule and table."""

    def __init__(self):
        self.items: list[tuple[ActiveRule, RawFinding]] = []
        self.table: str | None = None

    def sink_for(self, active: ActiveRule):
        def sink(raw: RawFinding):
            if raw.table is None:
                raw.table = self.table
            self.items.append((active, raw))
        return sink


def message(cls: type[Rule], raw: RawFinding, lang: str) -> str:
    templates = cls.messages.get(raw.key) or cls.messages.get("default") or {}
    template = templates.get(lang) or templates.get("en") or cls.title.get(lang) or cls.name
    # A value quoted from a column whose header names personal data is never shown (DESIGN §6).
    params = {k: localised(v, lang) for k, v in raw.params.items()}  # reasons given as Text, in the report's language
    params = {k: redact.scrub(v, column=raw.column) if isinstance(v, str) else v for k, v in params.items()}
    try:
        text = template.format(**{"count": raw.count, "column": raw.column, "table": raw.table, **params})
    except (KeyError, IndexError, ValueError):
        text = template
    return redact.scrub(text)


def stamp(active: ActiveRule, raw: RawFinding, ctx: RunContext) -> Finding:
    cls = active.cls
    severity = active.severity if (active.severity_configured or raw.severity is None) else raw.severity
    examples: tuple[str, ...] = ()
    if ctx.examples:
        examples = tuple(
            redact.redact(e) if raw.sensitive else redact.scrub(e, column=raw.column) for e in raw.examples[:5]
        )
    return Finding(
        code=cls.code,
        rule=cls.name,
        pack=cls.pack,
        severity=severity,
        message=message(cls, raw, ctx.lang),
        location=Location(table=redact.scrub(raw.table) if raw.table else None,
                          column=redact.scrub(raw.column) if raw.column else None, row=raw.row),
        count=raw.count,
        examples=examples,
        rows=raw.rows[:10],
        data=raw.data,
    )


def tool_error(ctx: RunContext, source: str, where: str, exc: BaseException) -> ToolError:
    text = redact.scrub(f"{type(exc).__name__}: {exc}")
    if ctx.debug:
        text += "\n" + redact.scrub("".join(traceback.format_exception(exc)))
    return ToolError(source=source, where=where, message=text)
