-- Lantern core: agencies, users, sessions, persons, cases, lifecycle, audit trail.
-- Plain PostgreSQL accepted by both PostgreSQL 15 (server) and PGlite (PostgreSQL 18).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE agency (
  id            uuid PRIMARY KEY,
  code          text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{1,31}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind          text NOT NULL,
  province      text,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app_user (
  id                 uuid PRIMARY KEY,
  email              text NOT NULL UNIQUE CHECK (email = lower(email)),
  display_name       text NOT NULL,
  agency_id          uuid NOT NULL REFERENCES agency(id),
  roles              text[] NOT NULL CHECK (cardinality(roles) >= 1),
  language           text NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en', 'fr')),
  disabled           boolean NOT NULL DEFAULT false,
  password_hash      text NOT NULL,
  totp_secret        text,          -- encrypted by the application
  totp_pending       text,          -- encrypted; set during enrolment until confirmed
  totp_last_step     bigint,        -- last accepted time step, so a code cannot be replayed
  version            integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX app_user_agency_idx ON app_user (agency_id);

-- Opaque session tokens: only their SHA-256 is stored, so a database leak yields no usable token.
CREATE TABLE user_session (
  token_hash    text PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES app_user(id),
  stage         text NOT NULL CHECK (stage IN ('full', 'mfa_pending', 'mfa_enrolment')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  client_ip     text
);
CREATE INDEX user_session_user_idx ON user_session (user_id);

-- Failed-login counters per account and per client address; in the database so
-- that every app server behind a load balancer sees the same counts.
CREATE TABLE login_throttle (
  key            text PRIMARY KEY,
  failures       integer NOT NULL,
  window_start   timestamptz NOT NULL,
  locked_until   timestamptz
);

CREATE TABLE person (
  id                   uuid PRIMARY KEY,
  owner_agency_id      uuid NOT NULL REFERENCES agency(id),
  family_name          text,
  middle_name          text,
  given_name           text,
  aliases              jsonb NOT NULL DEFAULT '[]',
  name_key             text NOT NULL,     -- accent-free, lower-case, tokens sorted: for search only
  sex                  text NOT NULL,
  date_of_birth        date,
  estimated_age_years  integer,
  age_estimated_on     date,
  citizenship          text NOT NULL,
  languages            text[] NOT NULL DEFAULT '{}',
  contact              text,              -- encrypted by the application
  version              integer NOT NULL DEFAULT 1,
  created_by           uuid NOT NULL REFERENCES app_user(id),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_name_key_trgm ON person USING gin (name_key gin_trgm_ops);
CREATE INDEX person_owner_idx ON person (owner_agency_id);

CREATE TABLE identity_document (
  id               uuid PRIMARY KEY,
  person_id        uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  type             text NOT NULL,
  number           text NOT NULL,      -- encrypted by the application
  number_hash      text NOT NULL,      -- keyed hash (HMAC) of the normalised number, for exact-match search
  issuing_country  text
);
CREATE INDEX identity_document_person_idx ON identity_document (person_id);
CREATE INDEX identity_document_hash_idx ON identity_document (number_hash);

CREATE SEQUENCE case_reference_seq;

CREATE TABLE case_file (
  id                       uuid PRIMARY KEY,
  reference                text NOT NULL UNIQUE,
  person_id                uuid NOT NULL REFERENCES person(id),
  owner_agency_id          uuid NOT NULL REFERENCES agency(id),
  assigned_user_id         uuid REFERENCES app_user(id),
  status                   text NOT NULL,
  exploitation_types       text[] NOT NULL DEFAULT '{}',
  recruitment_channels     text[] NOT NULL DEFAULT '{}',
  origin_province          text,
  transit_countries        text[] NOT NULL DEFAULT '{}',
  destination_country      text,
  recruitment_date         date,
  exploitation_start_date  date,
  exit_date                date,
  return_date              date,
  reached_via              text NOT NULL,
  narrative                text,          -- encrypted by the application
  verification_due_at      timestamptz,
  closure_reason           text,          -- encrypted by the application
  version                  integer NOT NULL DEFAULT 1,
  created_by               uuid NOT NULL REFERENCES app_user(id),
  created_at               timestamptz(3) NOT NULL DEFAULT now(),  -- ms precision: exact in keyset cursors
  updated_at               timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_file_owner_created_idx ON case_file (owner_agency_id, created_at DESC, id DESC);
CREATE INDEX case_file_created_idx ON case_file (created_at DESC, id DESC);
CREATE INDEX case_file_person_idx ON case_file (person_id);
CREATE INDEX case_file_assigned_idx ON case_file (assigned_user_id);
CREATE INDEX case_file_due_idx ON case_file (verification_due_at) WHERE status IN ('received', 'under_verification');

CREATE TABLE case_transition (
  id           uuid PRIMARY KEY,
  case_id      uuid NOT NULL REFERENCES case_file(id),
  from_status  text NOT NULL,
  to_status    text NOT NULL,
  reason       text NOT NULL,   -- encrypted by the application
  actor_id     uuid NOT NULL REFERENCES app_user(id),
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_transition_case_idx ON case_transition (case_id, at);

-- The seam through which other capabilities (accepted referrals, issue 4) give an
-- agency access to parts of a case. The policy module reads it; only the owning
-- capability writes it.
CREATE TABLE case_access_grant (
  id          uuid PRIMARY KEY,
  case_id     uuid NOT NULL REFERENCES case_file(id),
  agency_id   uuid NOT NULL REFERENCES agency(id),
  parts       text[] NOT NULL,
  source      text NOT NULL,
  source_id   uuid,
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_access_grant_lookup_idx ON case_access_grant (agency_id, case_id) WHERE active;

-- The audit trail. Events are appended by the request that caused them, in its
-- transaction; a background sealer later numbers them (seq) and chains them
-- (hash = HMAC(prev hash, event)), so sealing never serialises user traffic.
CREATE TABLE audit_event (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at               timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  actor_id         uuid,
  actor_agency_id  uuid,
  action           text NOT NULL,
  record_type      text,
  record_id        uuid,
  outcome          text NOT NULL,
  client_ip        text,
  details          jsonb,
  seq              bigint UNIQUE,
  hash             text
);
CREATE INDEX audit_event_unsealed_idx ON audit_event (id) WHERE seq IS NULL;
CREATE INDEX audit_event_record_idx ON audit_event (record_id, id);
CREATE INDEX audit_event_actor_idx ON audit_event (actor_id, id);

CREATE TABLE audit_chain_head (
  id    integer PRIMARY KEY CHECK (id = 1),
  seq   bigint NOT NULL,
  hash  text NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

-- Defence in depth: the trail is append-only for the application. A sealed event
-- never changes; an unsealed one may only receive its seq and hash. (A database
-- superuser can still tamper; the hash chain is what detects that.)
CREATE FUNCTION audit_event_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit events cannot be deleted';
  END IF;
  IF OLD.seq IS NOT NULL OR NEW.id <> OLD.id OR NEW.at <> OLD.at OR NEW.action <> OLD.action
     OR NEW.outcome <> OLD.outcome OR NEW.actor_id IS DISTINCT FROM OLD.actor_id
     OR NEW.record_id IS DISTINCT FROM OLD.record_id OR NEW.details IS DISTINCT FROM OLD.details
     OR NEW.record_type IS DISTINCT FROM OLD.record_type OR NEW.client_ip IS DISTINCT FROM OLD.client_ip
     OR NEW.actor_agency_id IS DISTINCT FROM OLD.actor_agency_id THEN
    RAISE EXCEPTION 'audit events are append-only';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_guard();
