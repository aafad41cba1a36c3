-- Public reporting (issue 14 §1): anonymous reports from the web form at /report, the messages of
-- the two-way conversation a reporter follows with a receipt, and the photos sent with a report.
-- Nothing here identifies the reporter: no address, no user agent, no cookie. The receipt is kept
-- only as a slow hash (argon2id) and a keyed lookup index (HMAC under a key the database never holds).
-- What the reporter wrote is encrypted by Lantern like case narratives; only the flags the triage
-- queue orders by (minor involved, immediate danger) and the province stay readable.
CREATE TABLE public_report (
  id                uuid PRIMARY KEY,
  channel           text NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'phone')),
  site_code         text,                      -- the campaign site of the poster's link (/report?site=CODE)
  language          text NOT NULL CHECK (language IN ('vi', 'en', 'fr')),
  content           text NOT NULL,             -- encrypted JSON: what happened, where, who, identifiers, contact
  minor_involved    boolean NOT NULL,
  immediate_danger  boolean NOT NULL,
  province_code     text,
  photo_count       integer NOT NULL DEFAULT 0 CHECK (photo_count >= 0),
  status            text NOT NULL DEFAULT 'received'
                      CHECK (status IN ('received', 'under_review', 'passed_to_authority', 'closed')),
  -- Triage (§2): who handles it, and how it ended when it was not escalated.
  assigned_to       uuid REFERENCES app_user(id),
  triage_outcome    text CHECK (triage_outcome IN ('escalated', 'duplicate', 'spam', 'not_trafficking', 'linked')),
  triage_reason     text,                      -- encrypted
  case_id           uuid REFERENCES case_file(id),
  receipt_index     text UNIQUE,               -- HMAC of the receipt (null for phone intake: no receipt)
  receipt_hash      text,                      -- argon2id of the receipt
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  version           integer NOT NULL DEFAULT 1,
  CHECK ((receipt_index IS NULL) = (receipt_hash IS NULL))
);
-- The triage queue: open reports, the most urgent and the oldest first.
CREATE INDEX public_report_queue_idx ON public_report (immediate_danger DESC, minor_involved DESC, created_at)
  WHERE status IN ('received', 'under_review');
CREATE INDEX public_report_site_idx ON public_report (site_code, created_at) WHERE site_code IS NOT NULL;

CREATE TABLE public_report_message (
  id          uuid PRIMARY KEY,
  report_id   uuid NOT NULL REFERENCES public_report(id),
  sender      text NOT NULL CHECK (sender IN ('reporter', 'hotline')),
  text        text NOT NULL,                   -- encrypted
  created_by  uuid REFERENCES app_user(id),    -- the hotline operator; null for the reporter
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((sender = 'reporter') = (created_by IS NULL))
);
CREATE INDEX public_report_message_report_idx ON public_report_message (report_id, created_at);

-- Photos and screenshots sent with a report: images only, their metadata (EXIF location, camera)
-- stripped before storing, encrypted like attachments. No file name is kept (names identify).
CREATE TABLE public_report_photo (
  id          uuid PRIMARY KEY,
  report_id   uuid NOT NULL REFERENCES public_report(id),
  media_type  text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size_bytes  integer NOT NULL CHECK (size_bytes > 0),
  content     bytea NOT NULL,                  -- encrypted (AES-256-GCM)
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX public_report_photo_report_idx ON public_report_photo (report_id);
