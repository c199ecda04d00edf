from conftest import audit_json, codes, write_file


def test_clean_csv_with_metadata_passes(tmp_path):
    rows = "".join(f"区{i},{100 + i}\n" for i in range(12))
    data = write_file(tmp_path, "t.csv", "区,人口\n" + rows)
    write_file(
        tmp_path,
        "t.csv.meta.yaml",
        "数据名称: 人口\n数据提供方: 统计局\n更新频率: 每年\n更新时间: 2026-06-01\n"
        "开放许可: CC-BY-4.0\n开放条件: 无条件开放\n",
    )
    code, report = audit_json(data)
    assert report["datasets"][0]["status"] == "pass", report["datasets"][0]["findings"]
    assert code == 0
    assert codes(report) == set()
