"""auditor.lazyre: patterns compiled on first use behave as re's own."""
from __future__ import annotations

import copy
import pickle
import re

from auditor import lazyre


def test_a_lazy_pattern_compiles_on_first_use_and_answers_as_re_does():
    text = "call 010-65529988 or 13812345678, 2026-11-30"
    lazy = lazyre.compile(r"(?P<digits>\d{3,})", re.ASCII)
    eager = re.compile(r"(?P<digits>\d{3,})", re.ASCII)
    assert "findall" not in vars(lazy) and lazy.pattern == eager.pattern  # nothing compiled yet
    assert lazy.findall(text) == eager.findall(text) == ["010", "65529988", "13812345678", "2026"]
    assert "findall" in vars(lazy), "the compiled pattern's method is kept for later calls"
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert lazy.sub("#", text) == eager.sub("#", text)
    assert lazy.search(text)["digits"] == "010" and lazy.fullmatch("12a") is None
    assert lazy.groupindex == {"digits": 1} and lazy.groups == 1


def test_a_lazy_pattern_survives_copy_and_pickle_before_and_after_use():
    lazy = lazyre.compile(rb"<row r=\"(\d+)\"")
    for _ in range(2):
        for twin in (copy.deepcopy(lazy), pickle.loads(pickle.dumps(lazy))):
            assert twin.findall(b'<row r="7"><row r="12">') == [b"7", b"12"]
        lazy.search(b"")  # the second round copies a used one
