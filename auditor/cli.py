"""The `audit` command: parse options, call the api, render, exit (DESIGN §3).

Exit codes: 0 every dataset passed · 1 a dataset failed · 2 usage or
configuration error · 3 the tool itself failed. No traceback without --debug.
"""
from __future__ import annotations

import json
import os
import signal
import sys
from contextlib import contextmanager
from importlib import resources

import click

from . import __version__, redact
from .api import CheckOptions, audit_paths, exit_code
from .baseline import load_baseline, write_baseline
from .errors import UsageError
from .i18n import default_lang
from .reporters import RENDERERS, render
from .reporters.auto import choose_format

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_TOOL = 0, 1, 2, 3


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


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
def _guard(debug: bool):
    """Turn our usage errors into exit 2, an interruption into 130 (143 for SIGTERM) after
    the cleanups ran, and anything unexpected into exit 3."""
    try:
        with _signals():
            yield
    except UsageError as exc:
        click.echo(f"audit: error: {redact.scrub(str(exc))}", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt as exc:
        terminated = isinstance(exc, _Terminated)
        click.echo(f"audit: {'terminated' if terminated else 'interrupted'}: no report written", err=True)
        sys.exit(128 + (signal.SIGTERM if terminated else signal.SIGINT))
    except (click.exceptions.Exit, click.ClickException, SystemExit):
        raise
    except Exception as exc:
        if debug:
            import traceback

            click.echo(redact.scrub(traceback.format_exc()), err=True)
        click.echo(f"audit: internal error: {redact.scrub(f'{type(exc).__name__}: {exc}')}"
                   + ("" if debug else " (run with --debug for details)"), err=True)
        sys.exit(EXIT_TOOL)


def _write(text: str, output: str | None) -> None:
    """Open the output file only when there is something to write (pip-audit)."""
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        click.echo(text, nl=False)


def _progress_bar():
    """A progress callback drawing on stderr (rows read, bytes left), only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                        TextColumn("{task.fields[rows]:,} rows"), TimeRemainingColumn(),
                        console=Console(stderr=True), transient=True)
    tasks: dict[str, int] = {}

    def update(source: str, rows: int, done: int, total: int) -> None:
        if source not in tasks:
            tasks[source] = progress.add_task(source, total=total or None, rows=0)
        progress.update(tasks[source], completed=done, rows=rows)

    return progress, update


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="audit")
def main():
    """Audit government open data: machine readability, completeness, timeliness, sensitive fields."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--metadata", "metadata", type=click.Path(dir_okay=False), help="Metadata file for the data (YAML/JSON, Chinese or English keys, or datapackage.json).")
@click.option("--profile", default="default", show_default=True, help="Built-in profile name or a YAML file.")
@click.option("--format", "fmt", type=click.Choice(["auto", *sorted(RENDERERS)]), default="auto", show_default=True,
              help="auto: github under GitHub Actions, colour on a terminal, plain text otherwise; "
                   "with -o, the file's extension (.xml junit, .sarif, .html, .md, .json).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False),
              help="Report only findings this baseline does not know; the exit code follows the new ones.")
@click.option("--write-baseline", "write_baseline_file", type=click.Path(dir_okay=False),
              help="Record the current findings (by code, file, table, column) as a baseline in FILE.")
@click.option("--select", multiple=True, help="Only these codes or prefixes (e.g. SF,MR001).")
@click.option("--ignore", multiple=True, help="Skip these codes or prefixes.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None, help="Lowest severity that fails a dataset (default from the profile: error).")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Pin 'today' for timeliness (YYYY-MM-DD).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="Message language (default from the locale).")
@click.option("--no-examples", is_flag=True, help="Drop example values from findings.")
@click.option("--rules-dir", multiple=True, type=click.Path(file_okay=False), help="A folder of extra rule packs.")
@click.option("--no-plugins", is_flag=True, help="Do not load third-party rule packs from entry points.")
@click.option("--color/--no-color", default=None, help="Colour in terminal output (default: when writing to a terminal).")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors (values are still redacted).")
def check(paths, metadata, profile, fmt, output, baseline_file, write_baseline_file, select, ignore, fail_on, as_of,
          lang, no_examples, rules_dir, no_plugins, color, debug):
    """Audit data files, folders (recursive) or datapackage.json files."""
    with _guard(debug):
        if baseline_file and write_baseline_file:
            raise UsageError("--baseline and --write-baseline cannot be combined: write a baseline from a full run")
        known = load_baseline(baseline_file) if baseline_file else None
        bar, update = _progress_bar()
        options = CheckOptions(
            profile=profile, metadata=metadata, select=_split(select), ignore=_split(ignore),
            fail_on=fail_on, as_of=as_of.date() if as_of else None, lang=lang or default_lang(),
            examples=not no_examples, debug=debug, rules_dirs=list(rules_dir), plugins=not no_plugins,
            progress=update, baseline=known,
        )
        if bar is not None:
            with bar:
                report = audit_paths(list(paths), options)
        else:
            report = audit_paths(list(paths), options)
        tty = output is None and sys.stdout.isatty()
        fmt, auto_color = choose_format(output, os.environ, tty) if fmt == "auto" else (fmt, tty)
        _write(render(report, fmt, color=auto_color if color is None else color), output)
        if write_baseline_file:
            recorded = write_baseline(report, write_baseline_file)
            click.echo(f"audit: baseline {write_baseline_file}: {recorded} finding(s) recorded", err=True)
        for err in report.errors:
            click.echo(f"audit: {err.where}: {err.source}: {err.message}", err=True)
        sys.exit(exit_code(report))


@main.command()
@click.argument("code", required=False)
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--rules-dir", multiple=True, type=click.Path(file_okay=False))
def rules(code, lang, fmt, rules_dir):
    """List the rule catalog, or explain one rule."""
    from .catalog import describe_rule, rule_catalog

    with _guard(False):
        lang = lang or default_lang()
        catalog = rule_catalog(list(rule_dir for rule_dir in rules_dir))
        if code:
            entry = next((r for r in catalog if r["code"] == code.upper() or r["name"] == code), None)
            if entry is None:
                raise UsageError(f"unknown rule {code!r}; run 'audit rules' for the list")
            click.echo(json.dumps(entry, ensure_ascii=False, indent=2) if fmt == "json" else describe_rule(entry, lang))
            return
        if fmt == "json":
            click.echo(json.dumps(catalog, ensure_ascii=False, indent=2))
            return
        for r in catalog:
            click.echo(f"{r['code']}  {r['severity']:<7}  {r['name']:<28} {r['title'].get(lang) or r['title'].get('en', '')}")


@main.command()
@click.argument("name", required=False)
def profiles(name):
    """List profiles, or show one fully resolved."""
    from .profile import builtin_profiles, load_profile
    from .registry import load_registry

    with _guard(False):
        registry = load_registry()
        if name:
            import yaml

            prof = load_profile(name, registry)
            click.echo(yaml.safe_dump(prof.resolved(), allow_unicode=True, sort_keys=False))
            return
        for pname in builtin_profiles():
            prof = load_profile(pname, registry)
            click.echo(f"{pname:<12} {prof.description}")


@main.command()
@click.argument("which", type=click.Choice(["report", "metadata"]), default="report")
def schema(which):
    """Print the JSON Schema of the report or of sidecar metadata."""
    click.echo(resources.files("auditor").joinpath(f"schemas/{which}.schema.json").read_text("utf-8"))


def _portal_progress():
    """Datasets judged of the declared total, with the time left, on a terminal's stderr."""
    if not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=Console(stderr=True), transient=True)
    task = progress.add_task("datasets", total=None)

    def update(done: int, total: int | None) -> None:
        progress.update(task, completed=done, total=total if total and total >= done else None)

    return progress, update


@main.command()
@click.option("--city", help="A city profile with a portal block (audit profiles), e.g. beijing or demo.")
@click.option("--source", help="Catalogue URL (CKAN, DCAT, Socrata, OpenDataSoft) or a path: an export or a folder.")
@click.option("--type", "kind", type=click.Choice(["ckan", "dcat", "socrata", "opendatasoft", "catalog"]),
              help="The kind of catalogue (detected when omitted).")
@click.option("--metadata-only/--download", "metadata_only", default=True, show_default=True,
              help="Judge the catalogue's metadata only, or also download and audit each distribution and check links.")
@click.option("--limit", type=click.IntRange(min=1), help="Audit at most N datasets.")
@click.option("--concurrency", type=click.IntRange(1, 64), default=4, show_default=True, help="Parallel requests.")
@click.option("--cache", type=click.Path(file_okay=False), help="Keep responses here; a rerun resumes from them.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Seconds per request.")
@click.option("--max-size", "max_mb", type=click.FloatRange(min=0.001), default=200.0, show_default=True,
              help="Largest response read, in MB.")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
              help="Retries on 429, 5xx and timeouts (with backoff, honouring Retry-After).")
@click.option("--profile", default=None, help="Rules from this profile instead of the city's.")
@click.option("--format", "fmt", type=click.Choice(["auto", *sorted(RENDERERS)]), default="auto", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.option("--select", multiple=True, help="Only these codes or prefixes.")
@click.option("--ignore", multiple=True, help="Skip these codes or prefixes.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None)
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Pin 'today' (YYYY-MM-DD).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None)
@click.option("--no-examples", is_flag=True, help="Drop example values from findings.")
@click.option("--rules-dir", multiple=True, type=click.Path(file_okay=False))
@click.option("--no-plugins", is_flag=True)
@click.option("--color/--no-color", default=None)
@click.option("--debug", is_flag=True)
@click.option("--store", type=click.Path(dir_okay=False), help="Record the run in this history database (SQLite).")
def portal(city, source, kind, metadata_only, limit, concurrency, cache, timeout, max_mb, retries, profile, fmt,
           output, select, ignore, fail_on, as_of, lang, no_examples, rules_dir, no_plugins, color, debug, store):
    """Audit a whole portal catalogue and print its scorecard (the seed study's tables, now).

    Exit 0 every dataset passed; 1 a dataset failed, a part of the catalogue could not be
    read, or the portal could not be reached at all; 2 usage error; 3 the tool failed."""
    from .api import PortalOptions, audit_portal

    with _guard(debug):
        bar, update = _portal_progress()
        options = PortalOptions(
            city=city, source=source, type=kind, download=not metadata_only, limit=limit, concurrency=concurrency,
            cache=cache, timeout=timeout, max_bytes=int(max_mb * 1024 * 1024), retries=retries, profile=profile,
            select=_split(select), ignore=_split(ignore), fail_on=fail_on, as_of=as_of.date() if as_of else None,
            lang=lang or default_lang(), examples=not no_examples, debug=debug, rules_dirs=list(rules_dir),
            plugins=not no_plugins, on_progress=update,
        )
        if bar is not None:
            with bar:
                report = audit_portal(options)
        else:
            report = audit_portal(options)
        tty = output is None and sys.stdout.isatty()
        fmt, auto_color = choose_format(output, os.environ, tty) if fmt == "auto" else (fmt, tty)
        _write(render(report, fmt, color=auto_color if color is None else color), output)
        if store:
            from .history.store import record_report

            record_report(store, city, source, report)
        if not report.portal["reachable"]:
            click.echo(f"audit: error: the portal catalogue cannot be read: {redact.scrub(report.portal['error'])}",
                       err=True)
        for err in report.errors:
            click.echo(f"audit: {err.where}: {err.source}: {err.message}", err=True)
        sys.exit(exit_code(report))


@main.command()
@click.argument("reports", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["terminal", "json"]), default="terminal", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the comparison to this file.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None)
@click.option("--color/--no-color", default=None)
@click.option("--store", type=click.Path(dir_okay=False, exists=True),
              help="Take portals from this history store: each one's latest run, or the runs given by --run.")
@click.option("--run", "runs", multiple=True, type=click.IntRange(min=1), help="A run id in the store (repeatable).")
@click.option("--city", help="With --store: only this portal or city.")
def compare(reports, fmt, output, lang, color, store, runs, city):
    """Portals side by side: a column per portal report (audit portal --format json), a row per figure."""
    from .portal.compare import compare_documents, read_report

    with _guard(False):
        if not reports and not store:
            raise UsageError("give portal reports (audit portal --format json -o FILE) or --store FILE")
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
        _write(_comparison_text(table, fmt, output, lang, color), output)


@main.command()
@click.option("--store", required=True, type=click.Path(dir_okay=False, exists=True), help="The history database.")
@click.option("--city", help="Only this portal (its sweep name) or city.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the history to this file.")
def history(store, city, fmt, output):
    """Each scorecard figure across the recorded runs, and the departments and datasets that changed most."""
    from .history.changes import history as build_history
    from .history.store import HistoryStore
    from .reporters.history import RENDER

    with _guard(False):
        with HistoryStore(store) as hs:
            doc = build_history(hs, city)
        _write(RENDER[fmt](doc), output)


def _comparison_text(table: dict, fmt: str, output: str | None, lang: str | None, color: bool | None) -> str:
    from .reporters.scorecard_terminal import render_comparison

    if fmt == "json":
        return json.dumps(table, ensure_ascii=False, indent=2) + "\n"
    tty = output is None and sys.stdout.isatty()
    return render_comparison(table, lang or default_lang(), color=tty if color is None else color)


@main.command()
@click.argument("sweep_file", required=False, type=click.Path(dir_okay=False))
@click.option("--city", "cities", multiple=True, help="A city profile to sweep (repeatable).")
@click.option("--source", "sources", multiple=True, help="A catalogue URL or path to sweep (repeatable).")
@click.option("--metadata-only/--download", "metadata_only", default=None,
              help="For every portal (default: metadata only).")
@click.option("--limit", type=click.IntRange(min=1), help="Audit at most N datasets per portal.")
@click.option("--cache", type=click.Path(file_okay=False),
              help="Responses and the task spool; a rerun with the same folder resumes.")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Pin 'today' (YYYY-MM-DD).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None)
@click.option("--scheduler", help="Address of a running Dask scheduler (tcp://HOST:8786); default: a local cluster.")
@click.option("--workers", type=click.IntRange(1, 512), help="Workers of the local cluster (default: one per core).")
@click.option("--per-host", type=click.IntRange(1, 64),
              help="Requests in flight per host across all workers (default 2).")
@click.option("--pages-per-task", type=click.IntRange(min=1), help="Pages of a paged API per task (default 10).")
@click.option("--batch", type=click.IntRange(min=1), help="Datasets per task when downloading (default 200).")
@click.option("--reports", type=click.Path(file_okay=False), help="Write each portal's JSON report here as NAME.json.")
@click.option("--store", type=click.Path(dir_okay=False), help="Record the run in this history database (SQLite).")
@click.option("--format", "fmt", type=click.Choice(["terminal", "json"]), default="terminal", show_default=True,
              help="Of the comparison table.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the comparison table to this file.")
@click.option("--color/--no-color", default=None)
@click.option("--debug", is_flag=True)
def sweep(sweep_file, cities, sources, metadata_only, limit, cache, as_of, lang, scheduler, workers, per_host,
          pages_per_task, batch, reports, store, fmt, output, color, debug):
    """Audit many portals as tasks on Dask, one report each, and print them side by side.

    Exit 0 every dataset of every portal passed; 1 a dataset failed or a portal (or part of one)
    could not be read; 2 usage error; 3 the tool failed. Interrupted, rerun with the same --cache."""
    from .sweep.command import run_sweep_command

    with _guard(debug):
        given = dict(metadata_only=metadata_only, limit=limit, cache=cache, lang=lang,
                     as_of=as_of.date().isoformat() if as_of else None)
        settings = dict(scheduler=scheduler, workers=workers, per_host=per_host, pages_per_task=pages_per_task,
                        batch=batch, reports=reports, store=store)
        try:
            result, table = run_sweep_command(sweep_file, list(cities), list(sources), given, settings)
        except KeyboardInterrupt:
            click.echo("audit: sweep interrupted; run it again with the same --cache to resume", err=True)
            sys.exit(130)
        _write(_comparison_text(table, fmt, output, lang, color), output)
        click.echo(f"audit: sweep: {len(result.heads)} portal(s), {result.tasks_run} task(s) run, "
                   f"{result.tasks_skipped} already done, {result.tasks_failed} failed, {result.seconds:.1f} s",
                   err=True)
        sys.exit(result.exit_code)
