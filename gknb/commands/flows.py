"""``gknb nightly``, ``gknb serve`` and ``gknb demo``: the orchestrated pipeline from the command line.

Prefect is imported inside the commands, after the environment is set: telemetry is off
and, for the demo, Prefect's home and API database live under the demo's data dir, so a
fresh machine needs no Prefect setup and nothing is written to ``~/.prefect``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer

from gknb.cli import app

QUIET_PREFECT = {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}


def _telemetry_off() -> None:
    for key, value in QUIET_PREFECT.items():
        os.environ[key] = value


@app.command()
def nightly(
    source: list[str] = typer.Option(None, "--source", help="Crawl only these sources (default: all)."),
    data_dir: Path = typer.Option(None, help="Data dir (default: GKNB_DATA_DIR or ./data)."),
) -> None:
    """Run the nightly flow once now: crawl, parse new or changed documents, load, export, report."""
    _telemetry_off()
    from gknb.flows.nightly import nightly as nightly_flow

    result = nightly_flow(sources=source or None, data_dir=str(data_dir) if data_dir else None)
    typer.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))


@app.command()
def serve(
    data_dir: Path = typer.Option(None, help="Data dir the scheduled runs use (default: GKNB_DATA_DIR or ./data)."),
) -> None:
    """Serve the nightly flow on its schedule (02:00 Asia/Shanghai).

    Needs a Prefect server for scheduling: start one with `prefect server start` and set
    PREFECT_API_URL=http://127.0.0.1:4200/api.
    """
    _telemetry_off()
    from gknb.flows.deploy import serve as serve_nightly

    if not os.environ.get("PREFECT_API_URL"):
        typer.echo("PREFECT_API_URL is not set: schedules need a Prefect server.\n"
                   "Run `prefect server start` in another terminal, then\n"
                   "  export PREFECT_API_URL=http://127.0.0.1:4200/api", err=True)
        raise typer.Exit(code=2)
    serve_nightly({"data_dir": str(data_dir.resolve())} if data_dir else None)


@app.command()
def demo(
    data_dir: Path = typer.Option(Path("demo-data"), help="Where the demo keeps everything it writes."),
    reports: int = typer.Option(320, help="Reports in the simulated portals' corpus."),
) -> None:
    """Offline demo: simulated portals on 127.0.0.1, the nightly flow, a warehouse, exports, example queries."""
    data_dir = data_dir.resolve()
    _telemetry_off()
    # Prefect's home, API database and results under the demo dir; an ephemeral API server
    # on loopback, whatever profile or PREFECT_API_URL the user's shell carries.
    (data_dir / "prefect").mkdir(parents=True, exist_ok=True)
    os.environ["PREFECT_HOME"] = str(data_dir / "prefect")
    os.environ.pop("PREFECT_API_URL", None)
    os.environ["PREFECT_SERVER_ALLOW_EPHEMERAL_MODE"] = "true"
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from gknb.flows.demo import run_demo

    run_demo(data_dir, reports)
