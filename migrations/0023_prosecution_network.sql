-- Prosecution support (issue 13 §1–§3): suspects, organisations, their identifiers (phones, social
-- accounts, bank accounts, …) and the links between them and cases, kept apart from victims and read
-- only by law-enforcement investigators and prosecutors (src/access/prosecution-policy.ts).
--
-- An identifier row says "this holder (a case, a suspect or an organisation) was seen with this
-- identifier", with its source and date. The value as entered and its normalised form are encrypted by
-- Lantern; `match_key` is a keyed hash (HMAC) of kind + normalised form, so equal identifiers held by
-- different agencies meet in one index while the database never learns a number. The network's
-- identifier nodes are match keys: two rows with one match key are one phone, one account, one wallet.

CREATE TABLE suspect (
  id                uuid PRIMARY KEY,
  owner_agency_id   uuid NOT NULL REFERENCES agency(id),
  full_name         text,                          -- as known; may be only an alias
  name_key          text NOT NULL DEFAULT '',      -- accent-free, lower-case, tokens sorted: for search only
  aliases           jsonb NOT NULL DEFAULT '[]',
  sex               text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  birth_year        integer CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),
  nationality       text,                          -- ISO 3166-1 alpha-2, or 'XX' stateless/unknown
  notes             text,                          -- encrypted by the application
  version           integer NOT NULL DEFAULT 1,
  created_by        uuid NOT NULL REFERENCES app_user(id),
  created_at        timestamptz(3) NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX suspect_owner_idx ON suspect (owner_agency_id, created_at DESC, id DESC);
CREATE INDEX suspect_name_key_trgm ON suspect USING gin (name_key gin_trgm_ops);

-- Recruitment "companies", scam compounds, brokerage agencies: the fronts a network works through.
CREATE TABLE organisation (
  id                uuid PRIMARY KEY,
  owner_agency_id   uuid NOT NULL REFERENCES agency(id),
  kind              text NOT NULL CHECK (kind IN ('recruitment_company', 'compound', 'brokerage_agency',
                                                  'transport_company', 'other')),
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  name_key          text NOT NULL DEFAULT '',
  country           text,                          -- ISO 3166-1 alpha-2
  province          text,                          -- for places in Viet Nam
  notes             text,                          -- encrypted by the application
  version           integer NOT NULL DEFAULT 1,
  created_by        uuid NOT NULL REFERENCES app_user(id),
  created_at        timestamptz(3) NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organisation_owner_idx ON organisation (owner_agency_id, created_at DESC, id DESC);
CREATE INDEX organisation_name_key_trgm ON organisation USING gin (name_key gin_trgm_ops);

CREATE TABLE identifier (
  id                uuid PRIMARY KEY,
  kind              text NOT NULL CHECK (kind IN ('phone', 'facebook', 'zalo', 'telegram', 'whatsapp', 'tiktok',
                                                  'wechat', 'bank_account', 'ewallet', 'crypto', 'url', 'email',
                                                  'address', 'vehicle', 'document')),
  value             text NOT NULL,                 -- encrypted: the form as entered
  normalized        text NOT NULL,                 -- encrypted: the normalised form shown to readers
  match_key         text NOT NULL,                 -- HMAC(kind ':' normalised): equal identifiers, one key
  owner_agency_id   uuid NOT NULL REFERENCES agency(id),
  case_id           uuid REFERENCES case_file(id),
  suspect_id        uuid REFERENCES suspect(id),
  organisation_id   uuid REFERENCES organisation(id),
  source            text NOT NULL CHECK (source IN ('victim_statement', 'witness_statement', 'investigation',
                                                    'device_extraction', 'open_source', 'financial_records',
                                                    'hotline_report', 'other')),
  recorded_by       uuid NOT NULL REFERENCES app_user(id),
  recorded_at       timestamptz(3) NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(case_id, suspect_id, organisation_id) = 1)
);
CREATE INDEX identifier_match_idx ON identifier (match_key);
CREATE INDEX identifier_case_idx ON identifier (case_id, recorded_at) WHERE case_id IS NOT NULL;
CREATE INDEX identifier_suspect_idx ON identifier (suspect_id, recorded_at) WHERE suspect_id IS NOT NULL;
CREATE INDEX identifier_organisation_idx ON identifier (organisation_id, recorded_at) WHERE organisation_id IS NOT NULL;
-- One holder records one identifier once.
CREATE UNIQUE INDEX identifier_case_once_idx ON identifier (case_id, match_key) WHERE case_id IS NOT NULL;
CREATE UNIQUE INDEX identifier_suspect_once_idx ON identifier (suspect_id, match_key) WHERE suspect_id IS NOT NULL;
CREATE UNIQUE INDEX identifier_organisation_once_idx ON identifier (organisation_id, match_key)
  WHERE organisation_id IS NOT NULL;

-- A suspect's part in a case.
CREATE TABLE case_suspect (
  id                uuid PRIMARY KEY,
  case_id           uuid NOT NULL REFERENCES case_file(id),
  suspect_id        uuid NOT NULL REFERENCES suspect(id),
  role              text NOT NULL CHECK (role IN ('recruiter', 'broker', 'transporter', 'harbourer', 'employer',
                                                  'buyer', 'financier', 'other')),
  source            text NOT NULL,
  recorded_by       uuid NOT NULL REFERENCES app_user(id),
  recorded_at       timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (case_id, suspect_id, role)
);
CREATE INDEX case_suspect_suspect_idx ON case_suspect (suspect_id);

-- Two suspects known to work together; stored once per pair (the smaller id first).
CREATE TABLE suspect_link (
  id                uuid PRIMARY KEY,
  suspect_id        uuid NOT NULL REFERENCES suspect(id),
  other_suspect_id  uuid NOT NULL REFERENCES suspect(id),
  relation          text NOT NULL CHECK (relation IN ('associate', 'superior', 'family', 'financial', 'other')),
  source            text NOT NULL,
  recorded_by       uuid NOT NULL REFERENCES app_user(id),
  recorded_at       timestamptz(3) NOT NULL DEFAULT now(),
  CHECK (suspect_id < other_suspect_id),
  UNIQUE (suspect_id, other_suspect_id, relation)
);
CREATE INDEX suspect_link_other_idx ON suspect_link (other_suspect_id);

CREATE TABLE suspect_organisation (
  id                uuid PRIMARY KEY,
  suspect_id        uuid NOT NULL REFERENCES suspect(id),
  organisation_id   uuid NOT NULL REFERENCES organisation(id),
  role              text NOT NULL CHECK (role IN ('owner', 'manager', 'recruiter', 'employee', 'other')),
  source            text NOT NULL,
  recorded_by       uuid NOT NULL REFERENCES app_user(id),
  recorded_at       timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (suspect_id, organisation_id, role)
);
CREATE INDEX suspect_organisation_org_idx ON suspect_organisation (organisation_id);

-- The organisation a case's victim was recruited by, transported by, or held in.
CREATE TABLE case_organisation (
  id                uuid PRIMARY KEY,
  case_id           uuid NOT NULL REFERENCES case_file(id),
  organisation_id   uuid NOT NULL REFERENCES organisation(id),
  role              text NOT NULL CHECK (role IN ('recruiter', 'employer', 'compound', 'transporter', 'other')),
  source            text NOT NULL,
  recorded_by       uuid NOT NULL REFERENCES app_user(id),
  recorded_at       timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (case_id, organisation_id, role)
);
CREATE INDEX case_organisation_org_idx ON case_organisation (organisation_id);

-- Deconfliction (§2): an agency whose identifier hit another agency's cases asks that agency for
-- them. The holder accepts (its matched cases are then referred to the requester for `investigation`,
-- under the consent rules of any referral) or declines.
CREATE TABLE information_request (
  id                    uuid PRIMARY KEY,
  requesting_agency_id  uuid NOT NULL REFERENCES agency(id),
  requested_by          uuid NOT NULL REFERENCES app_user(id),
  holding_agency_id     uuid NOT NULL REFERENCES agency(id),
  identifier_id         uuid NOT NULL REFERENCES identifier(id),   -- the requester's identifier that hit
  case_id               uuid NOT NULL REFERENCES case_file(id),    -- the requester's case
  message               text,                                      -- encrypted: why the requester asks
  status                text NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
  status_reason         text,                                      -- encrypted
  responded_by          uuid REFERENCES app_user(id),
  responded_at          timestamptz,
  version               integer NOT NULL DEFAULT 1,
  created_at            timestamptz(3) NOT NULL DEFAULT now(),
  CHECK (requesting_agency_id <> holding_agency_id)
);
CREATE INDEX information_request_holder_idx ON information_request (holding_agency_id, status, created_at DESC);
CREATE INDEX information_request_requester_idx ON information_request (requesting_agency_id, status, created_at DESC);
-- The referrals an accepted request produced (one per matched case the holder could share).
CREATE TABLE information_request_referral (
  information_request_id  uuid NOT NULL REFERENCES information_request(id),
  referral_id             uuid NOT NULL REFERENCES referral(id),
  PRIMARY KEY (information_request_id, referral_id)
);

-- Deconfliction notices: both sides of a hit are told, and a request's holder and requester.
ALTER TABLE notification DROP CONSTRAINT notification_kind_check;
ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (kind IN (
  'referral_received', 'referral_accepted', 'referral_declined', 'case_assigned', 'verification_due',
  'identifier_hit', 'information_request_received', 'information_request_accepted',
  'information_request_declined'));
ALTER TABLE notification ADD COLUMN information_request_id uuid REFERENCES information_request(id);
