-- Record linkage on the server (issue 10 §2–3): runs, candidate pairs, stewards'
-- decisions, clusters of records that are one person, merges within an agency,
-- and the index of blocking keys the registration check looks candidates up in.
--
-- A full run writes everything under its own run id and becomes visible at once
-- when `linkage_state.current_run` is switched to it; the rows of older runs are
-- then deleted in batches. Before any run the current run is the nil uuid: every
-- person is its own cluster (kept so by the personsChanged hook).

-- A person merged into another is kept (so that an undo restores it exactly) but
-- hidden from lists, search, linkage and reads.
ALTER TABLE person ADD COLUMN merged_into uuid REFERENCES person(id);
CREATE INDEX person_merged_into_idx ON person (merged_into) WHERE merged_into IS NOT NULL;

CREATE TABLE linkage_run (
  id                uuid PRIMARY KEY,
  job_id            uuid REFERENCES job(id),           -- null for a run from the CLI
  state             text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'complete', 'abandoned')),
  phase             text NOT NULL DEFAULT 'load',      -- load, compute, model, pairs, clusters, keys, switch, cleanup
  cursor            text,                              -- where the phase stands (last person id, or an index)
  owner             text,                              -- the process holding the run's computation in memory
  owner_seen_at     timestamptz,
  records           integer NOT NULL DEFAULT 0,
  candidate_pairs   integer NOT NULL DEFAULT 0,
  auto_threshold    double precision NOT NULL,
  review_threshold  double precision NOT NULL,
  decisions_at      timestamptz,                       -- decisions up to this time were given to the computation
  started_at        timestamptz NOT NULL DEFAULT now(),
  finished_at       timestamptz
);

-- The Fellegi–Sunter parameters a run estimated (jsonb: m and u per field and level, prior, name frequencies).
CREATE TABLE linkage_model (
  run_id      uuid PRIMARY KEY REFERENCES linkage_run(id),
  params      jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE linkage_state (
  id           boolean PRIMARY KEY DEFAULT true CHECK (id),
  current_run  uuid NOT NULL
);
INSERT INTO linkage_state (id, current_run) VALUES (true, '00000000-0000-0000-0000-000000000000');

-- Pairs at or above the review threshold, and pairs a steward decided, scored by a run.
-- `fields` holds each field's agreement level and weight, never a value.
CREATE TABLE candidate_pair (
  id           uuid PRIMARY KEY,
  run_id       uuid NOT NULL,
  person_a     uuid NOT NULL REFERENCES person(id),
  person_b     uuid NOT NULL REFERENCES person(id),
  probability  double precision NOT NULL,
  weight       double precision NOT NULL,
  fields       jsonb NOT NULL,
  CHECK (person_a < person_b),
  UNIQUE (run_id, person_a, person_b)
);
CREATE INDEX candidate_pair_queue_idx ON candidate_pair (run_id, weight DESC, id);
CREATE INDEX candidate_pair_b_idx ON candidate_pair (run_id, person_b);

-- Stewards' decisions about two persons; a change is a new row (seq + 1), the history is kept.
CREATE TABLE pair_decision (
  id           uuid PRIMARY KEY,
  person_a     uuid NOT NULL REFERENCES person(id),
  person_b     uuid NOT NULL REFERENCES person(id),
  seq          integer NOT NULL,
  decision     text NOT NULL CHECK (decision IN ('same', 'different', 'unsure')),
  probability  double precision NOT NULL,            -- the model's, when decided: thresholds are calibrated on it
  decided_by   uuid NOT NULL REFERENCES app_user(id),
  decided_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (person_a < person_b),
  UNIQUE (person_a, person_b, seq)
);
CREATE INDEX pair_decision_b_idx ON pair_decision (person_b);

-- Which records are one person (cluster id: the smallest member id), per run; statistics count clusters.
CREATE TABLE person_cluster (
  run_id      uuid NOT NULL,
  person_id   uuid NOT NULL REFERENCES person(id),
  cluster_id  uuid NOT NULL,
  PRIMARY KEY (run_id, person_id)
);
CREATE INDEX person_cluster_cluster_idx ON person_cluster (run_id, cluster_id);
INSERT INTO person_cluster (run_id, person_id, cluster_id)
  SELECT '00000000-0000-0000-0000-000000000000', id, id FROM person;

-- Blocking keys of every person (keyed hashes: a key holds names, dates and numbers), for the registration check.
CREATE TABLE linkage_key (
  key        text NOT NULL,
  person_id  uuid NOT NULL REFERENCES person(id),
  PRIMARY KEY (key, person_id)
);
CREATE INDEX linkage_key_person_idx ON linkage_key (person_id);

-- Merges of two records of one agency: the cases moved are listed so that an undo moves exactly them back.
CREATE TABLE person_merge (
  id                 uuid PRIMARY KEY,
  kept_person_id     uuid NOT NULL REFERENCES person(id),
  merged_person_id   uuid NOT NULL REFERENCES person(id),
  agency_id          uuid NOT NULL REFERENCES agency(id),
  moved_case_ids     uuid[] NOT NULL DEFAULT '{}',
  merged_by          uuid NOT NULL REFERENCES app_user(id),
  merged_at          timestamptz NOT NULL DEFAULT now(),
  undone_by          uuid REFERENCES app_user(id),
  undone_at          timestamptz,
  CHECK (kept_person_id <> merged_person_id)
);
CREATE INDEX person_merge_kept_idx ON person_merge (kept_person_id);
CREATE INDEX person_merge_merged_idx ON person_merge (merged_person_id);

-- A casework user asks the data stewards to put their agency in touch with another that knows the person.
CREATE TABLE contact_request (
  id            uuid PRIMARY KEY,
  person_id     uuid NOT NULL REFERENCES person(id),
  agency_id     uuid NOT NULL REFERENCES agency(id),
  requested_by  uuid NOT NULL REFERENCES app_user(id),
  note          text,                                  -- encrypted by the application
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_request_person_idx ON contact_request (person_id);
