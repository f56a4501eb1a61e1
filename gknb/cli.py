"""The ``gknb`` command line: one typer app, commands registered by the modules in gknb.commands."""

from __future__ import annotations

import typer

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="gknb — China's government information disclosure annual reports as open data.",
)


@app.callback()
def _root() -> None:
    """Keeps gknb a command group even while only one command is registered."""


def main() -> None:
    app()


# Command modules register themselves on ``app`` when imported.
from gknb.commands import parse as _parse  # noqa: E402,F401
from gknb.commands import flows as _flows  # noqa: E402,F401
from gknb.commands import warehouse as _warehouse  # noqa: E402,F401
from gknb.commands import crawl as _crawl  # noqa: E402,F401
from gknb.commands import site as _site  # noqa: E402,F401
