"""Untrusted text is text: file names, sheet names, labels and values come from the
publisher's files, so no renderer may let them act as markup or terminal codes (issue 12).

An ANSI escape in a column label can recolour or clear a CI log, an OSC 8 sequence
plants a hyperlink, a right-to-left override (U+202E) makes `txt.exe` read as
`exe.txt`, a NUL or a bell byte garbles the terminal. `printable` shows each such
character as a visible escape (`\\x1b`, `\\u202e`) instead; every renderer calls it
before its own escaping (rich markup off, HTML, Markdown, XML, GitHub commands).
"""
from __future__ import annotations

import re

# C0 and C1 controls (tab and newline kept where asked), DEL, and the invisible format
# characters that reorder or hide text: bidi embeddings, overrides and isolates, zero-width
# marks, line/paragraph separators, the BOM and the interlinear annotation marks.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e"
                     "\u2060-\u2069\ufeff\ufff9-\ufffb]")
_UNSAFE_LINES = re.compile("[\x09\x0a]|" + _UNSAFE.pattern)


def _visible(m: re.Match) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text, keep_lines: bool = False) -> str:
    """`text` with every control and invisible format character shown as an escape.
    `keep_lines` keeps tabs and newlines (multi-line messages such as a --debug traceback)."""
    text = str(text)
    pattern = _UNSAFE if keep_lines else _UNSAFE_LINES
    return pattern.sub(_visible, text) if pattern.search(text) else text
