"""The live rule registry: built-in packs, entry-point packs, --rules-dir packs.

Built-ins are imported statically (no stale entry-point metadata trap); each
third-party pack loads in its own try so a broken plugin is reported as a tool
error and never stops the audit (flake8's lesson).
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from dataclasses import dataclass, field

from .model import ToolError
from .rule import Rule, RulePack

BUILTIN_PACKS = (
    "auditor.rules.machine_readability",
    "auditor.rules.completeness",
    "auditor.rules.timeliness",
    "auditor.rules.sensitive",
)
ENTRY_POINT_GROUP = "auditor.rule_packs"


@dataclass
class Registry:
    packs: list[RulePack] = field(default_factory=list)
    rules: dict[str, type[Rule]] = field(default_factory=dict)
    errors: list[ToolError] = field(default_factory=list)

    def add(self, pack: RulePack, origin: str) -> None:
        clash = [r.code for r in pack.rules if r.code in self.rules]
        if clash or any(p.id == pack.id for p in self.packs):
            self.errors.append(
                ToolError(origin, f"pack {pack.id!r} reuses codes or id: {', '.join(clash) or pack.id}", "registry")
            )
            return
        self.packs.append(pack)
        for rule in pack.rules:
            self.rules[rule.code] = rule

    def pack_of(self, rule: type[Rule]) -> RulePack:
        return next(p for p in self.packs if rule in p.rules)

    def by_ref(self, ref: str) -> type[Rule] | None:
        """A rule by code or by name."""
        ref = ref.strip()
        if ref.upper() in self.rules:
            return self.rules[ref.upper()]
        return next((r for r in self.rules.values() if r.name == ref), None)

    def matching(self, selector: str) -> list[type[Rule]]:
        """Rules whose code starts with `selector` (a code or prefix), or named so."""
        sel = selector.strip()
        named = [r for r in self.rules.values() if r.name == sel]
        return named or [r for c, r in sorted(self.rules.items()) if c.startswith(sel.upper())]


def _pack_from(obj) -> RulePack:
    pack = getattr(obj, "PACK", obj)
    if callable(pack) and not isinstance(pack, RulePack):
        pack = pack()
    if not isinstance(pack, RulePack):
        raise TypeError(f"expected a RulePack, got {type(pack).__name__}")
    return pack


def _load_dir(folder: str, registry: Registry) -> None:
    if not os.path.isdir(folder):
        registry.errors.append(ToolError(folder, "rules directory does not exist", "--rules-dir"))
        return
    for entry in sorted(os.listdir(folder)):
        full = os.path.join(folder, entry)
        init = os.path.join(full, "__init__.py")
        if entry.startswith((".", "_")):
            continue
        if os.path.isdir(full) and os.path.isfile(init):
            target, name = init, entry
        elif entry.endswith(".py"):
            target, name = full, entry[:-3]
        else:
            continue
        modname = f"auditor_local_rules.{name}"
        try:
            spec = importlib.util.spec_from_file_location(
                modname, target, submodule_search_locations=[full] if target == init else None
            )
            assert spec is not None and spec.loader is not None  # a .py file always has a source loader
            module = importlib.util.module_from_spec(spec)
            sys.modules[modname] = module
            spec.loader.exec_module(module)
            registry.add(_pack_from(module), full)
        except Exception as exc:
            registry.errors.append(
                ToolError(full, f"rule pack failed to load: {type(exc).__name__}: {exc}", "--rules-dir")
            )


def load_registry(rules_dirs=(), plugins: bool = True) -> Registry:
    registry = Registry()
    for modname in BUILTIN_PACKS:
        registry.add(_pack_from(importlib.import_module(modname)), modname)
    if plugins and not os.environ.get("AUDIT_NO_PLUGINS"):
        for ep in _entry_points():
            try:
                registry.add(_pack_from(ep.load()), f"entry point {ep.name} ({ep.value})")
            except Exception as exc:
                registry.errors.append(
                    ToolError(
                        f"entry point {ep.name}", f"rule pack failed to load: {type(exc).__name__}: {exc}", "plugin"
                    )
                )
    for folder in rules_dirs:
        _load_dir(folder, registry)
    return registry


def _entry_points() -> list:
    """The entry points of our group. importlib.metadata reads every installed distribution's
    metadata: with its import, about 20 ms of every run. Where all of them lie in folders on
    sys.path (every usual install), their entry_points.txt files tell in a millisecond whether
    any declares the group, and importlib.metadata is asked only then."""
    if not _may_declare(ENTRY_POINT_GROUP):
        return []
    from importlib.metadata import entry_points

    return list(entry_points(group=ENTRY_POINT_GROUP))


def _may_declare(group: str) -> bool:
    """False only when no distribution importlib.metadata would find declares `group`: it finds
    them through sys.meta_path (PathFinder, or the importlib_metadata backport's finder, which
    searches alike) in the folders of sys.path, as *.dist-info and *.egg-info folders; a zip or
    an .egg on sys.path, or any other finder of distributions, is left to importlib.metadata."""
    from importlib.machinery import PathFinder

    for finder in sys.meta_path:
        if finder is PathFinder or not hasattr(finder, "find_distributions"):
            continue
        kind = finder if isinstance(finder, type) else type(finder)
        if (kind.__module__, kind.__name__) != ("importlib_metadata", "MetadataPathFinder"):  # the backport's twin
            return True
    for entry in sys.path:
        folder = entry or "."
        if folder.lower().endswith(".egg"):
            return True
        try:
            names = os.listdir(folder)
        except NotADirectoryError:  # a zip on sys.path
            return True
        except OSError:  # absent, or unreadable as importlib.metadata finds it
            continue
        for name in names:
            if name.lower().endswith((".dist-info", ".egg-info")):
                try:
                    with open(os.path.join(folder, name, "entry_points.txt"), encoding="utf-8", errors="replace") as fh:
                        if group in fh.read():
                            return True
                except OSError:  # no entry points (or an .egg-info file, which holds none)
                    continue
    return False
