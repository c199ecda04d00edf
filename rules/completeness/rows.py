"""Row-level completeness: duplicate rows (CP006) and low capacity (CP007)."""
from __future__ import annotations

import numpy as np

from auditor.arrowtext import row_hashes
from auditor.model import Severity
from auditor.options import Opt
from auditor.rule import Rule

from .hashstore import HashStore

_SEP = "\x1f\x00"  # between cells of a row when a row is hashed as one string
_NULL = "\x00\x1e"  # a cell past the end of a short row


class DuplicateRows(Rule):
    """Rows that repeat another row exactly. Counted exactly in bounded memory: one
    64-bit hash and the record number per row, at most 262,144 of them (4 MB) in
    memory, the rest spilled to disk by hash bucket and counted bucket by bucket at the
    end (hashstore.py). Reports the first record numbers that repeat an earlier row."""

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
        self.hashes = HashStore()

    def columns(self, batch):
        """Each row's 64-bit hash from its cells' hashes, computed over the Arrow buffers in
        numpy (no string per row is made); ragged rows by all their cells."""
        if not len(batch):
            return
        if batch.columns:
            hashes = row_hashes(batch.columns, [batch.distinct(i) for i in range(len(batch.columns))])
        else:
            hashes = np.full(len(batch), hash(b""), dtype=np.int64)
        for j, cells in batch.ragged.items():
            text = _SEP.join(_NULL if v is None else str(v) for v in cells) + _SEP + str(len(cells))
            hashes[j] = hash(text.encode())
        self.hashes.add(hashes, np.asarray(batch.rownums, dtype=np.int64))

    def end(self, table, stats):
        extra, distinct, first = self.hashes.duplicates()
        if extra:
            self.report(count=extra, distinct=distinct, rows=first, data={"distinct_rows_repeated": distinct})


class LowCapacity(Rule):
    """Fewer data rows than the profile's minimum: the seed study's and the
    Fudan index's 低容量 datasets, published to fill a catalogue, not to be used."""

    code = "CP007"
    name = "low-capacity"
    default_severity = Severity.INFO
    title = {"en": "Low capacity: very few rows", "zh": "低容量：数据行过少"}
    messages = {"default": {"en": "Only {count} data row(s); the profile expects at least {minimum}",
                            "zh": "仅有 {count} 行数据，配置要求至少 {minimum} 行"}}
    options = {"min_rows": Opt(10, int, min=0, doc="fewest data rows a dataset should have",
                               doc_zh="数据集至少应有的数据行数")}
    example_fail = {"file": "t.csv", "text": "a,b\n1,2\n"}
    example_pass = {"file": "t.csv", "text": "a,b\n" + "".join(f"{i},{i}\n" for i in range(12))}

    def dataset(self, ds):
        if ds.kind != "data" or not ds.tables:
            return
        rows = sum(stats.rows for _, stats in ds.tables)
        if 0 < rows < self.opts["min_rows"]:
            self.report(count=rows, minimum=self.opts["min_rows"])
