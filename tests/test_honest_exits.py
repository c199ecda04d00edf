"""Exit codes that tell the truth (issue 15, item 8), through the CLI."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import AS_OF, run_cli, write_file

ROOT = Path(__file__).resolve().parents[1]
ID = "11010519491231002X"  # a checksum-valid resident ID (the standard's own example)


def failing(tmp_path) -> Path:
    return write_file(tmp_path, "ids.csv", f"姓名,身份证号\n张三,{ID}\n")


def test_exit_zero_keeps_the_true_status_and_exits_0(tmp_path):
    data = failing(tmp_path)
    plain = run_cli("check", data, "--as-of", AS_OF, "--format", "json")
    zero = run_cli("check", data, "--as-of", AS_OF, "--format", "json", "--exit-zero")
    assert plain.exit_code == 1 and zero.exit_code == 0
    assert json.loads(zero.stdout)["datasets"][0]["status"] == "fail"
    assert json.loads(zero.stdout)["summary"] == json.loads(plain.stdout)["summary"]
    assert "exit code 0 (--exit-zero or fail-on never) although 1 dataset(s) failed" in zero.stderr


def test_fail_on_never_no_longer_relabels_failing_datasets_pass(tmp_path):
    data = failing(tmp_path)
    for lang, fail_word in (("en", "[FAIL]"), ("zh", "[未通过]")):
        result = run_cli("check", data, "--as-of", AS_OF, "--fail-on", "never", "--lang", lang)
        assert result.exit_code == 0
        assert fail_word in result.stdout and "SF001" in result.stdout, result.stdout
        assert "[PASS]" not in result.stdout and "[通过]" not in result.stdout
    report = json.loads(run_cli("check", data, "--as-of", AS_OF, "--fail-on", "never", "--format", "json").stdout)
    assert report["summary"]["failed"] == 1 and report["datasets"][0]["status"] == "fail"


def test_a_profile_that_never_fails_keeps_true_statuses_too(tmp_path):
    profile = write_file(tmp_path, "never.yaml", "extends: default\nfail_on: never\n")
    result = run_cli("check", failing(tmp_path), "--as-of", AS_OF, "--profile", profile, "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["datasets"][0]["status"] == "fail"


def test_exit_zero_never_hides_usage_errors(tmp_path):
    assert run_cli("check", tmp_path / "missing.csv", "--exit-zero").exit_code == 2


def test_output_into_a_missing_folder_creates_it(tmp_path):
    data = failing(tmp_path)
    out = tmp_path / "reports" / "deep" / "audit.json"
    result = run_cli("check", data, "--as-of", AS_OF, "-o", out)
    assert result.exit_code == 1, result.output  # the data failed; the tool did not
    assert json.loads(out.read_text("utf-8"))["summary"]["failed"] == 1


def test_a_baseline_into_a_missing_folder_creates_it(tmp_path):
    data = failing(tmp_path)
    baseline = tmp_path / "ci" / "baselines" / "audit.json"
    result = run_cli("check", data, "--as-of", AS_OF, "--write-baseline", baseline, "--exit-zero")
    assert result.exit_code == 0 and json.loads(baseline.read_text("utf-8"))["findings"]


def test_output_that_cannot_be_written_is_exit_2_in_both_languages(tmp_path):
    data = failing(tmp_path)
    blocker = write_file(tmp_path, "file.txt", "x")
    en = run_cli("check", data, "--as-of", AS_OF, "-o", blocker / "sub" / "r.json")
    zh = run_cli("check", data, "--as-of", AS_OF, "-o", blocker / "sub" / "r.json", "--lang", "zh")
    assert en.exit_code == zh.exit_code == 2
    assert "audit: error: cannot write" in en.stderr and "internal error" not in en.stderr
    assert "audit：错误：无法写入" in zh.stderr


def test_readme_and_ci_use_exit_zero_not_fail_on_never():
    readme = (ROOT / "README.md").read_text("utf-8")
    first = next(line for line in readme.splitlines() if line.startswith("python3 -m venv"))
    assert "--exit-zero" in first and "--fail-on never" not in first
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "--exit-zero" in ci and "--fail-on never" not in ci


def _reading(pid: int, path: Path) -> bool:
    """The process has `path` open (Linux /proc): it is past start-up and at work."""
    try:
        return any(os.path.realpath(f"/proc/{pid}/fd/{fd}") == str(path) for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


def _interrupt(cmd: list[str], cwd: Path, ready) -> subprocess.CompletedProcess:
    """Start `cmd`, wait until `ready(pid)` says it is at work, then press Ctrl-C."""
    env = {**os.environ, "AUDIT_LANG": "en", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and not ready(proc.pid):
        time.sleep(0.02)
    assert proc.poll() is None, "the command finished before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc to see the file being read")
def test_ctrl_c_exits_130_with_a_message(tmp_path):
    big = tmp_path / "big.csv"
    with open(big, "w", encoding="utf-8") as fh:
        fh.write("a,b,c\n")
        for i in range(2_000_000):
            fh.write(f"{i},x{i},y\n")
    run = _interrupt([sys.executable, "-m", "auditor", "check", str(big), "--as-of", AS_OF], tmp_path,
                     lambda pid: _reading(pid, big.resolve()))
    assert run.returncode == 130, run.stderr
    assert "interrupted" in run.stderr and "Traceback" not in run.stderr


def slow_folder_routes(folder: Path, delay: float) -> dict:
    """Every file under `folder` served at its percent-encoded path, each answer `delay` seconds late."""
    from urllib.parse import quote

    def route(body: bytes):
        def answer(method, query):
            time.sleep(delay)
            return 200, {"Content-Type": "text/csv; charset=utf-8"}, body
        return answer

    return {"/" + quote(p.relative_to(folder).as_posix()): route(p.read_bytes())
            for p in folder.rglob("*") if p.is_file()}


def test_ctrl_c_during_a_portal_run_leaves_the_cache_usable(tmp_path):
    from urllib.parse import quote

    from portal_server import LocalServer

    cache = tmp_path / "cache"
    with LocalServer(slow_folder_routes(ROOT / "examples" / "portal-demo", delay=0.4)) as server:
        url = server.base
        cmd = [sys.executable, "-m", "auditor", "portal", "--source", f"{url}/数据目录.csv", "--type", "catalog",
               "--download", "--cache", str(cache), "--as-of", AS_OF, "--format", "json", "--concurrency", "1"]
        run = _interrupt(cmd, tmp_path, lambda pid: server.hits[("GET", "/" + quote("数据目录.csv"))] > 0
                         and cache.exists() and any(cache.rglob("*")))
        assert run.returncode == 130, run.stderr
        # an entry cut off mid-write stays a `.part` file, never read as an entry: the rerun below proves it
        env = {**os.environ, "AUDIT_LANG": "en", "PYTHONPATH": str(ROOT)}
        rerun = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env)
        uncached = [c for c in cmd if c not in ("--cache", str(cache))]
        fresh = subprocess.run(uncached, cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env)
    assert rerun.returncode == fresh.returncode == 1, rerun.stderr  # the demo portal has failing datasets
    resumed, expected = json.loads(rerun.stdout), json.loads(fresh.stdout)
    assert resumed["summary"] == expected["summary"] and resumed["summary"]["datasets"] == 13
    assert resumed["portal"]["pages"]["from_cache"] >= 1 or resumed["portal"].get("cache"), resumed["portal"]
