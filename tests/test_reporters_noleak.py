"""No raw sensitive value in any output format (DESIGN §6), the new CI formats and the baseline included."""
from __future__ import annotations

import pytest
from conftest import AS_OF, run_cli, write_file
from reporting_fixtures import MOBILE, resident_id

from auditor.reporters import RENDERERS

ID = resident_id()


def test_the_synthetic_id_is_checksum_valid():
    from auditor.identifiers import id_checksum_ok

    assert id_checksum_ok(ID) and not id_checksum_ok(ID[:-1] + ("0" if ID[-1] != "0" else "1"))


@pytest.fixture
def personal(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = [f"张三{i},{resident_id(f'1101051949123100{i}')},1391234567{i}" for i in range(1, 6)]
    write_file(tmp_path, "data/处罚.csv", "姓名,身份证号,联系电话\n" + f"李四,{ID},{MOBILE}\n" + "\n".join(rows) + "\n")
    # the same values where a rule quotes cells as examples (a mixed-types column)
    write_file(tmp_path, "data/mixed.csv", "编号,值\n1,10\n2,20\n3,30\n4," + ID + "\n5," + MOBILE + "\n")
    return tmp_path


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_no_format_leaks_an_id_or_a_mobile_number(personal, fmt):
    result = run_cli("check", "data", "--as-of", AS_OF, "--format", fmt)
    assert result.exit_code == 1
    assert "SF001" in result.stdout and "SF002" in result.stdout  # the values were found...
    for value in (ID, MOBILE, ID[:14], MOBILE[:7]):
        assert value not in result.stdout, f"{fmt} leaks {value[:3]}..."  # ...and never shown
        assert value not in result.stderr


def test_the_baseline_file_leaks_nothing(personal):
    result = run_cli("check", "data", "--as-of", AS_OF, "--format", "json", "--write-baseline", "b.json")
    assert result.exit_code == 1
    text = (personal / "b.json").read_text(encoding="utf-8")
    assert "SF001" in text and ID not in text and MOBILE not in text and ID[:14] not in text
