// Statistics through the API (issue 11 §1, §2): analysts get controlled tables only — distinct persons,
// small cells and the cells that would reveal them suppressed, differential privacy spending from a
// ledger that concurrent requests cannot overspend — each release stored, downloadable by its
// requester only, and audited. Bad input is a 400 that changes nothing.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/platform/actor.js';
import { INDICATORS, INDICATOR_IDS, type Dimension } from '../src/contract/statistics.js';
import { createCase } from '../src/registry/cases.js';
import { createPerson } from '../src/registry/persons.js';
import { databases, startLantern, type TestLantern, type TestUser } from './support/harness.js';
import { waitForJob } from './support/jobs.js';
import { fullRun } from './support/linkage.js';

const K = 10;
const BUDGET = 3;
const WINDOW = 'from=2026-01-01&to=2026-06-30';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

interface CellBody {
  value: number | null;
  status: string;
  uncertainty?: number;
}

/** No shown count from 1 to k−1, and no line (a row or a column with its total) with exactly one hidden cell. */
function expectNothingSmallOrDerivable(t: {
  cells: CellBody[][];
  rowTotals: CellBody[];
  columnTotals: CellBody[];
  total: CellBody;
}) {
  const all = [...t.cells.flat(), ...t.rowTotals, ...t.columnTotals, t.total];
  for (const c of all) {
    if (c.status === 'shown') expect(c.value === 0 || c.value! >= K, `shown ${c.value}`).toBe(true);
    else expect(c.value).toBeNull();
  }
  const hidden = (line: CellBody[]) => line.filter((c) => c.status === 'suppressed').length;
  t.cells.forEach((row, i) => expect(hidden([...row, t.rowTotals[i]!])).not.toBe(1));
  t.columnTotals.forEach((total, j) => expect(hidden([...t.cells.map((r) => r[j]!), total])).not.toBe(1));
  expect(hidden([...t.columnTotals, t.total])).not.toBe(1);
  if (t.cells.length > 1) expect(hidden([...t.rowTotals, t.total])).not.toBe(1);
  // shown parts add up to their shown wholes
  t.cells.forEach((row, i) => {
    if ([...row, t.rowTotals[i]!].every((c) => c.status === 'shown'))
      expect(row.reduce((a, c) => a + c.value!, 0)).toBe(t.rowTotals[i]!.value);
  });
}

describe.each(databases)('statistics API on %s', (kind) => {
  let l: TestLantern;
  let police: string;
  let shelter: string;
  let national: string;
  let analyst: TestUser;
  let otherAnalyst: TestUser;
  let officer: TestUser;
  let shelterOfficer: TestUser;
  let steward: TestUser;
  let linked: { a: string; b: string };

  const actorOf = (u: TestUser): Actor => ({
    userId: u.id,
    agencyId: u.agencyId,
    agencyKind: u.agencyKind,
    roles: u.roles,
    language: 'en',
    clientIp: null,
  });

  /** `n` persons with one case each, received on `day` (registry functions: cheap, no HTTP). */
  async function persons(n: number, who: TestUser, person: Record<string, unknown>, day: string) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const p = await createPerson(l.ctx, actorOf(who), {
        givenName: `Stat${i}`,
        sex: 'female',
        citizenship: 'VN',
        ...person,
      } as never);
      const c = await createCase(l.ctx, actorOf(who), { personId: p.id, reachedVia: 'walk_in' } as never);
      await sql`UPDATE case_file SET created_at = ${`${day}T03:00:00Z`}::timestamptz WHERE id = ${c.id}`.execute(
        l.ctx.db,
      );
      ids.push(p.id);
    }
    return ids;
  }

  const refresh = async () => {
    const r = await l.call(analyst.token, 'POST', '/api/v1/statistics/refresh');
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const { job } = await waitForJob(l, analyst.token, r.body.job.id);
    expect(job.state).toBe('succeeded');
  };

  const table = (token: string, query: string) => l.call(token, 'GET', `/api/v1/statistics/tables?${query}`);
  const releases = async () =>
    Number(
      (await l.ctx.db
        .selectFrom('statistics_release')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst())!.n,
    );

  beforeAll(async () => {
    l = await startLantern(kind, { config: { jobPollMs: 20, minCell: K, dpBudget: BUDGET } });
    police = await l.agency('CA-HN', 'police');
    shelter = await l.agency('SHELTER-HN', 'shelter');
    national = await l.agency('NDU', 'ministry');
    analyst = await l.user(national, ['analyst']);
    otherAnalyst = await l.user(national, ['analyst']);
    officer = await l.user(police, ['intake_officer']);
    shelterOfficer = await l.user(shelter, ['intake_officer']);
    steward = await l.user(national, ['data_steward']);
    // Hà Nội: 12 women and 11 men in March; Đà Nẵng: 12 women and 3 men in April
    await persons(12, officer, { province: 'ha-noi' }, '2026-03-05');
    await persons(11, officer, { province: 'ha-noi', sex: 'male' }, '2026-03-06');
    await persons(12, officer, { province: 'da-nang' }, '2026-04-07');
    await persons(3, officer, { province: 'da-nang', sex: 'male' }, '2026-04-08');
    // one person known to the police and to the shelter: one linkage cluster
    const [a] = await persons(1, officer, { province: 'ha-noi', givenName: 'Linked' }, '2026-03-05');
    const [b] = await persons(1, shelterOfficer, { province: 'ha-noi', givenName: 'Linked' }, '2026-03-09');
    linked = { a: a!, b: b! };
    await sql`UPDATE person_cluster SET cluster_id = ${linked.a} WHERE person_id = ${linked.b}
      AND run_id = (SELECT current_run FROM linkage_state WHERE id)`.execute(l.ctx.db);
    await refresh();
  }, 180_000);
  afterAll(() => l.stop());

  it('counts distinct persons: one person with cases in two agencies counts once, their cases twice', async () => {
    const persons = await table(analyst.token, `indicator=persons_registered&columns=agency_kind&${WINDOW}`);
    const cases = await table(analyst.token, `indicator=cases_registered&columns=agency_kind&${WINDOW}`);
    expect(persons.status, JSON.stringify(persons.body)).toBe(200);
    expect(cases.status).toBe(200);
    const at = (body: { columns: string[]; cells: CellBody[][] }, k: string) =>
      body.cells[0]![body.columns.indexOf(k)]!;
    // 38 + the linked person, registered first by the police
    expect(persons.body.total).toEqual({ value: 39, status: 'shown' });
    expect(at(persons.body, 'police')).toEqual({ value: 39, status: 'shown' });
    expect(at(persons.body, 'shelter')).toEqual({ value: 0, status: 'shown' });
    expect(cases.body.total.value).toBe(40);
    // the shelter's one case is a count below k: hidden, and so is what would give it away
    expect(at(cases.body, 'shelter').status).toBe('suppressed');
    expectNothingSmallOrDerivable(cases.body);
  });

  it('suppresses a small cell and the cells that would reveal it; margins stay consistent', async () => {
    const r = await table(analyst.token, `indicator=persons_registered&rows=province&columns=sex&${WINDOW}`);
    expect(r.status).toBe(200);
    const t = r.body;
    expect(t.rows).toContain('ha-noi');
    expect(t.columns).toEqual(['female', 'male', 'other', 'unknown']);
    const cell = (row: string, col: string) => t.cells[t.rows.indexOf(row)][t.columns.indexOf(col)];
    expect(cell('da-nang', 'male')).toEqual({ value: null, status: 'suppressed' });
    expect(cell('da-nang', 'female').status).toBe('suppressed'); // else 15 − 12 = 3
    expect(cell('quang-ninh', 'female')).toEqual({ value: 0, status: 'shown' }); // a public zero
    expectNothingSmallOrDerivable(t);
    expect(t).toMatchObject({ minCell: K, mode: 'suppression', unit: 'person', rowDimension: 'province' });
    expect(t.notes).toContain('suppression');
  });

  it('answers a one-dimension table with one row whose total is the total', async () => {
    const r = await table(analyst.token, `indicator=persons_registered&columns=month&${WINDOW}`);
    expect(r.status).toBe(200);
    expect(r.body.rows).toBeUndefined();
    expect(r.body.columns).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    expect(r.body.cells).toHaveLength(1);
    expect(r.body.rowTotals).toEqual([r.body.total]);
    expect(r.body.cells[0][2]).toEqual({ value: 24, status: 'shown' });
    expect(r.body.cells[0][3]).toEqual({ value: 15, status: 'shown' });
    expect(r.body.total).toEqual({ value: 39, status: 'shown' });
  });

  it('answers every indicator over each of its dimensions', async () => {
    for (const id of INDICATOR_IDS) {
      for (const dimension of INDICATORS[id].dimensions as readonly Dimension[]) {
        const r = await table(analyst.token, `indicator=${id}&columns=${dimension}&${WINDOW}`);
        expect(r.status, `${id} × ${dimension}: ${JSON.stringify(r.body)}`).toBe(200);
        expectNothingSmallOrDerivable(r.body);
      }
    }
  }, 60_000);

  it('never gives an analyst a record: the only id in a table is its release id', async () => {
    const r = await table(analyst.token, `indicator=cases_registered&rows=province&columns=sex&${WINDOW}`);
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body).match(UUID)).toEqual([r.body.releaseId]);
  });

  it.each([
    ['an unknown dimension', `indicator=persons_registered&columns=eye_colour&${WINDOW}`, 'columns'],
    ['a dimension the indicator lacks', `indicator=persons_registered&columns=decision&${WINDOW}`, 'columns'],
    ['the same dimension twice', `indicator=persons_registered&rows=sex&columns=sex&${WINDOW}`, 'rows'],
    ['a window not of whole months', 'indicator=persons_registered&columns=sex&from=2026-01-02&to=2026-06-30', 'from'],
    ['a window over ten years', 'indicator=persons_registered&columns=sex&from=2016-01-01&to=2026-06-30', 'to'],
    ['dp without ε', `indicator=persons_registered&columns=sex&mode=dp&${WINDOW}`, 'epsilon'],
    ['ε out of range', `indicator=persons_registered&columns=sex&mode=dp&epsilon=5&${WINDOW}`, 'epsilon'],
    ['border_gate in dp', `indicator=screenings&columns=border_gate&mode=dp&epsilon=1&${WINDOW}`, 'columns'],
    ['an unknown parameter', `indicator=persons_registered&columns=sex&person=1&${WINDOW}`, ''],
  ])('refuses %s with a 400 naming the field, changing nothing', async (_what, query, field) => {
    const before = await releases();
    const r = await table(analyst.token, query);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(JSON.stringify(r.body)).toContain(field);
    expect(await releases()).toBe(before);
    const spent = await l.ctx.db.selectFrom('privacy_budget').selectAll().where('user_id', '=', analyst.id).execute();
    expect(spent.every((b) => Number(b.spent) === 0)).toBe(true);
  });

  it('refuses caseworkers, intake officers and auditors (403)', async () => {
    const caseworker = await l.user(police, ['caseworker']);
    const auditor = await l.user(national, ['auditor']);
    for (const u of [caseworker, officer, auditor]) {
      expect((await table(u.token, `indicator=persons_registered&columns=sex&${WINDOW}`)).status).toBe(403);
      expect((await l.call(u.token, 'GET', '/api/v1/statistics/indicators')).status).toBe(403);
    }
  });

  it('lists the indicators with their dimensions and says whether dp may use each', async () => {
    const r = await l.call(analyst.token, 'GET', '/api/v1/statistics/indicators');
    expect(r.status).toBe(200);
    expect(r.body.minCell).toBe(K);
    expect(r.body.asOf).not.toBeNull();
    const screenings = r.body.indicators.find((i: { id: string }) => i.id === 'screenings');
    expect(screenings.dimensions.find((d: { id: string }) => d.id === 'border_gate')).toEqual({
      id: 'border_gate',
      domain: null,
      dp: false,
    });
  });

  it('audits every table request with what was released, and no count of persons', async () => {
    const r = await table(analyst.token, `indicator=persons_registered&rows=province&columns=sex&${WINDOW}`);
    const events = await l.ctx.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'statistics.table')
      .where('record_id', '=', r.body.releaseId)
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.actor_id).toBe(analyst.id);
    expect(events[0]!.details).toMatchObject({
      releaseId: r.body.releaseId,
      indicator: 'persons_registered',
      rows: 'province',
      columns: 'sex',
      windowFrom: '2026-01-01',
      windowTo: '2026-06-30',
      mode: 'suppression',
    });
    expect((events[0]!.details as { suppressedCells: number }).suppressedCells).toBeGreaterThan(0);
    const total = await l.ctx.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('action', '=', 'statistics.table')
      .where('outcome', '=', 'success')
      .executeTakeFirstOrThrow();
    expect(Number(total.n)).toBe(await releases());
  });

  it('gives a release again, as JSON, CSV and XLSX, to its requester only', async () => {
    const r = await table(analyst.token, `indicator=persons_registered&rows=province&columns=sex&${WINDOW}`);
    const id = r.body.releaseId;
    const json = await l.call(analyst.token, 'GET', `/api/v1/statistics/releases/${id}`);
    expect(json.body).toEqual(r.body);
    const csv = await l.call(analyst.token, 'GET', `/api/v1/statistics/releases/${id}?format=csv&language=en`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = (csv.body as string).replace('\ufeff', '').split('\r\n');
    expect(lines[1]).toBe('province \\ sex,female,male,other,unknown,Total');
    const haNoi = r.body.rows.indexOf('ha-noi');
    const daNang = r.body.rows.indexOf('da-nang');
    const out = (c: CellBody) => (c.value === null ? 'x' : String(c.value));
    expect(lines[2 + haNoi]).toBe(['ha-noi', ...r.body.cells[haNoi].map(out), out(r.body.rowTotals[haNoi])].join(','));
    expect(lines[2 + daNang]).toContain('da-nang,x');
    expect(csv.body).toContain('x: fewer than 10 persons, or hidden so that no small count can be derived');
    const xlsx = await l.app.inject({
      method: 'GET',
      url: `/api/v1/statistics/releases/${id}?format=xlsx`,
      headers: { authorization: `Bearer ${analyst.token}` },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    // another analyst, and a caseworker, learn nothing of it
    expect((await l.call(otherAnalyst.token, 'GET', `/api/v1/statistics/releases/${id}`)).status).toBe(404);
    expect((await l.call(otherAnalyst.token, 'GET', `/api/v1/statistics/releases/${id}?format=csv`)).status).toBe(404);
    const downloads = await l.ctx.db
      .selectFrom('audit_event')
      .select(['details'])
      .where('action', '=', 'statistics.download')
      .where('record_id', '=', id)
      .execute();
    expect(downloads.map((d) => (d.details as { format: string }).format).sort()).toEqual(['csv', 'json', 'xlsx']);
  });

  it('spends ε from the ledger in dp mode and refuses a release beyond the budget with what remains', async () => {
    const spender = await l.user(national, ['analyst']);
    const first = await table(
      spender.token,
      `indicator=persons_registered&rows=province&columns=sex&mode=dp&epsilon=2&${WINDOW}`,
    );
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.privacy).toMatchObject({ epsilon: 2, budget: BUDGET, spent: 2, remaining: 1 });
    expect(first.body.notes).toContain('one_contribution_per_person');
    for (const c of [
      ...first.body.cells.flat(),
      ...first.body.rowTotals,
      ...first.body.columnTotals,
      first.body.total,
    ]) {
      expect(c.status).toBe('noisy');
      expect(Number.isInteger(c.value) && c.value >= 0).toBe(true);
      expect(c.uncertainty).toBeGreaterThan(0);
    }
    first.body.cells.forEach((row: CellBody[], i: number) =>
      expect(row.reduce((a, c) => a + c.value!, 0)).toBe(first.body.rowTotals[i].value),
    );
    const before = await releases();
    const refused = await table(spender.token, `indicator=persons_registered&columns=sex&mode=dp&epsilon=2&${WINDOW}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ budget: BUDGET, spent: 2, remaining: 1 });
    expect(refused.body.type).toContain('privacy-budget-exceeded');
    expect(await releases()).toBe(before);
    const budget = await l.call(spender.token, 'GET', '/api/v1/statistics/budget');
    expect(budget.body).toMatchObject({ budget: BUDGET, spent: 2, remaining: 1 });
    expect(budget.body.releases).toEqual([expect.objectContaining({ epsilon: 2, releaseId: first.body.releaseId })]);
  });

  it('lets concurrent dp requests spend no more than the budget', async () => {
    const spender = await l.user(national, ['analyst']);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        table(spender.token, `indicator=cases_registered&columns=province&mode=dp&epsilon=1&${WINDOW}`),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 409, 409, 409, 409, 409]);
    const row = await l.ctx.db
      .selectFrom('privacy_budget')
      .selectAll()
      .where('user_id', '=', spender.id)
      .executeTakeFirstOrThrow();
    expect(Number(row.spent)).toBe(BUDGET);
    const stored = await l.ctx.db
      .selectFrom('statistics_release')
      .select('id')
      .where('user_id', '=', spender.id)
      .execute();
    expect(stored).toHaveLength(3);
  });

  it('queues a refresh when the figures are missing (503) or old (served, with a note)', async () => {
    // The refresh a request queues may finish before we look, so find any new refresh job, whatever its state.
    const known = async () =>
      new Set(
        (await l.ctx.db.selectFrom('job').select('id').where('kind', '=', 'statistics.refresh').execute()).map(
          (j) => j.id,
        ),
      );
    const queued = async (before: Set<string>) => {
      for (let tries = 0; tries < 500; tries++) {
        const jobs = await l.ctx.db.selectFrom('job').select('id').where('kind', '=', 'statistics.refresh').execute();
        const fresh = jobs.find((j) => !before.has(j.id));
        if (fresh) return fresh.id;
        await sleep(20);
      }
      throw new Error('no statistics.refresh job was queued');
    };
    let before = await known();
    await sql`UPDATE stat_state SET as_of = NULL`.execute(l.ctx.db);
    const missing = await table(analyst.token, `indicator=persons_registered&columns=sex&${WINDOW}`);
    expect(missing.status).toBe(503);
    expect(missing.body.type).toContain('statistics-not-ready');
    expect((await waitForJob(l, analyst.token, await queued(before))).job.state).toBe('succeeded');

    before = await known();
    await sql`UPDATE stat_state SET as_of = now() - interval '2 days'`.execute(l.ctx.db);
    const old = await table(analyst.token, `indicator=persons_registered&columns=sex&${WINDOW}`);
    expect(old.status).toBe(200);
    expect(old.body.notes).toContain('figures_being_refreshed');
    expect(old.body.total.value).toBe(39);
    expect((await waitForJob(l, analyst.token, await queued(before))).job.state).toBe('succeeded');
    const status = await l.call(analyst.token, 'GET', '/api/v1/statistics/status');
    expect(Date.now() - Date.parse(status.body.asOf)).toBeLessThan(60 * 60_000);
  });

  it('queues a refresh when a linkage run completes, and says where the figures stand', async () => {
    await fullRun(l, steward);
    const jobs = await l.ctx.db
      .selectFrom('job')
      .select(['created_by'])
      .where('kind', '=', 'statistics.refresh')
      .where('created_by', '=', steward.id)
      .execute();
    expect(jobs).toHaveLength(1);
    const status = await l.call(analyst.token, 'GET', '/api/v1/statistics/status');
    expect(status.status).toBe(200);
    expect(typeof status.body.refreshing).toBe('boolean');
    expect(status.body.asOf).not.toBeNull();
  }, 60_000);
});
