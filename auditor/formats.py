"""The format registry: every fact the tool knows about a file format, in one place.

Sniffing (magic bytes, ZIP members, OLE streams, text sniffers), loading, MR002-MR004,
CP001, openness stars, the format words catalogues use, the portal scorecard shares,
portal type detection and the pre-commit hook's `files:` pattern are all read from
`FORMATS`. A new format is one `Format(...)` here plus its loader module; a test fails
when the hook's pattern misses a readable format's extension.

The registry imports nothing of the tool: loaders and sniffers are named as
"module:function" strings and resolved by `auditor.loaders`, so every layer can use it.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlparse


@dataclass(frozen=True)
class Format:
    """One file format.

    `machine_readable` and `proprietary` follow data.europa.eu MQA's lists and are None
    where they do not apply (a ZIP is judged by what it holds; an API is a service).
    `stars` is ckanext-qa's openness rating (None: not rated). `family` groups formats
    by how they hold data: table, tree, graph, archive, document, image, web, service."""

    name: str
    label: str
    family: str
    extensions: tuple[str, ...] = ()
    media_types: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # what catalogues write in a format field, lower case
    stars: int | None = None
    machine_readable: bool | None = None
    proprietary: bool | None = None
    loader: str | None = None  # "auditor.loaders.module:function"
    nesting: bool = False  # the loader expands into datasets of its own and takes the nesting depth
    magic: tuple[bytes, ...] = ()  # leading bytes that prove the format
    zip_members: tuple[str, ...] = ()  # a ZIP holding one of these members is this format
    odf_mimetype: str | None = None  # an OpenDocument ZIP whose `mimetype` member contains this word
    ole_streams: tuple[str, ...] = ()  # an OLE2 compound file holding one of these streams
    sniffer: str | None = None  # "module:function(text) -> format name | None", tried in registry order
    loose_extensions: tuple[str, ...] = ()  # claim this format for MR002, but also hold other things
    same_as: tuple[str, ...] = ()  # content formats a name claiming this one may rightly hold (no MR002)

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(e.lstrip(".") for e in self.extensions) + self.media_types + self.words


_XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
_SNIFF = "auditor.loaders.sniff:"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Order matters twice: text sniffers run in this order, and a word listed twice belongs to the first.
FORMATS: tuple[Format, ...] = (
    Format("pdf", "PDF", "document", (".pdf",), ("application/pdf",), stars=1, machine_readable=False,
           proprietary=True, magic=(b"%PDF-",)),
    Format("image", "Image", "image",
           (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"),
           ("image/jpeg", "image/png", "image/gif", "image/tiff"), stars=1, machine_readable=False,
           proprietary=True, magic=(b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00",
                                    b"MM\x00*")),
    Format("doc", "DOC", "document", (".doc",), ("application/msword", "application/rtf"), ("rtf",), stars=1,
           machine_readable=False, proprietary=True, magic=(b"{\\rtf",), ole_streams=("worddocument",)),
    Format("docx", "DOCX", "document", (".docx",), (_DOCX_TYPE,), stars=1, machine_readable=False,
           proprietary=True, zip_members=("word/document.xml",)),
    Format("odt", "ODT", "document", (".odt",), ("application/vnd.oasis.opendocument.text",), stars=1,
           machine_readable=False, proprietary=False, odf_mimetype="text"),
    Format("ppt", "PPT", "document", (".ppt",), ("application/vnd.ms-powerpoint",), stars=1,
           machine_readable=False, proprietary=True, ole_streams=("powerpoint document",)),
    Format("pptx", "PPTX", "document", (".pptx",), (_PPTX_TYPE,), stars=1, machine_readable=False,
           proprietary=True, zip_members=("ppt/presentation.xml",)),
    # An OLE2 compound file: the streams inside tell XLS, DOC and PPT apart; "ole" is one we cannot open.
    Format("ole", "OLE", "document", stars=1, machine_readable=False, magic=(OLE_MAGIC,)),
    Format("html", "HTML", "web", (".html", ".htm"), ("text/html", "application/xhtml+xml"),
           ("web page", "webpage"), stars=0, machine_readable=False, proprietary=False,
           sniffer=_SNIFF + "sniff_html"),
    Format("xlsx", "XLSX", "table", (".xlsx", ".xlsm"), (_XLSX_TYPE,), ("ooxml",), stars=2, machine_readable=True,
           proprietary=True, loader="auditor.loaders.spreadsheet:load_xlsx",
           zip_members=("xl/workbook.xml", "xl/workbook.bin")),
    Format("xls", "XLS", "table", (".xls",), ("application/vnd.ms-excel", "application/excel"),
           ("excel", "ms excel"), stars=2, machine_readable=True, proprietary=True,
           loader="auditor.loaders.spreadsheet:load_xls", ole_streams=("workbook", "book")),
    Format("ods", "ODS", "table", (".ods",), ("application/vnd.oasis.opendocument.spreadsheet",), stars=3,
           machine_readable=True, proprietary=False, loader="auditor.loaders.ods:load_ods",
           odf_mimetype="spreadsheet"),
    Format("zip", "ZIP", "archive", (".zip",), ("application/zip", "application/x-zip-compressed"), stars=3,
           proprietary=False, loader="auditor.loaders.archive:load_archive", nesting=True,
           magic=(b"PK\x03\x04", b"PK\x05\x06")),
    Format("ntriples", "N-Triples", "graph", (".nt",), ("application/n-triples",),
           ("n-triples", "ntriples", "rdf_n_triples", "nq", "rdf_n_quads"), stars=4, machine_readable=True,
           proprietary=False, loader="auditor.loaders.rdfdata:load_ntriples", sniffer=_SNIFF + "sniff_triples"),
    Format("rdf", "RDF/XML", "graph", (".rdf",), ("application/rdf+xml",), ("rdf_xml", "rdf/xml", "rdf+xml", "owl"),
           stars=4, machine_readable=True, proprietary=False, loader="auditor.loaders.rdfdata:load_rdf_xml",
           sniffer=_SNIFF + "sniff_markup", same_as=("xml",)),
    Format("xml", "XML", "tree", (".xml",),
           ("text/xml", "application/xml", "application/vnd.google-earth.kml+xml", "application/rss+xml",
            "application/atom+xml"), ("kml", "gml", "rss", "atom", "atom feed", "wfs", "wms"), stars=3,
           machine_readable=True, proprietary=False, loader="auditor.loaders.xmldata:load_xml", same_as=("rdf",)),
    Format("jsonld", "JSON-LD", "graph", (".jsonld",), ("application/ld+json",), ("json-ld", "json_ld"), stars=4,
           machine_readable=True, proprietary=False, loader="auditor.loaders.jsondata:load_json", same_as=("json",)),
    Format("json", "JSON", "tree", (".json", ".jsonl", ".ndjson", ".geojson"),
           ("application/json", "application/geo+json", "text/json"), ("topojson",), stars=3,
           machine_readable=True, proprietary=False, loader="auditor.loaders.jsondata:load_json",
           sniffer=_SNIFF + "sniff_json", same_as=("jsonld",)),
    Format("turtle", "Turtle", "graph", (".ttl", ".n3"), ("text/turtle", "text/n3"), ("turtle", "rdf_turtle"),
           stars=4, machine_readable=True, proprietary=False, loader="auditor.loaders.rdfdata:load_turtle",
           sniffer=_SNIFF + "sniff_turtle"),
    Format("csv", "CSV", "table", (".csv", ".tsv"), ("text/csv", "text/tab-separated-values", "application/csv"),
           stars=3, machine_readable=True, proprietary=False, loader="auditor.loaders.delimited:load_delimited",
           loose_extensions=(".txt",), same_as=("empty",)),
    Format("api", "API", "service", words=("api", "rest", "接口", "数据接口", "sparql", "esri rest", "ogc api",
                                             "json api", "wmts", "wcs")),
)
# Delimited text is what is left when no sniffer recognises the text.
TEXT_FALLBACK = "csv"
BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}
# Services a catalogue links to that are not files; WMS/WFS answer XML, so they are XML words too.
SERVICE_WORDS = frozenset(BY_NAME["api"].words) | {"wms", "wfs"}


def get(name: str | None) -> Format | None:
    return BY_NAME.get(name) if name else None


def _index(pairs) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, name in pairs:
        out.setdefault(key, name)
    return out


EXTENSIONS: dict[str, str] = _index((e, f.name) for f in FORMATS for e in f.extensions + f.loose_extensions)
TOKENS: dict[str, str] = _index((t.lower(), f.name) for f in FORMATS for t in f.tokens)


def names(predicate) -> frozenset[str]:
    """The names of the formats a predicate accepts, e.g. `names(lambda f: f.family == "graph")`."""
    return frozenset(f.name for f in FORMATS if predicate(f))


MACHINE_READABLE = names(lambda f: f.machine_readable is True)
NOT_MACHINE_READABLE = names(lambda f: f.machine_readable is False)
NON_PROPRIETARY = names(lambda f: f.proprietary is False)
# Machine-readable but tied to a vendor's product (MR004).
PROPRIETARY_DATA = names(lambda f: f.machine_readable is True and f.proprietary is True)
TABULAR = names(lambda f: f.family == "table")
GRAPH = names(lambda f: f.family == "graph")


def extension_format(path: str) -> str | None:
    """The format a file name claims (MR002 compares it with the content)."""
    return EXTENSIONS.get(os.path.splitext(path)[1].lower())


def name_matches(claimed: str, actual: str) -> bool:
    """A file named as `claimed` whose content is `actual` is not misnamed (JSON-LD in .json, empty .csv)."""
    fmt = get(claimed)
    return claimed == actual or bool(fmt and actual in fmt.same_as)


def suffixes(formats) -> tuple[str, ...]:
    """The extensions of some formats, for `str.endswith`."""
    return tuple(e for name in sorted(formats) for e in BY_NAME[name].extensions)


def stars(name: str | None) -> int | None:
    """ckanext-qa's openness stars for a format name (None when the format is unknown or not rated)."""
    fmt = get(name)
    return fmt.stars if fmt else None


def label(name: str | None) -> str | None:
    fmt = get(name)
    return fmt.label if fmt else None


def token_format(text: str) -> str | None:
    """The format named by a catalogue word, a media type, an EU file-type or IANA URI, or '.ext'."""
    text = str(text).strip().lower()
    if not text:
        return None
    if text in TOKENS:
        return TOKENS[text]
    if "://" in text:
        path = urlparse(text).path.rstrip("/")
        if "/media-types/" in path:
            return TOKENS.get(path.split("/media-types/", 1)[1])
        return TOKENS.get(path.rsplit("/", 1)[-1])
    text = text.split(";", 1)[0].strip().lstrip(".")  # "text/csv; charset=utf-8", ".csv"
    return TOKENS.get(text)


def url_format(url: str) -> str | None:
    """The format a download address's extension names."""
    ext = os.path.splitext(urlparse(str(url)).path)[1].lstrip(".").lower()
    return TOKENS.get(ext) if ext else None


def hook_extensions() -> list[str]:
    """Extensions the pre-commit hook must audit: those of every format the tool reads."""
    return sorted({e.lstrip(".") for f in FORMATS if f.loader for e in f.extensions})


def hook_pattern() -> str:
    """The `files:` regex of `.pre-commit-hooks.yaml`, generated so no readable format is missed."""
    return r"(?i)\.(" + "|".join(re.escape(e) for e in hook_extensions()) + r")$"
