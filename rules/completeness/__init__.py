"""Completeness (CP): are the rows, the values and the metadata all there?"""
from auditor.rule import RulePack

from ..docs_zh import DOCS_ZH
from .data_rules import EmptyColumn, MissingValues, NoDataRows, PlaceholderValues
from .metadata_rules import InvalidMetadataFile, RequiredMetadata
from .rows import DuplicateRows, LowCapacity

PACK = RulePack(
    id="completeness",
    prefix="CP",
    dimension="completeness",
    title={"en": "Completeness", "zh": "完整性"},
    rules=(NoDataRows, MissingValues, PlaceholderValues, EmptyColumn, RequiredMetadata, DuplicateRows, LowCapacity,
           InvalidMetadataFile),
    docs_zh=DOCS_ZH,
)
