"""The quality summary of ``gknb checks``: which reports fail which checks, and by how much.

Frames over ``check_results`` and ``reports``: one row per check with how many reports it
ran on, failed on or had to skip; every failing result with the numbers that disagree
(``detail``); and the reports that claim an agency and year another report claims too.
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
SELECT agency_canonical AS agency, year, agency_year_reports AS reports, report_id, agency AS printed, source
FROM reports
WHERE agency_year_reports > 1
ORDER BY agency, year, report_id
"""


def check_summary(wh: Warehouse) -> pl.DataFrame:
    return wh.query(CHECK_SUMMARY_SQL)


def failures(wh: Warehouse, agency: str | None = None) -> pl.DataFrame:
    return wh.query(FAILURES_SQL, [agency, agency])


def conflicts(wh: Warehouse) -> pl.DataFrame:
    return wh.query(CONFLICTS_SQL)
