-- Agency-years without a primary report, against the agencies known for each jurisdiction:
-- an agency (agency_id) is expected every statistics year from its first report to the latest
-- year the jurisdiction whose portal published it (reports.jurisdiction_code; the agency's
-- own region for local files) has any primary report.  Gaps between reports and years missing
-- at the end both count; years after the jurisdiction's latest report do not (not crawled yet).
CREATE OR REPLACE VIEW missing_years AS
WITH placed AS (
    SELECT agency_id, coalesce(r.jurisdiction_code, a.region_code) AS jurisdiction_code, year
    FROM reports AS r
    JOIN agencies AS a USING (agency_id)
    WHERE r.is_primary
),
latest AS (
    SELECT jurisdiction_code, max(year) AS latest_year FROM placed GROUP BY jurisdiction_code
),
spans AS (
    SELECT agency_id, jurisdiction_code, min(year) AS first_year, max(year) AS last_reported_year
    FROM placed
    GROUP BY agency_id, jurisdiction_code
),
expected AS (
    SELECT s.*, unnest(generate_series(s.first_year, l.latest_year)) AS year
    FROM spans AS s
    JOIN latest AS l USING (jurisdiction_code)
)
SELECT e.agency_id, a.canonical_name AS agency, a.region_code, e.jurisdiction_code, e.year::INTEGER AS year,
       e.first_year, e.last_reported_year
FROM expected AS e
JOIN agencies AS a USING (agency_id)
ANTI JOIN placed AS p ON p.agency_id = e.agency_id AND p.year = e.year;
