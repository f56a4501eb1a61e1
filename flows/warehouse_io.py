"""The flows' only door into the warehouse (``gknb.load.warehouse``, ``gknb.load.release``).

Kept in one module so the flows state in one place what they need from the warehouse: open
it, ask which document hashes this parser version already loaded, load one report
atomically, publish a release, and read the quality and summary figures the run report prints.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gknb.flows import progress
from gknb.model.document import DocumentRecord
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


def load_reports(wh: Any, pairs: list[tuple[Report, DocumentRecord]]) -> dict[str, str]:
    """Parsed documents in one transaction, whole or not at all; returns source -> outcome.

    A transaction costs the single writer ~0.15 s of bookkeeping (documents, agencies, primary
    reports, cross-year checks) whatever it holds: one per parse batch instead of one per
    document loads ten times faster.  A source that repeats in ``pairs`` starts a new transaction.
    """
    from gknb.load.batch import build_batch

    outcomes: dict[str, str] = {}
    for group in _one_version_per_source(pairs):
        outcomes |= wh.load(build_batch(group))
        progress.note(progress.LOADED, len(group))
    return outcomes


def _one_version_per_source(pairs: list[tuple[Report, DocumentRecord]]) -> list[list[tuple[Report, DocumentRecord]]]:
    groups: list[list[tuple[Report, DocumentRecord]]] = [[]]
    seen: set[str] = set()
    for report, ref in pairs:
        if report.source in seen:
            groups.append([])
            seen.clear()
        seen.add(report.source)
        groups[-1].append((report, ref))
    return [g for g in groups if g]


def query(wh: Any, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    return wh.con.execute(sql, params or []).fetchall()


def publish(db_path: Path, export_dir: Path, sources_file: Path | None = None) -> Any:
    """A new release of the warehouse under ``export_dir`` (none when its content is unchanged)."""
    from gknb.load.release import publish as publish_release

    return publish_release(db_path, export_dir, sources_file=sources_file)


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
