-- Campaign sites (issue 14 §3): the places where awareness campaigns hang posters (a station, an airport,
-- a bus station, a border gate, a school, a factory…). Each has a short code that the poster's link carries
-- (/report?site=CODE) and that public_report.site_code records, so reports say which campaign produced them.
-- A site is never deleted, only made inactive: its reports keep their code and the statistics per site stay whole.
-- The code never changes once printed (the API offers no way to change it).
CREATE TABLE campaign_site (
  id             uuid PRIMARY KEY,
  code           text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9]([A-Z0-9-]{0,14}[A-Z0-9])$'),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind           text NOT NULL
                   CHECK (kind IN ('train_station', 'airport', 'bus_station', 'border_gate', 'school', 'factory', 'other')),
  province_code  text,                        -- a code of src/contract/reference/provinces.json (the 2025 units)
  active         boolean NOT NULL DEFAULT true,
  created_by     uuid REFERENCES app_user(id), -- null when added with `lantern site add`
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  version        integer NOT NULL DEFAULT 1
);
