-- The audit trail proves who wrote it and cannot be cut or wiped unnoticed.
--
-- * Each event written by Lantern carries a random `nonce` and a keyed `mac` over
--   its content (computed by the application, which sets `at` itself so that the
--   time is covered). The sealer checks the mac before chaining an event and
--   records what it found in `origin`: 'lantern' (mac valid), 'forged' (no or a
--   wrong mac, or a copy of another event's nonce: written by something other
--   than Lantern) or 'legacy' (written before this migration, when events had no
--   mac). `origin`, `nonce` and `mac` are covered by the chain hash of every event
--   sealed from now on, so a forged event stays in the trail, marked, and
--   `lantern audit verify` names it.
-- * The chain head carries a keyed mac over (seq, hash, sealed_at, legacy_seq,
--   legacy_until_id), so rewriting it without the key is detected.
-- * Events sealed before this migration (seq <= legacy_seq) keep their hashes and
--   are verified with the formula they were sealed with; events written before it
--   but not yet sealed (id <= legacy_until_id, no mac) are sealed as 'legacy' by
--   the first sealing run, which then closes that window for good.
-- * TRUNCATE is refused like UPDATE and DELETE; the head can be neither deleted
--   nor moved back; events cannot be inserted already sealed.

ALTER TABLE audit_event
  ADD COLUMN nonce uuid UNIQUE,
  ADD COLUMN mac text,
  -- Existing rows are legacy; new rows have no origin until the sealer gives them one.
  ADD COLUMN origin text DEFAULT 'legacy' CHECK (origin IN ('lantern', 'legacy', 'forged'));
ALTER TABLE audit_event ALTER COLUMN origin DROP DEFAULT;

ALTER TABLE audit_chain_head
  ADD COLUMN sealed_at timestamptz(3),
  ADD COLUMN mac text,
  ADD COLUMN legacy_seq bigint,
  ADD COLUMN legacy_until_id bigint;
UPDATE audit_chain_head
   SET legacy_seq = seq,
       legacy_until_id = (SELECT max(id) FROM audit_event WHERE seq IS NULL);
ALTER TABLE audit_chain_head ALTER COLUMN legacy_seq SET NOT NULL;

-- A sealed event never changes; an unsealed one may only receive its seq, hash and origin.
CREATE OR REPLACE FUNCTION audit_event_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit events cannot be deleted';
  END IF;
  IF OLD.seq IS NOT NULL OR NEW.id <> OLD.id OR NEW.at <> OLD.at OR NEW.action <> OLD.action
     OR NEW.outcome <> OLD.outcome OR NEW.actor_id IS DISTINCT FROM OLD.actor_id
     OR NEW.record_id IS DISTINCT FROM OLD.record_id OR NEW.details IS DISTINCT FROM OLD.details
     OR NEW.record_type IS DISTINCT FROM OLD.record_type OR NEW.client_ip IS DISTINCT FROM OLD.client_ip
     OR NEW.actor_agency_id IS DISTINCT FROM OLD.actor_agency_id
     OR NEW.nonce IS DISTINCT FROM OLD.nonce OR NEW.mac IS DISTINCT FROM OLD.mac THEN
    RAISE EXCEPTION 'audit events are append-only';
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION audit_event_insert_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seq IS NOT NULL OR NEW.hash IS NOT NULL OR NEW.origin IS NOT NULL THEN
    RAISE EXCEPTION 'audit events are sealed only by the sealer, never inserted sealed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_event_insert_unsealed BEFORE INSERT ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_insert_guard();

CREATE FUNCTION audit_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail cannot be truncated (%)', TG_TABLE_NAME;
END $$;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();

CREATE FUNCTION audit_chain_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'the audit chain head cannot be deleted';
  END IF;
  IF NEW.seq < OLD.seq OR NEW.legacy_seq <> OLD.legacy_seq
     OR (NEW.legacy_until_id IS NOT NULL AND NEW.legacy_until_id IS DISTINCT FROM OLD.legacy_until_id) THEN
    RAISE EXCEPTION 'the audit chain head never moves back';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_chain_head_forward_only BEFORE UPDATE OR DELETE ON audit_chain_head
  FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard();
