"""The ``gknb`` command line: one typer app, commands registered by the modules in gknb.commands.

Errors reach the user in one place each: a ``GknbError`` from any command is one line (what
happened, then what to do) with its exit code — 2 for a usage mistake, 1 for a failure —
printed by the command group (so tests invoking ``app`` see the same); anything else is
one line naming the exception, printed by ``main``.  ``--debug`` shows tracebacks instead.
"""

from __future__ import annotations

import sys
from typing import Any

import click
import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from gknb.errors import GknbError

_options = {"debug": False}


def error_line(exc: BaseException) -> str:
    """What the user reads: the message, then the hint, as plain text (markup and control characters escaped)."""
    if isinstance(exc, GknbError):
        text = exc.message + (f" — {exc.hint}" if exc.hint else "")
    else:
        text = f"unexpected {type(exc).__name__}: {exc} — run again with --debug for the traceback"
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    return escape(" ".join(printable.split()))


def _report(exc: BaseException) -> None:
    Console(stderr=True, soft_wrap=True, highlight=False).print(f"[red]error:[/] {error_line(exc)}")


class _Commands(TyperGroup):
    """The command group: a GknbError from a command becomes its one line and exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GknbError as exc:
            if _options["debug"]:
                raise
            _report(exc)
            ctx.exit(exc.exit_code)


app = typer.Typer(
    cls=_Commands,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # main() reports errors; --debug shows plain tracebacks
    help="gknb — China's government information disclosure annual reports as open data.",
)


@app.callback()
def _root(debug: bool = typer.Option(False, "--debug", help="Show tracebacks instead of one-line errors.")) -> None:
    """Global options, read before any command runs."""
    _options["debug"] = debug


def main() -> None:
    try:
        app()
    except Exception as exc:  # not a GknbError (those end in the group): a bug or an unforeseen failure
        if _options["debug"]:
            raise
        _report(exc)
        sys.exit(exc.exit_code if isinstance(exc, GknbError) else 1)


# Command modules register themselves on ``app`` when imported.
from gknb.commands import parse as _parse  # noqa: E402,F401
from gknb.commands import flows as _flows  # noqa: E402,F401
from gknb.commands import warehouse as _warehouse  # noqa: E402,F401
from gknb.commands import crawl as _crawl  # noqa: E402,F401
from gknb.commands import site as _site  # noqa: E402,F401
