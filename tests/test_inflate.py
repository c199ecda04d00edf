"""Deflated ZIP members read by our reader (ISA-L where isal is installed): the bytes zipfile
gives, in reads of any size, with zipfile's checks (CRC-32, a member cut short, a damaged
header) and the budget's limits."""
from __future__ import annotations

import copy
import random
import zipfile
import zlib

import pytest

from auditor import inflate
from auditor.budget import LimitReached, Limits, open_member, running


def _text(n: int, seed: int = 3) -> bytes:
    rng = random.Random(seed)
    words = ["<row r=\"1\">", "<c r=\"A1\" t=\"inlineStr\"><is><t>", "110105********1234", "海淀区", "</t></is></c>"]
    out = bytearray()
    while len(out) < n:
        out += rng.choice(words).encode() + bytes([rng.randrange(256)]) * rng.randrange(3)
    return bytes(out[:n])


@pytest.fixture()
def book(tmp_path):
    path = tmp_path / "b.zip"
    with open(path, "wb") as fh:
        fh.write(b"a prefix before the archive, as self-extracting archives have\n")
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("big.xml", _text(3_000_000))
            zf.writestr("small.xml", b"<a/>")
            zf.writestr("stored.xml", _text(5000, 9), compress_type=zipfile.ZIP_STORED)
    return str(path)


def _ours(zf: zipfile.ZipFile, info: zipfile.ZipInfo, codec):
    return inflate._Inflating(open(zf.filename, "rb"), info, codec)


def _all(fh, size: int) -> bytes:
    out = []
    while chunk := fh.read(size):
        assert len(chunk) <= size
        out.append(chunk)
    return b"".join(out)


@pytest.mark.parametrize("codec", inflate.CODECS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("size", [1, 4096, 65_537, 1 << 20, 8 << 20])
def test_a_member_reads_as_zipfile_reads_it(book, codec, size):
    with zipfile.ZipFile(book) as zf:
        for name in ("big.xml", "small.xml"):
            expected = zf.read(name)
            reader = _ours(zf, zf.getinfo(name), codec)
            got = _all(reader, size if name == "big.xml" or size < 10 else 2)
            reader.close()
            assert got == expected
            assert len(got) == (3_000_000 if name == "big.xml" else 4)


def test_open_member_takes_our_reader_where_isal_is_installed_and_zipfile_s_otherwise(book):
    with zipfile.ZipFile(book) as zf:
        deflated = inflate.open_deflated(zf, zf.getinfo("big.xml"))
        stored = inflate.open_deflated(zf, zf.getinfo("stored.xml"))
        plain = inflate.open_deflated(zf, zf.getinfo("big.xml"), codec=zlib)
        assert isinstance(deflated, inflate._Inflating) == (inflate.CODECS[0] is not zlib)
        assert isinstance(stored, zipfile.ZipExtFile) and isinstance(plain, zipfile.ZipExtFile)
        assert _all(stored, 1000) == zf.read("stored.xml")
        for fh in (deflated, stored, plain):
            fh.close()
        with open_member(zf, "big.xml", "big.xml") as fh:
            assert _all(fh, 1 << 20) == zf.read("big.xml") and fh.read_bytes == 3_000_000


@pytest.mark.parametrize("codec", inflate.CODECS, ids=lambda c: c.__name__)
def test_a_wrong_checksum_a_member_cut_short_and_a_damaged_header_raise_as_zipfile_does(book, codec):
    with zipfile.ZipFile(book) as zf:
        info = zf.getinfo("big.xml")
        wrong = copy.copy(info)
        wrong.CRC = info.CRC ^ 1
        with pytest.raises(zipfile.BadZipFile, match="CRC"):
            _all(_ours(zf, wrong, codec), 1 << 20)
        wrong.CRC, wrong.compress_size = info.CRC, info.compress_size - 100
        with pytest.raises(EOFError):
            _all(_ours(zf, wrong, codec), 1 << 20)
        wrong.compress_size, wrong.header_offset = info.compress_size, info.header_offset + 1
        with pytest.raises(zipfile.BadZipFile, match="header"):
            _ours(zf, wrong, codec)


def test_a_deflate_bomb_stops_at_the_member_limit(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("sheet.xml", b"\0" * (200 << 20))
    assert path.stat().st_size < 400_000
    with running(Limits(member_bytes=32 << 20)), zipfile.ZipFile(path) as zf:
        fh = open_member(zf, "sheet.xml", "sheet.xml")
        with pytest.raises(LimitReached) as stop:
            _all(fh, 1 << 20)
        fh.close()
    assert stop.value.limit in ("member_bytes", "ratio") and fh.read_bytes <= (32 << 20) + (33 << 20)
