-- What agencies' records commonly hold and record linkage compares: the person's
-- home province (a 2025 unit code; the former province as the source wrote it,
-- when it was mapped to its new unit) and a birth year when only the year is known.
ALTER TABLE person ADD COLUMN province text;
ALTER TABLE person ADD COLUMN province_former text;
ALTER TABLE person ADD COLUMN birth_year integer CHECK (birth_year BETWEEN 1880 AND 2200);
