"""Which files a folder audit takes: data by registered extension and by content.

A repository holds far more than data: READMEs, licences, tool folders, config
files and our own reports. Auditing those as one-column tables fails every
repository with a README, so a folder walk keeps only files whose extension is a
registered data format and whose content agrees, and says what it skipped and
why. Globs work like ruff's: `include` replaces the data-extension test,
`exclude` replaces the default exclusions, `extend_exclude` adds to them.
Files named on the command line are always audited, unless `force_exclude`
(what the pre-commit hook passes) applies the exclusions to them too.
"""
from __future__ import annotations

import fnmatch
import json
import os
from dataclasses import dataclass, field

from . import formats
from .paths import refusal

# Folders never walked into: version control, tool caches, dependencies, builds.
DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".bzr", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", "dist", "build", "*.egg-info",
)
# Files with a data extension that are configuration or tooling, never data.
CONFIG_FILES = (
    "package.json", "package-lock.json", "tsconfig.json", "jsconfig.json", "composer.json", "composer.lock",
    "renovate.json", "renovate.json5", "bower.json", "lerna.json", "manifest.json", "appsettings.json",
    "launch.json", "settings.json", "tasks.json", "extensions.json", "devcontainer.json", "deno.json",
    "pom.xml", "web.xml", "AndroidManifest.xml", "phpunit.xml", "checkstyle.xml", "codecov.yml",
    "requirements.txt", "constraints.txt", "robots.txt", "CMakeLists.txt",
)
_CONFIG_NAMES = {c.lower() for c in CONFIG_FILES}
SIDECAR_SUFFIXES = (".meta.yaml", ".meta.yml", ".meta.json")


def data_extensions() -> dict[str, str]:
    """Extension -> format for every format we read, from the format registry."""
    return formats.EXTENSIONS


def document_formats() -> frozenset[str]:
    """Formats that hold data for eyes (MR003): a folder walk leaves them out unless asked."""
    return formats.NOT_MACHINE_READABLE


@dataclass
class Discovery:
    files: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason key)
    # files never opened (links leading out of the folder, FIFOs, devices): path -> why (issue 12)
    refused: dict[str, str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for _, reason in self.skipped:
            out[reason] = out.get(reason, 0) + 1
        return out


@dataclass(frozen=True)
class Selection:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] | None = None  # None: DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool = False
    outputs: tuple[str, ...] = ()  # files this run writes (-o): never read back as data
    documents: bool = False  # walk PDFs, Word files, images, HTML too (a portal folder publishes them)

    @property
    def excludes(self) -> tuple[str, ...]:
        return (DEFAULT_EXCLUDE if self.exclude is None else self.exclude) + self.extend_exclude


def matches(patterns: tuple[str, ...], rel: str) -> bool:
    """A glob matches the base name, the relative path, or any folder on the way (ruff's reading)."""
    parts = [p for p in rel.replace(os.sep, "/").split("/") if p not in ("", ".")]
    if not parts:
        return False
    rel = "/".join(parts)
    for pat in patterns:
        pat = pat.rstrip("/")
        if fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(parts[-1], pat):
            return True
        if "/" not in pat and any(fnmatch.fnmatch(p, pat) for p in parts[:-1]):
            return True
        if "/" in pat and any(fnmatch.fnmatch("/".join(parts[:i]), pat) for i in range(1, len(parts))):
            return True
    return False


def _is_venv(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, "pyvenv.cfg"))


def _head(path: str, size: int = 4096) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError:
        return b""


def _our_output(path: str) -> bool:
    """A report this tool wrote (JSON, SARIF, JUnit, HTML, Markdown, baseline)."""
    head = _head(path)
    if b"open-data-auditor" in head:
        return True
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            fh.seek(max(0, size - 4096))
            return b"open-data-auditor" in fh.read()
    except OSError:
        return False


def _looks_delimited(path: str) -> bool:
    """A .txt is data only when its first lines share a delimiter (not prose or a licence)."""
    head = _head(path, 8192)
    lines = [ln for ln in head.decode("utf-8", "ignore").splitlines() if ln.strip()]
    if len(head) == 8192:
        lines = lines[:-1]  # the last line may be cut off
    lines = lines[:8]
    if len(lines) < 2:
        return False
    for sep in (",", "\t", ";", "|"):
        counts = {ln.count(sep) for ln in lines}
        if len(counts) == 1 and counts.pop() >= 1:
            return True
    return False


def _config_json(path: str) -> bool:
    """JSON that configures a tool: one small object with no list of records anywhere."""
    try:
        if os.path.getsize(path) > 1_000_000:
            return False
        with open(path, "rb") as fh:
            doc = json.loads(fh.read().decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return False  # unreadable or hostile JSON is the loader's finding (MR001, MR022), not ours to hide
    if not isinstance(doc, dict) or "resources" in doc:
        return False

    def has_records(obj, depth=0) -> bool:
        if depth > 5:
            return False
        if isinstance(obj, list):
            return bool(obj) and all(isinstance(x, (dict, list)) for x in obj[:20])
        if isinstance(obj, dict):
            return any(has_records(v, depth + 1) for v in obj.values())
        return False

    return not has_records(doc)


def classify(path: str, rel: str, selection: Selection, named: bool = False) -> str | None:
    """None when the file is audited, else the reason key it is skipped for.

    `include` replaces only the extension test: configuration, our own reports,
    sidecars and hidden files stay out whatever the globs say."""
    name = os.path.basename(path)
    if os.path.abspath(path) in {os.path.abspath(o) for o in selection.outputs}:
        return "own_output"
    if named and not selection.force_exclude:
        return None
    if matches(selection.excludes, rel):
        return "excluded"
    if name.endswith(SIDECAR_SUFFIXES):
        return "sidecar"
    if any(part.startswith(".") and part not in (".", "..") for part in rel.replace(os.sep, "/").split("/")):
        return "hidden"
    if name == "datapackage.json":
        return None
    fmt = data_extensions().get(os.path.splitext(name)[1].lower())
    if selection.include:
        if not matches(selection.include, rel):
            return "not_included"
    elif fmt is None:
        return "not_data"
    elif fmt in document_formats() and not selection.documents:  # a repository's logo or manual is no dataset
        return "document"
    if name.lower() in _CONFIG_NAMES:
        return "config"
    if _our_output(path):
        return "own_output"
    if not selection.include and name.lower().endswith(".txt") and not _looks_delimited(path):
        return "not_data"
    if name.lower().endswith(".json") and _config_json(path):
        return "config"
    return None


def discover(paths: list[str], selection: Selection | None = None) -> Discovery:
    """Expand files and folders into the files to audit, recording every skip."""
    selection = selection or Selection()
    found = Discovery()
    for p in paths:
        if not os.path.isdir(p):
            why = refusal(p)
            if why:  # a named FIFO or device is reported, never opened
                found.files.append(p)
                found.refused[p] = why
                continue
            reason = classify(p, p, selection, named=True)
            (found.skipped.append((p, reason)) if reason else found.files.append(p))
            continue
        for root, dirs, files in os.walk(p):
            kept = []
            for d in sorted(dirs):
                full = os.path.join(root, d)
                rel = os.path.relpath(full, p)
                if d.startswith(".") or matches(selection.excludes, rel) or _is_venv(full):
                    continue
                kept.append(d)
            dirs[:] = kept
            for name in sorted(files):
                full = os.path.join(root, name)
                why = refusal(full, p)
                if why:  # sniffing would open it: a FIFO hangs, a link may lead out of the folder
                    if not name.startswith("."):
                        found.files.append(full)
                        found.refused[full] = why
                    continue
                reason = classify(full, os.path.relpath(full, p), selection)
                if reason is None:
                    found.files.append(full)
                elif reason != "sidecar":  # sidecars are read with their data, not skipped
                    found.skipped.append((full, reason))
    return found
