"""The rule catalog, generated from the live registry (`audit rules`).

`describe_rule` shows everything a rule's examples hold (the data, the sidecar,
the workbook's sheets and merged or hidden parts, the bytes), in the language
asked for, so the failing and the passing example read as different inputs.
"""
from __future__ import annotations

from typing import Any

from .i18n import t
from .registry import load_registry


def rule_catalog(rules_dirs=()) -> list[dict]:
    registry = load_registry(rules_dirs)
    out = []
    for code, cls in sorted(registry.rules.items()):
        pack = registry.pack_of(cls)
        specs = getattr(cls, "option_specs", {})
        options = {}
        for k, v in cls.options.items():
            spec = specs.get(k)
            options[k] = {"default": v, "doc": cls.option_docs.get(k, ""),
                          "doc_zh": spec.doc_zh if spec else "",
                          "accepts": {"en": spec.describe("en"), "zh": spec.describe("zh")} if spec else None}
        out.append({
            "code": code,
            "name": cls.name,
            "pack": pack.id,
            "pack_title": dict(pack.title),
            "dimension": pack.dimension,
            "severity": cls.default_severity.label,
            "title": dict(cls.title),
            "doc": cls.doc(),
            "description": {"en": cls.doc(), "zh": cls.doc_zh},
            "options": options,
            "example_fail": cls.example_fail,
            "example_pass": cls.example_pass,
        })
    return out


CLIP = 160


def _clip(line: str, lang: str) -> str:
    """A line of an example as far as a reader can take in (a hostile example may be 10,000 characters)."""
    if len(line) <= CLIP:
        return line
    return line[:CLIP] + t("rules.clipped", lang, n=len(line))


def example_lines(example: dict[str, Any], lang: str) -> list[str]:
    """An example's inputs as indented lines: data text, encoding, bytes, workbook, sidecar, options."""
    name = example.get("file", "data.csv")
    lines: list[str] = []
    if "text" in example:
        lines += ["  " + _clip(ln, lang) for ln in str(example["text"]).splitlines()] \
            or ["  " + t("rules.empty_file", lang)]
    if "encoding" in example:
        lines.append("  " + t("rules.encoded_as", lang, encoding=example["encoding"]))
    if "bytes" in example:
        raw = str(example["bytes"])
        lines.append("  " + t("rules.bytes", lang, hex=raw[:48] + ("…" if len(raw) > 48 else ""), n=len(raw) // 2))
    if "workbook" in example:
        sheets = {"Sheet1": example["workbook"], **(example.get("sheets") or {})}
        for sheet, rows in sheets.items():
            hidden = sheet in (example.get("hidden_sheets") or ())
            lines.append("  " + t("rules.sheet_hidden" if hidden else "rules.sheet", lang, name=sheet))
            lines += ["    " + " | ".join("" if c is None else str(c) for c in row) for row in rows]
        if example.get("merge"):
            lines.append("  " + t("rules.merged", lang, ranges=", ".join(example["merge"])))
        if example.get("hide_rows"):
            lines.append("  " + t("rules.hidden_rows", lang, rows=", ".join(map(str, example["hide_rows"]))))
        if example.get("style_row"):
            lines.append("  " + t("rules.style_row", lang, row=example["style_row"]))
    if "meta" in example:
        import yaml

        lines.append("  " + t("rules.sidecar", lang, name=f"{name}.meta.yaml"))
        dumped = yaml.safe_dump(example["meta"], allow_unicode=True, sort_keys=False)
        lines += ["    " + ln for ln in dumped.splitlines()]
    if "meta_text" in example:
        lines.append("  " + t("rules.sidecar", lang, name=f"{name}.meta.yaml"))
        lines += ["    " + ln for ln in str(example["meta_text"]).splitlines()]
    if example.get("args"):
        lines.append("  " + t("rules.args", lang, args=" ".join(example["args"])))
    return lines


def describe_rule(entry: dict, lang: str) -> str:
    pack = (entry.get("pack_title") or {}).get(lang) or entry["pack"]
    severity = t("severity." + entry["severity"], lang)
    description = (entry.get("description") or {}).get(lang) or entry["doc"]
    lines = [
        t("rules.head", lang, code=entry["code"], name=entry["name"], pack=pack, severity=severity),
        entry["title"].get(lang) or entry["title"].get("en", ""),
        "",
        description,
    ]
    if entry["options"]:
        lines += ["", t("rules.options", lang)]
        for name, opt in entry["options"].items():
            doc = (opt.get("doc_zh") if lang == "zh" else None) or opt["doc"]
            accepts = (opt.get("accepts") or {}).get(lang)
            if accepts:
                doc += f"（{accepts}）" if lang == "zh" else f" ({accepts})"
            lines.append(f"  {name} = {opt['default']!r}  {doc}")
    for label, key in (("rules.fails_on", "example_fail"), ("rules.passes_on", "example_pass")):
        ex = entry.get(key) or {}
        if ex:
            lines += ["", t(label, lang, file=ex.get("file", "data.csv")), *example_lines(ex, lang)]
    return "\n".join(lines) + "\n"
