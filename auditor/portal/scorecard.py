"""The portal scorecard: the seed study's tables, computed, plus the shares nobody computes together.

Built as the audit streams (one `add` per judged entry): counters and sums
only, so memory does not grow with the raw catalogue. Tables mirrored:

- 表1 overview: datasets, data volume where known, domains (themes),
  departments, datasets offering an API;
- 表3 updates: the latest update and the update plans (frequencies) in use;
- 表5 formats offered, with the number of datasets offering each;
- 表7 the departments publishing most and least, and the most downloaded dataset.

Then: machine-readable and non-proprietary distributions (data.europa.eu MQA's
lists), openness stars (ckanext-qa), overdue against the declared frequency (of
datasets with a periodic one, TM003), missing frequency and licence, and in
download mode sensitive-data exposures and broken links; a score per
department. Labels are normalised (whitespace, full-width forms) before counting.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from typing import Any
from zoneinfo import ZoneInfo

from .. import formats
from ..dates import parse_local
from ..metadata.formats import distribution_format
from ..metadata.model import declared
from ..model import Severity
from .departments import MISSING, REATTRIBUTED, UNATTRIBUTED, DepartmentRules
from .entry import Failure
from .figures import bulk_stamp_findings, figure_sources, not_published
from .judge import Judged
from .labels import format_row, frequency_row, normalise_label, split_labels

# data.europa.eu MQA's lists (anchors §1.5), kept in the format registry.
MACHINE_READABLE = formats.MACHINE_READABLE
NON_PROPRIETARY = formats.NON_PROPRIETARY
TOP = 5


def _stamp_iso(stamp, timezone: str) -> str:
    """A parsed modified date as the timeliness facts write it: a timestamp in the portal's zone, or a day."""
    if stamp is None or stamp.unit not in ("time", "day"):
        return ""
    if stamp.unit == "day":
        return stamp.start.date().isoformat()
    return stamp.start.replace(microsecond=0, tzinfo=ZoneInfo(timezone)).isoformat()


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _mean(total: float, n: int) -> float | None:
    return round(total / n, 1) if n else None


@dataclass
class _Department:
    datasets: int = 0
    score: float = 0.0
    periodic: int = 0
    overdue: int = 0
    no_frequency: int = 0
    files: int = 0
    file_score: float = 0.0
    exposed: int = 0
    links: int = 0
    broken: int = 0

    def as_record(self, name: str, download: bool) -> dict:
        out = {"department": name, "datasets": self.datasets, "score": _mean(self.score, self.datasets),
               "overdue_share": share(self.overdue, self.periodic),
               "missing_frequency_share": share(self.no_frequency, self.datasets)}
        if download:
            out.update({"data_score": _mean(self.file_score, self.files), "sensitive_exposures": self.exposed,
                        "broken_link_share": share(self.broken, self.links)})
        return out

    def absorb(self, other: _Department) -> None:
        """Count another spelling's datasets as this department's (every field is a sum)."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


class ScorecardBuilder:
    def __init__(self, timezone: str, download: bool, departments: DepartmentRules | None = None):
        self.timezone = timezone
        self.download = download
        self.attribution = departments or DepartmentRules()
        self.folded: Counter = Counter()  # declared / re-attributed / unattributed / missing
        self.buckets: dict[str, Counter] = {}  # per non-department label: rows, re-attributed, unattributed
        self.plan_names: dict[str, str] = {}  # Table 3 row key -> the label first seen for it
        self.months: Counter = Counter()  # last update, by month
        self.stamp_minutes: dict[str, list] = {}  # 'YYYY-MM-DDTHH:MM' -> [datasets, departments]
        self.datasets = 0
        self.failures = 0
        self.departments: dict[str, _Department] = {}
        self.spellings: dict[str, str] = {}  # a prefixed spelling -> the department it was folded into
        self.no_department = 0
        self.themes: Counter = Counter()
        self.formats: Counter = Counter()
        self.plans: Counter = Counter()
        self.stars: Counter = Counter()
        self.open_conditions: Counter = Counter()
        self.n: Counter[str] = Counter()  # every other count, by name
        self.score_total = 0.0
        self.latest: str | None = None
        self.earliest: str | None = None
        self.most_downloaded: dict | None = None
        self.link_status: Counter = Counter()
        self.sensitive_codes: Counter = Counter()

    # -- streaming ---------------------------------------------------------------
    def add_failure(self, failure: Failure) -> None:
        self.failures += 1

    def add(self, judged: Judged) -> None:
        entry, result = judged.entry, judged.result
        meta = entry.metadata
        self.datasets += 1
        name, how = self.attribution.attribute(meta)
        self.folded[how] += 1
        if how in (REATTRIBUTED, UNATTRIBUTED):
            bucket = self.buckets.setdefault(normalise_label(meta.publisher) or "", Counter())
            bucket["rows"] += 1
            bucket[how] += 1
        dept = self.departments.setdefault(name, _Department()) if name else _Department()
        self.no_department += name is None
        dept.datasets += 1
        self.themes.update(split_labels(meta.theme))
        self._distributions(meta.distributions)
        self.stars["unknown" if result.openness_stars is None else str(result.openness_stars)] += 1
        if meta.open_condition:
            self.open_conditions[meta.open_condition] += 1
        self._timeliness(meta, result, dept, name)
        if not declared(meta.licence):
            self.n["missing_licence"] += 1
        overall = result.scores.get("overall")
        if overall is not None:
            self.score_total += overall
            dept.score += overall
        self._facts(entry, name)
        if self.download:
            self._downloads(judged, dept)

    def _distributions(self, distributions: list[dict]) -> None:
        labels, names = set(), set()
        for dist in distributions:
            fmt = distribution_format(dist)
            label = format_row(dist, fmt)
            if label:
                labels.add(label)
            names.add(fmt)
            self.n["distributions"] += 1
            self.n["distributions_machine_readable"] += fmt in MACHINE_READABLE
            self.n["distributions_non_proprietary"] += fmt in NON_PROPRIETARY
        self.formats.update(labels)
        self.n["datasets_machine_readable"] += bool(names & MACHINE_READABLE)
        self.n["datasets_without_distribution"] += not distributions

    def _timeliness(self, meta, result, dept: _Department, department: str | None) -> None:
        facts = result.timeliness or {}
        if declared(meta.frequency):
            key, label = frequency_row(meta.frequency, facts.get("frequency_normalised"))
            self.plans[key] += 1
            self.plan_names.setdefault(key, label)
        else:
            self.n["missing_frequency"] += 1
            dept.no_frequency += 1
        if facts.get("frequency_kind") == "periodic":
            self.n["periodic"] += 1
            dept.periodic += 1
            if any(f.code == "TM003" for f in result.findings):
                self.n["overdue"] += 1
                dept.overdue += 1
        stamp = facts.get("last_modified") or ""
        if not stamp and declared(meta.modified):  # timeliness rules not selected: read the date here
            stamp = _stamp_iso(parse_local(meta.modified, self.timezone), self.timezone)
        day = stamp[:10] or None
        if day:
            self.latest = max(self.latest or day, day)
            self.earliest = min(self.earliest or day, day)
            self.months[day[:7]] += 1
        else:
            self.n["missing_modified"] += 1
        if len(stamp) >= 16 and stamp[10] == "T":  # a time of day, not only a date: bulk stamping shows here
            self.n["modified_with_time"] += 1
            minute = self.stamp_minutes.setdefault(stamp[:16], [0, set()])
            minute[0] += 1
            if department:
                minute[1].add(department)

    def _facts(self, entry, department: str | None) -> None:
        facts = entry.facts
        if facts.get("has_api"):
            self.n["datasets_with_api"] += 1
        for key in ("downloads", "api_calls", "records"):
            value = facts.get(key)
            if isinstance(value, int):
                self.n[key] += value
                self.n[f"{key}_known"] += 1
        downloads = facts.get("downloads")
        if isinstance(downloads, int) and downloads > (self.most_downloaded or {}).get("downloads", -1):
            self.most_downloaded = {"title": normalise_label(entry.metadata.title), "department": department,
                                    "downloads": downloads}

    def _downloads(self, judged: Judged, dept: _Department) -> None:
        for link in judged.links:
            self.n["links_checked"] += 1
            dept.links += 1
            self.link_status[str(link["status"]) if link["status"] else "no response"] += 1
            if link["broken"] is True:
                self.n["links_broken"] += 1
                dept.broken += 1
            elif link["broken"] is None:
                self.n["links_not_downloaded"] += 1
        exposed_dataset = False
        for data in judged.data:
            self.n["data_files"] += 1
            dept.files += 1
            dept.file_score += data.scores.get("overall") or 0.0
            self.n["data_files_errored"] += data.status == "error"
            self.n["rows_downloaded"] += sum(t.rows for t in data.tables)
            codes = {f.code for f in data.findings if f.pack == "sensitive" and f.severity >= Severity.ERROR}
            if codes:
                self.n["data_files_exposed"] += 1
                self.sensitive_codes.update(codes)
                exposed_dataset = True
        if exposed_dataset:
            self.n["datasets_exposed"] += 1
            dept.exposed += 1

    # -- the card ----------------------------------------------------------------
    def build(self, reference: dict | None = None, source_facts: dict | None = None, api_basis: str | None = None,
              bulk=None, lang: str = "en", engagement: dict | None = None) -> dict[str, Any]:
        """The scorecard. `source_facts` say which fields the catalogue carries at all (an export's
        columns); `bulk` is the active TM009 rule (None: not selected)."""
        n = self.n
        source_facts = source_facts or {}
        absent = not_published(source_facts)
        self._fold_spellings()
        ranked = sorted(self.departments.items(), key=lambda kv: (-kv[1].datasets, kv[0]))
        card: dict[str, Any] = {
            "mode": "download" if self.download else "metadata-only",
            "overview": {
                "datasets": self.datasets,
                "unreadable_catalogue_parts": self.failures,
                "records": n["records"] if n["records_known"] else None,
                "records_known_for": n["records_known"],
                "domains": len(self.themes),
                "departments": len(self.departments),
                "datasets_without_department": self.no_department,
                "datasets_with_api": n["datasets_with_api"],
                "datasets_with_api_measures": api_basis,
                "api_calls": n["api_calls"] if n["api_calls_known"] else None,
                "downloads": n["downloads"] if n["downloads_known"] else None,
            },
            "updates": {
                "latest_update": self.latest,
                "earliest_update": self.earliest,
                "update_plans_in_use": len(self.plans),
                "update_plans": {self.plan_names[k]: v for k, v in self.plans.most_common()},
                "by_month": {m: self.months[m] for m in sorted(self.months)},
                "datasets_with_frequency": self.datasets - n["missing_frequency"],
            },
            "formats": dict(self.formats.most_common()),
            "themes": dict(self.themes.most_common()),
            "departments": self._department_table(ranked),
            "shares": {
                "machine_readable_distributions": share(n["distributions_machine_readable"], n["distributions"]),
                "non_proprietary_distributions": share(n["distributions_non_proprietary"], n["distributions"]),
                "datasets_machine_readable": share(n["datasets_machine_readable"], self.datasets),
                "overdue_of_periodic": share(n["overdue"], n["periodic"]),
                "missing_frequency": None if "frequency" in absent else share(n["missing_frequency"], self.datasets),
                "missing_licence": None if "licence" in absent else share(n["missing_licence"], self.datasets),
                "sensitive_exposure": share(n["datasets_exposed"], self.datasets) if self.download else None,
                "broken_links": share(n["links_broken"], n["links_checked"]) if self.download else None,
            },
            "counts": {key: n[key] for key in (
                "distributions", "distributions_machine_readable", "distributions_non_proprietary",
                "datasets_without_distribution", "periodic", "overdue", "missing_frequency", "missing_licence",
                "missing_modified")},
            "openness_stars": {k: self.stars[k] for k in sorted(self.stars)},
            "open_conditions": dict(self.open_conditions.most_common()),
            "mean_score": _mean(self.score_total, self.datasets),
            "department_scores": [self._department_record(name, d, absent) for name, d in ranked],
            "department_attribution": self._attribution(),
            "not_published": absent,
            "bulk_stamping": None,
            "portal_findings": [],
        }
        if bulk is not None:
            windows, findings = bulk_stamp_findings(self.stamp_minutes, n["modified_with_time"], bulk, lang)
            card["bulk_stamping"] = {"datasets_with_time": n["modified_with_time"],
                                     "windows": [w.as_dict() for w in windows],
                                     "share_in_windows": share(sum(w.datasets for w in windows),
                                                               n["modified_with_time"])}
            card["portal_findings"] = [f.as_dict() for f in findings]
        card["figure_sources"] = figure_sources(source_facts, absent)
        card["engagement"] = engagement or {"apps": None, "apps_from": None, "interactions": None}
        if self.download:
            card["download"] = {key: n[key] for key in (
                "links_checked", "links_broken", "links_not_downloaded", "data_files", "data_files_errored",
                "data_files_exposed", "datasets_exposed", "rows_downloaded")}
            card["link_status"] = dict(self.link_status.most_common())
            card["sensitive_codes"] = dict(sorted(self.sensitive_codes.items()))
        if reference:
            from .reference import compare_with_reference

            card["reference"] = compare_with_reference(card, reference)
        return card

    def _fold_spellings(self) -> None:
        """Prefixed spellings ('北京市档案局') join the department the catalogue also names short ('市档案局').
        Known only once every row is in, so done here, on the sums (the rows are never held)."""
        folds = self.attribution.folds(self.departments)
        for spelling, department in folds.items():
            self.departments[department].absorb(self.departments.pop(spelling))
        self.spellings.update(folds)
        for minute in self.stamp_minutes.values():
            minute[1] = {folds.get(d, d) for d in minute[1]}
        if self.most_downloaded and self.most_downloaded.get("department") in folds:
            self.most_downloaded["department"] = folds[self.most_downloaded["department"]]

    def _department_record(self, name: str, dept: _Department, absent: list[str]) -> dict:
        record = dept.as_record(name, self.download)
        if "frequency" in absent:
            record["missing_frequency_share"] = None  # the catalogue cannot carry it: nothing to rank on
        return record

    def _attribution(self) -> dict:
        return {"declared": self.folded["declared"], "re_attributed": self.folded[REATTRIBUTED],
                "unattributed": self.folded[UNATTRIBUTED], "missing": self.folded[MISSING],
                "buckets": {name: {"rows": c["rows"], "re_attributed": c[REATTRIBUTED],
                                   "unattributed": c[UNATTRIBUTED]} for name, c in sorted(self.buckets.items())},
                "spellings_folded": dict(sorted(self.spellings.items()))}

    def _department_table(self, ranked: list) -> dict:
        if not ranked:
            return {"most": [], "least": [], "least_count": None, "least_named": [], "most_downloaded": None}
        fewest = ranked[-1][1].datasets
        least = [name for name, d in ranked if d.datasets == fewest]
        return {
            "most": [{"department": name, "datasets": d.datasets} for name, d in ranked[:TOP]],
            "least": [{"department": name, "datasets": d.datasets} for name, d in ranked[-TOP:][::-1]],
            "least_count": fewest,
            "least_named": sorted(least),
            "most_downloaded": self.most_downloaded,
        }
