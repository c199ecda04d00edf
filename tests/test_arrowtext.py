"""The byte-level views of string arrays agree with a per-cell look, sliced and null cells included."""
import numpy as np
import pyarrow as pa
import pytest

from auditor.arrowtext import cells_with_byte, has_any_byte, offsets

CELLS = ["a", None, "b\nc", "", "d\re", "海淀", None, "x\n"]


def _expected(cells, needles):
    return [i for i, c in enumerate(cells) if c is not None and any(chr(b) in c for b in needles)]


def test_cells_with_byte_matches_a_per_cell_look_on_slices():
    arr = pa.array(CELLS, type=pa.string())
    for start in range(len(CELLS)):
        for stop in range(start, len(CELLS) + 1):
            part = arr.slice(start, stop - start)
            want = _expected(CELLS[start:stop], b"\n\r")
            assert cells_with_byte(part, b"\n\r").tolist() == want
            assert has_any_byte(part, b"\n\r") is bool(want)


def test_large_strings_and_empty_arrays():
    arr = pa.array(CELLS, type=pa.large_string())
    assert offsets(arr).dtype == np.int64
    assert cells_with_byte(arr, b"\n").tolist() == [2, 7]
    empty = pa.array([], type=pa.string())
    assert not has_any_byte(empty, b"\n")
    assert cells_with_byte(empty, b"\n").tolist() == []
    nulls = pa.array([None, None], type=pa.string())
    assert not has_any_byte(nulls, b"\n")
    assert cells_with_byte(nulls, b"\n").tolist() == []


SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000"
LETTERS = "a1海淀〇、\u2010\u2030\u3001\xa9"  # look-alike bytes: E2 80 90, E2 80 B0, E3 80 81, C2 A9


def test_may_be_padded_never_misses_a_cell_str_strip_would_change():
    import random

    from auditor.arrowtext import may_be_padded

    rng = random.Random(7)
    cells = ["".join(rng.choice(SPACES + LETTERS * 3) for _ in range(rng.randint(0, 4))) for _ in range(5000)]
    cells += [s + c for s in ("", "x", "海") for c in SPACES] + [c + "x" for c in SPACES] + [None]
    arr = pa.array(cells, type=pa.string())
    got = may_be_padded(arr)
    want = np.array([c is not None and c != c.strip() for c in cells])
    assert not (want & ~got).any()
    # and it is a prefilter, not a pass-everything: plain cells are not candidates
    plain = np.array([c is not None and c != "" and c == c.strip() and c[0] in "a1海淀" and c[-1] in "a1海淀"
                      for c in cells])
    assert not (got & plain).any()
    assert may_be_padded(arr.slice(100, 50)).tolist() == got[100:150].tolist()


def test_utf8_check_agrees_with_strict_decoding_at_every_chunk_boundary(tmp_path):
    import random

    from auditor.loaders.encoding import _valid_utf8

    rng = random.Random(3)
    alphabet = ["a", "\n", "海", "é", "\U0001f600", "\u3000"]
    for trial in range(300):
        data = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))).encode()
        if trial % 2:  # damage it: a stray byte, a cut character, an overlong form or a surrogate
            at = rng.randint(0, len(data))
            data = data[:at] + rng.choice([b"\xff", b"\xe6\xb5", b"\xc0\xaf", b"\xed\xa0\x80", b"\x80"]) + data[at:]
        path = tmp_path / f"{trial}.csv"
        path.write_bytes(data)
        try:
            data.decode("utf-8")
            want = True
        except UnicodeDecodeError:
            want = False
        for chunk in (1, 2, 3, 5, 1 << 20):
            assert _valid_utf8(str(path), chunk) is want, (data, chunk)


def test_longest_line_with_a_floor_is_exact_above_it(tmp_path):
    import random

    from auditor.loaders.delimited import longest_line

    rng = random.Random(5)
    for trial in range(40):
        lines = [b"x" * rng.choice([0, 3, 50, 700, 5000, 40000]) for _ in range(rng.randint(1, 400))]
        data = b"\n".join(lines) + rng.choice([b"", b"\n", b"tail"])
        path = tmp_path / f"{trial}.csv"
        path.write_bytes(data)
        exact = longest_line(str(path), 1 << 40)
        parts = data.split(b"\n")
        assert exact == max([len(p) + 1 for p in parts[:-1]] + [len(parts[-1])])
        for floor in (64, 1000, 10000):
            got = longest_line(str(path), 1 << 40, floor=floor)
            assert got == exact if exact > floor else got <= floor


def test_first_chars_and_filled_agree_with_python():
    from auditor.arrowtext import FirstChars, filled

    cells = ["合计", "a", "", None, "é1", "\U0001f600x", " 注", "注：", "x", "合", "b"] * 3
    arr = pa.array(cells, type=pa.string()).slice(2, 25)
    part = cells[2:27]
    got = FirstChars("合a\U0001f600").may_start(arr).tolist()
    assert [g for g, c in zip(got, part, strict=True) if c and c[0] in "合a\U0001f600"] == [True] * 8
    assert not any(g for g, c in zip(got, part, strict=True) if not c or c[0] in "xb注 é")
    assert filled(arr).tolist() == [bool(c) for c in part]


def test_ascii_only_and_cells_holding_agree_with_python():
    from auditor.arrowtext import ascii_only, cells_holding

    cells = ["abc", "", None, "海", "a*b", "é", "", "*", "x"]
    for start in range(len(cells)):
        arr = pa.array(cells, type=pa.string()).slice(start)
        part = cells[start:]
        assert ascii_only(arr).tolist() == [c is None or c.isascii() for c in part]
        assert cells_holding(arr, ord("*")).tolist() == [c is not None and "*" in c for c in part]


def test_value_and_row_hashes_tell_values_apart_and_match_equal_ones():
    import random

    from auditor.arrowtext import row_hashes, value_hashes

    rng = random.Random(9)
    cells = ["".join(rng.choice("ab海1 ") for _ in range(rng.randint(0, 150))) for _ in range(5000)] + [None, ""]
    h = value_hashes(pa.array(cells, type=pa.string()))
    by_value: dict = {}
    for value, x in zip(cells, h.tolist(), strict=True):
        by_value.setdefault(value, set()).add(x)
    assert all(len(xs) == 1 for xs in by_value.values())  # equal values, one hash (long cells too)
    assert len(set(h.tolist())) == len(by_value)  # different values, different hashes
    assert value_hashes(pa.array(cells[7:300])).tolist() == h[7:300].tolist()  # wherever they sit in a buffer

    left = [pa.array(["ab", "a", None, "", "x"]), pa.array(["c", "bc", "", None, "y"])]
    rows = row_hashes(left).tolist()
    assert len(set(rows)) == 5  # a cell boundary moved, or a null swapped with an empty cell: another row
    again = row_hashes([pa.array(["q", "ab", "x"]).slice(1), pa.array(["c", "y"])]).tolist()
    assert again == [rows[0], rows[4]]


def test_value_set_equals_is_in():
    import random

    import pyarrow.compute as pc

    from auditor.arrowtext import ValueSet
    from auditor.tablestats import DEFAULT_PLACEHOLDERS, SENTINEL_TOKENS

    rng = random.Random(4)
    tokens = sorted(DEFAULT_PLACEHOLDERS | SENTINEL_TOKENS) + ["", " "]
    pool = tokens + ["无人", "N/", "-1", "2026-01-08", "1900-01-02", "海淀", "x", None]
    cells = [rng.choice(pool) for _ in range(3000)]
    for values in (tokens, [t for t in tokens if t.strip()], ["", " ", "\t"]):
        value_set = pa.array(values, type=pa.string())
        arr = pa.array(cells, type=pa.string()).slice(3)
        want = pc.fill_null(pc.is_in(arr, value_set=value_set), False).to_numpy(zero_copy_only=False)
        assert ValueSet(value_set).among(arr).tolist() == want.tolist()


def test_may_be_blank_never_misses_an_empty_or_white_space_cell():
    import random

    from auditor.arrowtext import may_be_blank

    rng = random.Random(13)
    cells = ["".join(rng.choice(SPACES + LETTERS) for _ in range(rng.randint(0, 3))) for _ in range(3000)] + [None]
    arr = pa.array(cells, type=pa.string()).slice(1)
    got = may_be_blank(arr)
    want = np.array([c is None or not c.strip() for c in cells[1:]])
    assert not (want & ~got).any()
    assert not (got & np.array([c is not None and c != "" and c[0] in "a1海淀" for c in cells[1:]])).any()


def test_row_hashes_from_distinct_values_equal_the_cell_by_cell_ones():
    from auditor.arrowtext import RepeatedValues, row_hashes

    cells = [["海淀", "朝阳", None, "", "海淀"] * 40, [str(i % 7) for i in range(200)]]
    columns = [pa.array(c, type=pa.string()) for c in cells]
    distinct = [RepeatedValues().encode(i, c) for i, c in enumerate(columns)]
    assert all(d is not None for d in distinct)
    assert row_hashes(columns, distinct).tolist() == row_hashes(columns).tolist()
    assert row_hashes(columns, [None, distinct[1]]).tolist() == row_hashes(columns).tolist()


def test_numpy_positions_and_masks_reach_arrow_as_pa_array_would_make_them():
    from auditor.arrowtext import arrow_fixed_text, arrow_indices, arrow_mask

    col = pa.array([f"v{k}" for k in range(70)] + [None])
    rng = np.random.default_rng(3)
    for _ in range(20):
        chosen = rng.random(len(col)) < rng.random()
        assert arrow_mask(chosen).to_pylist() == pa.array(chosen).to_pylist()
        assert col.filter(arrow_mask(chosen)).to_pylist() == col.filter(pa.array(chosen)).to_pylist()
        at = np.flatnonzero(chosen)[::-1].astype(np.int32)  # any integer type, any order, a strided view
        assert col.take(arrow_indices(at[::2])).to_pylist() == col.take(pa.array(at[::2])).to_pylist()
    assert len(arrow_mask(np.zeros(0, bool))) == 0 and len(arrow_indices(np.zeros(0, np.int64))) == 0
    digits = np.frombuffer(b"13800138000" b"02088886666" b"99999999999", np.uint8).reshape(3, 11)
    assert arrow_fixed_text(digits).to_pylist() == ["13800138000", "02088886666", "99999999999"]
    assert arrow_fixed_text(digits[[0, 2], 1:]).to_pylist() == ["3800138000", "9999999999"]


def test_an_audit_never_imports_numpy_ma(tmp_path):
    """numpy.ma costs 20 ms to import and nothing here needs it: numpy arrays reach Arrow through
    arrow_indices and arrow_mask, never pa.array(ndarray), which imports it to ask."""
    import subprocess
    import sys

    from conftest import write_workbook

    rows = [["姓名", "身份证号", "手机", "金额", "日期"]]
    rows += [[f"王{k}*", f"110105********{k:04d}", f"1380013{k:04d}", k * 1.5, "2026-11-01"] for k in range(300)]
    book = write_workbook(tmp_path / "w.xlsx", rows)
    table = tmp_path / "t.csv"
    table.write_text("\n".join(",".join(str(v) for v in r) for r in rows) + "\n合计,,,,\n", encoding="utf-8")
    code = ("import sys\nfrom auditor.cli import main\ntry:\n    main(['check', *sys.argv[1:], '--as-of', '2026-11-28',"
            " '--format', 'json', '-o', '/dev/null', '--fail-on', 'never'])\nexcept SystemExit:\n    pass\n"
            "print('numpy.ma' in sys.modules, 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(book), str(table)], capture_output=True, text=True)
    assert out.stdout.split()[-2:] == ["False", "True"], out.stderr[-800:]


def test_arrow_strings_gives_pa_array_s_array_whatever_the_values():
    """Joined and cut, or handed to pa.array: the same array (values, nulls, offsets) as
    pa.array's, for text in every script and width, empty values, and the values it declines."""
    import random

    from auditor.arrowtext import arrow_strings

    rng = random.Random(3)
    alphabet = ["a", "Z", "9", " ", "\t", "\n", "通州区", "*", "é", "ß", "😀", "\u3000", "\ufeff", ""]
    for _ in range(200):
        values = tuple("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
                       for _ in range(rng.randint(0, 60)))
        built = arrow_strings(values)
        assert built.equals(pa.array(values, type=pa.string())) and built.type == pa.string()
        assert built.null_count == 0 and built.to_pylist() == list(values)
    for odd in (["a", None, "b"], ["a\x00b", "c"], []):
        assert arrow_strings(odd).equals(pa.array(odd, type=pa.string()))
    with pytest.raises(pa.ArrowTypeError):  # as pa.array refuses it
        arrow_strings(["x", 3])
