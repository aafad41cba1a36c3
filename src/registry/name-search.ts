// Name search (hand-written: no library does accent-free, order-free, typo-tolerant
// matching of Vietnamese names in SQL). A query matches a person when every query
// word is one of the person's name words, or within a small edit distance of one
// (1 for words of 3–6 letters, 2 from 7). Matches come newest first: every match
// has all the exact words and one near spelling of each other word, so there is
// nothing better to rank by, and the database can stop at the first page.
// Which words count as exact depends only on cases the caller may see.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../platform/db-schema.js';
import { nameTokens } from '../contract/names.js';

export interface NameQuery {
  /** The query's distinct words, accent-free. */
  words: string[];
  /** For each word, the name words it may stand for. */
  alternatives: string[][];
  /** For each word, whether it is matched as it is (it is a name word of a case the caller may see). */
  exact: boolean[];
}

/**
 * Looks the query's words up in the dictionary of name words; null when some word matches nothing.
 * A word is matched exactly only when some case the caller may see (`visible`, on alias `vc`) has it;
 * otherwise its near spellings are tried. So a search answers the same whether or not a word exists in
 * registers the caller may not see: it never tells them that a name is held elsewhere.
 */
export async function resolveNameQuery(
  db: Kysely<DB>,
  text: string,
  visible: (alias: string) => Expression<SqlBool>,
): Promise<NameQuery | null> {
  const words = [...new Set(nameTokens(text))].slice(0, 8);
  if (words.length === 0) return null;
  const rows = await sql<{ word: string; token: string; seen: boolean }>`
    SELECT q.word, t.token,
      (t.token = q.word AND EXISTS (SELECT 1 FROM case_file vc
        WHERE vc.name_tokens @> ARRAY[q.word] AND ${visible('vc')})) AS seen
    FROM unnest(${words}::text[]) AS q(word)
    JOIN name_token t ON t.token = q.word
      OR (length(q.word) >= 3 AND abs(length(t.token) - length(q.word)) <= 2
          AND levenshtein(t.token, q.word) <= CASE WHEN length(q.word) >= 7 THEN 2 ELSE 1 END)`.execute(db);
  const exact = words.map((w) => rows.rows.some((r) => r.word === w && r.seen));
  const alternatives = words.map((w, i) =>
    exact[i] ? [w] : rows.rows.filter((r) => r.word === w && r.token !== w).map((r) => r.token),
  );
  return alternatives.every((a) => a.length > 0) ? { words, alternatives, exact } : null;
}

/**
 * Cases (alias `c`, whose name_tokens copy their person's) whose name words cover the query: a word the caller
 * can see is matched as it is (one GIN containment test, fast even for the commonest family names); any other
 * word matches one of its near spellings.
 */
export function nameMatchCondition(query: NameQuery, alias = 'c'): Expression<SqlBool> {
  const tokens = sql.ref(`${alias}.name_tokens`);
  const exact = query.words.filter((_, i) => query.exact[i]);
  const fuzzy = query.alternatives.filter((_, i) => !query.exact[i]);
  const parts = [
    ...(exact.length ? [sql`${tokens} @> ${exact}::text[]`] : []),
    ...fuzzy.map((alts) => sql`${tokens} && ${alts}::text[]`),
  ];
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}
