"""What a rule is, and the views of a table and a dataset that rules read.

A rule is a small class: identity (code, name, default severity), documented
options with defaults, bilingual message templates, a failing and a passing
example, and hooks. The engine makes one instance per dataset and feeds it in
one streaming pass:

    start(table)                    before each table's first batch
    columns(batch)                  every ColumnBatch of data rows (auditor/batch.py): one
                                    Arrow string array per column, the record numbers, the
                                    ragged rows; work on whole columns with pyarrow.compute
    end(table, results)             after each table's last batch; `results[Cls]` is the result
                                    of each analysis the rule `requires`, `results[TableStats]`
                                    the table's counts (`results.rows` etc. also work, so rules
                                    written as `end(table, stats)` keep working)
    dataset(ds)                     once, after every table was read; `ds.tables` holds
                                    (TableView, results) pairs

Shared computations are analyses (auditor/analysis.py) that a rule declares in
`requires = (...)`; the engine makes one per table, configured from the effective
options of the rules that require it. A dataset-level block of the report (such as
`timeliness`) is a declared contribution: list it in `contributes` and hand it over
with `self.contribute(block, data)`.

Rules written for the first API, with `row(rownum, cells)` or `rows(batch of (rownum,
cells) pairs)` hooks, keep working: the engine adapts each batch to those rows (every
data row, ragged ones with all their cells), at the cost of Python per row.

`self.ds` (the DatasetView: path, format, metadata, as_of, timezone) is set
before any hook. Rules report with `self.report(...)`; the engine stamps code, pack,
severity, location table and language, and redacts examples.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from .model import Severity
from .options import Opt, split_specs

if TYPE_CHECKING:  # pragma: no cover
    from .batch import ColumnBatch
    from .dataset import DatasetView, TableView

CODE_RE = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")


@dataclass
class RawFinding:
    """What a rule says before the engine stamps identity and severity on it."""

    key: str
    params: dict[str, Any]
    column: str | None = None
    row: int | None = None
    count: int = 1
    examples: tuple[str, ...] = ()
    rows: tuple[int, ...] = ()
    severity: Severity | None = None
    sensitive: bool = False
    data: dict[str, Any] = field(default_factory=dict)
    table: str | None = None


class Rule:
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    pack: ClassVar[str] = ""
    default_severity: ClassVar[Severity] = Severity.WARNING
    title: ClassVar[dict[str, str]] = {}
    messages: ClassVar[dict[str, dict[str, str]]] = {}
    options: ClassVar[dict[str, Any]] = {}  # declared as Opt(...) specs; read by hooks as plain defaults
    option_docs: ClassVar[dict[str, str]] = {}
    option_specs: ClassVar[dict[str, Opt]] = {}
    doc_zh: ClassVar[str] = ""  # the Chinese of the docstring (or the pack's docs_zh table)
    option_relations: ClassVar[tuple[tuple[str, str, str], ...]] = ()  # ("warn_ratio", "<=", "error_ratio")
    # Minimal input showing the rule firing and not firing: {"file": "x.csv", "text": "..."}
    example_fail: ClassVar[dict[str, Any]] = {}
    example_pass: ClassVar[dict[str, Any]] = {}
    # Analyses (auditor/analysis.py) whose per-table results this rule reads in `end`.
    requires: ClassVar[tuple[type, ...]] = ()
    # Dataset-level report blocks this rule fills through `contribute` (e.g. "timeliness").
    contributes: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Split `options` into defaults (what hooks read) and specs (what profiles are checked against)."""
        super().__init_subclass__(**kwargs)
        if "options" in cls.__dict__:
            defaults, specs = split_specs(cls.__dict__["options"])
            cls.options = defaults
            cls.option_specs = {k: v for k, v in cls.option_specs.items() if k in defaults} | specs
            docs = {k: s.doc for k, s in specs.items() if s.doc}
            if docs:
                cls.option_docs = {**cls.option_docs, **docs}

    def __init__(self, options: dict[str, Any], sink: Callable[[RawFinding], None]):
        self.opts = options
        self._sink = sink
        self.ds: DatasetView | None = None  # set by the engine before any hook runs
        self._contribute: Callable[[str, dict], None] | None = None  # set by the engine

    # -- hooks (override what you need) ---------------------------------
    def start(self, table: TableView) -> None:
        pass

    def columns(self, batch: ColumnBatch) -> None:  # pragma: no cover - replaced
        pass

    def row(self, rownum: int, cells: list) -> None:  # pragma: no cover - first API, adapted
        pass

    def rows(self, batch: list[tuple[int, list]]) -> None:  # pragma: no cover - first API, adapted
        pass

    def end(self, table: TableView, results) -> None:
        pass

    def dataset(self, ds: DatasetView) -> None:
        pass

    # -- reporting -------------------------------------------------------
    def report(
        self,
        key: str = "default",
        *,
        column: str | None = None,
        row: int | None = None,
        count: int = 1,
        examples=(),
        rows=(),
        severity: Severity | None = None,
        sensitive: bool = False,
        data: dict | None = None,
        table: str | None = None,
        **params: Any,
    ) -> None:
        """Report a finding. `severity` overrides the configured one only to
        escalate a tier (e.g. warning → error beyond a higher threshold)."""
        self._sink(
            RawFinding(
                key=key,
                params=params,
                column=column,
                row=row,
                count=count,
                examples=tuple(str(e) for e in examples),
                rows=tuple(rows),
                severity=severity,
                sensitive=sensitive,
                data=dict(data or {}),
                table=table,
            )
        )

    def contribute(self, block: str, data: dict) -> None:
        """Hand a dataset-level report block (declared in `contributes`) to the engine."""
        if block not in self.contributes:
            raise ValueError(f"{self.code} contributes {block!r} without declaring it in `contributes`")
        if self._contribute is not None:
            self._contribute(block, data)

    @classmethod
    def defines(cls, hook: str) -> bool:
        return getattr(cls, hook) is not getattr(Rule, hook)

    @classmethod
    def doc(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")


@dataclass(frozen=True)
class RulePack:
    """A named group of rules sharing a code prefix and a score dimension."""

    id: str
    prefix: str
    dimension: str
    title: dict[str, str]
    rules: tuple[type[Rule], ...]
    version: str = "1"
    # Chinese descriptions by code, for packs that keep them in one table (the English is the docstring).
    docs_zh: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def __post_init__(self):
        for r in self.rules:
            if r.code in self.docs_zh:
                r.doc_zh = self.docs_zh[r.code]
            if not CODE_RE.match(r.code):
                raise ValueError(f"rule code {r.code!r} does not match {CODE_RE.pattern}")
            if not r.code.startswith(self.prefix):
                raise ValueError(f"rule {r.code} is outside pack prefix {self.prefix}")
            r.pack = self.id
