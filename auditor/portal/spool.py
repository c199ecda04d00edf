"""Results on disk, not in memory: a JSON Lines spool, and the portal's datasets read back from it.

A 50,000-dataset portal report held as DatasetResults (and then as one JSON
string) peaked over a gigabyte. Instead each result is written to a spool as
soon as it is judged, the summary is counted as it goes, and renderers read the
spool back one record at a time.

The interface is small on purpose (the `sweep` command reuses it for its tasks):

    spool = Spool.open()            # a new spool in a private temporary folder (or Spool.open(path))
    spool.append({"any": "JSON"})   # one record per line, flushed when the spool is read
    for record in spool: ...        # every record, in order; iterations may nest or repeat
    Spool.merge([a, b], path=None)  # one spool holding a's records, then b's
    spool.close()                   # delete it (also done when the object is collected)

`DatasetSpool` adds what a report needs: `append_result(DatasetResult)`, iteration
as DatasetResults (rebuilt from the records), `records()` as the stored dicts, and
a running `summary()`.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from ..model import DatasetResult

S = TypeVar("S", bound="Spool")


def _remove(folder: str | None, path: str, handle) -> None:
    handle.close()
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


class Spool:
    """Records as JSON Lines in one file, appended in order and read back lazily."""

    def __init__(self, path: str, folder: str | None = None):
        self.path = path
        self._out = open(path, "a", encoding="utf-8")
        self._count = 0
        self._finalizer = weakref.finalize(self, _remove, folder, path, self._out)

    @classmethod
    def open(cls: type[S], path: str | None = None) -> S:
        if path:
            return cls(path)
        folder = tempfile.mkdtemp(prefix="audit-spool-")
        return cls(os.path.join(folder, "spool.jsonl"), folder=folder)

    def append(self, record: Any) -> None:
        self._out.write(json.dumps(record, ensure_ascii=False, default=str))
        self._out.write("\n")
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[Any]:
        self._out.flush()
        with open(self.path, encoding="utf-8") as fh:
            for line in islice(fh, self._count):  # records appended after this iteration began are not read
                yield json.loads(line)

    @classmethod
    def merge(cls, spools: Iterable[Spool], path: str | None = None) -> Spool:
        merged = cls.open(path)
        for spool in spools:
            for record in spool:
                merged.append(record)
        return merged

    def close(self) -> None:
        self._finalizer()


def result_from_record(d: dict) -> DatasetResult:
    """A DatasetResult rebuilt from its `as_dict()` record (the model's own inverse)."""
    return DatasetResult.from_dict(d)


class DatasetSpool(Spool):
    """A report's datasets on disk, with the counts the report's summary needs kept as they arrive."""

    def __init__(self, path: str, folder: str | None = None):
        super().__init__(path, folder)
        self.statuses: Counter = Counter()
        self.severities: Counter = Counter({"error": 0, "warning": 0, "info": 0})
        self.codes: Counter = Counter()  # datasets with each finding code
        self.rule_names: dict[str, str] = {}
        self.tool_errors = 0

    def append_result(self, result: DatasetResult) -> None:
        self.statuses[result.status] += 1
        for key, n in result.counts().items():
            self.severities[key] += n
        self.codes.update({f.code for f in result.findings})
        self.rule_names.update({f.code: f.rule for f in result.findings})
        self.tool_errors += len(result.errors)
        self.append(result.as_dict())

    def records(self) -> Iterator[dict]:
        return super().__iter__()

    def __iter__(self) -> Iterator[DatasetResult]:  # type: ignore[override]
        for record in self.records():
            yield result_from_record(record)

    def summary(self) -> dict:
        return {"datasets": len(self), "passed": self.statuses["pass"], "failed": self.statuses["fail"],
                "errored": self.statuses["error"], "findings": dict(self.severities)}
