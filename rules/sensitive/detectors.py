"""Detectors: turn one cell into hits (kind, mask state, normalised value).

A detector is a pattern with CJK-safe boundaries (no `\\b`: digits glued to
Chinese labels are still found), then a checksum or plausibility test, then the
column header's context for what no checksum can decide (15-digit IDs, local
landlines, accounts without a check digit, passports, names, addresses, dates
of birth). Candidates that have an identifier's shape but fail its test are
returned as "lookalike" hits: the column verdict weighs them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from auditor import identifiers as ids
from auditor import lazyre
from auditor.personal_headers import header_kinds, organisation_table, seat_header

from .lexicon import CODE, inline_cue
from .masking import (
    MASK_CHARS,
    MASKED,
    UNMASKED,
    MaskPolicy,
    digits_mask_state,
    has_mask,
    id_mask_state,
    normalise_number,
    visible_digits,
)
from .names import COMPOUND_SURNAMES, is_cjk_name, name_state

LOOKALIKE = "lookalike"
_M = re.escape(MASK_CHARS)
_D = f"0-9{_M}xX"
_USCC = "0-9A-HJ-NPQRTUWXY"
_B = f"(?<![0-9A-Za-z{_M}])"  # CJK-safe boundaries, never \b
_E = f"(?![0-9A-Za-z{_M}])"
NUMBER_RE = lazyre.compile(
    rf"{_B}(?:(?P<code>[{_USCC}]{{2}}[0-9]{{6}}[{_USCC}]{{10}}){_E}"
    rf"|(?P<num>(?:\+?86[ -]?)?(?:[(（]0\d{{2,3}}[)）])?(?=[0-9{_M}]|[xX]{{2}})[{_D}]{{3,}}(?:[ -][{_D}]{{3,}})*){_E})"
)
EMAIL_RE = lazyre.compile(rf"(?P<email>[A-Za-z0-9._%+\-{_M}]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{{2,}})")
PLATE_SEPARATORS = "[-·•・ ]"  # 京A-12345, 京A·12345: the dot of the plate itself
PLATE_RE = lazyre.compile(
    rf"(?<![A-Za-z0-9])(?P<plate>[{ids.PLATE_PROVINCES}][A-HJ-NP-Z]{PLATE_SEPARATORS}?[A-HJ-NP-Z0-9{_M}]{{4,6}}"
    r"[挂学警港澳]?)(?![A-Za-z0-9])"
)
_PLATE_HINT = lazyre.compile(rf"[{ids.PLATE_PROVINCES}][A-HJ-NP-Z]")
MIN_TOKEN = 7
URL_RE = lazyre.compile(r"(?:https?|ftp)://[^\s\x1f\"'<>，。]+|www\.[^\s\x1f\"'<>，。]+", re.I)
_PARTS_RE = lazyre.compile(r"[ -]+")
EXTENSION_RE = lazyre.compile(r"(?:\s|(?<=\d))[xX]\s?\d{1,5}$")
_SEPARATED_RE = lazyre.compile(r"\d[ ()-]+\d.*[xX]\s?\d{1,5}$")
# Role words that put a person's name right after them in free text (联系人张三).
ROLE_WORDS = (
    "联系人",
    "联络人",
    "聯絡人",
    "聯繫人",
    "负责人",
    "負責人",
    "经办人",
    "經辦人",
    "申请人",
    "申請人",
    "法定代表人",
    "法人代表",
    "承办人",
    "承辦人",
    "当事人",
    "當事人",
    "户主",
    "戶主",
)
ROLE_RE = lazyre.compile("(?:" + "|".join(ROLE_WORDS) + ")([:：]\\s*|为|是)?")
_ROLE_MASKED_RE = lazyre.compile(rf"[\u4e00-\u9fff][{_M}xX]{{1,2}}(?![A-Za-z0-9])")
# What follows a name in running text (张三电话..., 李娜先生, 王芳、...).
NAME_FOLLOWERS = (
    "电话",
    "手机",
    "联系",
    "電話",
    "手機",
    "聯絡",
    "先生",
    "女士",
    "同志",
    "老师",
    "老師",
    "身份",
    "已",
    "于",
    "於",
    "负责",
    "負責",
    "同意",
    "签",
    "簽",
)
_FILE_TLDS = frozenset(
    {"png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "js", "css", "html", "htm", "pdf", "xls", "xlsx"}
)
# Detailed address: a house number and something below it (building, unit, room, floor).
DETAIL_RE = lazyre.compile(r"\d+\s*(?:号楼|号院|号|栋|幢|座|单元|室|层|户|楼)|(?:单元|室|户)\s*\d+")
DWELLING_RE = lazyre.compile(r"\d+\s*(?:单元|室|户|栋|幢|号楼)|(?:单元|室)\s*\d+")
DATE_RE = lazyre.compile(
    r"(?:19|20)\d{2}(?:[-/.年]\s*\d{1,2}(?:[-/.月]\s*\d{1,2}日?)?|(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])?)\b"
)
MASKED_DATE_RE = lazyre.compile(rf"[0-9{_M}xX]{{4}}[-/.年][0-9{_M}xX]{{1,2}}(?:[-/.月][0-9{_M}xX]{{1,2}}日?)?")


# The header kind (lexicon.py) that announces each hit kind.
HEADER_KIND = {
    "id": "id",
    "mobile": "phone",
    "landline": "phone",
    "card": "card",
    "email": "email",
    "passport": "passport",
    "name": "name",
    "home": "address",
    "plate": "plate",
    "uscc92": "uscc",
    "dob": "dob",
}
CUE_WINDOW = 8  # characters before a number searched for a cue word


@dataclass(frozen=True)
class Hit:
    kind: str  # id, mobile, landline, card, email, passport, name, home, plate, uscc92, dob
    state: str  # unmasked | masked | partial | lookalike
    value: str  # normalised value: for fingerprints and redacted examples, never printed raw
    birth: bool = False  # a masked ID that still shows the birth date
    cued: bool = False  # the words right before it name its kind (卡号6212...)


@dataclass(frozen=True)
class Context:
    """What the scanner knows about a column: the kinds its header announces."""

    kinds: frozenset
    today: dt.date
    policy: MaskPolicy
    person_table: bool = False  # the table also has a personal-name column
    org_table: bool = False  # a register of organisations: its addresses are their seats


def table_contexts(labels, terms, today: dt.date, policy: MaskPolicy) -> list[Context]:
    """The context of every column of a table: what its header announces, and what the
    table is about (people: a name column; organisations: a credit-code or name-of-
    organisation column, where 住所 is the registered seat, not a home)."""
    kinds = [header_kinds(label, terms) for label in labels]
    person = any("name" in k for k in kinds)
    org = organisation_table(labels)
    if org:
        kinds = [
            k - {"home"} if "home" in k and seat_header(label) else k for k, label in zip(kinds, labels, strict=True)
        ]
    return [Context(k, today, policy, person, org) for k in kinds]


def tokens(text: str):
    """(start, kind, token) of every identifier-shaped token; none inside a URL."""
    spans = [m.span() for m in URL_RE.finditer(text)] if ("://" in text or "www." in text) else ()
    found = [m for m in NUMBER_RE.finditer(text) if len(m.group(0)) >= MIN_TOKEN]
    if "@" in text:
        found += EMAIL_RE.finditer(text)
    if _PLATE_HINT.search(text):
        found += PLATE_RE.finditer(text)
    for m in found:
        if spans and any(a <= m.start() < b for a, b in spans):
            continue
        group = m.lastgroup or "num"
        yield m.start(), group, m.group(group)
    for m in ROLE_RE.finditer(text):
        name = role_name(text[m.end() :], colon=m.group(1) is not None)
        if name:
            yield m.end(), "name", name


def role_name(after: str, colon: bool = False) -> str | None:
    """The name right after a role word (联系人张三电话..., 负责人：李娜，...): a name shape
    that ends where running text says a name ends (电话, 先生, a number, the end), or any
    punctuation when a colon announced it; a masked name (张*) too. Lists of field names
    (申请人单位、办结时间) are no names."""
    masked = _ROLE_MASKED_RE.match(after)
    if masked:
        return masked.group(0)
    for n in (4, 3, 2):
        candidate = after[:n]
        if len(candidate) < n or not is_cjk_name(candidate) or (n == 4 and candidate[:2] not in COMPOUND_SURNAMES):
            continue
        rest = after[n:].lstrip()
        if not rest or rest.startswith(NAME_FOLLOWERS) or rest[0].isdigit() or rest[0] in "(（+":
            return candidate
        if colon and not _is_cjk(rest[0]):
            return candidate
    return None


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def judge_token(kind: str, token: str, ctx: Context, cue: str | None = None) -> list[Hit]:
    """Judge one token; `cue` is what the words right before it say it is (inline_cue)."""
    if kind == "name":  # named by the role word before it
        return [Hit("name", MASKED if has_mask(token) else UNMASKED, token, cued=True)]
    if kind == "email":
        hit = judge_email(token)
        return [hit] if hit else []
    if kind == "plate":
        hit = judge_plate(token)
        return [hit] if hit else []
    if cue == CODE:  # 流水号6212..., 许可证号1101...: the text says it is a reference code
        return []
    if cue and cue not in ctx.kinds:
        ctx = replace(ctx, kinds=ctx.kinds | {cue})
    hits = judge_number(token, ctx) if kind == "num" else [h for h in [judge_code(token, ctx)] if h]
    if cue:
        hits = [replace(h, cued=True) if HEADER_KIND.get(h.kind) == cue and h.state != LOOKALIKE else h for h in hits]
    return hits


def find_in_text(text: str, ctx: Context) -> list[Hit]:
    """Every identifier-shaped token of a cell, judged with the words before it."""
    return [hit for at, kind, token in tokens(text) for hit in judge_token(kind, token, ctx, cue_before(text, at))]


def cue_before(text: str, at: int) -> str | None:
    return inline_cue(text[max(0, at - CUE_WINDOW) : at]) if at else None


def judge_code(token: str, ctx: Context) -> Hit | None:
    """An 18-character code: all digits (or a final X) is judged as a number; otherwise a
    valid credit code is an organisation, or a person's business when of type 92 (SF011)."""
    if token[:17].isdecimal() and token[17] in "0123456789X":
        hits = judge_number(token, ctx)
        return hits[0] if hits else None
    if token.startswith("92") and ids.is_uscc(token):
        return Hit("uscc92", UNMASKED, token)
    return None


def judge_number(token: str, ctx: Context) -> list[Hit]:
    if _SEPARATED_RE.search(token):  # 212-555-0123 x45: an extension is no mask
        token = EXTENSION_RE.sub("", token)
    core = normalise_number(token)
    hit = _judge_core(core, ctx)
    if (hit is None or hit.state == LOOKALIKE) and _PARTS_RE.search(token.strip()):
        parts = [h for p in _PARTS_RE.split(token.strip()) if p for h in [_judge_core(normalise_number(p), ctx)] if h]
        if any(h.state != LOOKALIKE for h in parts) or hit is None:
            return parts
    return [hit] if hit else []


def judge_digits(digits: str, ctx: Context) -> list[Hit]:
    """A cell that is one plain run of ASCII digits: no separators, no mask to undo."""
    hit = _judge_core(digits, ctx)
    return [hit] if hit else []


def _judge_core(core: str, ctx: Context) -> Hit | None:
    if "*" in core:
        return _judge_masked(core, ctx)
    n = len(core)
    if n < 7 or not (core.isdecimal() or (n == 18 and core[:17].isdecimal() and core[17] == "X")):
        return None
    kinds = ctx.kinds
    if n == 18:
        return _judge_18(core, ctx)
    if n == 15 and "id" in kinds:
        return Hit("id", UNMASKED if ids.is_resident_id15(core, ctx.today) else LOOKALIKE, core)
    if core[0] == "0" and 10 <= n <= 12 and ids.is_landline(core):
        return Hit("landline", UNMASKED, core)
    if n == 11:
        # Under a phone header any 1[3-9] number is taken: ranges open faster than metadata updates.
        loose = "phone" in kinds and core[0] == "1" and core[1] in "3456789"
        return Hit("mobile", UNMASKED if loose or ids.is_mobile(core) else LOOKALIKE, core)
    if 16 <= n <= 19:
        if ids.is_card(core) or "card" in kinds:
            return Hit("card", UNMASKED, core)
        return Hit("card", LOOKALIKE, core)
    if "phone" in kinds and n <= 8 and ids.is_local_landline(core):
        return Hit("landline", UNMASKED, core)
    if "card" in kinds and 10 <= n <= 30:
        return Hit("card", UNMASKED, core)
    return None


def _judge_18(core: str, ctx: Context) -> Hit | None:
    """18 digits: a valid credit code is not an ID (1 ID in ~341 also passes both credit-code
    checks: under an ID header it stays an ID); an ID needs checksum, province and birth
    date. Only codes shaped like an ID (province, real date) count as lookalikes: permit
    numbers built from region + date pass the checksum 1 time in 11."""
    shaped = ids.id_shape_ok(core, ctx.today)
    valid_id = shaped and ids.id_checksum_ok(core)
    if (shaped or core.startswith("92")) and not (valid_id and "id" in ctx.kinds) and ids.is_uscc(core):
        return Hit("uscc92", UNMASKED, core) if core.startswith("92") else None
    if valid_id:
        return Hit("id", UNMASKED, core)
    if "card" in ctx.kinds and "id" not in ctx.kinds and core.isdecimal():
        return Hit("card", UNMASKED, core)
    return Hit("id", LOOKALIKE, core) if shaped else None


def _judge_masked(core: str, ctx: Context) -> Hit | None:
    n, kinds, policy = len(core), ctx.kinds, ctx.policy
    if not all(c.isdecimal() or c == "*" for c in core[:-1]) or not (core[-1].isdecimal() or core[-1] in "*X"):
        return None
    shown = visible_digits(core)
    if n == 18 and "card" in kinds and "id" not in kinds:
        return Hit("card", digits_mask_state(core, "card", policy), core)
    if n == 18 or (n == 15 and "id" in kinds):
        if shown == 0 and "id" not in kinds:
            return None
        state, birth = id_mask_state(core, policy)
        return Hit("id", state, core, birth)
    if n == 11 and (core[0] == "1" or ("phone" in kinds and core[0] == "*")):
        if shown == 0 and "phone" not in kinds:
            return None
        return Hit("mobile", digits_mask_state(core, "mobile", policy), core)
    if 16 <= n <= 19 and (core[0] in "3456" or "card" in kinds):
        return Hit("card", digits_mask_state(core, "card", policy), core)
    if "phone" in kinds and 7 <= n <= 12:
        return Hit("landline", MASKED, core)
    return None


def judge_email(token: str) -> Hit | None:
    local, _, domain = token.rpartition("@")
    if not local or domain.rsplit(".", 1)[-1].lower() in _FILE_TLDS:
        return None
    if any(c in MASK_CHARS for c in local):
        return Hit("email", MASKED, token.lower())
    return Hit("email", UNMASKED, token.lower())


def judge_plate(token: str) -> Hit | None:
    token = token[:2] + re.sub(PLATE_SEPARATORS, "", token[2:3]) + token[3:]
    if has_mask(token[2:]):
        return Hit("plate", MASKED, token)
    return Hit("plate", UNMASKED, token) if ids.is_plate(token) else None


# -- detectors that only run under a header that announces them ----------------------
def judge_name(text: str) -> Hit | None:
    state = name_state(text)
    return Hit("name", state, text.strip()) if state else None


def judge_address(text: str, ctx: Context) -> Hit | None:
    """A personal address header (住址) needs a house-number detail; a generic one (地址)
    counts only in a table about people that is no register of organisations, and only
    down to the dwelling (单元/室). A masked address counts as masked."""
    personal = "home" in ctx.kinds
    if not personal and (ctx.org_table or not ctx.person_table):
        return None
    if has_mask(text):  # 北京市朝阳区****: masked, however little is left
        return Hit("home", MASKED, text.strip())
    shape = DETAIL_RE if personal else DWELLING_RE
    if shape.search(text) is None:
        return None
    return Hit("home", UNMASKED, text.strip())


def judge_birth_date(value) -> Hit | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return Hit("dob", UNMASKED, value.isoformat()[:10])
    text = str(value).strip()
    if MASKED_DATE_RE.fullmatch(text) and has_mask(text):
        return Hit("dob", MASKED, text)
    if DATE_RE.match(text) and len(text) <= 20:
        return Hit("dob", UNMASKED, text)
    return None


def judge_passport(text: str) -> Hit | None:
    value = text.strip().upper().replace(" ", "")
    if ids.is_passport(value):
        return Hit("passport", UNMASKED, value)
    if 8 <= len(value) <= 11 and value[0] in "EGDSPKMH" and has_mask(value) and any(c.isdecimal() for c in value):
        return Hit("passport", MASKED, value)
    return None


_DIGIT_RE = lazyre.compile(r"[0-9]")
_PASSPORT_START = frozenset("EGDSPKMH1egdspkmh")


def judge_context_cell(value, ctx: Context) -> list[Hit]:
    """Hits that only the header makes visible, in a cell the row prefilter passed over:
    local phone numbers, short account numbers, passports, names, addresses, birth dates."""
    kinds = ctx.kinds
    if "dob" in kinds:
        hit = judge_birth_date(value)
        return [hit] if hit else []
    text = value if isinstance(value, str) else str(value)
    if "passport" in kinds and 8 <= len(text.strip()) <= 12 and text.strip()[0] in _PASSPORT_START:
        hit = judge_passport(text)
        if hit:
            return [hit]
    if ("phone" in kinds or "card" in kinds) and _DIGIT_RE.search(text):
        hits = [h for m in NUMBER_RE.finditer(text) if m.lastgroup == "num" for h in judge_number(m.group("num"), ctx)]
        if hits:
            return hits
    if "name" in kinds:
        hit = judge_name(text)
        if hit:
            return [hit]
    if "address" in kinds:
        hit = judge_address(text, ctx)
        if hit:
            return [hit]
    return []


# -- one cell, the whole way: the reference the vectorised scan (vectorised.py) agrees with --
# Header kinds whose columns are judged cell by cell: nothing in the prefilter sees them.
CELL_KINDS = frozenset({"phone", "passport", "name", "address", "home", "dob", "card"})


def _trigger_table() -> bytes:
    """Byte map for the prefilter: digits, capitals and x → '0' (so an ID, a mobile, a card,
    a credit code and an x-masked number are all an 11-long run), '@', '*' and the lead
    byte of '×' → '@', space and '-' → '-', other multibyte characters → '~' (their
    continuation bytes are deleted, so a plate 京A12345 reads '~000000'), other ASCII → '.'."""
    table = bytearray(b"." * 256)
    for b in b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZx":
        table[b] = ord("0")
    for b in range(0xC0, 0x100):
        table[b] = ord("~")
    for b in (ord("@"), ord("*"), 0xC3):
        table[b] = ord("@")
    table[ord(" ")] = table[ord("-")] = ord("-")
    return bytes(table)


_TRIGGER_TABLE = _trigger_table()
_CONTINUATION = bytes(range(0x80, 0xC0))
# ~0-00000 and ~0~00000: a plate written with a dash or a dot (京A-12345, 京A·12345).
TRIGGERS = (b"00000000000", b"000-0000", b"@", b"~000000", b"~0-00000", b"~0~00000")
_ROLE_HINT_RE = lazyre.compile("(?:" + "|".join(ROLE_WORDS) + ")")


def is_hot(text: str) -> bool:
    """Whether a cell can hold anything identifier-shaped (an 11-long run, 000-0000, '@' or
    a mask, a plate): only such cells are tokenised."""
    if "＊" in text or "●" in text:
        return True
    b = text.encode("utf-8", "surrogatepass").translate(_TRIGGER_TABLE, _CONTINUATION)
    return any(t in b for t in TRIGGERS) or (b"~" in b and _ROLE_HINT_RE.search(text) is not None)


def judge_cell(text: str, ctx: Context, context_cell: bool) -> list[Hit]:
    """Every hit of one cell of a regular row. `context_cell`: the column's header announces a
    kind that only a cell-by-cell look can see (a name, a local phone number...)."""
    text = ids.fold_number_chars(text)
    if is_hot(text):
        if text.isdecimal() and len(text) >= 7:  # the whole cell is one number: no tokenising
            hits = judge_digits(text, ctx) if text.isascii() else []
        else:
            hits = find_in_text(text, ctx) if len(text) >= 5 else []
        if not hits and ctx.kinds & CELL_KINDS:
            hits = judge_context_cell(text, ctx)  # e.g. a masked name 张* set off the prefilter
        return hits
    if context_cell and text:
        return judge_context_cell(text, ctx)
    return []
