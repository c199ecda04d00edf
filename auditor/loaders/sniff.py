"""Detect a file's real format from its content, never from its name alone.

Magic bytes first (PDF, images, ZIP containers, OLE2 compound files), then the
structure of text (JSON, XML/RDF/HTML, Turtle), and finally delimited text.
"""
from __future__ import annotations

import os
import re
import zipfile

HEAD = 8192

# What each extension claims to be; used only to report MR002 mismatches.
EXTENSION_FORMATS = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".xls": "xls", ".json": "json", ".jsonl": "json", ".ndjson": "json", ".geojson": "json",
    ".xml": "xml", ".rdf": "rdf", ".ttl": "turtle", ".nt": "ntriples", ".jsonld": "jsonld",
    ".zip": "zip", ".pdf": "pdf", ".doc": "doc", ".docx": "docx", ".ppt": "ppt",
    ".pptx": "pptx", ".ods": "ods", ".html": "html", ".htm": "html", ".png": "image",
    ".jpg": "image", ".jpeg": "image", ".gif": "image", ".bmp": "image", ".tif": "image",
    ".tiff": "image", ".webp": "image",
}

# Formats a machine cannot read as data (MR003).
NOT_MACHINE_READABLE = {"pdf", "doc", "docx", "ppt", "pptx", "image", "html", "ole"}

_MAGIC = [
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF87a", "image"),
    (b"GIF89a", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"BM", None),  # too short to trust alone; checked below
    (b"{\\rtf", "doc"),
]
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TURTLE = re.compile(r"^\s*(@prefix|@base|PREFIX\s|BASE\s)", re.I | re.M)
# A triple written with absolute IRIs or blank nodes: N-Triples, or Turtle without prefixes.
_TRIPLE_START = re.compile(r'^(<[^\s<>"]*:[^\s<>"]*>|_:\S+)[ \t]+(<[^\s<>"]*:[^\s<>"]*>|a[ \t])')
_NTRIPLE = re.compile(r'^(<[^\s<>"]*>|_:\S+)[ \t]+<[^\s<>"]*>[ \t]+.+[ \t]*\.[ \t]*(#.*)?$')
_RDF_NS = "www.w3.org/1999/02/22-rdf-syntax-ns"


def extension_format(path: str) -> str | None:
    return EXTENSION_FORMATS.get(os.path.splitext(path)[1].lower())


def detect_format(path: str) -> str:
    """Return a format name: csv, xlsx, xls, json, xml, rdf, turtle, zip, pdf, ..."""
    with open(path, "rb") as fh:
        head = fh.read(HEAD)
    if not head:
        return "empty"
    for magic, fmt in _MAGIC:
        if fmt and head.startswith(magic):
            return fmt
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    if head.startswith(_OLE):
        return _ole_kind(path)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path)
    return _text_kind(head)


def _ole_kind(path: str) -> str:
    import olefile

    try:
        with olefile.OleFileIO(path) as ole:
            streams = {"/".join(s).lower() for s in ole.listdir()}
    except Exception:
        return "ole"
    if "workbook" in streams or "book" in streams:
        return "xls"
    if "worddocument" in streams:
        return "doc"
    if "powerpoint document" in streams:
        return "ppt"
    if "encryptedpackage" in streams:
        return "ole"  # an encrypted Office file: not readable without the password
    return "ole"


def _zip_kind(path: str) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                mime = zf.read("mimetype")[:100].decode("ascii", "replace")
                if "spreadsheet" in mime:
                    return "ods"
                if "text" in mime:
                    return "odt"
    except (zipfile.BadZipFile, OSError, KeyError):
        return "zip"
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    return "zip"


def _text_kind(head: bytes) -> str:
    text = _head_text(head).lstrip("\ufeff \t\r\n")
    low = text[:1024].lower()
    if low.startswith("<!doctype html") or low.startswith("<html") or (
        low.startswith("<") and "<html" in low[:512]
    ):
        return "html"
    triples = _triples_kind(text)
    if triples:
        return triples
    if low.startswith("<?xml") or low.startswith("<"):
        if "<html" in low:
            return "html"
        if _is_rdf_xml(text):
            return "rdf"
        return "xml"
    if text[:1] in "[{":
        return "json"  # JSON-LD is JSON; the JSON loader looks inside for catalogues and graphs
    if _TURTLE.search(text[:4096]):
        return "turtle"
    return "csv"


def _is_rdf_xml(text: str) -> bool:
    """RDF/XML: the RDF namespace is declared and used on the root (rdf:RDF) or on a node."""
    if _RDF_NS not in text:
        return False
    root = re.search(r"<([A-Za-z_][\w.-]*:)?RDF[\s>]", text)
    return bool(root) or "rdf:about=" in text or "rdf:resource=" in text


def _triples_kind(text: str) -> str | None:
    """N-Triples (every statement one line of absolute IRIs) or prefix-less Turtle."""
    lines = [ln.strip() for ln in text.splitlines()[:50]]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    if not lines or not _TRIPLE_START.match(lines[0]):
        return None
    complete = lines[:-1] if len(lines) > 1 else lines  # the head may cut the last line
    if all(_NTRIPLE.match(ln) for ln in complete):
        return "ntriples"
    return "turtle"


def _head_text(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "ignore")
    if head[1:2] == b"\x00" and head[3:4] == b"\x00":
        return head.decode("utf-16-le", "ignore")
    if head[0:1] == b"\x00" and head[2:3] == b"\x00":
        return head.decode("utf-16-be", "ignore")
    return head.decode("utf-8", "ignore")
