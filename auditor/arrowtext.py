"""Byte-level views of Arrow string arrays: the cheap first look before any regex.

A string array is an offsets buffer and one buffer of UTF-8 bytes. Questions such as "does
any cell of this column hold a line break" or "which cells may start or end with white
space" are answered over those bytes with `bytes.find` (memchr) or numpy in a fraction of
what a per-cell regex costs; the regex then runs on the few cells that may match.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa


def offsets(arr: pa.Array) -> np.ndarray:
    """The n + 1 byte offsets of the cells of a string array (int32, or int64 for large strings)."""
    n = len(arr)
    width = 8 if pa.types.is_large_string(arr.type) else 4
    buf = arr.buffers()[1]
    if buf is None:
        return np.zeros(n + 1, dtype=np.int64 if width == 8 else np.int32)
    return np.frombuffer(buf, dtype=np.int64 if width == 8 else np.int32, count=n + 1, offset=arr.offset * width)


def value_bytes(arr: pa.Array, at: np.ndarray | None = None) -> np.ndarray:
    """Every byte of the buffer that holds the array's cells (uint8; index it with `offsets`)."""
    data = arr.buffers()[2]
    if data is None:
        return np.zeros(0, dtype=np.uint8)
    cut = offsets(arr) if at is None else at
    return np.frombuffer(data, dtype=np.uint8)[: int(cut[-1]) if len(cut) else 0]


def has_any_byte(arr: pa.Array, needles: bytes) -> bool:
    """Whether any cell holds one of the bytes in `needles` (memchr over the cells' bytes)."""
    at = offsets(arr)
    if not len(arr) or at[-1] == at[0]:
        return False
    data = arr.buffers()[2]
    span = memoryview(data)[int(at[0]):int(at[-1])].tobytes()
    return any(span.find(bytes([b])) >= 0 for b in needles)


def cells_with_byte(arr: pa.Array, needles: bytes) -> np.ndarray:
    """Indices (ascending) of the cells holding one of the bytes in `needles`."""
    at = offsets(arr)
    data = value_bytes(arr, at)[int(at[0]):] if len(at) else np.zeros(0, np.uint8)
    hit = np.zeros(len(data), dtype=bool)
    for b in needles:
        hit |= data == b
    where = np.flatnonzero(hit) + int(at[0]) if len(at) else np.zeros(0, np.int64)
    return np.unique(np.searchsorted(at, where, side="right") - 1)


# White space as str.strip() and the RE2 class of the rules see it, by its UTF-8 bytes.
_ASCII_SPACE = np.zeros(256, dtype=bool)
_ASCII_SPACE[[0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20]] = True
_SPACE_LEAD = _ASCII_SPACE.copy()
_SPACE_LEAD[[0xC2, 0xE1, 0xE2, 0xE3]] = True  # U+0085, U+00A0; U+1680; U+2000-U+205F; U+3000
_E2_80_LAST = np.zeros(256, dtype=bool)
_E2_80_LAST[[*range(0x80, 0x8B), 0xA8, 0xA9, 0xAF]] = True  # U+2000-U+200A, U+2028, U+2029, U+202F


def may_be_padded(arr: pa.Array) -> np.ndarray:
    """Cells that may start or end with white space (a superset, from their first and last
    bytes): the exact regex need only look at these."""
    at = offsets(arr)
    n = len(arr)
    if not n:
        return np.zeros(0, dtype=bool)
    data = value_bytes(arr, at)
    starts, ends = at[:-1].astype(np.int64), at[1:].astype(np.int64)
    length = ends - starts
    if not len(data):
        return np.zeros(n, dtype=bool)
    filled = length > 0
    top = len(data) - 1

    def byte(pos: np.ndarray) -> np.ndarray:
        return data[np.clip(pos, 0, top)]

    first, last = byte(starts), byte(ends - 1)
    out = filled & (_SPACE_LEAD[first] | _ASCII_SPACE[last])
    two = (length >= 2) & (byte(ends - 2) == 0xC2) & ((last == 0x85) | (last == 0xA0))
    b3, b2 = byte(ends - 3), byte(ends - 2)
    three = (length >= 3) & (
        ((b3 == 0xE2) & (b2 == 0x80) & _E2_80_LAST[last])
        | ((b3 == 0xE2) & (b2 == 0x81) & (last == 0x9F))
        | ((b3 == 0xE3) & (b2 == 0x80) & (last == 0x80))
        | ((b3 == 0xE1) & (b2 == 0x9A) & (last == 0x80)))
    return out | two | three
