"""The history store: every `audit portal --store` / `audit sweep --store` run in one SQLite file.

SQLite from the standard library, not DuckDB: what history asks (one portal's
runs, two runs' datasets side by side) is small indexed lookups, not scans
over millions of rows where a column store pays off; SQLite lets several
sweeps write the same file (WAL, a busy timeout: a writer waits its turn),
while a DuckDB file takes one writing process at a time; and it costs no
dependency (DuckDB's wheel is tens of MB).

Concurrent writers: a run is recorded into TEMP tables as portals finish
(private to the connection, no lock on the file), then copied in one short
`BEGIN IMMEDIATE` transaction at the end, so a long sweep never holds the write
lock and a crash records nothing half. The schema is versioned
(`schema_version`) and moved forward by ordered migration steps, each in its
own transaction, re-checked under the lock so two processes opening an old
file migrate it once.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .. import __version__
from ..errors import UsageError
from ..model import PortalReport, Severity
from ..portal.labels import normalise_label

BUSY_TIMEOUT = 120.0  # seconds a writer waits for another's transaction

_V1 = """
CREATE TABLE runs (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, command TEXT NOT NULL,
                   tool_version TEXT NOT NULL);
CREATE TABLE portal_runs (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id), portal TEXT NOT NULL,
                          city TEXT, source TEXT, type TEXT, mode TEXT, as_of TEXT NOT NULL,
                          reachable INTEGER NOT NULL, head TEXT NOT NULL);
CREATE TABLE figures (portal_run_id INTEGER NOT NULL REFERENCES portal_runs(id), figure TEXT NOT NULL,
                      value REAL, text TEXT, PRIMARY KEY (portal_run_id, figure));
CREATE TABLE datasets (portal_run_id INTEGER NOT NULL REFERENCES portal_runs(id), dataset TEXT NOT NULL,
                       title TEXT, department TEXT, status TEXT NOT NULL, score REAL,
                       overdue INTEGER NOT NULL, exposed INTEGER NOT NULL);
CREATE TABLE findings (portal_run_id INTEGER NOT NULL REFERENCES portal_runs(id), dataset TEXT NOT NULL,
                       code TEXT NOT NULL, severity TEXT NOT NULL, count INTEGER NOT NULL);
CREATE INDEX portal_runs_by_portal ON portal_runs (portal, as_of);
CREATE INDEX datasets_by_run ON datasets (portal_run_id);
CREATE INDEX findings_by_run ON findings (portal_run_id, code);
"""


def _v2_departments(conn: sqlite3.Connection) -> None:
    """v2: the scorecard's department table per run, filled in for runs recorded before it existed."""
    conn.execute("""CREATE TABLE departments (portal_run_id INTEGER NOT NULL REFERENCES portal_runs(id),
                    department TEXT NOT NULL, datasets INTEGER NOT NULL, score REAL, overdue_share REAL,
                    missing_frequency_share REAL, PRIMARY KEY (portal_run_id, department))""")
    for run_id, head in conn.execute("SELECT id, head FROM portal_runs").fetchall():
        conn.executemany("INSERT INTO departments VALUES (?, ?, ?, ?, ?, ?)",
                         _department_rows(run_id, json.loads(head)))


def _v3_dataset_index(conn: sqlite3.Connection) -> None:
    """v3: find one dataset across runs quickly (a dataset's history)."""
    conn.execute("CREATE INDEX datasets_by_id ON datasets (dataset)")


def _v1_tables(conn: sqlite3.Connection) -> None:
    for statement in _V1.split(";"):
        if statement.strip():
            conn.execute(statement)


MIGRATIONS: list[tuple[int, Callable[[sqlite3.Connection], None]]] = [
    (1, _v1_tables),
    (2, _v2_departments),
    (3, _v3_dataset_index),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def _department_rows(portal_run_id: int, head: dict) -> list[tuple]:
    return [(portal_run_id, d["department"], d["datasets"], d.get("score"), d.get("overdue_share"),
             d.get("missing_frequency_share"))
            for d in (head.get("scorecard") or {}).get("department_scores") or []]


def schema_version(conn: sqlite3.Connection) -> int:
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'").fetchone():
        return 0
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    return row[0] if row else 0


def migrate(conn: sqlite3.Connection, upto: int = SCHEMA_VERSION) -> int:
    """Apply the steps after the file's version, up to `upto`, each in its own transaction."""
    for version, step in MIGRATIONS:
        if version > upto:
            break
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = schema_version(conn)
            if current > SCHEMA_VERSION:
                raise UsageError.of("err.history_newer", current=current, version=SCHEMA_VERSION)
            if current < version:
                step(conn)
                conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                conn.execute("DELETE FROM schema_version")
                conn.execute("INSERT INTO schema_version VALUES (?)", (version,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return schema_version(conn)


def connect(path: str, upto: int = SCHEMA_VERSION) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        migrate(conn, upto)
    except sqlite3.DatabaseError as exc:
        raise UsageError.of("err.history_not_store", path=path, reason=str(exc)) from None
    return conn


# -- what a report records -------------------------------------------------------------------
def dataset_key(source: str) -> tuple[str, str | None]:
    """(the catalogue's own id of the dataset, the distribution URL for a downloaded file)."""
    entry, _, url = source.partition(" <")
    return (entry.rsplit("#", 1)[-1] if "#" in entry else entry), (url.rstrip(">") or None)


def figures_of(head: dict) -> dict[str, Any]:
    """Every scalar scorecard figure (and the summary), by dotted name: what `audit history` follows."""
    card = head.get("scorecard") or {}
    out: dict[str, Any] = {f"summary.{k}": v for k, v in head["summary"].items() if k != "findings"}
    for block in ("overview", "shares", "counts", "updates", "download"):
        for key, value in (card.get(block) or {}).items():
            if value is None or isinstance(value, (int, float, str)):
                out[f"{block}.{key}"] = value
    out["mean_score"] = card.get("mean_score")
    return out


def _rows(report: PortalReport) -> tuple[list[tuple], list[tuple]]:
    """(dataset rows, finding rows): one row per catalogue entry; its files' findings count towards it."""
    datasets: dict[str, list] = {}
    findings: list[tuple] = []
    for result in report.datasets:
        key, url = dataset_key(result.source)
        exposed = any(f.pack == "sensitive" and f.severity >= Severity.ERROR for f in result.findings)
        if url is None or key not in datasets:
            meta = result.metadata or {}
            datasets.setdefault(key, [key, normalise_label(meta.get("title")), normalise_label(meta.get("publisher")),
                                      result.status, result.scores.get("overall"),
                                      int(any(f.code == "TM003" for f in result.findings)), 0])
        if exposed:
            datasets[key][6] = 1
        findings.extend((key, f.code, f.severity.label, f.count) for f in result.findings)
    return [tuple(row) for row in datasets.values()], findings


class Recorder:
    """Collects one run's portals in TEMP tables; `HistoryStore.recording` copies them in at the end."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.portals = 0

    def add(self, name: str, report: PortalReport) -> None:
        head = report.as_dict(with_datasets=False)
        portal = report.portal
        self.conn.execute("BEGIN")
        self.portals += 1
        local = self.portals
        self.conn.execute("INSERT INTO temp.new_portal_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (local, name, portal.get("city"), portal.get("source"), portal.get("type"),
                           portal.get("mode"), report.as_of, int(bool(portal.get("reachable"))),
                           json.dumps(head, ensure_ascii=False)))
        self.conn.executemany("INSERT INTO temp.new_figures VALUES (?, ?, ?, ?)",
                              [(local, k, v if isinstance(v, (int, float)) else None,
                                v if isinstance(v, str) else None) for k, v in figures_of(head).items()])
        datasets, findings = _rows(report)
        self.conn.executemany("INSERT INTO temp.new_datasets VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                              [(local, *row) for row in datasets])
        self.conn.executemany("INSERT INTO temp.new_findings VALUES (?, ?, ?, ?, ?)",
                              [(local, *row) for row in findings])
        self.conn.execute("COMMIT")  # of the TEMP tables only: the file itself is not locked


_TEMP = """
CREATE TEMP TABLE new_portal_runs (local INTEGER PRIMARY KEY, portal TEXT, city TEXT, source TEXT, type TEXT,
                                   mode TEXT, as_of TEXT, reachable INTEGER, head TEXT);
CREATE TEMP TABLE new_figures (local INTEGER, figure TEXT, value REAL, text TEXT);
CREATE TEMP TABLE new_datasets (local INTEGER, dataset TEXT, title TEXT, department TEXT, status TEXT, score REAL,
                                overdue INTEGER, exposed INTEGER);
CREATE TEMP TABLE new_findings (local INTEGER, dataset TEXT, code TEXT, severity TEXT, count INTEGER)
"""


class HistoryStore:
    def __init__(self, path: str):
        self.path = path
        self.conn = connect(path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def recording(self, command: str) -> Iterator[Recorder]:
        """A run: portals added inside the block are written together when it ends without error."""
        for statement in _TEMP.split(";"):
            self.conn.execute(statement)
        recorder = Recorder(self.conn)
        try:
            yield recorder
            if recorder.portals:
                self._commit(command)
        finally:
            for table in ("new_portal_runs", "new_figures", "new_datasets", "new_findings"):
                self.conn.execute(f"DROP TABLE temp.{table}")

    def _commit(self, command: str) -> None:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            run_id = conn.execute("INSERT INTO runs (started_at, command, tool_version) VALUES (?, ?, ?)",
                                  (started, command, __version__)).lastrowid
            for local, *row in conn.execute("SELECT * FROM temp.new_portal_runs ORDER BY local").fetchall():
                pid = conn.execute("INSERT INTO portal_runs (run_id, portal, city, source, type, mode, as_of, "
                                   "reachable, head) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (run_id, *row)).lastrowid
                assert pid is not None
                for table, columns in (("figures", "figure, value, text"),
                                       ("datasets", "dataset, title, department, status, score, overdue, exposed"),
                                       ("findings", "dataset, code, severity, count")):
                    conn.execute(f"INSERT INTO {table} SELECT ?, {columns} FROM temp.new_{table} WHERE local = ?",
                                 (pid, local))
                conn.executemany("INSERT INTO departments VALUES (?, ?, ?, ?, ?, ?)",
                                 _department_rows(pid, json.loads(row[-1])))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        self.last_run = run_id

    # -- reading -------------------------------------------------------------------------------
    def portal_runs(self, portal: str | None = None, runs: list[int] | None = None) -> list[sqlite3.Row]:
        """Portal runs oldest first; `portal` matches the recorded name or the city."""
        self.conn.row_factory = sqlite3.Row
        query, args = "SELECT * FROM portal_runs", list[Any]()
        clauses = []
        if portal:
            clauses.append("(portal = ? OR city = ?)")
            args += [portal, portal]
        if runs:
            clauses.append(f"run_id IN ({', '.join('?' * len(runs))})")
            args += runs
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        rows = self.conn.execute(query + " ORDER BY as_of, id", args).fetchall()
        self.conn.row_factory = None
        return rows

    def figures(self, portal_run_id: int) -> dict[str, Any]:
        return {f: (v if t is None else t) for f, v, t in
                self.conn.execute("SELECT figure, value, text FROM figures WHERE portal_run_id = ? ORDER BY figure",
                                  (portal_run_id,))}

    def datasets(self, portal_run_id: int) -> dict[str, dict]:
        rows = self.conn.execute("SELECT dataset, title, department, status, score, overdue, exposed FROM datasets "
                                 "WHERE portal_run_id = ?", (portal_run_id,))
        return {r[0]: {"title": r[1], "department": r[2], "status": r[3], "score": r[4], "overdue": bool(r[5]),
                       "exposed": bool(r[6])} for r in rows}


def record_report(path: str, city: str | None, source: str | None, report: PortalReport) -> None:
    """`audit portal --store`: the report as a run of its own."""
    from ..portal.locate import portal_name

    with HistoryStore(path) as store, store.recording("portal") as recorder:
        recorder.add(portal_name(city, source), report)
