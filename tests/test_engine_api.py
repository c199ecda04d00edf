"""The second engine API: column batches, analyses owned by the engine, the columns hook,
the adapter for first-API `row`/`rows` rules, one rule instance per dataset, declared
report contributions."""
from __future__ import annotations

import json
import textwrap

import pyarrow as pa
import yaml
from conftest import AS_OF, audit_json, codes, findings, run_cli, write_file, write_workbook

from auditor import identifiers as ids
from auditor.batch import ColumnBatch, pack


def _pack_folder(tmp_path, body: str):
    folder = tmp_path / "packs"
    folder.mkdir(exist_ok=True)
    (folder / "probe.py").write_text(textwrap.dedent(body), encoding="utf-8")
    return folder


def _check(paths, folder, *extra):
    result = run_cli("check", *paths, "--rules-dir", folder, "--format", "json", "--as-of", AS_OF, *extra)
    return result.exit_code, json.loads(result.stdout)


# -- ColumnBatch -------------------------------------------------------------------------------
def test_pack_makes_string_columns_with_record_numbers_ragged_and_blank_rows():
    records = [(2, ["a", 1]), (3, ["", ""]), (4, ["b", None, "extra"]), (5, ["c"]), (6, [" ", "\t"])]
    [batch] = list(pack(["x", "y"], iter(records), grid=False))
    assert batch.rownums == [2, 4, 5] and batch.blank == [3, 6]
    assert batch.columns[0].to_pylist() == ["a", "b", "c"]
    assert batch.columns[1].to_pylist() == ["1", None, None]  # typed cell as text; short row padded
    assert all(c.type == pa.string() for c in batch.columns)
    assert batch.ragged == {1: ["b", None, "extra"], 2: ["c"]}
    assert batch.values(1) == [1, None, None] and batch.value(1, 0) == 1
    assert batch.rows() == [(2, ["a", 1]), (4, ["b", None, "extra"]), (5, ["c"])]


def test_arrow_built_batch_gives_rows_back():
    batch = ColumnBatch(["x", "y"], [pa.array(["1", "2"]), pa.array(["3", None])], [2, 3], ragged={1: ["2", "", "9"]})
    assert batch.rows() == [(2, ["1", "3"]), (3, ["2", "", "9"])]
    assert batch.row(0) == ["1", "3"] and batch.values(0) == ["1", "2"]


def test_pack_splits_batches_and_keeps_rows_read_before_a_break():
    def records():
        yield from ((i, [str(i)]) for i in range(2, 12))
        raise ValueError("broken")

    last = [0]
    got = []
    try:
        for batch in pack(["x"], records(), grid=False, size=4, last=last):
            got.append(batch.rownums)
    except ValueError:
        pass
    assert got == [[2, 3, 4, 5], [6, 7, 8, 9], [10, 11]] and last[0] == 11


def test_spreadsheet_rows_are_fitted_to_the_header():
    [batch] = list(pack(["a", "b"], iter([(2, ["x"]), (3, ["y", "z", "", None]), (4, ["", "", ""])]), grid=True))
    assert batch.rownums == [2, 3] and batch.ragged == {} and batch.blank == [4]
    assert batch.columns[1].to_pylist() == ["", "z"]


# -- first-API rules through the adapter ---------------------------------------------------------
FIRST_API_PACK = """
from auditor.rule import Rule, RulePack
from auditor.model import Severity

class EveryRow(Rule):
    '''Counts rows one by one (first API).'''
    code = "XR001"
    name = "every-row"
    default_severity = Severity.INFO
    title = {"en": "rows", "zh": "行"}
    def start(self, table):
        self.seen = []
    def row(self, rownum, cells):
        self.seen.append((rownum, len(cells)))
    def end(self, table, stats):
        self.report(count=len(self.seen), rows=[r for r, _ in self.seen],
                    data={"widths": [w for _, w in self.seen], "stats_rows": stats.rows})

class Batches(Rule):
    '''Counts rows batch-wise (first API).'''
    code = "XR002"
    name = "batches"
    default_severity = Severity.INFO
    title = {"en": "rows", "zh": "行"}
    def start(self, table):
        self.n = 0
        self.first = None
    def rows(self, batch):
        self.n += len(batch)
        self.first = self.first or batch[0][1]
    def end(self, table, stats):
        self.report(count=self.n, data={"first": self.first})

PACK = RulePack(id="probe", prefix="XR", dimension="machine_readability", title={"en": "x", "zh": "x"},
                rules=(EveryRow, Batches))
"""


def test_row_and_rows_rules_keep_working_through_the_adapter(tmp_path):
    data = write_file(tmp_path, "d.csv", "a,b\n1,2\n\n3,4,5\n6\n7,8\n")
    exit_code, report = _check([data], _pack_folder(tmp_path, FIRST_API_PACK), "--select", "XR")
    assert exit_code == 0
    [every] = findings(report, "XR001")
    assert every["count"] == 4 and every["rows"] == [2, 4, 5, 6]  # record numbers; the blank record 3 is skipped
    assert every["data"] == {"widths": [2, 3, 1, 2], "stats_rows": 4}  # ragged rows with all their cells
    [batches] = findings(report, "XR002")
    assert batches["count"] == 4 and batches["data"]["first"] == ["1", "2"]


# -- analyses ------------------------------------------------------------------------------------
ANALYSIS_PACK = """
from auditor.analysis import Analysis
from auditor.rule import Rule, RulePack
from auditor.model import Severity
import pyarrow.compute as pc

class LongCells(Analysis):
    '''Counts cells longer than the smallest `min_length` of the rules requiring it.'''
    made = 0
    def configure(self, options):
        LongCells.made += 1
        self.options_seen = sorted(rule.code for rule in options)
        self.limit = min(opts["min_length"] for opts in options.values())
        self.count = 0
    def columns(self, batch):
        for column in batch.columns:
            self.count += pc.sum(pc.greater(pc.utf8_length(column), self.limit)).as_py() or 0
    def finish(self):
        return {"count": self.count, "seen": self.options_seen, "made": LongCells.made}

class First(Rule):
    '''Reads the shared analysis.'''
    code = "XA001"
    name = "first"
    default_severity = Severity.INFO
    title = {"en": "a", "zh": "a"}
    options = {"min_length": 5}
    requires = (LongCells,)
    def start(self, table):
        self.tables = getattr(self, "tables", 0) + 1
    def end(self, table, results):
        found = results[LongCells]
        self.report(count=found["count"], data={**found, "instance_tables": self.tables, "rows": results.rows})

class Second(First):
    '''Reads the same analysis with other options.'''
    code = "XA002"
    name = "second"
    options = {"min_length": 3}

PACK = RulePack(id="probe", prefix="XA", dimension="machine_readability", title={"en": "x", "zh": "x"},
                rules=(First, Second))
"""


def test_one_analysis_per_table_configured_from_the_rules_that_require_it(tmp_path):
    book = write_workbook(tmp_path / "b.xlsx", [["a", "b"], ["abcd", "abcdefg"], ["x", "y"]],
                          sheets={"two": [["c"], ["abcd"]]})
    folder = _pack_folder(tmp_path, ANALYSIS_PACK)
    profile = tmp_path / "p.yaml"
    rules = {"XA002": {"min_length": 4}}
    profile.write_text(yaml.safe_dump({"name": "p", "extends": "default", "rules": rules}), "utf-8")
    exit_code, report = _check([book], folder, "--select", "XA", "--profile", profile)
    assert exit_code == 0
    by_table = {(f["code"], f["location"]["table"]): f for f in report["datasets"][0]["findings"]}
    first = by_table[("XA001", "Sheet1")]
    # the effective options of both rules, whatever their order: the smallest limit (4) wins
    assert first["count"] == 1 and first["data"]["seen"] == ["XA001", "XA002"] and first["data"]["rows"] == 2
    assert by_table[("XA002", "Sheet1")]["data"] == first["data"]  # one shared instance
    assert by_table[("XA001", "two")]["count"] == 0 and by_table[("XA001", "two")]["data"]["made"] == 2
    assert by_table[("XA001", "two")]["data"]["instance_tables"] == 2  # one rule instance per dataset


def test_a_failing_analysis_is_isolated(tmp_path):
    body = ANALYSIS_PACK.replace("self.count += pc.sum", "raise RuntimeError('analysis broke'); self.count += pc.sum")
    data = write_file(tmp_path, "d.csv", "a,b\n1,2\n")
    exit_code, report = _check([data], _pack_folder(tmp_path, body))
    assert exit_code == 3
    dataset = report["datasets"][0]
    assert [e["where"] for e in dataset["errors"]] == ["LongCells.columns (rows 2-2)"]
    assert not codes(report) & {"XA001", "XA002"} and "CP005" in codes(report)


UNDECLARED_PACK = """
from auditor.rule import Rule, RulePack
from auditor.model import Severity

class Sneaky(Rule):
    '''Contributes a report block it did not declare.'''
    code = "XC001"
    name = "sneaky"
    default_severity = Severity.INFO
    title = {"en": "c", "zh": "c"}
    def dataset(self, ds):
        self.contribute("timeliness", {"due": "never"})

PACK = RulePack(id="probe", prefix="XC", dimension="machine_readability", title={"en": "x", "zh": "x"}, rules=(Sneaky,))
"""


def test_report_blocks_are_declared_contributions(tmp_path):
    data = write_file(tmp_path, "d.csv", "a,b\n1,2\n")
    exit_code, report = _check([data], _pack_folder(tmp_path, UNDECLARED_PACK), "--select", "XC")
    assert exit_code == 3 and report["datasets"][0]["timeliness"] == {}
    assert report["datasets"][0]["errors"][0]["where"] == "XC001.dataset"
    _, normal = audit_json(data)
    assert normal["datasets"][0]["timeliness"]["frequency_raw"] is None
    assert "last_modified" in normal["datasets"][0]["timeliness"]


def test_sf010_judges_detectors_with_their_effective_options(tmp_path):
    """A profile that raises SF001's min_share removes SF001; SF010 must not cite it either."""
    valid = ids.make_resident_id("110105", "19900307", "123")
    lookalike = valid[:-1] + ("0" if valid[-1] != "0" else "1")
    data = write_file(tmp_path, "d.csv", f"编号,备注\n1,{valid}\n2,{lookalike}\n")
    write_file(tmp_path, "d.csv.meta.yaml", "开放条件: 无条件开放\n")
    _, default = audit_json(data)
    assert findings(default, "SF001")[0]["count"] == 1
    assert findings(default, "SF010")[0]["data"]["codes"] == {"SF001": 1}
    profile = tmp_path / "p.yaml"
    profile.write_text(yaml.safe_dump({"name": "p", "extends": "default", "rules": {"SF001": {"min_share": 0.9}}}),
                       "utf-8")
    _, strict = audit_json(data, extra=("--profile", str(profile)))
    assert not codes(strict) & {"SF001", "SF010"}


# -- the Arrow CSV reader against Python's csv ---------------------------------------------------
TRICKY = ('标题：各区人口,,\n"注：第二行\n跨两行",,\n区,人口,日期\n海淀,"1\n2",2021-01-01\n\n朝阳,3\n'
          '丰台,4,2021-02-02,多\n   \n' + "".join(f"区{i},{i},2021-03-0{i % 9 + 1}\n" for i in range(40))
          + ',,\n东城,5,"x""y"\n末行,6')


def _python_rows(path, delimiter=","):
    import csv
    import itertools

    from auditor.loaders.header import split_header

    with open(path, encoding="utf-8", newline="") as fh:
        header, rest = split_header(zip(itertools.count(1), csv.reader(fh, delimiter=delimiter)))
        batches = list(pack(header.labels, rest, grid=False, typed=False))
    return header, [(r, c) for b in batches for r, c in b.rows()], [r for b in batches for r in b.blank]


def test_arrow_batches_match_python_csv_record_for_record(tmp_path):
    from auditor.loaders.arrow_csv import arrow_batches

    path = write_file(tmp_path, "t.csv", TRICKY)
    header, rows, blank = _python_rows(path)
    assert header.row == 3 and blank == [5, 8, 49]
    for block in (64, 256, 1 << 20):  # batches cut anywhere give the same records
        state: dict = {}
        got = list(arrow_batches(lambda: open(path, "rb"), ",", header.labels, header.row, state, block_bytes=block))
        assert [(r, c) for b in got for r, c in b.rows()] == rows
        assert sorted(r for b in got for r in b.blank) == blank
        ragged = {b.rownums[j]: cells for b in got for j, cells in b.ragged.items()}
        assert ragged == {6: ["朝阳", "3"], 7: ["丰台", "4", "2021-02-02", "多"], 51: ["末行", "6"]}
        assert state == {"last": 51, "done": True}


def test_csv_audit_counts_ragged_blank_and_multiline_rows_exactly(tmp_path):
    path = write_file(tmp_path, "t.csv", TRICKY)
    _, report = audit_json(path)
    [table] = report["datasets"][0]["tables"]
    assert table["rows"] == 45 and table["header_row"] == 3
    [ragged] = findings(report, "MR008")
    assert ragged["count"] == 3 and ragged["rows"] == [6, 7, 51]
    [blank] = findings(report, "MR009")
    assert blank["count"] == 3 and blank["rows"] == [5, 8, 49]


def test_gb18030_file_with_broken_bytes_counts_each_byte(tmp_path):
    text = "区,人口\n" + "".join(f"海淀{i},{i}\n" for i in range(50))
    data = text.encode("gb18030").replace("海淀7,".encode("gb18030"), b"\xff\xfe7,")
    path = write_file(tmp_path, "g.csv", data=data)
    _, report = audit_json(path)
    dataset = report["datasets"][0]
    assert dataset["encoding"] == "gb18030" and dataset["tables"][0]["rows"] == 50
    [broken] = findings(report, "MR006")
    assert broken["count"] == 2


# -- XLSX: calamine for values, a byte scan for the facts ----------------------------------------
def test_calamine_and_streaming_readers_give_the_same_records(tmp_path):
    import datetime as dt
    import zipfile

    import openpyxl

    from auditor.loaders.xlsx_calamine import CalamineSheet
    from auditor.loaders.xlsx_scan import scan_sheet
    from auditor.loaders.xlsx_stream import iter_rows, read_workbook

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B2"] = "标题"
    ws.append([])
    ws["B4"], ws["C4"], ws["D4"], ws["E4"] = "名称", "数量", "日期", "时间"
    ws.append([None, "甲", 3, dt.date(2021, 3, 6), dt.datetime(2021, 3, 6, 10, 30)])
    ws.append([None, "乙", 2.5, dt.datetime(2021, 3, 7), dt.time(9, 15)])
    ws.append([None, "", True, None, None])
    ws["C9"] = 12345678901234567  # beyond float precision for ints: kept a float
    ws.row_dimensions[6].hidden = True
    ws.column_dimensions["E"].hidden = True
    ws.merge_cells("B2:E2")
    path = tmp_path / "w.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        parts = read_workbook(zf)
        member = parts.sheets[0].member
        scan = scan_sheet(zf, member)
    slow_facts: dict = {}
    slow = list(iter_rows(str(path), member, parts, slow_facts))
    fast_facts: dict = {}
    values = CalamineSheet(str(path), {}, parts.sheets[0].name, parts.epoch, fast_facts, member, scan, list)
    fast = list(values.records())
    trim = [(r, c[: max([i + 1 for i, v in enumerate(c) if v != ""], default=0)]) for r, c in slow]
    assert [(r, c[: len(t)]) for (r, c), (_, t) in zip(fast, trim, strict=True)] == trim
    assert [r for r, _ in fast] == [r for r, _ in slow]
    assert fast_facts["last_value_row"] == slow_facts["last_value_row"] == 9
    assert (scan.hidden_rows, scan.hidden_columns, scan.dimension) == (
        slow_facts["hidden_rows"], slow_facts["hidden_columns"], slow_facts["dimension"])
    assert scan.merged == ("B2:E2",) and not scan.formulas
    with zipfile.ZipFile(path) as zf:
        for small in (300, 301, 517):  # chunks cut anywhere, even inside tags: the same facts
            assert scan_sheet(zf, member, chunk_bytes=small) == scan


def test_xlsx_with_formulas_takes_the_streaming_reader(tmp_path):
    book = write_workbook(tmp_path / "f.xlsx", [["a", "b"], [1, "=A2*2"], [3, "=A3*2"]])
    _, report = audit_json(book)
    [formulas] = findings(report, "MR017")
    assert formulas["count"] == 2
    assert report["datasets"][0]["tables"][0]["rows"] == 2
