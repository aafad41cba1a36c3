// Name search (hand-written: no library does accent-free, order-free, typo-tolerant
// matching of Vietnamese names in SQL). A query matches a person when every query
// word is one of the person's name words, or within a small edit distance of one
// (1 for words of 3–6 letters, 2 from 7). Matches come newest first: every match
// has all the exact words and one near spelling of each other word, so there is
// nothing better to rank by, and the database can stop at the first page.
// Which words count as exact depends only on cases the caller may see.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../platform/db-schema.js';
import { PLAN_EACH_TIME } from '../platform/database.js';
import { nameTokens } from '../contract/names.js';

export interface NameQuery {
  /** The query's distinct words, accent-free. */
  words: string[];
  /** For each word, the name words it may stand for (itself first when it is a known name word). */
  alternatives: string[][];
  /** For each word, whether it is matched as it is rather than by its near spellings. */
  exact: boolean[];
}

/** Looks the query's words up in the dictionary of name words; null when some word matches nothing. */
export async function resolveNameQuery(db: Kysely<DB>, text: string): Promise<NameQuery | null> {
  const words = [...new Set(nameTokens(text))].slice(0, 8);
  if (words.length === 0) return null;
  const rows = await sql<{ word: string; token: string }>`
    SELECT q.word, t.token FROM unnest(${words}::text[]) AS q(word)
    JOIN name_token t ON t.token = q.word
      OR (length(q.word) >= 3 AND abs(length(t.token) - length(q.word)) <= 2
          AND levenshtein(t.token, q.word) <= CASE WHEN length(q.word) >= 7 THEN 2 ELSE 1 END)`.execute(db);
  const alternatives = words.map((w) => {
    const found = rows.rows.filter((r) => r.word === w).map((r) => r.token);
    return found.includes(w) ? [w, ...found.filter((t) => t !== w)] : found;
  });
  if (!alternatives.every((a) => a.length > 0)) return null;
  return { words, alternatives, exact: words.map((w, i) => alternatives[i]![0] === w) };
}

/**
 * When a search with every known word taken as it is finds nothing, the words to try by their near spellings
 * instead: the known words that no case the caller may see (`visible`, on alias `vc`) has. A word held only in
 * registers the caller cannot see is thus treated like a word that does not exist, so a search never tells the
 * caller that a name is held elsewhere. (A search that does find cases needs no such check: every exact word is
 * in the cases it found.) Returns null when there is nothing else to try.
 */
export async function widenUnseenWords(
  db: Kysely<DB>,
  query: NameQuery,
  visible: (alias: string) => Expression<SqlBool>,
): Promise<NameQuery | null> {
  const known = query.words.filter((_, i) => query.exact[i]);
  if (known.length === 0) return null;
  const seen = await sql<{ word: string }>`
    SELECT q.word FROM unnest(${known}::text[]) AS q(word)
    WHERE EXISTS (SELECT 1 FROM case_file vc WHERE vc.name_tokens @> ARRAY[q.word] AND ${visible('vc')})`.execute(db);
  const seenWords = new Set(seen.rows.map((r) => r.word));
  if (known.every((w) => seenWords.has(w))) return null;
  // An unseen word keeps itself among its alternatives: no case the caller may see has it, so only its near
  // spellings can match, exactly as for a word that exists nowhere.
  return { ...query, exact: query.words.map((w, i) => query.exact[i]! && seenWords.has(w)) };
}

/**
 * Cases (alias `c`, whose name_tokens copy their person's) whose name words cover the query: an exact word must
 * appear as it is (one GIN containment test, fast even for the commonest family names); any other word matches
 * one of its near spellings.
 */
export function nameMatchCondition(query: NameQuery, alias = 'c'): Expression<SqlBool> {
  const tokens = sql.ref(`${alias}.name_tokens`);
  const exact = query.words.filter((_, i) => query.exact[i]);
  const fuzzy = query.alternatives.filter((_, i) => !query.exact[i]);
  const parts = [
    ...(exact.length ? [sql`${tokens} @> ${exact}::text[]`] : []),
    ...fuzzy.map((alts) => sql`${tokens} && ${alts}::text[]`),
  ];
  // Planned with its words each time: how common they are decides the plan (platform/database.ts).
  return sql<SqlBool>`${sql.raw(PLAN_EACH_TIME)} (${sql.join(parts, sql` AND `)})`;
}
