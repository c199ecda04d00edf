"""Hostile inputs, generated on demand in a folder (issue 12).

Every case is a small function writing its files into a folder and saying what
to audit, which planted values must never be printed, and what the report must
hold. Bombs are built by streaming through zlib, so a case that expands to
gigabytes writes a few megabytes. Shared by `tests/hostile/` and
`benchmarks/bench_hostile.py`.
"""
from __future__ import annotations

import os
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from auditor.identifiers import make_resident_id

# Planted personal values: none may appear in any output.
PLANTED_ID = make_resident_id("110105", "19900307", "123")
PLANTED_MOBILE = "13912345678"
PLANTED_MAIL = "zhang.wei@example.cn"
FULLWIDTH_ID = PLANTED_ID.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
SPACED_ID = f"{PLANTED_ID[:6]} {PLANTED_ID[6:14]} {PLANTED_ID[14:]}"
DASHED_ID = f"{PLANTED_ID[:6]}-{PLANTED_ID[6:14]}-{PLANTED_ID[14:]}"
PLANTED_DOB = "1990年03月07日"
GOOD_CSV = f"姓名,身份证号,手机,邮箱\n张伟,{PLANTED_ID},{PLANTED_MOBILE},{PLANTED_MAIL}\n李娜,,,\n"
MB = 1 << 20


@dataclass
class Built:
    """What one case audits, and what its report must show."""

    paths: list[Path]
    planted: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()  # codes that must be found (somewhere in the report)
    args: tuple[str, ...] = ()  # extra CLI options
    good: tuple[str, ...] = ()  # file names that must be audited with rows
    stdin_safe: bool = True


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], Built]
    seconds: float = 60.0  # bound on wall time (the machine is shared: generous)
    megabytes: float = 300.0  # bound on peak memory of the audit process
    formats: bool = False  # also rendered in every output format (planted values)
    slow: bool = False  # builds hundreds of megabytes: bench only unless asked


CASES: list[Case] = []


def case(name: str, **kwargs):
    def register(fn: Callable[[Path], Built]):
        CASES.append(Case(name, fn, **kwargs))
        return fn
    return register


# ----------------------------------------------------------------------------- helpers
def _xlsx(path: Path, sheet_xml: Callable[[object], None], sheet_name: str = "Sheet1",
          shared: list[str] | None = None, level: int = 9) -> Path:
    """A minimal real XLSX whose sheet XML is written by `sheet_xml(stream)` in pieces."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("[Content_Types].xml",
                    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Default Extension="xml" ContentType="application/xml"/></Types>')
        zf.writestr("_rels/.rels",
                    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                    'relationships"><Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.'
                    'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>')
        zf.writestr("xl/workbook.xml",
                    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                    f'<sheet name="{_attr(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>')
        zf.writestr("xl/_rels/workbook.xml.rels",
                    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                    'relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.'
                    'openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>')
        if shared is not None:
            zf.writestr("xl/sharedStrings.xml",
                        '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        + "".join(f"<si><t>{_attr(s)}</t></si>" for s in shared) + "</sst>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                      b'spreadsheetml/2006/main">')
            sheet_xml(out)
            out.write(b"</worksheet>")
    return path


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def _row(n: int, values: list[str]) -> bytes:
    cells = "".join(f'<c r="{_col(i)}{n}" t="inlineStr"><is><t>{_attr(v)}</t></is></c>' for i, v in enumerate(values))
    return f'<row r="{n}">{cells}</row>'.encode()


def _col(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        name = chr(65 + rem) + name
    return name


def _repeat(out, block: bytes, total: int) -> None:
    """Write `block` repeatedly until `total` bytes (streamed: never held whole)."""
    piece = block * max(1, MB // len(block))
    written = 0
    while written < total:
        out.write(piece)
        written += len(piece)


def _good_csv(folder: Path, name: str = "good.csv") -> Path:
    path = folder / name
    path.write_text(GOOD_CSV, encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- cases
@case("binary-named-csv")
def binary_csv(folder: Path) -> Built:
    rnd = random.Random(12)
    path = folder / "random.csv"
    path.write_bytes(bytes(rnd.getrandbits(8) for _ in range(200_000)))
    return Built([path])


@case("binary-named-json")
def binary_json(folder: Path) -> Built:
    rnd = random.Random(13)
    path = folder / "random.json"
    path.write_bytes(b"{" + bytes(rnd.getrandbits(8) for _ in range(200_000)))
    return Built([path], codes=("MR001",))


@case("yaml-billion-laughs-sidecar", formats=True)
def yaml_laughs(folder: Path) -> Built:
    data = _good_csv(folder, "people.csv")
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    lines.append("title: *a9")
    (folder / "people.meta.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Built([data], planted=(PLANTED_ID, PLANTED_MOBILE), codes=("CP008", "SF001"), good=("people.csv",))


@case("yaml-python-tag-sidecar")
def yaml_tag(folder: Path) -> Built:
    data = _good_csv(folder, "tagged.csv")
    (folder / "tagged.meta.yaml").write_text('title: !!python/object/apply:os.system ["echo pwned"]\n'
                                             "publisher: !custom x\n", encoding="utf-8")
    return Built([data], codes=("CP008", "SF001"), good=("tagged.csv",))


@case("markup-in-names", formats=True)
def markup_names(folder: Path) -> Built:
    name = "[bold]报表 [link=javascript:alert(1)]x [red.csv"  # a file name cannot hold '/': no closing tags
    path = folder / name
    header = "区\x1b[31m,[red]人口[/red],\u202etxt.exe,名称\x07"
    path.write_text(header + "\n海淀,1,2,3\n朝阳,[/],[link=file:///etc/passwd]y[/link],\x1b]8;;http://x\x1b\\\n",
                    encoding="utf-8")

    def sheet(out):
        out.write(_row(1, ["[bold]a", "b[/]"]) + _row(2, ["1", "2"]))

    book = _xlsx(folder / "sheets.xlsx", sheet, sheet_name="[/][bold red]S[/bold red]")
    archive = folder / "members.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("[/][bold]m[/bold].csv", "a,b\n1,2\n")
    spoof = folder / "\u202etxt.exe\x1b[31m\x07.csv"  # right-to-left override, ANSI colour, bell
    spoof.write_text("a,b\n1,2\n", encoding="utf-8")
    return Built([path, book, archive, spoof], args=("--format", "terminal"), good=(name, "sheets.xlsx"))


@case("xlsx-cell-expanding-to-gigabytes")
def xlsx_cell_bomb(folder: Path) -> Built:
    def sheet(out):
        out.write(b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
        _repeat(out, b"A", 1 << 30)
        out.write(b"</t></is></c></row></sheetData>")

    return Built([_xlsx(folder / "cellbomb.xlsx", sheet, level=1)], codes=("MR022",))


@case("xlsx-millions-of-empty-rows")
def xlsx_empty_rows(folder: Path) -> Built:
    def sheet(out):
        out.write(b"<sheetData>" + _row(1, ["a", "b"]) + _row(2, ["1", "2"]))
        n = 3
        while n < 1_100_000:  # past Excel's last row (1,048,576): crafted
            out.write(b"".join(b'<row r="%d"/>' % i for i in range(n, n + 10_000)))
            n += 10_000
        out.write(_row(1_100_001, ["3", "4"]) + b"</sheetData>")

    return Built([_xlsx(folder / "emptyrows.xlsx", sheet)], codes=("MR022",))


@case("xlsx-two-cells-far-apart")
def xlsx_far_cells(folder: Path) -> Built:
    """A1 and XFD1048576, both inside Excel's grid: a reader that makes a grid of the cells'
    area asks for 17 billion cells (python-calamine aborted the process asking for 512 GB)."""
    def sheet(out):
        out.write(b"<sheetData>" + _row(1, ["a", "b"]) + _row(2, ["1", "2"])
                  + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')

    return Built([_xlsx(folder / "far.xlsx", sheet)], codes=("MR009",), good=("far.xlsx",))


@case("xlsx-cell-ref-XFD99999999")
def xlsx_xfd(folder: Path) -> Built:
    def sheet(out):
        out.write(b'<dimension ref="A1:XFD99999999"/><sheetData>' + _row(1, ["a", "b"]) + _row(2, ["1", "2"])
                  + b'<row r="99999999"><c r="XFD99999999" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
                  + b'<mergeCells count="1"><mergeCell ref="A1:XFD99999999"/></mergeCells>')

    return Built([_xlsx(folder / "xfd.xlsx", sheet)], codes=("MR022",))


@case("nested-zips-that-multiply")
def nested_zips(folder: Path) -> Built:
    leaf = folder / "leaf.zip"
    with zipfile.ZipFile(leaf, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("data.csv", "w") as out:
            out.write(b"a,b\n")
            _repeat(out, b"1,2\n", MB)
    current = leaf
    for level in range(1, 4):  # 16 ** 4 = 65,536 leaves of 1 MiB: 64 GiB if expanded
        nxt = folder / f"level{level}.zip"
        with zipfile.ZipFile(nxt, "w", zipfile.ZIP_STORED) as zf:
            for i in range(16):
                zf.write(current, f"part{i}.zip")
        current.unlink()
        current = nxt
    final = folder / "multiply.zip"
    with zipfile.ZipFile(final, "w", zipfile.ZIP_STORED) as zf:
        for i in range(16):
            zf.write(current, f"top{i}.zip")
    current.unlink()
    return Built([final], codes=("MR022",))


@case("zip-member-bomb")
def zip_bomb(folder: Path) -> Built:
    path = folder / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("zeros.csv", "w", force_zip64=True) as out:
            _repeat(out, b"0", 1 << 30)
        zf.writestr("ok.csv", GOOD_CSV)
    return Built([path], planted=(PLANTED_ID,), codes=("MR022",))


@case("xml-nested-100000-deep")
def deep_xml(folder: Path) -> Built:
    path = folder / "deep.xml"
    with open(path, "wb") as fh:
        fh.write(b"<r>" + b"<a>" * 100_000 + b"x" + b"</a>" * 100_000 + b"</r>")
    return Built([path], codes=("MR022",))


@case("xml-too-many-elements")
def many_xml(folder: Path) -> Built:
    path = folder / "many.xml"
    with open(path, "wb") as fh:
        fh.write(b"<rows>")
        _repeat(fh, b"<row><a>1</a><b>2</b></row>", 12 * MB)
        fh.write(b"</rows>")
    profile = folder / "tight.yaml"
    profile.write_text("extends: default\nlimits:\n  xml_elements: 100000\n", encoding="utf-8")
    return Built([path], codes=("MR022",), args=("--profile", str(profile)))


@case("json-200MB-string", slow=True)
def json_string(folder: Path) -> Built:
    path = folder / "string.json"
    with open(path, "wb") as fh:
        fh.write(b'[{"a": "')
        _repeat(fh, b"x", 200 * MB)
        fh.write(b'"}]')
    return Built([path], codes=("MR022",))


@case("json-20MB-string")
def json_string_small(folder: Path) -> Built:
    path = folder / "string20.json"
    with open(path, "wb") as fh:
        fh.write(b'[{"id": "' + PLANTED_ID.encode() + b'", "a": "')
        _repeat(fh, b"x\\\"", 20 * MB)
        fh.write(b'"}]')
    return Built([path], codes=("MR022",), planted=(PLANTED_ID,))


@case("json-nested-100000-deep")
def json_deep(folder: Path) -> Built:
    path = folder / "deep.json"
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    return Built([path])


@case("csv-one-100MB-line", slow=True)
def huge_line(folder: Path) -> Built:
    path = folder / "line.csv"
    with open(path, "wb") as fh:
        fh.write(b"a,b\n1,")
        _repeat(fh, b"y", 100 * MB)
        fh.write(b"\n2,3\n")
    return Built([path], codes=("MR022",))


@case("csv-one-20MB-line")
def long_line(folder: Path) -> Built:
    path = folder / "line20.csv"
    with open(path, "wb") as fh:
        fh.write(b"a,b\n1,")
        _repeat(fh, b"y", 20 * MB)
        fh.write(b"\n2,3\n")
    return Built([path], codes=("MR022",))


@case("csv-1000000-columns")
def wide_csv(folder: Path) -> Built:
    path = folder / "wide.csv"
    with open(path, "wb") as fh:
        fh.write(b",".join(b"c%d" % i for i in range(1_000_000)) + b"\n")
        for _ in range(3):
            fh.write(b",".join([b"1"] * 1_000_000) + b"\n")
    return Built([path], codes=("MR022",))


@case("datapackage-dev-zero")
def package_dev_zero(folder: Path) -> Built:
    pkg = folder / "zero" / "datapackage.json"
    pkg.parent.mkdir()
    pkg.write_text('{"name": "z", "resources": [{"name": "z", "path": "/dev/zero"}]}', encoding="utf-8")
    return Built([pkg], codes=("CP008",))


@case("datapackage-outside-paths", formats=True)
def package_outside(folder: Path) -> Built:
    secret = folder / "secret.csv"
    secret.write_text(f"机密,值\n{PLANTED_ID},{PLANTED_MOBILE}\n", encoding="utf-8")
    pkg_dir = folder / "pkg" / "inner"
    pkg_dir.mkdir(parents=True)
    (pkg_dir / "ok.csv").write_text("区,人口\n海淀,1\n", encoding="utf-8")
    os.symlink(secret, pkg_dir / "link.csv")
    pkg = pkg_dir / "datapackage.json"
    pkg.write_text(
        '{"name": "p", "resources": ['
        '{"name": "passwd", "path": "../../../../../../../../etc/passwd"},'
        f'{{"name": "abs", "path": "{secret}"}},'
        '{"name": "up", "path": "../../secret.csv"},'
        '{"name": "link", "path": "link.csv"},'
        '{"name": "remote", "path": "https://example.invalid/data.csv"},'
        '{"name": "ok", "path": "ok.csv"}]}', encoding="utf-8")
    return Built([pkg], planted=(PLANTED_ID, PLANTED_MOBILE, "root:x:0", "/bin/"), codes=("CP008",), good=("ok.csv",))


@case("folder-with-fifo-and-dev-zero-link")
def folder_fifo(folder: Path) -> Built:
    data = folder / "walk"
    data.mkdir()
    os.mkfifo(data / "pipe.csv")
    os.symlink("/dev/zero", data / "zero.csv")
    os.symlink("/etc/passwd", data / "passwd.csv")
    _good_csv(data)
    return Built([data], good=("good.csv",), planted=("root:x:0",))


@case("control-bytes-inside-cells", formats=True)
def control_bytes(folder: Path) -> Built:
    path = folder / "cells.csv"
    rows = ["备注,身份证号,邮箱"]
    rows += [f"a\x1fb\x1ec\x00d,{PLANTED_ID},{PLANTED_MAIL}"] * 30
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return Built([path], planted=(PLANTED_ID, PLANTED_MAIL), codes=("SF001", "SF004"))


@case("xlsx-truncated-after-row-2", formats=True)
def truncated_xlsx(folder: Path) -> Built:
    def sheet(out):
        out.write(b"<sheetData>" + _row(1, ["姓名", "身份证号"]) + _row(2, ["张伟", PLANTED_ID])
                  + b'<row r="3"><c r="A3" t="inlineStr"><is><t>cut')

    path = folder / "cut.xlsx"
    whole = folder / "whole.xlsx"
    _xlsx(whole, lambda out: out.write(b"<sheetData>" + _row(1, ["姓名", "身份证号"]) + _row(2, ["张伟", PLANTED_ID])
                                       + b"</sheetData>"))
    _xlsx(path, sheet)
    whole.unlink()
    return Built([path], planted=(PLANTED_ID,), codes=("MR001", "SF001"), good=("cut.xlsx",))


@case("xlsx-bytes-cut-short", formats=True)
def cut_xlsx(folder: Path) -> Built:
    rows = [_row(1, ["姓名", "身份证号"])] + [_row(n, ["张伟", PLANTED_ID]) for n in range(2, 400)]
    whole = _xlsx(folder / "whole.xlsx", lambda out: out.write(b"<sheetData>" + b"".join(rows) + b"</sheetData>"))
    data = whole.read_bytes()
    sheet_at = data.find(b"xl/worksheets/sheet1.xml")
    path = folder / "cut-bytes.xlsx"
    path.write_bytes(data[: sheet_at + (len(data) - sheet_at) // 2])  # the sheet's data cut in its middle
    whole.unlink()
    return Built([path], planted=(PLANTED_ID,), codes=("MR001", "SF001"), good=("cut-bytes.xlsx",))


@case("xls-truncated")
def truncated_xls(folder: Path) -> Built:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("S")
    for r in range(200):
        sheet.write(r, 0, f"row{r}")
        sheet.write(r, 1, r)
    whole = folder / "whole.xls"
    book.save(str(whole))
    data = whole.read_bytes()
    path = folder / "cut.xls"
    path.write_bytes(data[: len(data) // 2])
    whole.unlink()
    return Built([path], codes=("MR001",))


@case("ods-repeated-rows-bomb")
def ods_bomb(folder: Path, columns: int = 2000) -> Built:
    path = folder / "bomb.ods"
    t = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    o = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    content = (f'<?xml version="1.0"?><office:document-content xmlns:office="{o}" xmlns:table="{t}" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
               '<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string">'
               '<text:p>a</text:p></table:table-cell></table:table-row>'
               '<table:table-row table:number-rows-repeated="1048000"><table:table-cell office:value-type="float" '
               f'office:value="1" table:number-columns-repeated="{columns}"/></table:table-row>'
               '</table:table></office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content)
    return Built([path], codes=("MR022",))


@case("ods-repeated-rows-bomb-16000-wide", slow=True)
def ods_wide_bomb(folder: Path) -> Built:
    return ods_bomb(folder, columns=16_000)


@case("identifiers-fullwidth-spaced-dashed", formats=True)
def odd_identifiers(folder: Path) -> Built:
    path = folder / "ids.csv"
    rows = ["编号,证件,出生日期,备注"]
    for i, ident in enumerate([FULLWIDTH_ID, SPACED_ID, DASHED_ID] * 4):
        rows.append(f"{i},{ident},{PLANTED_DOB},{ident if i % 2 else 'x'}")
    rows.append("99,abc,1990-03-07,1")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return Built([path], planted=(FULLWIDTH_ID, SPACED_ID, DASHED_ID, PLANTED_DOB, PLANTED_ID))


@case("html-and-markdown-in-labels", formats=True)
def html_labels(folder: Path) -> Built:
    path = folder / "labels.csv"
    path.write_text('编号,<script>alert(1)</script>,"a|b","![x](http://t/x.png)"\n1,,3,\n2,,4,\n',
                    encoding="utf-8")  # empty columns: their labels are named by CP004
    return Built([path], good=("labels.csv",))


def build(case_: Case, folder: Path) -> Built:
    folder.mkdir(parents=True, exist_ok=True)
    return case_.build(folder)
