"""The core never imports a rule pack.

import-linter (pyproject, run by .ci/run) keeps the layers and keeps reporters and the CLI out
of the core, but it cannot see `auditor.rules`: that package lives in rules/ through setuptools'
package-dir. So this test reads the imports of every core module itself.
"""
from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "auditor"
# `audit fix` sits on top of the api like the CLI: its repairs reuse the rule packs' own value
# classifiers, total/note words and sensitive scan, so what a rule reports is what fix repairs.
OUTSIDE_CORE = {"cli.py", "reporters", "fix"}


def _imports(path: Path) -> list[str]:
    """Absolute names of every module a file imports, at any depth of the code."""
    package = ["auditor", *path.relative_to(CORE).parent.parts]
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.extend([module] + [f"{module}.{alias.name}" for alias in node.names])
    return found


def test_core_never_imports_rule_packs():
    offenders = {}
    for path in sorted(CORE.rglob("*.py")):
        if OUTSIDE_CORE & set(path.relative_to(CORE).parts):
            continue
        bad = sorted({m for m in _imports(path) if m == "auditor.rules" or m.startswith("auditor.rules.")})
        if bad:
            offenders[str(path.relative_to(CORE))] = bad
    assert offenders == {}


def test_the_check_resolves_relative_imports():
    assert "auditor.formats" in _imports(CORE / "metadata" / "formats.py")  # from .. import formats
    assert "auditor.metadata.catalog.json_catalog" in _imports(CORE / "loaders" / "jsondata.py")
