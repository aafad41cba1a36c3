-- The update guard compared each changed event with its old version by joining the statement's old and new rows
-- on id. Transition tables have no statistics, and the join ran as a nested loop: sealing 1,000 events spent 60 ms
-- in the guard against 15 ms for the UPDATE itself, and during name searches (25 events a page) the sealing UPDATE
-- became more than half of PostgreSQL's time (issue 15, bench:api). The same rule as a set difference is hashed:
-- 3 ms for those 1,000 events.
-- What it refuses is unchanged: changing a sealed event, or any field of an unsealed one but its seq, hash and
-- origin (an id changed to DEFAULT, the only way for an identity column, leaves a new row with no old one). EXCEPT
-- compares NULLs as equal, as IS DISTINCT FROM did.
CREATE OR REPLACE FUNCTION audit_event_update_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_rows WHERE seq IS NOT NULL)
     OR EXISTS (
       SELECT id, at, action, outcome, actor_id, record_id, details, record_type, client_ip, actor_agency_id, nonce, mac
         FROM new_rows
       EXCEPT
       SELECT id, at, action, outcome, actor_id, record_id, details, record_type, client_ip, actor_agency_id, nonce, mac
         FROM old_rows) THEN
    RAISE EXCEPTION 'audit events are append-only';
  END IF;
  RETURN NULL;
END $$;
