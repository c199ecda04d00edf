"""Command-line options shared by several commands, each defined once.

`check`, `portal`, `sweep` and `compare` take the same run options (profile,
select, fail-on, lang...), so they are declared here as decorators and every
command documents them with the same words. Help texts are catalogue keys
(`help.opt.*` in `auditor.i18n`), rendered in the language of the run: `--lang`
wherever it stands, else the settings file's `lang`, else the locale. click's own
words come from the same catalogue (`auditor.click_i18n`).
"""
from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

import click

from . import click_i18n
from .i18n import default_lang, t

FAIL_ON = ["error", "warning", "info", "never"]


# The arguments of the running `audit` command and the language they ask for (set by `CatalogueGroup.main`).
_RUN: ContextVar[dict | None] = ContextVar("audit_run", default=None)


def _asked_lang(args: list[str]) -> str | None:
    """`--lang X` wherever it stands (the group's or a command's), else the settings file's."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in ("zh", "en"):
            return args[i + 1]
        if arg.startswith("--lang=") and arg[7:] in ("zh", "en"):
            return arg[7:]
    if "--isolated" in args:
        return None
    from .config import load_settings
    from .errors import UsageError

    config = next((args[i + 1] for i, a in enumerate(args[:-1]) if a == "--config"), None)
    config = config or next((a[9:] for a in args if a.startswith("--config=")), None)
    try:
        return load_settings(config).lang
    except UsageError:  # the command itself reports a broken settings file
        return None


def help_lang() -> str:
    """The language of help and of click's messages: `--lang`, else the settings file, else the locale."""
    run = _RUN.get()
    if run is None:
        run = {"args": list(sys.argv[1:])}
    if "lang" not in run:
        run["lang"] = _asked_lang(run["args"]) or default_lang()
    return run["lang"]


class CatalogueOption(click.Option):
    """An option whose help is a catalogue key, translated when help is shown."""

    def __init__(self, *args: Any, help_key: str | None = None, **kwargs: Any):
        self.help_key = help_key
        super().__init__(*args, **kwargs)

    def get_help_record(self, ctx: click.Context):
        if self.help_key:
            self.help = t(self.help_key, help_lang())
        return super().get_help_record(ctx)


# The usage line's placeholders click spells without gettext.
USAGE_PIECES = {"[OPTIONS]": "click.usage_options", "COMMAND [ARGS]...": "click.usage_command"}


class _Headings:
    """`用法：` without the space click puts after `Usage:` (a full-width colon has its own), and its placeholders
    `[OPTIONS]` and `COMMAND [ARGS]...` translated."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = help_lang()
        pieces = [t(USAGE_PIECES[p], lang) if p in USAGE_PIECES else p
                  for p in self.collect_usage_pieces(ctx)]  # type: ignore[attr-defined]
        prefix = t("click.usage", lang)
        prefix = prefix if prefix.endswith("：") else prefix + " "
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)


class CatalogueCommand(_Headings, click.Command):
    """A command whose help text is the catalogue entry `help.NAME`."""

    def _translate(self) -> None:
        key = f"help.{self.name}"
        lang = help_lang()
        if t(key, lang) != key:
            self.help = t(key, lang)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._translate()
        super().format_help_text(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        self._translate()
        return super().get_short_help_str(limit)

    def get_help_option(self, ctx: click.Context):
        return _translated_help_option(super().get_help_option(ctx))


def _translated_help_option(opt: click.Option | None) -> click.Option | None:
    if opt is not None:
        opt.help = t("click.help", help_lang())
    return opt


# A run allocates millions of short-lived containers (a spreadsheet's rows and cells) that
# reference counting frees; at Python's default of 700 allocations the cycle collector took 6%
# of an XLSX audit (0.24 s of the benchmark workbook's 3.5) and 0.02 s at this one, with the
# same peak memory.
GC_FIRST_THRESHOLD = 50_000


class CatalogueGroup(_Headings, click.Group):
    command_class = CatalogueCommand

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        """Run with click's own words in the language the arguments ask for, and the cycle
        collector's first threshold raised for the run (GC_FIRST_THRESHOLD)."""
        token = _RUN.set({"args": list(sys.argv[1:] if args is None else args)})
        thresholds = gc.get_threshold()
        gc.set_threshold(max(GC_FIRST_THRESHOLD, thresholds[0]), *thresholds[1:])
        try:
            return super().main(args, *rest, **kwargs)
        finally:
            gc.set_threshold(*thresholds)
            _RUN.reset(token)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.help = t("help.main", help_lang())
        super().format_help_text(ctx, formatter)

    def get_help_option(self, ctx: click.Context):
        return _translated_help_option(super().get_help_option(ctx))


def _click_lang() -> str:
    """click's words follow the run; outside one (metavars built at import: FILE, TEXT) they are English."""
    return help_lang() if _RUN.get() is not None else "en"


click_i18n.install(_click_lang)


def option(*decls: str, help_key: str, **kwargs: Any) -> Callable:
    return click.option(*decls, cls=CatalogueOption, help_key=help_key, **kwargs)


def _stack(*decorators: Callable) -> Callable:
    def apply(fn: Callable) -> Callable:
        for deco in reversed(decorators):
            fn = deco(fn)
        return fn

    return apply


def _opt(key: str, *decls: str, **kwargs: Any) -> Callable:
    return option(*decls, help_key=f"help.opt.{key}", **kwargs)


def version_option(version: str) -> Callable:
    """`--version`, its line in the language of the run (click words its own when decorating, before any run)."""

    def show(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if value and not ctx.resilient_parsing:
            click.echo(t("click.version_line", help_lang()) % {"prog": "audit", "version": version})
            ctx.exit()

    return option("--version", is_flag=True, expose_value=False, is_eager=True, callback=show,
                  help_key="click.version")


lang_option = _opt("lang", "--lang", type=click.Choice(["zh", "en"]), default=None)
color_option = _opt("color", "--color/--no-color", default=None)
debug_option = _opt("debug", "--debug", is_flag=True)
rules_dir_option = _opt("rules_dir", "--rules-dir", multiple=True, type=click.Path(file_okay=False))


def format_option(choices: list[str], default: str = "auto", key: str = "format") -> Callable:
    return _opt(key, "--format", "fmt", type=click.Choice(choices), default=default, show_default=True)


def output_option(key: str = "output") -> Callable:
    return _opt(key, "-o", "--output", type=click.Path(dir_okay=False))


# What every auditing command (check, portal, sweep) takes.
run_options = _stack(
    _opt("select", "--select", multiple=True),
    _opt("ignore", "--ignore", multiple=True),
    _opt("fail_on", "--fail-on", type=click.Choice(FAIL_ON), default=None),
    _opt("exit_zero", "--exit-zero", is_flag=True),
    _opt("as_of", "--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None),
    lang_option,
    _opt("no_examples", "--no-examples", is_flag=True),
    rules_dir_option,
    _opt("no_plugins", "--no-plugins", is_flag=True),
    color_option,
    _opt("quiet", "-q", "--quiet", is_flag=True),
    _opt("verbose", "-v", "--verbose", is_flag=True),
    _opt("config", "--config", "config_file", type=click.Path(dir_okay=False)),
    _opt("isolated", "--isolated", is_flag=True),
    debug_option,
)

# How a folder walk chooses files (check, sweep).
discovery_options = _stack(
    _opt("include", "--include", multiple=True),
    _opt("exclude", "--exclude", multiple=True),
    _opt("extend_exclude", "--extend-exclude", multiple=True),
    _opt("force_exclude", "--force-exclude", is_flag=True),
)


def split_values(values: tuple[str, ...] | list[str]) -> list[str]:
    """`--select SF,MR001 --select TM` -> ["SF", "MR001", "TM"]."""
    return [v.strip() for item in values for v in str(item).split(",") if v.strip()]
