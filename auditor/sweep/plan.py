"""What a sweep audits: the sweep file (or --city/--source) read into one spec per portal.

A portal entry takes the keys of `audit portal`'s options (`--max-size` is
`max_size`, `--metadata-only/--download` is `metadata_only: true|false`); the
same keys at the top level apply to every portal, and a portal's own win. An
unknown key is an error: a typo must never quietly change what is audited.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .. import safe_yaml
from ..errors import UsageError
from ..i18n import Msg
from ..portal.locate import portal_name

# audit portal's options → (PortalOptions field, how the value is read)
PORTAL_KEYS: dict[str, str] = {
    "city": "str", "source": "str", "type": "str", "metadata_only": "bool", "download": "bool",
    "limit": "int", "concurrency": "int", "cache": "str", "timeout": "float", "max_size": "float",
    "retries": "int", "profile": "str", "select": "list", "ignore": "list", "fail_on": "str",
    "as_of": "date", "lang": "str", "no_examples": "bool", "rules_dir": "list", "no_plugins": "bool",
}
# Keys of the sweep itself (top level only).
SWEEP_KEYS: dict[str, str] = {
    "store": "str", "scheduler": "str", "workers": "int", "per_host": "int", "pages_per_task": "int",
    "batch": "int", "reports": "str", "task_retries": "int",
}
TYPES = ("ckan", "dcat", "socrata", "opendatasoft", "catalog")


@dataclass
class PortalSpec:
    """One portal of the sweep: its name and the `PortalOptions` keyword arguments."""

    name: str
    options: dict[str, Any]

    @property
    def fingerprint(self) -> str:
        """Same options, same fingerprint: a rerun resumes only the portals it would audit the same way."""
        text = json.dumps(self.options, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


@dataclass
class SweepPlan:
    portals: list[PortalSpec]
    settings: dict[str, Any] = field(default_factory=dict)  # SWEEP_KEYS given


def _value(key: str, kind: str, value: Any, where: str | Msg) -> Any:
    bad = UsageError.of("err.sweep_value", where=where, key=key, want=Msg("sweep.kind." + kind, {}), value=value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise bad
        return value
    if kind in ("int", "float"):
        number = (int,) if kind == "int" else (int, float)
        if isinstance(value, bool) or not isinstance(value, number):
            raise bad
        if value <= 0:
            raise UsageError.of("err.sweep_positive", where=where, key=key, value=value)
        return value
    if kind == "list":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise bad
        return [v.strip() for item in items for v in item.split(",") if v.strip()]
    if kind == "date":
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value).isoformat()
            except ValueError:
                raise bad from None
        raise bad
    if not isinstance(value, str) or not value.strip():
        raise bad
    return value.strip()


def _read_keys(doc: dict, allowed: dict[str, str], where: str | Msg) -> dict[str, Any]:
    out = {}
    for key, value in doc.items():
        if key not in allowed:
            raise UsageError.of("err.sweep_key", where=where, key=key, known=", ".join(sorted(allowed)))
        if value is not None:
            out[key] = _value(key, allowed[key], value, where)
    return out


def portal_options(keys: dict[str, Any], where: str | Msg) -> dict[str, Any]:
    """The `PortalOptions` keyword arguments for a portal's merged keys."""
    if "metadata_only" in keys and "download" in keys and keys["metadata_only"] == keys["download"]:
        raise UsageError.of("err.sweep_contradiction", where=where)
    if not keys.get("city") and not keys.get("source"):
        raise UsageError.of("err.sweep_no_source", where=where)
    if keys.get("type") and keys["type"] not in TYPES:
        raise UsageError.of("err.sweep_type", where=where, kind=keys["type"], types=", ".join(TYPES))
    if keys.get("fail_on") and keys["fail_on"] not in ("error", "warning", "info", "never"):
        raise UsageError.of("err.sweep_fail_on", where=where)
    if keys.get("lang") and keys["lang"] not in ("zh", "en"):
        raise UsageError.of("err.sweep_lang", where=where)
    opts: dict[str, Any] = {}
    for key in ("city", "source", "type", "limit", "concurrency", "cache", "timeout", "retries", "profile",
                "select", "ignore", "fail_on", "lang"):
        if key in keys:
            opts[key] = keys[key]
    if "download" in keys or "metadata_only" in keys:
        opts["download"] = keys.get("download", not keys.get("metadata_only", True))
    if "max_size" in keys:
        opts["max_bytes"] = int(keys["max_size"] * 1024 * 1024)
    if "as_of" in keys:
        opts["as_of"] = keys["as_of"]
    if "no_examples" in keys:
        opts["examples"] = not keys["no_examples"]
    if "rules_dir" in keys:
        opts["rules_dirs"] = keys["rules_dir"]
    if "no_plugins" in keys:
        opts["plugins"] = not keys["no_plugins"]
    return opts


def slug(name: str) -> str:
    """A file-name-safe form of a portal name (reports, spool folders)."""
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "portal"


def build_plan(entries: list[dict], common: dict[str, Any], settings: dict[str, Any]) -> SweepPlan:
    """Portal entries (with `name`) and options for all → the plan; names must be unique."""
    if not entries:
        raise UsageError.of("err.sweep_empty")
    portals, names = [], set()
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise UsageError.of("err.sweep_entry", index=i, found=type(entry).__name__)
        entry = dict(entry)
        raw_name = entry.pop("name", None)
        where = Msg("sweep.portal", {"name": raw_name or i})
        keys = {**common, **_read_keys(entry, PORTAL_KEYS, where)}
        name = str(raw_name).strip() if raw_name is not None else portal_name(keys.get("city"), keys.get("source"))
        if not name or name in names:
            raise UsageError.of("err.sweep_name", where=where, name=name)
        names.add(name)
        portals.append(PortalSpec(name=name, options=portal_options(keys, Msg("sweep.portal", {"name": name}))))
    return SweepPlan(portals=portals, settings=settings)


def read_sweep_file(path: str, overrides: dict[str, Any], sweep_overrides: dict[str, Any]) -> SweepPlan:
    """The sweep file; `overrides` (command-line portal options) beat its top-level keys."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            doc = safe_yaml.load(fh.read())  # bounded: aliases and tags refused
    except FileNotFoundError:
        raise UsageError.of("err.sweep_missing", path=path) from None
    except safe_yaml.Refused as exc:
        raise UsageError.of("err.sweep_refused", path=path, reason=exc.reason) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UsageError.of("err.sweep_yaml", path=path, reason=type(exc).__name__) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("portals"), list):
        raise UsageError.of("err.sweep_shape", path=path)
    doc = dict(doc)
    entries = doc.pop("portals")
    top_sweep = {k: doc.pop(k) for k in list(doc) if k in SWEEP_KEYS}
    common = {**_read_keys(doc, PORTAL_KEYS, path), **overrides}
    settings = {**_read_keys(top_sweep, SWEEP_KEYS, path), **sweep_overrides}
    return build_plan(entries, common, settings)


def plan_from_options(cities: list[str], sources: list[str], overrides: dict[str, Any],
                      sweep_overrides: dict[str, Any]) -> SweepPlan:
    entries: list[dict] = [{"city": c} for c in cities] + [{"source": s} for s in sources]
    return build_plan(entries, overrides, sweep_overrides)
