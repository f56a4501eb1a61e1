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
from typing import Any

from gknb.flows.verdict import source_outcome
from gknb.load.health_log import HealthStore

RECENT_NIGHTS = 7  # reports found per night, newest first, shown in the run report

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


class HealthLog(HealthStore):
    """The health tables of one fetch-log file (``gknb.load.health_log``) and what a night makes of them."""

    def record(self, night_id: str, night_at: datetime, crawl: list[dict[str, Any]],
               mix: dict[str, dict[str, int]], verdict: str, reasons: list[str], reports: int) -> None:
        rows = [(night_id, night_at, row["source"], row.get("host"), source_outcome(row),
                 row.get("status", "ok"),
                 *(int(row.get(c) or 0) for c in _COUNTS),
                 json.dumps(mix.get(row["source"], {}), ensure_ascii=False)) for row in crawl]
        self.insert_night(rows, (night_id, night_at, verdict, reasons, reports))

    def table(self, sources: list[str]) -> list[SourceHealth]:
        """Each named source's health as of its latest recorded night."""
        out = []
        for source in sources:
            nights = self.nights(source)
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
