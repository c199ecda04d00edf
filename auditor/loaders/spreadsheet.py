"""XLSX (openpyxl, read-only streaming) and legacy XLS (xlrd) loaders.

Every non-empty sheet is a table. Merged ranges are kept for MR010: openpyxl's
streaming mode does not expose them, so they are read from the sheet XML with
defusedxml (a spreadsheet is untrusted input).
"""
from __future__ import annotations

import datetime as dt
import warnings
import zipfile

from ..dataset import LoadedDataset, Table


def _open_workbook(handle):
    """openpyxl warns on stderr about styles and extensions it ignores: not the user's problem."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(handle, read_only=True, data_only=True)


def _cell(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return int(v)
    if isinstance(v, str):
        return v
    return v


def _xlsx_sheet_facts(path: str, member: str) -> dict:
    """Read what openpyxl's streaming mode hides, in one pass over the sheet XML:
    merged ranges, hidden rows and columns, formulas without a cached value,
    the declared used range and the last row that really holds a value."""
    from defusedxml.ElementTree import iterparse

    facts = {"merged": [], "hidden_rows": 0, "hidden_columns": 0, "formulas_without_value": 0,
             "formula_first": [], "dimension": None, "last_value_row": 0}
    row_has_value = False
    with zipfile.ZipFile(path) as zf, zf.open(member) as fh:
        for _, elem in iterparse(fh, events=("end",)):
            tag = elem.tag.rsplit("}", 1)[-1]
            if tag == "c":
                has_value = False
                has_formula = False
                for child in elem:
                    ctag = child.tag.rsplit("}", 1)[-1]
                    if ctag in ("v", "is"):
                        has_value = has_value or bool(child.text) or ctag == "is"
                    elif ctag == "f":
                        has_formula = True
                if has_formula and not has_value:
                    facts["formulas_without_value"] += 1
                    if len(facts["formula_first"]) < 5:
                        facts["formula_first"].append(elem.get("r"))
                row_has_value = row_has_value or has_value
                elem.clear()
            elif tag == "row":
                if elem.get("hidden") in ("1", "true"):
                    facts["hidden_rows"] += 1
                if row_has_value and elem.get("r", "").isdigit():
                    facts["last_value_row"] = int(elem.get("r"))
                row_has_value = False
                elem.clear()
            elif tag == "col" and elem.get("hidden") in ("1", "true"):
                facts["hidden_columns"] += int(elem.get("max", 0)) - int(elem.get("min", 0)) + 1
            elif tag == "mergeCell" and elem.get("ref"):
                facts["merged"].append(elem.get("ref"))
            elif tag == "dimension":
                facts["dimension"] = elem.get("ref")
    return facts


def load_xlsx(path: str, source: str) -> LoadedDataset:
    ds = LoadedDataset(path=path, source=source, format="xlsx")
    # A file object, not the path: openpyxl refuses names like 名单.csv even when the bytes are XLSX.
    fh = open(path, "rb")
    wb = _open_workbook(fh)
    try:
        for ws in wb.worksheets:
            member = getattr(ws, "_worksheet_path", None)
            facts = _xlsx_sheet_facts(path, member.lstrip("/")) if member else {}
            facts["hidden_sheet"] = ws.sheet_state != "visible"
            merged = tuple(facts.pop("merged", ()))

            def records(ws_title=ws.title):
                with open(path, "rb") as handle:
                    book = _open_workbook(handle)
                    try:
                        sheet = book[ws_title]
                        for n, row in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
                            yield n, [_cell(v) for v in row]
                    finally:
                        book.close()

            ds.tables.append(Table(name=ws.title, records=records, grid=True, merged_ranges=merged, facts=facts))
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
