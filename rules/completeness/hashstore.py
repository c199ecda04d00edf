"""Exact duplicate detection over any number of rows in bounded memory.

Each row is one 64-bit hash with its record number (16 bytes). Up to `budget` pairs are
held in one fixed-size numpy buffer; past it the buffer is split by the hash's top bits
into BUCKETS files on disk and emptied. At the end each bucket (rows/BUCKETS pairs) is
sorted and scanned alone, so memory stays about 2 x budget x 16 bytes (the buffer and one
sort) however long the table: 32 MB with the default budget of 1,048,576 rows, a bucket at
a time for longer tables (an 100M-row table: about 25 MB per bucket of 64).

Duplicates are rows whose hash an earlier row has: counted exactly up to hash collisions
(about 1 in 10^7 for two different rows of a 10M-row table with 64-bit hashes).
"""
from __future__ import annotations

import os
import tempfile

import numpy as np

BUDGET = 1 << 20
BUCKETS = 64
FIRST = 10
_PAIR = np.dtype([("hash", "<i8"), ("row", "<i8")])


class HashStore:
    def __init__(self, budget: int = BUDGET):
        self.buffer = np.empty(budget, dtype=_PAIR)
        self.size = 0
        self.spill: tempfile.TemporaryDirectory | None = None

    def add(self, hashes: np.ndarray, rows: np.ndarray) -> None:
        at = 0
        while at < len(hashes):
            room = len(self.buffer) - self.size
            if not room:
                self._spill()
                continue
            take = min(room, len(hashes) - at)
            self.buffer["hash"][self.size:self.size + take] = hashes[at:at + take]
            self.buffer["row"][self.size:self.size + take] = rows[at:at + take]
            self.size += take
            at += take

    def _spill(self) -> None:
        if self.spill is None:
            self.spill = tempfile.TemporaryDirectory(prefix="audit-cp006-")
        held = self.buffer[: self.size]
        bucket = _bucket(held["hash"])
        order = np.argsort(bucket, kind="stable")
        held, bucket = held[order], bucket[order]
        edges = np.searchsorted(bucket, np.arange(BUCKETS + 1))
        for b in range(BUCKETS):
            if edges[b] < edges[b + 1]:
                with open(os.path.join(self.spill.name, f"{b}.bin"), "ab") as fh:
                    held[edges[b]:edges[b + 1]].tofile(fh)
        self.size = 0

    def duplicates(self) -> tuple[int, int, list[int]]:
        """(rows repeating an earlier row, distinct rows repeated, first duplicate record numbers)."""
        try:
            if self.spill is None:
                return _scan(self.buffer[: self.size])
            self._spill()
            extra = distinct = 0
            first: list[int] = []
            for b in range(BUCKETS):
                path = os.path.join(self.spill.name, f"{b}.bin")
                if os.path.exists(path):
                    e, d, f = _scan(np.fromfile(path, dtype=_PAIR))
                    extra, distinct, first = extra + e, distinct + d, sorted(first + f)[:FIRST]
            return extra, distinct, first
        finally:
            self.buffer = np.empty(0, dtype=_PAIR)
            self.size = 0
            if self.spill is not None:
                self.spill.cleanup()
                self.spill = None


def _bucket(hashes: np.ndarray) -> np.ndarray:
    return (hashes.view(np.uint64) >> np.uint64(58)).astype(np.int64)  # top 6 bits: 64 buckets


def _scan(pairs: np.ndarray) -> tuple[int, int, list[int]]:
    if len(pairs) < 2:
        return 0, 0, []
    pairs = np.sort(pairs, order=("hash", "row"))
    same = pairs["hash"][1:] == pairs["hash"][:-1]
    extra = int(same.sum())
    if not extra:
        return 0, 0, []
    starts = same & ~np.concatenate(([False], same[:-1]))  # the first repeat of each repeated hash
    first = np.sort(pairs["row"][1:][same])[:FIRST].tolist()
    return extra, int(starts.sum()), first
