"""Masks: recognise them, undo the cosmetic variety, and judge how much still shows.

Publishers mask with `*`, full-width `＊`, `×`, `●` or `x`. A masked value is only
safe when it hides enough: an ID that still shows the birth date, or a number
that still shows more digits than the profile allows, is "partially masked"
(SF009), never "masked".
"""
from __future__ import annotations

from dataclasses import dataclass

MASK_CHARS = "*＊×●"
UNMASKED, MASKED, PARTIAL = "unmasked", "masked", "partial"

_SEPARATORS = str.maketrans("", "", " -()（）\u3000")
_MASKS = str.maketrans({c: "*" for c in MASK_CHARS[1:]})


@dataclass(frozen=True)
class MaskPolicy:
    """How many digits a masked value may still show (JR/T 0171 practice: ID region +
    last 4, mobile first 3 + last 4, card first 6 + last 4) and whether a visible
    birth date makes an ID mask weak."""

    id_max_visible: int = 10
    mobile_max_visible: int = 7
    card_max_visible: int = 10
    birth_date_visible: bool = False

    @classmethod
    def from_options(cls, opts: dict) -> MaskPolicy:
        return cls(**{k: opts[k] for k in cls.__dataclass_fields__ if k in opts})

    def max_visible(self, kind: str) -> int | None:
        return {"id": self.id_max_visible, "mobile": self.mobile_max_visible,
                "card": self.card_max_visible}.get(kind)


def has_mask(text: str) -> bool:
    return any(c in text for c in MASK_CHARS) or "xx" in text or "XX" in text


def normalise_number(token: str) -> str:
    """Drop separators and the +86 prefix; every mask character becomes `*`.

    `x`/`X` is a mask, except as the last character of an 18-character ID where it
    is the GB 11643 check character (`11010519491231002X`).
    """
    core = token.translate(_SEPARATORS)
    if core.startswith("+86"):
        core = core[3:]
    elif core.startswith("0086"):
        core = core[4:]
    elif len(core) == 13 and core.startswith("861"):
        core = core[2:]
    core = core.translate(_MASKS)
    if "x" in core or "X" in core:
        check = len(core) == 18 and core[17] in "xX" and core[16].isdecimal()
        body = core[:17] if check else core
        core = body.replace("x", "*").replace("X", "*") + ("X" if check else "")
    return core


def visible_digits(core: str) -> int:
    """Digits still shown in a normalised value (only digits, `*` and a final `X` are left)."""
    return len(core) - core.count("*") - core.count("X")


def id_mask_state(core: str, policy: MaskPolicy) -> tuple[str, bool]:
    """(state, birth date visible) of a masked 18- or 15-character ID."""
    birth = len(core) == 18 and core[6:14].isdecimal() and 1 <= int(core[10:12]) <= 12
    if birth and not policy.birth_date_visible:
        return PARTIAL, True
    return (PARTIAL if visible_digits(core) > policy.id_max_visible else MASKED), birth


def digits_mask_state(core: str, kind: str, policy: MaskPolicy) -> str:
    limit = policy.max_visible(kind)
    return PARTIAL if limit is not None and visible_digits(core) > limit else MASKED
