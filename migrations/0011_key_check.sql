-- Which master key this database was written with, as a keyed fingerprint:
-- HMAC-SHA256(HKDF(master key, 'lantern:key-check'), a fixed text). It reveals
-- nothing about the key, but lets Lantern refuse to start with another key
-- (e.g. after a restore without the key file) instead of answering 500 on every
-- encrypted read, or generating a new key over existing data. One row at most.
CREATE TABLE key_check (
  id          boolean PRIMARY KEY DEFAULT true CHECK (id),
  fingerprint text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
