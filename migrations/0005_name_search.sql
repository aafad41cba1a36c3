-- Name search by words. Vietnamese names draw on few distinct words ("nguyen",
-- "thi", "van" are in most names), so trigram similarity over whole names
-- matched most of the registry and was slow at a million persons. Instead each
-- person carries the words of their search key (GIN-indexed), and a dictionary
-- of all distinct words lets a query word with a small spelling difference find
-- the words it may have meant (Levenshtein distance over the small dictionary).

CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

ALTER TABLE person ADD COLUMN name_tokens text[] GENERATED ALWAYS AS (string_to_array(name_key, ' ')) STORED;
CREATE INDEX person_name_tokens_idx ON person USING gin (name_tokens);
DROP INDEX person_name_key_trgm;

CREATE TABLE name_token (token text PRIMARY KEY);

-- Statement-level, so a bulk import adds its words in one statement.
CREATE FUNCTION collect_name_tokens() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO name_token (token)
    SELECT DISTINCT t FROM new_rows, unnest(new_rows.name_tokens) AS t WHERE t <> ''
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER person_name_tokens_insert AFTER INSERT ON person
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION collect_name_tokens();
CREATE TRIGGER person_name_tokens_update AFTER UPDATE ON person
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION collect_name_tokens();

INSERT INTO name_token (token) SELECT DISTINCT t FROM person, unnest(person.name_tokens) AS t WHERE t <> '' ON CONFLICT DO NOTHING;
