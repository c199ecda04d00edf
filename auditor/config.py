"""Project settings from `.audit.yaml` or `[tool.audit]` in pyproject.toml (ruff's way).

Precedence, highest first: the command line, then the settings file, then the
profile it names, then the built-in defaults. The settings file is `--config
FILE` when given; otherwise the nearest `.audit.yaml`, `.audit.yml` or a
pyproject.toml holding `[tool.audit]`, searched from the current folder upward;
`--isolated` reads none. A typo in a key is an error (exit 2) with the closest
known key suggested: a misspelt `ignore` must not quietly change an audit.

`overrides` (like ESLint's and ruff's per-file settings) give files under path
globs their own `profile`, `select`, `ignore` and `fail_on`: for a file, every
matching entry applies in order (a later one wins; `ignore` adds up), over the
file's top-level values; a key the command line gives wins everywhere.
`per_path_ignores` ({glob: codes}) is the short form of an override with only `ignore`.
"""
from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import ConfigError
from .i18n import Msg

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_NAMES = (".audit.yaml", ".audit.yml", "pyproject.toml")
LIST_KEYS = ("select", "ignore", "include", "exclude", "extend_exclude")
TEXT_KEYS = {"profile": None, "fail_on": ("error", "warning", "info", "never"), "lang": ("zh", "en")}
KNOWN_KEYS = (*TEXT_KEYS, *LIST_KEYS, "per_path_ignores", "overrides")
OVERRIDE_KEYS = ("paths", "profile", "select", "ignore", "fail_on")
OVERRIDE_FAIL_ON = ("error", "warning", "info")  # "never" forgives the exit code: a whole run's choice


@dataclass(frozen=True)
class Override:
    """Settings for the files under some path globs (relative to the settings file's folder)."""

    paths: tuple[str, ...]
    where: str  # "FILE overrides[0]": named in every error about it
    profile: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None

    def without(self, given: set[str]) -> Override:
        """This override without the keys the command line gives (the command line wins)."""
        return replace(self, profile=None if "profile" in given else self.profile,
                       select=() if "select" in given else self.select,
                       fail_on=None if "fail_on" in given else self.fail_on)


@dataclass
class Settings:
    """What a settings file says; None or empty where it says nothing."""

    path: str | None = None
    profile: str | None = None
    fail_on: str | None = None
    lang: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    exclude: list[str] | None = None
    extend_exclude: list[str] = field(default_factory=list)
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)
    overrides: list[Override] = field(default_factory=list)

    @property
    def root(self) -> str:
        """The folder paths in the settings are relative to."""
        return os.path.dirname(os.path.abspath(self.path)) if self.path else os.getcwd()

    def path_overrides(self, given: Collection[str] = ()) -> list[Override]:
        """`per_path_ignores` then `overrides`, without the keys in `given` (set on the command line)."""
        short = [Override(paths=(glob,), where=f"{self.path} per-path-ignores", ignore=tuple(codes))
                 for glob, codes in self.per_path_ignores.items()]
        return [o.without(set(given)) for o in short + self.overrides]


def _has_tool_audit(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return "audit" in tomllib.load(fh).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError):
        return False


def find_config(start: str | None = None) -> str | None:
    """The nearest settings file from `start` (default: the current folder) upward."""
    folder = os.path.abspath(start or os.getcwd())
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate) and (name != "pyproject.toml" or _has_tool_audit(candidate)):
                return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _read(path: str) -> dict:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise ConfigError.of("err.settings_unreadable", path=path, reason=exc.strerror) from None
    if path.endswith(".toml"):
        try:
            data = tomllib.loads(raw.decode("utf-8")).get("tool", {}).get("audit", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError.of("err.settings_toml", path=path, reason=exc.reason) from None
    else:
        import yaml

        from . import safe_yaml

        try:  # bounded: aliases and tags refused, as for sidecars and profiles
            data = safe_yaml.load(raw.decode("utf-8")) or {}
        except safe_yaml.Refused as exc:
            raise ConfigError.of("err.settings_refused", path=path, reason=exc.reason) from None
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            mark = getattr(exc, "problem_mark", None)
            where = Msg("err.at_line", {"line": mark.line + 1}) if mark else ""
            raise ConfigError.of("err.settings_yaml", path=path, where=where) from None
    if not isinstance(data, dict):
        raise ConfigError.of("err.settings_mapping", path=path)
    return data


def _strings(path: str, key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError.of("err.settings_strings", path=path, key=key)
    return list(value)


def _unknown_key(path: str, raw_key: str, key: str, known: tuple[str, ...]) -> ConfigError:
    close = difflib.get_close_matches(key, known, n=1)
    hint = Msg("err.settings_hint", {"close": close[0].replace("_", "-")}) if close else ""
    return ConfigError.of("err.settings_key", path=path, key=raw_key, hint=hint,
                          known=", ".join(k.replace("_", "-") for k in known))


def _profile_ref(ref: str, root: str) -> str:
    """A profile file named in the settings is relative to the settings file; a name is a built-in profile."""
    if ("/" in ref or ref.endswith((".yaml", ".yml"))) and not os.path.isabs(ref):
        return os.path.join(root, ref)
    return ref


def _overrides(path: str, value: Any, root: str) -> list[Override]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError.of("err.override_list", path=path)
    out = []
    for i, entry in enumerate(value):
        where = f"{path} overrides[{i}]"
        fields_: dict[str, Any] = {}
        for raw_key, item in entry.items():
            key = str(raw_key).replace("-", "_")
            label = f"overrides[{i}].{raw_key}"
            if key not in OVERRIDE_KEYS:
                raise _unknown_key(path, label, key, OVERRIDE_KEYS)
            if key in ("paths", "select", "ignore"):
                fields_[key] = tuple(_strings(path, label, item))
            elif key == "fail_on":
                if item not in OVERRIDE_FAIL_ON:
                    raise ConfigError.of("err.settings_value", path=path, key=label,
                                         want=" | ".join(OVERRIDE_FAIL_ON), value=item)
                fields_[key] = item
            else:
                if not isinstance(item, str) or not item:
                    raise ConfigError.of("err.settings_value", path=path, key=label, want=Msg("type.str", {}),
                                         value=item)
                fields_[key] = _profile_ref(item, root)
        if not fields_.get("paths"):
            raise ConfigError.of("err.override_paths", path=path, index=i)
        out.append(Override(where=where, **fields_))
    return out


def parse_settings(data: dict, path: str) -> Settings:
    """Validate a settings mapping (keys may use '-' or '_')."""
    settings = Settings(path=path)
    for raw_key, value in data.items():
        key = str(raw_key).replace("-", "_")
        if key not in KNOWN_KEYS:
            raise _unknown_key(path, raw_key, key, KNOWN_KEYS)
        if key == "overrides":
            settings.overrides = _overrides(path, value, settings.root)
        elif key in TEXT_KEYS:
            choices = TEXT_KEYS[key]
            if not isinstance(value, str) or (choices and value not in choices):
                want = " | ".join(choices) if choices else Msg("type.str", {})
                raise ConfigError.of("err.settings_value", path=path, key=raw_key, want=want, value=value)
            setattr(settings, key, value)
        elif key in LIST_KEYS:
            setattr(settings, key, _strings(path, raw_key, value))
        else:
            if not isinstance(value, dict):
                raise ConfigError.of("err.settings_per_path", path=path, key=raw_key)
            settings.per_path_ignores = {str(glob): _strings(path, f"{raw_key}.{glob}", codes)
                                         for glob, codes in value.items()}
    if settings.profile:
        settings.profile = _profile_ref(settings.profile, settings.root)
    return settings


def load_settings(config_file: str | None = None, isolated: bool = False) -> Settings:
    """The settings of this run: `--config`, else the nearest file, else none."""
    if isolated:
        return Settings()
    if config_file:
        if not os.path.isfile(config_file):
            raise ConfigError.of("err.settings_not_found", path=config_file)
        path: str | None = config_file
    else:
        path = find_config()
    return parse_settings(_read(path), path) if path else Settings()
