-- Files of the record-level HTCDS export (issue 11 §3), made by a background job and kept in the
-- database encrypted in chunks (so that any server's runner can write them and any server can
-- serve them), downloaded by their requester only, purged after a week. The file holds no name,
-- id, contact, date or narrative, but it is still microdata: it is encrypted like an import's file.
CREATE TABLE statistics_file (
  job_id       uuid PRIMARY KEY REFERENCES job(id),
  user_id      uuid NOT NULL REFERENCES app_user(id),
  kind         text NOT NULL CHECK (kind IN ('htcds')),
  k            integer NOT NULL CHECK (k >= 2),
  phase        text NOT NULL DEFAULT 'plan' CHECK (phase IN ('plan', 'write', 'done')),
  plan         text,                         -- encrypted JSON: the chosen generalisation, its classes, what was written
  cursor       uuid,                         -- the last linkage cluster written
  chunks       integer NOT NULL DEFAULT 0,
  bytes        bigint NOT NULL DEFAULT 0,
  restarts     integer NOT NULL DEFAULT 0,   -- the registry changed during the export: planned again
  created_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
CREATE INDEX statistics_file_created_idx ON statistics_file (created_at);

CREATE TABLE statistics_file_chunk (
  job_id  uuid NOT NULL REFERENCES statistics_file(job_id) ON DELETE CASCADE,
  seq     integer NOT NULL,
  bytes   bytea NOT NULL,                    -- encrypted
  PRIMARY KEY (job_id, seq)
);
