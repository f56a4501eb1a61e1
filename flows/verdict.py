"""The night's verdict — ok, degraded or failed — by thresholds declared here, not by feel.

A night that crawled nothing, lost warehouse rows or could not export must not end green:
the verdict sets the flow's final state, the process exit code and the first line of the
run report, and decides whether an alert goes out.  Thresholds come from the environment
(``GKNB_VERDICT_*``) so an operator with many flaky county portals can loosen them without
touching code.

failed
  no source reachable; more than ``failed_source_share`` of the sources failing or blocked;
  the warehouse holds fewer reports than after the previous night; the export failed.
degraded
  any source failing or blocked; a source's crawl cut short by its page, link or time
  budget; parse failures above ``max_parse_failure_rate`` of the documents parsed; a source
  that returned reports before now returns none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gknb.errors import GknbError
from gknb.model.fetch import SOURCE_STATUSES
from gknb.model.settings import Settings

OK, DEGRADED, FAILED = "ok", "degraded", "failed"
EXIT_CODES = {OK: 0, FAILED: 1, DEGRADED: 3}  # 2 stays the CLI's usage error


@dataclass(frozen=True)
class Thresholds:
    # share of sources failing or blocked above which the night failed
    failed_source_share: float = Settings.model_fields["verdict_failed_source_share"].default
    # share of parsed documents that failed above which it is degraded
    max_parse_failure_rate: float = Settings.model_fields["verdict_parse_failure_rate"].default

    @classmethod
    def from_settings(cls, settings: Settings) -> "Thresholds":
        return cls(failed_source_share=settings.verdict_failed_source_share,
                   max_parse_failure_rate=settings.verdict_parse_failure_rate)


@dataclass
class Verdict:
    level: str = OK
    reasons: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.level]

    def line(self) -> str:
        """The run report's first line and the alert's title."""
        return f"verdict: {self.level}" + (f" — {'; '.join(self.reasons)}" if self.reasons else "")


class NightFailed(GknbError):
    """A night whose verdict is ``failed``: the flow ends in a Failed state carrying this.

    ``summary`` is the flow's usual result, so a caller that asked for the state
    (``nightly(return_state=True)``) still has every figure of the night.
    """

    def __init__(self, verdict: Verdict, summary: dict[str, Any], report_path: str) -> None:
        super().__init__(verdict.line(), hint=f"run report: {report_path}")
        self.summary = summary


def source_outcome(row: dict[str, Any]) -> str:
    """ok | blocked | failed for one source's crawl row (a CrawlResult as data; a crawl that raised has status error)."""
    status = row.get("status", "ok")
    if status in SOURCE_STATUSES:
        return "blocked"
    if status != "ok":
        return "failed"
    found = int(row.get("reports_found") or 0)
    if found and int(row.get("blocked") or 0) >= found:
        return "blocked"
    if found and int(row.get("blocked") or 0) + int(row.get("failed") or 0) >= found:
        return "failed"
    return "ok"


def judge(*, crawl: list[dict[str, Any]], crawled: bool, parsed: int, parse_failures: int,
          reports_before: int | None, reports_now: int, export_error: str,
          previously_reporting: dict[str, int], thresholds: Thresholds) -> Verdict:
    """The verdict of one night.

    ``previously_reporting``: sources that found reports on an earlier night, with the most
    they found (from the health table); ``reports_before``: reports in the warehouse after the
    previous night, None on the first night.
    """
    failed: list[str] = []
    degraded: list[str] = []
    if crawled:
        outcomes = {row["source"]: source_outcome(row) for row in crawl}
        bad = sorted(name for name, outcome in outcomes.items() if outcome != "ok")
        if not crawl:
            failed.append("no source reachable (no sources configured)")
        elif len(bad) == len(outcomes):
            failed.append(f"no source reachable ({len(bad)} of {len(outcomes)} failed or blocked)")
        elif len(bad) / len(outcomes) > thresholds.failed_source_share:
            failed.append(f"{len(bad)} of {len(outcomes)} sources failed or blocked "
                          f"(more than {thresholds.failed_source_share:.0%}): {', '.join(bad)}")
        elif bad:
            degraded.append(f"{len(bad)} of {len(outcomes)} sources failed or blocked: {', '.join(bad)}")
        cut = sorted(f"{row['source']} ({row['stopped']})" for row in crawl if row.get("stopped"))
        if cut:
            degraded.append("crawl cut short by a budget: " + ", ".join(cut))
        silent = sorted(row["source"] for row in crawl if row["source"] in previously_reporting
                        and outcomes[row["source"]] == "ok" and not int(row.get("reports_found") or 0))
        if silent:
            degraded.append("returned reports before, none tonight: " + ", ".join(
                f"{name} (had {previously_reporting[name]})" for name in silent))
    if parsed and parse_failures / parsed > thresholds.max_parse_failure_rate:
        degraded.append(f"{parse_failures} of {parsed} documents failed to parse "
                        f"(more than {thresholds.max_parse_failure_rate:.0%})")
    if reports_before is not None and reports_now < reports_before:
        failed.append(f"the warehouse shrank from {reports_before} to {reports_now} reports")
    if export_error:
        failed.append(f"export failed: {export_error}")
    if failed:
        return Verdict(FAILED, failed + degraded)
    return Verdict(DEGRADED, degraded) if degraded else Verdict(OK)
