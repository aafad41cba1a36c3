-- The prosecution file of a case (issue 13 §4): the proceedings under the Criminal Procedure Code (2015),
-- the charges by Penal Code (2015) article against each accused (a suspect linked to the case), the
-- verdicts and sentences, and the victim's side (witness, protection, compensation, court dates).
-- Read by investigators and prosecutors who may read the case's `prosecution` part; the order of the
-- proceedings is checked by src/contract/proceedings.ts before anything is written.

-- One row per case that has a file: its version (the ETag of the whole file: every change bumps it) and
-- the victim's side.
CREATE TABLE prosecution_file (
  case_id                   uuid PRIMARY KEY REFERENCES case_file(id),
  witness_participation     boolean,                         -- null: not yet known
  witness_status            text NOT NULL DEFAULT 'not_asked' CHECK (witness_status IN (
                              'not_asked', 'agreed', 'declined', 'summoned', 'testified', 'excused')),
  protection_requested      text[] NOT NULL DEFAULT '{}',
  protection_granted        text[] NOT NULL DEFAULT '{}',
  compensation_claimed_vnd  bigint CHECK (compensation_claimed_vnd IS NULL OR compensation_claimed_vnd >= 0),
  compensation_awarded_vnd  bigint CHECK (compensation_awarded_vnd IS NULL OR compensation_awarded_vnd >= 0),
  victim_notes              text,                            -- encrypted by the application
  version                   integer NOT NULL DEFAULT 1,
  updated_by                uuid NOT NULL REFERENCES app_user(id),
  updated_at                timestamptz NOT NULL DEFAULT now()
);

-- The steps of the proceedings, in the order the rules allow (no indictment before the case is initiated…).
CREATE TABLE prosecution_step (
  id                uuid PRIMARY KEY,
  case_id           uuid NOT NULL REFERENCES case_file(id),
  kind              text NOT NULL CHECK (kind IN ('report', 'case_initiated', 'accused_initiated',
                                                  'investigation_concluded', 'indictment', 'first_instance_trial',
                                                  'appeal_trial', 'enforcement', 'suspended', 'dismissed')),
  step_date         date NOT NULL,
  authority         text NOT NULL CHECK (length(authority) BETWEEN 1 AND 300),  -- e.g. "Cơ quan CSĐT Công an tỉnh …"
  authority_kind    text NOT NULL CHECK (authority_kind IN ('police', 'border_guard', 'coast_guard', 'procuracy',
                                                            'court', 'enforcement', 'other')),
  authority_level   text NOT NULL CHECK (authority_level IN ('central', 'high', 'provincial', 'regional', 'district',
                                                             'other')),
  decision          text,                                   -- encrypted: the decision's content
  document_number   text CHECK (document_number IS NULL OR length(document_number) <= 100),
  reason            text,                                   -- encrypted: why suspended or dismissed
  seq               integer NOT NULL,                       -- the order of recording within the case
  recorded_by       uuid NOT NULL REFERENCES app_user(id),
  recorded_at       timestamptz(3) NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, seq)
);

-- A charge by Penal Code article against one accused (a suspect linked to the case), with its outcome.
CREATE TABLE prosecution_charge (
  id                uuid PRIMARY KEY,
  case_id           uuid NOT NULL REFERENCES case_file(id),
  suspect_id        uuid NOT NULL REFERENCES suspect(id),
  article           text NOT NULL CHECK (article IN ('150', '151', '152', '153', '154', '168', '169', '174', '322',
                                                     '348', '349', 'other')),
  clause            text CHECK (clause IS NULL OR length(clause) <= 50),            -- "khoản 2, điểm a"
  other_article     text CHECK (other_article IS NULL OR length(other_article) <= 200),
  outcome           text NOT NULL CHECK (outcome IN ('under_investigation', 'indicted', 'convicted', 'acquitted',
                                                     'dropped', 'reclassified')),
  recorded_by       uuid NOT NULL REFERENCES app_user(id),
  recorded_at       timestamptz(3) NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((article = 'other') = (other_article IS NOT NULL))
);
CREATE INDEX prosecution_charge_case_idx ON prosecution_charge (case_id, recorded_at);
CREATE UNIQUE INDEX prosecution_charge_once_idx ON prosecution_charge (case_id, suspect_id, article)
  WHERE article <> 'other';

-- The verdict on one accused at one instance, with the sentence.
CREATE TABLE prosecution_verdict (
  id                uuid PRIMARY KEY,
  case_id           uuid NOT NULL REFERENCES case_file(id),
  suspect_id        uuid NOT NULL REFERENCES suspect(id),
  instance          text NOT NULL CHECK (instance IN ('first_instance', 'appeal')),
  outcome           text NOT NULL CHECK (outcome IN ('convicted', 'acquitted')),
  verdict_date      date NOT NULL,
  court             text NOT NULL CHECK (length(court) BETWEEN 1 AND 300),
  sentence_kind     text NOT NULL CHECK (sentence_kind IN ('imprisonment', 'life_imprisonment', 'death',
                                                           'suspended_sentence', 'non_custodial_reform', 'fine',
                                                           'none')),
  prison_years      integer CHECK (prison_years IS NULL OR prison_years BETWEEN 0 AND 30),
  prison_months     integer CHECK (prison_months IS NULL OR prison_months BETWEEN 0 AND 11),
  fine_vnd          bigint CHECK (fine_vnd IS NULL OR fine_vnd >= 0),
  other_penalty     text,                                   -- encrypted
  recorded_by       uuid NOT NULL REFERENCES app_user(id),
  recorded_at       timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (case_id, suspect_id, instance)
);

-- A court date the victim attends, and the support services it created on the case's support plan (legal aid,
-- which covers accompanying the victim to the hearing, and interpretation when the person does not speak
-- Vietnamese). The services are ordinary rows of support_service: the support plan shows and tracks them.
CREATE TABLE prosecution_court_date (
  id                uuid PRIMARY KEY,
  case_id           uuid NOT NULL REFERENCES case_file(id),
  hearing_date      date NOT NULL,
  hearing           text NOT NULL CHECK (hearing IN ('first_instance', 'appeal', 'other')),
  court             text NOT NULL CHECK (length(court) BETWEEN 1 AND 300),
  service_ids       uuid[] NOT NULL DEFAULT '{}',
  recorded_by       uuid NOT NULL REFERENCES app_user(id),
  recorded_at       timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX prosecution_court_date_case_idx ON prosecution_court_date (case_id, hearing_date);
