"""XML loader: find the repeating record element and stream its records as rows.

Parsing goes through defusedxml's SAX driver (C expat underneath): entity
declarations are refused with a clear reason, so a billion-laughs file or an
XXE probe becomes a finding (MR001), never a hang or a leak; an external DTD is
skipped, never fetched. Memory holds one record at a time, whatever the number
of records.

Two streaming passes: (1) a census of every element path (count, attributes,
text, children): the top-level repeating structured paths are the record
elements, one table each, and their descendants name the columns; (2) the rows,
streamed when the engine asks for them. Inside a record, child elements and
attributes become columns, nested groups get dotted names (`address.city`,
`price@currency`), and repeated values are joined with "; ".
"""
from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Iterator
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler, feature_external_ges, feature_namespaces

from .. import budget
from ..dataset import LoadedDataset, Table

CHUNK = 1 << 16
MAX_PATHS = 10_000  # distinct element paths tracked in pass 1; more is not a table
JOIN = "; "
# Encodings expat decodes itself whatever the declaration says; anything else
# (GB2312, Big5, UTF-16 without a BOM...) is transcoded to UTF-8 first.
_EXPAT_NATIVE = {"utf-8", "iso8859-1", "ascii"}
_DECLARATION = re.compile(rb"^(\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


class XmlRefused(ValueError):
    """The XML cannot be read safely or at all; the message never quotes content."""


def declared_encoding(head: bytes) -> str | None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    m = _DECLARATION.match(head)
    if m:
        return m.group(2).decode("ascii")
    return "utf-8" if head.startswith(codecs.BOM_UTF8) else None


def choose_encoding(path: str) -> str:
    """The declared encoding, else the project's detection (strict UTF-8 first, then GB18030...)."""
    with open(path, "rb") as fh:
        head = fh.read(1024)
    declared = declared_encoding(head)
    if declared:
        try:
            return codecs.lookup(declared).name
        except LookupError:
            raise XmlRefused(f"the XML declares an unknown encoding ({declared[:40]})") from None
    from .encoding import detect_encoding

    return codecs.lookup(detect_encoding(path)[0]).name


def _byte_chunks(path: str, encoding: str) -> Iterator[bytes]:
    """The file as expat can read it: native encodings pass through, others become UTF-8."""
    with open(path, "rb") as fh:
        if encoding in _EXPAT_NATIVE:
            while chunk := fh.read(CHUNK):
                yield chunk
            return
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        first = True
        while chunk := fh.read(CHUNK):
            text = decoder.decode(chunk)
            if first:
                text = re.sub(r"^(\ufeff?<\?xml[^>]*?encoding\s*=\s*)[\"'][^\"']*[\"']", r'\1"UTF-8"', text)
                first = False
            yield text.encode("utf-8")
        yield decoder.decode(b"", final=True).encode("utf-8")


def _armed_parser(handler, namespaces: bool):
    """defusedxml's expat SAX driver, with our callbacks bound straight to expat.

    The driver's reset() installs defusedxml's guards (any <!ENTITY> declaration
    raises); binding start/end/text directly skips the SAX layer's per-element
    AttributesImpl objects, which doubles the speed on large files. An external
    DTD is never fetched, only skipped, so a DOCTYPE line alone is no reason to refuse.
    With `namespaces`, names arrive as "namespace-uri localname".
    """
    from defusedxml.expatreader import DefusedExpatParser

    guard = _Bounds(handler)

    class Armed(DefusedExpatParser):
        def reset(self):
            super().reset()
            raw = self._parser
            raw.buffer_text = True
            if namespaces:
                raw.namespace_prefixes = False  # "uri localname", without the prefix
            raw.StartElementHandler = guard.start
            raw.EndElementHandler = guard.end
            raw.CharacterDataHandler = handler.text

    parser = Armed(forbid_entities=True, forbid_external=False)
    parser.setFeature(feature_namespaces, namespaces)
    parser.setFeature(feature_external_ges, False)
    parser.setContentHandler(ContentHandler())
    return parser


class _Bounds:
    """Counts open and seen elements in front of a handler: XML nested 100,000 deep or a
    document of endless elements stops at the budget (MR022), before the handler's own
    per-element state (paths, stacks) grows with it."""

    def __init__(self, handler):
        limits = budget.current().limits
        self.max_depth, self.max_elements = limits.xml_depth, limits.xml_elements
        self.depth = self.elements = 0
        self._start, self.end_handler = handler.start, handler.end

    def start(self, name, attrs):
        self.depth += 1
        self.elements += 1
        if self.depth > self.max_depth:
            raise budget.LimitReached("xml_depth", f"{self.depth:,} elements open at once")
        if self.elements > self.max_elements:
            raise budget.LimitReached("xml_elements")
        self._start(name, attrs)

    def end(self, name):
        self.depth -= 1
        self.end_handler(name)


def parse_stream(chunks: Iterable[bytes], handler, drain: Callable[[], Iterable] | None = None,
                 namespaces: bool = False, encoding: str = "utf-8"):
    """Feed byte chunks to an armed parser; yield what `drain` returns after each chunk.
    When the document breaks (cut short, malformed, a limit), what was complete before
    the break is yielded first: a truncated workbook keeps the rows read before it."""
    from defusedxml.common import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

    parser = _armed_parser(handler, namespaces)
    try:
        try:
            for chunk in chunks:
                parser.feed(chunk)
                if drain:
                    yield from drain()
            parser.close()
        except Exception:
            if drain:
                yield from drain()
            raise
        if drain:
            yield from drain()
    except EntitiesForbidden:
        raise XmlRefused("the XML declares entities (<!ENTITY>): refused, because entity expansion can "
                         "exhaust memory (billion laughs) or read local files (XXE)") from None
    except (ExternalReferenceForbidden, DTDForbidden):
        raise XmlRefused("the XML references an external DTD or entity: refused, because resolving it "
                         "could read local files or the network (XXE)") from None
    except SAXParseException as exc:
        raise XmlRefused(f"the XML is not well-formed at line {exc.getLineNumber()}, column "
                         f"{exc.getColumnNumber()}: {exc.getMessage()}") from None
    except UnicodeDecodeError as exc:
        raise XmlRefused(f"bytes that do not decode as {encoding} (after byte {exc.start} of a chunk)") from None


def parse(path: str, handler, encoding: str, drain: Callable[[], list] | None = None):
    """Parse a file on disk, transcoding encodings expat does not know."""
    return parse_stream(_byte_chunks(path, encoding), handler, drain, encoding=encoding)


def run(path: str, handler, encoding: str) -> None:
    for _ in parse(path, handler, encoding):
        pass


class _PathCensus:
    """Pass 1: every element path with its count, attributes, and whether it holds text,
    has child elements, or stands empty: enough to choose records and name columns.

    Paths are numbered (parent number, tag) → number, so the per-element work is a
    dict lookup and a few list operations, not a tuple built and hashed each time."""

    def __init__(self):
        self.paths: list[tuple] = [()]  # number → path; 0 is above the root
        self.number: dict[tuple[int, str], int] = {}
        self.tally: list[int] = [0]
        self.attrs: dict[int, dict[str, None]] = {}
        self.parents: set[int] = set()  # paths seen with a child element
        self.valued: set[int] = set()  # paths seen with text, or with neither text nor children
        self.stack: list[int] = [0]
        self._text: list[bool] = [False]
        self._kids: list[bool] = [False]

    def start(self, name, attrs):
        parent = self.stack[-1]
        if not self._kids[-1]:
            self._kids[-1] = True
            self.parents.add(parent)
        n = self.number.get((parent, name)) if parent or len(self.stack) == 1 else 0
        if n is None:
            n = len(self.paths) if len(self.paths) <= MAX_PATHS else 0
            if n:
                self.number[(parent, name)] = n
                self.paths.append(self.paths[parent] + (name,))
                self.tally.append(0)
        self.tally[n] += 1
        self.stack.append(n)
        self._text.append(False)
        self._kids.append(False)
        if attrs and n:
            known = self.attrs.setdefault(n, {})
            for a in attrs:
                if not a.startswith("xmlns"):
                    known[a] = None

    def text(self, content):
        if not self._text[-1] and not content.isspace():
            self._text[-1] = True

    def end(self, name):
        n = self.stack.pop()
        had_text, had_kids = self._text.pop(), self._kids.pop()
        if had_text or not had_kids:
            self.valued.add(n)

    @property
    def counts(self) -> dict[tuple, int]:
        return {self.paths[n]: self.tally[n] for n in range(1, len(self.paths))}

    def record_paths(self) -> list[tuple]:
        """Top-level repeating structured paths; else the root's most frequent child; else the root."""
        counts = self.counts
        structured = {self.paths[n] for n in self.parents} | {self.paths[n] for n, a in self.attrs.items() if a}
        candidates = {p for p, n in counts.items() if n >= 2 and p in structured}
        top = [p for p in counts if p in candidates
               and not any(p[:i] in candidates for i in range(1, len(p)))]
        if top:
            return top
        children = [p for p in counts if len(p) == 2]
        if children:
            return [max(children, key=counts.__getitem__)]
        return [p for p in counts if len(p) == 1]

    def column_keys(self, record: tuple) -> list[str]:
        """Keys in first-seen order: an element's attributes, then its own text."""
        keys = []
        size = len(record)
        for n in range(1, len(self.paths)):  # numbered in first-seen order
            path = self.paths[n]
            if path[:size] != record:
                continue
            rel = ".".join(path[size:])
            keys += [f"{rel}@{a}" for a in self.attrs.get(n, ())]
            if n in self.valued:
                keys.append(rel or record[-1])
        return keys


class _RecordReader:
    """Pass 2: flatten each record element of one path into {column key: [values]}."""

    def __init__(self, record_path: tuple):
        self.record_path = list(record_path)
        self.stack: list[str] = []
        self.depth = -1  # stack depth of the open record, -1 outside records
        self.keys: list[str] = []  # dotted key of each open element inside the record
        self.values: dict[str, list[str]] = {}
        self.texts: list[list[str]] = []
        self.kids: list[bool] = []
        self.done: list[dict] = []

    def start(self, name, attrs):
        stack = self.stack
        stack.append(name)
        if self.depth < 0:
            if stack != self.record_path:
                return
            self.depth, self.values, key = len(stack), {}, ""
            self.keys, self.texts, self.kids = [], [], []
        else:
            self.kids[-1] = True
            parent = self.keys[-1]
            key = f"{parent}.{name}" if parent else name
        if attrs:
            for a, v in attrs.items():
                if not a.startswith("xmlns"):
                    self.values.setdefault(f"{key}@{a}", []).append(v.strip())
        self.keys.append(key)
        self.texts.append([])
        self.kids.append(False)

    def text(self, content):
        if self.depth >= 0:
            self.texts[-1].append(content)

    def end(self, name):
        if self.depth >= 0:
            value = "".join(self.texts.pop()).strip()
            had_kids = self.kids.pop()
            key = self.keys.pop() or name
            if value or not had_kids:
                self.values.setdefault(key, []).append(value)
            if len(self.stack) == self.depth:
                self.done.append(self.values)
                self.depth = -1
        self.stack.pop()

    def drain(self) -> list[dict]:
        out, self.done = self.done, []
        return out


def _labels(keys: list[str]) -> dict[str, str]:
    """Column label per key: record attributes lose their '@' unless an element has that name."""
    elements = {k for k in keys if "@" not in k}
    out = {}
    for k in keys:
        if k.startswith("@") and k[1:] not in elements:
            out[k] = k[1:]
        else:
            out[k] = k
    return out


def _table_names(paths: list[tuple]) -> dict[tuple, str]:
    names = {}
    for p in paths:
        depth = 1
        while depth < len(p) and sum(q[-depth:] == p[-depth:] for q in paths) > 1:
            depth += 1
        names[p] = "/".join(p[-depth:])
    return names


def load_xml(path: str, source: str) -> LoadedDataset:
    ds = LoadedDataset(path=path, source=source, format="xml")
    try:
        ds.encoding = choose_encoding(path)
        _read_tables(ds, ds.encoding)
    except XmlRefused as exc:
        ds.tables, ds.load_error = [], str(exc)
    return ds


def _read_tables(ds: LoadedDataset, encoding: str) -> None:
    path = ds.path
    census = _PathCensus()
    run(path, census, encoding)
    paths = census.record_paths()
    names = _table_names(paths)
    ds.format_detail = ", ".join("/" + "/".join(p) for p in paths)
    for rec_path in paths:
        labels = _labels(census.column_keys(rec_path))
        ds.tables.append(Table(name=names[rec_path], records=_records(path, encoding, rec_path, labels),
                               header_hint=list(labels.values())))


def _records(path: str, encoding: str, rec_path: tuple, labels: dict[str, str]):
    order = list(labels)

    def records():
        reader = _RecordReader(rec_path)
        number = 1  # header = 1, as for JSON records
        for values in parse(path, reader, encoding, reader.drain):
            number += 1
            yield number, [JOIN.join(values[k]) if k in values else "" for k in order]

    return records
