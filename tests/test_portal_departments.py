"""Departments counted as bodies, and fields a catalogue cannot carry (issue 13, items 1 and 2).

A department written with the city's full name before its short name folds into the short one
only when the catalogue names it so too (a declared `department_prefixes`); a district's bureau
stays itself. A catalogue export without a frequency, licence or date column raises no per-dataset
finding for them: the scorecard says once that the catalogue does not publish them.
"""
from __future__ import annotations

import json

import pytest
import yaml
from conftest import AS_OF, run_cli, write_file

from auditor.errors import UsageError
from auditor.portal.departments import DepartmentRules

ROWS = [("档案目录", "市档案局"), ("档案名录", "北京市档案局"), ("档案馆藏", "北京市档案局"),
        ("体育场馆", "北京市东城区体育局"), ("预警信号", "北京市市气象局"), ("天气预报", "市气象局"),
        ("统计公报", "北京市统计局"), ("高职名录", "往年开放数据")]


def _profile(tmp_path, **extra) -> str:
    doc = {"extends": "default", "department_prefixes": {"北京市": ["市", ""]},
           "non_departments": [{"name": "往年开放数据", "attribute_from": ["description"]}], **extra}
    path = tmp_path / "city.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return str(path)


def _catalogue(tmp_path, header="数据集名称,所属部门,格式类型,摘要", rows=None) -> str:
    lines = [header] + (rows or [f"{title},{dept},csv,该数据集是市教委的提供的{title}信息" for title, dept in ROWS])
    return str(write_file(tmp_path, "目录.csv", "\n".join(lines) + "\n"))


def _portal(tmp_path, catalogue, *extra):
    result = run_cli("portal", "--source", catalogue, "--as-of", AS_OF, "--format", "json", *extra)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_a_prefixed_spelling_folds_into_the_department_the_catalogue_also_names(tmp_path):
    doc = _portal(tmp_path, _catalogue(tmp_path), "--profile", _profile(tmp_path))
    card = doc["scorecard"]
    counts = {d["department"]: d["datasets"] for d in card["department_scores"]}
    assert counts == {"市档案局": 3, "市气象局": 2, "北京市东城区体育局": 1, "北京市统计局": 1, "市教委": 1}
    assert card["overview"]["departments"] == 5
    assert card["department_attribution"]["spellings_folded"] == {"北京市市气象局": "市气象局",
                                                                 "北京市档案局": "市档案局"}
    # '由市教委的提供' (sic): the stray 的 is not part of the re-attributed name
    assert card["department_attribution"]["re_attributed"] == 1


def test_without_declared_prefixes_every_spelling_is_its_own_department(tmp_path):
    doc = _portal(tmp_path, _catalogue(tmp_path), "--profile", _profile(tmp_path, department_prefixes={}))
    assert doc["scorecard"]["overview"]["departments"] == 7
    assert doc["scorecard"]["department_attribution"]["spellings_folded"] == {}


def test_folds_need_the_short_name_in_the_catalogue_and_prefixes_are_checked():
    rules = DepartmentRules.from_profile({"department_prefixes": {"北京市": ["市", ""]}})
    names = {"市档案局", "北京市档案局", "北京市东城区体育局", "东城区体育局", "北京市", "北京市统计局"}
    assert rules.folds(names) == {"北京市档案局": "市档案局", "北京市东城区体育局": "东城区体育局"}
    for bad in (["市"], {"北京市": 3}, {"": "市"}):
        with pytest.raises(UsageError, match="department_prefixes"):
            DepartmentRules.from_profile({"department_prefixes": bad})


def _codes(doc) -> dict[str, int]:
    out: dict[str, int] = {}
    for d in doc["datasets"]:
        for f in d["findings"]:
            key = f["code"] + (":" + f["data"]["field"] if f["code"] == "CP005" and f.get("data") else "")
            out[key] = out.get(key, 0) + 1
    return out


def test_fields_the_export_has_no_column_for_raise_no_finding_per_dataset(tmp_path):
    doc = _portal(tmp_path, _catalogue(tmp_path))
    codes = _codes(doc)
    assert not {c for c in codes if c.startswith(("CP005", "TM001", "TM002"))}, codes
    assert doc["scorecard"]["not_published"] == ["frequency", "licence", "modified", "theme", "open_condition"]
    assert doc["scorecard"]["shares"]["missing_frequency"] is None


def test_a_field_the_export_carries_but_a_row_leaves_empty_is_still_that_rows_finding(tmp_path):
    catalogue = _catalogue(tmp_path, "数据集名称,所属部门,格式类型,更新频率,更新日期",
                           ["人口,市统计局,csv,每月,2026-11-01", "名单,市统计局,csv,,2026-11-01",
                            "站点,市交通委,csv,每年,"])
    doc = _portal(tmp_path, catalogue)
    codes = _codes(doc)
    assert codes.get("TM001") == 1 and codes.get("CP005:frequency") == 1, codes
    assert codes.get("TM002") == 1 and codes.get("CP005:modified") == 1, codes
    assert "CP005:licence" not in codes and "CP005:open_condition" not in codes
    (no_plan,) = [d for d in doc["datasets"] if any(f["code"] == "TM001" for f in d["findings"])]
    assert no_plan["metadata"]["title"] == "名单"
    assert doc["scorecard"]["shares"]["missing_frequency"] == round(1 / 3, 4)


def test_department_rules_errors_are_exit_2_in_the_readers_language(tmp_path):
    catalogue = _catalogue(tmp_path)
    bad = _profile(tmp_path, department_prefixes={"北京市": 3})
    zh = run_cli("portal", "--source", catalogue, "--as-of", AS_OF, "--profile", bad, "--lang", "zh")
    en = run_cli("portal", "--source", catalogue, "--as-of", AS_OF, "--profile", bad, "--lang", "en")
    assert zh.exit_code == en.exit_code == 2
    assert "需要一个简称或简称列表" in zh.stderr and "needs a short form" not in zh.stderr
    assert "needs a short form or a list of them" in en.stderr
