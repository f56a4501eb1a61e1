"""The ``gknb`` command line: one typer app, commands registered by the modules in gknb.commands.

``main`` is the one place errors reach the user: a ``GknbError`` is one line (what happened,
then what to do) with its exit code — 2 for a usage mistake, 1 for a failure — and anything
else is one line naming the exception; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import sys

import typer
from rich.markup import escape

from gknb.errors import GknbError

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # main() reports errors; --debug shows plain tracebacks
    help="gknb — China's government information disclosure annual reports as open data.",
)

_options = {"debug": False}


@app.callback()
def _root(debug: bool = typer.Option(False, "--debug", help="Show tracebacks instead of one-line errors.")) -> None:
    """Global options, read before any command runs."""
    _options["debug"] = debug


def error_line(exc: BaseException) -> str:
    """What the user reads: the message, then the hint, plain text (markup and control characters escaped)."""
    if isinstance(exc, GknbError):
        text = exc.message + (f" — {exc.hint}" if exc.hint else "")
    else:
        text = f"unexpected {type(exc).__name__}: {exc} — run again with --debug for the traceback"
    printable = "".join(ch if ch.isprintable() or ch == " " else "?" for ch in " ".join(text.split()))
    return escape(printable)


def main() -> None:
    try:
        app()
    except Exception as exc:
        if _options["debug"]:
            raise
        from rich.console import Console

        Console(stderr=True, soft_wrap=True).print(f"[red]error:[/] {error_line(exc)}", highlight=False)
        sys.exit(exc.exit_code if isinstance(exc, GknbError) else 1)


# Command modules register themselves on ``app`` when imported.
from gknb.commands import parse as _parse  # noqa: E402,F401
from gknb.commands import flows as _flows  # noqa: E402,F401
from gknb.commands import warehouse as _warehouse  # noqa: E402,F401
from gknb.commands import crawl as _crawl  # noqa: E402,F401
