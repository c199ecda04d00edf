"""The rule catalog, generated from the live registry (`audit rules`)."""
from __future__ import annotations

from .registry import load_registry


def rule_catalog(rules_dirs=()) -> list[dict]:
    registry = load_registry(rules_dirs)
    out = []
    for code, cls in sorted(registry.rules.items()):
        pack = registry.pack_of(cls)
        out.append({
            "code": code,
            "name": cls.name,
            "pack": pack.id,
            "dimension": pack.dimension,
            "severity": cls.default_severity.label,
            "title": dict(cls.title),
            "doc": cls.doc(),
            "options": {k: {"default": v, "doc": cls.option_docs.get(k, "")} for k, v in cls.options.items()},
            "example_fail": cls.example_fail,
            "example_pass": cls.example_pass,
        })
    return out


def describe_rule(entry: dict, lang: str) -> str:
    lines = [
        f"{entry['code']} {entry['name']} ({entry['pack']}, default severity {entry['severity']})",
        entry["title"].get(lang) or entry["title"].get("en", ""),
        "",
        entry["doc"],
    ]
    if entry["options"]:
        lines += ["", "Options:"]
        for name, opt in entry["options"].items():
            lines.append(f"  {name} = {opt['default']!r}  {opt['doc']}")
    for label, key in (("Fails on", "example_fail"), ("Passes on", "example_pass")):
        ex = entry.get(key) or {}
        if ex:
            lines += ["", f"{label} ({ex.get('file', 'data.csv')}):", *("  " + ln for ln in str(ex.get("text", "")).splitlines())]
    return "\n".join(lines) + "\n"
