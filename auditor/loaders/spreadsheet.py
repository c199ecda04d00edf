"""XLSX (our streaming expat reader, xlsx_stream.py) and legacy XLS (xlrd) loaders.

Every non-empty sheet is a table, with its merged ranges (MR010) and the facts
the workbook rules judge (hidden content, formulas without values, used range).
"""
from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from functools import partial
from typing import Any

from .. import budget
from ..dataset import LoadedDataset, Table
from ..valuetypes import whole_number
from .zip_salvage import salvage


def _cell(v):
    """An xlrd value: an empty cell as "", a whole float as int."""
    if v is None:
        return ""
    return whole_number(v) if isinstance(v, float) else v


def load_xlsx(path: str, source: str) -> LoadedDataset:
    """Every sheet a table with its merged ranges and facts. Values come from python-calamine
    (Rust; about 6x faster than our expat reader; xlsx_calamine.py) unless the sheet holds formulas (their
    missing cached values are MR017's) or error cells (calamine empties them), has <row>
    elements without numbers or outside a <sheetData>, declares a DTD, or spreads its cells over
    an area of more than `sheet_cells` (calamine would make a grid of it all): those stream
    through xlsx_stream, which notes every fact itself."""
    from .xlsx_calamine import CalamineSheet
    from .xlsx_scan import part_declares_dtd, scan_sheet
    from .xlsx_stream import read_workbook

    ds = LoadedDataset(path=path, source=source, format="xlsx")
    try:
        zipfile.ZipFile(path).close()
    except zipfile.BadZipFile:  # cut short: read the members before the cut from their local headers
        saved = salvage(path)
        if saved is None:
            raise
        folder, path, _ = saved
        ds.cleanup = lambda: shutil.rmtree(folder, ignore_errors=True)
        ds.load_error = "the workbook is cut short (its ZIP directory is missing): the rows before the cut are audited"
    book: dict = {}
    try:
        with zipfile.ZipFile(path) as zf:
            parts = read_workbook(zf, values=False)
            strings_safe = not part_declares_dtd(zf, "xl/sharedStrings.xml")
            for sheet in parts.sheets:
                facts: dict[str, Any] = {"hidden_sheet": sheet.hidden}
                scan = scan_sheet(zf, sheet.member)  # the real bytes, within the budget (the directory may lie)
                fast = (not (scan.formulas or scan.error_cells or scan.doctype or scan.inline_strings)
                        and scan.numbered and strings_safe and (scan.sheet_data or not scan.rows)
                        and scan.cells_area() <= budget.current().limits.sheet_cells and _calamine_ready())
                streamed = partial(_streamed_rows, path, sheet.member, facts)
                table = Table(name=sheet.name, records=streamed, grid=True, merged_ranges=scan.merged, facts=facts)
                if fast:
                    facts.update(hidden_rows=scan.hidden_rows, hidden_columns=scan.hidden_columns,
                                 formulas_without_value=0, formula_first=[], dimension=scan.dimension,
                                 last_value_row=0)
                    values = CalamineSheet(path, book, sheet.name, parts.epoch, facts, sheet.member, scan, streamed)
                    table.records, table.batches, table.last_record = values.records, values.batches, values.last_record
                ds.tables.append(table)
    except BaseException:
        if ds.cleanup:
            ds.cleanup()
        raise
    return ds


def _streamed_rows(path: str, member: str, facts: dict):
    """A sheet through the streaming reader, which needs the shared strings and date styles."""
    from .xlsx_stream import iter_rows, read_workbook

    with zipfile.ZipFile(path) as zf:
        parts = read_workbook(zf)
    yield from iter_rows(path, member, parts, facts)


def _calamine_ready() -> bool:
    try:
        import python_calamine  # noqa: F401
    except ImportError:  # pragma: no cover - a dependency, but the streaming reader still works
        return False
    return True


def _xls_value(cell, datemode):
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            value = xlrd.xldate_as_datetime(cell.value, datemode)
            return value.date() if value.time() == dt.time(0) else value
        except (ValueError, OverflowError):
            return _cell(cell.value)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return "#ERROR"
    return _cell(cell.value)


def _range_name(r0, r1, c0, c1) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(c0 + 1)}{r0 + 1}:{get_column_letter(c1)}{r1}"


def load_xls(path: str, source: str) -> LoadedDataset:
    import xlrd

    ds = LoadedDataset(path=path, source=source, format="xls")
    # xlrd writes its warnings about damaged files to stdout: keep them out of the report
    book = xlrd.open_workbook(path, formatting_info=True, on_demand=True, logfile=io.StringIO())
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        merged = tuple(_range_name(*m) for m in sheet.merged_cells)
        facts = {
            "hidden_sheet": sheet.visibility != 0,
            "hidden_rows": sum(1 for info in sheet.rowinfo_map.values() if info.hidden),
            "hidden_columns": sum(1 for info in sheet.colinfo_map.values() if info.hidden),
        }

        def records(sheet=sheet):
            limits = budget.current().limits
            if sheet.ncols > limits.columns:
                raise budget.LimitReached("columns", f"sheet {sheet.name}")
            spent = 0
            for r in range(sheet.nrows):
                spent += max(1, sheet.row_len(r))
                if spent > limits.sheet_cells:
                    raise budget.LimitReached("sheet_cells", f"at row {r + 1:,}")
                yield r + 1, [_xls_value(c, book.datemode) for c in sheet.row(r)]

        ds.tables.append(Table(name=sheet.name, records=records, grid=True, merged_ranges=merged, facts=facts))
    return ds
