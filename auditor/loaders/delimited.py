"""CSV/TSV loader: encoding policy, delimiter sniffing, streaming records."""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import sys
from collections import Counter

from ..dataset import LoadedDataset, Table
from .arrow_csv import Utf8Transcoder, arrow_batches
from .encoding import detect_encoding
from .line_endings import LineEndingCounter

CANDIDATE_DELIMITERS = [",", ";", "\t", "|"]
SNIFF_RECORDS = 200
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class _DecodeCounter:
    """A codecs error handler that counts undecodable bytes instead of failing."""

    def __init__(self):
        self.count = 0
        self.name = f"audit-count-{id(self)}"
        codecs.register_error(self.name, self)

    def __call__(self, exc: UnicodeError) -> tuple[str, int]:
        if not isinstance(exc, UnicodeDecodeError):
            raise exc
        self.count += exc.end - exc.start
        return "\ufffd", exc.end


def sniff_delimiter(sample: str) -> str:
    """Pick the delimiter that splits the opening records most consistently."""
    best, best_score = ",", -1.0
    for delim in CANDIDATE_DELIMITERS:
        reader = csv.reader(io.StringIO(sample), delimiter=delim)
        try:
            widths = [len(r) for r in itertools.islice(reader, SNIFF_RECORDS) if r]
        except csv.Error:
            continue
        if len(widths) > 1:
            widths = widths[:-1]  # the sample may cut the last record
        if not widths:
            continue
        width, hits = Counter(widths).most_common(1)[0]
        if width < 2:
            continue
        score = hits / len(widths) + min(width, 50) / 1000
        if score > best_score:
            best, best_score = delim, score
    return best


def load_delimited(path: str, source: str) -> LoadedDataset:
    encoding, exact = detect_encoding(path)
    counter = _DecodeCounter()
    errors = "strict" if exact else counter.name
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        sample = fh.read(64 * 1024)
    delimiter = "\t" if path.lower().endswith(".tsv") else sniff_delimiter(sample)
    ds = LoadedDataset(path=path, source=source, format="csv", encoding=encoding, delimiter=delimiter)

    reading: dict = {}

    def records():
        """Records for finding the header (Python csv; only the first few are read)."""
        with open(path, encoding=encoding, errors="replace", newline="") as fh:
            yield from zip(itertools.count(1), csv.reader(fh, delimiter=delimiter))

    facts: dict = {}

    def open_utf8():
        raw: io.RawIOBase | io.BufferedReader = open(path, "rb")
        reading["tell"] = raw.tell
        if not encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32")):
            raw = reading["endings"] = LineEndingCounter(raw)  # ASCII-compatible: terminators are bytes
        if encoding in ("utf-8", "utf-8-sig") and exact:
            return raw  # Arrow reads UTF-8 itself (and skips a BOM)
        return Utf8Transcoder(raw, encoding, errors)

    state: dict = {"last": 0}

    def open_text():
        return open(path, encoding=encoding, errors="replace", newline="")

    def batches(labels, header_row):
        try:
            yield from arrow_batches(open_utf8, delimiter, labels, header_row or 0, state, open_text=open_text)
            endings = reading.get("endings")
            if state.get("unclosed", {}).get("count"):
                facts["unclosed_quotes"] = dict(state["unclosed"])  # its parity broke the line-ending count
            elif endings is not None:
                facts["line_endings"] = endings.summary()
        finally:
            reading.pop("tell", None)
            ds.decode_errors = counter.count

    def position() -> int:
        tell = reading.get("tell")
        return tell() if tell else 0

    name = os.path.splitext(os.path.basename(path))[0]
    ds.tables.append(Table(name=name, records=records, position=position, batches=batches, facts=facts,
                           last_record=lambda: state["last"]))
    return ds
