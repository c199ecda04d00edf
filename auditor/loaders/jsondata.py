"""JSON loader: a list of records, JSON Lines, a list of arrays, or a portal API envelope.

Portals wrap records in envelopes (`data.list`, `result.records`, `rows`...);
we look along the known paths first, then take the largest list of objects. A list
of arrays is a table whose first array is the header, like a CSV; a Socrata
`rows.json` names its columns in `meta.view.columns` and carries the view's metadata.
"""
from __future__ import annotations

import json
import os

from .. import budget
from ..budget import read_capped
from ..dataset import LoadedDataset, Table
from ..metadata.catalog import json_catalog, view_metadata
from .encoding import detect_encoding
from .rdfdata import jsonld_dataset

ENVELOPE_PATHS = [
    ("data", "list"), ("data", "records"), ("data", "rows"), ("data", "items"), ("data", "data"),
    ("result", "records"), ("result", "results"), ("result", "rows"), ("result", "data"),
    ("records",), ("rows",), ("items",), ("results",), ("data",), ("list",), ("features",),
    ("dataset",), ("value",),
]


def _get(obj, path):
    for key in path:
        if not isinstance(obj, dict) or key not in obj:
            return None
        obj = obj[key]
    return obj


def _largest_list(obj, depth=0):
    best = None
    if depth > 4:
        return None
    values = obj.values() if isinstance(obj, dict) else obj if isinstance(obj, list) else ()
    if isinstance(obj, list) and obj and all(isinstance(x, dict) for x in obj[:50]):
        best = obj
    for v in values:
        if isinstance(v, (dict, list)):
            cand = _largest_list(v, depth + 1)
            if cand is not None and (best is None or len(cand) > len(best)):
                best = cand
    return best


def find_records(doc) -> tuple[list | None, str]:
    """Return (records, where) for a parsed JSON document."""
    if isinstance(doc, list):
        return doc, "$"
    for path in ENVELOPE_PATHS:
        found = _get(doc, path)
        if isinstance(found, list) and (not found or isinstance(found[0], (dict, list))):
            return found, "$." + ".".join(path)
    found = _largest_list(doc)
    if found is not None:
        return found, "$..(largest list)"
    if isinstance(doc, dict):
        return [doc], "$"
    return None, ""


def _cell(v):
    if v is None:
        return ""
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    if isinstance(v, bool):
        return "true" if v else "false"
    return v if isinstance(v, str) else str(v)


def parse_json_text(text: str):
    """Parse a JSON document or, failing that, JSON Lines."""
    try:
        return json.loads(text), "json"
    except json.JSONDecodeError as first:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if len(lines) > 1:
            try:
                return [json.loads(ln) for ln in lines], "jsonl"
            except json.JSONDecodeError:
                pass
        raise first


def catalog_dataset(doc, path: str, source: str, encoding: str | None) -> LoadedDataset | None:
    """Is this document a catalogue (or a JSON-LD graph)?

    Catalogues come back as a LoadedDataset with `catalog` entries, format "json".
    Other JSON-LD documents go to the RDF loader (format "jsonld"); plain JSON gets None."""
    found = json_catalog(doc, path)
    if found is not None:
        kind, entries = found
        return LoadedDataset(path=path, source=source, format="json", encoding=encoding,
                             catalog=entries, format_detail=kind)
    return jsonld_dataset(doc, path, source, encoding)


def _is_grid(records: list) -> bool:
    """A list of arrays of plain values: rows of a table, the first one its header."""
    return bool(records) and all(isinstance(r, list) and not any(isinstance(c, (dict, list)) for c in r)
                                 for r in records[:50])


def _socrata_rows(doc) -> tuple[dict, list[tuple[int, str]], list] | None:
    """(view, [(position in a row, label)], rows) of a Socrata rows.json; system columns (`:id`...) left out."""
    view = doc.get("meta", {}).get("view") if isinstance(doc, dict) and isinstance(doc.get("meta"), dict) else None
    rows = doc.get("data") if isinstance(doc, dict) else None
    if not isinstance(view, dict) or not isinstance(view.get("columns"), list) or not isinstance(rows, list):
        return None
    columns = [(i, str(c.get("name") or c.get("fieldName") or f"#{i + 1}"))
               for i, c in enumerate(view["columns"])
               if isinstance(c, dict) and not str(c.get("fieldName", "")).startswith(":")]
    return view, columns, rows


def _table_name(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def longest_string(text: str, stop: int, piece: int = 1 << 20) -> int:
    """Length of the longest JSON string in `text` as written, measured slice by slice in C
    (split and len) without building the parsed strings: escaped backslashes and quotes are
    blanked first, so every quote left opens or closes a string. Stops once one passes `stop`."""
    longest = current = 0
    inside = False
    carry = ""
    for at in range(0, len(text), piece):
        part = carry + text[at:at + piece]
        cut = len(part.rstrip("\\"))  # a slice may end inside an escape: its backslashes go on
        part, carry = part[:cut], part[cut:]
        segments = part.replace("\\\\", "__").replace('\\"', "__").split('"')  # lengths kept: as written
        if inside:  # the first segment continues the string left open by the previous slice
            current += len(segments[0])
            longest = max(longest, current)
            strings = segments[2::2]
        else:
            strings = segments[1::2]
        if strings:
            longest = max(longest, max(map(len, strings)))
        if len(segments) % 2 == 0:  # an odd number of quotes flips the state
            inside = not inside
            current = len(segments[-1])
        if longest > stop:
            break
    return longest


def load_json(path: str, source: str) -> LoadedDataset:
    encoding, _ = detect_encoding(path)
    text = read_capped(path).decode(encoding, errors="replace")  # parsed whole: bounded first
    limits = budget.current().limits
    if longest_string(text, limits.json_string_chars) > limits.json_string_chars:
        raise budget.LimitReached("json_string_chars")
    if text.count("{") + text.count("[") > limits.json_containers:  # an upper bound, counted in C
        raise budget.LimitReached("json_containers")
    ds = LoadedDataset(path=path, source=source, format="json", encoding=encoding)
    doc, _kind = parse_json_text(text.lstrip("\ufeff"))
    del text
    special = catalog_dataset(doc, path, source, encoding)  # a metadata catalogue or a JSON-LD graph
    if special is not None:
        return special
    socrata = _socrata_rows(doc)
    if socrata is not None:
        view, picked, rows = socrata
        ds.metadata = view_metadata(view, path)
        ds.format_detail = "$.data (Socrata rows.json)"

        def socrata_records():
            for n, row in enumerate(rows, start=2):
                cells = row if isinstance(row, list) else []
                yield n, [_cell(cells[i]) if i < len(cells) else "" for i, _ in picked]

        ds.tables.append(Table(name=_table_name(path), records=socrata_records,
                               header_hint=[label for _, label in picked]))
        return ds
    records, where = find_records(doc)
    ds.format_detail = where
    if records is None:
        ds.load_error = "no records found in the JSON document"
        return ds
    if _is_grid(records):
        grid = records

        def grid_records():  # numbered as a CSV's lines: the header array is record 1
            for n, row in enumerate(grid, start=1):
                yield n, [_cell(c) for c in row] if isinstance(row, list) else [_cell(row)]

        ds.tables.append(Table(name=_table_name(path), records=grid_records))
        return ds
    rows = [r if isinstance(r, dict) else {"value": r} for r in records]
    columns: dict[str, None] = {}
    for r in rows:
        for k in r:
            columns.setdefault(str(k), None)
    labels = list(columns)

    def table_records():
        for n, r in enumerate(rows, start=2):
            yield n, [_cell(r.get(k)) for k in labels]

    ds.tables.append(Table(name=_table_name(path), records=table_records, header_hint=labels))
    return ds
