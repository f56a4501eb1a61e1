-- cross_year_carry (report-model.md): carried_forward of year Y = carried_over of year Y+1,
-- same agency (agency_id), per applicant column, between primary reports only (one per
-- agency-year, so there is never a choice of which year-Y report to compare).  One row per
-- primary report of year Y+1 and applicant column, stored on that report; related_report_id
-- is the year-Y report compared with.  A blank cell reads as 0 (blank_as_zero); a report
-- without Table 3 makes the check skipped, never passed.
-- The loader runs it for the agencies in affected_ids(agency_id), with the applicant
-- columns of model/report.py in applicant_types(applicant_type).
WITH reps AS (
    SELECT report_id, agency_id, agency_canonical AS agency, year
    FROM reports
    WHERE agency_id IN (SELECT agency_id FROM affected_ids) AND is_primary
),
pairs AS (
    SELECT cur.report_id, cur.agency, cur.year, p.report_id AS related_report_id
    FROM reps AS cur
    JOIN reps AS p ON p.agency_id = cur.agency_id AND p.year = cur.year - 1
),
carry AS (
    SELECT report_id, applicant_type,
           max(count) FILTER (WHERE category = 'carried_over') AS carried_over,
           max(count) FILTER (WHERE category = 'carried_forward') AS carried_forward
    FROM fact_applications
    WHERE report_id IN (SELECT report_id FROM reps)
      AND category IN ('carried_over', 'carried_forward')
    GROUP BY report_id, applicant_type
),
compared AS (
    SELECT pairs.*, a.applicant_type,
           cur.report_id IS NOT NULL AND prev.report_id IS NOT NULL AS both_read,
           prev.carried_forward AS forward, cur.carried_over AS over
    FROM pairs
    CROSS JOIN applicant_types AS a
    LEFT JOIN carry AS cur ON cur.report_id = pairs.report_id AND cur.applicant_type = a.applicant_type
    LEFT JOIN carry AS prev ON prev.report_id = pairs.related_report_id AND prev.applicant_type = a.applicant_type
)
SELECT
    report_id,
    agency,
    year,
    'cross_year_carry' AS check_name,
    applicant_type AS subject,
    CASE
        WHEN NOT both_read THEN 'skipped'
        WHEN coalesce(forward, 0) = coalesce(over, 0) THEN 'pass'
        ELSE 'fail'
    END AS status,
    CASE
        WHEN NOT both_read THEN 'table 3 missing or incomplete in the ' || (year - 1) || ' or ' || year || ' report'
        ELSE (year - 1) || ' carried_forward ' || coalesce(forward::VARCHAR, 'blank')
             || CASE WHEN coalesce(forward, 0) = coalesce(over, 0) THEN ' = ' ELSE ' != ' END
             || year || ' carried_over ' || coalesce(over::VARCHAR, 'blank')
    END AS detail,
    both_read AND (forward IS NULL OR over IS NULL) AS blank_as_zero,
    related_report_id
FROM compared
