-- Screening: immutable screening records on cases, and repatriation screening
-- events at border gates where many returnees are registered and screened.

CREATE TABLE screening_event (
  id                     uuid PRIMARY KEY,
  owner_agency_id        uuid NOT NULL REFERENCES agency(id),
  repatriation_group_id  uuid NOT NULL REFERENCES repatriation_group(id),
  border_gate            text NOT NULL,
  event_date             date NOT NULL,
  country_from           text NOT NULL,
  expected_count         integer CHECK (expected_count IS NULL OR expected_count > 0),
  agencies_present       text[] NOT NULL DEFAULT '{}',
  created_by             uuid NOT NULL REFERENCES app_user(id),
  created_at             timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE screening_event_case (
  event_id     uuid NOT NULL REFERENCES screening_event(id),
  case_id      uuid NOT NULL REFERENCES case_file(id),
  row_number   integer NOT NULL,
  PRIMARY KEY (event_id, case_id)
);
CREATE INDEX screening_event_case_case_idx ON screening_event_case (case_id);

CREATE TABLE screening (
  id               uuid PRIMARY KEY,
  case_id          uuid NOT NULL REFERENCES case_file(id),
  event_id         uuid REFERENCES screening_event(id),
  instrument       text NOT NULL,       -- the indicator set id
  set_version      text NOT NULL,
  status           text NOT NULL CHECK (status IN ('draft', 'final')),
  outcome          text NOT NULL CHECK (outcome IN ('presumed_victim', 'possible_victim', 'no_indicators_met')),
  answers          text NOT NULL,       -- encrypted: indicator answers
  result           text NOT NULL,       -- encrypted: the classifier's explanation
  health_answers   text,                -- encrypted: health triage answers
  health_flags     text[] NOT NULL DEFAULT '{}',   -- referral flags raised (no diagnosis)
  location         text NOT NULL,
  conducted_at     timestamptz NOT NULL,
  interpreter_used boolean NOT NULL DEFAULT false,
  notes            text,                -- encrypted
  conducted_by     uuid NOT NULL REFERENCES app_user(id),
  agency_id        uuid NOT NULL REFERENCES agency(id),
  superseded_by    uuid REFERENCES screening(id),
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz(3) NOT NULL DEFAULT now(),
  finalised_at     timestamptz
);
CREATE INDEX screening_case_idx ON screening (case_id, created_at);
CREATE INDEX screening_event_idx ON screening (event_id) WHERE superseded_by IS NULL;
CREATE INDEX screening_draft_idx ON screening (conducted_by) WHERE status = 'draft';
