"""The format registry is the one source of format facts: everything that names formats agrees with it."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import yaml

from auditor import formats
from auditor.loaders import detect_format, load, loader_for
from auditor.metadata.formats import declares_format, distribution_format, stars_for
from auditor.portal.scorecard import MACHINE_READABLE, NON_PROPRIETARY
from auditor.portal.sources.detect import DCAT_SUFFIXES, EXPORT_SUFFIXES

ROOT = Path(__file__).resolve().parents[1]


def _hook_pattern() -> str:
    (hook,) = [h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
               if h["id"] == "audit-check"]
    return hook["files"]


def test_precommit_hook_covers_every_readable_extension():
    pattern = re.compile(_hook_pattern())
    missed = [ext for ext in formats.hook_extensions() if not pattern.search(f"data/表.{ext.upper()}")]
    assert missed == [], f"add {missed} to .pre-commit-hooks.yaml files: (expected {formats.hook_pattern()})"
    assert _hook_pattern() == formats.hook_pattern()
    assert not pattern.search("README.txt") and not pattern.search("report.pdf")


def test_every_loader_and_sniffer_resolves():
    for fmt in formats.FORMATS:
        if fmt.loader:
            assert callable(loader_for(fmt.name)), fmt.name
        else:
            assert loader_for(fmt.name) is None
        if fmt.sniffer:
            module, _, name = fmt.sniffer.partition(":")
            assert callable(getattr(__import__(module, fromlist=[name]), name)), fmt.sniffer


def test_words_and_extensions_name_one_format_each():
    seen: dict[str, str] = {}
    for fmt in formats.FORMATS:
        for token in fmt.tokens:
            assert token == token.lower(), token
            assert seen.setdefault(token, fmt.name) == fmt.name, f"{token} in {seen[token]} and {fmt.name}"


def test_tables_derive_from_the_registry():
    assert MACHINE_READABLE == {"csv", "json", "jsonld", "xml", "rdf", "turtle", "ntriples", "ods", "xls", "xlsx"}
    assert NON_PROPRIETARY == {"csv", "json", "jsonld", "xml", "rdf", "turtle", "ntriples", "ods", "zip", "html", "odt"}
    assert formats.PROPRIETARY_DATA == {"xls", "xlsx"}
    assert formats.NOT_MACHINE_READABLE == {"pdf", "doc", "docx", "ppt", "pptx", "image", "html", "ole", "odt"}
    assert set(EXPORT_SUFFIXES) == {".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods"}
    assert {".rdf", ".ttl", ".nt", ".n3", ".jsonld"} <= set(DCAT_SUFFIXES)
    assert [stars_for(f) for f in ("html", "pdf", "xlsx", "csv", "rdf", "api", None)] == [0, 1, 2, 3, 4, None, None]


def test_catalogue_words_media_types_and_urls():
    cases = {"CSV": "csv", "text/csv; charset=utf-8": "csv", "Excel": "xls", ".XLSX": "xlsx",
             "http://publications.europa.eu/resource/authority/file-type/RDF_TURTLE": "turtle",
             "https://www.iana.org/assignments/media-types/application/ld+json": "jsonld",
             "接口": "api", "Shapefile": None}
    assert {word: distribution_format({"format": word}) for word in cases} == cases
    assert distribution_format({"url": "https://x.gov/a/b.geojson?x=1"}) == "json"


def test_names_that_rightly_hold_another_content_format():
    assert [formats.name_matches(c, a) for c, a in
            (("json", "jsonld"), ("xml", "rdf"), ("rdf", "xml"), ("csv", "empty"), ("csv", "xlsx"), ("xls", "xlsx"))] \
        == [True, True, True, True, False, False]


def test_undefined_is_not_a_declared_format():
    assert [declares_format({"format": f}) for f in ("CSV", "Undefined", " unknown ", "", None)] == \
        [True, False, False, False, False]
    assert declares_format({"format": "Undefined", "media_type": "text/csv"})


def test_sniffing_uses_the_registry(tmp_path):
    odt = tmp_path / "note.odt"
    with zipfile.ZipFile(odt, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
    docx = tmp_path / "note.docx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    plain = tmp_path / "bundle.zip"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("a.csv", "a,b\n1,2\n")
    nt = tmp_path / "g.nt"
    nt.write_text('<http://x.org/a> <http://x.org/p> "v" .\n<http://x.org/b> <http://x.org/p> "w" .\n')
    assert [detect_format(str(p)) for p in (odt, docx, plain, nt)] == ["odt", "docx", "zip", "ntriples"]
    # A text document is not machine-readable (MR003), not an unreadable file (MR001).
    loaded = load(str(odt), "note.odt")
    assert loaded.format == "odt" and loaded.load_error is None
