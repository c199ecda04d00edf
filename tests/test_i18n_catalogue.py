"""Both languages everywhere (issue 15, item 6): one catalogue, every key in zh and en."""
from __future__ import annotations

import re
import string

import pytest
from conftest import run_cli

from auditor import i18n
from auditor.catalog import example_lines, rule_catalog
from auditor.reporters import labels
from auditor.rules.docs_zh import DOCS_ZH

CATALOGUE = rule_catalog()
CJK = re.compile(r"[\u4e00-\u9fff]")


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("table", [i18n.STRINGS, labels.STRINGS], ids=["i18n", "report-labels"])
def test_every_key_has_zh_and_en_with_the_same_placeholders(table):
    for key, entry in table.items():
        assert entry.get("en") and entry.get("zh"), key
        assert fields(entry["en"]) == fields(entry["zh"]), key
        assert CJK.search(entry["zh"]) or entry["zh"] == entry["en"], key


def test_every_rule_documents_itself_in_both_languages():
    for entry in CATALOGUE:
        code = entry["code"]
        assert entry["title"].get("en") and CJK.search(entry["title"].get("zh", "")), code
        assert entry["description"]["en"] and CJK.search(entry["description"]["zh"]), code
        assert entry["pack_title"].get("zh"), code
        for name, opt in entry["options"].items():
            assert opt["doc"] and CJK.search(opt["doc_zh"]), (code, name)
            assert opt["accepts"]["en"] and opt["accepts"]["zh"], (code, name)
    assert set(DOCS_ZH) == {e["code"] for e in CATALOGUE}, "a Chinese description without its rule, or the reverse"


def test_tm004_chinese_title_says_what_the_english_says():
    (tm004,) = [e for e in CATALOGUE if e["code"] == "TM004"]
    assert "older than" in tm004["title"]["en"]
    assert "早于" in tm004["title"]["zh"] and "晚于" not in tm004["title"]["zh"]


@pytest.mark.parametrize("code", [e["code"] for e in CATALOGUE])
def test_audit_rules_code_in_chinese_is_chinese_throughout(code):
    result = run_cli("rules", code, "--lang", "zh")
    assert result.exit_code == 0
    entry = next(e for e in CATALOGUE if e["code"] == code)
    text = result.stdout
    for english in ("default severity", "Options:", "Fails on", "Passes on", "with the sidecar", "sheet "):
        assert english not in text, (code, english)
    lines = text.splitlines()
    assert lines[0].startswith(code) and "默认级别" in lines[0] and CJK.search(lines[1])
    assert DOCS_ZH[code] in text
    assert "不通过的示例" in text and "通过的示例" in text
    for name, opt in entry["options"].items():
        assert opt["doc_zh"] in text, (code, name)
    # every line that is not example data (indented) nor an option (name = value) carries Chinese
    for line in lines:
        if line.strip() and not line.startswith("  "):
            assert CJK.search(line), (code, line)


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda e: e["code"])
def test_the_failing_and_passing_examples_read_as_different_inputs(entry):
    for lang in ("en", "zh"):
        fail, passing = example_lines(entry["example_fail"], lang), example_lines(entry["example_pass"], lang)
        assert fail and passing, entry["code"]
        assert fail != passing, f"{entry['code']}: 'fails on' and 'passes on' show the same input"


def test_help_texts_are_chinese_with_lang_zh():
    for cmd in ("check", "portal", "rules", "compare"):
        text = run_cli(cmd, "--help", "--lang", "zh").stdout
        assert text.startswith("用法：") and "Options:" not in text, cmd
        body = text.split("选项:", 1)
        assert CJK.search(body[0]), cmd  # the command's own description
        records: list[str] = []
        for line in body[1].splitlines():  # an option's record: its line and the wrapped lines under it
            if line.startswith("  -"):
                records.append(line)
            elif line.startswith("   ") and records:
                records[-1] += line
        described = records
        assert described and all(CJK.search(r) for r in described), (cmd, [r for r in described if not CJK.search(r)])
    english = run_cli("check", "--help", "--lang", "en").stdout
    assert "Audit data files, folders" in english and "审计" not in english
    top = run_cli("--help", env={"AUDIT_LANG": "zh"}).stdout
    assert "审计政府开放数据" in top


def test_errors_are_chinese_with_lang_zh(tmp_path):
    unknown = run_cli("rules", "XX001", "--lang", "zh")
    assert unknown.exit_code == 2 and "audit：错误：未知规则 'XX001'" in unknown.stderr
    empty = tmp_path / "e"
    empty.mkdir()
    nothing = run_cli("check", empty, "--lang", "zh")
    assert nothing.exit_code == 2 and "没有可审计的数据文件" in nothing.stderr
    missing = run_cli("check", "--lang", "zh")
    assert missing.exit_code == 2 and "请至少指定一个要审计的文件或文件夹" in missing.output
