"""``gknb site``: build the static site of a warehouse (the work is in load/site/)."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.console import Console

from gknb.cli import app
from gknb.commands.warehouse import DbOption
from gknb.load.site.build import NotASiteFolder, build_site
from gknb.load.warehouse import db_path


@app.command()
def site(
    out: Path = typer.Option(..., "--out", help="Folder for the site (a new or empty one, or an earlier site)."),
    db: Path | None = DbOption,
    archive: Path | None = typer.Option(
        None, "--archive", envvar="GKNB_ARCHIVE",
        help="Crawl archive to link archived copies from (default: the archive/ folder beside the warehouse).",
    ),
) -> None:
    """Build a static site: overview, a page per agency with charts, a page per report with provenance."""
    path = db_path(db)
    if not path.exists():
        raise typer.BadParameter(f"{path} does not exist: run `gknb ingest` or `gknb demo` first", param_hint="--db")
    started = time.monotonic()
    try:
        summary = build_site(path, out, archive=archive or path.parent / "archive")
    except NotASiteFolder as err:
        raise typer.BadParameter(str(err), param_hint="--out") from err
    Console().print(
        f"gknb site → {out}: {summary.pages} pages ({summary.agencies} agencies, {summary.reports} reports) "
        f"in {time.monotonic() - started:.1f} s; open {out / 'index.html'}"
    )
