"""Per-year totals a newcomer trusts: Table 3 summed over primary reports only (one per agency-year).

Summing ``fact_applications`` over every report counts an HTML page and its PDF, or a report
and its repost, twice; the demo prints this instead.
"""

from __future__ import annotations

import polars as pl

from gknb.load.warehouse import Warehouse

PER_YEAR_TOTALS_SQL = """
SELECT r.year,
       count(DISTINCT r.agency_id) AS agencies,
       count(*) FILTER (WHERE NOT r.is_primary) AS other_reports_not_counted,
       sum(f.count) FILTER (WHERE r.is_primary) AS new_received,
       count(*) FILTER (WHERE r.is_primary AND f.count IS NULL) AS agencies_blank_or_unread
FROM reports AS r
LEFT JOIN fact_applications AS f
  ON f.report_id = r.report_id AND f.category = 'new_received' AND f.applicant_type = 'total'
WHERE r.year IS NOT NULL
GROUP BY r.year
ORDER BY r.year
"""
PER_YEAR_TOTALS_TITLE = "Applications received per statistics year (Table 3 本年新收, all applicants, primary reports only)"


def per_year_totals(wh: Warehouse) -> pl.DataFrame:
    """year, agencies, reports not counted, new_received (sum over primary reports), primaries without a value."""
    return wh.query(PER_YEAR_TOTALS_SQL)
