"""Detect a file's real format from its content, never from its name alone.

Magic bytes first (PDF, images, ZIP containers, OLE2 compound files), then the
structure of text (JSON, XML/RDF/HTML, Turtle), and finally delimited text. The
facts (magic bytes, ZIP members, OLE streams, which text sniffer runs when) come
from the format registry; this module holds the inspectors and text sniffers.
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from importlib import import_module

from .. import formats
from ..formats import NOT_MACHINE_READABLE, extension_format

HEAD = 8192
__all__ = ["detect_format", "extension_format", "NOT_MACHINE_READABLE"]

_TURTLE = re.compile(r"^\s*(@prefix|@base|PREFIX\s|BASE\s)", re.I | re.M)
# A triple written with absolute IRIs or blank nodes: N-Triples, or Turtle without prefixes.
_TRIPLE_START = re.compile(r'^(<[^\s<>"]*:[^\s<>"]*>|_:\S+)[ \t]+(<[^\s<>"]*:[^\s<>"]*>|a[ \t])')
_NTRIPLE = re.compile(r'^(<[^\s<>"]*>|_:\S+)[ \t]+<[^\s<>"]*>[ \t]+.+[ \t]*\.[ \t]*(#.*)?$')
_RDF_NS = "www.w3.org/1999/02/22-rdf-syntax-ns"


def detect_format(path: str) -> str:
    """Return a format name of the registry (csv, xlsx, xls, json, xml, rdf, turtle, zip, pdf...) or "empty"."""
    with open(path, "rb") as fh:
        head = fh.read(HEAD)
    if not head:
        return "empty"
    for fmt in formats.FORMATS:
        if any(head.startswith(magic) for magic in fmt.magic):
            if fmt.name == "ole":
                return _ole_kind(path)
            if fmt.name == "zip":
                return _zip_kind(path)
            return fmt.name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    return _text_kind(head)


def _ole_kind(path: str) -> str:
    """The OLE2 format whose stream the file holds; "ole" when none (an encrypted Office file, say)."""
    import olefile

    try:
        with olefile.OleFileIO(path) as ole:
            streams = {"/".join(s).lower() for s in ole.listdir()}
    except Exception:
        # A damaged compound file: named as a workbook, it is an unreadable workbook (MR001),
        # not a document that is "not machine-readable" (MR003).
        return "xls" if extension_format(path) == "xls" else "ole"
    return next((f.name for f in formats.FORMATS if streams & set(f.ole_streams)), "ole")


def _zip_kind(path: str) -> str:
    """OpenDocument by its `mimetype` member, Office Open XML by its main part, else a plain ZIP."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            mime = None
            if "mimetype" in names:
                with zf.open("mimetype") as fh:  # read a little: the member may be a bomb
                    mime = fh.read(100).decode("ascii", "replace")
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, NotImplementedError, RuntimeError):
        return _cut_zip_kind(path)
    if mime is not None:
        found = next((f.name for f in formats.FORMATS if f.odf_mimetype and f.odf_mimetype in mime), None)
        if found:
            return found
    return next((f.name for f in formats.FORMATS if names & set(f.zip_members)), "zip")


def _cut_zip_kind(path: str) -> str:
    """A ZIP without its directory (cut short): a workbook when a local header near the front
    names the workbook's main part, so its intact rows can still be read (zip_salvage)."""
    with open(path, "rb") as fh:
        front = fh.read(1 << 16)
    return next((f.name for f in formats.FORMATS if f.loader and any(
        b"PK\x03\x04" in front and m.encode() in front for m in f.zip_members)), "zip")


def _sniffers() -> list[Callable[[str], str | None]]:
    found = []
    for fmt in formats.FORMATS:
        if fmt.sniffer:
            module, _, name = fmt.sniffer.partition(":")
            found.append(getattr(import_module(module), name))
    return found


def _text_kind(head: bytes) -> str:
    text = _head_text(head).lstrip("\ufeff \t\r\n")
    for sniff in _sniffers():
        found = sniff(text)
        if found:
            return found
    return formats.TEXT_FALLBACK


def sniff_html(text: str) -> str | None:
    low = text[:1024].lower()
    if low.startswith("<!doctype html") or low.startswith("<html") or (low.startswith("<") and "<html" in low[:512]):
        return "html"
    return None


def sniff_markup(text: str) -> str | None:
    """XML, RDF/XML, or an HTML page that starts with an XML declaration."""
    low = text[:1024].lower()
    if not low.startswith("<"):
        return None
    if "<html" in low:
        return "html"
    return "rdf" if _is_rdf_xml(text) else "xml"


def sniff_json(text: str) -> str | None:
    # JSON-LD is JSON; the JSON loader looks inside for catalogues and graphs.
    return "json" if text[:1] in "[{" else None


def sniff_turtle(text: str) -> str | None:
    return "turtle" if _TURTLE.search(text[:4096]) else None


def _is_rdf_xml(text: str) -> bool:
    """RDF/XML: the RDF namespace is declared and used on the root (rdf:RDF) or on a node."""
    if _RDF_NS not in text:
        return False
    root = re.search(r"<([A-Za-z_][\w.-]*:)?RDF[\s>]", text)
    return bool(root) or "rdf:about=" in text or "rdf:resource=" in text


def sniff_triples(text: str) -> str | None:
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
