"""The no-leak rule (DESIGN §6): redaction, scrubbing and keyed fingerprints.

`scrub` is the one decision on what of a publisher's text may be shown: every
example, message, label and name passes through it (the engine's stamping, the
renderers) before it reaches a report, so a personal identifier never leaves the
process, whichever rule quoted it and however it was typed (full-width digits,
spaces or dashes inside the number).
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets

from .identifiers import EMAIL_RE, fold_number_chars, id_checksum_ok, luhn_ok
from .personal_headers import names_personal_data

# A run of digits with single separators inside (110105 19900307 1234, 139-1234-5678); an ID's
# check character X may close it. Glued to Latin letters (ID110105...) it still counts.
_NUMBER_RE = re.compile(r"(?<![0-9])[0-9](?:[ \-‐‑‒–—\u3000]?[0-9])*(?:[ \-]?[Xx])?(?![0-9])")
_SEPARATOR_RE = re.compile(r"[ \-‐‑‒–—\u3000]")

_RUN_KEY = secrets.token_bytes(32)
KEY_ENV = "AUDIT_FINGERPRINT_KEY"


def redact(value) -> str:
    """Show at most the last 4 characters: `**************123X`."""
    text = str(value)
    keep = 4 if len(text) > 8 else max(0, min(4, len(text) - 4))
    return "*" * (len(text) - keep) + (text[-keep:] if keep else "")


def fingerprint(value) -> str:
    """A keyed hash so the same value is recognisable across datasets, never shown."""
    key = os.environ.get(KEY_ENV, "").encode() or _RUN_KEY
    return hmac.new(key, str(value).encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def _identifier(digits: str) -> bool:
    """An ID (checksum alone: over-redacting a look-alike code costs nothing, a leak costs a
    lot), a mobile number (+86 or not) or a Luhn-valid card number."""
    n = len(digits)
    if n == 18 and id_checksum_ok(digits):
        return True
    if n == 13 and digits.startswith("86"):
        digits, n = digits[2:], 11
    if n == 11 and digits[0] == "1" and digits[1] in "3456789":
        return True  # any mobile range, opened or not: redaction is cheap
    return 16 <= n <= 19 and digits.isdecimal() and luhn_ok(digits)


def _holds_identifier(span: str) -> bool:
    digits = _SEPARATOR_RE.sub("", span).upper()
    if _identifier(digits):
        return True
    parts = [p.upper() for p in _SEPARATOR_RE.split(span) if p]
    if len(parts) < 2:
        return False
    # Several numbers in a row (13912345678 18611112222): any run of whole parts may be one.
    for i in range(len(parts)):
        joined = ""
        for part in parts[i:]:
            joined += part
            if len(joined) > 19:
                break
            if _identifier(joined):
                return True
    return False


def scrub(text: str, column: str | None = None) -> str:
    """The text as it may be shown. A value from a column whose header names personal data
    (出生日期, 姓名, 住址, 手机...) is redacted whole; in any other text every token shaped
    like an ID, mobile, card number or e-mail is, after full-width digits are folded."""
    if text is None:  # nothing to show
        return ""
    text = str(text)
    if column and names_personal_data(column):
        return "*" * len(text)  # even the last 4 of a birth date tell month and day
    if not text or not any(ch.isdigit() for ch in text) and "@" not in text:
        return text
    # Found on the folded text, redacted in the original (folding keeps every position).
    folded = fold_number_chars(text)
    spans = [m.span() for m in _NUMBER_RE.finditer(folded) if _holds_identifier(m.group(0))]
    if "@" in folded:
        spans += [m.span() for m in EMAIL_RE.finditer(folded)]
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + redact(text[start:end]) + text[end:]
    return text


def scrub_tree(value):
    """Scrub every string inside dicts and lists (metadata blocks, facts)."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {k: scrub_tree(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(scrub_tree(v) for v in value)
    return value
