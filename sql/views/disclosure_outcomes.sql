-- How requests ended, per primary report (agency_id × year), from the 总计 column of Table 3: counts and
-- shares of （七）总计 (total_processed) granted, partially granted, denied (in all and by each
-- of the eight reasons), unable to provide, not processed and other processing.  A share is
-- NULL where total_processed is blank or 0; blank outcome cells add nothing to a sum.
CREATE OR REPLACE VIEW disclosure_outcomes AS
WITH outcomes AS (
    SELECT
        report_id,
        agency,
        year,
        max(count) FILTER (WHERE category = 'total_processed') AS total_processed,
        sum(count) FILTER (WHERE category = 'granted')::BIGINT AS granted,
        sum(count) FILTER (WHERE category = 'partially_granted')::BIGINT AS partially_granted,
        sum(count) FILTER (WHERE starts_with(category, 'denied_'))::BIGINT AS denied,
        sum(count) FILTER (WHERE category = 'denied_state_secret')::BIGINT AS denied_state_secret,
        sum(count) FILTER (WHERE category = 'denied_prohibited_by_law')::BIGINT AS denied_prohibited_by_law,
        sum(count) FILTER (WHERE category = 'denied_security_stability')::BIGINT AS denied_security_stability,
        sum(count) FILTER (WHERE category = 'denied_third_party_rights')::BIGINT AS denied_third_party_rights,
        sum(count) FILTER (WHERE category = 'denied_internal_affairs')::BIGINT AS denied_internal_affairs,
        sum(count) FILTER (WHERE category = 'denied_process_information')::BIGINT AS denied_process_information,
        sum(count) FILTER (WHERE category = 'denied_law_enforcement_files')::BIGINT AS denied_law_enforcement_files,
        sum(count) FILTER (WHERE category = 'denied_administrative_inquiry')::BIGINT AS denied_administrative_inquiry,
        sum(count) FILTER (WHERE starts_with(category, 'unable_'))::BIGINT AS unable,
        sum(count) FILTER (WHERE starts_with(category, 'not_processed_'))::BIGINT AS not_processed,
        sum(count) FILTER (WHERE starts_with(category, 'other_'))::BIGINT AS other_processing
    FROM fact_applications
    WHERE applicant_type = 'total' AND report_id IN (SELECT report_id FROM reports WHERE is_primary)
    GROUP BY report_id, agency, year
)
SELECT
    outcomes.*,
    (SELECT agency_id FROM reports WHERE reports.report_id = outcomes.report_id) AS agency_id,
    granted / nullif(total_processed, 0) AS share_granted,
    partially_granted / nullif(total_processed, 0) AS share_partially_granted,
    denied / nullif(total_processed, 0) AS share_denied,
    denied_state_secret / nullif(total_processed, 0) AS share_denied_state_secret,
    denied_prohibited_by_law / nullif(total_processed, 0) AS share_denied_prohibited_by_law,
    denied_security_stability / nullif(total_processed, 0) AS share_denied_security_stability,
    denied_third_party_rights / nullif(total_processed, 0) AS share_denied_third_party_rights,
    denied_internal_affairs / nullif(total_processed, 0) AS share_denied_internal_affairs,
    denied_process_information / nullif(total_processed, 0) AS share_denied_process_information,
    denied_law_enforcement_files / nullif(total_processed, 0) AS share_denied_law_enforcement_files,
    denied_administrative_inquiry / nullif(total_processed, 0) AS share_denied_administrative_inquiry,
    unable / nullif(total_processed, 0) AS share_unable,
    not_processed / nullif(total_processed, 0) AS share_not_processed,
    other_processing / nullif(total_processed, 0) AS share_other_processing
FROM outcomes;
