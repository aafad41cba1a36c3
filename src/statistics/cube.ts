// The statistics cube: counts of the facts by month and by every one and every pair of an indicator's
// dimensions, built with the facts by the refresh (one transaction) so that a table is a lookup of a few
// hundred rows instead of a scan of a million facts (issue 11 §5: p95 < 300 ms over 1,000,000 cases).
//
// A row holds, for one month and one combination of values, the facts counted (`n`) and the distinct
// persons among them (`p`, a linkage cluster counts once). Counts add up across months; distinct persons
// do not (one person may have facts in several months), so a table over a window takes, for each cell,
// the largest month's count of persons: a lower bound of the persons in the cell. Small-cell suppression
// uses it to hide a cell of events that may hold fewer than k persons; a lower bound can only hide more,
// never show a cell that exact counting would hide. For person indicators every fact is a distinct
// person, so n is exact and p = n.
//
// Periods (month, quarter, year) are not stored as dimensions: they are the month, grouped.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import {
  INDICATORS,
  PERIOD_DIMENSIONS,
  type Dimension,
  type IndicatorId,
  type PeriodDimension,
} from '../contract/statistics.js';
import type { DB } from '../platform/db-schema.js';

/** The fact kind each indicator counts. */
export const FACT_KIND: Record<IndicatorId, string> = {
  persons_registered: 'person',
  victims_identified: 'identified',
  cases_registered: 'case',
  verification_decisions: 'decision',
  referrals: 'referral',
  services: 'service',
  screenings: 'screening',
  repatriations: 'repatriation',
  follow_ups: 'follow_up',
};

export const isPeriod = (dimension: Dimension): dimension is PeriodDimension =>
  (PERIOD_DIMENSIONS as readonly string[]).includes(dimension);

/** The dimensions stored in the cube for an indicator: its dimensions but the periods, in one fixed order. */
function cubeDimensions(indicator: IndicatorId): Dimension[] {
  return (INDICATORS[indicator].dimensions as readonly Dimension[]).filter((d) => !isPeriod(d)).sort();
}

/**
 * Rebuilds the cube from `stat_fact` (in the refresh's transaction): for each indicator, one GROUP BY
 * GROUPING SETS over its facts by month and by nothing, each dimension, and each pair of dimensions.
 * Dimension names come from the contract's fixed list, never from a request.
 */
export async function buildCube(trx: Kysely<DB>, onStep?: (kind: string, ms: number) => void): Promise<void> {
  await sql`DELETE FROM stat_cube`.execute(trx);
  for (const indicator of Object.keys(FACT_KIND) as IndicatorId[]) {
    const started = performance.now();
    const kind = FACT_KIND[indicator];
    const dims = cubeDimensions(indicator);
    const sets: Dimension[][] = [[]];
    dims.forEach((a, i) => {
      sets.push([a]);
      for (const b of dims.slice(i + 1)) sets.push([a, b]);
    });
    // GROUPING(d1, …, dn) has a bit set, from the left, for each dimension *not* grouped by.
    const maskOf = (set: Dimension[]) =>
      dims.reduce((mask, d, i) => (set.includes(d) ? mask : mask | (1 << (dims.length - 1 - i))), 0);
    const grouping = `GROUPING(${dims.join(', ')})`;
    const pick = (position: 0 | 1, what: 'name' | 'value') =>
      sql.raw(
        `CASE ${grouping} ${sets
          .filter((set) => set[position])
          .map((set) => {
            const d = set[position]!;
            return `WHEN ${maskOf(set)} THEN ${what === 'name' ? `'${d}'` : `COALESCE(${d}, '')`}`;
          })
          .join(' ')} ELSE '' END`,
      );
    const persons = INDICATORS[indicator].unit === 'person' ? sql`count(*)` : sql`count(DISTINCT person_key)`;
    await sql`INSERT INTO stat_cube (kind, month, dim_a, val_a, dim_b, val_b, n, p)
      SELECT ${kind}, month, ${pick(0, 'name')}, ${pick(0, 'value')}, ${pick(1, 'name')}, ${pick(1, 'value')},
        count(*), ${persons}
      FROM (SELECT date_trunc('month', day::timestamp)::date AS month, person_key, ${sql.raw(dims.join(', '))}
        FROM stat_fact WHERE kind = ${kind}) f
      GROUP BY month, GROUPING SETS (${sql.raw(sets.map((set) => `(${set.join(', ')})`).join(', '))})`.execute(trx);
    onStep?.(kind, Math.round(performance.now() - started));
  }
}

/** One cell, margin or total read from the cube: its count and a lower bound of its distinct persons. */
export interface CubeCount {
  part: 'cell' | 'row' | 'column' | 'total';
  r: string;
  c: string;
  n: number;
  p: number;
}

/**
 * Reads a table's cells, margins and total over [from, to] (whole months) from the cube, in one query.
 * Values of a dimension are its codes, of a period the first day of the period (as `date::text`), and
 * 'total' where a table has no row dimension. The margins and the total come with their own persons,
 * which the caller may use only where their counts agree with the cells it keeps.
 */
export async function readCube(
  db: Kysely<DB>,
  indicator: IndicatorId,
  rowDim: Dimension | undefined,
  colDim: Dimension,
  from: string,
  to: string,
): Promise<CubeCount[]> {
  const kind = FACT_KIND[indicator];
  const part = (tag: CubeCount['part'], withRow: boolean, withColumn: boolean) => {
    const set = [withRow ? rowDim : undefined, withColumn ? colDim : undefined]
      .filter((d): d is Dimension => d !== undefined && !isPeriod(d))
      .sort();
    const value = (dimension: Dimension | undefined, used: boolean): RawBuilder<string> => {
      if (!dimension || !used) return sql<string>`'total'`;
      if (isPeriod(dimension)) return sql<string>`date_trunc(${dimension}, month::timestamp)::date::text`;
      return set[0] === dimension ? sql<string>`val_a` : sql<string>`val_b`;
    };
    return sql`SELECT ${tag}::text AS part, ${value(rowDim, withRow)} AS r, ${value(colDim, withColumn)} AS c,
        sum(n)::int AS n, max(p) AS p
      FROM stat_cube WHERE kind = ${kind} AND dim_a = ${set[0] ?? ''} AND dim_b = ${set[1] ?? ''}
        AND month BETWEEN ${from}::date AND ${to}::date
      GROUP BY 2, 3`;
  };
  const result = await sql<CubeCount>`${part('cell', true, true)}
    UNION ALL ${part('row', true, false)}
    UNION ALL ${part('column', false, true)}
    UNION ALL ${part('total', false, false)}`.execute(db);
  return result.rows.map((row) => ({ ...row, n: Number(row.n), p: Number(row.p) }));
}

/** The values of a dimension in the window (for a dimension whose domain is the data). */
export async function cubeValues(
  db: Kysely<DB>,
  indicator: IndicatorId,
  dimension: Dimension,
  from: string,
  to: string,
): Promise<string[]> {
  const result = await sql<{ v: string }>`SELECT DISTINCT val_a AS v FROM stat_cube
    WHERE kind = ${FACT_KIND[indicator]} AND dim_a = ${dimension} AND dim_b = ''
      AND month BETWEEN ${from}::date AND ${to}::date AND val_a <> ''`.execute(db);
  return result.rows.map((r) => r.v);
}
