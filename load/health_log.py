"""The source-health tables in the fetch log's DuckDB file: every query ``gknb.flows.health`` runs.

``source_health_log`` has one row per source per night, ``night_log`` one row per night; they
sit beside ``fetch_log`` (the crawl's record, from which tonight's outcome mix is counted).
What the rows mean and why they live there is said in ``gknb.flows.health``.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

_DDL = (
    """CREATE TABLE IF NOT EXISTS source_health_log (
         night_id VARCHAR, night_at TIMESTAMPTZ, source VARCHAR, host VARCHAR, outcome VARCHAR,
         status VARCHAR, reports_found INTEGER, new INTEGER, updated INTEGER, unchanged INTEGER,
         blocked INTEGER, failed INTEGER, outcome_mix VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS night_log (
         night_id VARCHAR, night_at TIMESTAMPTZ, verdict VARCHAR, reasons VARCHAR, reports BIGINT)""",
)


class HealthStore:
    """The health tables of one fetch-log file; open it after the crawl has closed its archive."""

    def __init__(self, fetch_log: Path) -> None:
        fetch_log.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(fetch_log))
        for ddl in _DDL:
            self.con.execute(ddl)

    def __enter__(self) -> "HealthStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.con.close()

    def previous_reports(self) -> int | None:
        """Reports in the warehouse after the previous night; None on the first night."""
        row = self.con.execute("SELECT reports FROM night_log ORDER BY night_at DESC LIMIT 1").fetchone()
        return None if row is None else int(row[0])

    def previously_reporting(self) -> dict[str, int]:
        """Sources that found reports on some earlier night, with the most they found."""
        rows = self.con.execute("SELECT source, max(reports_found) FROM source_health_log "
                                "WHERE reports_found > 0 GROUP BY source").fetchall()
        return {source: int(n) for source, n in rows}

    def outcome_mix(self, since: datetime) -> dict[str, dict[str, int]]:
        """Fetch outcomes per source since ``since`` (tonight's crawl), most frequent first."""
        has_log = self.con.execute("SELECT count(*) FROM information_schema.tables "
                                   "WHERE table_name = 'fetch_log'").fetchone()[0]
        if not has_log:
            return {}
        rows = self.con.execute("SELECT source, outcome, count(*) AS n FROM fetch_log WHERE fetched_at >= ? "
                                "GROUP BY ALL ORDER BY source, n DESC, outcome", [since]).fetchall()
        mix: dict[str, dict[str, int]] = {}
        for source, outcome, n in rows:
            mix.setdefault(source, {})[outcome] = int(n)
        return mix

    def insert_night(self, source_rows: list[tuple[Any, ...]], night: tuple[str, datetime, str, list[str], int]) -> None:
        """One night in one transaction: its ``source_health_log`` rows (13 columns each) and its ``night_log`` row."""
        night_id, night_at, verdict, reasons, reports = night
        self.con.execute("BEGIN")
        if source_rows:
            self.con.executemany(f"INSERT INTO source_health_log VALUES ({', '.join('?' * 13)})", source_rows)
        self.con.execute("INSERT INTO night_log VALUES (?, ?, ?, ?, ?)",
                         [night_id, night_at, verdict, json.dumps(reasons, ensure_ascii=False), reports])
        self.con.execute("COMMIT")

    def nights(self, source: str) -> list[tuple[datetime, str, int, str | None]]:
        """(night_at, outcome, reports_found, outcome_mix JSON) of a source's nights, newest first."""
        return self.con.execute(
            "SELECT night_at, outcome, reports_found, outcome_mix FROM source_health_log "
            "WHERE source = ? ORDER BY night_at DESC", [source]).fetchall()
