"""Record terminators and stray quotes, read the way the loader reads them (block by block)."""
from __future__ import annotations

import io

import pytest

from auditor.loaders.line_endings import LineEndingCounter
from auditor.loaders.quotes import person_records, swallowed

CASES = [
    (b"a,b\r\n1,2\n3,4", {"CRLF": 1, "LF": 1, "CR": 0}, {"CRLF": [1], "LF": [2], "CR": []}),
    (b'a,b\r\n"x\ny",2\r\n3,4\r\n', {"CRLF": 3, "LF": 0, "CR": 0}, {"CRLF": [1, 2, 3], "LF": [], "CR": []}),
    (b"a\rb\rc\r", {"CRLF": 0, "LF": 0, "CR": 3}, {"CRLF": [], "LF": [], "CR": [1, 2, 3]}),
    (b"a\r\nb\r\n\r\nc\nd\n", {"CRLF": 3, "LF": 2, "CR": 0}, {"CRLF": [1, 2, 3], "LF": [4, 5], "CR": []}),
    (b'"a""\r\n",b\nc\r\n', {"CRLF": 1, "LF": 1, "CR": 0}, {"CRLF": [2], "LF": [1], "CR": []}),
]


@pytest.mark.parametrize("block", [1, 2, 3, 5, 4096])
@pytest.mark.parametrize(("data", "counts", "first"), CASES)
def test_line_endings_counted_the_same_whatever_the_block_boundaries(data, counts, first, block):
    counter = LineEndingCounter(io.BytesIO(data))
    while counter.read(block):
        pass
    assert counter.summary() == {"counts": counts, "first": first}


def test_a_value_holding_whole_records_has_swallowed_them():
    assert swallowed("unclosed\n2,b,ok\n3,c,ok\n", ",", 3)
    assert not swallowed("line one\nline two", ",", 3)
    assert not swallowed("Room 1, Bldg 2\nStreet 5, City", ",", 2)  # two columns need two whole lines


def test_person_records_treat_a_quote_that_never_closes_as_a_stray_character():
    lines = iter(['1,a,"unclosed\n', "2,b,ok\n", '3,c,"ok"\n', '4,d,"fine"\n', "5,e,x\n"])
    unclosed = {"count": 0, "first": []}
    records = list(person_records(lines, ",", 3, 2, unclosed))
    assert records == [(2, ["1", "a", "unclosed"]), (3, ["2", "b", "ok"]), (4, ["3", "c", "ok"]),
                       (5, ["4", "d", "fine"]), (6, ["5", "e", "x"])]
    assert unclosed == {"count": 1, "first": [2]}


def test_person_records_keep_a_quoted_value_over_two_lines():
    lines = iter(['1,a,"line one\n', 'line two"\n', "2,b,ok\n"])
    unclosed = {"count": 0, "first": []}
    assert list(person_records(lines, ",", 3, 2, unclosed)) == [(2, ["1", "a", "line one\nline two"]),
                                                                 (3, ["2", "b", "ok"])]
    assert unclosed["count"] == 0


def _reference_endings(data: bytes) -> dict:
    """Record terminators outside quotes, byte by byte: the plain definition."""
    counts = {"CRLF": 0, "LF": 0, "CR": 0}
    first: dict = {"CRLF": [], "LF": [], "CR": []}
    quoted, records, i = False, 0, 0
    while i < len(data):
        c = data[i:i + 1]
        style = None
        if c == b'"':
            quoted = not quoted
        elif not quoted and c == b"\r":
            style = "CRLF" if data[i + 1:i + 2] == b"\n" else "CR"
            i += style == "CRLF"
        elif not quoted and c == b"\n":
            style = "LF"
        if style:
            records += 1
            counts[style] += 1
            if len(first[style]) < 5:
                first[style].append(records)
        i += 1
    return {"counts": counts, "first": first}


def test_line_endings_of_random_files_agree_with_a_byte_by_byte_reading():
    """The plain-block shortcut and the general scan give the counts and first records of a
    byte-by-byte reading, however a file mixes quotes and CR, LF and CRLF, wherever its
    blocks end."""
    import random

    rng = random.Random(12)
    for _ in range(300):
        pieces = [rng.choice([b"a", b",", b"\r\n", b"\n", b"\r", b'"', b"xy"]) for _ in range(rng.randint(0, 40))]
        if rng.random() < 0.5:
            pieces = [p for p in pieces if p != b'"']  # most files: no quotes at all
        if rng.random() < 0.3:
            pieces = [p for p in pieces if p not in (b"\n", b"\r")]  # one style throughout
        data = b"".join(pieces)
        want = _reference_endings(data)
        for block in (1, 2, 3, 7, 1 << 16):
            counter = LineEndingCounter(io.BytesIO(data))
            while counter.read(block):
                pass
            assert counter.summary() == want, (data, block)
