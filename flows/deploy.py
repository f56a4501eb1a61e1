"""The nightly schedule: 02:00 Asia/Shanghai, when portals are quiet and yesterday's reports are up.

``gknb serve`` registers the deployment and serves it from this process (each run in a
subprocess, so a long-lived server never accumulates a run's memory).  Schedules need a real
Prefect server — ephemeral mode cannot schedule — so ``serve`` points at ``PREFECT_API_URL``
(``prefect server start``).  ``prefect.yaml`` describes the same deployment for work pools.
"""

from __future__ import annotations

from typing import Any

from prefect.schedules import Cron

from gknb.flows.nightly import nightly

DEPLOYMENT_NAME = "nightly"
CRON = "0 2 * * *"
TIMEZONE = "Asia/Shanghai"


def build_deployment(parameters: dict[str, Any] | None = None) -> Any:
    return nightly.to_deployment(
        name=DEPLOYMENT_NAME,
        schedule=Cron(CRON, timezone=TIMEZONE),
        parameters=parameters or {},
        description="Crawl every source, parse new or changed documents, load, export, write the run report.",
        tags=["gknb", "nightly"],
    )


def register(parameters: dict[str, Any] | None = None) -> Any:
    """Create or update the scheduled deployment on the API without serving it; returns its id."""
    return build_deployment(parameters).apply()


def serve(parameters: dict[str, Any] | None = None) -> None:
    """Block serving the schedule; stopping keeps the schedule active (``pause_on_shutdown=False``)."""
    from prefect import serve as prefect_serve

    prefect_serve(build_deployment(parameters), pause_on_shutdown=False)
