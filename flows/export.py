"""Publish the warehouse as a release under the export folder (``gknb.load.release``).

The nightly run exports only when the warehouse's content differs from what was last
exported, judged by a fingerprint of every document version it holds, so a quiet night
leaves the export folder byte-for-byte as it was; and a run killed between load and export
still exports on the next run (its loads are in the warehouse, not yet in a release).  When
the fingerprint moved but the exported data did not (a document re-fetched with the same
content), ``gknb.load.release`` makes no new release either: it compares the files themselves.
"""

from __future__ import annotations

import json
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from gknb.flows import pipeline
from gknb.load.warehouse import Warehouse
from gknb.model.settings import Settings

STATE_FILE = "export-state.json"  # kept beside the run reports, not among the published files


def warehouse_fingerprint(db_path: Path) -> str:
    with Warehouse(db_path) as wh:
        return wh.versions_fingerprint()


def current_release(settings: Settings) -> Path | None:
    """The latest release folder under the export folder (None before the first)."""
    from gknb.load.release import latest

    return latest(settings.export_dir)


def needs_export(settings: Settings) -> bool:
    state = settings.reports_dir / STATE_FILE
    if current_release(settings) is None or not state.is_file():
        return True
    return json.loads(state.read_text())["fingerprint"] != warehouse_fingerprint(settings.db_path)


@task(name="export", cache_policy=NO_CACHE)
def export_task(settings: Settings, out_dir: str | None = None) -> str:
    """Publish a release under ``out_dir`` (default: the settings' export folder); returns its folder."""
    out = Path(out_dir) if out_dir else settings.export_dir
    release = pipeline.export(settings.db_path, out, sources_file=settings.sources_file)
    if out == settings.export_dir:
        settings.reports_dir.mkdir(parents=True, exist_ok=True)
        (settings.reports_dir / STATE_FILE).write_text(
            json.dumps({"fingerprint": warehouse_fingerprint(settings.db_path)}), encoding="utf-8")
    logger = get_run_logger()
    if release.created:
        logger.info("release %s written to %s", release.id, release.path)
    else:
        logger.info("warehouse content unchanged: no new release, latest is still %s", release.path)
    return str(release.path)


@flow(name="gknb-export", log_prints=True)
def export_flow(data_dir: str | None = None, out: str | None = None) -> str:
    """Publish the warehouse as a release (under ``out``, by default the data dir's export folder)."""
    return export_task(Settings.load(data_dir), out)
