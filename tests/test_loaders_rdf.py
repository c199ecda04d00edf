"""RDF loader: the same graph in Turtle, RDF/XML, N-Triples and JSON-LD reads as the same table."""

from __future__ import annotations

import json

import pytest
from conftest import audit_json, codes, findings, write_file
from rdflib import Graph

from auditor.loaders.rdfdata import load_turtle

DISTRICTS = """@prefix ex: <http://data.example.gov.cn/ns#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
<http://data.example.gov.cn/district/1> a ex:District ;
    dct:title "海淀区"@zh, "Haidian"@en ;
    ex:population "3132000"^^xsd:integer ;
    ex:area "430.77"^^xsd:decimal ;
    dct:modified "2024-01-01"^^xsd:date ;
    ex:office [ vcard:fn "统计科" ; vcard:locality "北京" ] ;
    ex:sameAs <http://www.wikidata.org/entity/Q393054> .
<http://data.example.gov.cn/district/2> a ex:District ;
    dct:title "朝阳区"@zh ;
    ex:population "abc"^^xsd:integer .
<http://data.example.gov.cn/office/9> a ex:Office ; ex:name "办公室" .
"""


def serialised(tmp_path, syntax: str, name: str):
    graph = Graph()
    graph.parse(data=DISTRICTS, format="turtle")
    return write_file(tmp_path, name, graph.serialize(format=syntax))


def test_turtle_subjects_are_rows_grouped_by_type(tmp_path):
    ds = load_turtle(str(write_file(tmp_path, "d.ttl", DISTRICTS)), "d.ttl")
    assert [t.name for t in ds.tables] == ["ex:District", "ex:Office"]
    district = ds.tables[0]
    assert district.header_hint == [
        "@id",
        "dct:modified",
        "dct:title@en",
        "dct:title@zh",
        "ex:area",
        "ex:office.vcard:fn",
        "ex:office.vcard:locality",
        "ex:population",
        "ex:sameAs",
    ]
    rows = list(district.records())
    assert rows[0] == (
        2,
        [
            "http://data.example.gov.cn/district/1",
            "2024-01-01",
            "Haidian",
            "海淀区",
            430.77,
            "统计科",
            "北京",
            3132000,
            "http://www.wikidata.org/entity/Q393054",
        ],
    )
    # a literal that is not the integer its datatype claims keeps its text, for MR013 to see
    assert rows[1][1][7] == "abc"


@pytest.mark.parametrize(
    "syntax,name,fmt",
    [
        ("turtle", "d.ttl", "turtle"),
        ("xml", "d.rdf", "rdf"),
        ("nt", "d.nt", "ntriples"),
        ("json-ld", "d.jsonld", "jsonld"),
    ],
)
def test_every_syntax_reads_the_same_rows(tmp_path, syntax, name, fmt):
    code, report = audit_json(serialised(tmp_path, syntax, name))
    ds = report["datasets"][0]
    assert ds["format"] == fmt
    assert sorted(t["rows"] for t in ds["tables"]) == [1, 2]
    district = next(t for t in ds["tables"] if t["name"].endswith("District"))
    assert {"dcterms:title@zh", "dct:title@zh"} & set(district["columns"])
    assert any(c.endswith("population") for c in district["columns"])
    assert ds["openness_stars"] == 5  # links to another host (wikidata)
    assert "MR001" not in codes(report) and "MR002" not in codes(report)


def test_graph_without_outside_links_has_four_stars(tmp_path):
    ttl = '@prefix ex: <http://d.example.org/> .\nex:a ex:p ex:b .\nex:b ex:p "x" .\n'
    code, report = audit_json(write_file(tmp_path, "local.ttl", ttl))
    assert report["datasets"][0]["openness_stars"] == 4


def test_ntriples_content_named_ttl_is_turtle(tmp_path):
    nt = ('<http://d.example.org/a> <http://d.example.org/p> "1" .\n'
          '<http://d.example.org/b> <http://d.example.org/p> "2" .\n')
    code, report = audit_json(write_file(tmp_path, "plain.ttl", nt))
    assert report["datasets"][0]["format"] == "turtle"
    assert "MR002" not in codes(report)


def test_invalid_turtle_is_mr001_with_a_line_and_no_content(tmp_path):
    ttl = '@prefix ex: <http://d.example.org/> .\nex:a ex:phone "13812345678" .\nex:b ex:p "unterminated .\n'
    code, report = audit_json(write_file(tmp_path, "bad.ttl", ttl))
    (mr001,) = findings(report, "MR001")
    assert "invalid Turtle" in mr001["message"]
    assert "13812345678" not in json.dumps(report)


def test_rdf_xml_with_entities_is_refused_before_rdflib(tmp_path):
    secret = write_file(tmp_path, "secret.txt", "TOP-SECRET-VALUE")
    rdf = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY x SYSTEM "file://{secret}"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://d.example.org/">'
        '<rdf:Description rdf:about="http://d.example.org/a"><ex:p>&x;</ex:p></rdf:Description></rdf:RDF>'
    )
    code, report = audit_json(write_file(tmp_path, "x.rdf", rdf))
    assert report["datasets"][0]["format"] == "rdf"
    assert "XXE" in findings(report, "MR001")[0]["message"]
    assert "TOP-SECRET-VALUE" not in json.dumps(report)


def test_jsonld_with_a_remote_context_is_read_as_plain_json_offline(tmp_path):
    doc = {
        "@context": "http://127.0.0.1:9/context.jsonld",
        "@graph": [{"@id": "a", "name": "海淀", "population": 1}, {"@id": "b", "name": "朝阳", "population": 2}],
    }
    code, report = audit_json(write_file(tmp_path, "remote.jsonld", json.dumps(doc, ensure_ascii=False)))
    ds = report["datasets"][0]
    assert ds["format"] == "json"
    assert ds["tables"][0]["rows"] == 2
    assert "MR001" not in codes(report)
