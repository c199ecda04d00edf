"""MR016-MR019 on real generated workbooks (XLSX via openpyxl, XLS via xlwt)."""
from __future__ import annotations

import zipfile

import pytest
from conftest import audit_json, findings, write_workbook


def test_hidden_sheet_rows_and_formula_cells(tmp_path):
    path = write_workbook(tmp_path / "w.xlsx", [["a", "b"], [1, "=A2*2"], [2, 4], [3, 6]], hide_rows=[3],
                          sheets={"秘密": [["姓名", "备注"], ["张三", "内部"]]}, hidden_sheets=["秘密"])
    _, report = audit_json(path, extra=("--select", "MR016,MR017"))
    messages = sorted(f["message"] for f in findings(report, "MR016"))
    assert messages == ["1 hidden row(s)", "Sheet '秘密' is hidden"]
    (formula,) = findings(report, "MR017")
    assert formula["count"] == 1 and formula["examples"] == ["B2"]


def test_phantom_used_range_and_slack_option(tmp_path):
    path = write_workbook(tmp_path / "p.xlsx", [["a", "b"], [1, 2]], style_row=60000)
    _, report = audit_json(path, extra=("--select", "MR018"))
    (phantom,) = findings(report, "MR018")
    assert phantom["data"]["last_value_row"] == 2 and phantom["data"]["dimension"].endswith("60000")


def test_sheets_with_differing_columns(tmp_path):
    path = write_workbook(tmp_path / "y.xlsx", [["区", "人口", "面积"], ["甲", 1, 2]],
                          sheets={"2023": [["区", "人口", "户数"], ["甲", 1, 3]], "说明": [["本表说明"], ["无"]]})
    _, report = audit_json(path, extra=("--select", "MR019"))
    (differ,) = findings(report, "MR019")
    assert differ["data"] == {"only_in_first": ["面积"], "only_in_other": ["户数"]}


def test_xls_hidden_rows(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("表")
    for r, row in enumerate([["a", "b"], [1, 2], [3, 4]]):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    sheet.row(2).hidden = True
    path = tmp_path / "h.xls"
    book.save(str(path))
    _, report = audit_json(path, extra=("--select", "MR016"))
    assert [f["count"] for f in findings(report, "MR016")] == [1]


def test_sheet_xml_with_entity_declarations_is_refused(tmp_path):
    """A workbook whose sheet XML declares entities (billion laughs) is unreadable, not expanded."""
    import zipfile

    good = write_workbook(tmp_path / "good.xlsx", [["a", "b"], [1, 2]])
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = data.split(b"?>", 1)[-1]
                data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>' + body
            dst.writestr(item, data)
    _, report = audit_json(bad)
    assert "MR001" in {f["code"] for f in report["datasets"][0]["findings"]}


def test_streaming_reader_values_match_what_excel_stores(tmp_path):
    """Shared and inline strings, numbers, booleans, error values, dates in both epochs, gaps."""
    import datetime as dt

    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    from auditor.loaders.spreadsheet import load_xlsx

    for epoch in (None, CALENDAR_MAC_1904):
        wb = openpyxl.Workbook()
        if epoch:
            wb.epoch = epoch
        ws = wb.active
        ws.append(["text", "int", "float", "bool", "date", "datetime"])
        ws.append(["北京", 42, 3.5, True, dt.date(2024, 2, 29), dt.datetime(2024, 3, 1, 8, 30)])
        ws["A3"] = "only A"
        ws["F3"] = "#N/A"
        ws["C4"] = 7
        path = tmp_path / f"v{bool(epoch)}.xlsx"
        wb.save(path)
        ds = load_xlsx(str(path), path.name)
        rows = list(ds.tables[0].records())
        assert rows[1] == (2, ["北京", 42, 3.5, True, dt.date(2024, 2, 29), dt.datetime(2024, 3, 1, 8, 30)])
        assert rows[2] == (3, ["only A", "", "", "", "", "#N/A"])
        assert rows[3] == (4, ["", "", 7])


def _inline_workbook(path, cells: str) -> None:
    """A minimal real XLSX whose one sheet holds `cells` (the XML of row 1) as written by
    openpyxl's and many exporters' inline strings."""
    ns = "http://schemas.openxmlformats.org"
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{ns}/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" '
        f'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" '
        f'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{ns}/spreadsheetml/2006/main" '
        f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/>'
        f"</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship '
        f'Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        f"</Relationships>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{ns}/spreadsheetml/2006/main"><sheetData>'
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>区</t></is></c><c r="B1" t="inlineStr"><is><t>说明</t></is></c>'
        f'</row><row r="2">{cells}</row></sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in parts.items():
            zf.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + text)


def test_inline_strings_read_by_calamine_equal_the_streaming_reader(tmp_path):
    """openpyxl and many exporters write inline strings: plain, rich runs, kept spaces,
    entities and phonetic runs (not part of the value). calamine reads them; a cell typed
    inlineStr with a <v> in place of its string is what calamine cannot, and streams."""
    from auditor.loaders.spreadsheet import _streamed_rows, load_xlsx
    from auditor.loaders.xlsx_scan import scan_sheet

    cells = ('<c r="A2" t="inlineStr"><is><r><t>海</t></r><r><rPr><b/></rPr><t>淀</t></r></is></c>'
             '<c r="B2" t="inlineStr"><is><t xml:space="preserve"> a &amp; b </t><rPh><t>PH</t></rPh></is></c>')
    path = tmp_path / "inline.xlsx"
    _inline_workbook(path, cells)
    with zipfile.ZipFile(path) as zf:
        assert scan_sheet(zf, "xl/worksheets/sheet1.xml").inline_strings is False  # calamine's path
    ds = load_xlsx(str(path), path.name)
    fast = list(ds.tables[0].records())
    streamed = list(_streamed_rows(str(path), "xl/worksheets/sheet1.xml", {}))
    assert fast == streamed == [(1, ["区", "说明"]), (2, ["海淀", " a & b "])]

    odd = tmp_path / "odd.xlsx"
    _inline_workbook(odd, '<c r="A2" t="inlineStr"><v>x</v></c>')
    with zipfile.ZipFile(odd) as zf:
        assert scan_sheet(zf, "xl/worksheets/sheet1.xml").inline_strings is True  # streams
