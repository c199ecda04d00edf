"""Profiles: YAML presets with `extends`, validated strictly against the registry.

A typo in a profile must never quietly weaken an audit (yamllint), so unknown
keys, rules and options are errors naming the culprit. Merge is root-first:
per rule the child's keys update the parent's; `ignore` accumulates, `select`
replaces.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from . import safe_yaml
from .budget import Limits, as_dict, parse_limits
from .errors import ConfigError
from .i18n import Msg
from .model import Severity
from .options import validate_option, validate_relations
from .registry import Registry
from .rule import Rule

TOP_KEYS = {
    "name", "description", "extends", "fail_on", "min_score", "timezone", "weights", "select",
    "ignore", "rules", "placeholders", "lang", "reference", "portal", "catalog_columns", "limits",
    "non_departments", "department_aliases", "department_prefixes",
}
PORTAL_KEYS = ("lang", "reference", "portal", "catalog_columns", "non_departments", "department_aliases",
               "department_prefixes")
DIMENSIONS = ("machine_readability", "completeness", "timeliness", "sensitive")
RULE_KEYS = {"enabled", "severity"}


@dataclass
class ActiveRule:
    cls: type[Rule]
    severity: Severity
    severity_configured: bool
    options: dict[str, Any]


@dataclass
class Profile:
    name: str
    description: str = ""
    description_zh: str = ""
    fail_on: Severity | None = Severity.ERROR  # None = never fail
    min_score: float | None = None
    timezone: str = "UTC"
    weights: dict[str, float] = field(default_factory=dict)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    chain: list[str] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)  # the run's resource budget (docs/limits.md)

    def active_rules(self, registry: Registry) -> list[ActiveRule]:
        out = []
        for code, cls in sorted(registry.rules.items()):
            conf = self.rules.get(code, {})
            if conf.get("enabled", True) is False:
                continue
            if self.select and not any(_selects(s, cls) for s in self.select):
                continue
            if any(_selects(s, cls) for s in self.ignore):
                continue
            options = dict(cls.options)
            options.update({k: v for k, v in conf.items() if k not in RULE_KEYS})
            sev = conf.get("severity")
            out.append(ActiveRule(cls, Severity.parse(sev) if sev else cls.default_severity, bool(sev), options))
        return out

    def describe(self, lang: str) -> str:
        return (self.description_zh if lang == "zh" else "") or self.description

    def resolved(self) -> dict:
        """The profile with every inherited value filled in (for `audit profiles NAME`)."""
        return {
            "name": self.name,
            "extends_chain": self.chain,
            "description": self.description,
            "description_zh": self.description_zh,
            "fail_on": self.fail_on.label if self.fail_on else "never",
            "min_score": self.min_score,
            "timezone": self.timezone,
            "weights": self.weights,
            "select": self.select,
            "ignore": self.ignore,
            "placeholders": self.placeholders,
            "rules": self.rules,
            "limits": as_dict(self.limits),
            **self.extra,
        }


def _selects(selector: str, cls: type[Rule]) -> bool:
    return cls.name == selector or cls.code.startswith(selector.upper())


def builtin_profiles() -> list[str]:
    folder = resources.files("auditor.profiles")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def _read(ref: str, seen: list[str]) -> tuple[dict, str]:
    if os.sep in ref or "/" in ref or ref.endswith((".yaml", ".yml")):
        if not os.path.isfile(ref):
            raise ConfigError.of("err.profile_not_found", path=ref)
        with open(ref, encoding="utf-8") as fh:
            text, where = fh.read(), ref
    else:
        res = resources.files("auditor.profiles").joinpath(f"{ref}.yaml")
        if not res.is_file():
            raise ConfigError.of("err.profile_unknown", name=ref, names=", ".join(builtin_profiles()))
        text, where = res.read_text("utf-8"), ref
    if where in seen:
        raise ConfigError.of("err.profile_loop", chain=" -> ".join(seen + [where]))
    try:
        data = safe_yaml.load(text) or {}
    except safe_yaml.Refused as exc:
        raise ConfigError.of("err.profile_refused", where=where, reason=str(exc)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = Msg("err.at_line", {"line": mark.line + 1}) if mark else ""
        raise ConfigError.of("err.profile_yaml", where=where, line=line) from None
    if not isinstance(data, dict):
        raise ConfigError.of("err.profile_mapping", where=where)
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise ConfigError.of("err.profile_keys", where=where, keys=", ".join(sorted(unknown)))
    return data, where


def _check_rules(where: str, rules: Any, registry: Registry) -> dict[str, dict]:
    if rules in (None, {}):
        return {}
    if not isinstance(rules, dict):
        raise ConfigError.of("err.profile_rules", where=where)
    out = {}
    for ref, conf in rules.items():
        cls = registry.by_ref(str(ref))
        if cls is None:
            raise ConfigError.of("err.profile_rule", where=where, ref=ref)
        if conf in (False, "disable", "off"):
            conf = {"enabled": False}
        elif conf in (True, None):
            conf = {}
        if not isinstance(conf, dict):
            raise ConfigError.of("err.profile_rule_settings", where=where, code=cls.code)
        for key, value in conf.items():
            if key == "severity":
                try:
                    Severity.parse(value)
                except (ValueError, AttributeError, TypeError):
                    raise ConfigError.of("err.profile_severity", where=where, key=f"{cls.code}.severity",
                                         value=value) from None
            elif key == "enabled":
                if not isinstance(value, bool):
                    raise ConfigError.of("err.profile_enabled", where=where, code=cls.code)
            elif key not in cls.options:
                known = ", ".join(sorted(cls.options)) or "none"
                raise ConfigError.of("err.profile_option", where=where, key=key, code=cls.code, known=known)
            else:
                validate_option(where, cls, key, value, set(registry.rules))
        out[cls.code] = conf
    return out


def _check_selectors(where: str, values: Any, registry: Registry, key: str) -> list[str]:
    if values in (None, ""):
        return []
    if isinstance(values, str):
        values = [values]
    for sel in values:
        if not registry.matching(str(sel)):
            raise ConfigError.of("err.selector", where=where, key=key, sel=sel)
    return [str(v) for v in values]


def load_profile(ref: str, registry: Registry) -> Profile:
    chain: list[tuple[dict, str]] = []
    seen: list[str] = []
    current: str | None = ref
    while current:
        data, where = _read(current, seen)
        seen.append(where)
        chain.append((data, where))
        parent = data.get("extends")
        if parent is not None and not isinstance(parent, str):
            raise ConfigError.of("err.profile_extends", where=where)
        if parent and not os.path.isabs(parent) and ("/" in parent or parent.endswith(".yaml")) and os.sep in where:
            parent = os.path.join(os.path.dirname(where), parent)
        current = parent
    profile = Profile(name=chain[0][0].get("name") or os.path.splitext(os.path.basename(ref))[0])
    for data, where in reversed(chain):
        _apply(profile, data, where, registry)
    profile.chain = [w for _, w in reversed(chain)]
    for code, conf in profile.rules.items():  # cross-option checks on the effective values
        cls = registry.rules[code]
        validate_relations(chain[0][1], cls, {**cls.options, **{k: v for k, v in conf.items() if k not in RULE_KEYS}})
    return profile


def _apply(profile: Profile, data: dict, where: str, registry: Registry) -> None:
    if "description" in data:  # one text, or {en: ..., zh: ...}
        text = data["description"]
        words = {k: str(v) for k, v in text.items()} if isinstance(text, dict) else {"en": str(text)}
        profile.description = words.get("en") or words.get("zh", "")
        profile.description_zh = words.get("zh") or profile.description
    if "fail_on" in data:
        value = str(data["fail_on"]).lower()
        profile.fail_on = None if value == "never" else _severity(where, value)
    if "min_score" in data:
        profile.min_score = _min_score(where, data["min_score"])
    if "timezone" in data:
        try:
            ZoneInfo(str(data["timezone"]))
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError.of("err.profile_timezone", where=where, zone=data["timezone"]) from None
        profile.timezone = str(data["timezone"])
    if "weights" in data:
        profile.weights.update(_weights(where, data["weights"]))
    if "select" in data:
        profile.select = _check_selectors(f"profile {where}", data["select"], registry, "select")
    if "ignore" in data:
        profile.ignore += _check_selectors(f"profile {where}", data["ignore"], registry, "ignore")
    if "placeholders" in data:
        profile.placeholders = [str(v) for v in data["placeholders"] or []]
    for code, conf in _check_rules(where, data.get("rules"), registry).items():
        profile.rules.setdefault(code, {}).update(conf)
    if "limits" in data:
        profile.limits = parse_limits(data["limits"], where, profile.limits)
    for key in PORTAL_KEYS:
        if key in data:
            profile.extra[key] = data[key]


def _severity(where: str, value: str) -> Severity:
    try:
        return Severity.parse(value)
    except ValueError:
        raise ConfigError.of("err.profile_fail_on", where=where, value=value) from None


def _number(value: Any) -> float | None:
    return None if isinstance(value, bool) or not isinstance(value, (int, float)) else float(value)


def _min_score(where: str, value: Any) -> float | None:
    number = _number(value)
    if value is not None and (number is None or not 0 <= number <= 100):
        raise ConfigError.of("err.profile_min_score", where=where, value=value)
    return number


def _weights(where: str, weights: Any) -> dict[str, float]:
    """Weights of the score dimensions: known names, numbers of 0 or more (a typo never reweights quietly)."""
    weights = weights or {}
    if not isinstance(weights, dict):
        raise ConfigError.of("err.profile_weights", where=where, names=repr(weights), known=", ".join(DIMENSIONS))
    bad = set(map(str, weights)) - set(DIMENSIONS)
    if bad:
        raise ConfigError.of("err.profile_weights", where=where, names=", ".join(sorted(bad)),
                             known=", ".join(DIMENSIONS))
    out = {}
    for name, value in weights.items():
        number = _number(value)
        if number is None or number < 0:
            raise ConfigError.of("err.profile_weight", where=where, name=name, value=value)
        out[str(name)] = number
    return out


def check_selectors(values: list[str], registry: Registry, option: str, key: str | None = None) -> list[str]:
    """Validate --select/--ignore values from the command line (or `key` of a settings entry `option`)."""
    return _check_selectors(option, values, registry, key or option)
