"""CSV/TSV loader: encoding policy, delimiter sniffing, streaming records."""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
from collections import Counter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .. import budget
from ..arrowtext import offsets
from ..batch import ColumnBatch
from ..dataset import LoadedDataset, Table
from .arrow_csv import BLOCK_BYTES, Utf8Transcoder, arrow_batches
from .encoding import detect_encoding
from .line_endings import LineEndingCounter

CANDIDATE_DELIMITERS = [",", ";", "\t", "|"]
SNIFF_RECORDS = 200


class _DecodeCounter:
    """A codecs error handler that counts undecodable bytes instead of failing."""

    def __init__(self):
        self.count = 0
        self.name = f"audit-count-{id(self)}"
        codecs.register_error(self.name, self)

    def __call__(self, exc: UnicodeError) -> tuple[str, int]:
        if not isinstance(exc, UnicodeDecodeError):
            raise exc
        self.count += exc.end - exc.start
        return "\ufffd", exc.end


def sniff_delimiter(sample: str) -> str:
    """Pick the delimiter that splits the opening records most consistently."""
    best, best_score = ",", -1.0
    for delim in CANDIDATE_DELIMITERS:
        reader = csv.reader(io.StringIO(sample), delimiter=delim)
        try:
            widths = [len(r) for r in itertools.islice(reader, SNIFF_RECORDS) if r]
        except csv.Error:
            continue
        if len(widths) > 1:
            widths = widths[:-1]  # the sample may cut the last record
        if not widths:
            continue
        width, hits = Counter(widths).most_common(1)[0]
        if width < 2:
            continue
        score = hits / len(widths) + min(width, 50) / 1000
        if score > best_score:
            best, best_score = delim, score
    return best


def bounded_lines(fh, max_chars: int):
    """The file's lines, each read with a bound: a line of 100 MB stops at the budget
    (line_bytes, counted in characters) before it is held whole."""
    number = 0
    while line := fh.readline(max_chars + 1):
        number += 1
        if len(line) > max_chars:
            raise budget.LimitReached("line_bytes", f"line {number:,}")
        yield line


def longest_line(path: str, stop: int, floor: int = 0) -> int:
    """Bytes in the file's longest physical line, found in C; stops once a line passes `stop`.
    With `floor`, any answer up to `floor` means "no line is longer than `floor`": a chunk
    whose every floor/2-byte piece holds a line break (one memchr each) has no longer line,
    and only the other chunks are measured exactly (numpy over 1 MB)."""
    longest = carry = 0
    piece = floor // 2
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):  # 1 MB at a time: the pass adds no more than that to the peak
            if piece and carry < piece and _breaks_everywhere(chunk, piece):
                carry = len(chunk) - chunk.rfind(b"\n") - 1
                continue
            ends = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10)
            if not len(ends):
                carry += len(chunk)
            else:
                longest = max(longest, carry + int(ends[0]) + 1)
                if len(ends) > 1:
                    longest = max(longest, int(np.diff(ends).max()))
                carry = len(chunk) - int(ends[-1]) - 1
            if max(longest, carry) > stop:
                break
    return max(longest, carry)


def _breaks_everywhere(chunk: bytes, piece: int) -> bool:
    """Every `piece` bytes of the chunk hold a line break: no line in it is longer than 2 x piece
    (with the carried part of a line, shorter than a piece, in front)."""
    return all(chunk.find(b"\n", at, at + piece) >= 0 for at in range(0, len(chunk), piece))


def _block_for(path: str | None, line_bytes: int) -> int:
    """An Arrow block that holds the longest line (so Arrow never has to give up on one),
    or MR022 when a line is longer than the budget allows."""
    if path is None:
        return BLOCK_BYTES
    longest = longest_line(path, line_bytes, floor=BLOCK_BYTES // 2)
    if longest > line_bytes:
        raise budget.LimitReached("line_bytes", "a line of the file is longer")
    return max(BLOCK_BYTES, 2 * longest)  # transcoding to UTF-8 may lengthen a line


def bounded_batches(open_utf8, delimiter: str, labels: list[str], header_row: int, state: dict,
                    open_text=None):
    """Arrow's batches within the budget. Arrow needs a block at least as long as the longest
    record: on a longer one it stops, and the reading resumes after the last batch handed out
    with blocks eight times larger, up to the budget's line_bytes, past which it is MR022.
    Cells longer than cell_chars stop the reading too (one length pass per column, in C)."""
    limits = budget.current().limits
    block, start = _block_for(state.get("path"), limits.line_bytes), header_row
    while True:
        try:
            for batch in arrow_batches(open_utf8, delimiter, labels, start, state, block_bytes=block,
                                       open_text=open_text):
                first = _first_long_row(batch, limits.cell_chars)
                if first is not None:
                    if first:
                        yield _head(batch, first)  # the rows before the long cell are audited
                    raise budget.LimitReached("cell_chars", f"record {batch.rownums[first]:,}")
                yield batch
            return
        except pa.ArrowInvalid as exc:
            if "straddl" not in str(exc):
                raise
            if block >= limits.line_bytes:
                raise budget.LimitReached("line_bytes", f"after record {state.get('last', 0):,}") from None
            block = min(block * 8, limits.line_bytes)
            start = max(header_row, state.get("last", 0))


def _first_long_row(batch: ColumnBatch, max_chars: int) -> int | None:
    """Index of the first row holding a cell longer than `max_chars`. A cell has no more
    characters than bytes, so the byte lengths (from the offsets) clear a column at once;
    characters are counted only in a column with a cell of more bytes than the limit."""
    first = None
    for column in batch.columns:
        if not len(column) or int(np.diff(offsets(column)).max()) <= max_chars:
            continue
        lengths = pc.utf8_length(column)
        if len(column) and (pc.max(lengths).as_py() or 0) > max_chars:
            at = pc.index(pc.greater(lengths, max_chars), True).as_py()
            first = at if first is None else min(first, at)
    return first


def _head(batch: ColumnBatch, n: int) -> ColumnBatch:
    """The first `n` rows of a batch."""
    last = batch.rownums[n - 1]
    return ColumnBatch(batch.labels, [c.slice(0, n) for c in batch.columns], batch.rownums[:n],
                       {i: cells for i, cells in batch.ragged.items() if i < n}, [r for r in batch.blank if r < last])


def load_delimited(path: str, source: str) -> LoadedDataset:
    encoding, exact = detect_encoding(path)
    counter = _DecodeCounter()
    errors = "strict" if exact else counter.name
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        sample = fh.read(64 * 1024)
    delimiter = "\t" if path.lower().endswith(".tsv") else sniff_delimiter(sample)
    ds = LoadedDataset(path=path, source=source, format="csv", encoding=encoding, delimiter=delimiter)

    reading: dict = {}

    def records():
        """Records for finding the header (Python csv; only the first few are read), each
        line, field and record bounded by the budget before it is held."""
        limits = budget.current().limits
        csv.field_size_limit(limits.cell_chars)
        with open(path, encoding=encoding, errors="replace", newline="") as fh:
            number = 0
            try:
                rows = csv.reader(bounded_lines(fh, limits.line_bytes), delimiter=delimiter)
                for number, row in zip(itertools.count(1), rows):
                    if len(row) > limits.columns:
                        raise budget.LimitReached("columns", f"record {number:,} has {len(row):,} fields")
                    yield number, row
            except csv.Error as exc:
                if "field limit" in str(exc):
                    raise budget.LimitReached("cell_chars", f"record {number + 1:,}") from None
                raise

    facts: dict = {}

    def open_utf8():
        raw: io.RawIOBase | io.BufferedReader = open(path, "rb")
        reading["tell"] = raw.tell
        if not encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32")):
            raw = reading["endings"] = LineEndingCounter(raw)  # ASCII-compatible: terminators are bytes
        if encoding in ("utf-8", "utf-8-sig") and exact:
            return raw  # Arrow reads UTF-8 itself (and skips a BOM)
        return Utf8Transcoder(raw, encoding, errors)

    state: dict = {"last": 0, "path": path}

    def open_text():
        return open(path, encoding=encoding, errors="replace", newline="")

    def batches(labels, header_row):
        try:
            yield from bounded_batches(open_utf8, delimiter, labels, header_row or 0, state, open_text=open_text)
            endings = reading.get("endings")
            if state.get("unclosed", {}).get("count"):
                facts["unclosed_quotes"] = dict(state["unclosed"])  # its parity broke the line-ending count
            elif endings is not None:
                facts["line_endings"] = endings.summary()
        finally:
            reading.pop("tell", None)
            ds.decode_errors = counter.count

    def position() -> int:
        tell = reading.get("tell")
        return tell() if tell else 0

    name = os.path.splitext(os.path.basename(path))[0]
    ds.tables.append(Table(name=name, records=records, position=position, batches=batches, facts=facts,
                           last_record=lambda: state["last"]))
    return ds
