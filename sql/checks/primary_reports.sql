-- One primary report per agency_id and statistics year (issue 10).  Preference, in order:
--   1. the document that holds the tables (reports.tables_read: more of the three tables with a value)
--      over the HTML page that only links it;
--   2. complete (parsed) over partial;
--   3. the agency's own portal (the source's jurisdiction is the agency's region) over a repost;
--   4. the newest version (publication date);
--   5. the smallest report_id (deterministic).
-- Every other report of the agency-year gets is_primary = false and primary_reason naming the
-- primary report and the rule that decided.  Reports without a year are never primary.
-- The loader runs it for the agencies in affected_ids(agency_id).
UPDATE reports SET is_primary = false, primary_reason = 'no statistics year read'
WHERE agency_id IN (SELECT agency_id FROM affected_ids);

UPDATE reports SET is_primary = d.is_primary, primary_reason = d.primary_reason FROM (
    WITH candidates AS (
        SELECT r.report_id, r.agency_id, r.year, r.status, r.publication_date, coalesce(r.tables_read, 0) AS tables,
               r.jurisdiction_code IS NOT DISTINCT FROM a.region_code AS own_portal
        FROM reports AS r
        JOIN agencies AS a USING (agency_id)
        WHERE r.agency_id IN (SELECT agency_id FROM affected_ids) AND r.year IS NOT NULL
    ),
    ranked AS (
        SELECT *,
               row_number() OVER (
                   PARTITION BY agency_id, year
                   ORDER BY tables DESC, (status = 'parsed') DESC, own_portal DESC,
                            publication_date DESC NULLS LAST, report_id
               ) AS rank
        FROM candidates
    ),
    best AS (SELECT * FROM ranked WHERE rank = 1)
    SELECT r.report_id,
           r.rank = 1 AS is_primary,
           CASE
               WHEN r.rank = 1 THEN NULL
               WHEN b.tables > r.tables THEN
                   'report ' || b.report_id || ' holds ' || b.tables || ' of the 3 tables, this one ' || r.tables
               WHEN b.status = 'parsed' AND r.status <> 'parsed' THEN
                   'report ' || b.report_id || ' is complete, this one ' || r.status
               WHEN b.own_portal AND NOT r.own_portal THEN
                   'report ' || b.report_id || ' is on the agency''s own portal, this one a repost'
               WHEN b.publication_date > r.publication_date OR (b.publication_date IS NOT NULL AND r.publication_date IS NULL) THEN
                   'report ' || b.report_id || ' is newer (' || b.publication_date || ')'
               ELSE 'report ' || b.report_id || ' is equal and first by report_id'
           END AS primary_reason
    FROM ranked AS r
    JOIN best AS b USING (agency_id, year)
) AS d
WHERE reports.report_id = d.report_id;
