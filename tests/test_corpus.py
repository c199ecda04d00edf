"""Every real government file in ../shared/corpus audits cleanly (skipped when absent).

The full expectations are checked by ../shared/corpus/check; here we hold the
contract that matters most: a JSON report, exit 0 or 1 (never 3), no traceback.
"""
from __future__ import annotations

import json

import pytest
from conftest import AS_OF, CORPUS, run_cli

FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file()) if CORPUS.is_dir() else []


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_file_audits_without_crashing(path, corpus):
    result = run_cli("check", path, "--format", "json", "--as-of", AS_OF)
    assert result.exit_code in (0, 1), result.output[-500:]
    report = json.loads(result.stdout)
    assert report["datasets"] and not report["errors"]
    assert all(not d["errors"] for d in report["datasets"])
    assert "Traceback" not in result.output


def test_corpus_is_present_or_skipped(corpus):
    assert FILES, "the corpus folder exists but holds no files"
