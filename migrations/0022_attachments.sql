-- Attachments (issue 12 §3): scanned signed consents, documents and photos attached to a case,
-- to one of its consents or to a referral. The file and its name are encrypted by Lantern (the
-- database never holds the key); a photo's metadata (EXIF location, camera) is stripped before it
-- is stored. `part` is the part of the case whose readers may download it (src/access/policy.ts).
CREATE TABLE attachment (
  id                  uuid PRIMARY KEY,
  case_id             uuid NOT NULL REFERENCES case_file(id),
  consent_id          uuid REFERENCES consent(id),
  referral_id         uuid REFERENCES referral(id),
  part                text NOT NULL,
  file_name           text NOT NULL,             -- encrypted: names of files often hold a person's name
  media_type          text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png', 'image/webp')),
  size_bytes          integer NOT NULL CHECK (size_bytes > 0),
  content             bytea NOT NULL,            -- encrypted (AES-256-GCM, as stored files are)
  uploaded_by         uuid NOT NULL REFERENCES app_user(id),
  uploader_agency_id  uuid NOT NULL REFERENCES agency(id),
  created_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (consent_id IS NULL OR referral_id IS NULL)
);
CREATE INDEX attachment_case_idx ON attachment (case_id, created_at);
CREATE INDEX attachment_consent_idx ON attachment (consent_id) WHERE consent_id IS NOT NULL;
CREATE INDEX attachment_referral_idx ON attachment (referral_id) WHERE referral_id IS NOT NULL;
