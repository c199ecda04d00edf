"""The GitHub Action and the documented GitLab CI job: valid for their hosts and working when run.

Both are checked against the hosts' published schemas (tests/schemas), and their shell is run
here for real, after the install step, with the environment the host would give it.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import AS_OF, write_file

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = Path(__file__).parent / "schemas"
INPUT = re.compile(r"\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}")


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def base_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "AUDIT_"))}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["AUDIT_LANG"] = "en"
    return env


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_file(tmp_path, "data/ragged.csv", "区,人口\n海淀,100\n朝阳,200,多余\n")
    write_file(tmp_path, "data/人口.csv", "区,人口\n海淀,100\n")
    return tmp_path


# --- GitHub Action ------------------------------------------------------------------------------

def action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_action_is_valid_for_github():
    jsonschema.Draft7Validator(schema("github-action.schema.json")).validate(action())


def test_action_never_pastes_inputs_into_scripts():
    for step in action()["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")


def run_audit_step(cwd: Path, tmp_path: Path, **inputs) -> subprocess.CompletedProcess:
    """Run the action's audit step as GitHub would: inputs (defaults filled in) mapped into env."""
    spec = action()
    values = {name: str(v.get("default", "")) for name, v in spec["inputs"].items()}
    values.update({k.replace("_", "-"): v for k, v in inputs.items()})
    step = next(s for s in spec["runs"]["steps"] if s.get("id") == "audit")
    env = base_env()
    env.update({k: INPUT.sub(lambda m: values[m.group(1)], v) for k, v in step["env"].items()})
    env.update(GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"),
               GITHUB_OUTPUT=str(tmp_path / "output.txt"), GITHUB_ACTION_PATH=str(ROOT))
    return subprocess.run(["bash", "-c", step["run"]], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_action_annotates_summarises_writes_sarif_and_fails_on_errors(data, tmp_path):
    run = run_audit_step(data, tmp_path, paths="data", args=f"--as-of {AS_OF}", sarif_file="out/audit.sarif")
    assert run.returncode == 1, run.stderr
    assert "::error file=data/ragged.csv,line=3,title=MR008::" in run.stdout
    assert run.stdout.rstrip().splitlines()[-1].startswith("::notice title=open-data-auditor::")
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith("## ❌ Open data audit report")
    sarif = json.loads((data / "out" / "audit.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema("sarif-2.1.0-rtm.5.json")).validate(sarif)
    assert (tmp_path / "output.txt").read_text().strip() == "exit-code=1"


def test_action_passes_with_fail_on_never_and_honours_a_baseline(data, tmp_path):
    run = run_audit_step(data, tmp_path, paths="data", args=f"--as-of {AS_OF}", fail_on="never", summary="false")
    assert run.returncode == 0 and "::error" in run.stdout
    assert not (tmp_path / "summary.md").exists()
    subprocess.run(["audit", "check", "data", "--as-of", AS_OF, "--fail-on", "never", "--format", "json",
                    "--write-baseline", "b.json"], cwd=data, env=base_env(), check=True, capture_output=True)
    run = run_audit_step(data, tmp_path, paths="data", args=f"--as-of {AS_OF}", baseline="b.json")
    assert run.returncode == 0, run.stdout
    assert "::error" not in run.stdout and "known finding(s) suppressed, 0 new" in run.stdout


# --- GitLab CI ----------------------------------------------------------------------------------

def gitlab_snippet() -> dict:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- gitlab-ci snippet[^>]*-->\s*```yaml\n(.*?)```", text, re.S)
    assert block, "docs/ci.md lost its marked GitLab CI snippet"
    return yaml.safe_load(block.group(1))


def test_gitlab_snippet_is_valid_for_gitlab():
    jsonschema.Draft7Validator(schema("gitlab-ci.schema.json")).validate(gitlab_snippet())


def test_gitlab_snippet_script_produces_the_reports_it_declares(data):
    (job,) = gitlab_snippet().values()
    commands = [c for c in job["script"] if not c.startswith("pip install")]
    for command in commands:
        run = subprocess.run(["bash", "-c", f"{command} --as-of {AS_OF}"], cwd=data, env=base_env(),
                             capture_output=True, text=True, timeout=300)
        expected = 0 if "--exit-zero" in command else 1
        assert run.returncode == expected, (command, run.stderr)
    for artifact in job["artifacts"]["paths"]:
        assert (data / artifact).stat().st_size > 0
    junit = data / job["artifacts"]["reports"]["junit"]
    xmlschema = pytest.importorskip("xmlschema")
    xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd")).validate(str(junit))
