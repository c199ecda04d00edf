"""JSON documents written in pieces, with the long lists streamed in.

A report format that is one JSON document (the JSON report, SARIF) holds a few
lists that grow with the portal (datasets, results). The document is dumped
once with a slot where each such list goes; the text is split at the slots and
each list is written one item at a time, indented as `json.dumps(indent=2)`
would have indented it. The bytes are exactly those of dumping the whole
document, without the whole document (or its dicts) ever being in memory.

    doc = {"head": 1, "items": slots.mark("items")}
    for piece in dump_streaming(doc, slots, {"items": iter_items()}): out.write(piece)
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


class Slots:
    """Placeholders for streamed lists, unique to one rendering (so no text in the report can look like one)."""

    def __init__(self):
        self._nonce = os.urandom(6).hex()
        self._pattern = re.compile(r'"\\u0000' + self._nonce + r'(\w+)\\u0000"')

    def mark(self, name: str) -> str:
        return f"\x00{self._nonce}{name}\x00"

    def split(self, text: str) -> Iterator[tuple[str, str | None, int]]:
        """(text before, slot name or None at the end, indent of the slot's line)."""
        pos = 0
        for m in self._pattern.finditer(text):
            line = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
            yield text[pos:m.start()], m.group(1), len(line) - len(line.lstrip(" "))
            pos = m.end()
        yield text[pos:], None, 0


def _items(items: Iterable, indent: int) -> Iterator[str]:
    pad = " " * (indent + 2)
    empty = True
    for item in items:
        yield ("[\n" if empty else ",\n") + pad + dumps(item).replace("\n", "\n" + pad)
        empty = False
    yield "[]" if empty else "\n" + " " * indent + "]"


def dump_streaming(doc, slots: Slots, streams: Mapping[str, Iterable]) -> Iterator[str]:
    """The text of `dumps(doc)` with every slot replaced by its streamed list, in pieces."""
    for before, name, indent in slots.split(dumps(doc)):
        yield before
        if name is not None:
            yield from _items(streams[name], indent)
