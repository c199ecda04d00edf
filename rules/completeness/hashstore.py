"""Exact duplicate detection over any number of rows in bounded memory.

Each row is one 64-bit hash with its record number (16 bytes). Up to `budget` rows are
held in two fixed-size numpy arrays; past it they are split by the hash's top bits into
BUCKETS files on disk and emptied. At the end each bucket (rows/BUCKETS pairs) is sorted
and scanned alone. Memory bound: 4 MB held with the default budget of 262,144 rows, plus
a sort of one run or one bucket (at most the budget's rows, or rows/64: 25 MB at 100M rows),
however long the table. Spilling costs a sort and a 4 MB write per 262,144 rows.

Duplicates are rows whose hash an earlier row has: counted exactly up to hash collisions
(about 1 in 10^7 for two different rows of a 10M-row table with 64-bit hashes).
"""
from __future__ import annotations

import os
import tempfile

import numpy as np

BUDGET = 1 << 18
BUCKETS = 64
FIRST = 10
_PAIR = np.dtype([("hash", "<i8"), ("row", "<i8")])


class HashStore:
    def __init__(self, budget: int = BUDGET):
        self.hashes = np.empty(budget, dtype=np.int64)
        self.rows = np.empty(budget, dtype=np.int64)
        self.size = 0
        self.spill: tempfile.TemporaryDirectory | None = None

    def add(self, hashes: np.ndarray, rows: np.ndarray) -> None:
        at = 0
        while at < len(hashes):
            room = len(self.hashes) - self.size
            if not room:
                self._spill()
                continue
            take = min(room, len(hashes) - at)
            self.hashes[self.size:self.size + take] = hashes[at:at + take]
            self.rows[self.size:self.size + take] = rows[at:at + take]
            self.size += take
            at += take

    def _spill(self) -> None:
        """Append the held rows to their bucket files: one stable sort by bucket, then each
        bucket's run written as one slice (rows stay in increasing order within a bucket)."""
        if self.spill is None:
            self.spill = tempfile.TemporaryDirectory(prefix="audit-cp006-")
        hashes, rows = self.hashes[: self.size], self.rows[: self.size]
        bucket = _bucket(hashes)
        order = np.argsort(bucket, kind="stable")
        pairs = np.empty(len(order), dtype=_PAIR)
        pairs["hash"], pairs["row"] = hashes[order], rows[order]
        ends = np.cumsum(np.bincount(bucket, minlength=BUCKETS))
        start = 0
        for b, end in enumerate(ends.tolist()):
            if end > start:
                with open(os.path.join(self.spill.name, f"{b}.bin"), "ab") as fh:
                    pairs[start:end].tofile(fh)
            start = end
        self.size = 0

    def duplicates(self) -> tuple[int, int, list[int]]:
        """(rows repeating an earlier row, distinct rows repeated, first duplicate record numbers)."""
        try:
            if self.spill is None:
                return _scan(self.hashes[: self.size], self.rows[: self.size])
            self._spill()
            self.hashes = self.rows = np.empty(0, dtype=np.int64)
            extra = distinct = 0
            first: list[int] = []
            for b in range(BUCKETS):
                path = os.path.join(self.spill.name, f"{b}.bin")
                if os.path.exists(path):
                    pairs = np.fromfile(path, dtype=_PAIR)
                    e, d, f = _scan(np.ascontiguousarray(pairs["hash"]), np.ascontiguousarray(pairs["row"]))
                    extra, distinct, first = extra + e, distinct + d, sorted(first + f)[:FIRST]
            return extra, distinct, first
        finally:
            self.hashes = self.rows = np.empty(0, dtype=np.int64)
            self.size = 0
            if self.spill is not None:
                self.spill.cleanup()
                self.spill = None


def _bucket(hashes: np.ndarray) -> np.ndarray:
    return (hashes.view(np.uint64) >> np.uint64(58)).astype(np.uint8)  # top 6 bits: 64 buckets


def _scan(hashes: np.ndarray, rows: np.ndarray) -> tuple[int, int, list[int]]:
    """Rows are in increasing order within a run or a bucket: a stable sort by hash keeps
    each hash's first row first."""
    if len(hashes) < 2:
        return 0, 0, []
    order = np.argsort(hashes, kind="stable")
    ordered = hashes[order]
    same = ordered[1:] == ordered[:-1]
    del ordered
    extra = int(same.sum())
    if not extra:
        return 0, 0, []
    starts = same & ~np.concatenate(([False], same[:-1]))  # the first repeat of each repeated hash
    first = np.sort(rows[order[1:][same]])[:FIRST].tolist()
    return extra, int(starts.sum()), first
