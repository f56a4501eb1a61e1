"""Per-year totals a newcomer trusts: Table 3 summed over primary reports only (one per agency-year);
and the example queries the demo prints.

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

FIRST_QUERY = "SELECT agency, year, status FROM reports LIMIT 5"  # the demo's hint for `gknb query`

# The questions a newcomer asks first, printed by ``gknb demo`` with their SQL to copy.
EXAMPLE_QUERIES: tuple[tuple[str, str], ...] = (
    (PER_YEAR_TOTALS_TITLE, PER_YEAR_TOTALS_SQL),
    ("Agencies with the most denials (不予公开, all reasons, all years)",
     """SELECT agency, sum(count) AS denied
        FROM fact_applications WHERE category LIKE 'denied_%' AND applicant_type = 'total'
          AND report_id IN (SELECT report_id FROM reports WHERE is_primary)
        GROUP BY agency HAVING sum(count) > 0 ORDER BY denied DESC, agency LIMIT 5"""),
    ("Reports whose Table 3 does not balance (t3_balance fails)",
     """SELECT r.agency, r.year, count(*) AS failing_columns
        FROM check_results c JOIN reports r USING (report_id)
        WHERE c.check_name = 't3_balance' AND c.status = 'fail'
        GROUP BY r.agency, r.year ORDER BY r.year, r.agency LIMIT 10"""),
)


def per_year_totals(wh: Warehouse) -> pl.DataFrame:
    """year, agencies, reports not counted, new_received (sum over primary reports), primaries without a value."""
    return wh.query(PER_YEAR_TOTALS_SQL)
