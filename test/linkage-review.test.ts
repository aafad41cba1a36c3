// Record linkage, the steward's side: a full run finds a duplicate planted across two agencies and
// explains it field by field; the queue shows the pair record and nothing else; every page read is
// audited; decisions are kept, never proposed again after another run, and change the clusters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startLantern, type TestLantern } from './support/harness.js';
import {
  fullRun,
  isPairOf,
  LAN_A,
  LAN_B,
  linkageWorld,
  OTHERS,
  queue,
  register,
  type LinkageWorld,
} from './support/linkage.js';

describe.each(databases)('record linkage review on %s', (kind) => {
  let l: TestLantern;
  let w: LinkageWorld;
  let lanA: string;
  let lanB: string;
  beforeAll(async () => {
    l = await startLantern(kind, { config: { jobPollMs: 20 } });
    w = await linkageWorld(l);
    lanA = await register(l, w.officerA, LAN_A);
    lanB = await register(l, w.officerB, LAN_B);
    for (const [i, p] of OTHERS.entries()) await register(l, i % 2 ? w.officerA : w.officerB, p);
    await fullRun(l, w.steward);
  }, 120_000);
  afterAll(() => l.stop());

  it('finds the duplicate planted across two agencies, with each field’s level and weight', async () => {
    const pairs = await queue(l, w.steward);
    const lan = pairs.find((p) => isPairOf(p, lanA, lanB));
    expect(lan).toBeDefined();
    expect(lan.sameAgency).toBe(false);
    expect(lan.probability).toBeGreaterThan(0.9);
    const level = (f: string) => lan.fields.find((x: { field: string }) => x.field === f);
    expect(level('id_number')).toMatchObject({ level: 'exact' });
    expect(level('id_number').weight).toBeGreaterThan(0);
    expect(level('date_of_birth')).toMatchObject({ level: 'dmy_swap' });
    expect(level('phone')).toMatchObject({ level: 'exact' });
    expect(level('family_name').level).toMatch(/exact|folded/);
    // no pair between Lan and the others
    expect(pairs.every((p) => [lanA, lanB].includes(p.a.personId) === [lanA, lanB].includes(p.b.personId))).toBe(true);
  });

  it('shows the steward the pair record only: no contact, documents or cases, and GET /persons/:id is 404', async () => {
    const r = await l.call(w.steward.token, 'GET', '/api/v1/linkage/pairs');
    const lan = r.body.items.find((p: never) => isPairOf(p, lanA, lanB));
    const side = lan.a.personId === lanA ? lan.a : lan.b;
    expect(Object.keys(side).sort()).toEqual(
      [
        'agency',
        'birthYear',
        'dateOfBirth',
        'familyName',
        'givenName',
        'idLastDigits',
        'middleName',
        'personId',
        'phoneLastDigits',
        'province',
        'sex',
      ].sort(),
    );
    expect(side).toMatchObject({ idLastDigits: '345', phoneLastDigits: '678', agency: { code: 'CA-HN' } });
    const text = JSON.stringify(r.body);
    expect(text).not.toContain('0912345678');
    expect(text).not.toContain('001195012345');
    expect(text).not.toContain('contact');
    expect((await l.call(w.steward.token, 'GET', `/api/v1/persons/${lanA}`)).status).toBe(404);
    expect((await l.call(w.steward.token, 'GET', `/api/v1/persons/${lanA}/linkage`)).status).toBe(404);
    // and others may not read the queue
    expect((await l.call(w.officerA.token, 'GET', '/api/v1/linkage/pairs')).status).toBe(403);
  });

  it('audits every page of pairs read, and each person shown', async () => {
    const before = await l.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'record_id'])
      .where('actor_id', '=', w.steward.id)
      .execute();
    await l.call(w.steward.token, 'GET', '/api/v1/linkage/pairs');
    const after = await l.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'record_id', 'details'])
      .where('actor_id', '=', w.steward.id)
      .execute();
    const added = after.slice(before.length);
    expect(added.filter((e) => e.action === 'linkage.pairs_read')).toHaveLength(1);
    const shown = added.filter((e) => e.action === 'linkage.pair_record_read').map((e) => e.record_id);
    expect(shown).toEqual(expect.arrayContaining([lanA, lanB]));
  });

  it('keeps decisions with history, never proposes a decided pair again, and updates clusters at once', async () => {
    const lan = (await queue(l, w.steward)).find((p) => isPairOf(p, lanA, lanB));
    const clusterOf = async (id: string) =>
      (
        await l.ctx.db
          .selectFrom('person_cluster as c')
          .innerJoin('linkage_state as s', 's.current_run', 'c.run_id')
          .select('c.cluster_id')
          .where('c.person_id', '=', id)
          .executeTakeFirstOrThrow()
      ).cluster_id;
    const different = await l.call(w.steward.token, 'POST', `/api/v1/linkage/pairs/${lan.id}/decision`, {
      decision: 'different',
    });
    expect(different.status).toBe(200);
    expect(different.body.decision).toMatchObject({ decision: 'different' });
    expect(await clusterOf(lanA)).not.toBe(await clusterOf(lanB));
    // the same decision again: a clear 409 that changes nothing
    const again = await l.call(w.steward.token, 'POST', `/api/v1/linkage/pairs/${lan.id}/decision`, {
      decision: 'different',
    });
    expect(again.status).toBe(409);
    // a stale If-Match: 412
    const stale = await l.call(
      w.steward.token,
      'POST',
      `/api/v1/linkage/pairs/${lan.id}/decision`,
      { decision: 'same' },
      { 'if-match': '"0"' },
    );
    expect(stale.status).toBe(412);
    const same = await l.call(
      w.steward.token,
      'POST',
      `/api/v1/linkage/pairs/${lan.id}/decision`,
      { decision: 'same' },
      { 'if-match': '"1"' },
    );
    expect(same.status).toBe(200);
    expect(await clusterOf(lanA)).toBe(await clusterOf(lanB));
    const history = await l.ctx.db
      .selectFrom('pair_decision')
      .select(['decision', 'seq'])
      .where('person_a', '=', [lanA, lanB].sort()[0]!)
      .orderBy('seq')
      .execute();
    expect(history.map((h) => h.decision)).toEqual(['different', 'same']);
    // another run: the pair is not proposed again, its decision stands, the clusters too
    await fullRun(l, w.steward);
    expect((await queue(l, w.steward)).some((p) => isPairOf(p, lanA, lanB))).toBe(false);
    const decided = (await queue(l, w.steward, 'decided')).find((p) => isPairOf(p, lanA, lanB));
    expect(decided.decision.decision).toBe('same');
    expect(await clusterOf(lanA)).toBe(await clusterOf(lanB));
    const summary = await l.call(w.steward.token, 'GET', '/api/v1/linkage/summary');
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ records: 6, distinctPersons: 5, knownToSeveralAgencies: 1 });
    expect(summary.body.pairs.same).toBe(1);
    expect(summary.body.lastRun.records).toBe(6);
  }, 120_000);

  it('answers bad input with a clear 4xx that changes nothing', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(
      (await l.call(w.steward.token, 'POST', `/api/v1/linkage/pairs/${unknown}/decision`, { decision: 'same' })).status,
    ).toBe(404);
    const lan = (await queue(l, w.steward, 'decided'))[0];
    expect(
      (await l.call(w.steward.token, 'POST', `/api/v1/linkage/pairs/${lan.id}/decision`, { decision: 'maybe' })).status,
    ).toBe(400);
    expect((await l.call(w.steward.token, 'GET', '/api/v1/linkage/pairs?cursor=bogus')).status).toBe(400);
    expect((await l.call(w.officerA.token, 'POST', '/api/v1/linkage/runs')).status).toBe(403);
  });

  it('takes one of two concurrent identical decisions and answers the other 409', async () => {
    const pair = (await queue(l, w.steward, 'decided')).find((p) => isPairOf(p, lanA, lanB));
    const count = async () =>
      (
        await l.ctx.db
          .selectFrom('pair_decision')
          .select('seq')
          .where('person_a', '=', [lanA, lanB].sort()[0]!)
          .execute()
      ).length;
    const before = await count();
    const both = await Promise.all(
      [1, 2].map(() =>
        l.call(w.steward.token, 'POST', `/api/v1/linkage/pairs/${pair.id}/decision`, { decision: 'unsure' }),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await count()).toBe(before + 1);
  });
});
