// Controlled tables (issue 11 §1, §2): an indicator counted over one or two dimensions from `stat_fact`,
// put through disclosure control — small-cell suppression (with secondary suppression) or differential
// privacy spending from the caller's privacy budget — stored as a release and audited. Nothing else
// ever leaves: no record, no id but the release's.
import crypto from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { recordAudit } from '../access/audit.js';
import { canReadOwnRelease } from '../access/policy.js';
import type { Actor } from '../platform/actor.js';
import { today } from '../contract/calendar.js';
import {
  DIMENSIONS,
  INDICATORS,
  isPublicDomain,
  isWholeMonthWindow,
  periodLabels,
  periodOf,
  UNKNOWN,
  type Dimension,
  type IndicatorId,
  type PeriodDimension,
} from '../contract/statistics.js';
import type { Cell, StatisticsTable, TableQuery } from '../contract/schemas/statistics.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction, jsonb } from '../platform/database.js';
import type { DB } from '../platform/db-schema.js';
import { notFound, Problem } from '../platform/problems.js';
import { noisyTable } from './dp.js';
import { budgetPeriodOf } from './privacy-budget.js';
import { statisticsAsOf } from './refresh.js';
import { suppressTable } from './suppression.js';
import { cubeValues, FACT_KIND, isPeriod, readCube, type CubeCount } from './cube.js';

export { FACT_KIND } from './cube.js';

/** The longest window a table may cover. */
export const MAX_WINDOW_YEARS = 10;

/** Codes of what was done to a table, in `notes` (the web app translates them). */
export const NOTES = {
  suppression: 'suppression',
  secondarySuppression: 'secondary_suppression',
  dp: 'differential_privacy',
  onePerPerson: 'one_contribution_per_person',
  eventsShownFromKPersons: 'cells_shown_only_from_k_persons',
  stale: 'figures_being_refreshed',
} as const;

export const CONTRIBUTION_NOTE =
  'Each person contributes once to this table: for cases and events, only the first one of the window (by day) is counted.';

const validation = (field: string, message: string) =>
  new Problem('validation', `${field}: ${message}`, { errors: [{ field, message }] });

/** Checks a query beyond its schema (the indicator's dimensions, the window, the mode's needs). */
export function checkTableQuery(query: TableQuery): void {
  const allowed = INDICATORS[query.indicator].dimensions as readonly Dimension[];
  for (const field of ['rows', 'columns'] as const) {
    const dimension = query[field];
    if (dimension && !allowed.includes(dimension))
      throw validation(field, `the indicator ${query.indicator} cannot be broken down by ${dimension}`);
  }
  if (query.rows && query.rows === query.columns) throw validation('rows', 'rows and columns must be two dimensions');
  if (!isWholeMonthWindow(query.from, query.to))
    throw validation('from', 'the window must be whole months: from the 1st of a month to the last day of a month');
  const years = Number(query.to.slice(0, 4)) - Number(query.from.slice(0, 4));
  const months = years * 12 + Number(query.to.slice(5, 7)) - Number(query.from.slice(5, 7)) + 1;
  if (months > MAX_WINDOW_YEARS * 12) throw validation('to', `the window may cover at most ${MAX_WINDOW_YEARS} years`);
  if (query.mode === 'dp') {
    if (query.epsilon === undefined) throw validation('epsilon', 'differential privacy needs the ε to spend');
    for (const field of ['rows', 'columns'] as const) {
      const dimension = query[field];
      if (dimension && !isPublicDomain(dimension))
        throw validation(field, `${dimension} has no public domain: it is offered with suppression only`);
    }
  } else if (query.epsilon !== undefined) throw validation('epsilon', 'ε is for mode=dp only');
}

/**
 * The SQL value of a dimension for a fact row. Periods are grouped by the first day of the period
 * (cheaper than formatting every row) and labelled afterwards (labelOf).
 */
function dimensionSql(dimension: Dimension): RawBuilder<string> {
  if (isPeriod(dimension)) return sql<string>`date_trunc(${dimension}, day::timestamp)::date::text`;
  return sql<string>`${sql.ref(dimension)}`;
}

/** The label of a grouped value: a period's label (2026-03, 2026-Q1, 2026), else the code itself. */
const labelOf = (dimension: Dimension | undefined, value: string) =>
  dimension && isPeriod(dimension) ? periodOf(dimension, value.slice(0, 10)) : value;

/** The public domain of a dimension in a window (null: it comes from the data). */
function publicDomainOf(dimension: Dimension, from: string, to: string): string[] | null {
  const domain = DIMENSIONS[dimension].domain;
  if (domain === 'period') return periodLabels(dimension as PeriodDimension, from, to);
  if (domain === 'data') return null;
  return [...domain];
}

/** The values present in the window (for a dimension whose domain is the data), 'unknown' last. */
async function dataDomain(db: Kysely<DB>, indicator: IndicatorId, dimension: Dimension, from: string, to: string) {
  const present = await cubeValues(db, indicator, dimension, from, to);
  const values = present.filter((v) => v !== UNKNOWN).sort();
  return present.includes(UNKNOWN) ? [...values, UNKNOWN] : values;
}

/** Counts of a table: values and distinct persons per cell, margins and total. */
export interface Counts {
  rows: string[];
  columns: string[];
  cells: number[][];
  rowTotals: number[];
  columnTotals: number[];
  total: number;
  /** Distinct persons in each cell, margin and the total (equal to the counts for a person unit or in dp mode). */
  persons: { cells: number[][]; rowTotals: number[]; columnTotals: number[]; total: number };
}

/**
 * Counts the indicator's facts in [from, to] by `rows` × `columns`. Only values of the domains are
 * counted (periods are bounded by the window), so the cells add up to the margins.
 *
 * Suppression mode reads the cube (cube.ts): exact counts, and for cases and events a lower bound of the
 * distinct persons of each cell, margin and total (the largest month's), which can only make suppression
 * hide more. `onePerPerson` (differential privacy for cases and events: each person's first fact of the
 * window only) depends on the window, so it counts the facts themselves.
 */
export async function countTable(
  db: Kysely<DB>,
  indicator: IndicatorId,
  rowDim: Dimension | undefined,
  colDim: Dimension,
  from: string,
  to: string,
  options: { onePerPerson: boolean },
): Promise<Counts> {
  const rows = rowDim
    ? (publicDomainOf(rowDim, from, to) ?? (await dataDomain(db, indicator, rowDim, from, to)))
    : ['total'];
  const columns = publicDomainOf(colDim, from, to) ?? (await dataDomain(db, indicator, colDim, from, to));
  const ri = new Map(rows.map((v, i) => [v, i]));
  const ci = new Map(columns.map((v, i) => [v, i]));
  const grid = () => rows.map(() => columns.map(() => 0));
  const rowOf = (value: string | null) => ri.get(labelOf(rowDim, value ?? ''));
  const columnOf = (value: string | null) => ci.get(labelOf(colDim, value ?? ''));
  const cells = grid();
  const persons = grid();

  if (options.onePerPerson) {
    const r = rowDim ? dimensionSql(rowDim) : sql<string>`'total'`;
    const c = dimensionSql(colDim);
    const inDomain = (dimension: Dimension | undefined, alias: string, values: string[]) =>
      !dimension || isPeriod(dimension)
        ? sql`true`
        : values.length
          ? sql`${sql.ref(alias)} IN (${sql.join(values.map((v) => sql`${v}`))})`
          : sql`false`;
    const result = await sql<{ r: string; c: string; n: string }>`
      SELECT r, c, count(*) AS n FROM (
        SELECT DISTINCT ON (person_key) r, c FROM (
          SELECT person_key, day, ${r} AS r, ${c} AS c FROM stat_fact
          WHERE kind = ${FACT_KIND[indicator]} AND day BETWEEN ${from}::date AND ${to}::date
        ) f0 WHERE ${inDomain(rowDim, 'r', rows)} AND ${inDomain(colDim, 'c', columns)}
        ORDER BY person_key, day
      ) f GROUP BY r, c`.execute(db);
    for (const row of result.rows) {
      const i = rowOf(row.r);
      const j = columnOf(row.c);
      if (i === undefined || j === undefined) continue;
      cells[i]![j]! += Number(row.n);
    }
    return withMargins(rows, columns, cells, cells);
  }

  const factsArePersons = INDICATORS[indicator].unit === 'person';
  const read = await readCube(db, indicator, rowDim, colDim, from, to);
  const margins = { row: new Map<number, CubeCount>(), column: new Map<number, CubeCount>() };
  let total: CubeCount | undefined;
  for (const entry of read) {
    const i = rowDim ? rowOf(entry.r) : 0;
    const j = columnOf(entry.c);
    if (entry.part === 'cell' && i !== undefined && j !== undefined) {
      cells[i]![j]! += entry.n;
      persons[i]![j] = Math.max(persons[i]![j]!, entry.p);
    } else if (entry.part === 'row' && i !== undefined) margins.row.set(i, entry);
    else if (entry.part === 'column' && j !== undefined) margins.column.set(j, entry);
    else if (entry.part === 'total') total = entry;
  }
  const counts = withMargins(rows, columns, cells, factsArePersons ? cells : persons);
  if (factsArePersons) return counts;
  // A margin's own persons are used only when its count is the sum of the cells kept (no fact of it
  // fell outside the other dimension's domain); the largest cell's persons are a lower bound anyway.
  const better = (entry: CubeCount | undefined, n: number, lower: number) =>
    entry && entry.n === n ? Math.max(lower, entry.p) : lower;
  counts.persons.rowTotals = counts.rowTotals.map((n, i) => better(margins.row.get(i), n, Math.max(0, ...persons[i]!)));
  counts.persons.columnTotals = counts.columnTotals.map((n, j) =>
    better(margins.column.get(j), n, Math.max(0, ...persons.map((line) => line[j]!))),
  );
  counts.persons.total = better(
    total,
    counts.total,
    Math.max(0, ...counts.persons.rowTotals, ...counts.persons.columnTotals),
  );
  return counts;
}

/** Counts with margins summed from the cells; `persons` the cells' persons (the counts themselves for persons). */
function withMargins(rows: string[], columns: string[], cells: number[][], persons: number[][]): Counts {
  const sums = (grid: number[][]) => {
    const rowTotals = grid.map((line) => line.reduce((a, b) => a + b, 0));
    const columnTotals = columns.map((_, j) => grid.reduce((a, line) => a + line[j]!, 0));
    return { cells: grid, rowTotals, columnTotals, total: rowTotals.reduce((a, b) => a + b, 0) };
  };
  const counted = sums(cells);
  return { rows, columns, ...counted, persons: persons === cells ? counted : sums(persons) };
}

interface Released {
  cells: Cell[][];
  rowTotals: Cell[];
  columnTotals: Cell[];
  total: Cell;
  suppressed: number;
  notes: string[];
}

/** Small-cell suppression of `counts` with k (primary and secondary; see suppression.ts). */
function suppress(counts: Counts, k: number, oneDimension: boolean): Released {
  const result = suppressTable(
    {
      cells: counts.cells,
      rowTotals: counts.rowTotals,
      columnTotals: counts.columnTotals,
      total: counts.total,
      persons: counts.persons,
    },
    k,
    { oneDimension },
  );
  const cell = (value: number, hidden: boolean): Cell =>
    hidden ? { value: null, status: 'suppressed' } : { value, status: 'shown' };
  const cells = counts.cells.map((row, i) => row.map((v, j) => cell(v, result.cells[i]![j]!)));
  const rowTotals = counts.rowTotals.map((v, i) => cell(v, result.rowTotals[i]!));
  const columnTotals = counts.columnTotals.map((v, j) => cell(v, result.columnTotals[j]!));
  const total = cell(counts.total, result.total);
  const all = [...cells.flat(), ...(oneDimension ? [] : rowTotals), ...columnTotals, total];
  const suppressed = all.filter((c) => c.status === 'suppressed').length;
  const notes: string[] = [NOTES.suppression];
  if (result.secondary > 0) notes.push(NOTES.secondarySuppression);
  return { cells, rowTotals, columnTotals, total, suppressed, notes };
}

/** Differential privacy of `counts` (one contribution per person already applied). */
function addNoise(counts: Counts, epsilon: number): Released & { epsilon: number } {
  const noisy = noisyTable(counts.cells, epsilon);
  const cell = (value: number, uncertainty: number): Cell => ({ value, status: 'noisy', uncertainty });
  return {
    cells: noisy.cells.map((row, i) => row.map((v, j) => cell(v, noisy.uncertainty.cells[i]![j]!))),
    rowTotals: noisy.rowTotals.map((v, i) => cell(v, noisy.uncertainty.rowTotals[i]!)),
    columnTotals: noisy.columnTotals.map((v, j) => cell(v, noisy.uncertainty.columnTotals[j]!)),
    total: cell(noisy.total, noisy.uncertainty.total),
    suppressed: 0,
    notes: [NOTES.dp, NOTES.onePerPerson],
    epsilon: noisy.epsilon,
  };
}

/** Whole ε values are stored as they are; sums of floats are rounded to 1e-9 so that 0.1 + 0.2 reads 0.3. */
const tidy = (x: number) => Math.round(x * 1e9) / 1e9;

/**
 * Releases one controlled table to `actor`: validates the query (400s naming the field), counts, applies
 * suppression or differential privacy (spending ε atomically with the release: 409 beyond the budget),
 * stores the release and audits it.
 */
export async function releaseTable(
  ctx: AppContext,
  actor: Actor,
  query: TableQuery,
  clientIp: string | null = actor.clientIp,
  options: { onStale?: () => void } = {},
): Promise<StatisticsTable> {
  checkTableQuery(query);
  // The figures are read from the replica when there is one (the caller's own writes permitting); the release,
  // the budget it spends and its audit event are written to the primary, in one transaction.
  const reads = ctx.reads.of(actor);
  const asOf = await statisticsAsOf(reads);
  if (!asOf) {
    options.onStale?.();
    throw new Problem('statistics-not-ready', 'The figures are being computed for the first time; try again shortly.', {
      retryAfterSeconds: 30,
    });
  }
  const stale = Date.now() - asOf.getTime() > ctx.config.statisticsMaxAgeMinutes * 60_000;
  if (stale) options.onStale?.();
  const indicator = INDICATORS[query.indicator];
  const dp = query.mode === 'dp';
  const counts = await countTable(reads, query.indicator, query.rows, query.columns, query.from, query.to, {
    onePerPerson: dp && indicator.unit !== 'person',
  });
  const oneDimension = !query.rows;
  const releaseId = crypto.randomUUID();
  return inTransaction(ctx.db, async (trx) => {
    let released: Released;
    let privacy: StatisticsTable['privacy'];
    if (dp) {
      const noisy = addNoise(counts, query.epsilon!);
      const period = budgetPeriodOf(today());
      const spent = await spendBudget(trx, actor.userId, period, noisy.epsilon, ctx.config.dpBudget);
      released = noisy;
      privacy = {
        epsilon: noisy.epsilon,
        period,
        budget: spent.budget,
        spent: tidy(spent.spent),
        remaining: tidy(Math.max(0, spent.budget - spent.spent)),
        contribution: CONTRIBUTION_NOTE,
      };
    } else {
      released = suppress(counts, ctx.config.minCell, oneDimension);
      if (indicator.unit !== 'person') released.notes.push(NOTES.eventsShownFromKPersons);
    }
    if (stale) released.notes.push(NOTES.stale);
    const table: StatisticsTable = {
      releaseId,
      indicator: query.indicator,
      unit: indicator.unit,
      mode: query.mode,
      from: query.from,
      to: query.to,
      asOf: asOf.toISOString(),
      minCell: ctx.config.minCell,
      ...(query.rows ? { rowDimension: query.rows, rows: counts.rows } : {}),
      columnDimension: query.columns,
      columns: counts.columns,
      cells: released.cells,
      rowTotals: oneDimension ? [released.total] : released.rowTotals,
      columnTotals: released.columnTotals,
      total: released.total,
      notes: released.notes,
      ...(privacy ? { privacy } : {}),
    };
    await trx
      .insertInto('statistics_release')
      .values({
        id: releaseId,
        user_id: actor.userId,
        indicator: query.indicator,
        mode: query.mode,
        epsilon: privacy?.epsilon ?? null,
        query: jsonb(query),
        output: jsonb(table),
      })
      .execute();
    await recordAudit(
      trx,
      { actor, clientIp },
      {
        action: 'statistics.table',
        outcome: 'success',
        recordType: 'statistics_release',
        recordId: releaseId,
        details: {
          releaseId,
          indicator: query.indicator,
          rows: query.rows ?? null,
          columns: query.columns,
          windowFrom: query.from,
          windowTo: query.to,
          mode: query.mode,
          epsilon: privacy?.epsilon ?? null,
          suppressedCells: released.suppressed,
        },
      },
    );
    return table;
  });
}

/**
 * Spends ε from the caller's budget of `period`, atomically: the row is created at the configured
 * budget if missing, then one UPDATE adds ε only while the sum stays within the budget (concurrent
 * releases queue on the row and each sees the others' spending). Refused: 409 with what remains.
 */
export async function spendBudget(
  trx: Kysely<DB>,
  userId: string,
  period: string,
  epsilon: number,
  budget: number,
): Promise<{ budget: number; spent: number }> {
  await trx
    .insertInto('privacy_budget')
    .values({ user_id: userId, period, budget })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const updated = await trx
    .updateTable('privacy_budget')
    .set({ spent: sql<number>`spent + ${epsilon}::float8` as never })
    .where('user_id', '=', userId)
    .where('period', '=', period)
    .where(sql<boolean>`spent + ${epsilon}::float8 <= budget + 1e-9`)
    .returning(['budget', 'spent'])
    .executeTakeFirst();
  if (updated) return { budget: Number(updated.budget), spent: Number(updated.spent) };
  const row = await trx
    .selectFrom('privacy_budget')
    .select(['budget', 'spent'])
    .where('user_id', '=', userId)
    .where('period', '=', period)
    .executeTakeFirstOrThrow();
  const spent = tidy(Number(row.spent));
  const remaining = tidy(Math.max(0, Number(row.budget) - Number(row.spent)));
  throw new Problem(
    'privacy-budget-exceeded',
    `This release would spend ε = ${epsilon}, but only ${remaining} of your budget of ${Number(row.budget)} for ${period} remains.`,
    { budget: Number(row.budget), spent, remaining, period, epsilon },
  );
}

/** The caller's budget of the current period and the releases that spent it. */
export async function budgetOf(ctx: AppContext, actor: Actor) {
  const period = budgetPeriodOf(today());
  const row = await ctx.db
    .selectFrom('privacy_budget')
    .select(['budget', 'spent'])
    .where('user_id', '=', actor.userId)
    .where('period', '=', period)
    .executeTakeFirst();
  const budget = row ? Number(row.budget) : ctx.config.dpBudget;
  const spent = row ? tidy(Number(row.spent)) : 0;
  const releases = await ctx.db
    .selectFrom('statistics_release')
    .select(['id', 'at', 'indicator', 'epsilon'])
    .where('user_id', '=', actor.userId)
    .where('mode', '=', 'dp')
    .orderBy('at', 'desc')
    .limit(200)
    .execute();
  return {
    period,
    budget,
    spent,
    remaining: tidy(Math.max(0, budget - spent)),
    releases: releases
      .filter((r) => budgetPeriodOf(calendarDay(r.at)) === period)
      .map((r) => ({
        at: new Date(r.at).toISOString(),
        indicator: r.indicator,
        epsilon: Number(r.epsilon),
        releaseId: r.id,
      })),
  };
}

const calendarDay = (at: Date) => today(new Date(at));

/** A release given again to whoever it was released to (404 for anyone else). */
export async function findRelease(ctx: AppContext, actor: Actor, id: string): Promise<StatisticsTable> {
  const row = await ctx.db
    .selectFrom('statistics_release')
    .select(['user_id', 'output'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || !canReadOwnRelease(actor, { userId: row.user_id })) throw notFound('release');
  return row.output as StatisticsTable;
}
