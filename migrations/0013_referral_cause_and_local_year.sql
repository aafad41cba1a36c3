-- Why the system closed a referral, as a code the receiving agency may read
-- (consent withdrawn, case closed), instead of copying the owner's own words:
-- the reason typed when consent is withdrawn stays with the owner agency.
ALTER TABLE referral ADD COLUMN status_cause text
  CHECK (status_cause IS NULL OR status_cause IN ('consent_withdrawn', 'case_closed'));

-- Earlier withdrawals copied the typed reason into the referral; drop those copies.
UPDATE referral SET status_reason = NULL, status_cause = 'consent_withdrawn'
  WHERE status = 'revoked' AND status_reason IS NOT NULL AND closed_at IS NOT NULL
    AND EXISTS (SELECT 1 FROM consent k WHERE k.case_id = referral.case_id AND k.withdrawn_at = referral.closed_at);

-- Case references carry the year of the programme's calendar (LANTERN_TIMEZONE), not of UTC:
-- a case opened at 03:00 on 1 January in Viet Nam belongs to the new year.
CREATE FUNCTION next_case_reference(created timestamptz, zone text) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT 'LT-' || extract(year FROM created AT TIME ZONE zone)::int || '-' || lpad(n::text, greatest(6, length(n::text)), '0')
  FROM nextval('case_reference_seq') AS n
$$;
