"""Source health over time: one row per source per night, kept in the fetch log's DuckDB file.

Why the fetch log and not the warehouse: health is a fact about portals, derived from the
crawl (the same file already holds every fetch's outcome, from which tonight's outcome mix is
counted); the warehouse holds report data only and stays rebuildable from the archive, and
researchers query it while the night runs.  The fetch log has one writer — the crawl step,
finished by the time health is recorded — so nothing contends for its lock.

``source_health_log``: night, source, outcome (ok | blocked | failed), the crawl counts and the
night's outcome mix (JSON).  ``night_log``: the night's verdict and the warehouse's report
count, which tells the next night whether the warehouse shrank.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from gknb.flows.verdict import source_outcome

RECENT_NIGHTS = 7  # reports found per night, newest first, shown in the run report

_DDL = (
    """CREATE TABLE IF NOT EXISTS source_health_log (
         night_id VARCHAR, night_at TIMESTAMPTZ, source VARCHAR, host VARCHAR, outcome VARCHAR,
         status VARCHAR, reports_found INTEGER, new INTEGER, updated INTEGER, unchanged INTEGER,
         blocked INTEGER, failed INTEGER, outcome_mix VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS night_log (
         night_id VARCHAR, night_at TIMESTAMPTZ, verdict VARCHAR, reasons VARCHAR, reports BIGINT)""",
)
_COUNTS = ("reports_found", "new", "updated", "unchanged", "blocked", "failed")


@dataclass(frozen=True)
class SourceHealth:
    """One line of the run report's health table."""

    source: str
    outcome: str  # tonight's
    last_success: datetime | None
    consecutive_failures: int  # nights in a row, tonight included, that were not ok
    recent_reports: list[int]  # reports found per night, newest first
    outcome_mix: dict[str, int]  # tonight's fetch outcomes -> count

    def as_row(self) -> dict[str, Any]:
        return {"source": self.source, "tonight": self.outcome,
                "last success": f"{self.last_success:%Y-%m-%d %H:%M}" if self.last_success else "never",
                "failing nights": self.consecutive_failures,
                "reports/night": " ".join(str(n) for n in self.recent_reports),
                "outcomes": ", ".join(f"{k} {v}" for k, v in self.outcome_mix.items())}


class HealthLog:
    """The health tables of one fetch-log file; open it after the crawl has closed its archive."""

    def __init__(self, fetch_log: Path) -> None:
        fetch_log.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(fetch_log))
        for ddl in _DDL:
            self.con.execute(ddl)

    def __enter__(self) -> "HealthLog":
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

    def record(self, night_id: str, night_at: datetime, crawl: list[dict[str, Any]],
               mix: dict[str, dict[str, int]], verdict: str, reasons: list[str], reports: int) -> None:
        rows = [(night_id, night_at, row["source"], row.get("host"), source_outcome(row),
                 row.get("status", "error" if "error" in row else "ok"),
                 *(int(row.get(c) or 0) for c in _COUNTS),
                 json.dumps(mix.get(row["source"], {}), ensure_ascii=False)) for row in crawl]
        self.con.execute("BEGIN")
        if rows:
            self.con.executemany(f"INSERT INTO source_health_log VALUES ({', '.join('?' * 13)})", rows)
        self.con.execute("INSERT INTO night_log VALUES (?, ?, ?, ?, ?)",
                         [night_id, night_at, verdict, json.dumps(reasons, ensure_ascii=False), reports])
        self.con.execute("COMMIT")

    def table(self, sources: list[str]) -> list[SourceHealth]:
        """Each named source's health as of its latest recorded night."""
        out = []
        for source in sources:
            nights = self.con.execute(
                "SELECT night_at, outcome, reports_found, outcome_mix FROM source_health_log "
                "WHERE source = ? ORDER BY night_at DESC", [source]).fetchall()
            if not nights:
                continue
            streak = 0
            for _, outcome, _, _ in nights:
                if outcome == "ok":
                    break
                streak += 1
            last_ok = next((at for at, outcome, _, _ in nights if outcome == "ok"), None)
            out.append(SourceHealth(source=source, outcome=nights[0][1], last_success=last_ok,
                                    consecutive_failures=streak,
                                    recent_reports=[int(n) for _, _, n, _ in nights[:RECENT_NIGHTS]],
                                    outcome_mix=json.loads(nights[0][3] or "{}")))
        return out
