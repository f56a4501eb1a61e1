-- Legacy (2008–2018) indicators beside the 2021 cells that mean (nearly) the same, with the caveat
-- to read first (primary reports only). Generated from model/legacy.py by `python -m gknb.model.legacy`; do not edit by hand.
CREATE OR REPLACE VIEW legacy_crosswalk AS
WITH crosswalk(indicator, target_table, target_row, target_column, comparable, caveat) AS (
    VALUES
        ('applications_received', 'fact_applications', 'new_received', 'total', 'same', 'Requests received in the year; before 2019 no carried-over requests were counted separately, so compare with new_received, not new_received + carried_over.'),
        ('reply_granted', 'fact_applications', 'granted', 'total', 'close', '2014–2018 counted ''already public'' replies apart (reply_already_public); 2021 counts them under granted. Add reply_already_public for the 2021 meaning.'),
        ('reply_already_public', 'fact_applications', 'granted', 'total', 'partial', 'Part of what 2021 counts as granted (the information was already public).'),
        ('reply_partially_granted', 'fact_applications', 'partially_granted', 'total', 'same', 'Partial disclosure; 2021 adds that a request partly disclosed is counted only here.'),
        ('reply_denied', 'fact_applications', 'denied', 'total', 'close', 'Denials; the grounds differ (commercial secret and privacy became ''third-party rights'', ''not government information'' moved to not-processed or unable), so compare totals only.'),
        ('reply_not_exist', 'fact_applications', 'unable_not_held', 'total', 'close', '''Does not exist'' is one of the two ways 2021''s ''agency does not hold it'' arises; add reply_not_this_agency for the 2021 meaning.'),
        ('reply_not_this_agency', 'fact_applications', 'unable_not_held', 'total', 'partial', '''Not for this agency'' is the other part of 2021''s unable_not_held.'),
        ('reply_asked_to_amend', 'fact_applications', 'unable_still_unclear', 'total', 'partial', '2014–2018 counted every request sent back for amendment; 2021 counts only those still unclear after the amendment.'),
        ('administrative_review', 'fact_review_litigation', 'administrative_review', 'total', 'same', 'Administrative reviews over disclosure (2021 adds pending cases to the total).'),
        ('review_upheld', 'fact_review_litigation', 'administrative_review', 'upheld', 'same', 'Upheld.'),
        ('review_corrected', 'fact_review_litigation', 'administrative_review', 'corrected', 'same', 'Corrected.'),
        ('review_other', 'fact_review_litigation', 'administrative_review', 'other', 'close', 'Other outcomes; 2021 counts pending cases apart.'),
        ('litigation', 'fact_review_litigation', 'litigation', 'total', 'close', 'All lawsuits; 2021 splits them into litigation_without_review and litigation_after_review (sum both).')
)
SELECT f.report_id, r.agency_id, f.agency, f.year, f.indicator, f.label, f.value,
       c.target_table, c.target_row, c.target_column, c.comparable, c.caveat
FROM fact_legacy_statistics f
JOIN reports r USING (report_id)
JOIN crosswalk c USING (indicator)
WHERE r.is_primary;  -- one report per agency-year, as every view
