"""A big sheet through calamine a window of rows at a time, in bounded memory.

calamine builds a sheet's cells whole: about 56 MB for 100,000 rows x 10 columns, and 40 MB
more while it builds them, so the memory of a read grows with the sheet. A sheet's
<sheetData> is a run of <row> elements, and any run of them, put between the sheet's own
head and the closing tags, is a well-formed sheet whose cells keep their addresses. Each
such window goes to calamine as a one-sheet workbook, stored (not deflated) in a temporary
file, with the parts calamine reads when it opens a workbook (its relationships, the shared
strings and the styles). The XML is inflated once, as calamine would inflate it; what windows
add is parsing those parts once a window, which the window size keeps to a fraction of the
sheet's own.

"<row" can be text only inside a comment, a CDATA section or a processing instruction: a sheet
whose scan found one among its rows (SheetScan.markup) is read whole.
"""
from __future__ import annotations

import os
import re
import struct
import tempfile
import zipfile
from collections.abc import Iterator
from typing import Any

from ..budget import LimitReached, open_member
from ..inflate import crc32
from .xlsx_scan import NAME_ENDS, ROW_NUMBER, SHEET_DATA

READ_CHUNK = 1 << 20
# The smallest window (XML bytes). 1, 2 and 4 MB windows read the benchmark's sheet in the same
# CPU as calamine's whole read; the loader's peak is 115, 120 and 134 MB against 179 whole.
MIN_WINDOW = 2 << 20
# A window holds at least this many times the bytes of the parts every window parses again.
PARTS_RATIO = 8
# A window whose rows span more cells than this (rows x the sheet's columns) is not read by
# calamine, which makes a grid of the whole span: rows far apart are the streaming reader's.
WINDOW_CELLS = 4_000_000
# A window past this size without a row boundary is refused (one row of 64 MiB of XML).
MAX_WINDOW = 64 << 20
# What calamine opens before a sheet: the package's and the workbook's parts.
BOOK_PARTS = ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
              "xl/sharedStrings.xml", "xl/styles.xml")
_AFTER_NAME = frozenset(NAME_ENDS)
_ROOT = re.compile(rb"<((?:\w+:)?worksheet)\b")
# a window's range is its own rows: the sheet's declared used range is left out
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?(?:/>|>.*?</(?:\w+:)?dimension>)", re.S)


# the ZIP records write_book makes (APPNOTE 4.3.7, 4.3.12, 4.3.16)
_LOCAL, _LOCAL_SIGNATURE = struct.Struct("<4s5H3L2H"), b"PK\x03\x04"
_CENTRAL, _CENTRAL_SIGNATURE = struct.Struct("<4s6H3L5H2L"), b"PK\x01\x02"
_END, _END_SIGNATURE = struct.Struct("<4s4H2LH"), b"PK\x05\x06"
_DOS_1980 = 0x21  # 1980-01-01, the first date a ZIP can hold
_ZIP32_LIMIT = 0xFFFFFFFF

Block = tuple[int, int, Any]  # (first row, first column, rows from there), 0-based


class NotWindowed(Exception):
    """The sheet cannot be cut into windows (no <sheetData> of the expected form), or a window's
    rows lie too far apart: the caller reads the rest another way."""


def book_parts(zf: zipfile.ZipFile) -> dict[str, bytes]:
    """The parts every window carries, read within the budget."""
    names = set(zf.namelist())
    parts = {}
    for name in BOOK_PARTS:
        if name in names:
            with open_member(zf, name, name) as fh:
                parts[name] = fh.readall()
    return parts


def window_size(parts: dict[str, bytes]) -> int:
    return max(MIN_WINDOW, PARTS_RATIO * sum(len(b) for b in parts.values()))


def windows(fh, size: int) -> Iterator[tuple[bytes, bytearray, bytes]]:
    """The sheet's XML from `fh` as well-formed sheets of about `size` bytes each, cut before a
    <row>: (head, rows, closing tags). Everything after </sheetData> (merged ranges, page
    setup) is left out."""
    buf = bytearray()
    while b"sheetData" not in buf or SHEET_DATA.search(buf) is None:
        chunk = fh.read(READ_CHUNK)
        if not chunk:
            raise NotWindowed("no <sheetData>")
        buf += chunk
        if len(buf) > MAX_WINDOW:
            raise NotWindowed("no <sheetData> in the sheet's head")
    opening = SHEET_DATA.search(buf)
    assert opening is not None
    root = _ROOT.search(buf, 0, opening.start())
    if root is None:
        raise NotWindowed("no <worksheet> before <sheetData>")
    if opening.group(2):  # <sheetData/>: no rows
        return
    prefix = opening.group(1)
    head = _DIMENSION.sub(b"", bytes(buf[:opening.end()]))
    close = b"</" + prefix + b"sheetData>"
    tail = close + b"</" + root.group(1) + b">"
    row = b"<" + prefix + b"row"
    del buf[:opening.end()]
    searched = 0  # where the search for the closing tag resumes
    while True:
        end = buf.find(close, searched)
        limit = end if end >= 0 else len(buf)
        while limit > size:  # as many windows as the buffer holds, each cut before the first row past `size`
            cut = _row_start(buf, row, size, limit)
            if cut <= 0:
                break
            yield head, buf[:cut], tail
            del buf[:cut]
            limit -= cut
            end = end - cut if end >= 0 else end
        if end >= 0:
            if end:
                yield head, buf[:end], tail
            return
        if len(buf) > MAX_WINDOW:
            raise LimitReached("sheet_cells", f"a row of more than {MAX_WINDOW >> 20} MiB of XML")
        searched = max(0, len(buf) - len(close) - 1)
        chunk = fh.read(READ_CHUNK)
        if not chunk:
            raise NotWindowed("the sheet ends inside <sheetData>")
        buf += chunk


def _row_start(buf: bytearray, row: bytes, start: int, stop: int) -> int:
    """Where the first <row> element starting in buf[start:stop] starts (0: none known yet)."""
    at = buf.find(row, start, stop)
    while at >= 0:
        follow = at + len(row)
        if follow >= len(buf):
            return 0  # "<row" at the very end: its name may go on in the next chunk
        if buf[follow] in _AFTER_NAME:
            return at
        at = buf.find(row, at + 1, stop)
    return 0


def _rows_spanned(rows: bytearray) -> int:
    """How many rows a window's grid spans, from its first and last <row r="N"> (0: unknown)."""
    first = ROW_NUMBER.search(rows)
    if first is None:
        return 0
    at = len(rows)
    while (at := rows.rfind(b"row", 0, at)) > 0:
        last = ROW_NUMBER.match(rows, rows.rfind(b"<", 0, at))
        if last is not None and last.start() < at < last.end():  # the last <row>, not "row" in a text
            return abs(int(last.group(1)) - int(first.group(1))) + 1
    return 0


def write_book(out, parts: dict[str, bytes], member: str, pieces) -> None:
    """A workbook in the file `out` holding `parts` and the concatenated `pieces` as the sheet at
    `member`: a ZIP of stored members (calamine inflates nothing). It is written here, not by
    zipfile, for the CRC-32 of each window: zlib's, which zipfile uses, took two thirds of the
    time of writing one, and ISA-L's is four times faster. Past 4 GiB a ZIP needs the ZIP64
    records this writer does not make: NotWindowed (the sheet then streams)."""
    out.seek(0)
    directory = []
    for name, chunks in [*((name, (data,)) for name, data in parts.items()), (member, pieces)]:
        crc, size = 0, 0
        for chunk in chunks:
            crc, size = crc32(chunk, crc), size + len(chunk)
        offset, encoded = out.tell(), name.encode("utf-8")
        if offset + _LOCAL.size + len(encoded) + size >= _ZIP32_LIMIT:
            raise NotWindowed("a window of more than 4 GiB")
        flags = 0 if name.isascii() else 0x800  # the name in UTF-8
        fields = (20, flags, zipfile.ZIP_STORED, 0, _DOS_1980, crc, size, size, len(encoded))
        out.write(_LOCAL.pack(_LOCAL_SIGNATURE, *fields, 0) + encoded)
        out.writelines(chunks)
        directory.append(_CENTRAL.pack(_CENTRAL_SIGNATURE, 20, *fields, 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    out.writelines(directory)
    out.write(_END.pack(_END_SIGNATURE, 0, 0, len(directory), len(directory), out.tell() - start, start, 0))
    out.truncate()  # after writing over the last window, not before: the file keeps its pages
    out.flush()


def window_rows(path: str, member: str, name: str, size: int | None = None,
                skip: int = 0, columns: int = 0) -> Iterator[tuple[int, Block]]:
    """(window number, (first row, first column, rows)) of each window of sheet `name` holding a
    cell, 0-based as calamine counts; the rows run from the first row and column holding a cell.
    `size` overrides the window size (window_size); the first `skip` windows are passed over
    unread. A window whose rows span more than WINDOW_CELLS cells of `columns` (rows far apart)
    is NotWindowed: calamine would make a grid of all of it. Each window is written to one
    temporary file (so neither our memory nor calamine's holds its bytes), private to the
    process and, where the system names open files (/proc/self/fd, /dev/fd), without a name on
    disk from the start: nothing of the sheet is left behind, even if the process is killed."""
    from python_calamine import CalamineWorkbook

    handle, book = tempfile.mkstemp(suffix=".xlsx", prefix="audit-window-")  # mode 0600
    out = os.fdopen(handle, "w+b")
    link = next((f"{folder}/{handle}" for folder in ("/proc/self/fd", "/dev/fd")
                 if os.path.exists(f"{folder}/{handle}")), None)
    if link is not None:
        os.unlink(book)
    try:
        with zipfile.ZipFile(path) as zf:
            parts = book_parts(zf)
            size = size or window_size(parts)
            with open_member(zf, member, member) as fh:
                for number, pieces in enumerate(windows(fh, size)):
                    if number < skip:
                        continue
                    if columns and _rows_spanned(pieces[1]) * columns > WINDOW_CELLS:
                        raise NotWindowed(f"window {number} spreads its rows too far apart")
                    write_book(out, parts, member, pieces)
                    del pieces
                    sheet = CalamineWorkbook.from_path(link or book).get_sheet_by_name(name)
                    start = sheet.start
                    if start is not None:
                        yield number, (start[0], start[1], sheet.to_python(skip_empty_area=True))
    finally:
        out.close()
        if link is None:
            os.unlink(book)
