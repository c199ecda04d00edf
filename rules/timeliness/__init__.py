"""Placeholder pack, filled in by its own module set."""
from auditor.rule import RulePack

PACK = RulePack(id="timeliness", prefix="TM", dimension="timeliness", title={"en": "timeliness", "zh": "timeliness"}, rules=())
