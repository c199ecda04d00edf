"""CP006 exact duplicates in bounded memory: the hash store spills to disk and stays exact."""
from __future__ import annotations

import numpy as np
from conftest import audit_json, findings, write_file

from auditor.rules.completeness.hashstore import HashStore


def _feed(store: HashStore, hashes: np.ndarray, chunk: int = 3333) -> None:
    for at in range(0, len(hashes), chunk):
        store.add(hashes[at:at + chunk], np.arange(at, min(at + chunk, len(hashes)), dtype=np.int64) + 2)


def test_spilled_and_in_memory_counts_agree():
    rng = np.random.default_rng(7)
    hashes = rng.integers(-2**63, 2**63 - 1, 50_000, dtype=np.int64)
    hashes[30_000:30_012] = hashes[:12]  # 12 rows repeat an earlier one
    hashes[40_000] = hashes[3]  # a third copy of row 5
    expected = (13, 12, [30_002 + i for i in range(10)])
    for budget in (1 << 20, 4096, 5):  # no spill, a few spills, a spill every 5 rows
        store = HashStore(budget)
        _feed(store, hashes)
        assert store.duplicates() == expected
        assert store.spill is None  # the temporary files are gone


def test_duplicate_rows_reported_with_first_record_numbers(tmp_path):
    body = "".join(f"{i},{i % 7}\n" for i in range(30))
    data = write_file(tmp_path, "d.csv", "a,b\n" + body + "3,3\n5,5\n3,3\n")
    _, report = audit_json(data)
    [dup] = findings(report, "CP006")
    assert dup["count"] == 3 and dup["data"]["distinct_rows_repeated"] == 2
    assert dup["rows"] == [32, 33, 34]


def test_columns_that_repeat_are_counted_value_by_value_with_the_same_result(tmp_path):
    """A column of few distinct values is judged on those values (batch.distinct) by CP006 and
    MR025: the counts and rows are those of a cell-by-cell count."""
    districts = ["海淀 ", "朝阳", " 东城", "西城"]
    rows = [(districts[i % 4], str(i % 50)) for i in range(500)]
    body = "".join(f"{d},{n}\n" for d, n in rows)
    data = write_file(tmp_path, "r.csv", "区,编号\n" + body)
    _, report = audit_json(data)
    [dup] = findings(report, "CP006")
    distinct_rows = len(set(rows))
    assert dup["count"] == 500 - distinct_rows and dup["data"]["distinct_rows_repeated"] == distinct_rows
    assert dup["rows"][:3] == [2 + distinct_rows, 3 + distinct_rows, 4 + distinct_rows]
    [padded] = findings(report, "MR025")
    assert padded["count"] == 250 and padded["location"]["column"] == "区" and padded["rows"] == [2, 4, 6, 8, 10]
