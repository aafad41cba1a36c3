// Name search (hand-written: no library does accent-free, order-free, typo-tolerant
// matching of Vietnamese names in SQL). A query matches a person when every query
// word is one of the person's name words, or within a small edit distance of one
// (1 for words of 3–6 letters, 2 from 7). Matches come newest first: every match
// has all the exact words and one near spelling of each other word, so there is
// nothing better to rank by, and the database can stop at the first page.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../platform/db-schema.js';
import { nameTokens } from './names.js';

export interface NameQuery {
  /** The query's distinct words, accent-free. */
  words: string[];
  /** For each word, the dictionary words it may stand for (itself first if known). */
  alternatives: string[][];
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
  return alternatives.every((a) => a.length > 0) ? { words, alternatives } : null;
}

/**
 * Cases (alias `c`, whose name_tokens copy their person's) whose name words cover the query: a word found in the
 * dictionary must appear as it is (one GIN containment test, fast even for the
 * commonest family names); a word found nowhere matches any of its near spellings.
 */
export function nameMatchCondition(query: NameQuery, alias = 'c'): Expression<SqlBool> {
  const tokens = sql.ref(`${alias}.name_tokens`);
  const exact = query.words.filter((w, i) => query.alternatives[i]![0] === w);
  const fuzzy = query.alternatives.filter((alts, i) => alts[0] !== query.words[i]);
  const parts = [
    ...(exact.length ? [sql`${tokens} @> ${exact}::text[]`] : []),
    ...fuzzy.map((alts) => sql`${tokens} && ${alts}::text[]`),
  ];
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}
