"""Read metadata from sidecars, `--metadata` files and datapackage.json.

A broken metadata file never stops the audit: readers return the problems they
met (reported as CP008) alongside whatever they could read.
"""
from __future__ import annotations

import json
import os
from importlib import resources
from typing import Any

from ..budget import LimitReached
from ..safe_yaml import Refused
from .keys import closest_key, field_for, is_extension, language_tagged
from .model import Metadata, normalise_open_condition
from .problems import MetadataProblem, problem, unknown_key

SIDECAR_SUFFIXES = (".meta.yaml", ".meta.yml", ".meta.json")
# Data Package (v1 and v2) keys we know and do not map to a metadata field: not typos.
PACKAGE_KEYS = ("profile", "$schema", "name", "id", "homepage", "version", "image", "licenses", "sources",
                "contributors", "resources")
RESOURCE_KEYS = ("name", "path", "data", "type", "profile", "$schema", "format", "mediatype", "encoding", "bytes",
                 "hash", "schema", "dialect", "sources", "licenses", "scheme", "compression", "extrapaths",
                 "innerpath")


def _unknown_keys(mapping: dict, file: str, standard: tuple[str, ...] = (), open_ended: bool = False) -> list[str]:
    """A problem for every key that is neither a metadata alias, a standard key, nor an `x-` extension.

    `open_ended`: the format allows custom properties (the Data Package spec does), so only a
    near miss of a key we read is a problem (`licence` for `licenses`), not any other key."""
    out: list[str] = []
    known = {k.lower() for k in standard}
    for key in mapping:
        if field_for(str(key)) or is_extension(str(key)) or str(key).lower() in known:
            continue
        suggestion = closest_key(str(key), standard)
        if open_ended and suggestion is None:
            continue
        out.append(unknown_key(file, str(key), suggestion))
    return out


def _text(value: Any) -> str | None:
    """Flatten the shapes metadata values take (dicts with names, lists) to text."""
    if value in (None, "", [], {}):
        return None
    if isinstance(value, dict):
        for key in ("name", "title", "label", "fn", "hasEmail", "@id", "id", "path", "url"):
            if value.get(key):
                return _text(value[key])
        return None
    if isinstance(value, list):
        parts = [t for t in (_text(v) for v in value) if t]
        return "; ".join(parts) or None
    return str(value).strip() or None


def _keywords(value: Any) -> list[str]:
    if isinstance(value, list):
        return [t for t in (_text(v) for v in value) if t]
    if isinstance(value, str):
        for sep in ("；", ";", "，", ",", "、", "|"):
            if sep in value:
                return [p.strip() for p in value.split(sep) if p.strip()]
        return [value.strip()] if value.strip() else []
    return []


def from_mapping(mapping: dict, source: str) -> Metadata:
    """Build Metadata from a flat mapping with English or Chinese keys."""
    meta = Metadata(sources=[source])
    # Untagged keys first: `title` wins over `title@de`, which still fills a gap.
    for key, value in sorted(mapping.items(), key=lambda item: language_tagged(item[0])):
        name = field_for(key)
        if name is None or value in (None, "", []):
            continue
        if name == "keywords":
            if not meta.keywords:
                meta.keywords = _keywords(value)
        elif getattr(meta, name) in (None, ""):
            setattr(meta, name, _text(value))
    if meta.open_condition:
        meta.open_condition_raw = meta.open_condition
        meta.open_condition = normalise_open_condition(meta.open_condition)
    return meta


def _load_mapping(path: str) -> Any:
    from .. import safe_yaml
    from ..budget import read_capped

    text = read_capped(path).decode("utf-8-sig")
    if path.lower().endswith(".json"):
        return json.loads(text)
    data = safe_yaml.load(text)
    if isinstance(data, dict):  # YAML turns 2026-06-01 into a date; metadata keeps text
        data = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}
    return data


def metadata_schema() -> dict:
    return json.loads(resources.files("auditor").joinpath("schemas/metadata.schema.json").read_text("utf-8"))


def read_metadata_file(path: str) -> tuple[Metadata | None, list[str]]:
    """Read a sidecar or `--metadata` file; return (metadata, problems)."""
    name = os.path.basename(path)
    try:
        data = _load_mapping(path)
    except UnicodeDecodeError:
        return None, [problem("not_utf8", file=name)]
    except (LimitReached, Refused) as exc:  # aliases, tags, size: refused, the data is still audited
        return None, [problem("refused", file=name, reason=exc.reason if isinstance(exc, Refused) else str(exc))]
    except Exception as exc:  # YAML and JSON errors carry line numbers
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else getattr(exc, "lineno", None)
        return None, [problem("unparsable_at", file=name, line=line) if line else problem("unparsable", file=name)]
    if os.path.basename(path) == "datapackage.json" or (isinstance(data, dict) and "resources" in data):
        return package_metadata(data, path), _unknown_keys(data, name, PACKAGE_KEYS, open_ended=True)
    if not isinstance(data, dict):
        return None, [problem("not_mapping", file=name, found=type(data).__name__)]
    import jsonschema

    canonical, original = {}, {}
    for key, value in data.items():
        field = field_for(key)
        if field and field not in canonical:
            canonical[field], original[field] = value, str(key)
    problems = _unknown_keys(data, name)
    validator = jsonschema.Draft202012Validator(metadata_schema())
    for err in sorted(validator.iter_errors(canonical), key=lambda e: [str(p) for p in e.path]):
        where = original.get(str(err.path[0]), "") if err.path else "(top)"
        expected = err.schema.get("type") or [s.get("type") for s in err.schema.get("anyOf", [])]
        problems.append(problem("wrong_type", file=name, name=where, expected=expected))
    return from_mapping(data, path), problems


def find_sidecar(data_path: str) -> str | None:
    base = data_path
    stem, _ = os.path.splitext(data_path)
    from ..paths import inside

    folder = os.path.dirname(os.path.abspath(data_path))
    for candidate in [base + s for s in SIDECAR_SUFFIXES] + [stem + s for s in SIDECAR_SUFFIXES]:
        if os.path.isfile(candidate) and inside(candidate, folder):  # a link leading out is not metadata
            return candidate
    return None


def package_metadata(pkg: dict, path: str) -> Metadata:
    """Package-level metadata of a datapackage.json (v1 and v2 keys, common custom keys)."""
    meta = from_mapping(pkg, path)
    if not meta.publisher:
        for person in pkg.get("contributors") or []:
            roles = person.get("roles") or [person.get("role")]
            if isinstance(person, dict) and any(r in ("publisher", "author") for r in roles if r):
                meta.publisher = _text(person)
                break
    if not meta.licence and pkg.get("licenses"):
        meta.licence = _text(pkg["licenses"])
    return meta


def read_datapackage(path: str) -> tuple[Metadata, list[tuple[str, Metadata, str | None]], list[str]]:
    """Return (package metadata, [(resource data path, resource metadata, ZIP innerpath)], problems)."""
    from ..budget import read_capped

    pkg = json.loads(read_capped(path).decode("utf-8-sig"))
    if not isinstance(pkg, dict):
        raise ValueError("datapackage.json is not an object")
    base = os.path.dirname(os.path.abspath(path))
    meta = package_metadata(pkg, path)
    out, problems = [], _unknown_keys(pkg, os.path.basename(path), PACKAGE_KEYS, open_ended=True)
    for i, res in enumerate(pkg.get("resources") or []):
        if not isinstance(res, dict):
            problems.append(problem("resource_not_object", index=i))
            continue
        rpath = res.get("path")
        if isinstance(rpath, list):
            rpath = rpath[0] if rpath else None
        if not rpath:
            problems.append(problem("resource_no_path", index=i))
            continue
        problems += _unknown_keys(res, f"{os.path.basename(path)} resources[{i}]", RESOURCE_KEYS, open_ended=True)
        local, bad_path = _resource_path(base, str(rpath), i)
        if bad_path:
            problems.append(bad_path)
            continue
        rmeta = from_mapping({k: v for k, v in res.items() if k not in ("name", "path", "innerpath")}, path)
        inner = res.get("innerpath")  # the member of a ZIP resource that holds the data
        out.append((local, rmeta.merge(meta), str(inner).strip("/") if inner else None))
    return meta, out, problems


def _resource_path(base: str, rpath: str, index: int) -> tuple[str, MetadataProblem | None]:
    """A resource's file inside the package folder, or why it is not read (frictionless's
    rule: relative paths only, never climbing out; links resolved; remote data not fetched)."""
    from ..paths import inside, is_remote, refusal

    if is_remote(rpath):
        return "", problem("resource_remote", index=index)
    if os.path.isabs(rpath) or rpath.startswith(("\\", "~")) or (len(rpath) > 1 and rpath[1] == ":"):
        return "", problem("resource_absolute", index=index)
    local = os.path.normpath(os.path.join(base, rpath))
    if not inside(local, base):
        return "", problem("resource_outside", index=index)
    if os.path.lexists(local):
        refused = refusal(local, base)
        if refused:
            return "", problem("resource_refused", index=index, reason=refused)
    return local, None
