"""``gknb ingest | query | export | checks``: the warehouse from the command line.

Thin wrappers: ingest and export run the pipeline's steps (``gknb.flows.pipeline``, the
ones the Prefect flows run), the queries are load/'s.  The database is ``--db``, else
``GKNB_DB``, else gknb.duckdb in ``GKNB_DATA_DIR`` (./data).
"""

from __future__ import annotations

import contextlib
import sys
from enum import Enum
from pathlib import Path

import duckdb
import polars as pl
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from gknb.cli import app
from gknb.errors import GknbError, WarehouseBusy
from gknb.terminal import plain, safe
from gknb.load import quality
from gknb.load.last_export import export_dir_for, open_last_export
from gknb.load.warehouse import Warehouse, db_path
from gknb.flows import documents, pipeline
from gknb.model.document import DocumentRecord
from gknb.transform.isolate import ParsePool
from gknb.model.report import STATUS_FAILED
from gknb.transform.report import Report

DbOption = typer.Option(None, "--db", help="DuckDB file (default: GKNB_DB, else gknb.duckdb in GKNB_DATA_DIR, ./data).")


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _print_frame(console: Console, df: pl.DataFrame, title: str | None = None) -> None:
    """Values as Text, never markup: they hold what documents said (``[/]`` included)."""
    table = Table(title=title)
    for name in df.columns:
        table.add_column(Text(plain(name)), overflow="fold")  # wrap long values rather than cut them
    for row in df.iter_rows():
        table.add_row(*(Text("" if v is None else plain(v)) for v in row))
    console.print(table)


def _existing(db: Path | None) -> Path:
    path = db_path(db)
    if not path.exists():
        raise typer.BadParameter(f"{path} does not exist: run `gknb ingest` first", param_hint="--db")
    return path


def _open_existing(db: Path | None) -> Warehouse:
    return Warehouse(_existing(db), read_only=True)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Report documents, or folders of them."),
    db: Path | None = DbOption,
    recursive: bool = typer.Option(False, "--recursive", "-r", help="Descend into sub-folders."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when any document failed to parse."),
) -> None:
    """Parse documents and load them into the warehouse, one transaction per document.

    Each document is parsed in a worker under a memory and time budget (``GKNB_PARSE_MEMORY_MB``,
    ``GKNB_PARSE_SECONDS``); one that breaks it is recorded failed with the reason, and the rest load.
    The loop is the flows' (``gknb.flows.pipeline.ingest``), one document at a time on a local pool.
    """
    console = Console(stderr=True)
    found = documents.from_paths(paths, recursive=recursive)
    errors, refs = list(found.unreadable), found.records
    target = db_path(db)
    with Warehouse(target) as wh, ParsePool() as pool, Progress(
        TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        TextColumn("{task.description}"), console=console, transient=True,
    ) as progress:
        task = progress.add_task("", total=len(refs))

        def parse(chunk: list[DocumentRecord]) -> pipeline.Deferred:
            def run() -> list[Report]:
                progress.update(task, description=safe(Path(chunk[0].path).name))
                return [pipeline.parse_ref(chunk[0], pool)]

            return pipeline.Deferred(run)

        def load(pairs: list[tuple[DocumentRecord, Report]]) -> dict[str, str]:
            progress.advance(task)
            try:
                return pipeline.load_reports(wh, pairs)
            except GknbError:
                raise  # a full disk: the next document would fail the same way
            except Exception as err:  # a load error must not stop the batch; its transaction rolled back
                errors.append(f"{pairs[0][0].path}: load failed: {type(err).__name__}: {err}")
                return {}

        # One document per transaction on the local pool; the pool's workers start only if one is parsed.
        summary = pipeline.ingest(refs, wh, parser=lambda: contextlib.nullcontext(parse), load=load,
                                  batch_size=1, in_flight=1)
    given = {ref.source: ref.path for ref in refs}
    failed = [f"{given[f['source']]}: {f['error']}" for f in summary.failures if f["status"] == STATUS_FAILED]
    table = Table("documents", "count", title=f"gknb ingest → {safe(target)}")
    for name, n in sorted(summary.outcomes.items()):
        table.add_row(name, str(n))
    for name, n in sorted(summary.by_status.items()):
        table.add_row(f"parse status: {name}", str(n))
    Console().print(table)
    if failed:
        console.print(f"[yellow]{len(failed)} of {len(found.files)} documents failed to parse[/] (recorded in the documents table):")
        for line in failed:
            console.print(f"  {safe(line)}", soft_wrap=True)
    for e in errors:
        console.print(f"[red]error:[/] {safe(e)}", soft_wrap=True)
    raise typer.Exit(code=1 if errors or (strict and failed) else 0)


@app.command()
def query(
    sql: str = typer.Argument(..., help="SQL over the warehouse tables and views."),
    db: Path | None = DbOption,
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, csv or json."),
) -> None:
    """Run SQL against the warehouse and print the last statement's result.

    The connection is read-only and cannot reach files or change its own settings (ATTACH,
    COPY … TO, read_text and the like fail).  While another process writes the warehouse
    (the nightly run) it waits ``GKNB_BUSY_WAIT_SECONDS``, then answers SELECTs from the last
    export (tables only, not the views), saying so; with no export it says the warehouse is busy.
    """
    path = _existing(db)
    try:
        con = Warehouse.for_query(path)
    except WarehouseBusy as busy:
        con = open_last_export(export_dir_for(path), sql)
        if con is None:
            raise
        Console(stderr=True).print(
            f"[yellow]{safe(busy.message)}[/]: answered from the last export in {safe(export_dir_for(path))}", soft_wrap=True
        )
    try:
        result = con.sql(sql)
        df = result.pl() if result is not None else pl.DataFrame()
    except duckdb.Error as err:
        Console(stderr=True).print(f"[red]query failed:[/] {safe(err)}", soft_wrap=True)
        raise typer.Exit(code=1) from err
    finally:
        con.close()
    if fmt is OutputFormat.csv:
        sys.stdout.write(df.write_csv())
    elif fmt is OutputFormat.json:
        sys.stdout.write(df.write_json() + "\n")
    else:
        _print_frame(Console(), df)


@app.command("export")
def export_command(
    out: Path = typer.Option(..., "--out", help="Export folder: each release is a new dated folder inside it."),
    db: Path | None = DbOption,
    csv: bool = typer.Option(True, "--csv/--no-csv", help="Also write CSV per table (for tools, and for Excel)."),
    force: bool = typer.Option(False, "--force", help="Cut a new release even when the data is unchanged."),
) -> None:
    """Publish a release: parquet and CSV per table and view, datapackage.json, DATA.md, SHA256SUMS, changes."""
    path = db_path(db)
    if not path.exists():
        raise typer.BadParameter(f"{path} does not exist: run `gknb ingest` first", param_hint="--db")
    release = pipeline.export(path, out, csv=csv, force=force)
    table = Table("table", "rows", "files", title=f"gknb export: release {release.id}")
    for t in release.export.tables:
        table.add_row(t.name, f"{t.rows:,}", str(len(t.files)))
    console = Console()
    console.print(table)
    state = "written to" if release.created else "unchanged: no new release; latest is still"
    console.print(f"release {release.id} {state} {safe(str(release.path))}", soft_wrap=True)
    console.print(release.changes.headline(), soft_wrap=True)


@app.command()
def checks(
    db: Path | None = DbOption,
    agency: str | None = typer.Option(None, help="Only this canonical agency."),
) -> None:
    """Quality summary: every check, each report failing it with the numbers that disagree, and conflicts."""
    console = Console()
    with _open_existing(db) as wh:
        _print_frame(console, quality.check_summary(wh), "checks")
        failing = quality.failures(wh, agency)
        conflicting = quality.conflicts(wh)
    if failing.is_empty():
        console.print("no failing checks")
    else:
        columns = ("agency", "year", "check_name", "subject", "detail", "blank_as_zero")
        _print_frame(console, failing.select(columns), "failing checks")
    if not conflicting.is_empty():
        _print_frame(console, conflicting, "reports claiming the same agency and year")
