"""Choose a text encoding the way a careful person would.

Policy: BOM → strict UTF-8 over the *whole* file → GB18030 when the text reads
like Chinese → BOM-less UTF-16 by its NUL pattern → chardet for the rest
(Big5, Shift-JIS, Cyrillic, ...) → Windows-1252 → Latin-1. frictionless decodes
only the first 100 KB and then fails on a GBK byte deep in the file; reading the
whole file in chunks is cheap (C speed) and settles it.
"""
from __future__ import annotations

import codecs

CHUNK = 1 << 20
SAMPLE = 256 * 1024

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# chardet answers we trust when confident; everything else Western falls to cp1252.
_TRUSTED = {
    "big5", "gb2312", "gb18030", "euc-tw", "euc-jp", "shift_jis", "cp932", "euc-kr", "cp949",
    "iso-2022-jp", "koi8-r", "windows-1251", "iso-8859-5", "maccyrillic", "ibm866",
    "windows-1253", "iso-8859-7", "windows-1255", "iso-8859-8", "tis-620", "windows-1256",
    "utf-16", "utf-16le", "utf-16be", "utf-32",
}


def decodes(path: str, encoding: str) -> bool:
    """True when the whole file decodes strictly in `encoding`."""
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


def _reads_as_chinese(sample: bytes) -> bool:
    """GB18030 decodes almost anything; real Chinese text stays inside GB2312."""
    text = sample.decode("gb18030", "ignore")
    wide = [c for c in text if ord(c) > 0x7F]
    if not wide:
        return True
    common = 0
    for c in wide[:20000]:
        try:
            c.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / min(len(wide), 20000) >= 0.9


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

    name = (chardet.detect(sample).get("encoding") or "").lower()
    if name in ("gb2312", "gbk", "gb18030"):
        name = "gb18030"
    if name == "gb18030" and gb_ok:
        return "gb18030", True
    # chardet's confidence is low on short or repetitive text, but once UTF-8 has failed
    # its first answer is the best evidence we have, provided the whole file decodes.
    if name in _TRUSTED and name != "gb18030" and decodes(path, name):
        return name, True
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
