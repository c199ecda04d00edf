"""Stream a delimited file into ColumnBatches with Arrow's CSV reader.

Why Arrow: `pyarrow.csv.open_csv` parses in C (quoted newlines included) and hands each
row whose width differs from the header to an `invalid_row_handler` with its record
number, which is exactly what MR008 needs; the rules then work on whole columns.

Our policy stays in charge: the encoding comes from `encoding.detect_encoding`; a file that
is not exactly UTF-8 is transcoded here (undecodable bytes counted exactly for MR006,
replaced by U+FFFD), so Arrow always reads UTF-8. The header was found by the engine
from the first records (Python csv); Arrow parses from the start and the records up to
the header row are dropped. Record numbers are the source's (the header is record 1 in a
plain file): each valid row's number follows from the numbers of the invalid rows before it.
"""
from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..arrowtext import arrow_indices, arrow_mask, cells_with_byte, may_be_blank
from ..batch import BATCH_ROWS, ColumnBatch, is_blank, pack, release_memory, text_array
from .quotes import lines_after, person_records, swallowed

BLOCK_BYTES = 1 << 18  # 256 KB of text per Arrow block (about 2,000 rows of 120 bytes): the reader holds
# a few dozen blocks in flight, so this bounds its memory (2 MB blocks cost 100 MB more at 1M rows)
RELEASE_EVERY = 4  # batches between handing freed memory back (each release costs a heap walk)
# Every character str.isspace() accepts, in RE2 syntax: a cell that is only white space.
SPACES = r"^[\s\x{0b}\x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]*$"


class Utf8Transcoder(io.RawIOBase):
    """A binary stream of UTF-8 from a file in another encoding; `errors` names the codec
    error handler (the loader's counting one for damaged files)."""

    def __init__(self, raw, encoding: str, errors: str):
        self.raw = raw
        self.decoder = codecs.getincrementaldecoder(encoding)(errors)
        self.pending = bytearray()
        self.done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while len(self.pending) < len(buffer) and not self.done:
            chunk = self.raw.read(1 << 20)
            text = self.decoder.decode(chunk, final=not chunk)
            self.done = not chunk
            self.pending += text.encode("utf-8", "replace")
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        del self.pending[:n]
        return n


class _Numbering:
    """Record numbers of valid rows, from the numbers of the invalid rows reported so far."""

    def __init__(self):
        self.valid = 0  # valid rows numbered so far
        self.before: list[int] = []  # per invalid row, valid rows before it (non-decreasing)

    def invalid(self, number: int) -> None:
        self.before.append(number - 1 - len(self.before))

    def take(self, n: int) -> np.ndarray:
        v = np.arange(self.valid, self.valid + n, dtype=np.int64)
        self.valid += n
        if not self.before:
            return v + 1
        return v + 1 + np.searchsorted(np.asarray(self.before, dtype=np.int64), v, side="right")


def arrow_batches(open_binary: Callable[[], io.RawIOBase], delimiter: str, labels: list[str], header_row: int,
                  state: dict, block_bytes: int = BLOCK_BYTES,
                  open_text: Callable[[], io.TextIOBase] | None = None) -> Iterator[ColumnBatch]:
    """The data rows after `header_row`, batch by batch. `state['last']` follows the last
    record read; `state['done']` is set when the whole file was read. With `open_text`, a
    value that swallowed records (an unclosed quote) ends Arrow's reading: from that record
    on the file is read line by line (quotes.py) and `state['unclosed']` counts the stray quotes
    (`count`, `first` record numbers)."""
    ncols = len(labels)
    names = [f"c{i}" for i in range(ncols)]
    numbering = _Numbering()
    odd: list[tuple[int, list]] = []  # invalid rows (record number, cells) not yet placed

    def on_invalid(row) -> str:
        if row.number is None:  # pragma: no cover - Arrow numbers rows when it reads serially
            raise ValueError("a malformed row without a record number")
        numbering.invalid(row.number)
        if row.number > header_row:
            odd.append((row.number, _cells(row.text, delimiter)))
        return "skip"

    source = open_binary()
    try:
        reader = _open(source, block_bytes, names, delimiter, on_invalid)
    except BaseException:
        source.close()
        raise
    try:
        yield from _read(reader, labels, header_row, numbering, odd, state, delimiter, open_text)
    finally:  # closed before it is dropped: a reader destroyed mid-read (an error, a limit) aborts the process
        reader.close()
        source.close()


def _open(source, block_bytes: int, names: list[str], delimiter: str, on_invalid):
    return pacsv.open_csv(
        source,
        read_options=pacsv.ReadOptions(use_threads=False, block_size=block_bytes, column_names=names),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False,
                                         invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=False,
                                             quoted_strings_can_be_null=False),
    )


def _read(reader, labels: list[str], header_row: int, numbering: _Numbering, odd: list,
          state: dict, delimiter: str, open_text: Callable[[], io.TextIOBase] | None) -> Iterator[ColumnBatch]:
    ncols = len(labels)
    held: list[tuple[list, np.ndarray]] = []  # Arrow blocks gathered into one batch of about BATCH_ROWS
    rows = batches = 0
    for record_batch in reader:
        numbers = numbering.take(record_batch.num_rows)
        columns = list(record_batch.columns)
        if len(numbers) and numbers[0] <= header_row:  # the header and the titles above it
            keep = int(np.searchsorted(numbers, header_row, side="right"))
            numbers = numbers[keep:]
            columns = [c.slice(keep) for c in columns]
        if not len(numbers):
            continue
        cut = _swallowing_row(columns, delimiter, ncols) if open_text is not None else None
        if cut is not None:
            yield from _recover(labels, held, columns, numbers, cut, odd, state, open_text, delimiter)
            return
        held.append((columns, numbers))
        rows += len(numbers)
        if rows >= BATCH_ROWS:
            yield _gathered(labels, held, odd, state)
            held, rows = [], 0
            batches += 1
            if batches % RELEASE_EVERY == 0:
                release_memory()
    if held:
        yield _gathered(labels, held, odd, state)
    if odd:
        state["last"] = odd[-1][0]
        yield _batch(labels, [pa.array([], type=pa.string()) for _ in range(ncols)], np.array([], dtype=np.int64), odd)
        odd.clear()
    state["done"] = True


def _swallowing_row(columns: list, delimiter: str, ncols: int) -> int | None:
    """Index of the first row with a value that swallowed records. Only a value holding a line
    break can have: a memchr over each column's bytes finds the (rare) columns that hold one."""
    first = None
    for column in columns:
        for j in cells_with_byte(column, b"\n\r"):  # a memchr first: nothing more for a column without one
            if first is not None and j >= first:
                break
            if swallowed(column[int(j)].as_py(), delimiter, ncols):
                first = int(j)
                break
    return first


def _recover(labels, held, columns, numbers, cut, odd, state, open_text, delimiter) -> Iterator[ColumnBatch]:
    """The rows before the swallowing record as Arrow read them, then the rest of the file read
    line by line from that record on."""
    start = int(numbers[cut])
    if cut:
        held.append(([c.slice(0, cut) for c in columns], numbers[:cut]))
    before = [r for r in odd if r[0] < start]
    odd.clear()  # invalid rows Arrow met after the swallowing record belong to its misreading
    if held:
        batch = _gathered(labels, held, before, state)
        yield batch
    if before:
        yield _batch(labels, [pa.array([], type=pa.string()) for _ in labels], np.array([], dtype=np.int64), before)
    unclosed: dict = state.setdefault("unclosed", {"count": 0, "first": []})
    last = [start]
    with open_text() as text:
        lines = lines_after(text, delimiter, start - 1)
        yield from pack(labels, person_records(lines, delimiter, len(labels), start, unclosed), grid=False,
                        typed=False, last=last)
    state["last"] = last[0]
    state["done"] = True


def _gathered(labels: list[str], held: list, odd: list, state: dict) -> ColumnBatch:
    """One ColumnBatch of the held blocks, with the invalid rows that fall among them."""
    if len(held) == 1:
        columns, numbers = held[0]
    else:
        columns = [pa.concat_arrays([c[i] for c, _ in held]) for i in range(len(labels))]
        numbers = np.concatenate([n for _, n in held])
    last = int(numbers[-1])
    placed = [r for r in odd if r[0] < last]
    del odd[: len(placed)]
    state["last"] = last
    return _batch(labels, columns, numbers, placed)


def _cells(text: str, delimiter: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if len(rows) == 1:
        return rows[0]
    return [cell for row in rows for cell in row]


def _batch(labels: list[str], columns: list, numbers: np.ndarray, odd: list[tuple[int, list]]) -> ColumnBatch:
    """Valid rows plus the invalid ones among them, in record order; blank rows only numbered."""
    ncols = len(labels)
    rownums = numbers.tolist()
    blank: list[int] = []
    if len(rownums) and ncols:
        empty = _blank_mask(columns)
        if empty is not None:
            keep = arrow_mask(~empty)
            blank = [r for r, e in zip(rownums, empty, strict=True) if e]
            columns = [c.filter(keep) for c in columns]
            rownums = [r for r, e in zip(rownums, empty, strict=True) if not e]
    ragged: dict[int, list] = {}
    if odd:
        data = []
        for r, cells in odd:
            if is_blank(cells):
                blank.append(r)
            else:
                data.append((r, cells))
        blank.sort()
        if data:
            fitted = [list(c[:ncols]) + [None] * (ncols - len(c)) for _, c in data]
            extra = [text_array(list(col)) for col in zip(*fitted, strict=True)] if ncols else []
            order = np.argsort(np.array(rownums + [r for r, _ in data], dtype=np.int64), kind="stable")
            by_row = arrow_indices(order)
            columns = [pc.take(pa.concat_arrays([c, e]), by_row) for c, e in zip(columns, extra, strict=True)]
            merged = rownums + [r for r, _ in data]
            rownums = [merged[k] for k in order]
            at = {r: cells for r, cells in data}
            ragged = {j: at[r] for j, r in enumerate(rownums) if r in at}
    return ColumnBatch(labels, columns, rownums, ragged, blank, typed=False)


def _blank_mask(columns: list) -> np.ndarray | None:
    """Rows whose every cell is empty or white space; None when there is none (the usual case).
    Only a first cell that is empty or opens with white space can start a blank row: those are
    picked from the bytes, and the regex decides on them."""
    head = columns[0]
    maybe = np.flatnonzero(may_be_blank(head))
    if not len(maybe):
        return None
    mask = np.zeros(len(head), dtype=bool)
    mask[maybe] = pc.fill_null(pc.match_substring_regex(head.take(arrow_indices(maybe)), SPACES), True).to_numpy(
        zero_copy_only=False)
    if not mask.any():
        return None
    for column in columns[1:]:
        rows = np.flatnonzero(mask)
        if not len(rows):
            return None
        sub = pc.match_substring_regex(pc.take(column, arrow_indices(rows)), SPACES).to_numpy(zero_copy_only=False)
        mask[rows[~sub]] = False
    return mask if mask.any() else None
