"""Recover the members of a ZIP whose end is cut off: a truncated download of a workbook.

A ZIP's directory sits at its end, so `zipfile` refuses a file cut short even though
every member before the cut is intact. Each member also starts with a local header
(name, method, sizes), so the file can be read from the front instead: members are
inflated one after another (a deflate stream knows where it ends, even when the
sizes were written after the data) and written to a new, complete ZIP in a private
temporary folder; the member the cut falls in keeps what inflates before the cut.
The same budget as any archive applies (member_bytes, ratio).
"""
from __future__ import annotations

import os
import shutil
import struct
import tempfile
import zipfile
import zlib

from .. import budget
from ..budget import LimitReached

LOCAL = b"PK\x03\x04"
_HEADER = struct.Struct("<4sHHHHHIIIHH")
CHUNK = 1 << 16


def salvage(path: str) -> tuple[str, str, int] | None:
    """(folder, repaired ZIP path, members recovered) or None when nothing can be read."""
    folder = tempfile.mkdtemp(prefix="audit-salvage-")
    repaired = os.path.join(folder, os.path.basename(path))
    try:
        with open(path, "rb") as src, zipfile.ZipFile(repaired, "w", zipfile.ZIP_DEFLATED) as out:
            count = _copy_members(src, out)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if not count:
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return folder, repaired, count


def _copy_members(src, out: zipfile.ZipFile) -> int:
    count = 0
    offset = 0
    while True:
        src.seek(offset)
        head = src.read(_HEADER.size)
        if len(head) < _HEADER.size or not head.startswith(LOCAL):
            return count
        _, _, flags, method, _, _, _, csize, _, nlen, xlen = _HEADER.unpack(head)
        name = src.read(nlen).decode("utf-8" if flags & 0x800 else "cp437", "replace")
        src.seek(xlen, os.SEEK_CUR)
        start = src.tell()
        if flags & 0x1 or method not in (0, 8) or name.endswith("/"):
            return count  # encrypted or an unknown method: stop at the intact members
        if method == 0 and flags & 0x8:
            return count  # stored with the size written after the data: its end cannot be found
        with out.open(name, "w") as dest:
            used = _copy_data(src, dest, method, csize, name)
        count += 1
        offset = start + used
        if flags & 0x8:  # skip the data descriptor: find the next local header
            src.seek(offset)
            window = src.read(64)
            at = window.find(LOCAL)
            if at < 0:
                return count
            offset += at


def _copy_data(src, dest, method: int, csize: int, name: str) -> int:
    """Copy one member's data, inflated; return the compressed bytes it took."""
    limits = budget.current().limits
    written = used = 0
    inflate = zlib.decompressobj(-15) if method == 8 else None
    while True:
        want = CHUNK if inflate is not None else min(CHUNK, csize - used)
        chunk = src.read(want) if want else b""
        if not chunk:
            return used
        if inflate is None:
            data, used = chunk, used + len(chunk)
        else:
            try:
                data = inflate.decompress(chunk)
            except zlib.error:
                return used + len(chunk)  # damaged where it was cut: keep what came before
            used += len(chunk) - len(inflate.unused_data)
        written += len(data)
        if written > limits.member_bytes:
            raise LimitReached("member_bytes", f"member '{name}'")
        if written > limits.ratio_floor and written > limits.ratio * max(used, 1):
            raise LimitReached("ratio", f"member '{name}'")
        dest.write(data)
        if inflate is not None and inflate.eof:
            return used
