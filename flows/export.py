"""Write the warehouse out as parquet + datapackage.json + DATA_DICTIONARY.md (``load.export``)."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows import warehouse_io
from flows.settings import FlowSettings


@task(name="export", cache_policy=NO_CACHE)
def export_task(db_path: str, export_dir: str) -> str:
    warehouse_io.export(Path(db_path), Path(export_dir))
    get_run_logger().info("exported %s to %s", db_path, export_dir)
    return export_dir


def needs_export(export_dir: Path, warehouse_changed: bool) -> bool:
    """Rewrite the exports only when the warehouse changed or they are missing: an unchanged
    night leaves the published files byte-for-byte as they were (and their mtimes too)."""
    return warehouse_changed or not export_dir.is_dir() or not any(export_dir.iterdir())


@flow(name="gknb-export", log_prints=True)
def export_flow(data_dir: str | None = None, out: str | None = None) -> str:
    """Export the warehouse (to ``out``, by default the data dir's export folder)."""
    settings = FlowSettings.from_env(data_dir)
    return export_task(str(settings.db_path), out or str(settings.export_dir))
