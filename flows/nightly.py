"""The nightly run: crawl → parse what is new or changed → load → export → verdict → run report.

Each step is the same function the single-step flows (``crawl_flow``, ``ingest_flow``,
``export_flow``) and the CLI run, so a nightly run is exactly those steps in sequence.
Every step is safe to repeat: the archive is content-addressed, the warehouse loads one
document per transaction and skips hashes it holds, the exports are rewritten only when the
warehouse changed.  Killing a run anywhere and starting it again finishes the work.

The night ends with a verdict (``gknb.flows.verdict``): a ``failed`` night ends the flow in a
Failed state and the process with a non-zero exit; a night that is not ``ok`` is alerted
(``gknb.flows.alerts``); each source's health is kept across nights (``gknb.flows.health``).
"""

from __future__ import annotations

import sys
from typing import Any

from prefect import flow, get_run_logger
from prefect.states import Failed

from gknb.flows import documents, pipeline, progress
from gknb.flows.alerts import send_alert
from gknb.flows.crawl import crawl_sources
from gknb.flows.export import current_release, export_task, needs_export
from gknb.flows.health import HealthLog
from gknb.flows.ingest import ingest_refs, local_refs
from gknb.flows.run_report import RunReport, publish_run_report, to_markdown, utcnow
from gknb.flows.verdict import FAILED, OK, NightFailed, Thresholds, Verdict, judge
from gknb.model.report import STATUS_FAILED
from gknb.model.settings import Settings


def assess(run: RunReport, settings: Settings, crawled: bool) -> None:
    """Judge the night against the previous ones, record it in the health log, fill the report's health table."""
    with HealthLog(settings.fetch_log) as log:
        run.verdict = judge(
            crawl=run.crawl, crawled=crawled, parsed=run.ingest.parsed,
            # not_report and needs_ocr are what a document is, not the parser failing on it
            parse_failures=sum(f["status"] == STATUS_FAILED for f in run.ingest.failures),
            reports_before=log.previous_reports(), reports_now=run.totals.get("reports", 0),
            export_error=run.export_error, previously_reporting=log.previously_reporting(),
            thresholds=Thresholds.from_settings(settings))
        mix = log.outcome_mix(run.started) if crawled else {}
        run.crawl_issues = log.issue_counts(run.started) if crawled else []
        log.record(run.started.isoformat(), run.started, run.crawl, mix, run.verdict.level, run.verdict.reasons,
                   run.totals.get("reports", 0))
        run.health = log.table([row["source"] for row in run.crawl])


def run_steps(settings: Settings, sources: list[str] | None = None,
              fetch_overrides: dict[str, Any] | None = None, paths: list[str] | None = None) -> RunReport:
    """Crawl (unless ``paths`` gives local documents instead), ingest, export, judge, alert, report."""
    logger = get_run_logger()
    settings.ensure_dirs()
    run = RunReport(started=utcnow(), finished=utcnow(), export_dir=str(settings.export_dir),
                    fetch_log=str(settings.fetch_log), warehouse=str(settings.db_path))
    if paths:
        refs = local_refs(paths)
    else:
        run.crawl = crawl_sources(settings, sources, fetch_overrides)
        refs = documents.from_archive(settings)
    progress.note(progress.DOCUMENTS, 0, total=len(refs))
    run.ingest = ingest_refs(refs, settings)
    if needs_export(settings):
        try:
            export_task(settings)
            run.exported = True
        except Exception as exc:  # recorded in the run report; the verdict fails the night
            run.export_error = f"{type(exc).__name__}: {exc}"
    run.export_dir = str(current_release(settings) or settings.export_dir)
    run.failing, run.totals, run.issues = pipeline.warehouse_figures(settings.db_path, since=run.started)
    run.finished = utcnow()
    assess(run, settings, crawled=not paths)
    url = settings.alert_url
    if url and run.verdict.level != OK:
        run.alert_error = send_alert(url, run.verdict, to_markdown(run))
        if run.alert_error:
            logger.error("alert not delivered: %s", run.alert_error)
    publish_run_report(run, str(settings.reports_dir))
    log = logger.error if run.verdict.level == FAILED else logger.warning if run.verdict.level != OK else logger.info
    log("%s (%.1f s: %d parsed, %d unchanged, %d loaded)", run.verdict.line(),
        (run.finished - run.started).total_seconds(), run.ingest.parsed, run.ingest.unchanged, run.ingest.loaded)
    return run


def summary(run: RunReport) -> dict[str, Any]:
    """The flow's result: plain data for the CLI, the demo and whoever reads the flow run."""
    return {
        "verdict": run.verdict.level,
        "reasons": run.verdict.reasons,
        "exit_code": run.verdict.exit_code,
        "seconds": (run.finished - run.started).total_seconds(),
        "crawl": run.crawl,
        "health": [h.as_row() for h in run.health],
        "documents": run.ingest.documents,
        "unchanged": run.ingest.unchanged,
        "parsed": run.ingest.parsed,
        "loaded": run.ingest.loaded,
        "by_status": run.ingest.by_status,
        "exported": run.exported,
        "failing_checks": len(run.failing),
        "issues": run.issues,
        "crawl_issues": run.crawl_issues,
        "totals": run.totals,
        "alert_error": run.alert_error,
    }


@flow(name="gknb-nightly", log_prints=True)
def nightly(sources: list[str] | None = None, data_dir: str | None = None,
            fetch_overrides: dict[str, Any] | None = None, paths: list[str] | None = None) -> Any:
    """Crawl every source (or the named ones), parse new or changed documents, load, export, report.

    Returns the night's summary; a ``failed`` night returns a Failed state whose exception
    (``NightFailed``) carries the same summary.
    """
    settings = Settings.load(data_dir)
    try:
        run = run_steps(settings, sources, fetch_overrides, paths)
    except Exception as exc:  # the night stopped before it could judge itself: still say so
        alert_crash(exc, settings.alert_url)
        raise
    result = summary(run)
    if run.verdict.level == FAILED:
        return Failed(message=run.verdict.line(),
                      data=NightFailed(run.verdict, result, str(settings.reports_dir / "latest.md")))
    return result


def alert_crash(exc: Exception, url: str | None) -> None:
    """A night that raised has no run report; the alert carries the error instead."""
    if url:
        verdict = Verdict(FAILED, [f"the night stopped: {type(exc).__name__}: {exc}"])
        problem = send_alert(url, verdict, verdict.line())
        if problem:
            get_run_logger().error("alert not delivered: %s", problem)


def run_night(**parameters: Any) -> dict[str, Any]:
    """Start Prefect (one place for every entry point), run the flow, return its summary whatever the verdict."""
    from gknb.flows.startup import ensure_prefect_api

    ensure_prefect_api()
    state = nightly(return_state=True, **parameters)
    result = state.result(raise_on_failure=False)
    if isinstance(result, NightFailed):
        return result.summary
    if isinstance(result, BaseException):  # the flow itself broke (a bug, a full disk): not a verdict
        raise result
    return result


def main() -> int:
    """The cron line (``python -m gknb.flows.nightly``): exit code 0 ok, 3 degraded, 1 failed; one line on failure."""
    from gknb.errors import GknbError

    try:
        return run_night()["exit_code"]
    except GknbError as exc:
        print(f"gknb nightly: {exc.message}" + (f" ({exc.hint})" if exc.hint else ""), file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
