"""``gknb nightly``, ``gknb serve`` and ``gknb demo``: the orchestrated pipeline from the command line.

Prefect is imported inside the commands, after the environment is set (``gknb.flows.startup``):
telemetry off, the ephemeral server's start-up timeout raised and, for the demo, Prefect's
home and API database under the demo's data dir, so a fresh machine needs no Prefect setup
and nothing is written to ``~/.prefect``.  Arguments are checked before Prefect starts, so a
typo costs a second, not a server start-up.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer
from rich.console import Console

from gknb.cli import app
from gknb.errors import UsageError


def _check_sources(names: list[str], sources_file: Path | None) -> None:
    """Unknown source names are a usage error, found before anything starts."""
    from gknb.extract.sources import DEFAULT_SOURCES, SourceError, load_sources, select_sources

    path = sources_file or DEFAULT_SOURCES
    try:
        known = load_sources(path)
    except (SourceError, OSError) as exc:
        raise UsageError(f"cannot read the sources file {path}: {exc}", hint="fix it or set GKNB_SOURCES") from exc
    try:
        select_sources(known, names)
    except SourceError as exc:
        raise UsageError(str(exc), hint=f"known sources: {', '.join(s.name for s in known)}") from exc


@app.command()
def nightly(
    source: list[str] = typer.Option(None, "--source", help="Crawl only these sources (default: all)."),
    data_dir: Path = typer.Option(None, help="Data dir (default: GKNB_DATA_DIR or ./data)."),
    as_json: bool = typer.Option(False, "--json", help="Print the night's summary as JSON instead of tables."),
) -> None:
    """Run the nightly flow once now: crawl, parse new or changed documents, load, export, report.

    Exit code: 0 ok, 3 degraded, 1 failed (the verdict is the run report's first line).
    """
    from gknb.model.settings import Settings
    from gknb.flows.startup import prepare_environment

    settings = Settings.load(data_dir)
    if source:
        _check_sources(source, settings.sources_file)
    prepare_environment()
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")  # the live progress and the summary say it all
    from gknb.flows.nightly import run_night
    from gknb.flows.progress import live_progress
    from gknb.flows.summary import print_summary

    console = Console(stderr=as_json)
    with live_progress(console):
        result = run_night(sources=source or None, data_dir=str(data_dir) if data_dir else None)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    else:
        print_summary(console, result, settings.reports_dir / "latest.md")
    raise typer.Exit(result["exit_code"])


@app.command()
def serve(
    data_dir: Path = typer.Option(None, help="Data dir the scheduled runs use (default: GKNB_DATA_DIR or ./data)."),
) -> None:
    """Serve the nightly flow on its schedule (02:00 Asia/Shanghai).

    Needs a Prefect server for scheduling: start one with `prefect server start` and set
    PREFECT_API_URL=http://127.0.0.1:4200/api.
    """
    from gknb.flows.startup import ensure_prefect_api, prepare_environment

    prepare_environment()
    if not os.environ.get("PREFECT_API_URL"):
        raise UsageError("PREFECT_API_URL is not set: schedules need a Prefect server",
                         hint="run `prefect server start` in another terminal, then "
                              "export PREFECT_API_URL=http://127.0.0.1:4200/api")
    ensure_prefect_api()  # one line, not a traceback, when nothing answers there
    from gknb.flows.deploy import serve as serve_nightly

    serve_nightly({"data_dir": str(data_dir.resolve())} if data_dir else None)


@app.command()
def demo(
    data_dir: Path = typer.Option(Path("demo-data"), help="Where the demo keeps everything it writes."),
    reports: int = typer.Option(320, help="Reports in the simulated portals' corpus."),
) -> None:
    """Offline demo: simulated portals on 127.0.0.1, the nightly flow, a warehouse, exports, example queries."""
    data_dir = data_dir.resolve()
    # Prefect's home, API database and results under the demo dir; an ephemeral API server
    # on loopback, whatever profile or PREFECT_API_URL the user's shell carries.
    (data_dir / "prefect").mkdir(parents=True, exist_ok=True)
    os.environ["PREFECT_HOME"] = str(data_dir / "prefect")
    os.environ.pop("PREFECT_API_URL", None)
    os.environ["PREFECT_SERVER_ALLOW_EPHEMERAL_MODE"] = "true"
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from gknb.demo import run_demo

    result = run_demo(data_dir, reports)
    # Some simulated portals block or fail on purpose, so a degraded night is the demo working.
    raise typer.Exit(1 if result["verdict"] == "failed" else 0)
