"""Exceptions that map to exit codes (DESIGN §3)."""


class UsageError(Exception):
    """Bad option, unknown profile/rule/code, missing path: exit 2."""


class ConfigError(UsageError):
    """A profile or rule configuration that cannot be honoured: exit 2."""
