"""``gknb parse PATH... [--json]``: read report documents and print their canonical reports."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from gknb.cli import app
from gknb.terminal import safe
from gknb.model import report as model
from gknb.model.eras import era_of_rows
from gknb.transform.isolate import ParsePool
from gknb.transform.parse import parse_path
from gknb.transform.report import Report

_OK = (model.STATUS_PARSED, model.STATUS_PARTIAL)


def _summary(console: Console, report: Report) -> None:
    """Every text a document supplied (source, agency, error, warnings, details) goes through ``safe``."""
    colour = {"parsed": "green", "partial": "yellow"}.get(report.status, "red")
    console.rule(f"[bold]{safe(report.source)}[/]")
    console.print(
        f"status [{colour}]{report.status}[/]  agency [bold]{safe(report.agency or '—')}[/]  year {report.year or '—'}  "
        f"format {report.format_version or '—'}"
    )
    if report.error:
        console.print(f"[red]error:[/] {safe(report.error)}")
    t3 = report.applications
    if t3 is not None:
        table = Table("Table 3", *(c.label.split("/")[-1] for c in model.APPLICANT_COLUMNS), show_lines=False)
        for row in era_of_rows(t3).table3.rows:  # the form whose Table 3 was read, in its printed order
            table.add_row(row.key, *("" if t3[row.key][c] is None else str(t3[row.key][c]) for c in model.APPLICANT_KEYS))
        console.print(table)
    for key, value in (("active_disclosure", report.active_disclosure), ("review_litigation", report.review_litigation)):
        if value is not None:
            console.print(f"[bold]{key}[/]: " + safe("; ".join(f"{r} {v}" for r, v in value.items())))
    failed = [c for c in report.checks if c.status == "fail"]
    if failed:
        console.print("[yellow]checks failing:[/] " + safe("; ".join(f"{c.check}[{c.subject}] {c.detail}" for c in failed)))
    for w in report.warnings:
        console.print(f"[yellow]warning:[/] {safe(w)}")


@app.command()
def parse(
    paths: list[Path] = typer.Argument(..., help="Report documents: HTML, text, PDF or DOCX."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per document per line."),
    max_bytes: int | None = typer.Option(None, help="Refuse documents larger than this (default 64 MiB)."),
) -> None:
    """Parse report documents into the canonical report (report-model.md).

    Each document is parsed in a worker under the memory and time budget (``GKNB_PARSE_MEMORY_MB``,
    ``GKNB_PARSE_SECONDS``): one that breaks it is printed as failed and the rest follow."""
    console = Console()
    failures = 0
    with ParsePool() as pool:
        for path in paths:
            report = pool.run(parse_path, path, source=str(path), max_bytes=max_bytes)
            if report.status not in _OK:
                failures += 1
            if as_json:
                typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
            else:
                _summary(console, report)
    raise typer.Exit(code=1 if failures else 0)
