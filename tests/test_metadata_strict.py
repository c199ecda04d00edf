"""A typo in a metadata key is a finding, never a silent pass (issue 15, item 1)."""
from __future__ import annotations

import json

import pytest
from conftest import AS_OF, audit_json, findings, run_cli, write_file

OVERDUE = ("数据名称: 公交站点\n数据提供方: 市交通局\n{key}: 每日\n更新时间: 2020-03-01\n"
           "开放许可: CC-BY-4.0\n开放条件: 无条件开放\n")


def dataset(tmp_path, key: str):
    path = write_file(tmp_path, "站点.csv", "站点,线路\n火车站,1路\n")
    write_file(tmp_path, "站点.csv.meta.yaml", OVERDUE.format(key=key))
    return path


def test_the_correct_key_fails_an_overdue_dataset(tmp_path):
    code, report = audit_json(dataset(tmp_path, "更新频率"))
    assert code == 1 and findings(report, "TM003")[0]["severity"] == "error"


@pytest.mark.parametrize("typo,meant", [("更新频律", "更新频率"), ("frequncy", "frequency"),
                                        ("Update Frequncy", "updatefrequency")])
def test_a_typo_is_cp008_with_the_key_it_meant_and_still_fails(tmp_path, typo, meant):
    code, report = audit_json(dataset(tmp_path, typo))
    assert code == 1, "the typo must not turn a failing dataset into a pass"
    (cp008,) = findings(report, "CP008")
    assert cp008["severity"] == "error"
    assert f"unknown key '{typo}'" in cp008["message"]
    assert f"did you mean '{meant}'?" in cp008["message"]
    assert findings(report, "TM001"), "the frequency is still reported missing"


def test_the_typo_message_in_chinese(tmp_path):
    code, report = audit_json(dataset(tmp_path, "更新频律"), extra=("--lang", "zh"))
    (cp008,) = findings(report, "CP008")
    assert cp008["message"] == "站点.csv.meta.yaml：未知键“更新频律”，是否应为“更新频率”？（自定义键请以 x- 开头）"


def test_extension_keys_are_allowed_and_a_far_off_key_is_a_warning(tmp_path):
    path = write_file(tmp_path, "t.csv", "a,b\n1,2\n")
    write_file(tmp_path, "t.csv.meta.yaml", "title: t\nx-owner: 数据科\nx_internal_id: 42\nzzqqxx: 1\n")
    _, report = audit_json(path, extra=("--select", "CP008"))
    (cp008,) = findings(report, "CP008")
    assert cp008["severity"] == "warning" and "'zzqqxx'" in cp008["message"] and "did you mean" not in cp008["message"]


def test_datapackage_custom_keys_are_checked_too(tmp_path):
    write_file(tmp_path, "data/t.csv", "a,b\n1,2\n")
    package = {"name": "p", "title": "人口", "publisher": "统计局", "frequncy": "monthly", "x-team": "a",
               "resources": [{"name": "t", "path": "data/t.csv", "format": "csv", "modifeid": "2026-01-01"}]}
    path = write_file(tmp_path, "datapackage.json", json.dumps(package, ensure_ascii=False))
    _, report = audit_json(path, extra=("--select", "CP008"))
    messages = sorted(f["message"] for f in findings(report, "CP008"))
    assert len(messages) == 2, messages
    assert any(m.startswith("datapackage.json: unknown key 'frequncy'; did you mean 'frequency'?") for m in messages)
    assert any(m.startswith("datapackage.json resources[0]: unknown key 'modifeid'; did you mean 'modified'?")
               for m in messages)


def test_every_standard_datapackage_key_is_quiet(tmp_path):
    write_file(tmp_path, "t.csv", "a,b\n1,2\n")
    package = {"$schema": "https://datapackage.org/profiles/2.0/datapackage.json", "name": "p", "id": "x",
               "profile": "tabular-data-package", "title": "t", "version": "1.0", "homepage": "https://x",
               "licenses": [{"name": "CC-BY-4.0"}], "sources": [], "contributors": [], "keywords": ["a"],
               "created": "2026-01-01", "image": "a.png",
               "resources": [{"name": "t", "path": "t.csv", "format": "csv", "mediatype": "text/csv",
                              "encoding": "utf-8", "bytes": 8, "hash": "x", "schema": {}, "dialect": {}}]}
    path = write_file(tmp_path, "datapackage.json", json.dumps(package))
    _, report = audit_json(path, extra=("--select", "CP008"))
    assert not findings(report, "CP008")


def test_the_terminal_shows_the_suggestion(tmp_path):
    result = run_cli("check", dataset(tmp_path, "更新频律"), "--as-of", AS_OF, "--lang", "zh", "--select", "CP008")
    assert result.exit_code == 1 and "是否应为“更新频率”" in result.stdout


def test_a_datapackage_custom_key_that_is_no_near_miss_is_allowed(tmp_path):
    """The Data Package spec allows custom properties: only a typo of a key we read is CP008."""
    write_file(tmp_path, "t.csv", "a,b\n1,2\n")
    package = {"name": "p", "title": "t", "collection": "population", "frequncy": "monthly",
               "resources": [{"name": "t", "path": "t.csv", "format": "csv", "x-origin": "census"}]}
    path = write_file(tmp_path, "datapackage.json", json.dumps(package))
    _, report = audit_json(path, extra=("--select", "CP008"))
    (only,) = findings(report, "CP008")
    assert "'frequncy'" in only["message"] and "collection" not in only["message"]


@pytest.mark.parametrize("name, text, zh, en", [
    ("t.csv.meta.yaml", "title: [unclosed\n", "t.csv.meta.yaml：第 2 行无法解析",
     "t.csv.meta.yaml: cannot be parsed at line 2"),
    ("t.csv.meta.yaml", "- a\n- b\n", "t.csv.meta.yaml：应为元数据键值映射，实际为 list",
     "t.csv.meta.yaml: expected a mapping of metadata keys, found list"),
    ("t.csv.meta.yaml", "title: [1, 2]\n", "t.csv.meta.yaml：键“title”的类型不对",
     "t.csv.meta.yaml: key 'title' has the wrong type"),
    ("t.csv.meta.json", b"\xff\xfe{", "t.csv.meta.json：不是 UTF-8 文本", "t.csv.meta.json: not UTF-8 text"),
], ids=["yaml", "not-mapping", "wrong-type", "not-utf8"])
def test_a_broken_sidecar_is_cp008_in_both_languages(tmp_path, name, text, zh, en):
    write_file(tmp_path, "t.csv", "a,b\n1,2\n")
    write_file(tmp_path, name, **({"data": text} if isinstance(text, bytes) else {"text": text}))
    for lang, expected in (("zh", zh), ("en", en)):
        _, report = audit_json(tmp_path / "t.csv", extra=("--select", "CP008", "--lang", lang))
        (cp008,) = findings(report, "CP008")
        assert expected in cp008["message"], cp008["message"]
        assert ("元数据问题" in cp008["message"]) is False  # its own words, not the catch-all wrapper


def test_datapackage_resource_problems_are_cp008_in_chinese(tmp_path):
    write_file(tmp_path, "t.csv", "a,b\n1,2\n")
    package = {"name": "p", "title": "t", "resources": [
        {"name": "t", "path": "t.csv"}, "junk", {"name": "r", "path": "https://example.org/r.csv"},
        {"name": "o", "path": "../outside.csv"}, {"name": "n"}]}
    path = write_file(tmp_path, "datapackage.json", json.dumps(package))
    _, report = audit_json(path, extra=("--select", "CP008", "--lang", "zh"))
    messages = sorted(f["message"] for f in findings(report, "CP008"))
    assert messages == ["resources[1] 不是对象",
                        "resources[2] 是远程地址：audit check 不会下载（audit portal --download 会）",
                        "resources[3] 指向数据包文件夹之外：未读取", "resources[4] 没有本地路径"]
