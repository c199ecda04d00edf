"""The `audit` command: parse options, call the api, render, exit (DESIGN §3).

Exit codes: 0 every dataset passed · 1 a dataset failed · 2 usage or
configuration error · 3 the tool itself failed. No traceback without --debug.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
from contextlib import contextmanager
from importlib import resources
from types import SimpleNamespace

import click

from . import __version__, redact
from .api import CheckOptions, NothingToAudit, audit_paths, exit_code
from .baseline import load_baseline, write_baseline
from .cli_options import (
    CatalogueGroup,
    color_option,
    debug_option,
    discovery_options,
    format_option,
    help_lang,
    lang_option,
    option,
    output_option,
    rules_dir_option,
    run_options,
    split_values,
    version_option,
)
from .config import Settings, load_settings
from .discovery import Selection
from .errors import UsageError
from .i18n import default_lang, t
from .reporters import RENDERERS, render_chunks
from .reporters.auto import choose_format

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_TOOL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def _lang(lang: str | None, settings: Settings | None = None) -> str:
    """The command's --lang, else `audit --lang`, else the settings file's, else the locale (the documented
    precedence)."""
    ctx = click.get_current_context(silent=True)
    given = lang or (ctx.find_root().params.get("lang") if ctx else None)
    return given or (settings.lang if settings else None) or default_lang()


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: unwinding runs every cleanup (extracted archive members)."""


def _on_sigterm(signum, frame):
    raise _Terminated()


@contextmanager
def _signals():
    """SIGTERM raises like Ctrl-C while a command runs (main thread only; tests run in others)."""
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _guard(debug: bool, lang: str | None = None):
    """Usage errors exit 2, Ctrl-C exits 130 (SIGTERM 143) after the cleanups ran, anything
    unexpected exits 3.

    Yields the run's state: a command sets `run.lang` once the settings file is read,
    so errors after that speak the settings' language."""
    run = SimpleNamespace(lang=lang or help_lang())
    try:
        with _signals():
            yield run
    except UsageError as exc:
        click.echo(t("cli.error", run.lang, message=redact.scrub(exc.text(run.lang))), err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt as exc:
        click.echo("\n" + t("cli.interrupted", run.lang), err=True)
        sys.exit(128 + signal.SIGTERM if isinstance(exc, _Terminated) else EXIT_INTERRUPTED)
    except (click.exceptions.Exit, click.ClickException, SystemExit):
        raise
    except BrokenPipeError:  # `audit ... | head`: the reader left; nothing more to say, and no traceback at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(128 + signal.SIGPIPE)  # what a shell reports for a writer whose reader closed the pipe
    except Exception as exc:
        if debug:
            import traceback

            click.echo(redact.scrub(traceback.format_exc()), err=True)
        click.echo(
            t("cli.internal", run.lang, message=redact.scrub(f"{type(exc).__name__}: {exc}"))
            + ("" if debug else t("cli.debug_hint", run.lang)),
            err=True,
        )
        sys.exit(EXIT_TOOL)


def _ensure_folder(path: str, lang: str) -> None:
    """Create the folder an output goes into; a path that cannot be made is a usage error (exit 2)."""
    try:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    except OSError as exc:
        raise UsageError(t("cli.output_dir", lang, file=path, reason=exc.strerror or type(exc).__name__)) from None


def _write_chunks(chunks, output: str | None, lang: str = "en") -> None:
    """Like _write, one piece at a time (a portal report of any size never sits in memory whole)."""
    if output:
        _ensure_folder(output, lang)
        with open(output, "w", encoding="utf-8") as fh:
            for chunk in chunks:
                fh.write(chunk)
    else:
        for chunk in chunks:
            click.echo(chunk, nl=False)


def _write(text: str, output: str | None, lang: str = "en") -> None:
    """Open the output file only when there is something to write (pip-audit); create its folder."""
    if output:
        _ensure_folder(output, lang)
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise UsageError(t("cli.output_dir", lang, file=output, reason=reason)) from None
    else:
        click.echo(text, nl=False)


def _color(color: bool | None, tty: bool) -> bool:
    """--color/--no-color, else a terminal without NO_COLOR (https://no-color.org)."""
    if color is not None:
        return color
    return tty and not os.environ.get("NO_COLOR")


def _width(tty: bool) -> int:
    """The terminal's width on a terminal, else $COLUMNS, else 120 (files and pipes)."""
    if tty:
        return shutil.get_terminal_size((120, 24)).columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() else 120


def _progress_bar(lang: str):
    """Files done of the total, the current file and its size, rows read; only on a terminal's stderr."""
    if not sys.stderr.isatty():
        return None, None, None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[current]}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task(t("reading", lang), total=None, current="")
    state = {"source": "", "size": ""}

    rows_word = t("rows", lang)

    def on_file(index: int, total: int, source: str, size: int) -> None:
        state["source"], state["size"] = source, _size_text(size)
        progress.update(task, completed=index, total=total, current=f"{source} ({state['size']})" if source else "")

    def on_rows(source: str, rows: int, done: int, total: int) -> None:
        progress.update(task, current=f"{state['source'] or source} ({state['size']}) {rows:,} {rows_word}")

    return progress, on_file, on_rows


def _size_text(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1e6:.1f} MB"
    return f"{size / 1e3:.0f} kB" if size >= 10_000 else f"{size:,} B"


def _notes(skipped: list[tuple[str, str]], lang: str, verbose: bool, quiet: bool) -> None:
    """What the folder walk skipped: config JSON always named, the rest counted (listed with --verbose)."""
    if quiet or not skipped:
        return
    counted: dict[str, int] = {}
    for path, reason in skipped:
        if verbose or reason == "config":
            click.echo(t("cli.skip_note", lang, path=path, reason=t("reason." + reason, lang)), err=True)
        else:
            counted[t("reason." + reason, lang)] = counted.get(t("reason." + reason, lang), 0) + 1
    if counted:
        click.echo(
            t(
                "cli.skip_summary",
                lang,
                n=sum(counted.values()),
                counts=", ".join(f"{k} {v}" for k, v in sorted(counted.items())),
            ),
            err=True,
        )


def _finish(
    report, fmt: str, output: str | None, color: bool | None, lang: str, quiet: bool, verbose: bool, exit_zero: bool
) -> int:
    """Render, write, echo tool errors; return the exit code."""
    tty = output is None and sys.stdout.isatty()
    fmt, auto_color = choose_format(output, os.environ, tty) if fmt == "auto" else (fmt, tty)
    chunks = render_chunks(
        report, fmt, color=_color(color, auto_color), quiet=quiet, verbose=verbose, width=_width(tty)
    )
    _write_chunks(chunks, output, lang)
    for err in report.errors:
        click.echo(f"audit: {err.where}: {err.source}: {err.message}", err=True)
    code = exit_code(report, exit_zero)
    summary = report.summary()
    failed = summary["failed"] + summary["errored"]
    if exit_zero and failed and not report.tool_failed and not quiet:
        click.echo(t("cli.exit_zero_note", lang, n=failed), err=True)
    return code


@click.group(cls=CatalogueGroup, context_settings={"help_option_names": ["-h", "--help"]})
@version_option(__version__)
@lang_option
def main(lang):
    """Audit government open data: machine readability, completeness, timeliness, sensitive fields."""


@main.command()
@click.argument("paths", nargs=-1, required=False)
@option("--metadata", "metadata", type=click.Path(dir_okay=False), help_key="help.opt.metadata")
@option("--profile", default=None, help_key="help.opt.profile")
@format_option(["auto", *sorted(RENDERERS)])
@output_option()
@option("--baseline", "baseline_file", type=click.Path(dir_okay=False), help_key="help.opt.baseline")
@option("--write-baseline", "write_baseline_file", type=click.Path(dir_okay=False), help_key="help.opt.write_baseline")
@discovery_options
@run_options
def check(
    paths,
    metadata,
    profile,
    fmt,
    output,
    baseline_file,
    write_baseline_file,
    include,
    exclude,
    extend_exclude,
    force_exclude,
    select,
    ignore,
    fail_on,
    exit_zero,
    as_of,
    lang,
    no_examples,
    rules_dir,
    no_plugins,
    color,
    quiet,
    verbose,
    config_file,
    isolated,
    debug,
):
    """Audit data files, folders (recursive) or datapackage.json files."""
    with _guard(debug, lang) as run:
        settings = load_settings(config_file, isolated)
        lang = run.lang = _lang(lang, settings)
        if not paths:
            raise click.UsageError(t("cli.no_paths", lang))
        if baseline_file and write_baseline_file:
            raise UsageError(t("cli.baseline_both", lang))
        known = load_baseline(baseline_file) if baseline_file else None
        bar, on_file, on_rows = _progress_bar(lang) if not quiet else (None, None, None)
        skipped: list[tuple[str, str]] = []
        selection = Selection(
            include=tuple(split_values(include) or settings.include),
            exclude=tuple(split_values(exclude))
            if exclude
            else (tuple(settings.exclude) if settings.exclude is not None else None),
            extend_exclude=tuple(settings.extend_exclude) + tuple(split_values(extend_exclude)),
            force_exclude=force_exclude,
            outputs=tuple(p for p in (output, write_baseline_file) if p),
        )
        options = CheckOptions(
            profile=profile or settings.profile or "default",
            metadata=metadata,
            select=split_values(select) or settings.select,
            ignore=settings.ignore + split_values(ignore),
            fail_on=fail_on or settings.fail_on,
            as_of=as_of.date() if as_of else None,
            lang=lang,
            examples=not no_examples,
            debug=debug,
            rules_dirs=list(rules_dir),
            plugins=not no_plugins,
            progress=on_rows,
            baseline=known,
            exit_zero=exit_zero,
            selection=selection,
            overrides=settings.path_overrides(
                {k for k, given in (("profile", profile), ("select", select), ("fail_on", fail_on)) if given}
            ),
            paths_root=settings.root,
            on_note=lambda path, reason: skipped.append((path, reason)),
            on_file=on_file,
        )
        try:
            if bar is not None:
                with bar:
                    report = audit_paths(list(paths), options)
            else:
                report = audit_paths(list(paths), options)
        except NothingToAudit as exc:
            counts = exc.found.counts()
            detail = (
                t(
                    "cli.nothing_detail",
                    lang,
                    n=len(exc.found.skipped),
                    counts=", ".join(f"{t('reason.' + k, lang)} {v}" for k, v in sorted(counts.items())),
                )
                if counts
                else ""
            )
            raise UsageError(t("cli.nothing", lang, paths=" ".join(paths), detail=detail)) from None
        finally:
            _notes(skipped, lang, verbose, quiet)
        code = _finish(report, fmt, output, color, lang, quiet, verbose, options.exit_zero)
        if write_baseline_file:
            _ensure_folder(write_baseline_file, lang)
            recorded = write_baseline(report, write_baseline_file)
            click.echo(t("cli.baseline_written", lang, file=write_baseline_file, n=recorded), err=True)
        sys.exit(code)


@main.command()
@click.argument("code", required=False)
@lang_option
@format_option(["text", "json"], default="text", key="rules_format")
@rules_dir_option
def rules(code, lang, fmt, rules_dir):
    """List the rule catalog, or explain one rule."""
    from .catalog import describe_rule, rule_catalog

    with _guard(False, lang):
        lang = _lang(lang)
        catalog = rule_catalog(list(rule_dir for rule_dir in rules_dir))
        if code:
            entry = next((r for r in catalog if r["code"] == code.upper() or r["name"] == code), None)
            if entry is None:
                raise UsageError(t("cli.unknown_rule", lang, code=code))
            click.echo(json.dumps(entry, ensure_ascii=False, indent=2) if fmt == "json" else describe_rule(entry, lang))
            return
        if fmt == "json":
            click.echo(json.dumps(catalog, ensure_ascii=False, indent=2))
            return
        for r in catalog:
            title = r["title"].get(lang) or r["title"].get("en", "")
            severity = t("severity." + r["severity"], lang)
            click.echo(f"{r['code']}  {severity:<{7 if lang == 'en' else 2}}  {r['name']:<28} {title}")


@main.command()
@click.argument("name", required=False)
@lang_option
def profiles(name, lang):
    """List profiles, or show one fully resolved."""
    from .profile import builtin_profiles, load_profile
    from .registry import load_registry

    with _guard(False, lang):
        lang = _lang(lang)
        registry = load_registry()
        if name:
            import yaml

            prof = load_profile(name, registry)
            click.echo(yaml.safe_dump(prof.resolved(), allow_unicode=True, sort_keys=False))
            return
        for pname in builtin_profiles():
            prof = load_profile(pname, registry)
            click.echo(f"{pname:<12} {prof.describe(lang)}")


@main.command()
@click.argument("which", type=click.Choice(["report", "metadata"]), default="report")
def schema(which):
    """Print the JSON Schema of the report or of sidecar metadata."""
    click.echo(resources.files("auditor").joinpath(f"schemas/{which}.schema.json").read_text("utf-8"))


def _portal_progress(lang: str):
    """Datasets judged of the declared total, with the time left, on a terminal's stderr."""
    if not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task(t("datasets", lang), total=None)

    def update(done: int, total: int | None) -> None:
        progress.update(task, completed=done, total=total if total and total >= done else None)

    return progress, update


@main.command()
@option("--city", help_key="help.opt.city")
@option("--source", help_key="help.opt.source")
@option(
    "--type",
    "kind",
    type=click.Choice(["ckan", "dcat", "socrata", "opendatasoft", "catalog"]),
    help_key="help.opt.type",
)
@option(
    "--metadata-only/--download", "metadata_only", default=True, show_default=True, help_key="help.opt.metadata_only"
)
@option("--limit", type=click.IntRange(min=1), help_key="help.opt.limit")
@option("--concurrency", type=click.IntRange(1, 64), default=4, show_default=True, help_key="help.opt.concurrency")
@option("--cache", type=click.Path(file_okay=False), help_key="help.opt.cache")
@option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help_key="help.opt.timeout")
@option("--deadline", type=click.FloatRange(min=0.1), default=None, help_key="help.opt.deadline")
@option(
    "--max-size",
    "max_mb",
    type=click.FloatRange(min=0.001),
    default=200.0,
    show_default=True,
    help_key="help.opt.max_size",
)
@option("--retries", type=click.IntRange(0, 10), default=3, show_default=True, help_key="help.opt.retries")
@option("--profile", default=None, help_key="help.opt.portal_profile")
@format_option(["auto", *sorted(RENDERERS)])
@output_option()
@run_options
@option("--store", type=click.Path(dir_okay=False), help_key="help.opt.store")
def portal(
    city,
    source,
    kind,
    metadata_only,
    limit,
    concurrency,
    cache,
    timeout,
    deadline,
    max_mb,
    retries,
    profile,
    fmt,
    output,
    select,
    ignore,
    fail_on,
    exit_zero,
    as_of,
    lang,
    no_examples,
    rules_dir,
    no_plugins,
    color,
    quiet,
    verbose,
    config_file,
    isolated,
    debug,
    store,
):
    """Audit a whole portal catalogue and print its scorecard (the seed study's tables, now).

    Exit 0 every dataset passed; 1 a dataset failed, a part of the catalogue could not be
    read, or the portal could not be reached at all; 2 usage error; 3 the tool failed."""
    from .api import PortalOptions, audit_portal

    with _guard(debug, lang) as run:
        settings = load_settings(config_file, isolated)
        lang = run.lang = _lang(lang, settings)
        bar, update = _portal_progress(lang) if not quiet else (None, None)
        options = PortalOptions(
            city=city,
            source=source,
            type=kind,
            download=not metadata_only,
            limit=limit,
            concurrency=concurrency,
            cache=cache,
            timeout=timeout,
            deadline=deadline,
            max_bytes=int(max_mb * 1024 * 1024),
            retries=retries,
            profile=profile or settings.profile,
            select=split_values(select) or settings.select,
            ignore=settings.ignore + split_values(ignore),
            fail_on=fail_on or settings.fail_on,
            as_of=as_of.date() if as_of else None,
            lang=lang,
            examples=not no_examples,
            debug=debug,
            rules_dirs=list(rule_dir for rule_dir in rules_dir),
            plugins=not no_plugins,
            on_progress=update,
            exit_zero=exit_zero,
        )
        if bar is not None:
            with bar:
                report = audit_portal(options)
        else:
            report = audit_portal(options)
        code = _finish(report, fmt, output, color, lang, quiet, verbose, options.exit_zero)
        if store:
            from .history.store import record_report

            record_report(store, city, source, report)
        if not report.portal["reachable"]:
            click.echo(
                t(
                    "cli.error",
                    lang,
                    message=t("cli.portal_unreachable", lang, error=redact.scrub(report.portal["error"])),
                ),
                err=True,
            )
        sys.exit(code)


@main.command()
@click.argument("reports", nargs=-1, type=click.Path(dir_okay=False))
@format_option(["terminal", "json"], default="terminal", key="compare_format")
@output_option("compare_output")
@lang_option
@color_option
@option("--store", type=click.Path(dir_okay=False, exists=True), help_key="help.opt.compare_store")
@option("--run", "runs", multiple=True, type=click.IntRange(min=1), help_key="help.opt.compare_run")
@option("--city", help_key="help.opt.compare_city")
def compare(reports, fmt, output, lang, color, store, runs, city):
    """Portals side by side: a column per portal report (audit portal --format json), a row per figure."""
    from .portal.compare import compare_documents, read_report

    with _guard(False, lang):
        lang = _lang(lang)
        if not reports and not store:
            raise UsageError.of("err.compare_needs_reports")
        docs = [(path, read_report(path)) for path in reports]
        names: list[str | None] = [None] * len(docs)
        if store:
            from .history.changes import stored_reports
            from .history.store import HistoryStore

            with HistoryStore(store) as hs:
                stored = stored_reports(hs, city, list(runs))
            docs += stored
            names += [label for label, _ in stored]
        table = compare_documents(docs, names)
        _write(_comparison_text(table, fmt, output, lang, color), output, lang)


@main.command()
@option("--store", required=True, type=click.Path(dir_okay=False, exists=True), help_key="help.opt.history_store")
@option("--city", help_key="help.opt.history_city")
@format_option(["text", "json", "html"], default="text", key="history_format")
@output_option("history_output")
@lang_option
def history(store, city, fmt, output, lang):
    """Each scorecard figure across the recorded runs, and the departments and datasets that changed most."""
    from .history.changes import history as build_history
    from .history.store import HistoryStore
    from .reporters.history import RENDER

    with _guard(False, lang):
        lang = _lang(lang)
        with HistoryStore(store) as hs:
            doc = build_history(hs, city)
        _write(RENDER[fmt](doc, lang), output, lang)


def _comparison_text(table: dict, fmt: str, output: str | None, lang: str | None, color: bool | None) -> str:
    from .reporters.scorecard_terminal import render_comparison

    if fmt == "json":
        return json.dumps(table, ensure_ascii=False, indent=2) + "\n"
    tty = output is None and sys.stdout.isatty()
    return render_comparison(table, _lang(lang), color=_color(color, tty))


@main.command()
@click.argument("sweep_file", required=False, type=click.Path(dir_okay=False))
@option("--city", "cities", multiple=True, help_key="help.opt.sweep_city")
@option("--source", "sources", multiple=True, help_key="help.opt.sweep_source")
@option("--metadata-only/--download", "metadata_only", default=None, help_key="help.opt.sweep_mode")
@option("--limit", type=click.IntRange(min=1), help_key="help.opt.sweep_limit")
@option("--cache", type=click.Path(file_okay=False), help_key="help.opt.sweep_cache")
@option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help_key="help.opt.as_of")
@lang_option
@option("--scheduler", help_key="help.opt.scheduler")
@option("--workers", type=click.IntRange(1, 512), help_key="help.opt.workers")
@option("--per-host", type=click.IntRange(1, 64), help_key="help.opt.per_host")
@option("--pages-per-task", type=click.IntRange(min=1), help_key="help.opt.pages_per_task")
@option("--batch", type=click.IntRange(min=1), help_key="help.opt.batch")
@option("--reports", type=click.Path(file_okay=False), help_key="help.opt.sweep_reports")
@option("--store", type=click.Path(dir_okay=False), help_key="help.opt.store")
@format_option(["terminal", "json"], default="terminal", key="sweep_format")
@output_option("compare_output")
@color_option
@debug_option
def sweep(
    sweep_file,
    cities,
    sources,
    metadata_only,
    limit,
    cache,
    as_of,
    lang,
    scheduler,
    workers,
    per_host,
    pages_per_task,
    batch,
    reports,
    store,
    fmt,
    output,
    color,
    debug,
):
    """Audit many portals as tasks on Dask, one report each, and print them side by side.

    Exit 0 every dataset of every portal passed; 1 a dataset failed or a portal (or part of one)
    could not be read; 2 usage error; 3 the tool failed. Interrupted, rerun with the same --cache."""
    from .sweep.command import run_sweep_command

    with _guard(debug, lang) as run:
        given = dict(
            metadata_only=metadata_only,
            limit=limit,
            cache=cache,
            lang=lang,  # as given: a portal of the sweep file may name its own
            as_of=as_of.date().isoformat() if as_of else None,
        )
        settings = dict(
            scheduler=scheduler,
            workers=workers,
            per_host=per_host,
            pages_per_task=pages_per_task,
            batch=batch,
            reports=reports,
            store=store,
        )
        lang = run.lang = _lang(lang)
        try:
            result, table = run_sweep_command(sweep_file, list(cities), list(sources), given, settings)
        except KeyboardInterrupt:
            click.echo(t("cli.sweep_interrupted", lang), err=True)
            sys.exit(130)
        _write(_comparison_text(table, fmt, output, lang, color), output, lang)
        click.echo(
            t("cli.sweep_done", lang, portals=len(result.heads), run=result.tasks_run, skipped=result.tasks_skipped,
              failed=result.tasks_failed, seconds=result.seconds),
            err=True,
        )
        sys.exit(result.exit_code)


@main.command("fix")
@click.argument("paths", nargs=-1, required=True)
@option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False), help_key="help.opt.fix_output")
@option("--profile", default="default", show_default=True, help_key="help.opt.profile")
@option("--metadata", type=click.Path(dir_okay=False), help_key="help.opt.metadata")
@option("--dry-run", is_flag=True, help_key="help.opt.dry_run")
@option("--mask-sensitive/--keep-sensitive", "mask", default=True, show_default=True, help_key="help.opt.mask")
@option("--drop-duplicates", is_flag=True, help_key="help.opt.drop_duplicates")
@option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help_key="help.opt.as_of")
@lang_option
@debug_option
def fix_command(paths, out_dir, profile, metadata, dry_run, mask, drop_duplicates, as_of, lang, debug):
    """Repair print-style tables into a clean data package in OUT_DIR, then re-audit it.

    Exit 0 the output has none of the findings the repairs address; 1 some remain (listed);
    2 usage error; 3 the tool failed. The input files are never modified."""
    from .fix import FixOptions, fix_paths
    from .fix.report import render_fix

    with _guard(debug, lang) as run:
        lang = run.lang = _lang(lang)
        options = FixOptions(
            out_dir=out_dir,
            profile=profile,
            metadata=metadata,
            dry_run=dry_run,
            keep_sensitive=not mask,
            drop_duplicates=drop_duplicates,
            as_of=as_of.date() if as_of else None,
            lang=lang,
        )
        result = fix_paths(list(paths), options)
        click.echo(render_fix(result, options.lang), nl=False)
        for warning in result.warnings:
            click.echo(t("cli.warning", lang, message=warning), err=True)
        sys.exit(EXIT_FAIL if result.failed else EXIT_OK)
