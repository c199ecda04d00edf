"""Choose a text encoding the way a careful person would.

Policy: BOM → strict UTF-8 over the *whole* file → GB18030 when the text reads
like Chinese → BOM-less UTF-16 by its NUL pattern → chardet for the rest
(Big5, Shift-JIS, Cyrillic, ...) → Windows-1252 → Latin-1. frictionless decodes
only the first 100 KB and then fails on a GBK byte deep in the file; reading the
whole file in chunks is cheap (C speed) and settles it.
"""
from __future__ import annotations

import codecs

import numpy as np
import pyarrow as pa

CHUNK = 1 << 20
SAMPLE = 256 * 1024

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# chardet names one code page; a real file often uses that page's superset (a Big5 file with
# one ETEN or HKSCS character decodes only as cp950/big5hkscs). So an answer stands for its
# family, tried narrowest first, and every family is tried before any Western code page.
_FAMILIES = {
    "big5": ("big5", "cp950", "big5hkscs"),
    "cp950": ("cp950", "big5hkscs"),
    "big5hkscs": ("big5hkscs",),
    "gb2312": ("gb18030",), "gbk": ("gb18030",), "gb18030": ("gb18030",),
    "shift_jis": ("shift_jis", "cp932"), "cp932": ("cp932",), "euc-jp": ("euc-jp",), "iso-2022-jp": ("iso-2022-jp",),
    "euc-kr": ("euc-kr", "cp949"), "cp949": ("cp949",), "johab": ("johab",),
    "windows-1251": ("cp1251",), "koi8-r": ("koi8-r", "koi8-u"), "koi8-u": ("koi8-u",), "iso-8859-5": ("iso-8859-5",),
    "maccyrillic": ("mac-cyrillic",), "mac-cyrillic": ("mac-cyrillic",), "ibm866": ("cp866",), "cp866": ("cp866",),
    "windows-1253": ("cp1253",), "iso-8859-7": ("iso-8859-7", "cp1253"),
    "windows-1255": ("cp1255",), "iso-8859-8": ("iso-8859-8", "cp1255"),
    "windows-1256": ("cp1256",), "iso-8859-6": ("iso-8859-6", "cp1256"),
    "tis-620": ("tis-620", "cp874"), "windows-874": ("cp874",),
    "windows-1250": ("cp1250",), "iso-8859-2": ("iso-8859-2", "cp1250"),
    "windows-1254": ("cp1254",), "iso-8859-9": ("iso-8859-9", "cp1254"),
    "utf-16": ("utf-16",), "utf-16le": ("utf-16-le",), "utf-16be": ("utf-16-be",), "utf-32": ("utf-32",),
}


def decodes(path: str, encoding: str) -> bool:
    """True when the whole file decodes strictly in `encoding`."""
    if encoding in ("utf-8", "utf-8-sig"):
        return _valid_utf8(path)
    dec = codecs.getincrementaldecoder(encoding)("strict")
    try:
        with open(path, "rb") as fh:
            while True:
                chunk = fh.read(CHUNK)
                if not chunk:
                    dec.decode(b"", final=True)
                    return True
                dec.decode(chunk)
    except (UnicodeDecodeError, LookupError):
        return False


def _valid_utf8(path: str, chunk_bytes: int = CHUNK) -> bool:
    """Strict UTF-8 over the whole file, checked by Arrow's validator (about twice the speed of
    decoding, and no text is made). A chunk ends before a character it would cut."""
    carry = b""
    with open(path, "rb") as fh:
        while chunk := fh.read(chunk_bytes):
            chunk = carry + chunk
            cut = _char_boundary(chunk)
            carry = chunk[cut:]
            if not _utf8_ok(chunk[:cut] if cut < len(chunk) else chunk):
                return False
    return _utf8_ok(carry)


def _char_boundary(chunk: bytes) -> int:
    """Where the last (possibly incomplete) multi-byte character of `chunk` starts, or its end."""
    cut, back = len(chunk), 0
    while cut and back < 3 and chunk[cut - 1] & 0xC0 == 0x80:
        cut, back = cut - 1, back + 1
    if cut and chunk[cut - 1] >= 0xC0:
        return cut - 1
    return len(chunk) if not back else cut


def _utf8_ok(data: bytes) -> bool:
    if not data:
        return True
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int32).tobytes())
    try:
        pa.Array.from_buffers(pa.string(), 1, [None, offsets, pa.py_buffer(data)]).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _reads_as_chinese(sample: bytes) -> bool:
    """GB18030 decodes almost any byte pairs; real Chinese text stays inside GB2312 and mostly
    in its first level (the 3,755 common characters, lead bytes 0xB0-0xD7) and punctuation.
    Cyrillic or Greek single-byte text read as GB18030 pairs lands mostly in the rare second
    level or outside GB2312, so it fails this test."""
    text = sample.decode("gb18030", "ignore")
    wide = [c for c in text if ord(c) > 0x7F][:20000]
    if not wide:
        return True
    in_gb2312 = common = 0
    for c in wide:
        try:
            lead = c.encode("gb2312")[0]
        except UnicodeEncodeError:
            continue
        in_gb2312 += 1
        if 0xB0 <= lead <= 0xD7 or 0xA1 <= lead <= 0xA3:
            common += 1
    return in_gb2312 / len(wide) >= 0.9 and common / len(wide) >= 0.75


def _utf16_by_nuls(sample: bytes) -> str | None:
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def detect_encoding(path: str) -> tuple[str, bool]:
    """Return (encoding, exact): exact is False when no encoding decodes every byte."""
    with open(path, "rb") as fh:
        sample = fh.read(SAMPLE)
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name, decodes(path, name)
    if decodes(path, "utf-8"):
        return "utf-8", True
    utf16 = _utf16_by_nuls(sample)
    if utf16 and decodes(path, utf16):
        return utf16, True
    gb_ok = decodes(path, "gb18030")
    if gb_ok and _reads_as_chinese(sample):
        return "gb18030", True
    damaged = _mostly_decodes(sample)  # before chardet: single-byte guesses decode anything
    if damaged:
        return damaged, False
    import chardet

    name = (chardet.detect(sample).get("encoding") or "").lower().replace("_", "-")
    name = {"shift-jis": "shift_jis"}.get(name, name)
    # chardet's confidence is low on short or repetitive text, but once UTF-8 has failed
    # its answer is the best evidence we have, provided the whole file decodes in its family.
    for candidate in _FAMILIES.get(name, ()):
        if candidate == "gb18030" and not gb_ok:
            continue
        if decodes(path, candidate):
            return candidate, True
    if decodes(path, "cp1252"):
        return "cp1252", True
    return "latin-1", True


def _mostly_decodes(sample: bytes) -> str | None:
    """A UTF-8 or GB18030 file with a few broken bytes is that encoding, damaged (MR006)."""
    for name in ("utf-8", "gb18030"):
        text = sample.decode(name, "replace")
        bad = text.count("\ufffd")
        good = sum(1 for c in text if ord(c) > 0x7F) - bad
        if good >= 5 * max(bad, 1) and (name == "utf-8" or _reads_as_chinese(sample)):
            return name
    return None
