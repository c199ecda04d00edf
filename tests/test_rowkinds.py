

def test_marker_prefilter_never_misses_a_cell_the_regex_takes():
    """Total and note cells are found by their first character before the regex runs: every
    cell the regex alone would mark is still marked, and nothing else."""
    import random

    import pyarrow as pa
    import pyarrow.compute as pc

    from auditor.rowkinds import _MARKER_RE2, _marked

    words = ["合计", "总 计", "小计（万元）", "Total", "TOTAL:", "Grand total", "注：", "注1", "备注：", "说明：",
             "数据来源：", "* 注", "Source:", "notes:", "  合计", "\u3000合计", "\tsum", "ſum", "Insgesamt"]
    rng = random.Random(11)
    noise = [w[: rng.randint(0, len(w))] + rng.choice(["", "x", "海淀", " "]) for w in words for _ in range(20)]
    cells = words + noise + ["海淀区", "12", "", None, "Totally", "ok"]
    col = pa.array(cells, type=pa.string())
    want = pc.fill_null(pc.match_substring_regex(col, _MARKER_RE2), False).to_numpy(zero_copy_only=False)
    assert want[: len(words)].sum() == len(words) - 1  # RE2's \s is ASCII: an ideographic space before 合计 is not
    assert _marked(col).tolist() == want.tolist()
