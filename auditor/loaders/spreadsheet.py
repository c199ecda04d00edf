"""XLSX (openpyxl, read-only streaming) and legacy XLS (xlrd) loaders.

Every non-empty sheet is a table. Merged ranges are kept for MR010: openpyxl's
streaming mode does not expose them, so they are read from the sheet XML with
defusedxml (a spreadsheet is untrusted input).
"""
from __future__ import annotations

import datetime as dt
import warnings
import zipfile

# openpyxl warns on stderr about styles and extensions it ignores; they are not the user's problem.
warnings.filterwarnings("ignore", module="openpyxl")

from ..dataset import LoadedDataset, Table


def _cell(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return int(v)
    if isinstance(v, str):
        return v
    return v


def _xlsx_merged(path: str, member: str) -> tuple[str, ...]:
    from defusedxml.ElementTree import iterparse

    refs = []
    with zipfile.ZipFile(path) as zf, zf.open(member) as fh:
        for _, elem in iterparse(fh, events=("end",)):
            tag = elem.tag.rsplit("}", 1)[-1]
            if tag == "mergeCell":
                refs.append(elem.get("ref"))
            elif tag in ("c", "row"):
                elem.clear()
    return tuple(r for r in refs if r)


def load_xlsx(path: str, source: str) -> LoadedDataset:
    import openpyxl

    ds = LoadedDataset(path=path, source=source, format="xlsx")
    # A file object, not the path: openpyxl refuses names like 名单.csv even when the bytes are XLSX.
    fh = open(path, "rb")
    wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            member = getattr(ws, "_worksheet_path", None)
            merged = _xlsx_merged(path, member.lstrip("/")) if member else ()

            def records(ws_title=ws.title):
                with open(path, "rb") as handle:
                    book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
                    try:
                        sheet = book[ws_title]
                        for n, row in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
                            yield n, [_cell(v) for v in row]
                    finally:
                        book.close()

            ds.tables.append(Table(name=ws.title, records=records, grid=True, merged_ranges=merged))
    finally:
        wb.close()
        fh.close()
    return ds


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
    book = xlrd.open_workbook(path, formatting_info=True, on_demand=True)
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        merged = tuple(_range_name(*m) for m in sheet.merged_cells)

        def records(sheet=sheet):
            for r in range(sheet.nrows):
                yield r + 1, [_xls_value(c, book.datemode) for c in sheet.row(r)]

        ds.tables.append(Table(name=sheet.name, records=records, grid=True, merged_ranges=merged))
    return ds
