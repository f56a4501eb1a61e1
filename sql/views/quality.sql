-- Data quality per agency: for each check, how many of the agency's reports it ran on, how
-- many failed it (and in which years), how often, how many failures involved blank cells
-- read as 0, and how often it could not run (skipped: a table missing or incomplete).
CREATE OR REPLACE VIEW quality AS
SELECT
    agency,
    check_name,
    count(DISTINCT report_id) AS reports,
    count(DISTINCT report_id) FILTER (WHERE status = 'fail') AS failing_reports,
    count(*) FILTER (WHERE status = 'fail') AS failures,
    count(*) FILTER (WHERE status = 'fail' AND blank_as_zero) AS failures_with_blanks,
    count(*) FILTER (WHERE status = 'skipped') AS skipped,
    count(*) FILTER (WHERE status = 'pass') AS passes,
    list(DISTINCT year ORDER BY year) FILTER (WHERE status = 'fail') AS failing_years
FROM check_results
GROUP BY agency, check_name;
