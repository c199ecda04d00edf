"""click's own words (usage, headings, option errors, `[default: …]`) in the language of the run.

click builds every message it shows through gettext: the names `_` and `ngettext`,
imported into its modules, are looked up when a message is built. `install()` binds
those names to a lookup in our one catalogue (the `click.*` entries of
`auditor.i18n`, whose English text is click's message id), so a message click has
and we do not know stays as click wrote it, and no `.mo` files need to ship.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable

from .i18n import STRINGS

# The click modules that build user-visible text (the Windows console and shell completion do not).
CLICK_MODULES = ("click.core", "click.decorators", "click.exceptions", "click.formatting", "click.parser",
                 "click.types", "click.utils", "click.termui")

# click's message id -> its catalogue entry.
BY_MESSAGE_ID = {entry["en"]: entry for key, entry in STRINGS.items() if key.startswith("click.")}


def translator(lang_of: Callable[[], str]) -> tuple[Callable[[str], str], Callable[[str, str, int], str]]:
    """`gettext` and `ngettext` that answer in `lang_of()` (asked at each message, as gettext does)."""

    def gettext(message: str) -> str:
        entry = BY_MESSAGE_ID.get(message)
        return entry.get(lang_of(), message) if entry else message

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    return gettext, ngettext


def install(lang_of: Callable[[], str]) -> None:
    """Make click speak the catalogue's language `lang_of()` returns."""
    gettext, ngettext = translator(lang_of)
    for name in CLICK_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
