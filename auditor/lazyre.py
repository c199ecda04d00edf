"""Regular expressions compiled when first used.

Python compiles every pattern anew in each process, and the auditor's large ones (the sensitive
detectors, Chinese names, frequency words, row kinds) took about 35 ms of each run's start,
while most files need few of them: an audit of a workbook whose IDs and phones are masked uses
none of the detectors' patterns. `compile` gives an object that compiles on its first use and
from then on hands out the compiled pattern's own methods.
"""
from __future__ import annotations

import re
from typing import Any, AnyStr, cast


class _Lazy:
    def __init__(self, pattern: str | bytes, flags: int):
        self.pattern, self._flags = pattern, flags

    def __getattr__(self, name: str) -> Any:  # only for what is not set yet: the first use of each method
        if name.startswith("__") or name in ("pattern", "_flags"):
            raise AttributeError(name)  # copy and pickle probe dunders on an empty instance
        value = getattr(re.compile(self.pattern, self._flags), name)
        setattr(self, name, value)  # the bound method itself: later calls skip this lookup
        return value

    def __reduce__(self):
        return (_Lazy, (self.pattern, self._flags))

    def __repr__(self) -> str:
        return f"lazyre.compile({self.pattern!r})"


def compile(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """re.compile(pattern, flags), compiled when a method (search, sub, ...) is first used."""
    return cast("re.Pattern[AnyStr]", _Lazy(pattern, flags))
