-- Data quality per agency (agency_id; primary reports only, plus the agency_identity issues of
-- reports that could not be placed, under their printed name): for each check, how many of the agency's reports it ran on, how
-- many failed it (and in which years), how often, how many failures involved blank cells
-- read as 0, and how often it could not run (skipped: a table missing or incomplete).
CREATE OR REPLACE VIEW quality AS
SELECT
    r.agency_id,
    c.agency,
    check_name,
    count(DISTINCT report_id) AS reports,
    count(DISTINCT report_id) FILTER (WHERE c.status = 'fail') AS failing_reports,
    count(*) FILTER (WHERE c.status = 'fail') AS failures,
    count(*) FILTER (WHERE c.status = 'fail' AND blank_as_zero) AS failures_with_blanks,
    count(*) FILTER (WHERE c.status = 'skipped') AS skipped,
    count(*) FILTER (WHERE c.status = 'pass') AS passes,
    list(DISTINCT c.year ORDER BY c.year) FILTER (WHERE c.status = 'fail') AS failing_years
FROM check_results AS c
JOIN reports AS r USING (report_id)
WHERE r.is_primary OR r.agency_id IS NULL
GROUP BY r.agency_id, c.agency, check_name;
