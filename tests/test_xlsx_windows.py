"""XLSX sheets read by calamine window by window, straight into column batches, and the tag
census of the sheet scan: each gives what the whole read, the row-by-row packing, the regex
scan and the streaming reader give."""
from __future__ import annotations

import datetime as dt
import random
import zipfile

import pytest
from openpyxl.utils import column_index_from_string, get_column_letter

from auditor.batch import pack
from auditor.loaders.spreadsheet import _streamed_rows, load_xlsx
from auditor.loaders.xlsx_calamine import CalamineSheet
from auditor.loaders.xlsx_scan import scan_sheet
from auditor.loaders.xlsx_windows import book_parts, windows

NS = "http://schemas.openxmlformats.org"
MEMBER = "xl/worksheets/sheet1.xml"


def write_book(path, sheet_data: str, *, root: str = "", prefix: str = "", tail: str = "",
               shared: list[str] | None = None, head: str = "") -> str:
    """A real XLSX whose one sheet is `sheet_data` (the rows' XML), with a date style (s="1")."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{NS}/spreadsheetml/2006/main"' if prefix else f'xmlns="{NS}/spreadsheetml/2006/main"'
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{NS}/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{NS}/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{NS}/spreadsheetml/2006/main" '
        f'xmlns:r="{NS}/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{NS}/package/2006/relationships"><Relationship '
        f'Id="rId1" Type="{NS}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/styles.xml": f'<styleSheet xmlns="{NS}/spreadsheetml/2006/main"><cellXfs count="2">'
        '<xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
        MEMBER: f"<{p}worksheet {xmlns} {root}>{head}<{p}dimension ref=\"A1:Z9999\"/><{p}sheetData>{sheet_data}"
        f"</{p}sheetData>{tail}</{p}worksheet>",
    }
    if shared is not None:
        items = "".join(f"<si><t>{s}</t></si>" for s in shared)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{NS}/spreadsheetml/2006/main">{items}</sst>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text)
    return str(path)


def messy_rows(n: int, seed: int = 7) -> str:
    """A title, a header at row 3, then n rows of mixed cells: blank rows, rows the file leaves
    out, whitespace-only rows, zeros, rows wider than the header, dates, times, booleans,
    entities, inline strings and shared strings, cells starting past column A."""
    rng = random.Random(seed)
    header = "".join(f'<c r="{get_column_letter(i + 1)}3" t="inlineStr"><is><t>列{i}</t></is></c>' for i in range(5))
    out = ['<row r="1"><c r="A1" t="inlineStr"><is><t>标题：登记表</t></is></c></row>', f'<row r="3">{header}</row>']
    r = 4
    for k in range(n):
        kind = rng.random()
        cells = []
        if kind < 0.05:
            r += rng.randint(1, 3)  # rows the file leaves out
            continue
        if kind < 0.08:
            cells = ['<c r="A{r}" t="inlineStr"><is><t xml:space="preserve">   </t></is></c>']
        elif kind < 0.10:
            cells = ['<c r="A{r}"><v>0</v></c>', '<c r="B{r}"><v>0</v></c>']
        elif kind < 0.12:
            cells = ['<c r="B{r}" t="inlineStr"><is><t>B起</t></is></c>']
        elif kind < 0.14:
            cells = ['<c r="A{r}" t="inlineStr"><is><t>宽</t></is></c>',
                     '<c r="H{r}" t="inlineStr"><is><t>注</t></is></c>']
        elif kind < 0.16:
            cells = [f'<c r="A{{r}}" s="1"><v>{45000 + k}</v></c>', '<c r="B{r}" s="1"><v>45000.5</v></c>',
                     '<c r="C{r}" t="b"><v>1</v></c>', '<c r="D{r}" t="s"><v>1</v></c>']
        elif kind < 0.18:
            cells = ['<c r="A{r}" t="inlineStr"><is><r><t>海</t></r><r><t>淀 &amp; 区</t></r></is></c>',
                     '<c r="E{r}" t="inlineStr"><is><t></t></is></c>']
        else:
            cells = [f'<c r="A{{r}}"><v>{k}</v></c>', f'<c r="B{{r}}" t="inlineStr"><is><t>名{k % 97}</t></is></c>',
                     f'<c r="C{{r}}"><v>{rng.uniform(0, 1e4):.2f}</v></c>', '<c r="D{r}" t="s"><v>0</v></c>',
                     f'<c r="E{{r}}" t="inlineStr"><is><t>110105********{k % 10000:04d}</t></is></c>']
        out.append(f'<row r="{r}">' + "".join(c.replace("{r}", str(r)) for c in cells) + "</row>")
        r += 1
    out.append(f'<row r="{r + 2}"><c r="A{r + 2}" t="inlineStr"><is><t></t></is></c></row>')  # layout after the data
    return "".join(out)


def _sheet(path, whole: bool = True) -> CalamineSheet:
    from python_calamine import CalamineWorkbook

    if whole:
        CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)  # calamine reads it: not the fallback
    ds = load_xlsx(str(path), "book.xlsx")
    [table] = ds.tables
    assert table.batches is not None, "calamine's path"
    return table.records.__self__


def _read(sheet: CalamineSheet, labels, header_row):
    """Every batch's rows, blank rows, ragged rows, typed values and text columns."""
    out = []
    for b in sheet.batches(labels, header_row):
        out.append((b.rows(), list(b.blank), dict(b.ragged), [b.values(i) for i in range(len(labels))],
                    [c.to_pylist() for c in b.columns], b.rownums))
    return out


def _flatten(batches):
    rows, blank, texts = [], [], []
    for b_rows, b_blank, _, _, b_texts, _ in batches:
        rows += b_rows
        blank += b_blank
        texts += list(zip(*b_texts, strict=True))
    return rows, blank, texts


@pytest.mark.parametrize("window", [3_000, 20_000, 10**9])
def test_windows_and_column_batches_give_what_the_row_packing_gives(tmp_path, window):
    path = write_book(tmp_path / "m.xlsx", messy_rows(1500), shared=["甲", "乙 &amp; 丙"])
    sheet = _sheet(path)
    header, *_ = [c for r, c in sheet.records() if r == 3]
    labels = [str(v) for v in header if v != ""]
    assert labels == ["列0", "列1", "列2", "列3", "列4"]
    whole = _read(sheet, labels, 3)
    sheet.windowed, sheet.window = True, window
    cut = _read(sheet, labels, 3)
    assert _flatten(cut) == _flatten(whole)
    packed = list(pack(labels, ((r, c) for r, c in sheet.records() if r > 3), grid=True))
    streamed = list(pack(labels, ((r, c) for r, c in _streamed_rows(path, MEMBER, {}) if r > 3), grid=True))
    as_rows = ([(r, list(c)) for b in packed for r, c in b.rows()], [x for b in packed for x in b.blank],
               [t for b in packed for t in zip(*[c.to_pylist() for c in b.columns], strict=True)])
    assert _flatten(cut) == as_rows
    assert [(r, list(c)) for b in streamed for r, c in b.rows()] == as_rows[0]
    rows, blank, texts = _flatten(cut)
    # every row from the header to the last value is a data row or a blank row, once; the
    # empty layout row after the data is neither
    last = sheet.facts["last_value_row"]
    assert sorted([r for r, _ in rows] + blank) == list(range(4, last + 1))
    assert len(blank) > 100 and len(rows) > 1000
    assert any(len(c) > 5 for _, c in rows), "a row wider than the header stays ragged"
    assert any(isinstance(v, dt.date) for _, c in rows for v in c) and any(v is True for _, c in rows for v in c)
    assert ("海淀 & 区", "", "", "", "") in texts and any(t[3] == "乙 & 丙" for t in texts)
    ragged = {j: r for b in cut for j, r in b[2].items()}
    assert all(len(r) == 8 for r in ragged.values())
    assert last in blank or last == rows[-1][0]


def test_the_header_finder_lets_the_batches_start_after_it(tmp_path):
    path = write_book(tmp_path / "m.xlsx", messy_rows(300), shared=["甲", "乙"])
    sheet = _sheet(path)
    sheet.windowed, sheet.window = True, 2_000
    labels = ["列0", "列1", "列2", "列3", "列4"]
    first = [b.rownums[0] for b in sheet.batches(labels, 3)][0]
    assert first == 4
    later = [r for b in sheet.batches(labels, 50) for r in b.rownums]
    assert later and min(later) > 50


def test_a_window_calamine_refuses_streams_from_the_first_row_not_read(tmp_path):
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>x{r}</t></is></c></row>'
                   for r in range(2, 400))
    bad = '<row r="400"><c r="A400" t="zz"><v>400</v></c></row>'  # a cell type calamine refuses
    more = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(401, 420))
    header = ('<row r="1"><c r="A1" t="inlineStr"><is><t>n</t></is></c>'
              '<c r="B1" t="inlineStr"><is><t>s</t></is></c></row>')
    path = write_book(tmp_path / "bad.xlsx", header + rows + bad + more)
    sheet = _sheet(path, whole=False)
    sheet.windowed, sheet.window = True, 4_000
    batches = list(sheet.batches(["n", "s"], 1))
    got = [(r, c) for b in batches for r, c in b.rows()]
    assert [r for r, _ in got] == list(range(2, 420))
    assert got[398] == (400, [400, ""]) and got[-1] == (419, [419, ""])
    assert sheet.last_record() > 100  # rows came from calamine before the refusal


def test_windows_are_well_formed_sheets_cut_before_rows(tmp_path):
    body = "".join(f'<x:row r="{r}" spans="1:1"><x:c r="A{r}"><x:v>{r}</x:v></x:c></x:row>' for r in range(1, 200))
    path = write_book(tmp_path / "p.xlsx", body, prefix="x", tail='<x:mergeCells count="1"><x:mergeCell ref="A1:B1"/>'
                      "</x:mergeCells>")
    with zipfile.ZipFile(path) as zf, zf.open(MEMBER) as fh:
        parts = [bytes(head) + bytes(rows) + bytes(tail) for head, rows, tail in windows(fh, 1_000)]
    assert len(parts) > 5
    for xml in parts:
        assert xml.count(b"<x:row ") == xml.count(b"</x:row>") > 0
        assert b"dimension" not in xml and b"mergeCell" not in xml
        assert xml.endswith(b"</x:sheetData></x:worksheet>")
    numbers = [int(n) for xml in parts for n in __import__("re").findall(rb'<x:row r="(\d+)"', xml)]
    assert numbers == list(range(1, 200))
    sheet = _sheet(path)
    sheet.windowed, sheet.window = True, 1_000
    assert [r for b in sheet.batches(["1"], 1) for r in b.rownums] == list(range(2, 200))


def test_a_sheet_with_markup_among_its_rows_is_read_whole(tmp_path):
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 50))
    path = write_book(tmp_path / "c.xlsx", rows[:200] + '<!-- <row r="999"><c r="A999"><v>1</v></c></row> -->'
                      + rows[200:])
    with zipfile.ZipFile(path) as zf:
        assert scan_sheet(zf, MEMBER).markup is True
        assert scan_sheet(zf, MEMBER, exact=True).markup is True
    plain = write_book(tmp_path / "d.xlsx", rows, head="<!-- a comment before the rows is harmless -->")
    with zipfile.ZipFile(plain) as zf:
        assert scan_sheet(zf, MEMBER).markup is False


# -- the tag census against the regexes ------------------------------------------------------------
CENSUS_SHEETS = {
    "plain": messy_rows(400),
    "formulas": '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>'
    '<row r="2"><c r="A2"><f t="shared" si="0"/></c></row>',
    "formula-words": '<row r="1"><c r="A1"><v>1</v></c></row>',  # <formula> in the tail is no formula
    "hidden": '<row r="1" hidden="1"><c r="A1"><v>1</v></c></row><row r="2" hidden="true"/><row r="3"/>',
    "unnumbered": '<row><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>',
    "tab": '<row\tr="1"><c r="A1"><v>1</v></c></row><row r="2" spans="1:2"><c r="A2"><v>2</v></c></row>',
    "attribute order": '<row spans="1:1" r="7"><c r="A7"><v>1</v></c></row>',
    "leading zeros": '<row r="007"><c r="A7"><v>1</v></c></row>',
    "odd number": '<row r="12a"><c r="A12"><v>1</v></c></row>',
    "inline without is": '<row r="1"><c r="A1" t="inlineStr"><v>x</v></c>'
    '<c r="B1" t="inlineStr"><is><t>y</t></is></c></row>',
    "errors": '<row r="1"><c r="A1" t="e"><v>#N/A</v></c></row>',
    "error without value": '<row r="1"><c r="A1" t="e"/><c r="B1" t="e"><v></v></c></row>',  # calamine: empty too
    "error value with attributes": '<row r="1"><c r="A1" t="e"><v xml:space="preserve">#REF!</v></c></row>',
    "text starting with #": '<row r="1"><c r="A1" t="str"><v>#3 plot</v></c><c r="B1"><v>1</v></c></row>',
    "rich and phonetic": '<row r="1"><c r="A1" t="inlineStr"><is><r><t>a</t></r>'
    '<rPh sb="0" eb="1"><t>A</t></rPh></is></c></row>',
    "cdata": '<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<row r="5">]]></t></is></c></row>',
    "pi": '<row r="1"><?mso x?><c r="A1"><v>1</v></c></row>',
    "far apart": '<row r="1"><c r="B1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    "cell attribute order": '<row r="2"><c s="0" r="C2"><v>1</v></c><c r="AB7" t="n"><v>2</v></c></row>',
}
TAILS = {
    "formula-words": '<conditionalFormatting sqref="A1"><cfRule type="expression" priority="1">'
    "<formula>A1&gt;1</formula></cfRule></conditionalFormatting>",
    "plain": '<mergeCells count="2"><mergeCell ref="A1:E1"/><mergeCell ref="A3:A4"/></mergeCells>',
}
HEADS = {"plain": '<cols><col min="2" max="4" width="9" hidden="1"/></cols>'}


@pytest.mark.parametrize("name", sorted(CENSUS_SHEETS))
def test_the_tag_census_gives_the_regex_scan_s_facts(tmp_path, name):
    path = write_book(tmp_path / "s.xlsx", CENSUS_SHEETS[name], tail=TAILS.get(name, ""), head=HEADS.get(name, ""))
    with zipfile.ZipFile(path) as zf:
        exact = scan_sheet(zf, MEMBER, exact=True)
        for size in (97, 256, 1000, 1 << 20):  # chunks cut anywhere, even inside tags
            assert scan_sheet(zf, MEMBER, chunk_bytes=size) == exact, size
    expected = {"formulas": ("formulas", True), "formula-words": ("formulas", False), "hidden": ("hidden_rows", 2),
                "unnumbered": ("numbered", False), "tab": ("rows", 2), "attribute order": ("rows", 1),
                "odd number": ("numbered", False), "leading zeros": ("numbered", True),
                "inline without is": ("inline_strings", True),
                "errors": ("error_cells", True), "error without value": ("error_cells", False),
                "error value with attributes": ("error_cells", True), "text starting with #": ("error_cells", True),
                "rich and phonetic": ("inline_strings", False),
                "cdata": ("markup", True), "pi": ("markup", True), "plain": ("merged", ("A1:E1", "A3:A4")),
                "far apart": ("box", (1, 2, 1048576, 16384)), "cell attribute order": ("box", (2, 3, 7, 28))}
    field, value = expected[name]
    assert getattr(exact, field) == value
    if name == "plain":
        assert exact.hidden_columns == 3 and exact.dimension == "A1:Z9999" and exact.numbered


@pytest.mark.parametrize("seed", range(6))
def test_the_census_box_of_random_addresses_is_the_regex_s(tmp_path, seed):
    """Addresses of one to three letters and one to eleven digits, in rows of any order, some far
    from their row's number: the census's box is the regex's, however the XML is cut."""
    rng = random.Random(seed)
    rows, refs = [], []
    for _ in range(rng.randint(20, 300)):
        number = rng.choice([rng.randint(1, 9), rng.randint(10, 99_999), rng.randint(1, 1_048_576)])
        cells = []
        for _ in range(rng.randint(0, 4)):
            letters = get_column_letter(rng.choice([rng.randint(1, 26), rng.randint(27, 702), rng.randint(703, 16384)]))
            at = rng.randint(10**8, 10**10) if seed % 3 == 0 and rng.random() < 0.05 else number  # a crafted address
            refs.append((at, letters))
            attribute = rng.choice(["", ' t="n"', ' s="1"'])
            cells.append(f'<c r="{letters}{at}"{attribute}><v>{number}</v></c>')
        rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    path = write_book(tmp_path / "r.xlsx", "".join(rows))
    with zipfile.ZipFile(path) as zf:
        exact = scan_sheet(zf, MEMBER, exact=True)
        for size in (97, 512, 4096, 1 << 20):
            assert scan_sheet(zf, MEMBER, chunk_bytes=size) == exact, size
    columns = [column_index_from_string(letters) for _, letters in refs]
    numbers = [n for n, _ in refs]
    assert exact.box == ((min(numbers), min(columns), max(numbers), max(columns)) if refs else None)


def test_a_prefix_bound_to_the_main_namespace_takes_the_regexes(tmp_path):
    body = '<x:row r="1"><x:c r="A1"><x:f>1</x:f><x:v>1</x:v></x:c></x:row><x:row r="2" hidden="1"/>'
    path = write_book(tmp_path / "x.xlsx", body, prefix="x")
    with zipfile.ZipFile(path) as zf:
        scan = scan_sheet(zf, MEMBER)
    assert (scan.rows, scan.formulas, scan.hidden_rows, scan.numbered) == (2, True, 1, True)


def test_row_numbers_past_the_limit_stop_the_census_too(tmp_path):
    from auditor.budget import LimitReached

    path = write_book(tmp_path / "big.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row><row r="99999999"/>')
    with zipfile.ZipFile(path) as zf:
        for exact in (False, True):
            with pytest.raises(LimitReached, match="99,999,999"):
                scan_sheet(zf, MEMBER, exact=exact)


def test_a_row_of_zeros_is_data_not_a_blank_row(tmp_path):
    from conftest import audit_json, findings, write_workbook

    book = write_workbook(tmp_path / "z.xlsx", [["地区", "人数", "金额"], ["甲", 3, 4.5], [None, 0, 0], ["乙", 1, 2],
                                                 [None, False, None], [None, None, None], ["丙", 5, 6]])
    _, report = audit_json(book)
    [table] = report["datasets"][0]["tables"]
    assert table["rows"] == 5  # the zero row and the FALSE row are records; the empty row is not
    [blank] = findings(report, "MR009")
    assert blank["count"] == 1 and blank["rows"] == [6]


@pytest.mark.parametrize("window", [None, 3_000])
def test_batches_after_a_partial_header_read_reuse_what_it_read(tmp_path, window):
    """The header finder reads the first rows; the batches then start from the sheet (or first
    window) calamine already read, and give what a fresh read gives."""
    path = write_book(tmp_path / "m.xlsx", messy_rows(800), shared=["甲", "乙"])
    labels = ["列0", "列1", "列2", "列3", "列4"]

    def fresh():
        sheet = _sheet(path)
        sheet.windowed, sheet.window = window is not None, window
        return sheet

    expected = _flatten(_read(fresh(), labels, 3))
    sheet = fresh()
    records = sheet.records()
    assert [r for r, _ in (next(records) for _ in range(3))] == [1, 2, 3]
    assert sheet._first is not None or sheet._sheet is not None  # what the header finder read is kept
    del records
    assert _flatten(_read(sheet, labels, 3)) == expected
    assert sheet._first is None and sheet._sheet is None  # and let go once the batches took it


def test_windows_leave_no_file_of_the_sheet_on_disk(tmp_path, monkeypatch):
    import os
    import tempfile

    from auditor.loaders.xlsx_windows import window_rows

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    path = write_book(tmp_path / "m.xlsx", messy_rows(600), shared=["甲", "乙"])
    reading = window_rows(path, MEMBER, "s", size=3_000)
    number, (first_row, _, rows) = next(reading)  # suspended in the middle of the sheet
    assert number == 0 and first_row == 0 and len(rows) > 10
    if os.path.exists("/proc/self/fd") or os.path.exists("/dev/fd"):
        assert list(temp.iterdir()) == []  # the window file had its name removed at once
    assert sum(len(r) for _, (_, _, r) in reading) > 500
    assert list(temp.iterdir()) == []


def test_a_sheet_spread_over_a_huge_area_streams_and_a_window_of_far_rows_falls_back(tmp_path):
    """calamine makes a grid of the cells' whole area: a sheet whose area passes sheet_cells
    streams, and a window whose rows lie far apart hands the rest to the streaming reader."""
    with zipfile.ZipFile(write_book(tmp_path / "far.xlsx", CENSUS_SHEETS["far apart"])) as zf:
        scan = scan_sheet(zf, MEMBER)
    assert scan.cells_area() == 1048576 * 16383
    assert load_xlsx(str(tmp_path / "far.xlsx"), "far.xlsx").tables[0].batches is None  # streams

    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>{r}</v></c></row>' for r in range(1, 400))
    far = '<row r="900000"><c r="A900000"><v>9</v></c><c r="J900000"><v>9</v></c></row>'
    path = write_book(tmp_path / "gap.xlsx", rows + far)
    sheet = _sheet(path)
    assert sheet.windowed and sheet.columns_span == 10  # 900,000 rows x 10 columns: windows
    sheet.window = 3_000  # the last window spans rows 3xx to 900,000: 9,000,000 cells of grid
    batches = list(sheet.batches(["1", "1"], 1))
    got = [(r, c) for b in batches for r, c in b.rows()]
    blank = [r for b in batches for r in b.blank]
    streamed = list(pack(["1", "1"], ((r, c) for r, c in _streamed_rows(path, MEMBER, {}) if r > 1), grid=True))
    assert got == [(r, c) for b in streamed for r, c in b.rows()]
    assert [r for r, _ in got] == list(range(2, 400)) + [900000]
    assert got[-1] == (900000, [9, "", "", "", "", "", "", "", "", 9]) and len(blank) == 900000 - 400
    assert max(len(b.blank) for b in batches) <= 8192  # the gap comes as batches of blank rows


def clean_runs(runs: list[int], seed: int = 11) -> str:
    """A title, a header at row 2, then runs of clean data rows (a number, a name, an amount,
    a masked ID, a date in every row) with the interruptions real releases have between runs:
    rows left out, a white-space row, a row wider than the header, a row starting at column B."""
    rng = random.Random(seed)
    header = "".join(f'<c r="{get_column_letter(i + 1)}2" t="inlineStr"><is><t>列{i}</t></is></c>' for i in range(5))
    out = ['<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>', f'<row r="2">{header}</row>']
    r, k = 3, 0
    breaks = ["gap", "space", "wide", "late"]
    for n, run in enumerate(runs):
        for _ in range(run):
            amount = rng.choice([f"{rng.uniform(0, 1e4):.2f}", str(rng.randint(0, 99)), "1E-05", "123456789012345.6"])
            out.append(f'<row r="{r}"><c r="A{r}"><v>{k}</v></c>'
                       f'<c r="B{r}" t="inlineStr"><is><t>名{k % 89}</t></is></c><c r="C{r}"><v>{amount}</v></c>'
                       f'<c r="D{r}" t="inlineStr"><is><t>110105********{k % 10000:04d}</t></is></c>'
                       f'<c r="E{r}" s="1"><v>{45000 + k % 300}</v></c></row>')
            r, k = r + 1, k + 1
        kind = breaks[n % len(breaks)]
        if kind == "gap":
            r += 5
        elif kind == "space":
            out.append(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t xml:space="preserve"> </t></is></c></row>')
            r += 1
        elif kind == "wide":
            out.append(f'<row r="{r}"><c r="A{r}"><v>-1</v></c><c r="G{r}" t="inlineStr"><is><t>注</t></is></c></row>')
            r += 1
        else:
            out.append(f'<row r="{r}"><c r="B{r}" t="inlineStr"><is><t>B起</t></is></c></row>')
            r += 1
    return "".join(out)


@pytest.mark.parametrize("window", [None, 40_000, 400_000])
def test_runs_of_clean_rows_taken_a_chunk_at_once_give_what_the_row_packing_gives(tmp_path, window):
    """Runs of data rows go into the batches a chunk at a time (no row-by-row test); across
    chunk, window and batch boundaries, gaps, white-space rows, wide rows and rows starting
    past column A, the batches hold what packing the rows one by one holds."""
    path = write_book(tmp_path / "c.xlsx", clean_runs([5000, 9000, 3, 4100, 1, 8200, 700]))
    sheet = _sheet(path)
    sheet.windowed, sheet.window = window is not None, window
    labels = ["列0", "列1", "列2", "列3", "列4"]
    batches = list(sheet.batches(labels, 2))
    packed = list(pack(labels, ((r, c) for r, c in _sheet(path).records() if r > 2), grid=True))
    assert [(r, list(c)) for b in batches for r, c in b.rows()] == [(r, list(c)) for b in packed for r, c in b.rows()]
    assert [x for b in batches for x in b.blank] == [x for b in packed for x in b.blank]
    texts = [t for b in batches for t in zip(*[c.to_pylist() for c in b.columns], strict=True)]
    assert texts == [t for b in packed for t in zip(*[c.to_pylist() for c in b.columns], strict=True)]
    assert {j: r for b in batches for j, r in b.ragged.items()} == {j: r for b in packed for j, r in b.ragged.items()}
    rows = [r for b in batches for r in b.rownums]
    assert len(rows) == 5000 + 9000 + 3 + 4100 + 1 + 8200 + 700 + 3  # the two wide rows and the row from B are data
    assert all(len(b) <= 8192 for b in batches) and len(batches) >= 4
    assert sum(len(b.blank) for b in batches) == 2 * 5 + 2  # two gaps of 5 left-out rows, two white-space rows
    assert sheet.facts["last_value_row"] == rows[-1]
    assert any(v == "1e-05" for t in texts for v in t) and any(v == "123456789012345.6" for t in texts for v in t)


def test_a_column_of_numbers_converts_as_whole_number_and_str_do():
    from auditor.loaders.xlsx_calamine import _numbers
    from auditor.valuetypes import whole_number

    rng = random.Random(5)
    specials = [1e15, -1e15, 1e15 - 1, 1e16, 0.0, -0.0, float("inf"), float("-inf"), 1e-4, 9.99e-5, 5e-324,
                1 / 3, 97614168142258.62, 3.0695941125654566e-07, 2.5, 12.0]
    columns = [tuple(float(i) for i in range(300)), (0.5,) * 7, tuple(specials)]
    for _ in range(60):
        columns.append(tuple(rng.choice([float(rng.randint(-10**6, 10**6)), round(rng.uniform(0, 1e4), 2),
                                         rng.uniform(-1, 1) * 10 ** rng.randint(-12, 20), rng.choice(specials)])
                             for _ in range(rng.randint(1, 200))))
    for column in columns:
        typed, text = _numbers(column)
        expected = [whole_number(v) for v in column]
        assert [(type(v), v) for v in typed] == [(type(v), v) for v in expected]
        assert text.to_pylist() == [str(v) for v in expected]


@pytest.mark.parametrize(("cell", "value"), [('<c r="A2" t="e"/>', ""), ('<c r="A2" t="e"><v></v></c>', ""),
                                           ('<c r="A2" t="e"><v>#N/A</v></c>', "#N/A"),
                                           ('<c r="A2" t="e"><v>#DIV/0!</v></c>', "#DIV/0!"),
                                           ('<c r="A2" t="e"><v>oops</v></c>', "oops")])
def test_error_cells_read_as_the_streaming_reader_reads_them(tmp_path, cell, value):
    """Every error cell reads as the file wrote it: one whose value opens with "#" streams (calamine
    gives "#N/A" as empty); one without a value is empty to calamine too, which reads it; one
    holding another text makes calamine refuse the sheet, which then streams."""
    body = ('<row r="1"><c r="A1" t="inlineStr"><is><t>甲</t></is></c><c r="B1" t="inlineStr"><is><t>乙</t></is></c>'
            f'</row><row r="2">{cell}<c r="B2"><v>2</v></c></row><row r="3"><c r="A3"><v>1</v></c>'
            '<c r="B3"><v>3</v></c></row>')
    path = write_book(tmp_path / "e.xlsx", body)
    [table] = load_xlsx(path, "e.xlsx").tables
    read = list(table.records())
    assert read == [(r, c) for r, c in _streamed_rows(path, MEMBER, {})]
    assert read[1] == (2, [value, 2])


def test_windows_carry_a_shared_strings_table_of_more_than_a_read(tmp_path):
    """The parts every window carries are read whole, however many reads they take: a shared
    strings table of 1.5 MB reaches each window entire."""
    shared = [f"字符串{k:06d}-{'x' * 8}" for k in range(60_000)]
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>{(r * 7919) % 60_000}</v></c><c r="B{r}"><v>{r}</v></c></row>'
                   for r in range(1, 3001))
    path = write_book(tmp_path / "s.xlsx", rows, shared=shared)
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("xl/sharedStrings.xml").file_size > 1_400_000
        parts = book_parts(zf)
        assert parts["xl/sharedStrings.xml"] == zf.read("xl/sharedStrings.xml")
    sheet = _sheet(path)
    whole = [(r, list(c)) for r, c in sheet.records()]
    sheet = _sheet(path)
    sheet.windowed, sheet.window = True, 20_000
    cut = [(r, list(c)) for r, c in sheet.records()]
    assert cut == whole and len(cut) == 3000
    assert cut[-1] == (3000, [shared[(3000 * 7919) % 60_000], 3000])


def test_a_window_book_is_a_zip_zipfile_reads_and_checks(tmp_path):
    """write_book's own ZIP writer: stored members whose CRC-32 zipfile verifies, a name in UTF-8
    flagged as such, and the sheet's pieces joined; written over a longer book, the file ends
    where the new one does."""
    from auditor.loaders.xlsx_windows import write_book

    parts = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": "<workbook>工作簿</workbook>".encode()}
    sheet = "xl/worksheets/数据.xml"
    with open(tmp_path / "w.xlsx", "w+b") as out:
        write_book(out, parts, sheet, [b"<worksheet>", bytearray(b"<row/>" * 50_000), b"</worksheet>"])
        write_book(out, parts, sheet, [b"<worksheet>", bytearray(b"<row/>"), b"</worksheet>"])
    with zipfile.ZipFile(tmp_path / "w.xlsx") as zf:
        assert zf.testzip() is None
        assert zf.namelist() == [*parts, "xl/worksheets/数据.xml"]
        assert [i.compress_type for i in zf.infolist()] == [zipfile.ZIP_STORED] * 3
        assert zf.getinfo("xl/worksheets/数据.xml").flag_bits & 0x800
        assert zf.read("xl/workbook.xml") == parts["xl/workbook.xml"]
        assert zf.read("xl/worksheets/数据.xml") == b"<worksheet><row/></worksheet>"
