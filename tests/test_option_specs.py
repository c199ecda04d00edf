"""Rule options are checked for type, element type, range, choices and each other (issue 15, item 4)."""
from __future__ import annotations

import pytest
from conftest import AS_OF, run_cli, write_file

from auditor.registry import load_registry

REGISTRY = load_registry(plugins=False)


def test_every_builtin_option_declares_a_spec_with_docs_in_both_languages():
    for code, rule in REGISTRY.rules.items():
        for key in rule.options:
            spec = rule.option_specs.get(key)
            assert spec is not None, f"{code}.{key} has no Opt spec"
            assert spec.doc and spec.doc_zh, f"{code}.{key} lacks a doc in English or Chinese"
            if spec.kind is list:
                assert spec.items is not None, f"{code}.{key} is a list without an element type"
            if spec.kind in (int, float) and key.endswith(("ratio", "share")):
                assert spec.min == 0 and spec.max == 1, f"{code}.{key} is a share without the range 0..1"


@pytest.mark.parametrize("settings,expected", [
    ("SF010: {codes: [SF001, 42, SF999]}", "rule SF010 option codes: every element must be a text, got 42"),
    ("SF010: {codes: [SF001, SF999]}", "rule SF010 option codes: names no known rule code: 'SF999'"),
    ("CP002: {warn_ratio: 7}", "rule CP002 option warn_ratio: must be at most 1, got 7"),
    ("CP002: {error_ratio: -3}", "rule CP002 option error_ratio: must be at least 0, got -3"),
    ("CP002: {warn_ratio: 0.6}", "rule CP002 option warn_ratio (0.6) must be <= error_ratio (0.5)"),
    ("CP005: {required: [title, licnce]}", "rule CP005 option required: must be one of"),
    ("CP007: {min_rows: 2.5}", "rule CP007 option min_rows: must be an integer, got float 2.5"),
    ("SF009: {birth_date_visible: 'yes'}", "rule SF009 option birth_date_visible: must be true or false"),
    ("SF009: {id_max_visible: 30}", "rule SF009 option id_max_visible: must be at most 18, got 30"),
    ("TM004: {date_columns: [日期, 3]}", "rule TM004 option date_columns: every element must be a text, got 3"),
])
def test_a_bad_value_is_exit_2_naming_profile_rule_and_option(tmp_path, settings, expected):
    data = write_file(tmp_path, "t.csv", "a,b\n1,2\n")
    profile = write_file(tmp_path, "mine.yaml", f"extends: default\nrules:\n  {settings}\n")
    result = run_cli("check", data, "--profile", profile, "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    assert f"profile {profile}" in result.stderr and expected in result.stderr, result.stderr
    assert "Traceback" not in result.output


def test_option_errors_in_chinese(tmp_path):
    data = write_file(tmp_path, "t.csv", "a,b\n1,2\n")
    profile = write_file(tmp_path, "mine.yaml", "extends: default\nrules:\n  CP002: {warn_ratio: 7}\n")
    result = run_cli("check", data, "--profile", profile, "--as-of", AS_OF, "--lang", "zh")
    assert result.exit_code == 2
    assert f"audit：错误：配置 {profile}：规则 CP002 的选项 warn_ratio：不能大于 1，实际为 7" in result.stderr
    codes = write_file(tmp_path, "codes.yaml", "extends: default\nrules:\n  SF010: {codes: [SF001, 42]}\n")
    result = run_cli("check", data, "--profile", codes, "--as-of", AS_OF, "--lang", "zh")
    assert "每个元素都应为文本，实际有 42" in result.stderr
    relation = write_file(tmp_path, "rel.yaml", "extends: default\nrules:\n  CP002: {warn_ratio: 0.9}\n")
    result = run_cli("check", data, "--profile", relation, "--as-of", AS_OF, "--lang", "zh")
    assert "规则 CP002 的选项 warn_ratio（0.9）必须 <= error_ratio（0.5）" in result.stderr
    for args, text in ((("check", tmp_path / "missing.csv"), "路径不存在"),
                       (("check", data, "--profile", "nope"), "未知配置 'nope'"),
                       (("check", data, "--select", "ZZ999"), "--select 中的 'ZZ999' 不是已知规则"),
                       (("portal",), "请指定 --city 城市名")):
        result = run_cli(*args, "--lang", "zh")
        assert result.exit_code == 2 and text in result.stderr, (args, result.stderr)


def test_cross_field_checks_see_inherited_values(tmp_path):
    data = write_file(tmp_path, "t.csv", "a,b\n1,2\n")
    parent = write_file(tmp_path, "parent.yaml", "extends: default\nrules:\n  CP002: {error_ratio: 0.3}\n")
    ok = write_file(tmp_path, "ok.yaml", "extends: parent.yaml\nrules:\n  CP002: {warn_ratio: 0.1}\n")
    bad = write_file(tmp_path, "bad.yaml", "extends: parent.yaml\nrules:\n  CP002: {warn_ratio: 0.4}\n")
    assert parent and run_cli("check", data, "--profile", ok, "--as-of", AS_OF, "--exit-zero").exit_code == 0
    result = run_cli("check", data, "--profile", bad, "--as-of", AS_OF)
    assert result.exit_code == 2 and "warn_ratio (0.4) must be <= error_ratio (0.3)" in result.stderr


def test_good_values_are_accepted(tmp_path):
    data = write_file(tmp_path, "t.csv", "a,b\n1,2\n")
    profile = write_file(tmp_path, "good.yaml", "extends: default\nrules:\n"
                         "  SF010: {codes: [SF001, sf002]}\n  CP002: {warn_ratio: 0, error_ratio: 1}\n"
                         "  CP007: {min_rows: 0}\n  TM004: {date_columns: 统计日期}\n")
    assert run_cli("check", data, "--profile", profile, "--as-of", AS_OF, "--exit-zero").exit_code == 0


def test_shared_options_read_the_same_in_check_portal_and_compare():
    def help_of(*cmd):
        return run_cli(*cmd, "--help").stdout

    check, portal = help_of("check"), help_of("portal")
    for option in ("--select", "--ignore", "--fail-on", "--exit-zero", "--as-of", "--lang", "--quiet", "--config",
                   "--isolated", "--rules-dir", "--no-plugins", "--color", "--debug", "--format", "-o, --output"):
        line_check = next(ln for ln in check.splitlines() if option in ln)
        line_portal = next(ln for ln in portal.splitlines() if option in ln)
        assert line_check.strip() == line_portal.strip(), option


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_option_of_every_command_has_help_in_both_languages(lang):
    import click

    from auditor.cli import main
    from auditor.i18n import STRINGS

    for name, command in main.commands.items():
        for param in command.params:
            if not isinstance(param, click.Option) or param.hidden:
                continue
            key = getattr(param, "help_key", None)
            if key:
                assert STRINGS[key].get(lang), (name, param.name, lang)
            else:
                assert param.help, f"audit {name} {param.opts[0]} has no help text"
