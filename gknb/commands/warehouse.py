"""``gknb ingest | query | export | checks``: the warehouse from the command line.

Thin wrappers: the work is in load/ (the Prefect flows call the same functions).  The
database is ``--db``, else ``$GKNB_DB``, else data/gknb.duckdb.
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from enum import Enum
from pathlib import Path

import polars as pl
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from gknb.model.versions import PARSER_VERSION
from gknb.cli import app
from gknb.load import quality
from gknb.load.export import export as export_warehouse
from gknb.load.warehouse import DB_ENV, UNCHANGED, Warehouse, db_path
from gknb.transform.parse import parse_path

DbOption = typer.Option(None, "--db", envvar=DB_ENV, help="DuckDB file (default data/gknb.duckdb).")


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def document_files(paths: list[Path], recursive: bool) -> list[Path]:
    """Files named, and the files in folders named (sorted; hidden files skipped)."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            listing = p.rglob("*") if recursive else p.iterdir()
            found += sorted(
                f for f in listing if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            found.append(p)
    return found


def _print_frame(console: Console, df: pl.DataFrame, title: str | None = None) -> None:
    table = Table(title=title)
    for name in df.columns:
        table.add_column(name, overflow="fold")  # wrap long values rather than cut them
    for row in df.iter_rows():
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


def _open_existing(db: Path | None) -> Warehouse:
    path = db_path(db)
    if not path.exists():
        raise typer.BadParameter(f"{path} does not exist: run `gknb ingest` first", param_hint="--db")
    return Warehouse(path, read_only=True)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Report documents, or folders of them."),
    db: Path | None = DbOption,
    recursive: bool = typer.Option(False, "--recursive", "-r", help="Descend into sub-folders."),
) -> None:
    """Parse documents and load them into the warehouse, one transaction per document."""
    console = Console(stderr=True)
    files = document_files(paths, recursive)
    outcomes: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    errors: list[str] = []
    with Warehouse(db) as wh, Progress(
        TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        TextColumn("{task.description}"), console=console, transient=True,
    ) as progress:
        task = progress.add_task("", total=len(files))
        for path in files:
            progress.update(task, description=path.name)
            source = str(path.resolve())
            try:
                sha = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError as err:
                errors.append(f"{path}: cannot read: {err}")
                progress.advance(task)
                continue
            if wh.latest_version(source) == (sha, PARSER_VERSION):
                outcomes[UNCHANGED] += 1
            else:
                report = parse_path(Path(source))
                statuses[report.status] += 1
                try:
                    outcomes[wh.ingest_report(report, Path(source))] += 1
                except Exception as err:  # a load error must not stop the batch; its transaction rolled back
                    errors.append(f"{path}: load failed: {type(err).__name__}: {err}")
            progress.advance(task)
    summary = Table("documents", "count", title=f"gknb ingest → {db_path(db)}")
    for name, n in sorted(outcomes.items()):
        summary.add_row(name, str(n))
    for name, n in sorted(statuses.items()):
        summary.add_row(f"parse status: {name}", str(n))
    Console().print(summary)
    for e in errors:
        console.print(f"[red]error:[/] {escape(e)}", soft_wrap=True)
    raise typer.Exit(code=1 if errors else 0)


@app.command()
def query(
    sql: str = typer.Argument(..., help="SQL over the warehouse tables and views."),
    db: Path | None = DbOption,
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, csv or json."),
) -> None:
    """Run one SQL query against the warehouse and print the result."""
    with _open_existing(db) as wh:
        try:
            df = wh.query(sql)
        except Exception as err:
            Console(stderr=True).print(f"[red]query failed:[/] {escape(str(err))}", soft_wrap=True)
            raise typer.Exit(code=1) from err
    if fmt is OutputFormat.csv:
        sys.stdout.write(df.write_csv())
    elif fmt is OutputFormat.json:
        sys.stdout.write(df.write_json() + "\n")
    else:
        _print_frame(Console(), df)


@app.command("export")
def export_command(
    out: Path = typer.Option(..., "--out", help="Folder for parquet, CSV, datapackage.json, DATA_DICTIONARY.md."),
    db: Path | None = DbOption,
    csv: bool = typer.Option(False, "--csv", help="Also write one CSV per table (UTF-8 with BOM, for Excel)."),
) -> None:
    """Export every table as parquet partitioned by year, with a data package and a data dictionary."""
    path = db_path(db)
    if not path.exists():
        raise typer.BadParameter(f"{path} does not exist: run `gknb ingest` first", param_hint="--db")
    summary = export_warehouse(path, out, csv=csv)
    table = Table("table", "rows", "files", title=f"gknb export → {out}")
    for t in summary.tables:
        table.add_row(t.decl.name, f"{t.rows:,}", str(len(t.parquet) + (1 if t.csv else 0)))
    Console().print(table)


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
