-- Case references: LT-<year>-<number>, the number padded to six digits. The
-- earlier expression lpad(n, 6, '0') also *cut* numbers longer than six digits,
-- so the millionth case would have collided with an earlier reference. One
-- function now makes references for the API, imports and benchmarks alike.

CREATE FUNCTION next_case_reference(created timestamptz) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT 'LT-' || extract(year FROM created AT TIME ZONE 'UTC')::int || '-' || lpad(n::text, greatest(6, length(n::text)), '0')
  FROM nextval('case_reference_seq') AS n
$$;
