"""Checksums and shapes of personal identifiers, shared by the SF pack and redaction.

Everything here judges one already-isolated token (no searching in text, no
masking): the SF pack finds and unmasks candidates, then asks these functions
whether a candidate really is a resident ID, a credit code, a mobile number.
"""
from __future__ import annotations

import datetime as dt
import functools
import re

from . import lazyre

# -- GB 11643 resident identity numbers -------------------------------------------------
# Province-level codes of GB/T 2260 plus 71 (Taiwan) and 81/82/83, the codes of the residence
# permits for Hong Kong, Macau and Taiwan residents. County codes are not checked on purpose:
# registration codes change and a strict table rejects the standard's own example.
PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83", "91",
})
EARLIEST_BIRTH = dt.date(1900, 1, 1)

# Digit runs bounded by anything that is not a digit or Latin letter, so digits
# glued to Chinese labels (身份证号110105...) are still found: no \b.
ID18_RE = lazyre.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE_RE = lazyre.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![0-9])")
CARD_RE = lazyre.compile(r"(?<![0-9])(?:\d[ -]?){15,18}\d(?![0-9])")
EMAIL_RE = lazyre.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")


# Full-width digits (１３９１２３４５６７８) and the signs, X and spaces typed with them: a number
# written so is the same number, for the detectors and for the scrubber alike.
_FOLD = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                       "Ｘ": "X", "ｘ": "x", "－": "-", "＋": "+", "（": "(", "）": ")", "\u3000": " "})
FOLD_RE2 = "[０-９]"  # the same test for pyarrow's RE2


def fold_number_chars(text: str) -> str:
    """ASCII digits for full-width ones, in a text that holds any."""
    if not any("０" <= ch <= "９" for ch in text):
        return text
    return text.translate(_FOLD)


def id_check_char(body17: str) -> str:
    """The MOD 11-2 check character of the first 17 digits.

    The weights are 2^(17-i) mod 11 and 13 ≡ 2 (mod 11), so reading the digits in
    base 13 gives the weighted sum in one C-level call (python-stdnum's trick)."""
    value = (1 - 2 * int(body17, 13)) % 11
    return "X" if value == 10 else str(value)


def make_resident_id(region: str, born: str, order: str) -> str:
    """A synthetic, checksum-valid 18-digit number (tests, examples, benchmarks)."""
    body = f"{region}{born}{order}"
    return body + id_check_char(body)


def id_checksum_ok(s: str) -> bool:
    s = s.upper()
    if len(s) != 18 or not s[:17].isdecimal():
        return False
    return id_check_char(s[:17]) == s[17]


def id_birth_date(s: str) -> dt.date | None:
    try:
        return dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return None


def id_province_ok(s: str) -> bool:
    """Citizens and HK/Macau/Taiwan permits: a province code; foreign permanent residents
    (2023 format): 9 followed by the issuing province."""
    return s[:2] in PROVINCES or (s[0] == "9" and s[1:3] in PROVINCES)


def id_shape_ok(s: str, today: dt.date | None = None) -> bool:
    """A plausible province and a real birth date not after `today` (checksum aside)."""
    if not id_province_ok(s):
        return False
    born = id_birth_date(s)
    return born is not None and EARLIEST_BIRTH <= born <= (today or dt.date.today())


def is_resident_id(s: str, today: dt.date | None = None) -> bool:
    """GB 11643: checksum, a plausible province, a real birth date not in the future."""
    return id_checksum_ok(s) and id_shape_ok(s, today)


def is_resident_id15(s: str, today: dt.date | None = None) -> bool:
    """First-generation 15-digit numbers: province + YYMMDD of the 1900s, no check digit.
    Too weak alone: callers require a column header that names an ID."""
    if len(s) != 15 or not s.isdecimal() or s[:2] not in PROVINCES:
        return False
    try:
        born = dt.date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))
    except ValueError:
        return False
    return born <= (today or dt.date.today())


# -- GB 32100 unified social credit codes ----------------------------------------------
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


# Characters → their GB 32100 value written as a base-34 digit: 34 ≡ 3 (mod 31), so the
# reversed code read in base 34 is the MOD 31-3 weighted sum (weights 3^i) modulo 31.
_USCC_BASE34 = str.maketrans({c: "0123456789ABCDEFGHIJKLMNOPQRSTUVWX"[i] for i, c in enumerate(USCC_ALPHABET)})


def uscc_check_char(body17: str) -> str:
    total = int(body17[::-1].translate(_USCC_BASE34), 34)
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_ok(code9: str) -> bool:
    """GB 11714 organisation code (8 characters + check), embedded in a credit code."""
    body, check = code9[:8], code9[8]
    total = sum((int(c) if c.isdecimal() else ord(c) - 55) * w for c, w in zip(body, ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return check == ("X" if value == 10 else "0" if value == 11 else str(value))


def is_uscc(s: str) -> bool:
    """GB 32100 MOD 31-3 check plus the embedded GB 11714 check. A valid credit code
    identifies an organisation (or an individual business, type 92), never a person's ID."""
    if len(s) != 18 or not s[2:8].isdecimal() or not _USCC_VALUE.keys() >= set(s):
        return False
    return uscc_check_char(s[:17]) == s[17] and org_code_ok(s[8:17])


def make_uscc(prefix8: str, org8: str) -> str:
    """A synthetic valid credit code from registration prefix and organisation body."""
    total = sum((int(c) if c.isdecimal() else ord(c) - 55) * w for c, w in zip(org8, ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    body = prefix8 + org8 + ("X" if value == 10 else "0" if value == 11 else str(value))
    return body + uscc_check_char(body)


def is_individual_business(s: str) -> bool:
    """Credit codes of 个体工商户 (registration authority 9, type 2) belong to a person."""
    return s.startswith("92") and is_uscc(s)


# -- telephone numbers (libphonenumber's China metadata) -------------------------------
@functools.cache
def cn_pattern(kind: str) -> str:
    """libphonenumber's national-number pattern of China for `kind` ("mobile", "fixed_line"),
    also run by pyarrow's RE2 (rules/sensitive/vectorised.py). Loaded on first use: importing
    phonenumbers takes 20 ms, and a file whose phones are all masked never needs it."""
    import phonenumbers

    meta = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    desc = getattr(meta, kind, None)
    pattern = getattr(desc, "national_number_pattern", None)
    if not pattern:  # pragma: no cover - the metadata ships with phonenumbers
        raise RuntimeError(f"phonenumbers has no CN {kind} pattern")
    return pattern


@functools.cache
def _full(kind: str) -> re.Pattern[str]:
    return re.compile(cn_pattern(kind))


_LOCAL_FULL = lazyre.compile(r"[2-9]\d{6,7}")


def is_mobile(digits: str) -> bool:
    """An 11-digit number on a mobile range in current use."""
    return len(digits) == 11 and _full("mobile").fullmatch(digits) is not None


def is_landline(digits: str) -> bool:
    """A fixed-line number with its area code and trunk 0 (010-65529988, 0755-88889999)."""
    return 10 <= len(digits) <= 12 and digits[0] == "0" and _full("fixed_line").fullmatch(digits[1:]) is not None


def is_local_landline(digits: str) -> bool:
    """A 7-8 digit local number without area code: only meaningful under a phone header."""
    return _LOCAL_FULL.fullmatch(digits) is not None


# -- payment cards ---------------------------------------------------------------------
def luhn_ok(digits: str) -> bool:
    total, double = 0, False
    for ch in reversed(digits):
        d = ord(ch) - 48
        if double:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
        double = not double
    return total % 10 == 0


def make_card(body: str) -> str:
    """A synthetic card number: `body` plus the Luhn digit that makes it valid."""
    return body + next(d for d in "0123456789" if luhn_ok(body + d))


def card_bin_ok(digits: str) -> bool:
    """Issuer prefixes of cards in use in China: UnionPay 62/60/81, Visa 4, Mastercard 2/5,
    JCB and Amex 3."""
    return digits[0] in "23456" or digits.startswith("81")


def is_card(digits: str) -> bool:
    return 16 <= len(digits) <= 19 and card_bin_ok(digits) and luhn_ok(digits)


# -- travel documents and licence plates -------------------------------------------------
PASSPORT_RE = lazyre.compile(
    r"E[0-9A-HJ-NP-Z]\d{7}|[EG]\d{8}|(?:DE|SE|PE)\d{7}|[DSP]\d{7,8}|K\d{8}|MA\d{7}|1[45]\d{7}|[HM]\d{8,10}"
)
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"
PLATE_RE = lazyre.compile(
    rf"[{PLATE_PROVINCES}][A-HJ-NP-Z](?:[A-HJ-NP-Z0-9]{{4}}[A-HJ-NP-Z0-9挂学警港澳]"
    r"|[DF][A-HJ-NP-Z0-9]\d{4}|\d{5}[DF])"
)


def is_passport(s: str) -> bool:
    return PASSPORT_RE.fullmatch(s) is not None


def is_plate(s: str) -> bool:
    return PLATE_RE.fullmatch(s) is not None
