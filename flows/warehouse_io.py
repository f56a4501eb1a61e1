"""The flows' only door into the warehouse (``gknb.load.warehouse``, ``gknb.load.export``).

Kept in one module so the flows state in one place what they need from the warehouse: open
it, ask which document hashes this parser version already loaded, load one report
atomically, export, and read the quality and summary figures the run report prints.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gknb.flows.documents import DocumentRef
from gknb.transform.report import Report


@contextlib.contextmanager
def open_warehouse(db_path: Path) -> Iterator[Any]:
    from gknb.load.warehouse import Warehouse

    db_path.parent.mkdir(parents=True, exist_ok=True)
    wh = Warehouse(db_path)
    try:
        yield wh
    finally:
        wh.close()


def parsed_versions(wh: Any, parser_version: str) -> set[tuple[str, str]]:
    """(source, sha256) of every document version ``parser_version`` already read, whatever its status.

    Keyed by source too: the same bytes under a new URL (a mirror, a repost) still need one
    load so the warehouse records where else they were published.
    """
    rows = wh.con.execute(
        "SELECT DISTINCT source, sha256 FROM documents WHERE parser_version = ?", [parser_version]
    ).fetchall()
    return {(r[0], r[1]) for r in rows}


def load_report(wh: Any, report: Report, ref: DocumentRef) -> str:
    """One document in one transaction; returns the warehouse's outcome (new, unchanged, replaced …)."""
    from gknb.load.batch import Origin

    origin = Origin(fetched_at=ref.fetched_at, etag=ref.etag, last_modified=ref.last_modified)
    return wh.ingest_report(report, Path(ref.path), origin=origin)


def query(wh: Any, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    return wh.con.execute(sql, params or []).fetchall()


def export(db_path: Path, out_dir: Path) -> Any:
    from gknb.load.export import export as export_warehouse

    return export_warehouse(db_path, out_dir)


def failing_checks(wh: Any) -> list[dict[str, Any]]:
    """Every failing check of every report now in the warehouse, with the report it belongs to."""
    cur = wh.con.execute(
        "SELECT c.agency, c.year, c.check_name, c.subject, c.detail, r.source, c.report_id"
        " FROM check_results AS c LEFT JOIN reports AS r USING (report_id)"
        " WHERE c.status = 'fail' ORDER BY c.year, c.agency, c.check_name, c.subject, c.report_id"
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def row_counts(wh: Any, tables: tuple[str, ...]) -> dict[str, int]:
    return {t: wh.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
