"""Answer a query from the last parquet export while another process writes the warehouse.

DuckDB lets no other process open the file while one writes it (the nightly's load step), so
``gknb query`` falls back to the latest data release: an in-memory database whose views read
``<export>/<release>/parquet/<table>.parquet`` (``gknb.load.release``).  Reading those files needs file access, which DuckDB
grants per directory and then for writing too, so here only SELECT statements are accepted, the
export's parquet folder is the only one reachable, and the settings are locked.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from gknb.errors import UsageError
from gknb.load.release import latest
from gknb.model.settings import settings



def export_dir_for(db: Path) -> Path:
    """Where the flows export the warehouse ``db``: ``$GKNB_EXPORT_DIR``, else ``export/`` beside it."""
    current = settings()
    return current.export_dir if current.export_dir_named else db.parent / "export"


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def open_last_export(export_dir: Path, sql: str) -> duckdb.DuckDBPyConnection | None:
    """A locked connection with one view per exported table for ``sql``; None when there is no export.

    Raises UsageError when ``sql`` is anything but SELECT statements."""
    release = latest(export_dir)
    root = (release / "parquet").resolve() if release is not None else None
    tables = sorted(p.stem for p in root.glob("*.parquet")) if root is not None and root.is_dir() else []
    if not tables:
        return None
    _only_selects(sql)
    con = duckdb.connect(":memory:")
    con.execute(f"SET allowed_directories = [{_sql_string(str(root) + os.sep)}]")
    for name in tables:
        con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM read_parquet({_sql_string(str(root / (name + ".parquet")))})')
    con.execute("SET enable_external_access = false")
    con.execute("SET enable_progress_bar = false")
    con.execute("SET lock_configuration = true")
    return con


def _only_selects(sql: str) -> None:
    """Refuse anything but SELECT statements: the export folder is reachable, so COPY … TO would write it."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as err:
        raise UsageError(f"query failed: {str(err).splitlines()[0]}") from err
    if not statements or any(s.type != duckdb.StatementType.SELECT for s in statements):
        raise UsageError(
            "only SELECT queries can be answered from the last export",
            hint="run other statements when the warehouse is not being written",
        )
