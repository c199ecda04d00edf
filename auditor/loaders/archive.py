"""ZIP archives: every member is audited as a dataset of its own.

An archive is untrusted input. It is refused (MR001, with the reason) when it
is nested too deep, holds too many members, is encrypted, names a member with
an absolute path or `..` (path traversal), or would expand past the size or
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
from dataclasses import dataclass

from ..dataset import LoadedDataset

CHUNK = 1 << 20


@dataclass(frozen=True)
class ArchiveLimits:
    max_total_bytes: int = 2 << 30  # all members together, uncompressed
    max_ratio: float = 200.0  # uncompressed / compressed, once a member passes ratio_floor
    ratio_floor: int = 1 << 20  # small members may compress extremely well, harmlessly
    max_members: int = 10_000
    max_depth: int = 3  # an archive inside an archive inside an archive


LIMITS = ArchiveLimits()
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


def plan(zf: zipfile.ZipFile, limits: ArchiveLimits) -> list[tuple[zipfile.ZipInfo, str, list[str]]]:
    """Check every entry before writing anything: (info, display name, safe path parts)."""
    infos = zf.infolist()
    files = [i for i in infos if not i.is_dir()]
    if len(files) > limits.max_members:
        raise ArchiveRefused(f"the archive holds {len(files)} members, more than the limit of {limits.max_members}")
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
        _check_size(declared, name, limits)
        _check_ratio(info.file_size, info.compress_size, name, limits)
        if parts and not _is_junk(name):
            out.append((info, name, parts))
    return out


def _check_size(total: int, name: str, limits: ArchiveLimits) -> None:
    if total > limits.max_total_bytes:
        raise ArchiveRefused(
            f"expanding the archive would exceed {limits.max_total_bytes:,} bytes (at member '{name}'): "
            "refused as a possible decompression bomb")


def _check_ratio(size: int, compressed: int, name: str, limits: ArchiveLimits) -> None:
    if size > limits.ratio_floor and size > limits.max_ratio * max(compressed, 1):
        raise ArchiveRefused(
            f"member '{name}' expands more than {limits.max_ratio:g} times its compressed size: "
            "refused as a possible decompression bomb")


def extract(zf: zipfile.ZipFile, entries, folder: str, limits: ArchiveLimits) -> list[str]:
    """Stream each member to `folder`, counting the bytes really written against the limits."""
    root = os.path.realpath(folder)
    written_total = 0
    paths = []
    for index, (info, name, parts) in enumerate(entries):
        # One sub-folder per member keeps the original file name (for MR002) without collisions.
        dest = os.path.realpath(os.path.join(root, str(index), *parts))
        if not dest.startswith(root + os.sep):
            raise ArchiveRefused(f"member '{name}' would be written outside the extraction folder")
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        written = 0
        with zf.open(info) as src, open(dest, "wb") as out:
            while chunk := src.read(CHUNK):
                written += len(chunk)
                written_total += len(chunk)
                _check_size(written_total, name, limits)
                _check_ratio(written, info.compress_size, name, limits)
                out.write(chunk)
        paths.append(dest)
    return paths


def load_archive(path: str, source: str, depth: int = 0, limits: ArchiveLimits = LIMITS) -> LoadedDataset:
    ds = LoadedDataset(path=path, source=source, format="zip")
    if depth >= limits.max_depth:
        ds.load_error = f"archives nested more than {limits.max_depth} deep are not expanded"
        return ds
    folder = tempfile.mkdtemp(prefix="audit-zip-")
    try:
        with zipfile.ZipFile(path) as zf:
            entries = plan(zf, limits)
            paths = extract(zf, entries, folder, limits)
    except ArchiveRefused as exc:
        shutil.rmtree(folder, ignore_errors=True)
        ds.load_error = str(exc)
        return ds
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        ds.load_error = _damage(exc)
        return ds
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    ds.members = [(p, f"{source}!/{name}") for p, (_, name, _) in zip(paths, entries)]
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
