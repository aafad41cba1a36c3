// The record-level HTCDS export (issue 11 §3) on each database: k-anonymous by a mechanical check of
// the file, consented persons only (a withdrawn consent removes the person), one row per linked
// person, HTCDS field names in the header; the web path as a job whose file only its requester gets.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withdrawConsent } from '../src/assistance/consent.js';
import { splitCells } from '../src/consolidation/file-store.js';
import type { Actor } from '../src/platform/actor.js';
import { HTCDS_COLUMNS, QUASI_IDENTIFIER_COLUMNS } from '../src/statistics/htcds-fields.js';
import { exportHtcds, type ExportSummary } from '../src/statistics/htcds.js';
import { equivalenceClasses } from '../src/statistics/k-anonymity.js';
import { databases, startLantern, type TestLantern, type TestUser } from './support/harness.js';
import { linkPersons, seedActor, seedGroup, type Seeded } from './support/statistics-seed.js';

/** The CSV's rows (header first). */
function parseCsv(text: string): string[][] {
  return text
    .split('\r\n')
    .filter((line) => line.length > 0)
    .map((line) => splitCells(line, ','));
}

/** The mechanical checker: every class over the quasi-identifier columns holds at least k rows. */
function smallestClassOf(rows: string[][]): number {
  let min = Infinity;
  for (const n of equivalenceClasses(rows, QUASI_IDENTIFIER_COLUMNS).values()) min = Math.min(min, n);
  return min;
}

async function runExport(l: TestLantern, k: number): Promise<{ summary: ExportSummary; rows: string[][] }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const summary = await exportHtcds(l.ctx, null, { k, out });
  out.end();
  const all = parseCsv(Buffer.concat(chunks).toString('utf8'));
  expect(all[0]).toEqual([...HTCDS_COLUMNS]);
  return { summary, rows: all.slice(1) };
}

describe.each(databases)('HTCDS export on %s', (kind) => {
  let l: TestLantern;
  let seeder: Actor;
  let analyst: TestUser;
  let otherAnalyst: TestUser;
  let caseworker: TestUser;
  let withdrawable: Seeded[];
  let linkable: Seeded[];

  beforeAll(async () => {
    l = await startLantern(kind, { config: { jobPollMs: 20 } });
    const agency = await l.agency('POL');
    const intake = await l.user(agency, ['intake_officer', 'caseworker'], { signIn: false });
    seeder = seedActor(intake.id, agency);
    analyst = await l.user(agency, ['analyst']);
    otherAnalyst = await l.user(agency, ['analyst']);
    caseworker = await l.user(agency, ['caseworker']);
    // Two large groups, a group of exactly 11 (one consent will be withdrawn), outliers, persons
    // without consent (Thai: would form a group of 12 if they leaked), and two linked records.
    await seedGroup(l.ctx, seeder, { n: 25, sex: 'female', age: 22, province: 'ha-noi' });
    await seedGroup(l.ctx, seeder, { n: 14, sex: 'male', age: 30, citizenship: 'KH', province: 'lao-cai' });
    withdrawable = await seedGroup(l.ctx, seeder, { n: 11, sex: 'female', age: 40, citizenship: 'LA' });
    await seedGroup(l.ctx, seeder, { n: 1, sex: 'male', age: 60, citizenship: 'FR', exploitation: ['begging'] });
    await seedGroup(l.ctx, seeder, { n: 12, sex: 'male', age: 33, citizenship: 'TH', consent: false });
    linkable = await seedGroup(l.ctx, seeder, { n: 2, sex: 'female', age: 22, province: 'ha-noi' });
  });
  afterAll(async () => l?.stop());

  it('writes one k-anonymous row per distinct consented person, HTCDS names in the header', async () => {
    const { summary, rows } = await runExport(l, 11);
    expect(summary.persons).toBe(25 + 14 + 11 + 1 + 2);
    expect(rows).toHaveLength(summary.rows);
    expect(summary.rows + summary.suppressed).toBe(summary.persons);
    expect(smallestClassOf(rows)).toBeGreaterThanOrEqual(11);
    // The French outlier alone is suppressed; the data needs no generalisation.
    expect(summary.suppressed).toBe(1);
    expect(summary.levels).toEqual({
      age: 'band',
      sex: 'sex',
      citizenship: 'country',
      province: 'province',
      registration: 'year',
      exploitation: 'type',
    });
    expect(rows.filter((r) => r[1] === 'KH')).toHaveLength(14);
    expect(rows.filter((r) => r[1] === 'KH')[0]).toEqual(
      expect.arrayContaining(['Masculine', '25-34', 'ForcedLabour', 'PossibleVictimOfTrafficking', 'lao-cai']),
    );
    // Never a person without consent.
    expect(rows.some((r) => r[1] === 'TH')).toBe(false);
  });

  it('is k-anonymous for other k too (the mechanical check)', async () => {
    for (const k of [2, 5, 20, 40]) {
      const { summary, rows } = await runExport(l, k);
      expect(smallestClassOf(rows)).toBeGreaterThanOrEqual(k);
      expect(rows).toHaveLength(summary.rows);
    }
  });

  it('counts two records linked as one person once', async () => {
    const before = (await runExport(l, 11)).summary.persons;
    await linkPersons(
      l.ctx.db,
      linkable.map((s) => s.personId),
    );
    const { summary, rows } = await runExport(l, 11);
    expect(summary.persons).toBe(before - 1);
    expect(smallestClassOf(rows)).toBeGreaterThanOrEqual(11);
  });

  it('leaves out a person whose consent was withdrawn (and the group that fell below k)', async () => {
    const before = await runExport(l, 11);
    expect(before.rows.filter((r) => r[1] === 'LA')).toHaveLength(11);
    await withdrawConsent(l.ctx, seeder, withdrawable[0]!.consentId!, 'the person withdrew consent');
    const { summary, rows } = await runExport(l, 11);
    expect(summary.persons).toBe(before.summary.persons - 1);
    expect(rows.some((r) => r[1] === 'LA')).toBe(false);
    expect(smallestClassOf(rows)).toBeGreaterThanOrEqual(11);
  });

  it('runs as a job for an analyst; only that analyst downloads the file; others get 403/404', async () => {
    const refused = await l.call(caseworker.token, 'POST', '/api/v1/statistics/exports/htcds', {});
    expect(refused.status).toBe(403);

    const started = await l.call(analyst.token, 'POST', '/api/v1/statistics/exports/htcds', { k: 11 });
    expect(started.status).toBe(202);
    const jobId = started.body.job.id as string;
    let job = started.body.job;
    for (let i = 0; i < 200 && (job.state === 'queued' || job.state === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await l.call(analyst.token, 'GET', `/api/v1/jobs/${jobId}`)).body;
    }
    expect(job.state).toBe('succeeded');
    // The job chooses what the one-snapshot export chooses, and writes as many rows.
    const direct = await runExport(l, 11);
    expect(job.result.levels).toEqual(direct.summary.levels);
    expect(job.result.rows).toBe(direct.summary.rows);
    expect(job.result.rows + job.result.suppressed).toBe(job.result.persons);

    const other = await l.call(otherAnalyst.token, 'GET', `/api/v1/statistics/files/${jobId}`);
    expect(other.status).toBe(404);
    const notAnalyst = await l.call(caseworker.token, 'GET', `/api/v1/statistics/files/${jobId}`);
    expect([403, 404]).toContain(notAnalyst.status);

    const file = await l.call(analyst.token, 'GET', `/api/v1/statistics/files/${jobId}`);
    expect(file.status).toBe(200);
    expect(String(file.headers['content-type'])).toMatch(/text\/csv/);
    const all = parseCsv(file.body as string);
    expect(all[0]).toEqual([...HTCDS_COLUMNS]);
    expect(all.length - 1).toBe(job.result.rows);
    expect(smallestClassOf(all.slice(1))).toBeGreaterThanOrEqual(11);

    const events = await l.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'actor_id'])
      .where('action', 'in', ['statistics.export_htcds', 'statistics.download'])
      .execute();
    expect(events).toEqual(
      expect.arrayContaining([
        { action: 'statistics.export_htcds', outcome: 'success', actor_id: analyst.id },
        { action: 'statistics.download', outcome: 'success', actor_id: analyst.id },
        { action: 'statistics.download', outcome: 'denied', actor_id: otherAnalyst.id },
      ]),
    );
  });
});
