"""Row-level completeness: duplicate rows (CP006) and low capacity (CP007)."""
from __future__ import annotations

from array import array

import pyarrow.compute as pc

from auditor.model import Severity
from auditor.rule import Rule

_SEP = "\x1f\x00"  # between cells of a row when a row is hashed as one string
_NULL = "\x00\x1e"  # a cell past the end of a short row


class DuplicateRows(Rule):
    """Rows that repeat another row exactly. Counted exactly with one 64-bit
    hash per data row (8 bytes a row, sorted once at the end): at 1,000,000 rows
    that is 8 MB while reading and about 40 MB for the final sort. A collision
    of two different rows' hashes is about 1 in 10^7 at that size."""

    code = "CP006"
    name = "duplicate-rows"
    default_severity = Severity.WARNING
    title = {"en": "Duplicate rows", "zh": "存在重复行"}
    messages = {"default": {
        "en": "{count} row(s) duplicate an earlier row ({distinct} distinct row(s) repeated)",
        "zh": "有 {count} 行与前面的行完全重复（涉及 {distinct} 个不同的行）",
    }}
    example_fail = {"file": "t.csv", "text": "a,b\n1,2\n3,4\n1,2\n"}
    example_pass = {"file": "t.csv", "text": "a,b\n1,2\n3,4\n"}

    def start(self, table):
        self.hashes = array("q")

    def columns(self, batch):
        """Each row joined into one string in C, then hashed; ragged rows by all their cells."""
        if not len(batch):
            return
        if not batch.columns:
            self.hashes.extend(hash(()) for _ in range(len(batch)))
            return
        joined = pc.binary_join_element_wise(*batch.columns, _SEP, null_handling="replace",
                                             null_replacement=_NULL).to_pylist()
        for j, cells in batch.ragged.items():
            joined[j] = _SEP.join(_NULL if v is None else str(v) for v in cells) + _SEP + str(len(cells))
        self.hashes.extend(map(hash, joined))

    def end(self, table, stats):
        ordered = sorted(self.hashes)
        self.hashes = array("q")
        extra = distinct = 0
        for i in range(1, len(ordered)):
            if ordered[i] == ordered[i - 1]:
                extra += 1
                if i == 1 or ordered[i - 1] != ordered[i - 2]:
                    distinct += 1
        if extra:
            self.report(count=extra, distinct=distinct, data={"distinct_rows_repeated": distinct})


class LowCapacity(Rule):
    """Fewer data rows than the profile's minimum: the seed study's and the
    Fudan index's 低容量 datasets, published to fill a catalogue, not to be used."""

    code = "CP007"
    name = "low-capacity"
    default_severity = Severity.INFO
    title = {"en": "Low capacity: very few rows", "zh": "低容量：数据行过少"}
    messages = {"default": {"en": "Only {count} data row(s); the profile expects at least {minimum}",
                            "zh": "仅有 {count} 行数据，配置要求至少 {minimum} 行"}}
    options = {"min_rows": 10}
    option_docs = {"min_rows": "fewest data rows a dataset should have"}
    example_fail = {"file": "t.csv", "text": "a,b\n1,2\n"}
    example_pass = {"file": "t.csv", "text": "a,b\n" + "".join(f"{i},{i}\n" for i in range(12))}

    def dataset(self, ds):
        if ds.kind != "data" or not ds.tables:
            return
        rows = sum(stats.rows for _, stats in ds.tables)
        if 0 < rows < self.opts["min_rows"]:
            self.report(count=rows, minimum=self.opts["min_rows"])
