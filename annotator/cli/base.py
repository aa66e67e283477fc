"""The ``annotator`` group, its entry point, and what every verb shares: one line on stderr and exit 1 for
a user error, a progress bar on a terminal."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from typing import Any

import click

from annotator import __version__
from annotator.core.jobs import JobControl
from annotator.errors import AnnotatorError, Errors


def _print_version(context: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or context.resilient_parsing:
        return
    from annotator.versions import component_versions

    parts = ", ".join(f"{name} {version}" for name, version in component_versions().items())
    click.echo(f"annotator {__version__} ({parts})")
    context.exit()


def _run_self_test(context: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or context.resilient_parsing:
        return
    from annotator.selftest import run_self_test

    context.exit(run_self_test())


def terminal_control() -> JobControl:
    """A control that draws a one-line progress bar on stderr when it is a terminal."""
    stream = sys.stderr
    interactive = stream.isatty()

    def show(done: int, total: int, message: str) -> None:
        if not interactive or total <= 0:
            return
        width = 30
        filled = int(width * done / total)
        bar = "#" * filled + "-" * (width - filled)
        stream.write(f"\r[{bar}] {done}/{total} {message[:40]:<40}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return JobControl(show)


def user_errors(function: Callable[..., Any]) -> Callable[..., Any]:
    """Turn an AnnotatorError into one line on stderr and exit code 1."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except AnnotatorError as error:
            failure = error
        except sqlite3.DatabaseError as error:  # a damaged file the store did not recognise as such
            failure = AnnotatorError(Errors.E014, error=error)
        click.echo(f"error: [{failure.code}] {failure}" if failure.code else f"error: {failure}", err=True)
        sys.exit(1)

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


@click.group()
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the versions of annotator, Qt, spaCy and SQLite, then exit.")
@click.option("--self-test", is_flag=True, expose_value=False, is_eager=True, callback=_run_self_test,
              help="Import the sample articles, tag and export one name offscreen; exit 0 if all works.")
def cli() -> None:
    """Tag entities and events in news articles and export training data.

    Run without arguments (or with a project file) to open the desktop app.
    """


def main(argv: list[str] | None = None) -> None:
    """Console entry point: the GUI when given nothing or a project file, else the CLI."""
    args = sys.argv[1:] if argv is None else argv
    if not args or (len(args) == 1 and not args[0].startswith("-") and args[0] not in cli.commands):
        from annotator.launch import start_app

        start_app(args[0] if args else None)
    cli.main(args=args, prog_name="annotator")
