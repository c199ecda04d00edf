"""Read on past a quote that is never closed, the way a person reads the file.

A CSV reader that meets `1,a,"unclosed` takes every following line into that one
value until the next quote character, or to the end of the file: thousands of
records vanish without a word. A person sees a stray quote and reads the next lines
as the records they plainly are. `swallowed` spots the value that ate records (it
holds lines that are whole records themselves); `person_records` re-reads the file
from there line by line: a quote that does not close within a bounded look-ahead, or
whose closing would swallow whole records, is a stray character, its line is one
record and the record number is kept for MR008.
"""
from __future__ import annotations

import csv
import io
import itertools
from collections import deque
from collections.abc import Iterator

from ..dataset import Record

LOOKAHEAD = 1000  # lines a quoted value may span before its opening quote is judged stray
FIRST = 5
MAX_LOOKAHEADS = 50  # after this many stray quotes, stop looking ahead (a file full of them stays linear)


def fields(line: str, delimiter: str) -> list[str]:
    """One physical line's fields (an unclosed quote runs to the end of the line)."""
    line = line.rstrip("\r\n")
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


def swallowed(value: str, delimiter: str, ncols: int) -> bool:
    """A value holding lines that are whole records of the table: a quote opened and never
    closed (two such lines, or one when the table is at least three columns wide)."""
    if ncols < 2 or "\n" not in value and "\r" not in value:
        return False
    whole = sum(1 for line in itertools.islice(value.splitlines()[1:], 50) if len(fields(line, delimiter)) >= ncols)
    return whole >= (1 if ncols >= 3 else 2)


def _opens(line: str) -> bool:
    """The line leaves a quoted value open (an odd number of quote characters)."""
    return line.count('"') % 2 == 1


def person_records(lines: Iterator[str], delimiter: str, ncols: int, first: int,
                   unclosed: dict) -> Iterator[Record]:
    """Records from physical `lines`, numbered from `first`; stray quotes are counted in
    `unclosed['count']`, the first few record numbers kept in `unclosed['first']`."""
    ahead: deque[str] = deque()
    number = first
    strays = 0

    def take() -> str | None:
        if ahead:
            return ahead.popleft()
        return next(lines, None)

    while (line := take()) is not None:
        if not _opens(line):
            yield number, fields(line, delimiter)
            number += 1
            continue
        span = [line]
        closed = False
        if strays < MAX_LOOKAHEADS:
            quotes = line.count('"')
            while len(span) < LOOKAHEAD and (more := take()) is not None:
                span.append(more)
                quotes += more.count('"')
                if quotes % 2 == 0:
                    closed = True
                    break
        inner_records = sum(1 for s in span[1:-1] if len(fields(s, delimiter)) >= ncols)
        if closed and inner_records < 2:
            yield number, next(csv.reader(io.StringIO("".join(span), newline=""), delimiter=delimiter), [])
            number += 1
            continue
        strays += 1
        unclosed["count"] += 1
        if len(unclosed["first"]) < FIRST:
            unclosed["first"].append(number)
        yield number, fields(line, delimiter)
        number += 1
        ahead.extendleft(reversed(span[1:]))


def lines_after(text: Iterator[str], delimiter: str, records: int) -> Iterator[str]:
    """The physical lines of a text stream after its first `records` CSV records."""
    reader = csv.reader(text, delimiter=delimiter)
    for _ in itertools.islice(reader, records):
        pass
    return iter(text)
