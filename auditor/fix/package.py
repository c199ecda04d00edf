"""The package around the CSVs: `datapackage.json` (Data Package v2, Table Schema) and the change log.

Metadata comes from what the audit read (sidecar, --metadata, a source
datapackage) and from the tables themselves: title rows and notes become the
description, units and missing-value tokens go into each schema. Keys the
auditor reads back (publisher, frequency, modified...) are kept, so the
re-audit of the output judges the same metadata.
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass

from .. import redact
from ..engine import Target
from .changes import UNRESOLVED, Change
from .writer import Written

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
_UNSAFE = re.compile(r"[\\/:*?\"<>|\x00-\x1f\s]+")
_LICENCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-_]*")


@dataclass
class PackageTable:
    written: Written
    target: Target
    source: str  # the input as the report names it


def file_stem(name: str) -> str:
    """A file name part from a path or sheet name: no separators, no control characters."""
    base = os.path.splitext(os.path.basename(name))[0] if os.sep in name or "." in name else name
    return _UNSAFE.sub("_", unicodedata.normalize("NFC", base)).strip("._") or "table"


def _slug(text: str, fallback: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9._-]+", "-", ascii_text).strip("-._")
    return slug or fallback


def _metadata(tables: list[PackageTable]) -> dict:
    """Package keys from the first table's metadata (every table of a run shares its dataset's)."""
    meta = next((t.target.metadata for t in tables if t.target.metadata is not None), None)
    out: dict = {}
    if meta is None:
        return out
    if meta.title:
        out["title"] = meta.title
    if meta.publisher:
        out["contributors"] = [{"title": meta.publisher, "roles": ["publisher"]}]
    if meta.keywords:
        out["keywords"] = list(meta.keywords)
    if meta.licence:
        if _LICENCE_ID.fullmatch(meta.licence):
            out["licenses"] = [{"name": meta.licence}]
        else:
            out["rights"] = meta.licence
    for key in ("frequency", "modified", "issued", "theme", "open_condition"):
        value = getattr(meta, key)
        if value:
            out[key] = value
    if meta.open_condition_raw:
        out["open_condition"] = meta.open_condition_raw
    return out


_ANNEX = re.compile(r"^(?:附件|附表|表)\s*\d*\s*[:：]?$")


def _title_row(titles: list[str]) -> str | None:
    """The title among the rows above the header: not an annex marker ('附件1：'), not a bracketed aside."""
    for text in titles:
        if not _ANNEX.match(text) and not text.startswith(("（", "(")):
            return text
    return titles[0] if titles else None


def build_package(tables: list[PackageTable], lang: str) -> dict:
    meta = _metadata(tables)
    first = tables[0].written.plan.layout
    title = meta.get("title") or _title_row(first.titles) or file_stem(tables[0].target.path)
    described = next((t.target.metadata.description for t in tables
                      if t.target.metadata is not None and t.target.metadata.description), None)
    parts = [described] if described else []
    resources = []
    names: set[str] = set()
    for n, t in enumerate(tables, 1):
        w = t.written
        layout = w.plan.layout
        notes = [x for x in layout.titles if x != title] + w.notes
        parts.extend(x for x in layout.titles if x != title and x not in parts)
        name = _slug(os.path.splitext(w.path)[0], f"table-{n}")
        while name in names:
            name = f"{name}-{n}"
        names.add(name)
        schema: dict = {"$schema": SCHEMA_PROFILE, "fields": w.fields,
                        "missingValues": [""] + [tok for tok in w.missing_tokens if tok]}
        if w.primary_key:
            schema["primaryKey"] = w.primary_key
        resource = {
            "$schema": RESOURCE_PROFILE, "name": name, "type": "table", "path": w.path,
            "title": w.plan.name if len(tables) > 1 else title, "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "sources": [{"title": t.source}], "schema": schema,
        }
        if notes:
            resource["description"] = "\n".join(notes)
        resources.append(resource)
    package = {"$schema": PROFILE, "name": resources[0]["name"] if len(resources) == 1 else _slug(title, "fixed-data"),
               "title": title, **meta}
    package["title"] = title
    description = "\n".join(p for p in parts if p)
    if description:
        package["description"] = description
    package["resources"] = resources
    return json.loads(redact.scrub(json.dumps(package, ensure_ascii=False)))


def write_json(path: str, data) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2)
        fh.write("\n")


def write_changes(out_dir: str, tables: list[PackageTable], lang: str) -> None:
    """CHANGES.md for people and changes.json for machines: the same list of repairs."""
    entries = []
    lines = ["# 修改记录" if lang == "zh" else "# Changes made by audit fix", ""]
    for t in tables:
        w = t.written
        changes = w.log.changes()
        entries.append({"source": t.source, "table": w.log.table, "output": w.path, "rows": w.rows,
                        "changes": [c.as_json(lang) for c in changes]})
        lines.append(f"## {t.source} · {w.log.table} → {w.path} ({w.rows} rows)")
        lines.append("")
        done = [c for c in changes if c.action not in UNRESOLVED]
        left = [c for c in changes if c.action in UNRESOLVED]
        lines.extend(_line(c, lang) for c in done)
        if left:
            lines.append("")
            lines.append("未修复 / 需人工核对：" if lang == "zh" else "Not repaired / check by hand:")
            lines.extend(_line(c, lang) for c in left)
        lines.append("")
    write_json(os.path.join(out_dir, "changes.json"), {"changes_version": "1", "tables": entries})
    with open(os.path.join(out_dir, "CHANGES.md"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(redact.scrub("\n".join(lines)))


def _line(c: Change, lang: str) -> str:
    where = f" [{c.column}]" if c.column else ""
    rows = f" (rows {', '.join(map(str, c.rows))}{'…' if c.count > len(c.rows) else ''})" if c.rows else ""
    return f"- {c.code or '—'}{where}: {c.text(lang)}{rows}"
