"""Both languages everywhere (issue 15, item 6): one catalogue, every key in zh and en."""
from __future__ import annotations

import json
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


def _rule_messages() -> dict[str, dict[str, str]]:
    """Every built-in rule's messages (they live with their rules), keyed CODE.key."""
    from auditor.registry import load_registry

    return {f"{code}.{key}": words for code, cls in load_registry().rules.items()
            for key, words in cls.messages.items()}


@pytest.mark.parametrize("table", [i18n.STRINGS, labels.STRINGS, _rule_messages()],
                         ids=["i18n", "report-labels", "rule-messages"])
def test_every_key_has_zh_and_en_with_the_same_placeholders(table):
    assert len(table) > 20
    for key, entry in table.items():
        assert entry.get("en") and entry.get("zh"), key
        # a rule may hand Chinese its own words for a value (`kind` in English, `kind_zh` in Chinese)
        assert fields(entry["en"]) == {f.removesuffix("_zh") for f in fields(entry["zh"])}, key
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


# click's own words: what a Chinese reader must never meet with --lang zh.
CLICK_ENGLISH = ("Usage:", "Options:", "Commands:", "[default:", "Try '", "for help", "Error:", "No such option",
                 "Invalid value", "is not one of", "Missing argument", "Show this message", "[OPTIONS]", "required]")


def _no_click_english(text: str) -> None:
    assert not [w for w in CLICK_ENGLISH if w in text], text


def test_every_click_entry_is_a_message_click_really_builds():
    """A click upgrade that rewords a message must show up here, not as English on a Chinese screen."""
    import ast
    from pathlib import Path

    import click

    from auditor.cli_options import USAGE_PIECES
    from auditor.click_i18n import BY_MESSAGE_ID

    ids: set[str] = set()
    for source in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                ids |= {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    ids |= {"required"} | set(USAGE_PIECES)  # `_(extra["required"])`, and the usage line's placeholders
    assert set(BY_MESSAGE_ID) - ids == set()
    assert len(BY_MESSAGE_ID) >= 50


@pytest.mark.parametrize("where", ["group", "command"])
def test_click_errors_and_usage_are_chinese(where):
    args = ("--lang", "zh", "check", "--nosuch") if where == "group" else ("check", "--nosuch", "--lang", "zh")
    result = run_cli(*args)
    assert result.exit_code == 2
    prog = "main"  # click's runner names the program after the function
    assert result.stderr.splitlines() == [
        f"用法：{prog} check [选项] [PATHS]...", f"运行“{prog} check --help”查看帮助。", "",
        "错误：没有选项 '--nosuch'。"]
    bad_choice = run_cli("--lang", "zh", "check", "x", "--fail-on", "sometimes")
    assert bad_choice.exit_code == 2 and "错误：'--fail-on' 的值无效：'sometimes' 不是 " in bad_choice.stderr
    assert "之一。" in bad_choice.stderr
    missing = run_cli("--lang", "zh", "fix")
    assert missing.exit_code == 2 and "错误：缺少参数 'PATHS...'" in missing.stderr
    typo = run_cli("--lang", "zh", "check", "--exit-zeroo")
    assert "是否应为 '--exit-zero'？" in typo.stderr
    for result in (bad_choice, missing, typo, run_cli("--lang", "zh", "nosuch")):
        _no_click_english(result.stderr)
    english = run_cli("--lang", "en", "check", "--nosuch")
    assert "Error: No such option '--nosuch'." in english.stderr and "Try 'main check --help'" in english.stderr


def test_help_is_chinese_down_to_clicks_own_words():
    text = run_cli("--lang", "zh", "check", "--help").stdout
    _no_click_english(text)
    assert text.startswith("用法：main check [选项] [PATHS]...") and "[默认：auto]" in text
    assert "显示本帮助并退出。" in text
    top = run_cli("--lang", "zh", "--help").stdout
    _no_click_english(top)
    assert top.startswith("用法：main [选项] 命令 [参数]...") and "\n命令:\n" in top and "显示版本并退出。" in top
    assert run_cli("--lang", "zh", "--version").stdout.startswith("audit，版本 ")  # prog_name is given
    assert "[default: auto]" in run_cli("check", "--help", "--lang", "en").stdout


def test_the_settings_file_and_audit_lang_choose_clicks_language(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".audit.yaml").write_text("lang: zh\n", encoding="utf-8")
    from_config = run_cli("check", "--nosuch", env={"AUDIT_LANG": "en"})
    assert "错误：没有选项 '--nosuch'。" in from_config.stderr  # the settings file outranks the environment
    assert "Error: No such option" in run_cli("check", "--nosuch", "--isolated", env={"AUDIT_LANG": "en"}).stderr
    assert "错误：没有选项" in run_cli("check", "--nosuch", "--isolated", env={"AUDIT_LANG": "zh"}).stderr
    assert "Error: No such option" in run_cli("--lang", "en", "check", "--nosuch").stderr


@pytest.mark.parametrize("cmd", ["sweep", "history", "fix", "profiles", "schema"])
def test_every_command_helps_in_chinese(cmd):
    text = run_cli(cmd, "--help", "--lang", "zh").stdout if cmd != "schema" else run_cli(
        "--lang", "zh", cmd, "--help").stdout
    _no_click_english(text)
    description = text.split("\n\n", 2)[1]
    assert CJK.search(description), cmd
    for line in text.split("选项:", 1)[1].splitlines():
        if line.startswith("  -") and "  " in line.strip():
            assert CJK.search(line), (cmd, line)


def test_profiles_describe_themselves_in_both_languages():
    zh, en = run_cli("profiles", "--lang", "zh").stdout, run_cli("profiles", "--lang", "en").stdout
    zh_lines, en_lines = zh.splitlines(), en.splitlines()
    assert len(zh_lines) == len(en_lines) >= 12
    assert all(CJK.search(line.split(None, 1)[1]) for line in zh_lines)
    assert "default      Every built-in rule at its default severity" in en
    assert "beijing      北京：北京市政务数据资源网。" in zh
    assert "Beijing (北京): 北京市政务数据资源网, a Chinese city" in en


def _profile(tmp_path, text: str):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, zh, en", [
    ("timezone: Mars/Olympus\n", "配置 {p}：未知时区 'Mars/Olympus'", "profile {p}: unknown timezone 'Mars/Olympus'"),
    ("weights: {speed: 2}\n", "配置 {p}：未知的权重维度 speed", "profile {p}: unknown weight dimension(s) speed"),
    ("weights: {timeliness: heavy}\n", "配置 {p}：权重 timeliness 应为不小于 0 的数值，实际为 'heavy'",
     "profile {p}: weight timeliness must be a number of 0 or more, got 'heavy'"),
    ("min_score: lots\n", "配置 {p}：min_score 应为 0 到 100 之间的数值", "profile {p}: min_score must be a number"),
    ("rules: [1, 2\n", "配置 {p}：YAML 格式错误（第 2 行）", "profile {p}: invalid YAML at line 2"),
    ("- a\n", "配置 {p}：顶层应为键值映射", "profile {p}: expected a mapping at the top level"),
    ("fail_on: sometimes\n", "配置 {p}：fail_on 应为 error、warning、info 或 never", "fail_on must be error, warning"),
    ("rules: {CP001: {severity: loud}}\n", "配置 {p}：CP001.severity 应为 error、warning 或 info",
     "profile {p}: CP001.severity must be error, warning or info, got 'loud'"),
    ("limits: {sheet_rows: -1}\n", "配置 {p}：限额 sheet_rows 应为正整数或 512MiB 这样的大小",
     "limit sheet_rows must be a positive"),
], ids=["timezone", "weight-name", "weight-value", "min-score", "yaml", "mapping", "fail-on", "severity", "limit"])
def test_profile_errors_in_both_languages(tmp_path, text, zh, en):
    path = _profile(tmp_path, text)
    data = write_data(tmp_path)
    for lang, expected in (("zh", zh), ("en", en)):
        result = run_cli("check", data, "--profile", path, "--lang", lang, "--as-of", "2026-11-28")
        assert result.exit_code == 2, result.output
        assert expected.format(p=path) in result.stderr, result.stderr


def write_data(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    return path


def test_baseline_portal_and_report_errors_in_chinese(tmp_path):
    data = write_data(tmp_path)
    cases = [
        (("check", data, "--baseline", tmp_path / "none.json"),
         f"audit：错误：基线文件不存在：{tmp_path / 'none.json'}"),
        (("portal", "--source", tmp_path / "nowhere"), f"audit：错误：来源不存在：{tmp_path / 'nowhere'}"),
        (("portal", "--city", "default"), "配置 'default' 没有 portal 部分"),
        (("compare", tmp_path / "r.json"), f"audit：错误：报告不存在：{tmp_path / 'r.json'}"),
        (("compare", data), f"{data} 不是 JSON 报告"),
    ]
    cases += [(("sweep", tmp_path / "s.yaml"), f"audit：错误：批量审计文件不存在：{tmp_path / 's.yaml'}"),
              (("sweep", tmp_path / "s.yaml", "--city", "demo"), "请给出批量审计文件或 --city/--source，不能同时给出")]
    (tmp_path / "bad.yaml").write_text("portals:\n  - {city: demo, limit: -3}\n", encoding="utf-8")
    cases.append((("sweep", tmp_path / "bad.yaml"), "门户 1：limit 应为正数，实际为 -3"))
    cases.append((("fix", tmp_path, "-o", tmp_path / "fixed"), f"输出文件夹必须在输入之外：{tmp_path / 'fixed'}"))
    (tmp_path / "b.json").write_text('{"baseline_version": "0"}', encoding="utf-8")
    cases.append((("check", data, "--baseline", tmp_path / "b.json"), "不是审计基线"))
    (tmp_path / "p.json").write_text('{"datasets": []}', encoding="utf-8")
    cases.append((("compare", tmp_path / "p.json"), "不是门户报告：其中没有评分卡"))
    for args, expected in cases:
        result = run_cli(*args, "--lang", "zh")
        assert result.exit_code == 2 and expected in result.stderr, (args, result.stderr)
        assert not re.search(r"does not exist|is not a|has no", result.stderr), result.stderr


@pytest.mark.parametrize("cmd", ["check", "portal", "sweep", "fix", "history", "compare"])
def test_chinese_help_fits_80_columns_and_breaks_like_chinese_text(cmd):
    from auditor.click_i18n import cells

    text = run_cli("--lang", "zh", cmd, "--help", env={"COLUMNS": "80"}).stdout
    lines = text.splitlines()
    assert len(lines) > 8 and max(cells(line) for line in lines) <= 80, [s for s in lines if cells(s) > 80]
    assert not [s for s in lines if s.strip()[:1] in tuple("，。、；：）")], "a line starts with a closing mark"
    english = run_cli("--lang", "en", cmd, "--help", env={"COLUMNS": "80"}).stdout
    assert max(len(line) for line in english.splitlines()) <= 80


def test_fill_keeps_marks_with_the_words_they_close_or_open():
    from auditor.click_i18n import fill

    assert fill("一二三，四", 6) == ["一二", "三，四"]
    assert fill("甲（乙丙）丁", 6) == ["甲（乙", "丙）丁"]  # never "甲（" then "乙丙）丁"
    assert fill("甲乙（丙丁）", 6) == ["甲乙", "（丙", "丁）"]
    assert fill("为彩色[默认：auto]", 8) == ["为彩", "色[默", "认：auto]"]  # never "认：" then "auto]"
    assert fill("use --exit-zero 以 0 退出", 12, "", "  ") == ["use", "  --exit-zero", "  以 0 退出"]


def test_audit_lang_before_the_command_sets_the_run_language(tmp_path):
    data = write_data(tmp_path)
    zh = run_cli("--lang", "zh", "check", data, "--as-of", "2026-11-28")
    en = run_cli("--lang", "en", "check", data, "--as-of", "2026-11-28")
    assert zh.exit_code == en.exit_code == 1  # no metadata: CP005
    assert zh.stdout.startswith("[未通过] ") and "FAIL" not in zh.stdout and en.stdout.startswith("[FAIL] ")
    assert "未找到元数据" in zh.stdout
    both = run_cli("--lang", "zh", "check", data, "--as-of", "2026-11-28", "--lang", "en")
    assert both.stdout.startswith("[FAIL] ")  # the command's own --lang is nearer


def test_refusal_reasons_follow_the_language(tmp_path):
    """Reasons given by low layers (a YAML tag or alias bomb, a FIFO in a folder) are shown
    in the report's language, not English inside a Chinese sentence."""
    import os

    data = tmp_path / "d"
    data.mkdir()
    (data / "t.csv").write_text("区,人口\n海淀,1\n", encoding="utf-8")
    (data / "t.meta.yaml").write_text("title: !!python/object x\n", encoding="utf-8")
    os.mkfifo(data / "pipe.csv")
    zh = run_cli("check", data, "--lang", "zh", "--format", "json", "--as-of", "2026-11-28")
    en = run_cli("check", data, "--lang", "en", "--format", "json", "--as-of", "2026-11-28")
    zh_messages = [f["message"] for ds in json.loads(zh.stdout)["datasets"] for f in ds["findings"]]
    en_messages = [f["message"] for ds in json.loads(en.stdout)["datasets"] for f in ds["findings"]]
    assert any("显式 YAML 标签" in m for m in zh_messages), zh_messages
    assert any("explicit YAML tag" in m for m in en_messages), en_messages
    assert any("命名管道（FIFO），不是普通文件" in m for m in zh_messages), zh_messages
    assert not [m for m in zh_messages if "not a regular file" in m or "explicit YAML tag" in m]

    bomb = tmp_path / ".audit.yaml"
    bomb.write_text("a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a,"
                    " *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a,"
                    " *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a,"
                    " *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a,"
                    " *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n", encoding="utf-8")
    refused = run_cli("check", data / "t.csv", "--config", bomb, "--lang", "zh")
    assert refused.exit_code == 2 and "别名引用超过" in refused.stderr, refused.stderr
