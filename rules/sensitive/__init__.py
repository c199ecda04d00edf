"""Placeholder pack, filled in by its own module set."""
from auditor.rule import RulePack

PACK = RulePack(id="sensitive", prefix="SF", dimension="sensitive", title={"en": "sensitive", "zh": "sensitive"}, rules=())
