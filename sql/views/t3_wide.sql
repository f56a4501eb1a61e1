-- Table 3 wide: one row per primary report (agency_id × year), one column per category
-- (report-model.md row keys, both formats), holding the 总计 (total) applicant column.  NULL
-- is a blank cell, or a row the report's format does not have (other_processing vs other_*).
-- Non-primary reports (the HTML page of a PDF, a repost) stay in reports, not here.
CREATE OR REPLACE VIEW t3_wide AS
SELECT
    r.report_id,
    r.agency_id,
    r.agency_canonical AS agency,
    r.year,
    r.format_version,
    r.agency_year_reports,
    max(f.count) FILTER (WHERE f.category = 'new_received') AS new_received,
    max(f.count) FILTER (WHERE f.category = 'carried_over') AS carried_over,
    max(f.count) FILTER (WHERE f.category = 'granted') AS granted,
    max(f.count) FILTER (WHERE f.category = 'partially_granted') AS partially_granted,
    max(f.count) FILTER (WHERE f.category = 'denied_state_secret') AS denied_state_secret,
    max(f.count) FILTER (WHERE f.category = 'denied_prohibited_by_law') AS denied_prohibited_by_law,
    max(f.count) FILTER (WHERE f.category = 'denied_security_stability') AS denied_security_stability,
    max(f.count) FILTER (WHERE f.category = 'denied_third_party_rights') AS denied_third_party_rights,
    max(f.count) FILTER (WHERE f.category = 'denied_internal_affairs') AS denied_internal_affairs,
    max(f.count) FILTER (WHERE f.category = 'denied_process_information') AS denied_process_information,
    max(f.count) FILTER (WHERE f.category = 'denied_law_enforcement_files') AS denied_law_enforcement_files,
    max(f.count) FILTER (WHERE f.category = 'denied_administrative_inquiry') AS denied_administrative_inquiry,
    max(f.count) FILTER (WHERE f.category = 'unable_not_held') AS unable_not_held,
    max(f.count) FILTER (WHERE f.category = 'unable_needs_creation') AS unable_needs_creation,
    max(f.count) FILTER (WHERE f.category = 'unable_still_unclear') AS unable_still_unclear,
    max(f.count) FILTER (WHERE f.category = 'not_processed_petition') AS not_processed_petition,
    max(f.count) FILTER (WHERE f.category = 'not_processed_repeated') AS not_processed_repeated,
    max(f.count) FILTER (WHERE f.category = 'not_processed_publication') AS not_processed_publication,
    max(f.count) FILTER (WHERE f.category = 'not_processed_mass_repeated') AS not_processed_mass_repeated,
    max(f.count) FILTER (WHERE f.category = 'not_processed_confirm_or_reissue') AS not_processed_confirm_or_reissue,
    max(f.count) FILTER (WHERE f.category = 'other_processing') AS other_processing,
    max(f.count) FILTER (WHERE f.category = 'other_no_correction') AS other_no_correction,
    max(f.count) FILTER (WHERE f.category = 'other_unpaid_fee') AS other_unpaid_fee,
    max(f.count) FILTER (WHERE f.category = 'other_other') AS other_other,
    max(f.count) FILTER (WHERE f.category = 'total_processed') AS total_processed,
    max(f.count) FILTER (WHERE f.category = 'carried_forward') AS carried_forward
FROM reports AS r
JOIN fact_applications AS f ON f.report_id = r.report_id AND f.applicant_type = 'total'
WHERE r.is_primary
GROUP BY r.report_id, r.agency_id, r.agency_canonical, r.year, r.format_version, r.agency_year_reports;
