"""The quality summary of ``gknb checks``: which reports fail which checks, and by how much.

Frames over ``check_results`` and ``reports``: one row per check with how many reports it
ran on, failed on or had to skip; every failing result with the numbers that disagree
(``detail``); the reports that claim an agency and year another report claims too, with
the one counted (``is_primary``) and why the others are not; and the reports whose agency
could not be placed.
"""

from __future__ import annotations

import polars as pl

from gknb.load.warehouse import Warehouse

CHECK_SUMMARY_SQL = """
SELECT check_name,
       count(DISTINCT report_id) AS reports,
       count(DISTINCT report_id) FILTER (WHERE status = 'fail') AS failing_reports,
       count(*) FILTER (WHERE status = 'fail') AS failures,
       count(*) FILTER (WHERE status = 'skipped') AS skipped
FROM check_results
GROUP BY check_name
ORDER BY check_name
"""

FAILURES_SQL = """
SELECT r.agency_canonical AS agency, r.year, c.check_name, c.subject, c.detail, c.blank_as_zero,
       c.related_report_id, r.report_id, r.source
FROM check_results AS c
JOIN reports AS r USING (report_id)
WHERE c.status = 'fail' AND (? IS NULL OR r.agency_canonical = ?)
ORDER BY agency, r.year, c.check_name, c.subject, r.report_id
"""

CONFLICTS_SQL = """
SELECT agency_canonical AS agency, year, count(*) OVER (PARTITION BY agency_id, year) AS reports, report_id,
       is_primary, primary_reason, agency AS printed, source
FROM reports
WHERE agency_id IS NOT NULL AND year IS NOT NULL
QUALIFY count(*) OVER (PARTITION BY agency_id, year) > 1
ORDER BY agency, year, is_primary DESC, report_id
"""

UNPLACED_SQL = """
SELECT r.agency AS printed, r.year, c.detail AS issue, r.report_id, r.source
FROM reports AS r
JOIN check_results AS c ON c.report_id = r.report_id AND c.check_name = 'agency_identity'
WHERE r.agency_id IS NULL
ORDER BY printed, r.year, r.report_id
"""


def check_summary(wh: Warehouse) -> pl.DataFrame:
    return wh.query(CHECK_SUMMARY_SQL)


def failures(wh: Warehouse, agency: str | None = None) -> pl.DataFrame:
    return wh.query(FAILURES_SQL, [agency, agency])


def conflicts(wh: Warehouse) -> pl.DataFrame:
    """Agency-years with more than one report: which one is primary and why the others are not."""
    return wh.query(CONFLICTS_SQL)


def unplaced(wh: Warehouse) -> pl.DataFrame:
    """Reports whose printed name could not be placed in a region (no agency_id), with the reason."""
    return wh.query(UNPLACED_SQL)
