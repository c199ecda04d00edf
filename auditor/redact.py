"""The no-leak rule (DESIGN §6): redaction, scrubbing and keyed fingerprints.

Every example and message passes through here before it reaches a report, so
a personal identifier never leaves the process, whichever rule quoted it.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets

import re

from .identifiers import CARD_RE, EMAIL_RE, MOBILE_RE, id_checksum_ok, luhn_ok

# Wider than identifiers.ID18_RE on purpose: an ID glued to Latin letters (ID110105...)
# is still an ID when it is about to be printed.
_ID_ANYWHERE_RE = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")

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


def _is_personal_id(token: str) -> bool:
    # Checksum alone: over-redacting a look-alike code costs nothing, a leak costs a lot.
    return id_checksum_ok(token)


def _is_card(token: str) -> bool:
    digits = token.replace(" ", "").replace("-", "")
    return 16 <= len(digits) <= 19 and luhn_ok(digits)


def scrub(text: str) -> str:
    """Redact identifier-shaped tokens inside free text."""
    if not text or not any(ch.isdigit() for ch in text) and "@" not in text:
        return text
    text = _ID_ANYWHERE_RE.sub(lambda m: redact(m.group(0)) if _is_personal_id(m.group(0)) else m.group(0), text)
    text = MOBILE_RE.sub(lambda m: redact(m.group(0)), text)
    text = CARD_RE.sub(lambda m: redact(m.group(0)) if _is_card(m.group(0)) else m.group(0), text)
    text = EMAIL_RE.sub(lambda m: redact(m.group(0)), text)
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
