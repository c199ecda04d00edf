"""Byte-level views of Arrow string arrays: the cheap first look before any regex.

A string array is an offsets buffer and one buffer of UTF-8 bytes. Questions such as "does
any cell of this column hold a line break" or "which cells may start or end with white
space" are answered over those bytes with `bytes.find` (memchr) or numpy in a fraction of
what a per-cell regex costs; the regex then runs on the few cells that may match.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def arrow_indices(at: np.ndarray) -> pa.Array:
    """Row positions from numpy as an Arrow int64 array for `take`, without copying.
    `pa.array(ndarray)` would import numpy.ma (20 ms of every run) to ask whether the array is
    masked, so numpy arrays reach Arrow through this and the helpers below."""
    at = np.ascontiguousarray(at, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(at), [None, pa.py_buffer(at)])


def arrow_mask(selected: np.ndarray) -> pa.Array:
    """A numpy boolean mask as an Arrow boolean array for `filter` (bits packed here)."""
    selected = np.asarray(selected, dtype=bool)
    return pa.Array.from_buffers(pa.bool_(), len(selected),
                                 [None, pa.py_buffer(np.packbits(selected, bitorder="little"))])


def arrow_fixed_text(rows: np.ndarray) -> pa.Array:
    """A (count, width) matrix of ASCII bytes as an Arrow string array, a row a value."""
    rows = np.ascontiguousarray(rows, dtype=np.uint8)
    count, width = rows.shape
    at = np.arange(0, (count + 1) * width, width, dtype=np.int32)
    return pa.Array.from_buffers(pa.string(), count, [None, pa.py_buffer(at), pa.py_buffer(rows)])


def arrow_strings(values) -> pa.Array:
    """A sequence of str as an Arrow string array, joined and encoded to UTF-8 in two C calls and
    cut where the joins fell. pyarrow converts value by value and leaves a UTF-8 copy cached in
    every non-ASCII str: this takes 40% less CPU on a sheet's text columns. Anything else (None,
    a number, a NUL inside a value) is pa.array's to convert, or to refuse."""
    try:
        data = "\x00".join(values).encode("utf-8")
    except (TypeError, UnicodeEncodeError):
        return pa.array(values, type=pa.string())
    count = len(values)
    joins = np.flatnonzero(np.frombuffer(data, np.uint8) == 0)
    if len(joins) != count - 1 or len(data) > np.iinfo(np.int32).max:
        return pa.array(values, type=pa.string())
    at = np.empty(count + 1, np.int32)
    at[0] = 0
    at[1:count] = joins - np.arange(count - 1)  # the n-th value starts after the n joins before it
    text = data.replace(b"\x00", b"")
    at[count] = len(text)
    return pa.Array.from_buffers(pa.string(), count, [None, pa.py_buffer(at), pa.py_buffer(text)])


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


def span_bytes(arr: pa.Array) -> bytes:
    """The bytes of all the array's cells, one copy (`bytes.find` is a memchr over it)."""
    at = offsets(arr)
    if not len(arr) or at[-1] == at[0]:
        return b""
    return memoryview(arr.buffers()[2])[int(at[0]):int(at[-1])].tobytes()


def has_any_byte(arr: pa.Array, needles: bytes, span: bytes | None = None) -> bool:
    """Whether any cell holds one of the bytes in `needles` (memchr over the cells' bytes;
    pass `span_bytes(arr)` when asking several questions of one array)."""
    span = span_bytes(arr) if span is None else span
    return any(span.find(bytes([b])) >= 0 for b in needles)


def cells_with_byte(arr: pa.Array, needles: bytes) -> np.ndarray:
    """Indices (ascending) of the cells holding one of the bytes in `needles`."""
    return np.flatnonzero(_holding(arr, needles))


def _filled_cells(arr: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(the cells' bytes, the filled cells' indices, their first byte offsets, their end
    offsets): what the prefilters below read, never indexing an empty cell."""
    at = offsets(arr)
    cells = np.flatnonzero(np.diff(at) > 0)
    return value_bytes(arr, at), cells, at[:-1][cells].astype(np.int64), at[1:][cells].astype(np.int64)


# White space as str.strip() and the RE2 class of the rules see it.
SPACE_CHARS = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
               + "\u2028\u2029\u202f\u205f\u3000")
# ... and by its UTF-8 bytes.
_ASCII_SPACE = np.zeros(256, dtype=bool)
_ASCII_SPACE[[0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20]] = True
_SPACE_LEAD = _ASCII_SPACE.copy()
_SPACE_LEAD[[0xC2, 0xE1, 0xE2, 0xE3]] = True  # U+0085, U+00A0; U+1680; U+2000-U+205F; U+3000
_E2_80_LAST = np.zeros(256, dtype=bool)
_E2_80_LAST[[*range(0x80, 0x8B), 0xA8, 0xA9, 0xAF]] = True  # U+2000-U+200A, U+2028, U+2029, U+202F
_WIDE_SPACE_LAST = _E2_80_LAST.copy()  # last bytes of the multi-byte spaces
_WIDE_SPACE_LAST[[0x85, 0xA0, 0x9F, 0x80]] = True


def may_be_padded(arr: pa.Array) -> np.ndarray:
    """Cells that may start or end with white space (a superset, from their first and last
    bytes): the exact regex need only look at these. Only filled cells are indexed, and the
    two- and three-byte spaces are tested only on cells whose last byte could end one."""
    out = np.zeros(len(arr), dtype=bool)
    data, cells, starts, ends = _filled_cells(arr)
    if not len(cells):
        return out
    last = data[ends - 1]
    hit = _SPACE_LEAD[data[starts]] | _ASCII_SPACE[last]
    wide = np.flatnonzero(_WIDE_SPACE_LAST[last] & ~hit)
    if len(wide):
        e, s, b1 = ends[wide], starts[wide], last[wide]
        b2 = data[np.maximum(e - 2, s)]
        b3 = data[np.maximum(e - 3, s)]
        two = (e - s >= 2) & (b2 == 0xC2) & ((b1 == 0x85) | (b1 == 0xA0))
        three = (e - s >= 3) & (
            ((b3 == 0xE2) & (b2 == 0x80) & _E2_80_LAST[b1])
            | ((b3 == 0xE2) & (b2 == 0x81) & (b1 == 0x9F))
            | ((b3 == 0xE3) & (b2 == 0x80) & (b1 == 0x80))
            | ((b3 == 0xE1) & (b2 == 0x9A) & (b1 == 0x80)))
        hit[wide] = two | three
    out[cells] = hit
    return out


def may_be_blank(arr: pa.Array) -> np.ndarray:
    """Cells that may be empty or white space only (a superset): null, empty, or opening with
    a byte that starts a white-space character."""
    data, cells, starts, _ = _filled_cells(arr)
    out = np.ones(len(arr), dtype=bool)
    out[cells] = _SPACE_LEAD[data[starts]]
    if arr.null_count:
        out |= ~arr.is_valid().to_numpy(zero_copy_only=False)
    return out


class RepeatedValues:
    """Per column of one table: whether its cells repeat enough that judging each distinct
    value once (then spreading the verdict over the cells) beats judging every cell.

    Districts, statuses, departments, dates and masked names repeat in every release; IDs
    and amounts do not. A column is tried on a batch; one whose distinct values are more
    than `share` of its cells is not tried again for `rest` batches (values can change
    further down a sorted file)."""

    def __init__(self, share: float = 0.25, rest: int = 16):
        self.share, self.rest = share, rest
        self.skip: dict[int, int] = {}

    def encode(self, i: int, column: pa.Array) -> tuple[pa.Array, np.ndarray] | None:
        """(distinct values, index of each cell's value, -1 for a null) or None: judge cell by cell."""
        if self.skip.get(i, 0) > 0:
            self.skip[i] -= 1
            return None
        if len(column) < 64:
            return None
        encoded = column.dictionary_encode()
        if len(encoded.dictionary) > self.share * len(column):
            self.skip[i] = self.rest
            return None
        indices = encoded.indices
        codes = indices.to_numpy(zero_copy_only=False) if not indices.null_count else \
            indices.fill_null(-1).to_numpy(zero_copy_only=False)
        return encoded.dictionary, codes.astype(np.int64, copy=False)


def filled(arr: pa.Array) -> np.ndarray:
    """Cells that are neither null nor the empty string (from the offsets and validity, no kernel)."""
    at = offsets(arr)
    out = np.diff(at) > 0
    if arr.null_count:
        out &= arr.is_valid().to_numpy(zero_copy_only=False)
    return out


class FirstChars:
    """Which cells may start with one of a few characters, told by the cell's first two bytes
    in a 65,536-entry table (a superset: the exact test runs on the cells it keeps). Two
    gathers per cell in numpy, against a regex's hundred nanoseconds."""

    def __init__(self, chars: str):
        self.table = np.zeros(1 << 16, dtype=bool)
        for ch in set(chars):
            b = ch.encode("utf-8")
            if len(b) == 1:
                self.table[b[0] << 8:(b[0] + 1) << 8] = True  # any second byte
            else:
                self.table[b[0] << 8 | b[1]] = True

    def may_start(self, arr: pa.Array) -> np.ndarray:
        out = np.zeros(len(arr), dtype=bool)
        data, cells, starts, _ = _filled_cells(arr)
        if not len(cells):
            return out
        second = np.minimum(starts + 1, len(data) - 1)  # a one-byte last cell reads its own byte: still a superset
        out[cells] = self.table[(data[starts].astype(np.int64) << 8) | data[second]]
        return out


def cells_holding(arr: pa.Array, byte: int, span: bytes | None = None) -> np.ndarray:
    """Bool per cell: the cell holds `byte`."""
    return _holding(arr, bytes([byte]), span)


def _holding(arr: pa.Array, needles: bytes, span: bytes | None = None) -> np.ndarray:
    """Bool per cell: the cell holds one of `needles` (a memchr first: no numpy pass when none does)."""
    if not has_any_byte(arr, needles, span):
        return np.zeros(len(arr), dtype=bool)
    if len(needles) == 1:
        return _any_byte_per_cell(arr, lambda data: data == needles[0])
    table = np.zeros(256, dtype=bool)
    table[list(needles)] = True
    return _any_byte_per_cell(arr, lambda data: table[data])


def ascii_only(arr: pa.Array) -> np.ndarray:
    """Bool per cell: every byte of the cell is ASCII (true for empty and null cells)."""
    return pc.fill_null(pc.string_is_ascii(arr), True).to_numpy(zero_copy_only=False)


def _any_byte_per_cell(arr: pa.Array, test) -> np.ndarray:
    """Bool per cell: `test` (bytes -> bools) holds for one of the cell's bytes. One pass over
    the bytes and a segmented OR, whatever the number of hits."""
    at = offsets(arr)
    n = len(arr)
    data = value_bytes(arr, at)
    if not n or not len(data):
        return np.zeros(n, dtype=bool)
    hit = np.append(test(data), False)  # a sentinel: a start at the end of the data reads False
    return np.logical_or.reduceat(hit, at[:-1].astype(np.int64)) & (np.diff(at) > 0)


_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_NULL_HASH = np.uint64(0x6A09E667F3BCC909)  # a null cell is not an empty one
_LONG = 64  # cells longer than this many bytes are hashed one by one (rare: keeps the word loop short)


def mix(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser: every input bit moves every output bit."""
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x = x ^ (x >> np.uint64(27))
    x = x * _M2
    return x ^ (x >> np.uint64(31))


_KEEP = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=np.uint64)  # low k bytes


def _fold(h: np.ndarray, word: np.ndarray) -> np.ndarray:
    """One word into a running hash: cheap (xor, multiply, shift); `mix` finishes it."""
    h = (h ^ word) * _M1
    return h ^ (h >> np.uint64(29))


def value_hashes(arr: pa.Array) -> np.ndarray:
    """A 64-bit hash of each cell's bytes (uint64), equal for equal values in any array: the
    cell is read 8 bytes at a time from the buffer (an unaligned uint64 view), its length and
    each word folded in, so the cost is a few numpy passes per 8 bytes of the longest short
    cell. Cells already read fold in zero words: equal values still hash alike, as they have
    equal lengths."""
    at = offsets(arr).astype(np.int64)
    n = len(arr)
    lengths = np.diff(at)
    h = _fold(np.full(n, _GOLDEN, dtype=np.uint64), lengths.astype(np.uint64))
    data = value_bytes(arr, at)
    short = lengths <= _LONG
    if n and len(data):
        padded = np.concatenate([data, np.zeros(8, dtype=np.uint8)])
        words = np.ndarray(shape=(len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))
        starts = np.minimum(at[:-1], len(words) - 1)
        longest = int(lengths[short].max()) if short.any() else 0
        left = np.where(short, lengths, 0)
        for w in range(0, longest, 8):
            word = words[np.minimum(starts + w, len(words) - 1)] & _KEEP[np.clip(left - w, 0, 8)]
            h = _fold(h, word)
        for j in np.flatnonzero(~short):
            text = data[int(at[j]):int(at[j + 1])].tobytes()
            h[j] = _fold(h[j:j + 1], np.array([hash(text) & 0xFFFFFFFFFFFFFFFF], dtype=np.uint64))[0]
    h = mix(h)
    if arr.null_count:
        h[~arr.is_valid().to_numpy(zero_copy_only=False)] = _NULL_HASH
    return h


def row_hashes(columns: list[pa.Array], distinct: list | None = None) -> np.ndarray:
    """A 64-bit hash of each row of equal-length columns (int64), from its cells' hashes in order.
    `distinct[i]`, when given and not None, is column i as (distinct values, each cell's index,
    -1 for a null): only the distinct values are hashed."""
    h = np.full(len(columns[0]) if columns else 0, _GOLDEN, dtype=np.uint64)
    for i, column in enumerate(columns):
        repeated = distinct[i] if distinct is not None else None
        if repeated is None:
            h = _fold(h, value_hashes(column))
        else:
            values, codes = repeated
            h = _fold(h, np.append(value_hashes(values), _NULL_HASH)[codes])  # -1: the null slot
    return mix(h).view(np.int64)


class ValueSet:
    """`pyarrow.compute.is_in` against a few values (placeholders, sentinel dates), run only on
    the cells whose byte length and first byte one of the values has: most cells of a column
    are told apart by those two in numpy, without hashing them."""

    def __init__(self, values: pa.Array):
        self.values = values
        encoded = [v.encode("utf-8") for v in values.to_pylist() if v is not None]
        self.longest = max((len(v) for v in encoded), default=-1)
        self.lengths = np.zeros(self.longest + 2, dtype=bool)  # by byte length; the last slot: longer
        self.lengths[[len(v) for v in encoded]] = True
        self.first = np.zeros(256, dtype=bool)
        self.first[[v[0] for v in encoded if v]] = True
        self.empty = b"" in encoded

    def among(self, arr: pa.Array) -> np.ndarray:
        """Bool per cell: the cell is one of the values (never a null)."""
        n = len(arr)
        out = np.zeros(n, dtype=bool)
        if not n or self.longest < 0:
            return out
        at = offsets(arr)
        lengths = np.diff(at)
        maybe = self.lengths[np.minimum(lengths, self.longest + 1)]
        if not maybe.any():
            return out
        data = value_bytes(arr, at)
        cells = np.flatnonzero(maybe & (lengths > 0))
        if len(cells) and len(data):
            cells = cells[self.first[data[at[:-1][cells]]]]
        if self.empty:  # and the empty cells: positions in order, once each
            chosen = lengths == 0
            chosen[cells] = True
            cells = np.flatnonzero(chosen)
        if len(cells):
            hit = pc.is_in(arr.take(arrow_indices(cells)), value_set=self.values)
            out[cells] = pc.fill_null(hit, False).to_numpy(zero_copy_only=False)
        return out
