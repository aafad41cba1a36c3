// The statistics cube (src/statistics/cube.ts) against facts written by hand: person tables are exact
// across months, and a cell of events is shown only when it provably holds k distinct persons (the
// cube's lower bound of persons can hide more than exact counting, never less).
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCube } from '../src/statistics/cube.js';
import { countTable } from '../src/statistics/tables.js';
import { databases, startLantern, type TestLantern } from './support/harness.js';

const K = 10;
type Fact = [kind: string, person: string, day: string, province: string, referralOutcome: string | null];

describe.each(databases)('statistics cube on %s', (kind) => {
  let l: TestLantern;
  beforeAll(async () => {
    // No background refresh: it would rebuild the facts from the (empty) registry under the test.
    l = await startLantern(kind, { config: { minCell: K }, runJobs: false });
  }, 60_000);
  afterAll(() => l.stop());

  /** Replaces every fact: `facts` of [kind, person, day, province, referral outcome]. */
  async function withFacts(facts: Fact[]) {
    await l.ctx.db.transaction().execute(async (trx) => {
      await sql`DELETE FROM stat_fact`.execute(trx);
      for (const [factKind, person, day, province, outcome] of facts)
        await sql`INSERT INTO stat_fact (kind, person_key, day, sex, age_band, minor, citizenship, province,
            exploitation_type, recruitment_channel, destination, reached_via, agency_kind, referral_outcome)
          VALUES (${factKind}, ${person}::uuid, ${day}::date, 'female', '18-24', 'adult', 'vietnamese', ${province},
            'forced_labour', 'online_job_ad', 'KH', 'walk_in', 'police', ${outcome})`.execute(trx);
      await buildCube(trx);
      await sql`UPDATE stat_state SET as_of = now()`.execute(trx);
    });
  }
  const persons = (n: number) => Array.from({ length: n }, () => crypto.randomUUID());
  const monthDay = (i: number) => `2026-${String((i % 12) + 1).padStart(2, '0')}-15`;
  const count = (indicator: 'persons_registered' | 'referrals') =>
    countTable(l.ctx.db, indicator, undefined, 'province', '2026-01-01', '2026-12-31', { onePerPerson: false });
  const column = (counts: Awaited<ReturnType<typeof count>>, province: string) => counts.columns.indexOf(province);

  it('counts persons exactly when they fall in different months', async () => {
    await withFacts(persons(12).map((p, i): Fact => ['person', p, monthDay(i), 'ha-noi', null]));
    const counts = await count('persons_registered');
    const j = column(counts, 'ha-noi');
    expect(counts.cells[0]![j]).toBe(12);
    expect(counts.persons.cells[0]![j]).toBe(12);
    expect(counts.total).toBe(12);
  });

  it('never credits a cell of events with more persons than it holds', async () => {
    const [a, b] = persons(2);
    // twelve referrals of two people in one month in ha-noi; twelve of twelve people in March in hue
    await withFacts([
      ...Array.from({ length: 12 }, (_, i): Fact => ['referral', i % 2 ? a! : b!, '2026-03-10', 'ha-noi', 'accepted']),
      ...persons(12).map((p): Fact => ['referral', p, '2026-03-20', 'hue', 'accepted']),
    ]);
    const counts = await count('referrals');
    expect(counts.cells[0]![column(counts, 'ha-noi')]).toBe(12);
    expect(counts.persons.cells[0]![column(counts, 'ha-noi')]).toBe(2);
    expect(counts.persons.cells[0]![column(counts, 'hue')]).toBe(12);
    expect(counts.persons.total).toBeLessThanOrEqual(14);

    const table = await l.call(
      (await l.user(await l.agency('MOLISA-C', 'ministry'), ['analyst'])).token,
      'GET',
      '/api/v1/statistics/tables?indicator=referrals&columns=province&from=2026-01-01&to=2026-12-31',
    );
    expect(table.status).toBe(200);
    const cells = table.body.cells[0] as { value: number | null; status: string }[];
    const columns = table.body.columns as string[];
    expect(cells[columns.indexOf('ha-noi')]).toEqual({ value: null, status: 'suppressed' });
    expect(cells[columns.indexOf('hue')]).toEqual({ value: 12, status: 'shown' });
  });

  it('takes a lower bound of persons across months: events of different people in different months', async () => {
    // one referral a month by a different person: 12 persons, but no month shows more than one
    await withFacts(persons(12).map((p, i): Fact => ['referral', p, monthDay(i), 'ha-noi', 'accepted']));
    const counts = await count('referrals');
    const j = column(counts, 'ha-noi');
    expect(counts.cells[0]![j]).toBe(12);
    expect(counts.persons.cells[0]![j]).toBe(1);
    expect(counts.persons.cells[0]![j]).toBeLessThan(K); // hidden: suppression errs on the side of the person
  });
});
