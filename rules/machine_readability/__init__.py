"""Machine readability (MR): can a program read this data as published?"""
from auditor.rule import RulePack

from ..docs_zh import DOCS_ZH
from .distribution_rules import DistributionFormatMissing, DistributionOpenness
from .file_rules import (
    ExtensionMismatch,
    NotMachineReadable,
    NotUtf8,
    ProprietaryFormat,
    ResourceLimit,
    UndecodableBytes,
    Unreadable,
)
from .rows import NonDataRows
from .structure import BlankRows, HeaderProblems, MergedCells, RaggedRows, TitleRows
from .values import MixedTypes, NonIsoDates, NumbersAsText
from .whitespace import MixedLineEndings, PaddedCells, PaddedLabels
from .workbook import FormulasWithoutValues, HiddenContent, PhantomUsedRange, SheetsDiffer

PACK = RulePack(
    id="machine_readability",
    prefix="MR",
    dimension="machine_readability",
    title={"en": "Machine readability", "zh": "机器可读性"},
    rules=(Unreadable, ExtensionMismatch, NotMachineReadable, ProprietaryFormat, NotUtf8,
           UndecodableBytes, HeaderProblems, RaggedRows, BlankRows, MergedCells, TitleRows,
           NonDataRows, MixedTypes, NumbersAsText, NonIsoDates, HiddenContent, FormulasWithoutValues,
           PhantomUsedRange, SheetsDiffer, DistributionOpenness, DistributionFormatMissing, ResourceLimit,
           PaddedLabels, MixedLineEndings, PaddedCells),
    docs_zh=DOCS_ZH,
)
