"""The parts a sweep's tasks write: one JSON Lines file per task, and a marker once it is complete.

A task appends one line per record (a judged entry, a catalogue part that could
not be read) to `KEY.jsonl.part`; when it ends it renames the file to
`KEY.jsonl` and writes `KEY.done.json` (its summary) last, so the marker's
presence means the part is whole: a rerun skips those tasks and a killed task
leaves only a `.part` that is written again. Lines hold what the report holds
(dataset results as `as_dict()`), never more: a contact field is kept only as
"present", so the spool is no leak (DESIGN §6).
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any


def _dump(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


class SpoolPart:
    """One task's part: append records, then `commit(summary)`."""

    def __init__(self, folder: str, key: str):
        os.makedirs(folder, exist_ok=True)
        self.path = os.path.join(folder, f"{key}.jsonl")
        self.marker = os.path.join(folder, f"{key}.done.json")
        self._fh = open(self.path + ".part", "w", encoding="utf-8")
        self.records = 0

    def append(self, record: dict) -> None:
        self._fh.write(_dump(record) + "\n")
        self.records += 1

    def commit(self, summary: dict) -> None:
        self._fh.close()
        os.replace(self.path + ".part", self.path)
        tmp = self.marker + ".part"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(_dump({**summary, "records": self.records}))
        os.replace(tmp, self.marker)

    def abandon(self) -> None:
        self._fh.close()


def part_paths(folder: str, key: str) -> tuple[str, str]:
    """(the part's lines, its completion marker)."""
    return os.path.join(folder, f"{key}.jsonl"), os.path.join(folder, f"{key}.done.json")


def done_summary(folder: str, key: str) -> dict | None:
    """The summary of a task that completed, else None."""
    _, marker = part_paths(folder, key)
    try:
        with open(marker, encoding="utf-8") as fh:
            return json.load(fh)
    except (FileNotFoundError, ValueError):
        return None


def read_part(folder: str, key: str) -> Iterator[dict]:
    path, _ = part_paths(folder, key)
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


class LineCounter:
    """Records each task has written so far (running or done), reading every byte once: the progress bars."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[int, int]] = {}  # part path -> (bytes read, lines)

    def count(self, folder: str, key: str) -> int:
        path, _ = part_paths(folder, key)
        offset, lines = self._seen.get(path, (0, 0))
        for candidate in (path + ".part", path):
            try:
                with open(candidate, "rb") as fh:
                    fh.seek(offset)
                    for chunk in iter(lambda: fh.read(1 << 20), b""):
                        offset += len(chunk)
                        lines += chunk.count(b"\n")
                break
            except FileNotFoundError:
                continue
        self._seen[path] = (offset, lines)
        return lines
