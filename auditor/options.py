"""Rule option specs: type, element type, range or choices, and checks across options.

A profile value checked only for its top-level type lets `codes: [SF001, 42,
SF999]` or `warn_ratio: 7` through, quietly weakening an audit. A rule declares
each option as `Opt(default, ...)` in its `options`; `Rule.__init_subclass__`
keeps `options` a plain mapping of defaults (what hooks read) and the specs in
`option_specs`. Profiles are validated against them: a bad value is a
ConfigError naming the profile, the rule and the option.
"""
from __future__ import annotations

import builtins
import operator
from dataclasses import dataclass
from typing import Any

from .errors import ConfigError
from .i18n import Msg

_COMPARE = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt}
_TYPE_NAMES = {bool: "true or false", int: "an integer", float: "a number", str: "a text", list: "a list"}


@dataclass(frozen=True)
class Opt:
    """One option: its default and what values it accepts.

    `type` defaults to the default's type; `items` is the element type of a
    list; `min`/`max` bound numbers (inclusive); `choices` lists allowed
    values (of the option, or of each element); `codes` requires elements to
    be rule codes the registry knows; `doc`/`doc_zh` explain it."""

    default: Any
    type: builtins.type | None = None
    items: builtins.type | None = None
    min: float | None = None
    max: float | None = None
    choices: tuple | None = None
    codes: bool = False
    nullable: bool = False
    doc: str = ""
    doc_zh: str = ""

    @property
    def kind(self) -> builtins.type:
        return self.type or type(self.default)

    def describe(self, lang: str = "en") -> str:
        """The accepted values in words, for `audit rules CODE`."""
        zh = lang == "zh"
        kind = self.kind
        words = {bool: ("true/false", "布尔值"), int: ("integer", "整数"), float: ("number", "数值"),
                 str: ("text", "文本"), list: ("list", "列表")}.get(kind, (kind.__name__, kind.__name__))
        text = words[1 if zh else 0]
        if kind is list and self.items:
            item = {int: ("integers", "整数"), float: ("numbers", "数值"), str: ("texts", "文本")}.get(
                self.items, (self.items.__name__, self.items.__name__))
            text = f"{item[1]}列表" if zh else f"list of {item[0]}"
        if self.codes:
            text += "（规则代码）" if zh else " (rule codes)"
        if self.min is not None or self.max is not None:
            lo = "-∞" if self.min is None else f"{self.min:g}"
            hi = "∞" if self.max is None else f"{self.max:g}"
            text += f"，{lo} 至 {hi}" if zh else f", {lo} to {hi}"
        if self.choices:
            text += ("，可选：" if zh else ", one of: ") + ", ".join(map(str, self.choices))
        return text


def _is(value: Any, kind: type) -> bool:
    if kind is bool:
        return isinstance(value, bool)
    if kind is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def _type_word(kind: type) -> Msg | str:
    return Msg(f"type.{kind.__name__}", {}) if kind in _TYPE_NAMES else kind.__name__


def check_value(spec: Opt, value: Any, known_codes: set[str] | None = None) -> Msg | None:
    """None when `value` fits `spec`, else what is wrong (a catalogue message)."""
    if value is None:
        return None if spec.nullable or spec.default is None else Msg("opt.empty", {})
    kind = spec.kind
    if kind is list and isinstance(value, str):
        value = [value]  # a single value where a list is expected: the common shorthand
    if not _is(value, kind):
        return Msg("opt.type", {"want": _type_word(kind), "got": type(value).__name__, "value": value})
    values = value if kind is list else [value]
    for v in values:
        if kind is list and spec.items and not _is(v, spec.items):
            return Msg("opt.items", {"want": _type_word(spec.items), "value": v})
        if spec.codes and known_codes is not None and str(v).upper() not in known_codes:
            return Msg("opt.code", {"value": v})
        if spec.choices and v not in spec.choices:
            return Msg("opt.choice", {"choices": ", ".join(map(str, spec.choices)), "value": v})
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if spec.min is not None and v < spec.min:
                return Msg("opt.min", {"bound": f"{spec.min:g}", "value": v})
            if spec.max is not None and v > spec.max:
                return Msg("opt.max", {"bound": f"{spec.max:g}", "value": v})
    return None


def _legacy_check(default: Any, value: Any) -> Msg | None:
    """Third-party rules without specs: the value has the default's type."""
    if default is None or value is None:
        return None
    kind = float if isinstance(default, float) else type(default)
    if _is(value, kind):
        return None
    return Msg("opt.type", {"want": _type_word(kind), "got": type(value).__name__, "value": value})


def validate_option(where: str, rule: Any, key: str, value: Any, known_codes: set[str]) -> None:
    """Raise ConfigError naming the profile, the rule and the option when `value` does not fit."""
    spec = getattr(rule, "option_specs", {}).get(key)
    problem = check_value(spec, value, known_codes) if spec else _legacy_check(rule.options[key], value)
    if problem:
        raise ConfigError.of("err.option", where=where, code=rule.code, key=key, problem=problem)


def validate_relations(where: str, rule: Any, effective: dict[str, Any]) -> None:
    """Checks across options (`warn_ratio <= error_ratio`) on the effective values."""
    for left, op, right in getattr(rule, "option_relations", ()):
        a, b = effective.get(left), effective.get(right)
        if a is None or b is None:
            continue
        if not _COMPARE[op](a, b):
            raise ConfigError.of("err.relation", where=where, code=rule.code, left=left, a=a, op=op, right=right, b=b)


def split_specs(options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Opt]]:
    """Plain defaults and the specs of an `options` declaration (values may be Opt or bare defaults)."""
    defaults, specs = {}, {}
    for key, value in options.items():
        if isinstance(value, Opt):
            defaults[key], specs[key] = value.default, value
        else:
            defaults[key] = value
    return defaults, specs
