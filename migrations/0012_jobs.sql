-- Background jobs (roster registration now; imports, linkage runs and exports
-- later): state and progress live in the database, so that any app server can
-- run a job, another can report its progress, and a restart resumes it.
-- Nothing personal is kept in `job`; the work still to do is kept in `job_item`,
-- encrypted by the application, and each item is deleted in the transaction that
-- does its work (so a resumed job never does an item twice).

CREATE TABLE job (
  id              uuid PRIMARY KEY,
  kind            text NOT NULL,                    -- e.g. 'screening.roster'
  created_by      uuid NOT NULL REFERENCES app_user(id),
  agency_id       uuid NOT NULL REFERENCES agency(id),
  client_ip       text,                             -- of the request that started it, for its audit events
  params          jsonb NOT NULL DEFAULT '{}',      -- what the job works on: ids and counts, never personal data
  state           text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
  progress_done   integer NOT NULL DEFAULT 0 CHECK (progress_done >= 0),
  progress_total  integer NOT NULL DEFAULT 0 CHECK (progress_total >= 0),
  result          jsonb,                            -- ids and counts, never personal data
  error_code      text,
  error_message   text,                             -- written by Lantern, never echoing input
  attempts        integer NOT NULL DEFAULT 0,       -- failed steps so far (retried with a pause)
  run_after       timestamptz NOT NULL DEFAULT now(),
  created_at      timestamptz NOT NULL DEFAULT now(),
  started_at      timestamptz,
  stepped_at      timestamptz,                      -- last step: runners take the job that waited longest
  finished_at     timestamptz,
  CHECK ((state IN ('succeeded', 'failed')) = (finished_at IS NOT NULL))
);
CREATE INDEX job_pending_idx ON job (stepped_at NULLS FIRST, created_at) WHERE state IN ('queued', 'running');
CREATE INDEX job_created_by_idx ON job (created_by, created_at);

CREATE TABLE job_item (
  job_id   uuid NOT NULL REFERENCES job(id),
  seq      integer NOT NULL,
  payload  text NOT NULL,                           -- encrypted with the application key
  PRIMARY KEY (job_id, seq)
);
