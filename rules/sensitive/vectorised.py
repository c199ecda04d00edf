"""The sensitive scan of a whole column at once (pyarrow RE2 + numpy), for column batches.

Real releases mask the ID and phone columns in every row (`110105********1234`,
`138****5678`), and a leak can be a million unmasked IDs: judging each cell in Python
costs seconds. Here regexes over the column pick out the common whole-cell shapes
(a plain digit run, a `*`-masked number, a Chinese name, a masked name) and judge
them in C: masks by counting, the GB 11643, Luhn and GB 32100 checks by numpy over
fixed-width digit arrays. Every other candidate cell goes to the per-cell detectors
(`detectors.judge_cell`), whose verdicts these functions reproduce exactly
(tests/test_sensitive_vectorised.py compares both on generated columns).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from auditor import identifiers as ids
from auditor.arrowtext import (
    arrow_fixed_text,
    arrow_indices,
    arrow_mask,
    ascii_only,
    cells_holding,
    has_any_byte,
    span_bytes,
)

from .detectors import CELL_KINDS, LOOKALIKE, ROLE_WORDS, Context, judge_cell
from .masking import MASKED, PARTIAL, UNMASKED
from .names import COMPOUND_SURNAMES, NOT_PERSON_ENDINGS, SURNAMES, TRADITIONAL_SURNAMES

# The per-cell prefilter (detectors.is_hot) as one RE2 search: an 11-long run of digits,
# capitals or x; 3 + 4 of them around a space or dash; '@', '*', a character of
# U+00C0-U+00FF (×) or a full-width mask; a non-ASCII character before 6 of them (a plate,
# also with a dash or dot after its letter); a role word (联系人张三).
_T = "[0-9A-Zx]"
_W = r"[^\x00-\x7F\x{C0}-\x{FF}]"
HOT_RE = (rf"{_T}{{11}}|{_T}{{3}}[ -]{_T}{{4}}|[@*\x{{C0}}-\x{{FF}}＊●]"
          rf"|{_W}{_T}{{6}}|{_W}{_T}[ -]{_T}{{5}}|{_W}{_T}{_W}{_T}{{5}}|" + "|".join(ROLE_WORDS))
_DIGITS_RE = r"^[0-9]{7,}$"
_ID_X_RE = r"^[0-9]{17}X$"
# `*`-masked numbers the tokeniser takes whole (no +86/0086 prefix to strip first).
_MASKED_RE = r"^(?:[0-9*]{7,}|[0-9*]{16}[0-9]X)$"
_PREFIXED_RE = r"^0086|^861[0-9*]{10}$"
_CJK_RE = r"^[\x{4e00}-\x{9fff}·]+$"
_MASKED_NAME_RE = (r"^(?:[\x{4e00}-\x{9fff}][*＊×●xX]{1,3}|[\x{4e00}-\x{9fff}][*＊×●][\x{4e00}-\x{9fff}]"
                   r"|[*＊×●]{1,2}[\x{4e00}-\x{9fff}])$")
_SURNAME_RE = "^[" + "".join(sorted(SURNAMES | TRADITIONAL_SURNAMES)) + "]"
_COMPOUND_RE = "^(?:" + "|".join(sorted(COMPOUND_SURNAMES)) + ")"
_NOT_PERSON_RE = "(?:" + "|".join(sorted(set(NOT_PERSON_ENDINGS), key=len, reverse=True)) + ")$"


_PROVINCE = np.zeros(100, dtype=bool)
_PROVINCE[[int(p) for p in ids.PROVINCES]] = True
# Weighted sums stay small (at most 9 x 30 x 17), so uint8 digits times uint16 weights never overflow.
_ID_WEIGHTS = np.array([pow(2, 17 - i, 11) for i in range(17)], dtype=np.uint16)
_USCC_WEIGHTS = np.array([pow(3, i, 31) for i in range(17)], dtype=np.uint16)
_ORG_WEIGHTS = np.array(ids.ORG_WEIGHTS, dtype=np.uint16)
_USCC_X = ids.USCC_ALPHABET.index("X")
_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
_STAR = ord("*")
_AT = ord("@")


@dataclass
class HitGroup:
    """All hits of one (kind, state) in a column, in cell order: positions ascending."""

    kind: str
    state: str
    positions: np.ndarray          # int64 index of the cell in the column
    values: pa.Array               # normalised values (for examples and fingerprints)
    birth: np.ndarray              # bool: a masked ID that still shows the birth date
    cued: np.ndarray               # bool: named by the words before it

    def __len__(self) -> int:
        return len(self.positions)


# -- helpers -------------------------------------------------------------------------------
def _np(mask: pa.Array) -> np.ndarray:
    return pc.fill_null(mask, False).to_numpy(zero_copy_only=False)


def _matches(arr: pa.Array, pattern: str) -> np.ndarray:
    return _np(pc.match_substring_regex(arr, pattern))


def _whole(kind: str) -> str:
    """China's `kind` phone pattern (identifiers.cn_pattern) matching a whole value, for RE2."""
    return "^(?:" + ids.cn_pattern(kind) + ")$"


def digit_matrix(arr: pa.Array, width: int) -> np.ndarray:
    """(len, width) byte matrix of a string array whose every value is `width` ASCII characters."""
    n = len(arr)
    if n == 0:
        return np.zeros((0, width), dtype=np.uint8)
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32, count=n + 1, offset=arr.offset * 4)
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)
    return data[offsets[0]:offsets[0] + n * width].reshape(n, width)


def _number(d: np.ndarray) -> np.ndarray:
    """The decimal value of columns of a digit matrix (values are byte codes)."""
    out = np.zeros(len(d), dtype=np.int32)
    for j in range(d.shape[1]):
        out = out * 10 + (d[:, j] - 48)
    return out


def _real_dates(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    month_ok = (m >= 1) & (m <= 12)
    last = _DAYS[np.where(month_ok, m, 0)] + ((m == 2) & leap)
    return month_ok & (d >= 1) & (d <= last) & (y >= 1)


def _key(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


# -- vectorised identifier checks (same answers as auditor.identifiers) ----------------------
def id_shape_ok(d: np.ndarray, today: dt.date) -> np.ndarray:
    """identifiers.id_shape_ok over an (n, 18) matrix: province and a birth date in range."""
    province = _PROVINCE[_number(d[:, :2])] | ((d[:, 0] == ord("9")) & _PROVINCE[_number(d[:, 1:3])])
    y, m, day = _number(d[:, 6:10]), _number(d[:, 10:12]), _number(d[:, 12:14])
    key = y * 10000 + m * 100 + day
    return province & _real_dates(y, m, day) & (key >= _key(ids.EARLIEST_BIRTH)) & (key <= _key(today))


def id_checksum_ok(d: np.ndarray) -> np.ndarray:
    """GB 11643 MOD 11-2 over an (n, 18) matrix of 17 digits and a digit or X."""
    value = (1 - ((d[:, :17] - 48) @ _ID_WEIGHTS).astype(np.int64)) % 11
    last = d[:, 17]
    return np.where(value == 10, last == ord("X"), last.astype(np.int64) == value + 48)


def uscc_ok(d: np.ndarray) -> np.ndarray:
    """identifiers.is_uscc over an (n, 18) matrix of 17 digits and a digit or X: the GB 32100
    MOD 31-3 check and the embedded GB 11714 organisation-code check."""
    body = d[:, :17] - 48
    want = (31 - ((body @ _USCC_WEIGHTS) % 31).astype(np.int64)) % 31
    last = d[:, 17].astype(np.int64)
    check = np.where(last == ord("X"), want == _USCC_X, want == last - 48)
    org = 11 - ((body[:, 8:16] @ _ORG_WEIGHTS) % 11).astype(np.int64)
    return check & (org != 10) & (org % 11 == body[:, 16])


_LUHN_DOUBLE = np.array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9], dtype=np.uint16)


def luhn_ok(d: np.ndarray) -> np.ndarray:
    v = d - 48
    ones = np.ones(d.shape[1], dtype=np.uint16)
    total = v[:, ::-2] @ ones[: (d.shape[1] + 1) // 2] + _LUHN_DOUBLE[v[:, -2::-2]] @ ones[: d.shape[1] // 2]
    return total % 10 == 0


def id15_ok(d: np.ndarray, today: dt.date) -> np.ndarray:
    y, m, day = 1900 + _number(d[:, 6:8]), _number(d[:, 8:10]), _number(d[:, 10:12])
    return _PROVINCE[_number(d[:, :2])] & _real_dates(y, m, day) & (y * 10000 + m * 100 + day <= _key(today))


# -- verdicts on a group of same-length cells ----------------------------------------------
# Each returns (kind, state, selection, birth) tuples over the rows of `d`; cells no tuple
# selects have no verdict here.
Verdict = tuple[str, str, np.ndarray, np.ndarray | None]


def _judge_18(d: np.ndarray, ctx: Context) -> list[Verdict]:
    """detectors._judge_18 over (n, 18) matrices."""
    kinds = ctx.kinds
    shaped = id_shape_ok(d, ctx.today)
    valid = shaped & id_checksum_ok(d)
    is92 = (d[:, 0] == ord("9")) & (d[:, 1] == ord("2"))
    credit = (shaped | is92) & ~(valid & ("id" in kinds)) & uscc_ok(d)
    rest = ~credit
    out: list[Verdict] = [("uscc92", UNMASKED, credit & is92, None), ("id", UNMASKED, rest & valid, None)]
    rest &= ~valid
    if "card" in kinds and "id" not in kinds:
        card = rest & (d[:, 17] != ord("X"))
        out.append(("card", UNMASKED, card, None))
        rest &= ~card
    out.append(("id", LOOKALIKE, rest & shaped, None))
    return out


def judge_digit_runs(d: np.ndarray, ctx: Context) -> list[Verdict]:
    """detectors._judge_core for cells that are one run of n >= 7 ASCII digits (an (m, n) matrix)."""
    n, kinds = d.shape[1], ctx.kinds
    if n == 18:
        return _judge_18(d, ctx)
    if n == 15 and "id" in kinds:
        ok = id15_ok(d, ctx.today)
        return [("id", UNMASKED, ok, None), ("id", LOOKALIKE, ~ok, None)]
    out: list[Verdict] = []
    rest = np.ones(len(d), dtype=bool)
    if 10 <= n <= 12:
        trunk = rest & (d[:, 0] == ord("0"))
        if trunk.any():
            tails = arrow_fixed_text(d[trunk, 1:])
            land = np.zeros(len(d), dtype=bool)
            land[trunk] = _matches(tails, _whole("fixed_line"))
            out.append(("landline", UNMASKED, land, None))
            rest &= ~land
    if n == 11:
        mobile = np.zeros(len(d), dtype=bool)
        if "phone" in kinds:
            mobile |= (d[:, 0] == ord("1")) & (d[:, 1] >= ord("3"))
        if rest.any():
            text = arrow_fixed_text(d)
            mobile |= _matches(text, _whole("mobile"))
        out += [("mobile", UNMASKED, rest & mobile, None), ("mobile", LOOKALIKE, rest & ~mobile, None)]
        return out
    if 16 <= n <= 19:
        card = ("card" in kinds) | (((d[:, 0] >= ord("2")) & (d[:, 0] <= ord("6")))
                                    | ((d[:, 0] == ord("8")) & (d[:, 1] == ord("1")))) & luhn_ok(d)
        card = np.broadcast_to(card, rest.shape)
        out += [("card", UNMASKED, rest & card, None), ("card", LOOKALIKE, rest & ~card, None)]
        return out
    if "phone" in kinds and n <= 8:
        local = rest & (d[:, 0] >= ord("2"))
        out.append(("landline", UNMASKED, local, None))
        rest &= ~local
    if "card" in kinds and 10 <= n <= 30:
        out.append(("card", UNMASKED, rest, None))
    return out


def judge_masked_runs(d: np.ndarray, ctx: Context) -> list[Verdict]:
    """detectors._judge_masked for `*`-masked cells of one length (digits, `*`, a final X)."""
    n, kinds, policy = d.shape[1], ctx.kinds, ctx.policy
    ones = np.ones(n, dtype=np.uint16)
    shown = n - ((d == _STAR).view(np.uint8) @ ones).astype(np.int64) - (d[:, -1] == ord("X"))
    everything = np.ones(len(d), dtype=bool)

    def by_limit(kind: str, limit: int, sel) -> list[Verdict]:
        weak = shown > limit
        return [(kind, PARTIAL, sel & weak, None), (kind, MASKED, sel & ~weak, None)]

    if n == 18 and "card" in kinds and "id" not in kinds:
        return by_limit("card", policy.card_max_visible, everything)
    if n == 18 or (n == 15 and "id" in kinds):
        sel = everything if "id" in kinds else shown > 0
        if n == 18:
            mid = d[:, 6:14]
            month = (mid[:, 4].astype(np.int64) - 48) * 10 + (mid[:, 5].astype(np.int64) - 48)
            birth = (_is_digit(mid).view(np.uint8) @ np.ones(8, dtype=np.uint16) == 8) & (month >= 1) & (month <= 12)
        else:
            birth = np.zeros(len(d), dtype=bool)
        weak = shown > policy.id_max_visible
        if not policy.birth_date_visible:
            weak = weak | birth
        return [("id", PARTIAL, sel & weak, birth), ("id", MASKED, sel & ~weak, birth)]
    out: list[Verdict] = []
    if n == 11:
        lead = d[:, 0] == ord("1")
        if "phone" in kinds:
            lead |= d[:, 0] == _STAR
        out = by_limit("mobile", policy.mobile_max_visible, lead)
        everything = ~lead
    if 16 <= n <= 19:
        sel = everything if "card" in kinds else (d[:, 0] >= ord("3")) & (d[:, 0] <= ord("6"))
        return by_limit("card", policy.card_max_visible, sel)
    if "phone" in kinds and 7 <= n <= 12:
        out.append(("landline", MASKED, everything, None))
    return out


def judge_cjk_names(arr: pa.Array) -> np.ndarray:
    """names.is_cjk_name over cells of CJK characters only."""
    length = pc.utf8_length(arr).to_numpy(zero_copy_only=False)
    compound = _matches(arr, _COMPOUND_RE)
    single = _matches(arr, _SURNAME_RE)
    fits = np.where(compound, (length >= 3) & (length <= 5), single & (length >= 2) & (length <= 4))
    return fits & (length <= 5) & ~_matches(arr, _NOT_PERSON_RE)


# -- the column scan ---------------------------------------------------------------------------
class _Collector:
    """Hits gathered per (kind, state) from the vectorised groups and the per-cell path."""

    def __init__(self) -> None:
        self.parts: dict[tuple[str, str], list] = defaultdict(list)
        self.cells: dict[tuple[str, str], list] = defaultdict(list)

    def add_verdicts(self, verdicts: list[Verdict], positions: np.ndarray, cells: pa.Array) -> np.ndarray:
        """Record vectorised verdicts on `cells` (at `positions`); returns which got one."""
        judged = np.zeros(len(positions), dtype=bool)
        for kind, state, sel, birth in verdicts:
            if not sel.any():
                continue
            judged |= sel
            b = birth[sel] if birth is not None else np.zeros(int(sel.sum()), dtype=bool)
            self.parts[(kind, state)].append((positions[sel], cells.filter(arrow_mask(sel)), b))
        return judged

    def add_cell(self, position: int, hits) -> None:
        for h in hits:
            self.cells[(h.kind, h.state)].append((position, h))

    def groups(self) -> list[HitGroup]:
        out = []
        for key in sorted(self.parts.keys() | self.cells.keys()):
            parts = list(self.parts.get(key, []))
            cells = self.cells.get(key, [])
            if cells:
                parts.append((np.array([p for p, _ in cells], dtype=np.int64),
                              pa.array([h.value for _, h in cells], type=pa.string()),
                              np.array([h.birth for _, h in cells], dtype=bool)))
            cued = [np.zeros(len(p), dtype=bool) for p, _, _ in self.parts.get(key, [])]
            cued += [np.array([h.cued for _, h in cells], dtype=bool)] if cells else []
            positions = np.concatenate([p for p, _, _ in parts]).astype(np.int64)
            values = pa.concat_arrays([v for _, v, _ in parts])
            birth, flags = np.concatenate([b for _, _, b in parts]), np.concatenate(cued)
            if len(parts) > 1:
                order = np.argsort(positions, kind="stable")
                positions, birth, flags = positions[order], birth[order], flags[order]
                values = values.take(arrow_indices(order))
            out.append(HitGroup(key[0], key[1], positions, values, birth, flags))
        return out


class _Cells:
    """Byte offsets and fill of every cell of a string array, read from its buffers."""

    def __init__(self, arr: pa.Array):
        n = len(arr)
        offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32, count=n + 1, offset=arr.offset * 4)
        self.starts = offsets[:-1]
        self.lengths = np.diff(offsets)
        data = arr.buffers()[2]
        self.data = np.frombuffer(data, dtype=np.uint8)[:offsets[-1]] if data is not None else np.zeros(0, np.uint8)
        self.filled = arr.is_valid().to_numpy(zero_copy_only=False) & (self.lengths > 0)


def _is_digit(m: np.ndarray) -> np.ndarray:
    return (m - 48) < 10  # uint8: anything below '0' wraps round


def _masked_runs(values: pa.Array, candidates: np.ndarray, lengths: np.ndarray):
    """Per length, the candidate cells (they hold a `*`) that are a masked number the tokeniser
    takes whole: 7+ digits and `*` (an ID may end in X after a digit), no +86/0086 prefix to
    strip. Yields (positions, cells, their byte matrix), the matrix the verdicts then read."""
    for width in np.flatnonzero(np.bincount(lengths[candidates])):
        if width < 7:
            continue
        of_width = candidates & (lengths == width)
        sub = values.filter(arrow_mask(of_width))
        m = digit_matrix(sub, int(width))
        ok = (_is_digit(m) | (m == _STAR)).view(np.uint8)
        if width == 18:  # 17 digits or stars, then a digit, a star or an X after a digit
            body = ok[:, :17] @ np.ones(17, dtype=np.uint16) == 17
            shape = body & ((ok[:, 17] == 1) | (_is_digit(m[:, 16]) & (m[:, 17] == ord("X"))))
        else:
            shape = ok @ np.ones(width, dtype=np.uint16) == width
        lead = m[:, 0] == ord("0") if width >= 4 else np.zeros(len(m), dtype=bool)
        prefixed = np.zeros(len(m), dtype=bool)
        if lead.any():
            prefixed = lead & (m[:, :4] == np.frombuffer(b"0086", np.uint8)).all(axis=1)
        if width == 13:
            prefixed = prefixed | (m[:, :3] == np.frombuffer(b"861", np.uint8)).all(axis=1)
        keep = shape & ~prefixed
        if keep.all():
            yield np.flatnonzero(of_width), sub, m
        elif keep.any():
            yield np.flatnonzero(of_width)[keep], sub.filter(arrow_mask(keep)), m[keep]


def fold_column(arr: pa.Array, cells: _Cells, span: bytes | None = None) -> pa.Array:
    """identifiers.fold_number_chars on the cells that hold a full-width digit (EF BC 90-99)."""
    data = cells.data
    if not has_any_byte(arr, b"\xef", span):  # no full-width character at all (memchr): the usual case
        return arr
    lead = np.flatnonzero(data[:-2] == 0xEF) if len(data) > 2 else np.zeros(0, np.int64)
    lead = lead[(data[lead + 1] == 0xBC) & (data[lead + 2] >= 0x90) & (data[lead + 2] <= 0x99)]
    if not len(lead):
        return arr
    hit = np.zeros(len(arr), dtype=bool)
    hit[np.unique(np.searchsorted(cells.starts, lead, side="right") - 1)] = True
    folded = [ids.fold_number_chars(v) for v in arr.filter(arrow_mask(hit)).to_pylist()]
    return pc.replace_with_mask(arr, arrow_mask(hit), pa.array(folded, type=pa.string()))


def _string_array(values) -> pa.Array:
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values if values.type == pa.string() else values.cast(pa.string())


def scan_column(values, ctx: Context, context_cells: bool) -> list[HitGroup]:
    """Every hit in a column of a regular table (cells: strings or nulls), grouped by
    (kind, state): exactly what `judge_cell` gives cell by cell, in the same order.

    `context_cells`: the header announces a kind only a cell-by-cell look sees (a name, a
    local phone number), so cells the prefilter passes over are judged too.
    Whole-cell digit runs and `*`-masked numbers are told apart by counting byte classes;
    the regexes then run only on the cells left."""
    values = _string_array(values)
    cells = _Cells(values)
    span = span_bytes(values)  # one copy of the column's bytes for the memchr tests below
    folded = fold_column(values, cells, span)
    if folded is not values:
        values, cells = folded, _Cells(folded)
        span = span_bytes(values)
    n, lengths, filled = len(values), cells.lengths, cells.filled
    out = _Collector()
    # Cells without a vectorised verdict go to the per-cell path, unless nothing there can
    # find anything: the header announces no cell-by-cell kind.
    fallback = bool(ctx.kinds & CELL_KINDS)
    to_cells = np.zeros(n, dtype=bool)

    def judge_matrix(pos: np.ndarray, sub: pa.Array, m: np.ndarray, judge) -> None:
        judged = out.add_verdicts(judge(m, ctx), pos, sub)
        if fallback:
            to_cells[pos[~judged]] = True

    def judge_runs(mask: np.ndarray, judge) -> None:
        if not mask.any():
            return
        for width in np.flatnonzero(np.bincount(lengths[mask])):
            of_width = mask & (lengths == width)
            sub = values.filter(arrow_mask(of_width))
            judge_matrix(np.flatnonzero(of_width), sub, digit_matrix(sub, int(width)), judge)

    decimal = _np(pc.ascii_is_decimal(values))
    id_x = (lengths == 18) & _np(pc.ends_with(values, "X"))
    if id_x.any():
        id_x[id_x] = _is_digit(digit_matrix(values.filter(arrow_mask(id_x)), 18)[:, :17]).all(axis=1)
    runs = filled & ((decimal & (lengths >= 11)) | id_x)
    judge_runs(runs, judge_digit_runs)
    star = filled & cells_holding(values, _STAR, span)
    masked = np.zeros(n, dtype=bool)
    if star.any():  # each masked run's byte matrix is built once, for its shape and its verdict
        for pos, sub, m in _masked_runs(values, star, lengths):
            masked[pos] = True
            judge_matrix(pos, sub, m, judge_masked_runs)
    short_runs = filled & decimal & (lengths < 11)  # never hot: only a header can make them count
    # Never hot either: ASCII cells shorter than 8 bytes (3 + 1 + 4) without '@' or '*' (every
    # other hot shape needs 11 characters or a non-ASCII one: a role word, a mask sign, a plate).
    short_ascii = filled & (lengths < 8) & ~star & ascii_only(values) & ~cells_holding(values, _AT, span)
    rest = filled & ~runs & ~masked & ~short_runs & ~short_ascii
    hot = np.zeros(n, dtype=bool)
    if rest.any():
        hot[rest] = _matches(values.filter(arrow_mask(rest)), HOT_RE)
    cold = (filled & ~runs & ~masked & ~hot) if context_cells else np.zeros(n, dtype=bool)
    rest &= hot
    if "name" in ctx.kinds and "dob" not in ctx.kinds:
        masked_names = _where(values, (hot & fallback) | cold, _MASKED_NAME_RE)
        _add_state(out, values, masked_names, "name", MASKED)
        rest &= ~masked_names
        cold &= ~masked_names
        cjk = _where(values, cold, _CJK_RE)
        if cjk.any():
            named = np.zeros(n, dtype=bool)
            named[cjk] = judge_cjk_names(values.filter(arrow_mask(cjk)))
            _add_state(out, values, named, "name", UNMASKED)
        cold &= ~cjk
    elif cold.any():
        cold &= ~_where(values, cold, _CJK_RE)  # nothing in a cell of Chinese characters alone
    to_cells |= rest | cold
    if to_cells.any():
        texts = values.filter(arrow_mask(to_cells)).to_pylist()
        for p, text in zip(np.flatnonzero(to_cells).tolist(), texts, strict=True):
            out.add_cell(p, judge_cell(text, ctx, context_cells))
    return out.groups()


class RepeatedScan:
    """`scan_column` of one column given batch by batch as its distinct values and each cell's
    index among them (-1: a null). Each value is judged once (a verdict depends on the value
    and the column's context only) and its hits are spread over the cells holding it, in cell
    order. Values judged without a hit are remembered (up to `limit`) and not judged again in
    later batches: a district or status column costs one lookup per batch."""

    def __init__(self, limit: int = 4096):
        self.limit = limit
        self.cold = pa.array([], type=pa.string())

    def scan(self, distinct: pa.Array, codes: np.ndarray, ctx: Context, context_cells: bool) -> list[HitGroup]:
        if len(self.cold):
            fresh = np.flatnonzero(~pc.is_in(distinct, value_set=self.cold).to_numpy(zero_copy_only=False))
            if not len(fresh):
                return []
            remap = np.full(len(distinct) + 1, -1, dtype=np.int64)  # the last slot: a null or a known value
            remap[fresh] = np.arange(len(fresh))
            distinct, codes = distinct.take(arrow_indices(fresh)), remap[codes]
        groups = scan_column(distinct, ctx, context_cells)
        hit = np.zeros(len(distinct), dtype=bool)
        out = []
        for group in groups:
            hit[group.positions] = True
            slot = np.full(len(distinct) + 1, -1, dtype=np.int64)
            slot[group.positions] = np.arange(len(group))
            at = slot[codes]
            cells = np.flatnonzero(at >= 0)
            picked = at[cells]
            out.append(HitGroup(group.kind, group.state, cells.astype(np.int64),
                                group.values.take(arrow_indices(picked)), group.birth[picked], group.cued[picked]))
        if len(self.cold) + int((~hit).sum()) <= self.limit:
            self.cold = pa.concat_arrays([self.cold, distinct.filter(arrow_mask(~hit))])
        return out


def _where(values: pa.Array, mask: np.ndarray, pattern: str) -> np.ndarray:
    """Which cells under `mask` match `pattern` (the regex runs on those cells only)."""
    found = np.zeros(len(values), dtype=bool)
    if mask.any():
        found[mask] = _matches(values.filter(arrow_mask(mask)), pattern)
    return found


def _add_state(out: _Collector, values: pa.Array, mask: np.ndarray, kind: str, state: str) -> None:
    if mask.any():
        out.add_verdicts([(kind, state, mask, None)], np.arange(len(values)), values)
