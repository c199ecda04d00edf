"""JUnit, SARIF, GitHub annotations, Markdown and `--format auto`: validity and meaning.

JUnit is validated against the common JUnit XSD and SARIF against the SARIF 2.1.0
JSON Schema (both in tests/schemas, see its README), on the fixed report and on
real runs of the CLI over real files.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from conftest import AS_OF, run_cli, write_file, write_workbook
from reporting_fixtures import fixed_report

from auditor.model import Finding, Location, Severity
from auditor.reporters import render
from auditor.reporters.auto import choose_format
from auditor.reporters.github import escape_data, escape_property

SCHEMAS = Path(__file__).parent / "schemas"


def junit_schema():
    xmlschema = pytest.importorskip("xmlschema")
    return xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd"))


def sarif_validator():
    schema = json.loads((SCHEMAS / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


@pytest.fixture
def data_folder(tmp_path, monkeypatch):
    """Real files with real problems; the run happens inside tmp_path so sources are relative."""
    monkeypatch.chdir(tmp_path)
    write_file(tmp_path, "data/ragged.csv", "区,人口\n海淀,100\n朝阳,200,多余\n")
    write_file(
        tmp_path, "data/人口.csv", "区,人口,更新日期\n海淀,100,2026-01-01\n朝阳,/,2026-01-01\n", encoding="gb18030"
    )
    write_workbook(tmp_path / "data/表.xlsx", [["标题"], ["a", "b"], [1, 2]], merge=["A1:B1"])
    write_file(tmp_path, "data/broken.json", "{not json")
    with zipfile.ZipFile(tmp_path / "data/bundle.zip", "w") as zf:
        zf.writestr("inner.csv", "id,name\n1,a\n2,\n")
    return Path("data")


def cli_output(*args) -> tuple[int, str]:
    result = run_cli("check", *args, "--as-of", AS_OF)
    return result.exit_code, result.stdout


# --- JUnit -------------------------------------------------------------------------------------


def test_junit_of_the_fixed_report_is_valid():
    junit_schema().validate(render(fixed_report(), "junit"))


def test_junit_of_a_real_run_is_valid_and_fails_like_the_exit_code(data_folder):
    code, text = cli_output(data_folder, "--format", "junit")
    junit_schema().validate(text)
    root = ET.fromstring(text)
    assert code == 1
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert "data/ragged.csv" in suites and "data/bundle.zip!/inner.csv" in suites
    ragged = suites["data/ragged.csv"]
    failing = [c.get("name") for c in ragged.iter("testcase") if c.find("failure") is not None]
    assert any(name.startswith("MR008 ") for name in failing)
    assert int(root.get("failures")) == sum(int(s.get("failures")) for s in suites.values())
    assert int(ragged.get("tests")) == len(list(ragged.iter("testcase")))


def test_junit_has_a_case_for_every_rule_that_ran_even_without_findings():
    root = ET.fromstring(render(fixed_report(), "junit"))
    census = next(s for s in root.iter("testsuite") if s.get("name") == "data/人口.csv")
    names = [c.get("name").split()[0] for c in census.iter("testcase")]
    assert names == sorted(fixed_report().rules_run)
    passing = next(c for c in census.iter("testcase") if c.get("name").startswith("MR008"))
    assert list(passing) == []


@pytest.mark.parametrize(
    "fail_on,expected",
    [
        ("error", {"SF001", "TM003"}),
        ("warning", {"SF001", "TM003", "CP003", "MR005"}),
        ("never", set()),
    ],
)
def test_junit_failures_follow_fail_on(fail_on, expected):
    report = fixed_report(fail_on=fail_on)
    if fail_on == "never":  # what the engine would say: nothing fails a dataset
        report = replace(report, datasets=tuple(replace(d, status="pass") for d in report.datasets[:2]))
    root = ET.fromstring(render(report, "junit"))
    census = next(s for s in root.iter("testsuite") if s.get("name") == "data/人口.csv")
    failed = {c.get("name").split()[0] for c in census.iter("testcase") if c.find("failure") is not None}
    assert failed == expected
    assert census.get("failures") == str(len(expected))
    quiet = {c.get("name").split()[0] for c in census.iter("testcase") if c.find("system-out") is not None}
    assert quiet == {"SF001", "TM003", "CP003", "MR005"} - expected


def test_junit_reports_a_min_score_failure_and_tool_errors():
    report = fixed_report()
    census = report.datasets[0]
    only_warnings = replace(census, findings=tuple(f for f in census.findings if f.severity < Severity.ERROR))
    report = replace(report, datasets=(only_warnings, *report.datasets[1:]))
    root = ET.fromstring(render(report, "junit"))
    suite = next(s for s in root.iter("testsuite") if s.get("name") == "data/人口.csv")
    score_case = next(c for c in suite.iter("testcase") if c.get("name") == "score overall")
    assert "61.5" in score_case.find("failure").get("message")
    broken = next(s for s in root.iter("testsuite") if s.get("name") == "data/目录.xlsx")
    assert broken.get("errors") == "1"
    assert "KeyError" in broken.find("testcase/error").text


def test_junit_survives_control_characters_in_messages():
    census = fixed_report().datasets[0]
    odd = replace(census.findings[0], message="bad byte \x01 and \x1b[31m escape")
    report = replace(fixed_report(), datasets=(replace(census, findings=(odd,)),))
    text = render(report, "junit")
    junit_schema().validate(text)
    assert "\x01" not in text and "\x1b" not in text


# --- SARIF -------------------------------------------------------------------------------------


def test_sarif_of_the_fixed_report_is_valid():
    sarif_validator().validate(json.loads(render(fixed_report(), "sarif")))


def test_sarif_of_a_real_run_is_valid_and_locates_csv_rows(data_folder):
    code, text = cli_output(data_folder, "--format", "sarif")
    doc = json.loads(text)
    sarif_validator().validate(doc)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert all(r["help"]["text"] and r["shortDescription"]["text"] for r in rules)
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    ragged = next(r for r in run["results"] if r["ruleId"] == "MR008")
    physical = ragged["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "data/ragged.csv"
    assert physical["region"]["startLine"] == 3  # the third line holds the extra field
    merged = next(r for r in run["results"] if r["ruleId"] == "MR010")
    assert "region" not in merged["locations"][0]["physicalLocation"]  # spreadsheet rows are not lines
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_points_archive_members_at_the_archive_and_tags_security_rules():
    run = json.loads(render(fixed_report(), "sarif"))["runs"][0]
    member = next(r for r in run["results"] if r["properties"]["dataset"] == "data/bundle.zip!/stations.csv")
    location = member["locations"][0]
    assert location["physicalLocation"] == {"artifactLocation": {"uri": "data/bundle.zip"}}
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "stations.csv › stations › name"
    census = next(r for r in run["results"] if r["ruleId"] == "SF001")
    assert census["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "data/%E4%BA%BA%E5%8F%A3.csv"
    sf001 = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "SF001")
    assert "security" in sf001["properties"]["tags"] and sf001["properties"]["security-severity"] == "8.0"
    assert run["invocations"][0]["executionSuccessful"] is False  # data/目录.xlsx had a tool error


def test_sarif_marks_results_new_under_a_baseline():
    info = {"file": "b.json", "suppressed": 3, "new": 6, "resolved": 0}
    doc = json.loads(render(fixed_report(baseline=info), "sarif"))
    sarif_validator().validate(doc)
    run = doc["runs"][0]
    assert {r["baselineState"] for r in run["results"]} == {"new"}
    assert run["properties"]["baseline"] == info


def test_fingerprints_ignore_rows_and_messages_but_not_columns():
    a = Finding(
        "CP003",
        "placeholder-values",
        "completeness",
        Severity.WARNING,
        "3 placeholders",
        Location("人口", "人口", 4),
        3,
        (),
        (4, 5, 6),
    )
    moved = replace(a, message="5 placeholders", location=Location("人口", "人口", 9), rows=(9,), count=5)
    other_column = replace(a, location=Location("人口", "区", 4))
    assert a.fingerprint("data/人口.csv") == moved.fingerprint("data/人口.csv")
    assert a.fingerprint("data/人口.csv") != other_column.fingerprint("data/人口.csv")
    assert a.fingerprint("data/人口.csv") != a.fingerprint("data/other.csv")


# --- GitHub annotations ------------------------------------------------------------------------


def test_github_escaping_follows_the_toolkit():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_github_annotations_carry_file_line_title_and_level():
    lines = render(fixed_report(), "github").splitlines()
    assert lines[0].startswith("::error file=data/人口.csv,line=2,title=SF001::Column '身份证号'")
    tricky = next(line for line in lines if "title=CP003" in line)
    assert tricky.startswith("::warning ")
    assert "\n" not in tricky and "%0A" in tricky and "(2.5%25)" in tricky
    assert any(
        line.startswith("::notice file=data/bundle.zip,title=CP002::data/bundle.zip!/stations.csv:") for line in lines
    )
    assert lines[-1].startswith("::notice title=open-data-auditor::2 of 3 datasets failed")
    pattern = re.compile(r"^::(error|warning|notice)( [a-z]+=[^,:]*(,[a-z]+=[^,:]*)*)?::")
    assert all(pattern.match(line) for line in lines)


def test_github_properties_escape_commas_and_colons_in_file_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_file(tmp_path, "a,b:c.csv", "x,y\n1,2,3\n")
    code, text = cli_output("a,b:c.csv", "--format", "github")
    assert code == 1
    assert "::error file=a%2Cb%3Ac.csv,line=2,title=MR008::" in text


# --- Markdown ----------------------------------------------------------------------------------


def _cells(row: str) -> int:
    return len(re.split(r"(?<!\\)\|", row.strip().strip("|")))


def test_markdown_tables_keep_their_shape_whatever_the_messages_say():
    text = render(fixed_report(), "markdown")
    table_rows = [line for line in text.splitlines() if line.startswith("| ") and "CP003" in line]
    assert table_rows and all(_cells(row) == 5 for row in table_rows)
    assert "\\<rows\\> \\| 3, 4 and \\*more\\*" in text
    assert text.startswith("## ❌ Open data audit report: 2 of 3 datasets failed")


def test_markdown_score_table_survives_a_pipe_in_a_file_name():
    census = replace(fixed_report().datasets[0], source="data/a|b.csv")
    text = render(replace(fixed_report(), datasets=(census,)), "markdown")
    row = next(line for line in text.splitlines() if line.startswith("| ❌ |"))
    assert "`data/a\\|b.csv`" in row and _cells(row) == 9


def test_markdown_cuts_long_finding_lists_and_says_how_many_more():
    census = fixed_report().datasets[0]
    many = tuple(replace(census.findings[3], location=Location("人口", f"c{i}")) for i in range(60))
    text = render(replace(fixed_report(), datasets=(replace(census, findings=many),)), "markdown")
    assert sum(1 for line in text.splitlines() if line.startswith("| MR005 ")) == 50
    assert "… and 10 more (see the full report)" in text


def test_markdown_of_many_datasets_lists_the_failures_worst_first():
    base = fixed_report()
    census, member = base.datasets[0], base.datasets[1]
    many = tuple(
        replace(census, source=f"data/f{i}.csv", scores={**census.scores, "overall": float(i)}) for i in range(120)
    ) + tuple(replace(member, source=f"data/p{i}.csv") for i in range(30))
    text = render(replace(base, datasets=many), "markdown")
    table = [line for line in text.splitlines() if line.startswith("| ❌ |") or line.startswith("| ✅ |")]
    assert len(table) == 100 and table[0].startswith("| ❌ | `data/f0.csv`")
    assert "… and 50 more (see the full report)" in text  # 20 failures and 30 passes not in the table
    assert sum(1 for line in text.splitlines() if line.startswith("### ❌")) == 30
    assert "… and 120 more (see the full report)" in text


def test_markdown_folds_passing_datasets_and_speaks_chinese():
    text = render(fixed_report("zh"), "markdown")
    assert "<summary>✅ <code>data/bundle.zip!/stations.csv</code> · 通过" in text
    assert "3 个数据集中 2 个未通过" in text


# --- --format auto -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "output,env,tty,expected",
    [
        (None, {"GITHUB_ACTIONS": "true"}, False, ("github", False)),
        (None, {}, True, ("terminal", True)),
        (None, {}, False, ("terminal", False)),
        ("report.xml", {"GITHUB_ACTIONS": "true"}, False, ("junit", False)),
        ("out/report.sarif", {}, False, ("sarif", False)),
        ("report.sarif.json", {}, False, ("sarif", False)),
        ("审计.HTML", {}, False, ("html", False)),
        ("summary.md", {}, False, ("markdown", False)),
        ("report.json", {}, False, ("json", False)),
        ("report.txt", {}, False, ("terminal", False)),
    ],
)
def test_auto_format_choice(output, env, tty, expected):
    assert choose_format(output, env, tty) == expected


def test_default_format_is_annotations_under_github_actions_and_plain_text_elsewhere(data_folder):
    gha = run_cli("check", data_folder / "ragged.csv", "--as-of", AS_OF, env={"GITHUB_ACTIONS": "true"})
    assert gha.exit_code == 1
    assert gha.stdout.startswith("::")
    assert "\n::error file=data/ragged.csv,line=3,title=MR008::" in gha.stdout
    plain = run_cli("check", data_folder / "ragged.csv", "--as-of", AS_OF, env={"GITHUB_ACTIONS": None})
    assert plain.exit_code == 1
    assert "MR008" in plain.stdout and "::error" not in plain.stdout and "\x1b[" not in plain.stdout


def test_auto_format_follows_the_output_file_extension(data_folder, tmp_path):
    result = run_cli("check", data_folder, "--as-of", AS_OF, "-o", "audit.sarif", env={"GITHUB_ACTIONS": None})
    assert result.exit_code == 1 and result.stdout == ""
    sarif_validator().validate(json.loads((tmp_path / "audit.sarif").read_text(encoding="utf-8")))
    run_cli("check", data_folder, "--as-of", AS_OF, "-o", "audit.xml")
    junit_schema().validate(str(tmp_path / "audit.xml"))


def test_a_run_imports_only_the_renderer_it_writes_with():
    """Every renderer at start cost 70 ms a run; each is imported when its format is asked for."""
    import subprocess
    import sys

    code = ("import json, sys, auditor.cli\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('auditor.reporters.'))))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = json.loads(out)
    assert "auditor.reporters.html" not in loaded and "auditor.reporters.terminal" not in loaded
    assert "auditor.reporters.junit" not in loaded and "auditor.reporters.sarif" not in loaded
