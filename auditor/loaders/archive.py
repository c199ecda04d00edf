"""ZIP archives: every member is audited as a dataset of its own.

An archive is untrusted input. It is refused (MR001, with the reason) when it
is encrypted or names a member with an absolute path, `..` (path traversal) or
a symbolic link; it stops at the run's budget (MR022, auditor/budget.py) when it
is nested too deep, holds too many members, or would expand past the size or
ratio limits (a decompression bomb). Sizes declared in the ZIP directory can
lie, so the limits are enforced on the bytes actually written while each
member streams to a private temporary folder, never outside it.
"""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
import zipfile

from .. import budget
from ..budget import LimitReached
from ..dataset import LoadedDataset

CHUNK = 1 << 20
# Operating-system litter that is never data.
_JUNK_DIRS = ("__MACOSX/",)
_JUNK_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


class ArchiveRefused(ValueError):
    """Why an archive is not expanded; the message names members, never their content."""


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it: ZIPs made on Chinese Windows store GBK names
    without the UTF-8 flag, which Python then reads as CP437."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def safe_parts(name: str) -> list[str]:
    """Path components of a member name; refuse names that could land outside the folder."""
    clean = name.replace("\\", "/")
    if clean.startswith("/") or (len(clean) > 1 and clean[1] == ":"):
        raise ArchiveRefused(f"member '{name}' has an absolute path (path traversal)")
    parts = [p for p in clean.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise ArchiveRefused(f"member '{name}' climbs out of the archive with '..' (path traversal)")
    return parts


def _is_junk(name: str) -> bool:
    return name.startswith(_JUNK_DIRS) or os.path.basename(name) in _JUNK_NAMES


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def plan(zf: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, str, list[str]]]:
    """Check every entry before writing anything: (info, display name, safe path parts).
    Declared sizes are checked here and the real ones while writing: the directory can lie."""
    run = budget.current()
    limits = run.limits
    infos = zf.infolist()
    files = [i for i in infos if not i.is_dir()]
    if run.members + len(files) > limits.members:
        raise LimitReached("members", f"the archive holds {len(files):,} members")
    declared = 0
    out = []
    for info in files:
        name = member_name(info)
        parts = safe_parts(name)
        if info.flag_bits & 0x1:
            raise ArchiveRefused(f"member '{name}' is encrypted and cannot be read without its password")
        if _is_symlink(info):
            raise ArchiveRefused(f"member '{name}' is a symbolic link")
        declared += info.file_size
        if run.archive_bytes + declared > limits.archive_bytes:
            raise LimitReached("archive_bytes", f"expanding member '{name}' would pass it: "
                               "refused as a possible decompression bomb")
        _check_member(info.file_size, info.compress_size, name)
        if parts and not _is_junk(name):
            out.append((info, name, parts))
    return out


def _check_member(size: int, compressed: int, name: str) -> None:
    limits = budget.current().limits
    if size > limits.member_bytes:
        raise LimitReached("member_bytes", f"member '{name}': refused as a possible decompression bomb")
    if size > limits.ratio_floor and size > limits.ratio * max(compressed, 1):
        raise LimitReached("ratio", f"member '{name}' expands more than {limits.ratio:g} times its compressed "
                           "size: refused as a possible decompression bomb")


def extract(zf: zipfile.ZipFile, entries, folder: str) -> list[str]:
    """Stream each member to `folder`, counting the bytes really written against the budget."""
    run = budget.current()
    root = os.path.realpath(folder)
    paths = []
    for index, (info, name, parts) in enumerate(entries):
        # One sub-folder per member keeps the original file name (for MR002) without collisions.
        dest = os.path.realpath(os.path.join(root, str(index), *parts))
        if not dest.startswith(root + os.sep):
            raise ArchiveRefused(f"member '{name}' would be written outside the extraction folder")
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        run.spend_member(f"member '{name}'")
        written = 0
        with zf.open(info) as src, open(dest, "wb") as out:
            while chunk := src.read(CHUNK):
                written += len(chunk)
                run.spend_archive(len(chunk), f"at member '{name}': refused as a possible decompression bomb")
                _check_member(written, info.compress_size, name)
                out.write(chunk)
        paths.append(dest)
    return paths


def load_archive(path: str, source: str, depth: int = 0) -> LoadedDataset:
    ds = LoadedDataset(path=path, source=source, format="zip")
    if depth >= budget.current().limits.nesting:
        ds.limit_reached = str(LimitReached("nesting", "this archive is inside other archives: not expanded"))
        return ds
    folder = tempfile.mkdtemp(prefix="audit-zip-")
    try:
        with zipfile.ZipFile(path) as zf:
            entries = plan(zf)
            paths = extract(zf, entries, folder)
    except ArchiveRefused as exc:
        shutil.rmtree(folder, ignore_errors=True)
        ds.load_error = str(exc)
        return ds
    except LimitReached as exc:
        shutil.rmtree(folder, ignore_errors=True)
        ds.limit_reached = str(exc)
        return ds
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        ds.load_error = _damage(exc)
        return ds
    except BaseException:  # Ctrl-C, SIGTERM, MemoryError: nothing extracted stays behind
        shutil.rmtree(folder, ignore_errors=True)
        raise
    ds.members = [(p, f"{source}!/{name}") for p, (_, name, _) in zip(paths, entries, strict=True)]
    ds.cleanup = lambda: shutil.rmtree(folder, ignore_errors=True)
    if not ds.members:
        ds.load_error = "the archive holds no files"
    return ds


def _damage(exc: BaseException) -> str:
    if isinstance(exc, NotImplementedError):
        return "the archive uses a compression method this tool cannot read"
    if isinstance(exc, OSError) and not isinstance(exc, zipfile.BadZipFile):
        return f"the archive could not be expanded ({type(exc).__name__})"
    return "damaged ZIP archive (a member fails its checksum or is cut short)"
