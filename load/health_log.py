"""The source-health tables in the fetch log's DuckDB file: every query ``gknb.flows.health`` runs.

``source_health_log`` has one row per source per night, ``night_log`` one row per night; they
sit beside ``fetch_log`` (the crawl's record, from which tonight's outcome mix is counted).
What the rows mean and why they live there is said in ``gknb.flows.health``.

``crawl_issues`` is the crawl's issue log: a view over ``fetch_log``, one row per fetch whose
outcome (or TLS note) declares an issue level in ``gknb.model.fetch``, shaped as the warehouse's
``issues`` (code, level, location = the URL, detail = the reason).  A view, not a table: the
fetch log is the record, the crawler alone writes it, and the warehouse is the researchers'.
It is recreated from the declarations whenever the health tables are opened, so its levels are
the model's of the day.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from gknb.model.fetch import ISSUE_OUTCOMES

_DDL = (
    """CREATE TABLE IF NOT EXISTS source_health_log (
         night_id VARCHAR, night_at TIMESTAMPTZ, source VARCHAR, host VARCHAR, outcome VARCHAR,
         status VARCHAR, reports_found INTEGER, new INTEGER, updated INTEGER, unchanged INTEGER,
         blocked INTEGER, failed INTEGER, outcome_mix VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS night_log (
         night_id VARCHAR, night_at TIMESTAMPTZ, verdict VARCHAR, reasons VARCHAR, reports BIGINT)""",
)


def _crawl_issues_view() -> str:
    """The ``crawl_issues`` view: an outcome's issue from the ``outcome`` column, a TLS note's from the
    start of ``reason`` (the fetcher writes it there first, ``note; reason``)."""
    levels = ", ".join(f"('{o.code}', '{o.level}', {str(o.held_in == 'fetch_log.reason').lower()})"
                       for o in ISSUE_OUTCOMES)
    return (
        "CREATE OR REPLACE VIEW crawl_issues AS SELECT f.crawl_id, f.source, f.seq, l.code, l.level, "
        "f.url AS location, f.reason AS detail, f.fetched_at AS recorded_at "
        f"FROM fetch_log AS f JOIN (VALUES {levels}) AS l(code, level, in_reason) ON CASE WHEN l.in_reason "
        "THEN f.reason = l.code OR starts_with(f.reason, l.code || ';') ELSE f.outcome = l.code END"
    )


class HealthStore:
    """The health tables of one fetch-log file; open it after the crawl has closed its archive."""

    def __init__(self, fetch_log: Path) -> None:
        fetch_log.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(fetch_log))
        for ddl in _DDL:
            self.con.execute(ddl)
        # False before the first crawl (a night over local files): the crawler creates ``fetch_log``,
        # and it does not appear while the store is open (it is opened after the crawl).
        self.has_fetch_log = bool(self.con.execute("SELECT count(*) FROM information_schema.tables "
                                                   "WHERE table_name = 'fetch_log'").fetchone()[0])
        if self.has_fetch_log:
            self.con.execute(_crawl_issues_view())

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
        if not self.has_fetch_log:
            return {}
        rows = self.con.execute("SELECT source, outcome, count(*) AS n FROM fetch_log WHERE fetched_at >= ? "
                                "GROUP BY ALL ORDER BY source, n DESC, outcome", [since]).fetchall()
        mix: dict[str, dict[str, int]] = {}
        for source, outcome, n in rows:
            mix.setdefault(source, {})[outcome] = int(n)
        return mix

    def issue_counts(self, since: datetime) -> list[dict[str, Any]]:
        """The crawl issues since ``since`` (tonight's crawl) per source and code, most first: the
        warehouse's ``issue_counts`` for the crawl."""
        if not self.has_fetch_log:
            return []
        rows = self.con.execute("SELECT source, code, level, count(*) AS n FROM crawl_issues WHERE recorded_at >= ? "
                                "GROUP BY ALL ORDER BY n DESC, source, code", [since]).fetchall()
        return [{"source": source, "code": code, "level": level, "issues": int(n)} for source, code, level, n in rows]

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
