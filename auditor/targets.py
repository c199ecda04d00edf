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

from .engine import Target
from .errors import UsageError
from .metadata import Metadata, find_sidecar, read_datapackage, read_metadata_file
from .paths import refusal

SKIP_SUFFIXES = (".meta.yaml", ".meta.yml", ".meta.json")
PACKAGE = "datapackage.json"
# How many folders above a data file may hold the datapackage.json that lists it (data/x.csv is one).
PACKAGE_LEVELS = 2


def _walk(folder: str, refused: dict[str, str]) -> list[str]:
    """Files under `folder`; those not to be opened (links leading out, FIFOs, devices) are
    listed too, with the reason in `refused`, so the report names them (issue 12)."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and not name.endswith(SKIP_SUFFIXES):
                path = os.path.join(root, name)
                found.append(path)
                why = refusal(path, folder)
                if why:
                    refused[path] = why
    return found


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


def collect_targets(paths: list[str], metadata_file: str | None) -> list[Target]:
    """Expand files, folders and datapackage.json into targets with their metadata."""
    for p in paths:
        if not os.path.exists(p):
            raise UsageError(f"path does not exist: {p}")
    override: Metadata | None = None
    override_problems: list[str] = []
    if metadata_file:
        if not os.path.isfile(metadata_file):
            raise UsageError(f"metadata file does not exist: {metadata_file}")
        override, override_problems = read_metadata_file(metadata_file)
    files: list[str] = []
    refused: dict[str, str] = {}
    for p in paths:
        files.extend(_walk(p, refused) if os.path.isdir(p) else [p])
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
