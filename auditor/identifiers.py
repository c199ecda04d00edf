"""Checksums and shapes of personal identifiers, shared by the SF pack and redaction."""
from __future__ import annotations

import datetime as dt
import re

_ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
_ID_CHECK = "10X98765432"
PROVINCES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83", "91",
}

# Digit runs bounded by anything that is not a digit or Latin letter, so digits
# glued to Chinese labels (身份证号110105...) are still found: no \b.
ID18_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE_RE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![0-9])")
CARD_RE = re.compile(r"(?<![0-9])(?:\d[ -]?){15,18}\d(?![0-9])")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")


def id_checksum_ok(s: str) -> bool:
    s = s.upper()
    if len(s) != 18 or not s[:17].isdigit():
        return False
    return _ID_CHECK[sum(int(c) * w for c, w in zip(s[:17], _ID_WEIGHTS)) % 11] == s[17]


def id_birth_date(s: str) -> dt.date | None:
    try:
        return dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return None


def is_resident_id(s: str, today: dt.date | None = None) -> bool:
    """GB 11643: checksum, a plausible province, a real birth date not in the future."""
    if not id_checksum_ok(s) or s[:2] not in PROVINCES:
        return False
    born = id_birth_date(s)
    today = today or dt.date.today()
    return born is not None and dt.date(1900, 1, 1) <= born <= today


def luhn_ok(digits: str) -> bool:
    total, double = 0, False
    for ch in reversed(digits):
        d = ord(ch) - 48
        if double:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
        double = not double
    return total % 10 == 0
