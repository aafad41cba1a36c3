-- Statistics for planning (issue 11). Tables are counted from `stat_fact`, one row per counted
-- thing (a distinct person, a case, a decision, a referral, a service, a screening, a
-- repatriation, a follow-up visit), rebuilt as a whole by the statistics refresh job in one
-- transaction, so a table never mixes two states of the registry. Facts hold codes only: no
-- name, no date of birth, no record id other than the linkage cluster a person belongs to.
CREATE TABLE stat_fact (
  kind                 text NOT NULL CHECK (kind IN ('person', 'identified', 'case', 'decision', 'referral',
                                                     'service', 'screening', 'repatriation', 'follow_up')),
  person_key           uuid NOT NULL,   -- the person's linkage cluster: one person counts once
  day                  date NOT NULL,   -- the day counted (in LANTERN_TIMEZONE)
  -- The person and their case (for a person: their first case).
  sex                  text NOT NULL,
  age_band             text NOT NULL,
  minor                text NOT NULL,
  citizenship          text NOT NULL,
  province             text NOT NULL,
  exploitation_type    text NOT NULL,
  recruitment_channel  text NOT NULL,
  destination          text NOT NULL,
  reached_via          text NOT NULL,
  agency_kind          text NOT NULL,
  -- What the fact itself says (null where it does not apply).
  decision             text,
  deadline             text,
  verification_time    text,
  referral_outcome     text,
  response_time        text,
  to_agency_kind       text,
  purpose              text,
  service_type         text,
  service_status       text,
  screening_outcome    text,
  border_gate          text,
  follow_up_outcome    text
);
CREATE INDEX stat_fact_kind_day_idx ON stat_fact (kind, day);

-- The facts counted by month and by nothing, each dimension and each pair of dimensions of an
-- indicator (src/statistics/cube.ts): n facts, of p distinct persons. Rebuilt with the facts.
CREATE TABLE stat_cube (
  kind     text NOT NULL,
  month    date NOT NULL,
  dim_a    text NOT NULL,   -- '' when the row is not broken down by a (or by b)
  val_a    text NOT NULL,
  dim_b    text NOT NULL,
  val_b    text NOT NULL,
  n        integer NOT NULL,
  p        integer NOT NULL
);
CREATE INDEX stat_cube_lookup_idx ON stat_cube (kind, dim_a, dim_b, month);

-- When the facts were last rebuilt.
CREATE TABLE stat_state (
  id          boolean PRIMARY KEY DEFAULT true CHECK (id),
  as_of       timestamptz,
  persons     integer NOT NULL DEFAULT 0
);
INSERT INTO stat_state (id) VALUES (true);

-- Every controlled output released: what was asked and exactly what was given (codes and counts
-- that passed disclosure control, never a record), so that a download serves the same table again.
CREATE TABLE statistics_release (
  id           uuid PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES app_user(id),
  at           timestamptz NOT NULL DEFAULT now(),
  indicator    text NOT NULL,
  mode         text NOT NULL CHECK (mode IN ('suppression', 'dp')),
  epsilon      double precision,
  query        jsonb NOT NULL,
  output       jsonb NOT NULL
);
CREATE INDEX statistics_release_user_idx ON statistics_release (user_id, at DESC);

-- The privacy-budget ledger: per analyst and per period (a calendar year), spent by sequential
-- composition. The CHECK makes overspending impossible even for concurrent releases.
CREATE TABLE privacy_budget (
  user_id     uuid NOT NULL REFERENCES app_user(id),
  period      text NOT NULL,
  budget      double precision NOT NULL CHECK (budget > 0),
  spent       double precision NOT NULL DEFAULT 0,
  CHECK (spent >= 0 AND spent <= budget + 1e-9),
  PRIMARY KEY (user_id, period)
);
