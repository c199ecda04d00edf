"""RDF loader (rdflib): RDF/XML, Turtle, N-Triples and JSON-LD.

A graph holding dcat:Dataset nodes is a metadata catalogue: each dataset becomes
a catalogue entry (metadata/dcat_graph.py). Any other graph becomes tables,
one per rdf:type: subjects are rows (`@id` holds the IRI), predicates columns
with their prefixed names (`dct:title`, or the bare local name when the
file binds no prefix). A language-tagged literal goes to a
column named with its tag (`dct:title@zh`), so the tag is kept without
polluting the cell; a literal of a numeric XSD type arrives as a number, other
literals as their lexical form. Blank nodes used once are nested groups and
flatten into dotted columns (`dcat:contactPoint.vcard:fn`).

RDF/XML is screened by the defused XML parser first (no entity declarations);
JSON-LD is read only when every @context is inline: remote contexts would need
the network, so such documents are read as plain JSON instead. rdflib loads the
whole graph into memory (RDF has no row order to stream by), so files over
the budget's graph_bytes stop with MR022 rather than exhausting memory.
"""
from __future__ import annotations

import json
import logging
import os
import warnings
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr as xml_quoteattr

from .. import budget
from ..dataset import LoadedDataset, Table
from ..metadata.catalog import dcat_entries
from ..valuetypes import whole_number
from .xmldata import XmlRefused, choose_encoding, run

RDFLIB_FORMAT = {"rdf": "xml", "turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}
LABEL = {"rdf": "RDF/XML", "turtle": "Turtle", "ntriples": "N-Triples", "jsonld": "JSON-LD"}
NESTING_DEPTH = 3
JOIN = "; "
_NUMERIC = ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
            "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort",
            "unsignedByte", "decimal", "double", "float")
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NUMERIC_TYPES = frozenset(XSD + t for t in _NUMERIC)

# rdflib logs unconvertible literals with their text: keep file content out of stderr.
_rdflib_log = logging.getLogger("rdflib")
_rdflib_log.addHandler(logging.NullHandler())
_rdflib_log.propagate = False


class RdfRefused(ValueError):
    """The graph cannot be read; the message never quotes file content."""


class _Ignore:
    """A handler that only lets the defused parser check the whole document."""

    def start(self, name, attrs):
        pass

    def end(self, name):
        pass

    def text(self, content):
        pass


class _EmbeddedRdf:
    """Collects every rdf:RDF element nested in another XML document (a CSW GetRecords response
    wraps DCAT records so) as standalone RDF/XML, with the namespaces declared above it."""

    def __init__(self):
        self.blocks: list[str] = []
        self._scopes: list[dict[str, str]] = [{}]  # xmlns declarations in force, per open element
        self._parts: list[str] | None = None
        self._depth = 0

    def start(self, name, attrs):
        declared = {k: v for k, v in attrs.items() if k == "xmlns" or k.startswith("xmlns:")}
        scope = {**self._scopes[-1], **declared}
        self._scopes.append(scope)
        if self._parts is None and name.rpartition(":")[2] == "RDF" and len(self._scopes) > 2:
            prefix = name.rpartition(":")[0]
            if scope.get(f"xmlns:{prefix}" if prefix else "xmlns") == RDF_NS:
                self._parts, self._depth, attrs = [], 0, {**scope, **attrs}
        if self._parts is not None:
            self._depth += 1
            pairs = "".join(f" {k}={xml_quoteattr(v)}" for k, v in attrs.items())
            self._parts.append(f"<{name}{pairs}>")

    def end(self, name):
        self._scopes.pop()
        if self._parts is not None:
            self._parts.append(f"</{name}>")
            self._depth -= 1
            if self._depth == 0:
                self.blocks.append("".join(self._parts))
                self._parts = None

    def text(self, content):
        if self._parts is not None:
            self._parts.append(xml_escape(content))


def _embedded_graph(path: str):
    """One graph of the rdf:RDF blocks nested in a non-RDF XML document; None when there are none."""
    from rdflib import Graph

    found = _EmbeddedRdf()
    run(path, found, choose_encoding(path))
    if not found.blocks:
        return None
    graph = Graph()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for block in found.blocks:
            graph.parse(data=block, format="xml", publicID=_base(path))
    return graph


def _base(path: str) -> str:
    return "file:///" + quote(os.path.basename(path))


def _syntax_message(exc: BaseException, fmt: str) -> str:
    lines = getattr(exc, "lines", None)  # rdflib's BadSyntax counts lines from 0
    where = f" at line {lines + 1}" if isinstance(lines, int) else ""
    return f"invalid {LABEL[fmt]}{where} ({type(exc).__name__})"


def parse_graph(path: str, fmt: str):
    """Parse a file into an rdflib Graph; returns (graph, format actually read)."""
    from rdflib import Graph

    size = os.path.getsize(path)
    if size > budget.current().limits.graph_bytes:  # RDF has no row order to stream by: the graph sits in memory
        raise budget.LimitReached("graph_bytes", f"the {LABEL[fmt]} file is {size:,} bytes")
    if fmt == "rdf":
        run(path, _Ignore(), choose_encoding(path))  # refuses entity tricks before rdflib sees the file
    tries = [fmt, "turtle"] if fmt == "ntriples" else [fmt]  # prefix-less Turtle can look like N-Triples
    for attempt in tries:
        graph = Graph()
        try:
            with open(path, "rb") as fh, warnings.catch_warnings():
                warnings.simplefilter("ignore")  # rdflib warns with literal text: keep it off stderr
                graph.parse(fh, format=RDFLIB_FORMAT[attempt], publicID=_base(path))
            return graph, attempt
        except Exception as exc:  # rdflib raises many types; each becomes one clear reason
            error = exc
    if fmt == "rdf":  # RDF/XML wrapped in another XML document (a CSW response)
        try:
            embedded = _embedded_graph(path)
        except Exception:
            embedded = None
        if embedded is not None:
            return embedded, "rdf"
    raise RdfRefused(_syntax_message(error, fmt))


def _local(uri: str) -> str:
    for sep in ("#", "/", ":"):
        head, found, tail = uri.rstrip("/#").rpartition(sep)
        if found and tail:
            return tail
    return uri


def short_names(graph, uris) -> dict:
    """Readable names: a bound prefix (`dct:title`), else the local name when no other IRI
    shares it (`population`), else the full IRI."""
    out: dict = {}
    bare: dict[str, list] = {}
    for uri in uris:
        try:
            prefix, _, local = graph.namespace_manager.compute_qname(str(uri), generate=False)
            out[uri] = f"{prefix}:{local}" if prefix else local
        except Exception:
            bare.setdefault(_local(str(uri)), []).append(uri)
    for local, same in bare.items():
        for uri in same:
            out[uri] = local if len(same) == 1 else str(uri)
    return out


def _value(literal):
    numeric = literal.datatype is not None and str(literal.datatype) in NUMERIC_TYPES
    if numeric and not getattr(literal, "ill_typed", False):
        try:
            value = literal.toPython()
            return whole_number(float(value))
        except (TypeError, ValueError, OverflowError):
            pass
    return str(literal)


class GraphTables:
    """Subjects as rows, grouped by type; nested blank nodes flattened into dotted columns."""

    def __init__(self, graph):
        from rdflib import RDF, BNode

        self.g, self.RDF, self.BNode = graph, RDF, BNode
        types: dict = {}  # subject → its rdf:type objects
        names: set = set()
        uses: dict = {}  # blank node → how many triples point to it
        for subject, predicate, obj in graph:  # one pass gathers everything the layout needs
            if predicate == RDF.type:
                types.setdefault(subject, []).append(obj)
                names.add(obj)
            else:
                types.setdefault(subject, [])
                names.add(predicate)
            if type(obj) is BNode:
                uses[obj] = uses.get(obj, 0) + 1
        self.names = short_names(graph, names)
        self.nested = {b for b, n in uses.items() if n == 1 and b in types}
        groups: dict[str, list] = {}
        for subject, kinds in types.items():
            if subject not in self.nested:
                name = min(self.names[t] for t in kinds) if kinds else "resources"
                groups.setdefault(name, []).append(subject)
        self.groups = {k: sorted(v, key=lambda s: (isinstance(s, BNode), str(s))) for k, v in sorted(groups.items())}

    def cells(self, subject, prefix: str = "", depth: int = 0, seen=frozenset()) -> dict[str, list]:
        out: dict[str, list] = {}
        for predicate, obj in self.g.predicate_objects(subject):
            if predicate == self.RDF.type and not prefix:
                continue  # the table is the type
            column = prefix + self.names[predicate]
            if obj in self.nested and depth < NESTING_DEPTH and obj not in seen:
                for key, values in self.cells(obj, column + ".", depth + 1, seen | {subject}).items():
                    out.setdefault(key, []).extend(values)
                continue
            if hasattr(obj, "language") and obj.language:
                column += "@" + obj.language
            if isinstance(obj, self.BNode):
                value = "_:blank"
            elif hasattr(obj, "datatype"):
                value = _value(obj)
            else:
                value = str(obj)
            out.setdefault(column, []).append(value)
        return out

    def row(self, subject) -> dict[str, object]:
        cells = {k: (v[0] if len(v) == 1 else JOIN.join(sorted(str(x) for x in v)))
                 for k, v in self.cells(subject).items()}
        cells["@id"] = "" if isinstance(subject, self.BNode) else str(subject)
        return cells

    def _keys(self, subject, predicate, obj, prefix: str, depth: int, seen: frozenset, out: set) -> None:
        """The column a triple fills (mirrors `cells`, without building values)."""
        column = prefix + self.names[predicate]
        if obj in self.nested and depth < NESTING_DEPTH and obj not in seen:
            for p, o in self.g.predicate_objects(obj):
                self._keys(obj, p, o, column + ".", depth + 1, seen | {subject}, out)
            return
        language = getattr(obj, "language", None)
        out.add(column + "@" + language if language else column)

    def tables(self) -> list[Table]:
        """One pass over the triples names every table's columns; rows are built when streamed."""
        table_of = {subject: name for name, subjects in self.groups.items() for subject in subjects}
        columns: dict[str, set] = {name: set() for name in self.groups}
        for subject, predicate, obj in self.g:
            if predicate == self.RDF.type or subject in self.nested:
                continue
            self._keys(subject, predicate, obj, "", 0, frozenset(), columns[table_of[subject]])
        out = []
        for name, subjects in self.groups.items():
            labels = ["@id"] + sorted(columns[name] - {"@id"})
            out.append(Table(name=name, records=self._records(subjects, labels), header_hint=labels))
        return out

    def _records(self, subjects, labels):
        def records():
            for number, subject in enumerate(subjects, start=2):  # header = 1
                row = self.row(subject)
                yield number, [row.get(label, "") for label in labels]

        return records

    def linked(self) -> bool:
        """The fifth star: some object IRI points to another host than the graph's own subjects."""
        from rdflib import URIRef

        own = {_host(str(s)) for s in self.g.subjects() if isinstance(s, URIRef)}
        for _, predicate, obj in self.g:
            if isinstance(obj, URIRef) and predicate != self.RDF.type:
                host = _host(str(obj))
                if host and host not in own:
                    return True
        return False


def _host(iri: str) -> str:
    scheme, found, rest = iri.partition("://")
    return rest.split("/", 1)[0].split("#", 1)[0].lower() if found else ""


def dataset_from_graph(graph, path: str, source: str, fmt: str, encoding: str | None) -> LoadedDataset:
    from rdflib import RDF
    from rdflib.namespace import DCAT

    ds = LoadedDataset(path=path, source=source, format=fmt, encoding=encoding)
    ds.format_detail = f"{len(graph)} triples"
    if (None, RDF.type, DCAT.Dataset) in graph:
        ds.catalog = dcat_entries(graph, path)
        ds.format_detail += ", DCAT catalogue"
        return ds
    tables = GraphTables(graph)
    ds.tables = tables.tables()
    ds.openness_stars = 5 if tables.linked() else 4
    return ds


def load_rdf(path: str, source: str, fmt: str) -> LoadedDataset:
    try:
        graph, read_as = parse_graph(path, fmt)
    except (RdfRefused, XmlRefused) as exc:
        return LoadedDataset(path=path, source=source, format=fmt, load_error=str(exc))
    from .sniff import extension_format

    if read_as == "ntriples" and extension_format(path) == "turtle":
        read_as = "turtle"  # N-Triples is Turtle too: a .ttl name is right
    return dataset_from_graph(graph, path, source, read_as, "utf-8" if fmt != "rdf" else choose_encoding(path))


def load_rdf_xml(path: str, source: str) -> LoadedDataset:
    return load_rdf(path, source, "rdf")


def load_turtle(path: str, source: str) -> LoadedDataset:
    return load_rdf(path, source, "turtle")


def load_ntriples(path: str, source: str) -> LoadedDataset:
    return load_rdf(path, source, "ntriples")


# --------------------------------------------------------------------------- JSON-LD
def _contexts_are_inline(node) -> bool:
    """True when no @context (or @import) anywhere needs fetching from the network."""
    if isinstance(node, list):
        return all(_contexts_are_inline(x) for x in node)
    if not isinstance(node, dict):
        return True
    for key, value in node.items():
        if key in ("@context", "@import"):
            contexts = value if isinstance(value, list) else [value]
            if any(isinstance(c, str) for c in contexts):
                return False
        if not _contexts_are_inline(value):
            return False
    return True


def is_jsonld(doc) -> bool:
    first = doc[0] if isinstance(doc, list) and doc else None
    top = doc if isinstance(doc, dict) else (first if isinstance(first, dict) else {})
    return bool({"@context", "@graph"} & top.keys()) or ("@id" in top and "@type" in top)


def jsonld_dataset(doc, path: str, source: str, encoding: str | None) -> LoadedDataset | None:
    """A JSON-LD document read as a graph; None for plain JSON or remote contexts."""
    if not is_jsonld(doc) or not _contexts_are_inline(doc):
        return None
    from rdflib import Graph

    data = json.dumps(doc)
    if len(data) > budget.current().limits.graph_bytes:
        raise budget.LimitReached("graph_bytes", "a JSON-LD document")
    graph = Graph()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            graph.parse(data=data, format="json-ld", publicID=_base(path))
    except Exception as exc:
        return LoadedDataset(path=path, source=source, format="jsonld", encoding=encoding,
                             load_error=_syntax_message(exc, "jsonld"))
    return dataset_from_graph(graph, path, source, "jsonld", encoding)
