-- Imports of agencies' existing records (issue 10 §1).
--
-- Jobs can be cancelled: a cancelled job stops before its next step; what its
-- committed steps did stays done.
ALTER TABLE job DROP CONSTRAINT job_state_check;
ALTER TABLE job DROP CONSTRAINT job_check;
ALTER TABLE job ADD CONSTRAINT job_state_check CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled'));
ALTER TABLE job ADD CONSTRAINT job_finished_check
  CHECK ((state IN ('succeeded', 'failed', 'cancelled')) = (finished_at IS NOT NULL));
ALTER TABLE job ADD COLUMN cancelled_by uuid REFERENCES app_user(id);

-- One uploaded file and where its dry run and its import stand. Nothing personal is
-- kept in clear: the preview rows are encrypted; headers and the mapping are the
-- file's column names. Positions are byte offsets just after a complete record (and
-- the line number there), so a step cut short is done again from the same place.
CREATE TABLE data_import (
  id               uuid PRIMARY KEY,
  agency_id        uuid NOT NULL REFERENCES agency(id),
  created_by       uuid NOT NULL REFERENCES app_user(id),
  file_name        text NOT NULL,
  format           text NOT NULL CHECK (format IN ('csv', 'xlsx', 'htcds', 'lantern')),
  charset          text,
  byte_size        bigint NOT NULL DEFAULT 0,
  chunk_bytes      integer NOT NULL,                 -- plain bytes per stored chunk (the last may be shorter)
  csv_part         integer NOT NULL DEFAULT 0,       -- which stored part the rows are read from (1: an XLSX converted to CSV)
  total_rows       integer,                          -- data rows in the file, once known
  state            text NOT NULL CHECK (state IN ('uploading', 'previewing', 'previewed', 'importing', 'imported', 'failed', 'cancelled')),
  headers          jsonb,                            -- the header row, in order
  delimiter        text,
  chosen           jsonb NOT NULL DEFAULT '{}',      -- header -> column chosen for this file (PUT mapping)
  mapping          jsonb,                            -- header -> canonical column or null, as used
  mapping_how      jsonb,                            -- header -> recognised | saved | chosen | unmapped
  problems         jsonb NOT NULL DEFAULT '[]',
  encodings        jsonb NOT NULL DEFAULT '{}',      -- canonical column -> legacy encoding detected
  preview          text,                             -- encrypted JSON: the first rows as stored
  read_count       integer NOT NULL DEFAULT 0,
  valid_count      integer NOT NULL DEFAULT 0,
  rejected_count   integer NOT NULL DEFAULT 0,
  imported_count   integer NOT NULL DEFAULT 0,
  updated_count    integer NOT NULL DEFAULT 0,
  data_offset      bigint NOT NULL DEFAULT 0,        -- where the data rows start (after the header)
  data_line        integer NOT NULL DEFAULT 0,
  position_offset  bigint NOT NULL DEFAULT 0,        -- of the pass under way (dry run or import)
  position_line    integer NOT NULL DEFAULT 0,
  pass_read        integer NOT NULL DEFAULT 0,       -- data rows the import pass has read
  job_id           uuid REFERENCES job(id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX data_import_agency_idx ON data_import (agency_id, created_at DESC);

-- The file itself, encrypted by the application in chunks, so that any server's job
-- runner can read it and a restart resumes. Deleted when the import ends.
CREATE TABLE data_import_chunk (
  import_id  uuid NOT NULL REFERENCES data_import(id) ON DELETE CASCADE,
  part       integer NOT NULL,                       -- 0: as uploaded; 1: an XLSX's first sheet as CSV
  seq        integer NOT NULL,
  bytes      bytea NOT NULL,                         -- encrypted
  PRIMARY KEY (import_id, part, seq)
);

-- Every rejected row of the dry run (for rejects.csv): the reasons and the row's cells, encrypted.
CREATE TABLE data_import_reject (
  import_id  uuid NOT NULL REFERENCES data_import(id) ON DELETE CASCADE,
  line       integer NOT NULL,
  reasons    text NOT NULL,                          -- encrypted JSON array (a reason may quote its cell)
  cells      text NOT NULL,                          -- encrypted JSON array, in the file's column order
  PRIMARY KEY (import_id, line)
);

-- Provenance: which agency record (its own id) became which person and case, from
-- which file and line. A re-import or a later export updates the same person.
CREATE TABLE source_record (
  agency_id          uuid NOT NULL REFERENCES agency(id),
  source_id          text NOT NULL,
  person_id          uuid NOT NULL REFERENCES person(id),
  case_id            uuid REFERENCES case_file(id),
  import_id          uuid REFERENCES data_import(id),
  file_name          text NOT NULL,
  line               integer NOT NULL,
  first_imported_at  timestamptz NOT NULL DEFAULT now(),
  last_imported_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agency_id, source_id)
);
CREATE INDEX source_record_person_idx ON source_record (person_id);

-- The column mapping an agency's last committed import used, offered for its next file.
CREATE TABLE agency_import_mapping (
  agency_id   uuid PRIMARY KEY REFERENCES agency(id),
  columns     jsonb NOT NULL,
  updated_by  uuid NOT NULL REFERENCES app_user(id),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
