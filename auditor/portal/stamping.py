"""Where a catalogue's last-update times crowd: the windows behind TM009 (bulk re-stamping).

The scorecard counts datasets per minute of their modified time as it streams;
at the end the densest windows of at most `window` minutes are picked, each
holding at least a share of the dated datasets. Memory is one counter per
distinct minute, whatever the catalogue size.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StampWindow:
    start: str  # first minute in the window, 'YYYY-MM-DDTHH:MM' (profile timezone)
    end: str
    datasets: int
    departments: int
    share: float  # of the datasets with a modified time

    @property
    def minutes(self) -> int:
        from datetime import datetime

        return int((datetime.fromisoformat(self.end) - datetime.fromisoformat(self.start)).total_seconds() // 60) + 1

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "minutes": self.minutes, "datasets": self.datasets,
                "departments": self.departments, "share": self.share}


def stamp_windows(minutes: dict[str, tuple[int, frozenset]], timed: int, window: int, min_share: float,
                  min_datasets: int, most: int = 10) -> list[StampWindow]:
    """The densest windows of at most `window` minutes holding at least `min_share` of the `timed`
    datasets (and `min_datasets`), densest first, none overlapping.

    `minutes` maps 'YYYY-MM-DDTHH:MM' to (datasets stamped in that minute, their departments)."""
    from datetime import datetime, timedelta

    if not timed or not minutes:
        return []
    keys = sorted(minutes)
    moments = [datetime.fromisoformat(k) for k in keys]
    free = [True] * len(keys)
    found: list[StampWindow] = []
    span = timedelta(minutes=max(0, window - 1))
    while len(found) < most:
        best, best_range, lo, total = 0, None, 0, 0
        for hi in range(len(keys)):
            total += minutes[keys[hi]][0] if free[hi] else 0
            while moments[hi] - moments[lo] > span:
                total -= minutes[keys[lo]][0] if free[lo] else 0
                lo += 1
            if total > best:
                best, best_range = total, (lo, hi)
        if best_range is None or best < max(min_datasets, min_share * timed):
            break
        lo, hi = best_range
        used = [i for i in range(lo, hi + 1) if free[i]]
        departments = frozenset().union(*(minutes[keys[i]][1] for i in used))
        found.append(StampWindow(keys[used[0]], keys[used[-1]], best, len(departments), round(best / timed, 4)))
        for i in used:
            free[i] = False
    return found
