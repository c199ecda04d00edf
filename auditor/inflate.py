"""A deflated ZIP member inflated by ISA-L (python-isal) where it is installed.

A big sheet's XML is inflated twice, once by the sheet scan and once by the windows calamine
reads (xlsx_windows); zlib takes 0.06-0.09 s for the benchmark's 58 MB sheet and its CRC 0.02 s,
isal 0.025 s and 0.005 s. This reader takes the member's compressed bytes from its own handle
on the archive, PIECE bytes at a call (so one call's output is bounded by deflate's ratio,
1032:1, times PIECE), and checks the CRC-32 at the end as zipfile does. Without isal, or for a
member it cannot take (encrypted, not deflated, in an archive opened from a stream), the
member is zipfile's, which inflates with zlib as fast as this reader would.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import IO, Any

CODECS: tuple[Any, ...] = (zlib,)
try:  # ISA-L: the same raw deflate, inflated in less than half the time
    from isal import isal_zlib

    CODECS = (isal_zlib, zlib)
except ImportError:  # pragma: no cover - the fallback where no wheel of isal exists
    pass

crc32 = CODECS[0].crc32  # ISA-L's (four times zlib's speed) where installed
PIECE = 1 << 15  # compressed bytes per call: at most 33 MB out, even of a crafted member
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader: 30 bytes
_SIGNATURE = b"PK\x03\x04"


def open_deflated(zf: zipfile.ZipFile, info: zipfile.ZipInfo, codec: Any = CODECS[0]) -> IO[bytes]:
    """A reader of the member's inflated bytes: ours where it can take the member, else zipfile's.
    `codec` is isal_zlib where isal is installed, else zlib."""
    if (codec is zlib or info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1
            or not isinstance(zf.filename, str)):
        return zf.open(info)
    try:
        fp = open(zf.filename, "rb")  # noqa: SIM115 - closed by the reader
    except OSError:
        return zf.open(info)
    return _Inflating(fp, info, codec)  # type: ignore[return-value]  # a RawIOBase: read(n) as IO[bytes]


class _Inflating(io.RawIOBase):
    """read(n) of one member's inflated bytes, from its own handle on the archive."""

    def __init__(self, fp: IO[bytes], info: zipfile.ZipInfo, codec: Any):
        self.fp, self.info, self.codec = fp, info, codec
        try:
            fp.seek(info.header_offset)
            header = fp.read(_LOCAL_HEADER.size)
            if len(header) != _LOCAL_HEADER.size or header[:4] != _SIGNATURE:
                raise zipfile.BadZipFile(f"Bad magic number for file header of {info.filename!r}")
            fields = _LOCAL_HEADER.unpack(header)
            fp.seek(info.header_offset + _LOCAL_HEADER.size + fields[10] + fields[11])  # name, extra
        except BaseException:
            fp.close()
            raise
        self.left = info.compress_size
        self.inflater = codec.decompressobj(-15)
        self.crc = 0
        self.rest = b""  # inflated bytes not yet handed out
        self.ended = False

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes (1 MiB when no size is given: never an unbounded read); fewer only
        at the end. The pieces inflated for a read are joined once."""
        if size is None or size < 0:
            size = 1 << 20
        pieces = [self.rest] if self.rest else []
        have = len(self.rest)
        while have < size and not self.ended:
            more = self._inflate()
            pieces.append(more)
            have += len(more)
        data = pieces[0] if len(pieces) == 1 else b"".join(pieces)
        if len(data) <= size:
            self.rest = b""
            return data
        self.rest = data[size:]
        return data[:size]

    def _inflate(self) -> bytes:
        if self.inflater.eof or not self.left:
            self._end()
            return b""
        data = self.fp.read(min(PIECE, self.left))
        if not data:
            raise EOFError(f"{self.info.filename}: the archive ends inside the member")
        self.left -= len(data)
        more = self.inflater.decompress(data)
        self.crc = self.codec.crc32(more, self.crc)
        return more

    def _end(self) -> None:
        self.ended = True
        if not self.inflater.eof:
            raise EOFError("Compressed file ended before the end-of-stream marker was reached")
        if self.crc != self.info.CRC:
            raise zipfile.BadZipFile(f"Bad CRC-32 for file {self.info.filename!r}")

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.fp.close()
        super().close()
