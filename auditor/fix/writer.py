"""The writing pass: each table to a UTF-8 CSV (RFC 4180 quoting, LF), and its Table Schema.

Rows stream from the source through the layout sort, the value repairs and the
masking straight into the CSV; what the schema needs (types actually written,
a unique column for the primary key, the placeholder tokens met) is counted on
the way, so memory does not grow with the rows beyond the key guess's hashes.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from .. import valuetypes as vt
from ..dates import is_sentinel_date
from .changes import ChangeLog
from .isodates import native_text, repair_date
from .layout import BLANK, HEADER, NOTE, SECTION, TOTAL, BodyRows, read_layout, text_of
from .masking import Masker
from .missing import clean
from .numbers import repair_number, unit_name
from .planner import TablePlan
from .source import SourceTable

CACHE_VALUES = 100_000  # repaired values remembered per table (bounded memory)
KEY_ROWS = 1_000_000  # above this many rows no primary key is guessed (its hashes would dominate memory)
KEY_HINTS = ("序号", "编号", "编码", "代码", "标识码", "id", "code", "no.")
_INTEGER = re.compile(r"[+-]?(?:0|[1-9]\d*)")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_FORMS = (
    ("date", re.compile(r"\d{4}-\d{2}-\d{2}")),
    ("datetime", re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")),
    ("yearmonth", re.compile(r"\d{4}-\d{2}")),
    ("year", re.compile(r"\d{4}")),
)


@dataclass
class WriteOptions:
    placeholders: frozenset
    timezone: str
    as_of: dt.date
    policy: object
    codes: dict[str, str]  # SF kind -> rule code
    drop_duplicates: bool = False
    keep_sensitive: bool = False


class _FieldGuess:
    """The Table Schema type of one output column, from every value written."""

    def __init__(self, kind: str):
        self.kind = kind
        self.integer = self.number = True
        self.forms: set[str] = set()
        self.values = 0
        self.empty = 0
        self.seen: set[int] | None = set()  # hashes: a collision can only cost the key guess

    def add(self, value: str) -> None:
        if value == "":
            self.empty += 1
            self.seen = None
            return
        self.values += 1
        if self.kind == vt.KIND_NUMBER and self.number:
            if not _INTEGER.fullmatch(value):
                self.integer = False
                self.number = bool(_NUMBER.fullmatch(value))
        elif self.kind == vt.KIND_DATE:
            self.forms.add(next((name for name, rx in _FORMS if rx.fullmatch(value)), "other"))
        if self.seen is not None:
            digest = hash(value)
            if digest in self.seen or len(self.seen) >= KEY_ROWS:
                self.seen = None
            else:
                self.seen.add(digest)

    def type(self) -> str:
        if self.values and self.kind == vt.KIND_NUMBER and self.number:
            return "integer" if self.integer else "number"
        if self.values and self.kind == vt.KIND_DATE and len(self.forms) == 1 and "other" not in self.forms:
            return next(iter(self.forms))
        return "string"

    @property
    def unique(self) -> bool:
        return self.seen is not None and self.values > 0


@dataclass
class Written:
    """What the package needs to know about one written table."""

    plan: TablePlan
    path: str
    rows: int
    fields: list[dict]
    primary_key: list[str]
    missing_tokens: list[str]
    notes: list[str]
    log: ChangeLog
    ragged: int = 0
    masked_columns: set[int] = field(default_factory=set)


def write_table(plan: TablePlan, table: SourceTable, path: str | None, opts: WriteOptions, log: ChangeLog) -> Written:
    """Stream the table's rows through the repairs into `path` (None: a dry run, nothing written)."""
    layout, rest = read_layout(table)
    body = BodyRows(layout, table)
    masker = Masker(table.name, plan.labels, _sensitive_targets(plan), opts.codes, opts.policy, opts.as_of,
                    opts.keep_sensitive, log)
    guesses = [_FieldGuess(vt.KIND_TEXT) for _ in range(plan.offset)]
    guesses += [_FieldGuess(k) for k in plan.kinds]
    tokens: dict[str, int] = {}
    notes: list[str] = []
    pending: list[str] = []
    section = ""
    rows = ragged = 0
    digests: set[bytes] = set()
    cache: dict = {}  # (column, value) -> repair: dates and amounts repeat down a column
    fh = open(path, "w", encoding="utf-8", newline="") if path else None
    try:
        writer = csv.writer(fh, lineterminator="\n") if fh else None
        if writer:
            writer.writerow(plan.labels)
        for rownum, kind, cells in body.rows(rest):
            if kind == BLANK:
                log.add("MR009", "blank_rows", row=rownum)
                continue
            if kind == TOTAL:
                log.add("MR012", "total_rows", row=rownum)
                continue
            if kind == NOTE:
                notes.append(_row_text(cells))
                log.add("MR012", "note_rows", row=rownum)
                continue
            if kind == HEADER:
                log.add("MR012", "repeated_header", row=rownum)
                continue
            if kind == SECTION:
                pending.append(_row_text(cells))
                log.add("MR012", "section_rows", row=rownum, detail=plan.section_label or "")
                continue
            if pending:
                section, pending = " / ".join(pending), []
            out = _repair_row(plan, rownum, cells, opts, log, tokens, cache)
            if len(cells) != plan.ncols:
                ragged += 1
                log.add("MR008", "ragged_kept", row=rownum)
            if plan.section_label:
                out.insert(0, section)
            masker.mask(rownum, out)
            digest = hashlib.blake2b("\x1f".join(out).encode("utf-8", "surrogatepass"), digest_size=16).digest()
            if digest in digests:
                if opts.drop_duplicates:
                    log.add("CP006", "duplicates_dropped", row=rownum)
                    continue
                log.add("CP006", "duplicates_kept", row=rownum)
            else:
                digests.add(digest)
            for guess, value in zip(guesses, out, strict=False):  # a ragged row's extra cells have no field
                guess.add(value)
            if writer:
                writer.writerow(out)
            rows += 1
    finally:
        if fh:
            fh.close()
    if pending:  # section labels with no rows under them are notes (a closing 制表人 line, say)
        notes.extend(pending)
    if body.filled:
        log.add("MR010", "merged_filled", layout.merged.vertical, detail=str(body.filled))
    log.add("MR010", "merged_layout", layout.merged.layout + body.section_merges)
    if body.across_data:
        log.add("MR010", "merged_kept", body.across_data)
    fields = _fields(plan, guesses)
    masked = masker.masked_columns
    return Written(plan, path or "", rows, fields, _primary_key(plan, guesses, masked, rows), sorted(tokens),
                   notes, log, ragged, masked)


def _row_text(cells: list) -> str:
    return " ".join(t for t in (text_of(v) for v in cells) if t)


def _sensitive_targets(plan: TablePlan) -> dict[int, set[str]]:
    """Output column -> kinds to mask (source columns shifted past the section column)."""
    out: dict[int, set[str]] = {}
    for p, i in enumerate(plan.keep):
        if i in plan.sensitive:
            out[p + plan.offset] = set(plan.sensitive[i])
    return out


def _repair_row(plan: TablePlan, rownum: int, cells: list, opts: WriteOptions, log: ChangeLog,
                tokens: dict[str, int], cache: dict) -> list[str]:
    values = []
    for i, v in enumerate(cells):
        if v.__class__ is str:
            cleaned, trimmed, token = clean(v, plan.placeholders.get(i, opts.placeholders))
            if cleaned == v:
                values.append(v)
                continue
            label = _label(plan, i)
            if trimmed:
                log.add("", "trimmed", column=label, row=rownum)  # no rule reports white space
            if token is not None:
                tokens[token] = tokens.get(token, 0) + 1
                log.add("CP003", "placeholders", column=label, row=rownum, detail=token)
            v = cleaned
        values.append(v)
    aligned = len(cells) == plan.ncols
    out = []
    for p, i in enumerate(plan.keep):
        if i >= len(values):
            break
        v = values[i]
        kind = plan.kinds[p] if aligned else vt.KIND_TEXT
        if kind == vt.KIND_DATE and v.__class__ is str and is_sentinel_date(v):  # 1900-01-01 standing for "no date"
            tokens[v] = tokens.get(v, 0) + 1
            log.add("CP003", "placeholders", column=_label(plan, i), row=rownum, detail=v)
            v = ""
        if kind == vt.KIND_TEXT and v.__class__ is str:
            out.append(v)
            continue
        key = (p, v)
        done = cache.get(key)
        if done is None:
            done = _repair_value(v, kind, plan.units.get(p), opts)
            if len(cache) < CACHE_VALUES:
                cache[key] = done
        if done[2] is not None:
            log.add(done[1], done[2], column=_label(plan, i), row=rownum)
        out.append(done[0])
    out.extend(native_text(v) for v in values[plan.ncols:])
    return out


_Repair = tuple  # (text written, rule code or None, action or None)


def _repair_value(v, kind: str, unit, opts: WriteOptions) -> _Repair:
    """What a typed column's cell becomes, and the repair that made it (None: untouched)."""
    if v.__class__ is not str:
        if kind == vt.KIND_DATE and not isinstance(v, (dt.date, bool)):
            fixed = repair_date(v, opts.timezone)
            if fixed is not None:
                return fixed, "MR015", "dates"
        return native_text(v), None, None
    if not v:
        return v, None, None
    cls = vt.classify(v)
    if kind == vt.KIND_NUMBER and cls == vt.NUMBER_TEXT:
        fixed = repair_number(v, unit or (1, ""))
        return (v, "MR014", "numbers_left") if fixed is None else (fixed, "MR014", "numbers")
    if kind == vt.KIND_DATE and cls in (vt.DATE_OTHER, vt.MAYBE_DATE):
        fixed = repair_date(v, opts.timezone)
        return (v, "MR015", "dates_left") if fixed is None else (fixed, "MR015", "dates")
    return v, None, None


def _label(plan: TablePlan, i: int) -> str:
    labels = plan.layout.labels
    return (labels[i] if i < len(labels) and labels[i] else f"#{i + 1}")


def _fields(plan: TablePlan, guesses: list[_FieldGuess]) -> list[dict]:
    out = []
    for p, (name, guess) in enumerate(zip(plan.labels, guesses, strict=True)):
        entry: dict = {"name": name, "type": guess.type()}
        source = p - plan.offset
        if source >= 0 and source in plan.units and entry["type"] in ("integer", "number"):
            magnitude, base = plan.units[source]
            unit = unit_name(magnitude, base)
            if unit:
                entry["unit"] = unit
        if source < 0:
            entry["description"] = "section label of the rows below it in the source table"
        out.append(entry)
    return out


def _primary_key(plan: TablePlan, guesses: list[_FieldGuess], masked: set[int], rows: int) -> list[str]:
    if rows < 2:
        return []
    candidates = [p for p, g in enumerate(guesses) if g.unique and g.values == rows and p not in masked
                  and p >= plan.offset]
    if not candidates:
        return []
    hinted = [p for p in candidates if any(h in plan.labels[p].lower() for h in KEY_HINTS)]
    return [plan.labels[(hinted or candidates)[0]]]
