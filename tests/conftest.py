"""Shared test helpers: write real files, run the real CLI, read the JSON report."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main

AS_OF = "2026-11-28"
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "files"


def write_file(folder: Path, name: str, text: str | None = None, data: bytes | None = None,
               encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if data is not None:
        path.write_bytes(data)
    else:
        path.write_bytes(text.encode(encoding))
    return path


def write_workbook(path: Path, rows: list[list], merge: list[str] = (), sheets: dict | None = None,
                   hide_rows: list[int] = (), style_row: int | None = None, hidden_sheets: list[str] = ()) -> Path:
    """A real XLSX made with openpyxl: `rows` for the first sheet, `sheets` for more.

    `hide_rows` hides rows, `style_row` formats a far-away cell (a phantom used range)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row in rows:
        ws.append(row)
    for ref in merge:
        ws.merge_cells(ref)
    for r in hide_rows:
        ws.row_dimensions[r].hidden = True
    if style_row:
        ws.cell(row=style_row, column=1).number_format = "0.00"
    for title, more in (sheets or {}).items():
        extra = wb.create_sheet(title)
        for row in more:
            extra.append(row)
        if title in hidden_sheets:
            extra.sheet_state = "hidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def run_cli(*args: str, env: dict | None = None):
    """Invoke `audit` in-process through click; returns the click Result."""
    runner = CliRunner()
    return runner.invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)


def audit_json(*paths, extra: tuple[str, ...] = ()) -> tuple[int, dict]:
    """Run `audit check PATHS --format json --as-of AS_OF`; return (exit code, report)."""
    result = run_cli("check", *paths, "--format", "json", "--as-of", AS_OF, *extra)
    return result.exit_code, json.loads(result.stdout)


def codes(report: dict, index: int = 0) -> set[str]:
    return {f["code"] for f in report["datasets"][index]["findings"]}


def findings(report: dict, code: str, index: int = 0) -> list[dict]:
    return [f for f in report["datasets"][index]["findings"] if f["code"] == code]


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present on this machine")
    return CORPUS


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """Deterministic language and output format unless a test asks otherwise."""
    monkeypatch.setenv("AUDIT_LANG", "en")
    monkeypatch.delenv("AUDIT_FINGERPRINT_KEY", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)  # `--format auto` would switch to annotations
    yield
