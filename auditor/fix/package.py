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


def _metadata(meta, resource: bool = False) -> dict:
    """Data Package keys for what the audit read (sidecar, --metadata, a source datapackage).

    The auditor reads the package's `contributors` but only flat keys on a resource, so a
    resource names its publisher with the flat key."""
    out: dict = {}
    if meta is None:
        return out
    if meta.title:
        out["title"] = meta.title
    if meta.publisher:
        if resource:
            out["publisher"] = meta.publisher
        else:
            out["contributors"] = [{"title": meta.publisher, "roles": ["publisher"]}]
    if meta.keywords:
        out["keywords"] = list(meta.keywords)
    if meta.licence:
        if _LICENCE_ID.fullmatch(meta.licence):
            out["licenses"] = [{"name": meta.licence}]
        else:
            out["rights"] = meta.licence
    for key in ("frequency", "modified", "issued", "theme", "open_condition", "contact"):
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


def build_package(tables: list[PackageTable], default_title: str) -> dict:
    """One package for the run: a resource per table. With one input the package carries its
    metadata; with several, each resource carries its own."""
    single = len({t.source for t in tables}) == 1
    resources = []
    names: set[str] = set()
    for n, t in enumerate(tables, 1):
        w = t.written
        layout = w.plan.layout
        meta = t.target.metadata
        own = _metadata(meta, resource=True)
        heading = _title_row(layout.titles)
        title = own.pop("title", None) or heading or file_stem(t.target.path)
        if sum(1 for x in tables if x.source == t.source) > 1:
            title = f"{title} · {w.plan.name}"
        notes = [x for x in layout.titles if x != heading] + w.notes
        if meta is not None and meta.description and not single:
            notes.insert(0, meta.description)
        name = _slug(os.path.splitext(w.path)[0], f"table-{n}")
        while name in names:
            name = f"{name}-{n}"
        names.add(name)
        schema: dict = {"$schema": SCHEMA_PROFILE, "fields": w.fields,
                        "missingValues": [""] + [tok for tok in w.missing_tokens if tok]}
        if w.primary_key:
            schema["primaryKey"] = w.primary_key
        resource = {
            "$schema": RESOURCE_PROFILE, "name": name, "type": "table", "path": w.path, "title": title,
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "sources": [{"title": t.source}],
        }
        if notes:
            resource["description"] = "\n".join(notes)
        if not single:
            resource.update(own)
        resource["schema"] = schema
        resources.append(resource)
    package: dict = {"$schema": PROFILE}
    if single:
        meta = tables[0].target.metadata
        heading = _title_row(tables[0].written.plan.layout.titles)
        package["name"] = resources[0]["name"] if len(resources) == 1 else _slug(file_stem(tables[0].target.path),
                                                                                   "fixed-data")
        package.update(_metadata(meta))
        package["title"] = package.get("title") or heading or file_stem(tables[0].target.path)
        parts = [meta.description] if meta is not None and meta.description else []
        if len(resources) == 1 and "description" in resources[0]:  # the table's titles and notes describe the package
            parts.append(str(resources[0].pop("description")))
        if parts:
            package["description"] = "\n".join(parts)
    else:
        package["name"] = _slug(default_title, "fixed-data")
        package["title"] = default_title
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
