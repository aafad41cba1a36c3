-- One audit event for a page of a list, naming the records it showed (issue 15). A name search audited each of the
-- 25 cases of its page as an event of its own: 25 rows signed, inserted with six index entries each, then checked
-- and rewritten by the sealer — a fifth of PostgreSQL's time per search and 15 % of Lantern's thread. A page's
-- event now carries the ids of the records it showed in record_ids (covered by the writer's MAC and the chain hash
-- like every other field), and the access log of a record finds it there through the GIN index.
ALTER TABLE audit_event ADD COLUMN record_ids uuid[];
ALTER TABLE audit_event ADD CONSTRAINT audit_event_record_ids_not_empty
  CHECK (record_ids IS NULL OR cardinality(record_ids) > 0);
CREATE INDEX audit_event_record_ids_idx ON audit_event USING gin (record_ids);

-- The update guard of migration 0030, with the new field among those an unsealed event may not change.
CREATE OR REPLACE FUNCTION audit_event_update_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_rows WHERE seq IS NOT NULL)
     OR EXISTS (
       SELECT id, at, action, outcome, actor_id, record_id, record_ids, details, record_type, client_ip,
              actor_agency_id, nonce, mac
         FROM new_rows
       EXCEPT
       SELECT id, at, action, outcome, actor_id, record_id, record_ids, details, record_type, client_ip,
              actor_agency_id, nonce, mac
         FROM old_rows) THEN
    RAISE EXCEPTION 'audit events are append-only';
  END IF;
  RETURN NULL;
END $$;
