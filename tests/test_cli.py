"""The CLI contract (DESIGN §3): exit codes, options, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from conftest import AS_OF, audit_json, codes, run_cli, write_file

GOOD_META = ("数据名称: 人口\n数据提供方: 统计局\n更新频率: 每年\n更新时间: 2026-06-01\n"
             "开放许可: CC-BY-4.0\n开放条件: 无条件开放\n")


def clean_dataset(folder, name="clean.csv"):
    path = write_file(folder, name, "区,人口\n海淀,100\n朝阳,200\n")
    write_file(folder, name + ".meta.yaml", GOOD_META)
    return path


def test_exit_0_when_every_dataset_passes(tmp_path):
    result = run_cli("check", clean_dataset(tmp_path), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "PASS" in result.output


def test_exit_1_when_a_dataset_fails(tmp_path):
    bad = write_file(tmp_path, "bad.csv", "a,b\n1,2,3\n")
    result = run_cli("check", clean_dataset(tmp_path), bad, "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "FAIL" in result.output and "MR008" in result.output


def test_fail_on_never_and_warning(tmp_path):
    warn_only = write_file(tmp_path, "w.csv", "a,b\n1,2\n,\n3,4\n")
    write_file(tmp_path, "w.csv.meta.yaml", GOOD_META)
    assert run_cli("check", warn_only, "--as-of", AS_OF).exit_code == 0
    assert run_cli("check", warn_only, "--as-of", AS_OF, "--fail-on", "warning").exit_code == 1
    assert run_cli("check", warn_only, "--as-of", AS_OF, "--fail-on", "never", "--profile", "strict").exit_code == 0


def test_exit_2_for_usage_errors(tmp_path):
    data = clean_dataset(tmp_path)
    cases = [
        ("check", str(tmp_path / "missing.csv")),
        ("check", data, "--profile", "no-such-profile"),
        ("check", data, "--select", "ZZ999"),
        ("check", data, "--ignore", "nonsense-rule"),
        ("check", data, "--format", "pdf"),
        ("check", data, "--as-of", "28/11/2026"),
        ("rules", "XX001"),
    ]
    for args in cases:
        result = run_cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output


def test_profile_typos_are_errors_naming_the_culprit(tmp_path):
    data = clean_dataset(tmp_path)
    bad_option = write_file(tmp_path, "p1.yaml", "extends: default\nrules:\n  CP002:\n    warn_ratoi: 0.1\n")
    bad_rule = write_file(tmp_path, "p2.yaml", "extends: default\nrules:\n  CP999: {severity: error}\n")
    bad_key = write_file(tmp_path, "p3.yaml", "extends: default\nfail_onn: warning\n")
    bad_type = write_file(tmp_path, "p4.yaml", "extends: default\nrules:\n  CP002:\n    warn_ratio: lots\n")
    for profile, culprit in (
        (bad_option, "warn_ratoi"),
        (bad_rule, "CP999"),
        (bad_key, "fail_onn"),
        (bad_type, "warn_ratio"),
    ):
        result = run_cli("check", data, "--profile", profile, "--as-of", AS_OF)
        assert result.exit_code == 2
        assert culprit in result.output


def test_profile_extends_and_overrides_severity(tmp_path):
    data = write_file(tmp_path, "d.csv", "a,b\n1,2\n,\n3,4\n")
    write_file(tmp_path, "d.csv.meta.yaml", GOOD_META)
    profile = write_file(tmp_path, "mine.yaml", "extends: default\nrules:\n  MR009: {severity: error}\n")
    code, report = audit_json(data, extra=("--profile", str(profile)))
    assert code == 1
    assert [f["severity"] for f in report["datasets"][0]["findings"] if f["code"] == "MR009"] == ["error"]
    disabled = write_file(tmp_path, "off.yaml", "extends: default\nrules:\n  MR009: {enabled: false}\n")
    _, report = audit_json(data, extra=("--profile", str(disabled)))
    assert "MR009" not in codes(report)


def test_select_and_ignore_by_prefix(tmp_path):
    data = write_file(tmp_path, "d.csv", "a,a\n1,2,3\n")
    _, only_mr = audit_json(data, extra=("--select", "MR"))
    assert codes(only_mr) and all(c.startswith("MR") for c in codes(only_mr))
    _, no_mr008 = audit_json(data, extra=("--ignore", "MR008,CP"))
    assert "MR008" not in codes(no_mr008) and "MR007" in codes(no_mr008)
    assert not any(c.startswith("CP") for c in codes(no_mr008))


def test_output_file_written_only_with_content(tmp_path):
    data = clean_dataset(tmp_path)
    out = tmp_path / "report.json"
    result = run_cli("check", data, "--format", "json", "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0
    assert json.loads(out.read_text("utf-8"))["summary"]["passed"] == 1
    missing_out = tmp_path / "never.json"
    run_cli("check", str(tmp_path / "nope.csv"), "-o", missing_out)
    assert not missing_out.exists()


def _rules_dir(tmp_path, body: str):
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "crashy.py").write_text(textwrap.dedent(body), encoding="utf-8")
    return folder


CRASHING_PACK = """
from auditor.rule import Rule, RulePack
from auditor.model import Severity

class Crash(Rule):
    '''Always raises, to prove one broken rule cannot take the audit down.'''
    code = "XT001"
    name = "crash"
    default_severity = Severity.WARNING
    title = {"en": "crash", "zh": "崩溃"}
    def row(self, rownum, cells):
        raise RuntimeError("boom in row " + str(rownum) + " " + cells[0])

PACK = RulePack(id="crashy", prefix="XT", dimension="machine_readability", title={"en": "x", "zh": "x"}, rules=(Crash,))
"""


def test_crashing_rule_is_isolated_and_exits_3(tmp_path):
    data = write_file(tmp_path, "d.csv", "id,phone\n1,13812345678\n")
    result = run_cli(
        "check", data, "--rules-dir", _rules_dir(tmp_path, CRASHING_PACK), "--format", "json", "--as-of", AS_OF
    )
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    dataset = report["datasets"][0]
    assert dataset["errors"] and "XT001" in dataset["errors"][0]["where"]
    assert "CP005" in {f["code"] for f in dataset["findings"]}, "other rules still ran"
    assert "Traceback" not in result.output


def test_broken_plugin_is_reported_not_fatal(tmp_path):
    data = clean_dataset(tmp_path)
    folder = _rules_dir(tmp_path, "import not_a_real_module_xyz\n")
    result = run_cli("check", data, "--rules-dir", folder, "--format", "json", "--as-of", AS_OF)
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert report["datasets"][0]["status"] == "pass"
    assert "not_a_real_module_xyz" in report["errors"][0]["message"]


def test_rules_profiles_schema_commands():
    listing = run_cli("rules")
    assert listing.exit_code == 0 and "MR001" in listing.output and "CP005" in listing.output
    one = run_cli("rules", "MR008", "--lang", "zh")
    assert one.exit_code == 0 and "字段数" in one.output and "不通过的示例" in one.output
    profiles = run_cli("profiles")
    assert {"default", "strict", "upload"} <= {line.split()[0] for line in profiles.output.splitlines() if line}
    strict = run_cli("profiles", "strict")
    assert "fail_on: warning" in strict.output and "default" in strict.output
    for which in ("report", "metadata"):
        schema = json.loads(run_cli("schema", which).output)
        assert schema["$schema"].startswith("https://json-schema.org/")


def test_chinese_messages(tmp_path):
    data = write_file(tmp_path, "d.csv", "a,b\n1,2,3\n")
    result = run_cli("check", data, "--lang", "zh", "--as-of", AS_OF)
    assert "未通过" in result.output and "字段数" in result.output


def test_python_dash_m_entry_point(tmp_path):
    import subprocess
    import sys

    data = clean_dataset(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "auditor", "check", str(data), "--as-of", AS_OF, "--format", "json"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"]["passed"] == 1


PLUGIN_PACK = """
from auditor.rule import Rule, RulePack
from auditor.model import Severity

class NoSpacesInHeader(Rule):
    '''Column labels with spaces are awkward in SQL and pandas.'''
    code = "XP001"
    name = "no-spaces-in-header"
    default_severity = Severity.WARNING
    title = {"en": "Spaces in column labels", "zh": "列名含空格"}
    messages = {"default": {"en": "Label '{column}' contains a space", "zh": "列名“{column}”含空格"}}
    def start(self, table):
        for label in table.columns:
            if " " in label:
                self.report(column=label)

PACK = RulePack(id="example_plugin", prefix="XP", dimension="machine_readability",
                title={"en": "Example plugin", "zh": "示例插件"}, rules=(NoSpacesInHeader,))
"""


def test_entry_point_plugin_is_discovered(tmp_path):
    """A pack registered under `auditor.rule_packs` is found without --rules-dir."""
    import subprocess
    import sys

    site = tmp_path / "site"
    (site / "audit_example_plugin").mkdir(parents=True)
    (site / "audit_example_plugin" / "__init__.py").write_text(PLUGIN_PACK, encoding="utf-8")
    info = site / "audit_example_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: audit-example-plugin\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[auditor.rule_packs]\nexample = audit_example_plugin:PACK\n", encoding="utf-8"
    )
    data = write_file(tmp_path, "d.csv", "first name,age\nAnn,3\n")
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "AUDIT_LANG": "en"}
    base = [sys.executable, "-m", "auditor", "check", str(data), "--format", "json", "--as-of", AS_OF]
    found = json.loads(subprocess.run(base, capture_output=True, text=True, env=env).stdout)
    assert "XP001" in {f["code"] for f in found["datasets"][0]["findings"]}
    off = json.loads(subprocess.run(base + ["--no-plugins"], capture_output=True, text=True, env=env).stdout)
    assert "XP001" not in {f["code"] for f in off["datasets"][0]["findings"]}
    listing = subprocess.run([sys.executable, "-m", "auditor", "rules"], capture_output=True, text=True, env=env).stdout
    assert "XP001" in listing


def test_plugin_lookup_asks_importlib_metadata_only_when_some_distribution_may_declare_the_group(
        tmp_path, monkeypatch):
    """The quick look at entry_points.txt files answers "none" only where importlib.metadata would
    find none: it agrees with it on folders with and without the group, and leaves a zip on
    sys.path to it."""
    from importlib.metadata import entry_points

    from auditor import registry

    site = tmp_path / "site"
    other = site / "other_tool-2.0.dist-info"
    other.mkdir(parents=True)
    (other / "entry_points.txt").write_text("[console_scripts]\nother = other:main\n", encoding="utf-8")
    (site / "loose.egg-info").write_text("Name: loose\n", encoding="utf-8")  # a PKG-INFO file: no entry points
    monkeypatch.setattr(sys, "path", [str(site), str(tmp_path / "absent")])
    assert registry._may_declare(registry.ENTRY_POINT_GROUP) is False
    assert registry._entry_points() == list(entry_points(group=registry.ENTRY_POINT_GROUP)) == []

    site = tmp_path / "site2"  # a new folder: importlib.metadata caches what it read of one
    plugin = site / "Audit_Plugin-1.0.DIST-INFO"  # it matches the suffix in any case
    plugin.mkdir(parents=True)
    (plugin / "METADATA").write_text("Metadata-Version: 2.1\nName: audit-plugin\nVersion: 1.0\n", encoding="utf-8")
    (plugin / "entry_points.txt").write_text(f"[{registry.ENTRY_POINT_GROUP}]\nx = audit_plugin:PACK\n",
                                             encoding="utf-8")
    monkeypatch.setattr(sys, "path", [str(site)])
    assert registry._may_declare(registry.ENTRY_POINT_GROUP) is True
    found = registry._entry_points()
    assert [(ep.name, ep.value) for ep in found] == [("x", "audit_plugin:PACK")]

    archive = tmp_path / "eggs.zip"
    archive.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip archive
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert registry._may_declare(registry.ENTRY_POINT_GROUP) is True

    class Finder:  # a finder of distributions of its own: importlib.metadata must be asked
        @staticmethod
        def find_distributions(context=None):
            return iter(())

    monkeypatch.setattr(sys, "path", [str(tmp_path / "site")])
    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder])
    assert registry._may_declare(registry.ENTRY_POINT_GROUP) is True


def test_identifiers_in_metadata_file_names_and_sheet_names_never_leak(tmp_path):
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    body = "11010519850612123"
    rid = body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    data = write_file(tmp_path, f"张三_{rid}.csv", "a,b\n1,2\n")
    write_file(tmp_path, f"张三_{rid}.csv.meta.yaml", f"数据名称: 张三 {rid} 的材料\n数据摘要: 联系 13812345678\n")
    for fmt in ("json", "terminal"):
        result = run_cli("check", data, "--format", fmt, "--as-of", AS_OF)
        assert rid not in result.output and "13812345678" not in result.output
        assert rid[-4:] in result.output, "the redacted form keeps the last four characters"


def test_a_run_raises_the_cycle_collector_threshold_only_while_it_runs(tmp_path):
    import gc

    from auditor.cli_options import GC_FIRST_THRESHOLD

    before = gc.get_threshold()
    path = write_file(tmp_path, "a.csv", "名称,数量\n甲,1\n乙,2\n")
    result = run_cli("check", path, "--format", "json", "--as-of", AS_OF)
    assert json.loads(result.stdout)["datasets"][0]["tables"][0]["rows"] == 2
    assert gc.get_threshold() == before and GC_FIRST_THRESHOLD > before[0]


@pytest.mark.parametrize(("preset", "expected"), [(None, "1"), ("3", "3")])
def test_the_command_runs_openblas_on_one_thread_unless_the_user_chose(preset, expected):
    """numpy's OpenBLAS would start a spinning thread per core for linear algebra we never do:
    the `audit` command sets one thread before numpy is imported, and keeps a user's choice."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if preset:
        env["OPENBLAS_NUM_THREADS"] = preset
    code = ("import os, sys\nfrom auditor.console import main\nassert 'numpy' not in sys.modules\n"
            "sys.argv = ['audit', 'rules']\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(os.environ['OPENBLAS_NUM_THREADS'], 'numpy' in sys.modules, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.stderr.split()[-2:] == [expected, "True"], proc.stderr[-500:]
    assert "MR001" in proc.stdout
