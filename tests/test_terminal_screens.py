"""Every screen readable (issue 15, item 5): width, CJK, --quiet, --verbose, NO_COLOR, the progress bar."""
from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import AS_OF, run_cli, write_file
from rich.cells import cell_len

ROOT = Path(__file__).resolve().parents[1]
LONG_TITLE = "各区县常住人口与户籍人口及其年龄构成统计表"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def chinese_dataset(folder):
    path = write_file(folder, "各区县常住人口与户籍人口统计.csv",
                      "区县名称,常住人口,户籍人口,统计日期\n海淀区,100,80,2026-06-30\n朝阳区,/,90,2026/6/30\n"
                      "西城区,,70,2026-06-30\n东城区,5 万,60,2026-06-30\n")
    write_file(folder, path.name + ".meta.yaml",
               f"数据名称: {LONG_TITLE}\n数据提供方: 市统计局人口和就业统计处\n更新频率: 每年\n更新时间: 2026-07-15\n")
    return path


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_fits_the_width_and_keeps_labels_with_their_numbers(tmp_path, width, lang):
    data = chinese_dataset(tmp_path)
    result = run_cli("check", data, "--as-of", AS_OF, "--lang", lang, "--exit-zero", env={"COLUMNS": str(width)})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= width, [ln for ln in lines if cell_len(ln) > width]
    rows, cols = ("行", "列") if lang == "zh" else ("rows", "columns")
    table_word = "数据表" if lang == "zh" else "table"
    assert any(f"{table_word} 各区县常住人口与户籍人口统计: 4 {rows} × 4 {cols}" in ln for ln in lines), lines[:4]
    assert any(LONG_TITLE in ln for ln in lines), "a Chinese name was split across lines"
    summary = [ln for ln in lines if ln.startswith(("汇总", "Summary"))][0]
    assert re.search(r"1 (数据集|datasets)", summary)
    scores = [ln for ln in lines if ("总分" if lang == "zh" else "overall") in ln]
    assert scores and all(re.search(r"(总分|overall) [0-9.]+", ln) for ln in scores), scores
    for label in (("敏感信息", "时效性") if lang == "zh" else ("sensitive data", "timeliness")):
        assert any(re.search(label + r" [0-9.]+", ln) for ln in lines), label  # label and number on one line


def test_wider_consoles_use_the_room(tmp_path):
    data = chinese_dataset(tmp_path)
    narrow = run_cli("check", data, "--as-of", AS_OF, "--lang", "zh", "--exit-zero", env={"COLUMNS": "80"}).stdout
    wide = run_cli("check", data, "--as-of", AS_OF, "--lang", "zh", "--exit-zero", env={"COLUMNS": "160"}).stdout
    assert len(wide.splitlines()) < len(narrow.splitlines())
    assert max(cell_len(ln) for ln in wide.splitlines()) > 120


@pytest.mark.parametrize("lang,verdict", [("en", "Summary: 1 datasets"), ("zh", "汇总: 1 数据集")])
def test_quiet_prints_only_the_verdict_and_counts(tmp_path, lang, verdict):
    result = run_cli("check", chinese_dataset(tmp_path), "--as-of", AS_OF, "--lang", lang, "-q",
                     "--fail-on", "warning")
    assert result.exit_code == 1
    lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
    assert len(lines) <= 2 and lines[0].startswith(verdict), lines
    assert "CP002" not in result.stdout and result.stderr == ""


def test_verbose_shows_every_example(tmp_path):
    rows = "".join(f"{i},2026/1/{i}\n" for i in range(1, 9))
    data = write_file(tmp_path, "d.csv", "编号,日期\n" + rows)
    plain = run_cli("check", data, "--as-of", AS_OF, "--select", "MR015", "--exit-zero").stdout
    verbose = run_cli("check", data, "--as-of", AS_OF, "--select", "MR015", "--exit-zero", "-v").stdout
    assert plain.count("2026/1/") < verbose.count("2026/1/")


def run_in_terminal(args: list[str], env: dict) -> str:
    """Run `audit` with stdout and stderr on a pseudo-terminal; return what it drew, escapes kept."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "auditor", *args], stdin=slave, stdout=slave, stderr=slave,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "AUDIT_LANG": "en", **env}, close_fds=True)
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=60)
    os.close(master)
    return out.decode("utf-8", "replace")


def test_no_color_is_honoured_on_a_terminal(tmp_path):
    data = chinese_dataset(tmp_path)
    coloured = run_in_terminal(["check", str(data), "--as-of", AS_OF, "--exit-zero"], {"COLUMNS": "100"})
    plain = run_in_terminal(["check", str(data), "--as-of", AS_OF, "--exit-zero"], {"COLUMNS": "100", "NO_COLOR": "1"})
    colour = re.compile(r"\x1b\[[0-9;]*(3[0-7]|9[0-7])(;[0-9]+)*m")
    assert colour.search(coloured), "a terminal gets colour by default"
    assert not colour.search(plain), "NO_COLOR must switch colour off"
    assert "CP002" in ANSI.sub("", plain)
    forced = run_in_terminal(["check", str(data), "--as-of", AS_OF, "--exit-zero", "--color"], {"NO_COLOR": "1"})
    assert colour.search(forced), "--color still wins over NO_COLOR"


def test_the_folder_progress_bar_shows_files_the_current_file_and_its_size(tmp_path):
    folder = tmp_path / "d"
    write_file(folder, "a.csv", "x,y\n1,2\n")
    write_file(folder, "b.csv", "x,y\n1,2\n")
    big = write_file(folder, "c_big.csv", "x,y\n" + "".join(f"{i},{i * 7}\n" for i in range(300_000)))
    drawn = ANSI.sub("", run_in_terminal(["check", str(folder), "--as-of", AS_OF, "--exit-zero", "--lang", "zh"],
                                         {"COLUMNS": "140"}))
    frames = [f for f in drawn.replace("\r", "\n").splitlines() if f.startswith("读取")]
    assert frames, drawn[-500:]
    size = f"{big.stat().st_size / 1e6:.1f} MB"
    assert any("2/3" in f and "c_big.csv" in f and size in f for f in frames), frames[-5:]
    assert any(f.rstrip().endswith(("0:00:00", "0:00:01")) or "3/3" in f for f in frames)
    assert not any("0.0/" in f for f in frames)
