"""Count how a delimited file ends its records (CRLF, LF, CR), while Arrow reads it.

Why a byte pass-through: a file edited on two systems or glued from two exports ends
some records with CRLF and others with LF (csvlint's "inconsistent line breaks");
readers that split on one style then see stray `\\r` in the last column. Only record
terminators count: a line break inside a quoted value is part of the value (Excel
writes bare LF in quoted cells of CRLF files). Quote parity is followed with numpy
over each block (the positions of quotes and breaks, found only for the bytes the block
holds), so the pass costs a few vector operations per block, never a Python
loop per byte or line. Record k is the one ended by the k-th terminator, the same
numbering as the CSV loader's (blank lines are records too).
"""
from __future__ import annotations

import io

import numpy as np

STYLES = ("CRLF", "LF", "CR")
FIRST = 5  # record numbers kept per style


class LineEndingCounter(io.RawIOBase):
    """A binary stream passed through unchanged, counting its record terminators by style."""

    def __init__(self, raw):
        self.raw = raw
        self.counts = dict.fromkeys(STYLES, 0)
        self.first: dict[str, list[int]] = {s: [] for s in STYLES}
        self.records = 0  # terminators seen so far
        self.quoted = False  # inside a quoted value at the end of the last block
        self.pending_cr = False  # the last block ended with a CR outside quotes

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.raw.readinto(buffer)
        if n:
            self._scan(bytes(memoryview(buffer)[:n]))
        elif self.pending_cr:  # the file ends with a bare CR
            self._note(np.array([0]), "CR")
            self.records += 1
            self.pending_cr = False
        return n or 0

    def tell(self) -> int:
        return self.raw.tell()

    def close(self) -> None:
        self.raw.close()
        super().close()

    def summary(self) -> dict:
        """{'counts': {style: n}, 'first': {style: [record numbers]}} for the table's facts."""
        return {"counts": dict(self.counts), "first": {s: list(v) for s, v in self.first.items()}}

    def _note(self, order: np.ndarray | range, style: str) -> None:
        """Terminators of one style, `order` their 0-based index among this block's terminators."""
        self.counts[style] += len(order)
        room = FIRST - len(self.first[style])
        if room > 0:
            self.first[style].extend(int(self.records + k + 1) for k in order[:room])

    def _plain(self, block: bytes) -> bool:
        """A block without quotes that ends its records one way throughout (the usual case):
        counted in numpy, no positions needed. False: the general scan must run."""
        if self.quoted or self.pending_cr or block.find(b'"') >= 0:
            return False
        data = np.frombuffer(block, dtype=np.uint8)
        cr = np.flatnonzero(data == 13)  # few next to the bytes: each CR's next byte is gathered
        lfs = int(np.count_nonzero(data == 10))
        if not len(cr):
            style, n = "LF", lfs
        elif len(cr) != lfs or cr[-1] == len(data) - 1 or not (data[cr + 1] == 10).all():
            return False
        else:
            style, n = "CRLF", len(cr)
        if n:
            self._note(range(n), style)
            self.records += n
        return True

    def _scan(self, block: bytes) -> None:
        if self._plain(block):
            return
        data = np.frombuffer(block, dtype=np.uint8)
        quotes = _where(data, block, 34)
        cr, lf = _where(data, block, 13), _where(data, block, 10)
        if len(quotes) or self.quoted:  # a break is outside quotes after an even number of them
            cr = cr[((np.searchsorted(quotes, cr) + int(self.quoted)) & 1) == 0]
            lf = lf[((np.searchsorted(quotes, lf) + int(self.quoted)) & 1) == 0]
        lead: list[tuple[int, str]] = []
        if self.pending_cr:  # a CR that ended the last block: CRLF if this block opens with LF
            if len(lf) and lf[0] == 0:
                lead.append((-1, "CRLF"))
                lf = lf[1:]
            else:
                lead.append((-1, "CR"))
            self.pending_cr = False
        last = len(data) - 1
        if len(cr) and cr[-1] == last:
            self.pending_cr = True
            cr = cr[:-1]
        nxt = np.minimum(cr + 1, last)
        crlf_mask = data[nxt] == 10
        crlf_mask &= cr + 1 <= last
        lone_lf = lf
        if crlf_mask.any():  # the LF of each CRLF is in `lf` (same quote parity): drop it there
            lone = np.ones(len(lf), dtype=bool)
            lone[np.searchsorted(lf, cr[crlf_mask] + 1)] = False
            lone_lf = lf[lone]
        positions = np.concatenate([np.array([p for p, _ in lead], dtype=np.int64), cr, lone_lf])
        kinds = np.concatenate([np.array([STYLES.index(s) for _, s in lead], dtype=np.int8),
                                np.where(crlf_mask, 0, 2).astype(np.int8), np.ones(len(lone_lf), dtype=np.int8)])
        if len(kinds) and (kinds == kinds[0]).all():  # one style in the block (the usual case): no sort
            self._note(np.arange(len(kinds)), STYLES[int(kinds[0])])
        else:
            order = np.argsort(positions, kind="stable")
            ranked = np.empty(len(order), dtype=np.int64)
            ranked[order] = np.arange(len(order))
            for index, style in enumerate(STYLES):
                picked = np.sort(ranked[kinds == index])
                if len(picked):
                    self._note(picked, style)
        self.records += len(positions)
        self.quoted = bool((len(quotes) + int(self.quoted)) & 1)


def _where(data: np.ndarray, block: bytes, byte: int) -> np.ndarray:
    """Positions of `byte` in the block; a memchr first skips the search for a byte it lacks."""
    if block.find(bytes([byte])) < 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(data == byte)
