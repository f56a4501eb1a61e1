"""The run report: what a nightly run fetched, parsed, loaded and which reports fail checks.

Written twice from one markdown text: as Prefect artifacts (for whoever watches the UI) and
as ``reports/run-<timestamp>.md`` + ``reports/latest.md`` (for whoever runs it from cron and
reads files).  Failing checks are read back from the warehouse, not from this run's parses,
so a quiet night still reports every standing problem.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from gknb.flows.health import SourceHealth
from gknb.flows.pipeline import IngestSummary
from gknb.flows.verdict import Verdict

MAX_TABLE_ROWS = 200  # artifacts stay small; the full list is one `gknb checks` away


@dataclass
class RunReport:
    started: datetime
    finished: datetime
    crawl: list[dict[str, Any]] = field(default_factory=list)
    ingest: IngestSummary = field(default_factory=IngestSummary)
    exported: bool = False
    export_error: str = ""
    export_dir: str = ""
    failing: list[dict[str, Any]] = field(default_factory=list)  # one row per failing check of a report
    issues: list[dict[str, Any]] = field(default_factory=list)  # source_group, code, level, issues: logged this run
    crawl_issues: list[dict[str, Any]] = field(default_factory=list)  # source, code, level, issues: this run's fetches
    fetch_log: str = ""  # the fetch log's file, where the crawl issues' rows are
    warehouse: str = ""  # the warehouse's file, where the parse issues' rows are
    totals: dict[str, int] = field(default_factory=dict)  # warehouse row counts
    verdict: Verdict = field(default_factory=Verdict)
    health: list[SourceHealth] = field(default_factory=list)
    alert_error: str = ""  # why the alert for a night that was not ok could not be delivered


# The crawl table's columns, short enough that the table stays readable at 80 columns.
CRAWL_COLUMNS = (("status", "status"), ("found", "reports_found"), ("new", "new"), ("upd", "updated"),
                 ("same", "unchanged"), ("blk", "blocked"), ("fail", "failed"), ("att", "attachments"))
CRAWL_LEGEND = ("found: reports listed · new/upd/same: report pages or attachments new, changed, unchanged · "
                "blk/fail: reports blocked or failed · att: attachments fetched")


def crawl_rows(crawl: list[dict[str, Any]]) -> list[list[Any]]:
    """One row per source (a CrawlResult as data): its name, then CRAWL_COLUMNS."""
    return [[r.get("source"), *(r.get(key, "") for _, key in CRAWL_COLUMNS)] for r in crawl]


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join("" if v is None else str(v).replace("|", "\\|") for v in row) + " |" for row in rows]
    return lines


def rows_behind(db: str, table: str, source_column: str, top: dict[str, Any], select: str, order: str) -> str:
    """What a maintainer runs to see the rows behind the run's largest issue count (``top``): the
    warehouse's ``issues`` for the parse, the fetch log's ``crawl_issues`` for the crawl."""
    return (f"gknb query --db {db} \"SELECT {select} FROM {table} WHERE code = '{top['code']}' "
            f"AND {source_column} = '{top[source_column]}' ORDER BY {order}\"")


def _issue_count(step: str, issues: list[dict[str, Any]], source_key: str, what: str) -> str:
    return (f"- {step}: {sum(r['issues'] for r in issues)} issues in {len({r[source_key] for r in issues})} sources "
            f"({what})")


def issue_lines(run: RunReport) -> list[str]:
    """The run's new issues per step, source and code: the crawl's (its fetches' problem outcomes, when it
    crawled) beside the parse's (codes_fetch_outcomes and codes_issues say what each code means)."""
    out = ["## Issues logged this run", ""]
    rows = []
    if run.crawl:
        out.append(_issue_count("crawl", run.crawl_issues, "source",
                                "this run's fetches; codes in `codes_fetch_outcomes`"))
        rows += [["crawl", r["source"], r["code"], r["level"], r["issues"]] for r in run.crawl_issues]
    out += [_issue_count("parse", run.issues, "source_group", "documents parsed this run; codes in `codes_issues`"), ""]
    rows += [["parse", r["source_group"], r["code"], r["level"], r["issues"]] for r in run.issues]
    if rows:
        out += _table(["step", "source", "code", "level", "issues"], rows[:MAX_TABLE_ROWS])
        out.append("")
    if run.crawl_issues:
        query = rows_behind(run.fetch_log, "crawl_issues", "source", run.crawl_issues[0], "location, detail", "seq")
        out += [f"The URLs behind a crawl count: `{query}`", ""]
    if run.issues:
        query = rows_behind(run.warehouse, "issues", "source_group", run.issues[0], "source, location, detail",
                            "source, issue_order")
        out += [f"The documents behind a parse count: `{query}`", ""]
    return out


def to_markdown(run: RunReport) -> str:
    seconds = (run.finished - run.started).total_seconds()
    ing = run.ingest
    # The verdict is the first line: `head -1 reports/latest.md` is a monitoring check.
    out = [run.verdict.line(), "", f"# gknb run {run.started:%Y-%m-%d %H:%M:%S} UTC", "",
           f"Finished in {seconds:.1f} s.", ""]
    if run.alert_error:
        out += [f"Alert not delivered: {run.alert_error}", ""]
    if run.crawl:
        out += ["## Crawl", "", CRAWL_LEGEND, ""]
        out += _table(["source", *(name for name, _ in CRAWL_COLUMNS)], crawl_rows(run.crawl))
        errors = [f"- {r['source']}: {r['error']}" for r in run.crawl if r.get("error")]
        out += ["", *errors] if errors else []
        out.append("")
    if run.health:
        rows = [h.as_row() for h in run.health]
        out += ["## Source health", ""]
        out += _table(list(rows[0]), [list(r.values()) for r in rows])
        out.append("")
    out += ["## Parse and load", "",
            f"- documents in scope: {ing.documents}",
            f"- unchanged (already parsed by this parser version): {ing.unchanged}",
            f"- parsed: {ing.parsed} ({', '.join(f'{k} {v}' for k, v in sorted(ing.by_status.items())) or 'none'})",
            f"- loaded into the warehouse: {ing.loaded}", ""]
    if ing.failures:
        reasons = Counter(f"{f['status']}: {f['error']}" for f in ing.failures)
        out += ["### Not parsed, with reasons", ""]
        out += _table(["count", "reason"], [[n, reason] for reason, n in reasons.most_common()])
        out.append("")
    out += issue_lines(run)
    out += ["## Warehouse", ""]
    out += [f"- {name}: {count}" for name, count in run.totals.items()]
    export_state = ("FAILED: " + run.export_error) if run.export_error else (
        "written" if run.exported else "warehouse unchanged, not rewritten")
    out += [f"- exports: {run.export_dir} ({export_state})", ""]
    checks = Counter(r.get("check_name") for r in run.failing)
    reports = {r.get("report_id") for r in run.failing}
    out += ["## Checks failing", "", f"{len(reports)} reports fail {len(run.failing)} checks.", ""]
    if checks:
        out += _table(["check", "failures"], [[c, n] for c, n in checks.most_common()])
        out.append("")
    return "\n".join(out)


@task(name="run-report", cache_policy=NO_CACHE)
def publish_run_report(run: RunReport, reports_dir: str) -> str:
    """Artifacts plus the markdown file; returns the file's path."""
    logger = get_run_logger()
    text = to_markdown(run)
    create_markdown_artifact(markdown=text, key="gknb-run-summary", description="gknb nightly run summary")
    if run.failing:
        create_table_artifact(table=run.failing[:MAX_TABLE_ROWS], key="gknb-failing-checks",
                              description=f"Reports failing checks (first {MAX_TABLE_ROWS} of {len(run.failing)})")
    folder = Path(reports_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"run-{run.started.astimezone(timezone.utc):%Y%m%dT%H%M%S%fZ}.md"
    path.write_text(text, encoding="utf-8")
    (folder / "latest.md").write_text(text, encoding="utf-8")
    logger.info("run report written to %s", path)
    return str(path)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)
