"""Write the warehouse out as parquet + datapackage.json + DATA_DICTIONARY.md (``gknb.load.export``).

The nightly run rewrites the exports only when the warehouse's content differs from what
was last exported, judged by a fingerprint of every document version it holds.  A quiet
night leaves the published files byte-for-byte as they were, and a run killed between load
and export still exports on the next run (its loads are in the warehouse, not yet in the files).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from gknb.flows import warehouse_io
from gknb.flows.settings import FlowSettings

STATE_FILE = "export-state.json"  # kept beside the run reports, not among the published files


def warehouse_fingerprint(db_path: Path) -> str:
    with warehouse_io.open_warehouse(db_path) as wh:
        rows = warehouse_io.query(wh, "SELECT source, sha256, parser_version, status, is_latest FROM documents ORDER BY ALL")
    return hashlib.sha256(json.dumps(rows, default=str).encode()).hexdigest()


def needs_export(settings: FlowSettings) -> bool:
    state = settings.reports_dir / STATE_FILE
    if not settings.export_dir.is_dir() or not any(settings.export_dir.iterdir()) or not state.is_file():
        return True
    return json.loads(state.read_text())["fingerprint"] != warehouse_fingerprint(settings.db_path)


@task(name="export", cache_policy=NO_CACHE)
def export_task(settings: FlowSettings, out_dir: str | None = None) -> str:
    out = Path(out_dir) if out_dir else settings.export_dir
    warehouse_io.export(settings.db_path, out)
    if out == settings.export_dir:
        settings.reports_dir.mkdir(parents=True, exist_ok=True)
        (settings.reports_dir / STATE_FILE).write_text(
            json.dumps({"fingerprint": warehouse_fingerprint(settings.db_path)}), encoding="utf-8")
    get_run_logger().info("exported %s to %s", settings.db_path, out)
    return str(out)


@flow(name="gknb-export", log_prints=True)
def export_flow(data_dir: str | None = None, out: str | None = None) -> str:
    """Export the warehouse (to ``out``, by default the data dir's export folder)."""
    return export_task(FlowSettings.from_env(data_dir), out)
