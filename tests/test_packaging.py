"""Every rules/ package ships in the wheel; every built-in profile loads."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from auditor.profile import builtin_profiles, load_profile
from auditor.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")


def test_every_rules_package_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    for init in (ROOT / "rules").rglob("__init__.py"):
        rel = init.parent.relative_to(ROOT / "rules")
        dotted = ".".join(("auditor", "rules", *rel.parts)) if rel.parts else "auditor.rules"
        assert dotted in listed, f"{dotted} is importable in an editable install but missing from the wheel"
    for init in (ROOT / "auditor").rglob("__init__.py"):
        rel = init.parent.relative_to(ROOT)
        assert ".".join(rel.parts) in listed


def test_builtin_profiles_load_and_reference_known_rules():
    registry = load_registry(plugins=False)
    names = builtin_profiles()
    assert {"default", "strict", "upload"} <= set(names)
    for name in names:
        profile = load_profile(name, registry)
        assert profile.active_rules(registry), name
