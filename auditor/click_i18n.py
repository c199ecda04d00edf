"""click's own words (usage, headings, option errors, `[default: …]`) in the language of the run.

click builds every message it shows through gettext: the names `_` and `ngettext`,
imported into its modules, are looked up when a message is built. `install()` binds
those names to a lookup in our one catalogue (the `click.*` entries of
`auditor.i18n`, whose English text is click's message id), so a message click has
and we do not know stays as click wrote it, and no `.mo` files need to ship.

click's help wraps by characters and only at spaces, so a Chinese help line ran up to 108
columns on an 80-column terminal. `install()` also gives click's `wrap_text` a fill by
display width (a CJK character takes two columns; a line may break between two of them,
never before closing punctuation) for text that holds wide characters.
"""
from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable

from . import lazyre
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


# A token of wrapped text: one wide character, a run of other non-space characters, or spaces.
_TOKEN = lazyre.compile(r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
                        r"|[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
                        r"\uffe0-\uffe6]+|\s+")
_NO_LINE_START = set("，。、；：？！）】」』》〉”’…%")
_NO_LINE_END = set("（【「『《〈“‘")


def cells(text: str) -> int:
    """Columns `text` takes on a terminal."""
    return sum(2 if _wide(c) else 1 for c in text)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _units(text: str) -> list[str | None]:
    """The text's unbreakable units (None for a space). A line breaks at a space or between two wide
    characters, never inside a word, between a word and the wide text it touches (`[默认：auto]`),
    before a closing mark or after an opening one (no line starts with `，` nor ends with `（`)."""
    units: list[str | None] = []
    for token in _TOKEN.findall(" ".join(text.split())):
        previous = units[-1] if units else None
        if token.isspace():
            units.append(None)
        elif previous is not None and (token[0] in _NO_LINE_START or previous[-1] in _NO_LINE_END
                                       or not (_wide(token[0]) and _wide(previous[-1]))):
            units[-1] = previous + token
        else:
            units.append(token)
    return units


def fill(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """Greedy lines of at most `width` columns (a unit wider than a line gets a line of its own)."""
    lines: list[str] = []
    line, used, space, empty = initial_indent, cells(initial_indent), False, True
    for unit in _units(text):
        if unit is None:
            space = True
            continue
        gap = 1 if space and not empty else 0
        if not empty and used + gap + cells(unit) > width:
            lines.append(line)
            line, used, gap = subsequent_indent, cells(subsequent_indent), 0
        line += " " * gap + unit
        used += gap + cells(unit)
        space, empty = False, False
    return [*lines, line] if not empty else lines


def _wrap_by_width(original: Callable[..., str]) -> Callable[..., str]:
    def wrap_text(text: str, width: int = 78, initial_indent: str = "", subsequent_indent: str = "",
                  preserve_paragraphs: bool = False) -> str:
        if "\b" in text or cells(text) == len(text):  # no wide characters: click's own wrapping
            return original(text, width, initial_indent, subsequent_indent, preserve_paragraphs)
        paragraphs = re.split(r"\n\s*\n", text) if preserve_paragraphs else [text]
        return "\n\n".join("\n".join(fill(p, width, initial_indent, subsequent_indent)) for p in paragraphs)

    wrap_text.wrapped = original  # type: ignore[attr-defined]  # installed once, however often install runs
    return wrap_text


def install(lang_of: Callable[[], str]) -> None:
    """Make click speak the catalogue's language `lang_of()` returns, wrapped by display width."""
    gettext, ngettext = translator(lang_of)
    for name in CLICK_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    formatting = importlib.import_module("click.formatting")
    if not hasattr(formatting.wrap_text, "wrapped"):
        formatting.wrap_text = _wrap_by_width(formatting.wrap_text)  # type: ignore[attr-defined]
