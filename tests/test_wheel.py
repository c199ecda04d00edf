"""The built wheel works on its own, without the checkout (issue 15, item 9).

The wheel is built from this tree, installed into a fresh virtual environment
(`--no-deps`; the dependencies come from the test environment through a path
entry, so the test stays offline and never sees the editable install), and run
from a folder outside the checkout: `audit check` on a bundled example and
`audit portal --city demo`. `.ci/run` does the same with a real `pip install`.
"""
from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from conftest import AS_OF

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    pytest.importorskip("build")
    work = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--skip-dependency-check",
                            "--outdir", str(work / "dist"), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    subprocess.run(["git", "clean", "-fdxq", "build"], cwd=ROOT, capture_output=True)  # the build's own scratch
    (wheel,) = (work / "dist").glob("*.whl")
    env_dir = work / "fresh"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    here = [p for p in site.getsitepackages() + [sysconfig.get_paths()["purelib"]] if os.path.isdir(p)]
    Path(purelib, "test-dependencies.pth").write_text("\n".join(dict.fromkeys(here)) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
                    "--target", purelib, str(wheel)], check=True, capture_output=True, timeout=300)
    scripts = Path(purelib, "bin")
    return python, Path(purelib), scripts, work


def run(installed, *args) -> subprocess.CompletedProcess:
    python, _, _, work = installed
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GITHUB_ACTIONS")}
    env["AUDIT_LANG"] = "en"
    return subprocess.run([str(python), "-m", "auditor", *args], cwd=work, env=env, capture_output=True,
                          text=True, timeout=300)


def test_the_wheel_runs_from_its_own_files(installed):
    probe = run(installed, "schema", "report")
    assert probe.returncode == 0, probe.stderr
    python, purelib, _, work = installed
    where = subprocess.run([str(python), "-c", "import auditor; print(auditor.__file__)"], cwd=work,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).is_relative_to(purelib) and not Path(where).is_relative_to(ROOT)


def test_check_on_a_bundled_example(installed):
    _, purelib, _, _ = installed
    example = purelib / "auditor" / "examples" / "clean"
    result = run(installed, "check", str(example), "--as-of", AS_OF, "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["datasets"] == 2 and report["summary"]["passed"] == 2


def test_portal_demo_reads_the_catalogue_inside_the_package(installed):
    _, purelib, _, _ = installed
    result = run(installed, "portal", "--city", "demo", "--as-of", AS_OF, "--format", "json", "--exit-zero")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["datasets"] == 8 and report["portal"]["reachable"] is True
    source = (installed[3] / report["portal"]["source"]).resolve()
    assert source == (purelib / "auditor" / "examples" / "portal-demo" / "数据目录.csv").resolve()
