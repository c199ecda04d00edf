"""Personal data in the output (SF pack): masked per the profile's policy, never written raw by default.

The detection is the SF pack's own scan (`SensitiveScan`), run on each output row; a
value is masked when the audit of the source reported its kind in its column
(SF001 resident IDs in '身份证号', ...), so what `audit check` flags is exactly
what `fix` masks. Masks follow the policy SF009 judges by: an ID keeps its region
and last 4 (birth date hidden), a mobile its first 3 and last 4, a card its first 6
and last 4; names keep the surname, addresses and birth dates lose their digits.
"""
from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

from ..dataset import TableView
from ..rules.sensitive.detectors import tokens
from ..rules.sensitive.masking import UNMASKED, MaskPolicy, normalise_number
from ..rules.sensitive.scan import CELL_KINDS, SensitiveScan
from .changes import ChangeLog

KIND_WORDS = {
    "id": "ID number", "mobile": "mobile number", "landline": "phone number", "card": "bank card number",
    "email": "e-mail address", "passport": "passport number", "name": "personal name", "home": "home address",
    "plate": "licence plate", "dob": "date of birth", "uscc92": "individual business credit code",
}
_KEEP = {"id": (6, 4), "mobile": (3, 4), "card": (6, 4), "landline": (0, 4), "passport": (1, 3), "uscc92": (2, 4)}
_DIGITS = re.compile(r"\d")


def _keep(kind: str, policy: MaskPolicy) -> tuple[int, int]:
    head, tail = _KEEP.get(kind, (0, 4))
    limit = policy.max_visible(kind)
    if limit is not None and head + tail > limit:
        tail = min(tail, limit)
        head = max(0, limit - tail)
    return head, tail


def mask_token(token: str, kind: str, policy: MaskPolicy) -> str:
    """Replace the hidden characters of a number-like token by '*', keeping separators."""
    positions = [i for i, c in enumerate(token) if c.isalnum()]
    head, tail = _keep(kind, policy)
    hidden = set(positions[head: max(head, len(positions) - tail)])
    return "".join("*" if i in hidden else c for i, c in enumerate(token))


def mask_cell(text: str, kind: str, value: str, policy: MaskPolicy) -> str:
    """The cell with the detected value masked; the whole cell's digits when it cannot be located."""
    if kind == "email":
        local, _, domain = text.strip().rpartition("@")
        return (local[:1] + "*" * max(len(local) - 1, 2) + "@" + domain) if local else "*" * len(text)
    if kind == "name":
        name = text.strip()
        return name[:1] + "*" * max(len(name) - 1, 1)
    if kind == "plate":
        return text[:2] + "*" * max(len(text) - 2, 1)
    if kind in ("home", "dob"):
        return _DIGITS.sub("*", text)
    out, last = [], 0
    for at, _, token in tokens(text):
        core = normalise_number(token) if kind != "passport" else token.upper().replace(" ", "")
        if core == value or value in core:
            out.append(text[last:at])
            out.append(mask_token(token, kind, policy))
            last = at + len(token)
    if out:
        return "".join(out) + text[last:]
    if normalise_number(text) == value or text.strip().upper() == value:
        return mask_token(text, kind, policy)
    return _DIGITS.sub("*", text)


class Masker:
    """Mask (or, with keep=True, count) the unmasked identifiers of the reported kinds in each output row."""

    def __init__(self, table: str, labels: list[str], targets: dict[int, set[str]], codes: dict[str, str],
                 policy: MaskPolicy, as_of: dt.date, keep: bool, log: ChangeLog):
        self.labels = labels
        self.codes = codes
        self.targets = targets
        self.anywhere = set().union(*targets.values()) if targets else set()
        self.policy = policy
        self.keep = keep
        self.log = log
        view = TableView(name=table, columns=list(labels), header_row=1)
        self.scan = SensitiveScan(view, SimpleNamespace(as_of=as_of, facts={}))
        self.scan.policy = policy
        self.scan.wanted = CELL_KINDS
        self.masked_columns: set[int] = set()

    def mask(self, rownum: int, cells: list[str]) -> None:
        if not self.targets:
            return
        ragged = len(cells) != len(self.labels)
        for i, hit in self.scan.row_hits(cells):
            if hit.state != UNMASKED or hit.kind not in (self.anywhere if ragged else self.targets.get(i, ())):
                continue
            label = self.labels[i] if i < len(self.labels) else None
            words = KIND_WORDS.get(hit.kind, hit.kind)
            code = self.codes.get(hit.kind, "SF")
            if self.keep:
                self.log.add(code, "sensitive_kept", column=label, row=rownum, detail=words)
                continue
            where = [i] if i < len(cells) else []
            if ragged and hit.kind not in ("name", "home", "dob"):
                where = where + [j for j in range(len(cells)) if j != i]
            for j in where:
                before = cells[j]
                after = mask_cell(before, hit.kind, hit.value, self.policy) if _holds(before, hit) else before
                if after != before:
                    cells[j] = after
                    self.masked_columns.add(j)
                    self.log.add(code, "masked", column=label, row=rownum, detail=words)
                    break


def _holds(cell: str, hit) -> bool:
    """Whether a cell can hold the hit (in a ragged row the hit's column is only a guess)."""
    if hit.kind in ("name", "home", "dob", "email"):
        return bool(cell.strip())
    digits = "".join(c for c in cell if c.isalnum()).upper()
    value = "".join(c for c in hit.value if c.isalnum()).upper()
    return bool(value) and value in digits
