"""What `audit history` says: each scorecard figure across runs, and what changed since the run before.

Changes compare a portal's last two runs dataset by dataset (by the
catalogue's own id): newly overdue, no longer overdue, newly failing, fixed,
newly exposing personal data (download mode), added and removed; then the
departments whose counts moved most.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from ..errors import UsageError
from .store import HistoryStore, schema_version

LISTED = 10  # datasets listed per kind of change, departments ranked

_KINDS = (
    ("newly_overdue", lambda b, a: a["overdue"] and not b["overdue"]),
    ("no_longer_overdue", lambda b, a: b["overdue"] and not a["overdue"]),
    ("newly_failing", lambda b, a: b["status"] == "pass" and a["status"] != "pass"),
    ("fixed", lambda b, a: b["status"] != "pass" and a["status"] == "pass"),
    ("newly_exposing_personal_data", lambda b, a: a["exposed"] and not b["exposed"]),
    ("no_longer_exposing_personal_data", lambda b, a: b["exposed"] and not a["exposed"]),
)


def _listed(keys: list[str], datasets: dict[str, dict]) -> dict:
    ordered = sorted(keys, key=lambda k: (datasets[k]["department"] or "", k))
    return {"count": len(keys), "datasets": [{"dataset": k, "title": datasets[k]["title"],
                                              "department": datasets[k]["department"]} for k in ordered[:LISTED]]}


def _department_counts(datasets: dict[str, dict]) -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    for d in datasets.values():
        c = out.setdefault(d["department"] or "", Counter())
        c["datasets"] += 1
        c["overdue"] += d["overdue"]
        c["failing"] += d["status"] != "pass"
        c["exposed"] += d["exposed"]
    return out


def changes(before: dict[str, dict], after: dict[str, dict]) -> dict[str, Any]:
    common = sorted(before.keys() & after.keys())
    out: dict[str, Any] = {}
    for kind, changed in _KINDS:
        keys = [k for k in common if changed(before[k], after[k])]
        if kind == "newly_exposing_personal_data":
            keys += [k for k in after.keys() - before.keys() if after[k]["exposed"]]
        out[kind] = _listed(keys, after if kind != "no_longer_exposing_personal_data" else before)
    out["added"] = _listed(sorted(after.keys() - before.keys()), after)
    out["removed"] = _listed(sorted(before.keys() - after.keys()), before)
    b, a = _department_counts(before), _department_counts(after)
    moved = []
    for name in sorted(b.keys() | a.keys()):
        was, now = b.get(name, Counter()), a.get(name, Counter())
        delta = {k: now[k] - was[k] for k in ("datasets", "overdue", "failing", "exposed")}
        weight = abs(delta["overdue"]) + abs(delta["failing"]) + abs(delta["exposed"]) + abs(delta["datasets"])
        if weight:
            moved.append((weight, name, {"department": name or None, "before": dict(was), "after": dict(now),
                                         "change": delta}))
    moved.sort(key=lambda item: (-item[0], item[1]))
    out["departments"] = [record for _, _, record in moved[:LISTED]]
    return out


def history(store: HistoryStore, portal: str | None = None) -> dict[str, Any]:
    """The history document (JSON-ready) of every portal in the store, or of one portal or city."""
    rows = store.portal_runs(portal)
    if not rows:
        raise (UsageError.of("err.history_empty_portal", path=store.path, portal=portal) if portal
               else UsageError.of("err.history_empty", path=store.path))
    grouped: dict[str, list] = {}
    for row in rows:
        grouped.setdefault(row["portal"], []).append(row)
    portals = []
    for name, runs in sorted(grouped.items()):
        figures = [store.figures(r["id"]) for r in runs]
        names: list[str] = []
        for fig in figures:
            names += [f for f in fig if f not in names]
        entry: dict[str, Any] = {
            "portal": name, "city": runs[-1]["city"], "source": runs[-1]["source"],
            "runs": [{"run": r["run_id"], "as_of": r["as_of"], "mode": r["mode"], "reachable": bool(r["reachable"])}
                     for r in runs],
            "figures": [{"figure": f, "values": [fig.get(f) for fig in figures]} for f in names
                        if any(fig.get(f) is not None for fig in figures)],
        }
        if len(runs) > 1:
            entry["changes"] = {"from": runs[-2]["as_of"], "to": runs[-1]["as_of"],
                                **changes(store.datasets(runs[-2]["id"]), store.datasets(runs[-1]["id"]))}
        portals.append(entry)
    return {"store": store.path, "schema_version": schema_version(store.conn), "portals": portals}


def stored_reports(store: HistoryStore, portal: str | None = None, runs: list[int] | None = None
                   ) -> list[tuple[str, dict]]:
    """(label, report head) for `audit compare`: the given runs' portals, else each portal's latest run."""
    import json

    rows = store.portal_runs(portal, runs)
    if not runs:
        latest = {row["portal"]: row for row in rows}
        rows = [latest[name] for name in sorted(latest)]
    if not rows:
        raise UsageError.of("err.history_no_runs", path=store.path)
    return [(f"{row['portal']} (run {row['run_id']}, {row['as_of']})", json.loads(row["head"])) for row in rows]
