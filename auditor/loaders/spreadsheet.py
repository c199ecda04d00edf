"""XLSX (our streaming expat reader, xlsx_stream.py) and legacy XLS (xlrd) loaders.

Every non-empty sheet is a table, with its merged ranges (MR010) and the facts
the workbook rules judge (hidden content, formulas without values, used range).
"""
from __future__ import annotations

import datetime as dt
import zipfile

from ..dataset import LoadedDataset, Table


def _cell(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return int(v)
    if isinstance(v, str):
        return v
    return v


def load_xlsx(path: str, source: str) -> LoadedDataset:
    """Every sheet a streamed table (xlsx_stream), with its merged ranges and facts."""
    from .xlsx_stream import iter_rows, merged_ranges, read_workbook

    ds = LoadedDataset(path=path, source=source, format="xlsx")
    with zipfile.ZipFile(path) as zf:
        parts = read_workbook(zf)
        for sheet in parts.sheets:
            facts = {"hidden_sheet": sheet.hidden}
            merged = merged_ranges(zf, sheet.member)

            def records(member=sheet.member, facts=facts):
                yield from iter_rows(path, member, parts, facts)

            ds.tables.append(Table(name=sheet.name, records=records, grid=True, merged_ranges=merged, facts=facts))
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
        facts = {
            "hidden_sheet": sheet.visibility != 0,
            "hidden_rows": sum(1 for info in sheet.rowinfo_map.values() if info.hidden),
            "hidden_columns": sum(1 for info in sheet.colinfo_map.values() if info.hidden),
        }

        def records(sheet=sheet):
            for r in range(sheet.nrows):
                yield r + 1, [_xls_value(c, book.datemode) for c in sheet.row(r)]

        ds.tables.append(Table(name=sheet.name, records=records, grid=True, merged_ranges=merged, facts=facts))
    return ds
