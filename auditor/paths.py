"""Paths stay inside, and only regular files are opened (issue 12).

Opening a FIFO blocks forever and reading /dev/zero never ends; a resource path
of `../../etc/passwd` in a datapackage, or a symbolic link in a pull request's
data folder, would publish a local file's first line as column labels. So a
path from untrusted input is resolved (symbolic links followed) and must stay
under its folder, and whatever is opened must be a regular file.
"""
from __future__ import annotations

import os
import stat

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def not_regular(path: str) -> str | None:
    """Why `path` must not be opened as a data file, or None for a regular file.
    `os.stat` follows links and never blocks, unlike `open` on a FIFO."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "a broken link or missing file" if os.path.islink(path) else "a missing file"
    except OSError as exc:
        return f"a file that cannot be examined ({exc.strerror or type(exc).__name__})"
    if stat.S_ISREG(mode):
        return None
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return "not a regular file"


def inside(path: str, folder: str) -> bool:
    """True when `path`, links resolved, lies under `folder` (links resolved too)."""
    root = os.path.realpath(folder)
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def refusal(path: str, folder: str | None = None) -> str | None:
    """Why `path` is not read, or None: outside `folder` (when given), or not a regular file."""
    if folder is not None and not inside(path, folder):
        what = "a symbolic link" if os.path.islink(path) else "a path"
        return f"{what} leading outside {os.path.basename(os.path.realpath(folder)) or folder}: not read"
    kind = not_regular(path)
    return f"{kind}, not a regular file: not read" if kind else None


def is_remote(ref: str) -> bool:
    return "://" in ref or ref.startswith(("//", "data:"))
