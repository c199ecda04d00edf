"""`--format auto`: the format a reader of this output most likely wants.

Like yamllint: GitHub annotations under GitHub Actions, colour on a terminal,
plain text otherwise. With `-o FILE` the file's extension decides when it names
a format (report.xml → JUnit, .sarif → SARIF, .html, .md, .json).
"""
from __future__ import annotations

import os
from collections.abc import Mapping

BY_EXTENSION = {
    ".json": "json", ".sarif": "sarif", ".xml": "junit", ".html": "html", ".htm": "html",
    ".md": "markdown", ".markdown": "markdown",
}


def choose_format(output: str | None, env: Mapping[str, str], stdout_is_tty: bool) -> tuple[str, bool]:
    """(format, colour by default) for `--format auto`."""
    if output:
        if output.lower().endswith(".sarif.json"):
            return "sarif", False
        ext = os.path.splitext(output)[1].lower()
        return BY_EXTENSION.get(ext, "terminal"), False
    if env.get("GITHUB_ACTIONS") == "true":
        return "github", False
    return "terminal", stdout_is_tty
