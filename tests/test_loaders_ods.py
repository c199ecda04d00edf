"""OpenDocument spreadsheets: sheets, typed cells, merged ranges, padding rows."""
from __future__ import annotations

import datetime as dt
import zipfile

from conftest import audit_json, codes, findings

from auditor.loaders.ods import load_ods

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def cell(value=None, kind="string", **attrs) -> str:
    extra = " ".join(f'table:{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    if value is None:
        return f"<table:table-cell {extra}/>"
    typed = {"float": f'office:value="{value}"', "date": f'office:date-value="{value}"'}.get(kind, "")
    return (f'<table:table-cell office:value-type="{kind}" {typed} {extra}>'
            f"<text:p>{value}</text:p></table:table-cell>")


def row(*cells, repeat=1) -> str:
    return f'<table:table-row table:number-rows-repeated="{repeat}">{"".join(cells)}</table:table-row>'


def write_ods(path, sheets: dict[str, list[str]]):
    """A real ODS package as LibreOffice writes it: mimetype first, stored, then content.xml."""
    body = "".join(f'<table:table table:name="{name}">{"".join(rows)}</table:table>' for name, rows in sheets.items())
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} office:version="1.2">'
               f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest '
                    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
    return path


PEOPLE = [
    row(
        cell("2023年各区人口", number_columns_spanned=3),
        '<table:covered-table-cell table:number-columns-repeated="2"/>',
        cell(number_columns_repeated=1021),
    ),
    row(cell("区"), cell("人口"), cell("更新日期")),
    row(cell("海淀"), cell("313.2", "float"), cell("2023-12-31", "date")),
    row(cell(), repeat=2),
    row(cell("朝阳"), cell("345", "float"), cell("2023-12-31", "date"), repeat=2),
    row(cell(number_columns_repeated=1024), repeat=1048569),  # LibreOffice pads to the sheet's end
]


def test_sheets_stream_with_typed_cells_and_padding_ignored(tmp_path):
    ds = load_ods(str(write_ods(tmp_path / "p.ods", {"人口": PEOPLE, "空": [row(cell(), repeat=1048576)]})), "p.ods")
    assert ds.format == "ods" and ds.load_error is None
    assert [t.name for t in ds.tables] == ["人口", "空"]
    assert ds.tables[0].merged_ranges == ("A1:C1",)
    rows = list(ds.tables[0].records())
    assert rows[2] == (3, ["海淀", 313.2, dt.date(2023, 12, 31)])
    assert rows[3:5] == [(4, []), (5, [])]  # blank rows between data are kept
    assert rows[-1] == (7, ["朝阳", 345, dt.date(2023, 12, 31)])  # a repeated row is two rows
    assert len(rows) == 7  # the million padding rows are not expanded
    assert list(ds.tables[1].records()) == []


def test_ods_audit_finds_layout_problems(tmp_path):
    code, report = audit_json(write_ods(tmp_path / "p.ods", {"人口": PEOPLE}))
    ds = report["datasets"][0]
    assert ds["format"] == "ods"
    table = ds["tables"][0]
    assert table["columns"] == ["区", "人口", "更新日期"] and table["rows"] == 3
    assert {"MR010", "MR011", "MR009"} <= codes(report)
    assert "MR004" not in codes(report)  # ODS is an open format
    assert findings(report, "MR010")[0]["count"] == 1


def test_crafted_repeat_count_is_refused(tmp_path):
    path = write_ods(
        tmp_path / "crafted.ods", {"s": [row(cell("a"), cell("b")), row(cell("1"), cell("2"), repeat=5_000_000)]}
    )
    code, report = audit_json(path)
    assert "resource limit sheet_rows" in findings(report, "MR022")[0]["message"]


def test_ods_without_content_is_mr001(tmp_path):
    path = tmp_path / "hollow.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
    code, report = audit_json(path)
    assert "no content.xml" in findings(report, "MR001")[0]["message"]
