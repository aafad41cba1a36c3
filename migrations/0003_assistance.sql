-- Assistance and the national referral mechanism: consent, support plans and
-- services, referrals and transfers, repatriation, follow-up visits, notes.

CREATE TABLE consent (
  id                  uuid PRIMARY KEY,
  case_id             uuid NOT NULL REFERENCES case_file(id),
  purpose             text NOT NULL CHECK (purpose IN ('processing', 'share_with_agency', 'prosecution', 'statistics', 'follow_up_contact')),
  agency_id           uuid REFERENCES agency(id),       -- share_with_agency: a named agency ...
  agency_kind         text,                              -- ... or every agency of a kind
  method              text NOT NULL CHECK (method IN ('signed', 'verbal_witnessed', 'digital')),
  given_by            text NOT NULL CHECK (given_by IN ('person', 'guardian')),
  witness             text,
  recorded_by         uuid NOT NULL REFERENCES app_user(id),
  recorded_at         timestamptz NOT NULL DEFAULT now(),
  withdrawn_at        timestamptz,
  withdrawn_by        uuid REFERENCES app_user(id),
  withdrawal_reason   text,
  CHECK (purpose <> 'share_with_agency' OR agency_id IS NOT NULL OR agency_kind IS NOT NULL)
);
CREATE INDEX consent_case_idx ON consent (case_id);

CREATE TABLE referral (
  id               uuid PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('referral', 'transfer')),
  case_id          uuid NOT NULL REFERENCES case_file(id),
  from_agency_id   uuid NOT NULL REFERENCES agency(id),
  to_agency_id     uuid NOT NULL REFERENCES agency(id),
  purposes         text[] NOT NULL,
  services         text[] NOT NULL DEFAULT '{}',
  note             text,
  due_date         date NOT NULL,
  status           text NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'completed', 'revoked')),
  status_reason    text,
  created_by       uuid NOT NULL REFERENCES app_user(id),
  created_at       timestamptz(3) NOT NULL DEFAULT now(),
  responded_by     uuid REFERENCES app_user(id),
  responded_at     timestamptz,
  closed_at        timestamptz,
  version          integer NOT NULL DEFAULT 1,
  CHECK (from_agency_id <> to_agency_id)
);
CREATE INDEX referral_inbox_idx ON referral (to_agency_id, status, due_date, id);
CREATE INDEX referral_outbox_idx ON referral (from_agency_id, status, due_date, id);
CREATE INDEX referral_case_idx ON referral (case_id);

CREATE TABLE support_plan (
  case_id           uuid PRIMARY KEY REFERENCES case_file(id),
  risk_level        text NOT NULL CHECK (risk_level IN ('unknown', 'low', 'medium', 'high')),
  risk_factors      text[] NOT NULL DEFAULT '{}',
  risk_notes        text,            -- encrypted by the application
  goals             text,            -- encrypted by the application
  version           integer NOT NULL DEFAULT 1,
  updated_by        uuid NOT NULL REFERENCES app_user(id),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE support_service (
  id                  uuid PRIMARY KEY,
  case_id             uuid NOT NULL REFERENCES case_file(id),
  type                text NOT NULL,
  provider_agency_id  uuid REFERENCES agency(id),
  status              text NOT NULL CHECK (status IN ('planned', 'in_progress', 'provided', 'declined', 'cancelled')),
  planned_date        date,
  start_date          date,
  end_date            date,
  amount_vnd          bigint CHECK (amount_vnd IS NULL OR amount_vnd >= 0),
  notes               text,            -- encrypted by the application
  version             integer NOT NULL DEFAULT 1,
  created_by          uuid NOT NULL REFERENCES app_user(id),
  created_at          timestamptz(3) NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX support_service_case_idx ON support_service (case_id);
CREATE INDEX support_service_provider_idx ON support_service (provider_agency_id, status);

CREATE TABLE repatriation_group (
  id               uuid PRIMARY KEY,
  return_date      date NOT NULL,
  country_from     text NOT NULL,
  border_gate      text NOT NULL,
  expected_count   integer CHECK (expected_count IS NULL OR expected_count > 0),
  notes            text,
  created_by       uuid NOT NULL REFERENCES app_user(id),
  owner_agency_id  uuid NOT NULL REFERENCES agency(id),
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE repatriation (
  case_id                   uuid PRIMARY KEY REFERENCES case_file(id),
  group_id                  uuid REFERENCES repatriation_group(id),
  country_from              text NOT NULL,
  border_gate               text NOT NULL,
  return_date               date NOT NULL,
  travel_documents_checked  boolean NOT NULL DEFAULT false,
  escort                    text,
  receiving_agency_id       uuid REFERENCES agency(id),
  version                   integer NOT NULL DEFAULT 1,
  updated_by                uuid NOT NULL REFERENCES app_user(id),
  updated_at                timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX repatriation_group_idx ON repatriation (group_id);

CREATE TABLE follow_up_visit (
  id             uuid PRIMARY KEY,
  case_id        uuid NOT NULL REFERENCES case_file(id),
  scheduled_for  date NOT NULL,
  done_at        date,
  outcome        text CHECK (outcome IS NULL OR outcome IN ('stable', 'needs_support', 'at_risk', 'not_reached', 're_trafficked')),
  notes          text,             -- encrypted by the application
  created_by     uuid NOT NULL REFERENCES app_user(id),
  version        integer NOT NULL DEFAULT 1,
  created_at     timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX follow_up_visit_case_idx ON follow_up_visit (case_id, scheduled_for);

CREATE TABLE case_note (
  id               uuid PRIMARY KEY,
  case_id          uuid NOT NULL REFERENCES case_file(id),
  author_id        uuid NOT NULL REFERENCES app_user(id),
  author_agency_id uuid NOT NULL REFERENCES agency(id),
  visibility       text NOT NULL CHECK (visibility IN ('own_agency', 'all_with_access')),
  body             text NOT NULL,   -- encrypted by the application
  created_at       timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX case_note_case_idx ON case_note (case_id, created_at);

CREATE INDEX case_access_grant_source_idx ON case_access_grant (source_id) WHERE active;
