"""XML loader: records found, columns flattened, hostile documents refused safely."""

from __future__ import annotations

import tracemalloc

from conftest import audit_json, codes, findings, write_file

from auditor.loaders.xmldata import load_xml

RECORDS_XML = """<?xml version="1.0" encoding="UTF-8"?>
<response xmlns:geo="http://example.org/geo">
  <header><code>0</code><message>ok</message></header>
  <data>
    <row id="1"><区>海淀</区><人口 unit="万">313</人口><address><city>北京</city><geo:pos>39.9 116.3</geo:pos></address
      ><tag>a</tag><tag>b</tag></row>
    <row id="2"><区>朝阳</区><人口 unit="万">345</人口><address><city>北京</city></address></row>
    <row id="3"><区>丰台</区><人口 unit="万">201</人口><address><city>北京</city></address><note/></row>
  </data>
</response>
"""


def test_repeating_record_element_becomes_a_table(tmp_path):
    path = write_file(tmp_path, "人口.xml", RECORDS_XML)
    code, report = audit_json(path)
    ds = report["datasets"][0]
    assert ds["format"] == "xml" and ds["encoding"] == "utf-8"
    (table,) = ds["tables"]
    assert table["name"] == "row"
    assert table["rows"] == 3
    # attributes and child elements are columns; nested groups are dotted; namespaced names keep their prefix
    assert table["columns"] == ["id", "区", "人口@unit", "人口", "address.city", "address.geo:pos", "tag", "note"]
    assert "MR001" not in codes(report)


def test_cells_join_repeated_values_and_keep_empty_elements(tmp_path):
    ds = load_xml(str(write_file(tmp_path, "t.xml", RECORDS_XML)), "t.xml")
    rows = list(ds.tables[0].records())
    assert rows[0] == (2, ["1", "海淀", "万", "313", "北京", "39.9 116.3", "a; b", ""])
    assert rows[1][1][-2:] == ["", ""]


def test_two_repeating_groups_give_two_tables(tmp_path):
    xml = (
        "<catalog><contact><name>A</name></contact><contact><name>B</name></contact>"
        "<items>" + "".join(f"<item n='{i}'><v>{i}</v></item>" for i in range(5)) + "</items></catalog>"
    )
    ds = load_xml(str(write_file(tmp_path, "two.xml", xml)), "two.xml")
    assert [(t.name, t.header_hint) for t in ds.tables] == [("contact", ["name"]), ("item", ["n", "v"])]
    assert sum(1 for _ in ds.tables[1].records()) == 5


def test_nested_repeating_groups_stay_inside_their_record(tmp_path):
    xml = (
        "<regions>"
        + "".join(f"<region><name>R{i}</name><city><n>a</n></city><city><n>b</n></city></region>" for i in range(3))
        + "</regions>"
    )
    ds = load_xml(str(write_file(tmp_path, "nest.xml", xml)), "nest.xml")
    assert [t.name for t in ds.tables] == ["region"]
    assert list(ds.tables[0].records())[0] == (2, ["R0", "a; b"])


def test_gb2312_declared_xml_is_transcoded_and_reported(tmp_path):
    text = '<?xml version="1.0" encoding="GB2312"?>\n<表><行><名称>北京市</名称></行><行><名称>上海市</名称></行></表>'
    path = write_file(tmp_path, "gb.xml", text, encoding="gb2312")
    code, report = audit_json(path)
    ds = report["datasets"][0]
    assert ds["encoding"] == "gb2312"
    assert ds["tables"][0]["columns"] == ["名称"] and ds["tables"][0]["rows"] == 2
    assert "MR005" in codes(report)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz><r><v>&lol9;</v></r><r><v>x</v></r></lolz>
"""


def test_billion_laughs_is_refused_without_expanding(tmp_path):
    path = write_file(tmp_path, "bomb.xml", BILLION_LAUGHS)
    tracemalloc.start()
    code, report = audit_json(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50 * 1024 * 1024  # a billion "lol"s would be gigabytes
    (mr001,) = findings(report, "MR001")
    assert "declares entities" in mr001["message"] and "billion laughs" in mr001["message"]
    assert report["datasets"][0]["tables"] == []
    assert code == 1


def test_external_entity_is_refused_and_never_read(tmp_path):
    secret = write_file(tmp_path, "secret.txt", "TOP-SECRET-VALUE")
    xml = (
        f'<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>\n'
        "<r><row><v>&xxe;</v></row><row><v>1</v></row></r>"
    )
    path = write_file(tmp_path, "xxe.xml", xml)
    result_code, report = audit_json(path)
    assert "XXE" in findings(report, "MR001")[0]["message"]
    assert "TOP-SECRET-VALUE" not in str(report)


def test_external_dtd_is_skipped_not_fetched(tmp_path):
    xml = (
        '<?xml version="1.0"?>\n<!DOCTYPE r SYSTEM "http://127.0.0.1:9/never.dtd">\n'
        "<r><row><v>1</v></row><row><v>2</v></row></r>"
    )
    code, report = audit_json(write_file(tmp_path, "dtd.xml", xml))
    assert "MR001" not in codes(report)
    assert report["datasets"][0]["tables"][0]["rows"] == 2


def test_malformed_xml_is_mr001_with_position_and_no_content(tmp_path):
    path = write_file(tmp_path, "bad.xml", "<r><row><v>110105199001011234</v></row><row><v>2</row></r>")
    code, report = audit_json(path)
    (mr001,) = findings(report, "MR001")
    assert "not well-formed at line 1" in mr001["message"]
    assert "110105199001011234" not in str(report)
    assert code == 1


def test_memory_does_not_grow_with_records(tmp_path):
    def peak_for(n):
        body = "".join(f"<rec id='{i}'><a>名称{i}</a><b>{i * 3}</b><c><d>x</d></c></rec>" for i in range(n))
        ds = load_xml(str(write_file(tmp_path, f"m{n}.xml", f"<root>{body}</root>")), "m.xml")
        tracemalloc.start()
        count = sum(1 for _ in ds.tables[0].records())
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert count == n
        return peak

    small, large = peak_for(2_000), peak_for(40_000)
    assert large < small * 2 + 200_000  # 20x the records, about the same memory
