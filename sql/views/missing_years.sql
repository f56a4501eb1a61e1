-- Agencies with a report missing for a year after they first reported: every year from the
-- agency's first report to the latest statistics year in the warehouse that has no report
-- of that (canonical) agency.  Gaps between reports and years missing at the end both count.
CREATE OR REPLACE VIEW missing_years AS
WITH seen AS (
    SELECT DISTINCT agency_canonical AS agency, year
    FROM reports
    WHERE agency_canonical IS NOT NULL AND year IS NOT NULL
),
spans AS (
    SELECT agency, min(year) AS first_year, max(year) AS last_reported_year
    FROM seen
    GROUP BY agency
),
expected AS (
    SELECT spans.*, unnest(generate_series(first_year, (SELECT max(year) FROM seen))) AS year
    FROM spans
)
SELECT expected.agency, expected.year::INTEGER AS year, expected.first_year, expected.last_reported_year
FROM expected
ANTI JOIN seen ON seen.agency = expected.agency AND seen.year = expected.year;
