-- The guards that keep the audit trail append-only ran once per row: a name search
-- writes 25 events in one INSERT and the sealer numbers a few hundred in one UPDATE,
-- so each paid a PL/pgSQL call per event (bench:api: the audit INSERT and the sealing
-- UPDATE took about twice as long as before the guards). The same rules now run once
-- per statement, over the statement's rows (transition tables), as set-based checks.
-- What they refuse is unchanged: deleting events, changing a sealed event or any
-- field of an unsealed one but its seq, hash and origin, and inserting sealed events.

DROP TRIGGER audit_event_append_only ON audit_event;
DROP TRIGGER audit_event_insert_unsealed ON audit_event;

CREATE FUNCTION audit_event_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit events cannot be deleted';
END $$;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_delete();

CREATE FUNCTION audit_event_update_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- An id changed (to DEFAULT, the only way for an identity column) leaves a row unmatched.
  IF (SELECT count(*) FROM old_rows) <> (SELECT count(*) FROM old_rows o JOIN new_rows n ON n.id = o.id)
     OR EXISTS (
       SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
       WHERE o.seq IS NOT NULL OR n.at <> o.at OR n.action <> o.action OR n.outcome <> o.outcome
          OR n.actor_id IS DISTINCT FROM o.actor_id OR n.record_id IS DISTINCT FROM o.record_id
          OR n.details IS DISTINCT FROM o.details OR n.record_type IS DISTINCT FROM o.record_type
          OR n.client_ip IS DISTINCT FROM o.client_ip OR n.actor_agency_id IS DISTINCT FROM o.actor_agency_id
          OR n.nonce IS DISTINCT FROM o.nonce OR n.mac IS DISTINCT FROM o.mac) THEN
    RAISE EXCEPTION 'audit events are append-only';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER audit_event_append_only AFTER UPDATE ON audit_event
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_update_guard();

CREATE FUNCTION audit_event_insert_guard_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows WHERE seq IS NOT NULL OR hash IS NOT NULL OR origin IS NOT NULL) THEN
    RAISE EXCEPTION 'audit events are sealed only by the sealer, never inserted sealed';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER audit_event_insert_unsealed AFTER INSERT ON audit_event
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_insert_guard_rows();
