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

from .i18n import Text

_KINDS = (
    (stat.S_ISFIFO, "why.fifo"),
    (stat.S_ISCHR, "why.char_device"),
    (stat.S_ISBLK, "why.block_device"),
    (stat.S_ISSOCK, "why.socket"),
    (stat.S_ISDIR, "why.folder"),
)


def not_regular(path: str) -> Text | None:
    """Why `path` must not be opened as a data file, or None for a regular file.
    `os.stat` follows links and never blocks, unlike `open` on a FIFO."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return Text("why.broken_link") if os.path.islink(path) else Text("why.missing")
    except OSError as exc:
        return Text("why.unexaminable", error=exc.strerror or type(exc).__name__)
    if stat.S_ISREG(mode):
        return None
    for test, kind in _KINDS:
        if test(mode):
            return Text(kind)
    return Text("why.irregular")


def inside(path: str, folder: str) -> bool:
    """True when `path`, links resolved, lies under `folder` (links resolved too)."""
    root = os.path.realpath(folder)
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def refusal(path: str, folder: str | None = None) -> Text | None:
    """Why `path` is not read, or None: outside `folder` (when given), or not a regular file.
    The reason is English text that renders in either language (`Text.text(lang)`)."""
    if folder is not None and not inside(path, folder):
        what = Text("why.symlink") if os.path.islink(path) else Text("why.path")
        return Text("why.outside", what=what, folder=os.path.basename(os.path.realpath(folder)) or folder)
    kind = not_regular(path)
    return Text("why.not_regular", kind=kind) if kind else None


def is_remote(ref: str) -> bool:
    return "://" in ref or ref.startswith(("//", "data:"))
