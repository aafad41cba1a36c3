-- The case name-word index is written through, not batched. With GIN's default
-- fastupdate, newly opened cases wait in a pending list that every search scans
-- linearly until vacuum merges it: after 10,000 new cases, searches took two to
-- three times as long (1–2 ms → 4–5 ms each). Opening a case now pays the index
-- update itself, a fraction of a millisecond, and searches stay as fast as the
-- index allows however many cases arrive between vacuums.
ALTER INDEX case_file_name_tokens_idx SET (fastupdate = off);
SELECT gin_clean_pending_list('case_file_name_tokens_idx'::regclass);
