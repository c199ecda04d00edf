"""ZIP archives: members audited as datasets, nested archives, bombs and traversal refused."""
from __future__ import annotations

import os
import zipfile

from conftest import audit_json, codes, findings, write_workbook

from auditor import budget
from auditor.loaders.archive import load_archive


def make_zip(path, members: dict, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            if isinstance(data, (str, os.PathLike)) and os.path.exists(str(data)):
                zf.write(data, name)
            else:
                zf.writestr(name, data)
    return path


def test_each_member_is_a_dataset_named_inside_the_archive(tmp_path):
    book = write_workbook(tmp_path / "src" / "b.xlsx", [["区", "人口"], ["海淀", 1]])
    archive = make_zip(tmp_path / "bundle.zip", {
        "data/人口.csv": "区,人口\n海淀,313\n朝阳,345\n",
        "data/b.xlsx": book,
        "__MACOSX/data/._人口.csv": "resource fork",
        ".DS_Store": "junk",
    })
    code, report = audit_json(archive)
    sources = [d["source"] for d in report["datasets"]]
    assert sources == [f"{archive}!/data/人口.csv", f"{archive}!/data/b.xlsx"]
    assert [d["format"] for d in report["datasets"]] == ["csv", "xlsx"]
    assert report["datasets"][0]["tables"][0]["rows"] == 2
    assert "MR004" in codes(report, 1)


def test_nested_archive_members_get_a_chained_source(tmp_path):
    inner = make_zip(tmp_path / "inner.zip", {"t.csv": "a,b\n1,2\n"})
    outer = make_zip(tmp_path / "outer.zip", {"nested/inner.zip": inner})
    code, report = audit_json(outer)
    (ds,) = report["datasets"]
    assert ds["source"] == f"{outer}!/nested/inner.zip!/t.csv"
    assert ds["tables"][0]["columns"] == ["a", "b"]


def test_extracted_members_are_removed_after_the_audit(tmp_path):
    archive = make_zip(tmp_path / "a.zip", {"t.csv": "a\n1\n"})
    ds = load_archive(str(archive), "a.zip")
    (member_path, _), = ds.members
    assert os.path.isfile(member_path)
    ds.cleanup()
    assert not os.path.exists(member_path)


def test_archives_nested_too_deep_are_refused(tmp_path):
    current = make_zip(tmp_path / "z0.zip", {"t.csv": "a\n1\n"})
    for level in range(1, 5):
        current = make_zip(tmp_path / f"z{level}.zip", {f"z{level - 1}.zip": current})
    code, report = audit_json(current)
    (deepest,) = report["datasets"]
    assert deepest["source"].count("!/") == 2
    assert "resource limit nesting" in findings(report, "MR022")[0]["message"]


def test_decompression_bomb_is_refused_before_filling_the_disk(tmp_path):
    archive = make_zip(tmp_path / "bomb.zip", {"zeros.csv": b"0" * (20 << 20)})
    assert os.path.getsize(archive) < 100_000
    code, report = audit_json(archive)
    (ds,) = report["datasets"]
    assert ds["source"] == str(archive) and ds["format"] == "zip"
    assert "decompression bomb" in findings(report, "MR022")[0]["message"]
    assert code == 1


def test_total_size_limit_counts_bytes_really_written(tmp_path):
    archive = make_zip(tmp_path / "big.zip", {f"p{i}.csv": os.urandom(30_000).hex() for i in range(4)})
    with budget.running(budget.Limits(archive_bytes=150_000)):
        ds = load_archive(str(archive), "big.zip")
    assert ds.members is None
    assert "archive_bytes" in ds.limit_reached and "at most 150,000" in ds.limit_reached


def test_a_member_lying_about_its_size_is_not_expanded_past_it(tmp_path):
    archive = tmp_path / "liar.zip"
    make_zip(archive, {"z.csv": b"0" * (5 << 20)})
    # Rewrite the declared size in the central directory to a harmless 100 bytes.
    raw = bytearray(archive.read_bytes())
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24:central + 28] = (100).to_bytes(4, "little")
    archive.write_bytes(bytes(raw))
    ds = load_archive(str(archive), "liar.zip")
    assert ds.members is None
    assert "damaged ZIP archive" in ds.load_error


def test_path_traversal_names_are_refused(tmp_path):
    for name in ("../evil.csv", "/etc/evil.csv", "ok/../../evil.csv", "C:\\evil.csv"):
        archive = make_zip(tmp_path / "trav.zip", {name: "a\n1\n"})
        code, report = audit_json(archive)
        (ds,) = report["datasets"]
        message = findings(report, "MR001")[0]["message"]
        assert "path traversal" in message, name
    assert not (tmp_path.parent / "evil.csv").exists()


def test_encrypted_member_is_refused_with_a_reason(tmp_path):
    archive = make_zip(tmp_path / "enc.zip", {"t.csv": "a\n1\n"}, compression=zipfile.ZIP_STORED)
    raw = bytearray(archive.read_bytes())
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # set the 'encrypted' flag bit
        at = raw.find(sig)
        raw[at + offset] |= 0x1
    archive.write_bytes(bytes(raw))
    code, report = audit_json(archive)
    assert "encrypted" in findings(report, "MR001")[0]["message"]


def test_gbk_member_names_are_decoded(tmp_path):
    """Chinese Windows writes GBK names without the UTF-8 flag."""
    archive = tmp_path / "gbk.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(zipfile.ZipInfo("abcd.csv"), "a\n1\n")
    gbk_name = "人口.csv".encode("gbk")
    assert len(gbk_name) == len(b"abcd.csv")  # same length keeps every offset valid
    archive.write_bytes(archive.read_bytes().replace(b"abcd.csv", gbk_name))
    ds = load_archive(str(archive), "gbk.zip")
    assert ds.members[0][1] == "gbk.zip!/人口.csv"
    assert ds.members[0][0].endswith("人口.csv")
    ds.cleanup()


def test_empty_and_damaged_archives_are_findings(tmp_path):
    empty = make_zip(tmp_path / "empty.zip", {})
    code, report = audit_json(empty)
    assert "holds no files" in findings(report, "MR001")[0]["message"]
    damaged = tmp_path / "damaged.zip"
    good = make_zip(tmp_path / "good.zip", {"t.csv": "a,b\n" + "1,2\n" * 1000})
    data = bytearray(good.read_bytes())
    data[40:60] = b"\x00" * 20  # corrupt the compressed stream
    damaged.write_bytes(bytes(data))
    code, report = audit_json(damaged)
    assert code in (0, 1)
    assert any("MR001" in codes(report, i) for i in range(len(report["datasets"])))
