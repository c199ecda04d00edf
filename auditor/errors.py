"""Exceptions that map to exit codes (DESIGN §3).

An error may carry a catalogue key and its parameters (`UsageError.of(key, ...)`): its
text is English for logs and `str()`, and the CLI shows it in the language of the run.
"""
from __future__ import annotations

from typing import Any, TypeVar

E = TypeVar("E", bound="UsageError")


class UsageError(Exception):
    """Bad option, unknown profile/rule/code, missing path: exit 2."""

    def __init__(self, message: str = "", key: str | None = None, params: dict[str, Any] | None = None):
        super().__init__(message)
        self.key, self.params = key, dict(params or {})

    @classmethod
    def of(cls: type[E], message_key: str, /, **params: Any) -> E:
        from .i18n import render

        return cls(render(message_key, "en", params), message_key, params)

    def text(self, lang: str) -> str:
        """The message in `lang` when the error is keyed, else as raised."""
        if not self.key:
            return str(self)
        from .i18n import render

        return render(self.key, lang, self.params)


class ConfigError(UsageError):
    """A profile or rule configuration that cannot be honoured: exit 2."""
