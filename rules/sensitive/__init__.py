"""Sensitive fields (SF): personal data found, masking judged, nothing leaked.

detectors.py judges cells, scan.py runs one shared pass per table, field_rules.py
gives each kind its column verdict, exposure_rules.py judges masks and openness.
"""
from auditor.rule import RulePack

from ..docs_zh import DOCS_ZH
from .exposure_rules import OpenDatasetExposure, WeakMasking
from .field_rules import DETECTORS

PACK = RulePack(
    id="sensitive",
    prefix="SF",
    dimension="sensitive",
    title={"en": "Sensitive fields", "zh": "敏感字段"},
    rules=(*DETECTORS, WeakMasking, OpenDatasetExposure),
    docs_zh=DOCS_ZH,
)
