"""What to audit: files, folders and datapackages expanded into targets with their metadata.

Its own module because both `audit check` (api) and a folder read as a portal
(portal/sources/folder.py) collect targets the same way; the portal must not
import the api that drives it.

Metadata for a data file comes from `--metadata`, a sidecar (`NAME.meta.yaml`),
or a `datapackage.json` that lists it: the one being audited, or, for a file
audited on its own, one in its folder or a folder above it.
"""
from __future__ import annotations

import os
from collections.abc import Callable

from .discovery import Discovery, Selection, discover
from .engine import Target
from .errors import UsageError
from .metadata import Metadata, find_sidecar, read_datapackage, read_metadata_file

PACKAGE = "datapackage.json"
# How many folders above a data file may hold the datapackage.json that lists it (data/x.csv is one).
PACKAGE_LEVELS = 2


class NothingToAudit(UsageError):
    """Every path was empty or held no data file (exit 2: a misconfigured CI must not stay green)."""

    def __init__(self, paths: list[str], found: Discovery):
        self.paths, self.found = paths, found
        counts = ", ".join(f"{reason} {n}" for reason, n in sorted(found.counts().items()))
        super().__init__(f"nothing to audit in {' '.join(paths)}: no data file found"
                         + (f" ({len(found.skipped)} skipped: {counts})" if found.skipped else " (empty)"))


def _display(path: str) -> str:
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


class _Packages:
    """datapackage.json files read once per run: package path → {resource path: (metadata, problems)}."""

    def __init__(self) -> None:
        self.read: dict[str, dict[str, tuple[Metadata, list[str]]]] = {}

    def resources(self, package: str) -> dict[str, tuple[Metadata, list[str]]]:
        if package not in self.read:
            try:
                _, resources, problems = read_datapackage(package)
            except Exception:  # a broken package is reported when it is audited itself, not for its neighbours
                resources, problems = [], []
            self.read[package] = {os.path.abspath(p): (m, list(problems)) for p, m, inner in resources if not inner}
        return self.read[package]

    def listing(self, data_file: str) -> tuple[Metadata, list[str]] | None:
        """The metadata of a datapackage.json beside or above `data_file` that lists it."""
        path = os.path.abspath(data_file)
        folder = os.path.dirname(path)
        for _ in range(PACKAGE_LEVELS + 1):
            package = os.path.join(folder, PACKAGE)
            if os.path.isfile(package) and path in self.resources(package):
                return self.resources(package)[path]
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        return None


def collect_targets(paths: list[str], metadata_file: str | None, selection: Selection | None = None,
                    on_note: Callable[[str, str], None] | None = None) -> list[Target]:
    """Expand files, folders and datapackage.json into targets with their metadata.

    Folders are walked for data files only (auditor/discovery.py); `on_note(path, reason)`
    hears of every file skipped. Nothing left to audit is a usage error, so a wrong path or
    glob never passes a CI job, except for a hook handing over only excluded files."""
    for p in paths:
        if not os.path.exists(p):
            raise UsageError.of("err.path_missing", path=p)
    override: Metadata | None = None
    override_problems: list[str] = []
    if metadata_file:
        if not os.path.isfile(metadata_file):
            raise UsageError.of("err.metadata_missing", path=metadata_file)
        override, override_problems = read_metadata_file(metadata_file)
    found = discover(paths, selection)
    if on_note is not None:
        for skipped, reason in found.skipped:
            on_note(skipped, reason)
    if not found.files and not (selection and selection.force_exclude and not any(map(os.path.isdir, paths))):
        raise NothingToAudit(paths, found)
    files = found.files
    refused = found.refused
    targets: list[Target] = []
    packaged: set[str] = set()
    for f in files:
        if os.path.basename(f) == PACKAGE and f not in refused:
            targets.extend(_package_targets(f, packaged))
    packages = _Packages()
    for f in files:
        if os.path.basename(f) == PACKAGE or os.path.abspath(f) in packaged:
            continue
        if f in refused:
            targets.append(Target(path=f, source=_display(f), refused=refused[f]))
            continue
        meta: Metadata | None = None
        problems: list[str] = []
        sidecar = find_sidecar(f)
        if sidecar:
            meta, problems = read_metadata_file(sidecar)
        else:
            listed = packages.listing(f)
            if listed:
                meta, problems = listed
        targets.append(Target(path=f, source=_display(f), metadata=meta, metadata_problems=problems))
    if override is not None or override_problems:
        for t in targets:
            t.metadata = override.merge(t.metadata) if override and t.metadata else (override or t.metadata)
            t.metadata_problems = override_problems + t.metadata_problems
    return targets


def _package_targets(path: str, packaged: set[str]) -> list[Target]:
    try:
        _, resources, problems = read_datapackage(path)
    except Exception as exc:
        return [Target(path=path, source=_display(path), metadata=None,
                       metadata_problems=[f"datapackage.json cannot be read: {type(exc).__name__}"])]
    out = []
    for rpath, meta, inner in resources:
        packaged.add(os.path.abspath(rpath))
        if not os.path.exists(rpath):
            problems = problems + [f"resource path does not exist: {_display(rpath)}"]
            continue
        out.append(Target(path=rpath, source=_display(rpath), metadata=meta, metadata_problems=list(problems),
                          members=(inner,) if inner else ()))
    if not out:
        out.append(Target(path=path, source=_display(path), metadata=None, metadata_problems=problems))
    return out
