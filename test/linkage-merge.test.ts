// Merges within one agency (cases move; an undo restores both records and their cases exactly) and
// links across agencies (each agency keeps its record and learns only that the person is known to
// another agency; it may ask the stewards to put them in touch). Bad input changes nothing.
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

describe.each(databases)('merges and links on %s', (kind) => {
  let l: TestLantern;
  let w: LinkageWorld;
  beforeAll(async () => {
    l = await startLantern(kind, { config: { jobPollMs: 20 } });
    w = await linkageWorld(l);
  }, 60_000);
  afterAll(() => l.stop());

  /** Every row of the persons, their documents and their cases, as stored. */
  const snapshot = async (ids: string[]) => ({
    persons: await l.ctx.db.selectFrom('person').selectAll().where('id', 'in', ids).orderBy('id').execute(),
    documents: await l.ctx.db
      .selectFrom('identity_document')
      .selectAll()
      .where('person_id', 'in', ids)
      .orderBy('id')
      .execute(),
    cases: await l.ctx.db.selectFrom('case_file').selectAll().where('person_id', 'in', ids).orderBy('id').execute(),
  });

  const openCase = async (personId: string) => {
    const r = await l.call(w.officerA.token, 'POST', '/api/v1/cases', { personId, reachedVia: 'walk_in' });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };

  it('merges two records of one agency (cases move) and the undo restores both and their cases exactly', async () => {
    const kept = await register(l, w.officerA, { ...OTHERS[0]!, familyName: 'Đỗ' });
    const other = await register(l, w.officerA, {
      ...OTHERS[0]!,
      familyName: 'Do',
      identityDocuments: [{ type: 'passport', number: 'B1234567' }],
    });
    const keptCase = await openCase(kept);
    const otherCases = [await openCase(other), await openCase(other)];
    const before = await snapshot([kept, other]);

    const merged = await l.call(w.officerA.token, 'POST', `/api/v1/persons/${kept}/merge`, { otherPersonId: other });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ keptPersonId: kept, mergedPersonId: other, movedCases: 2, undoneAt: null });
    const cases = await l.ctx.db
      .selectFrom('case_file')
      .select(['id', 'person_id'])
      .where('id', 'in', [keptCase, ...otherCases])
      .execute();
    expect(cases.every((c) => c.person_id === kept)).toBe(true);
    expect((await l.call(w.officerA.token, 'GET', `/api/v1/persons/${other}`)).status).toBe(404);
    // identity documents are not copied
    const keptPerson = await l.call(w.officerA.token, 'GET', `/api/v1/persons/${kept}`);
    expect(keptPerson.body.identityDocuments).toEqual([]);
    const history = await l.call(w.officerA.token, 'GET', `/api/v1/persons/${kept}/linkage`);
    expect(history.body.history).toEqual([
      expect.objectContaining({ kind: 'merged', mergeId: merged.body.id, otherPersonId: other }),
    ]);

    // undoing twice: the second is a 409 that changes nothing
    const undone = await l.call(w.officerA.token, 'POST', `/api/v1/merges/${merged.body.id}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.body.undoneAt).not.toBeNull();
    expect(await snapshot([kept, other])).toEqual(before);
    expect((await l.call(w.officerA.token, 'POST', `/api/v1/merges/${merged.body.id}/undo`)).status).toBe(409);
    expect(await snapshot([kept, other])).toEqual(before);
    const after = await l.call(w.officerA.token, 'GET', `/api/v1/persons/${kept}/linkage`);
    expect(after.body.history.map((h: { kind: string }) => h.kind)).toEqual(['merged', 'unmerged']);
    // both audited
    const events = await l.ctx.db.selectFrom('audit_event').select('action').where('record_id', '=', kept).execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['person.merge', 'person.merge_undo']));
  });

  it('refuses bad merges with a clear 4xx that changes nothing', async () => {
    const a1 = await register(l, w.officerA, OTHERS[1]!);
    const a2 = await register(l, w.officerA, OTHERS[1]!);
    const b1 = await register(l, w.officerB, OTHERS[1]!);
    const before = await snapshot([a1, a2, b1]);
    const merge = (token: string, id: string, otherPersonId: string) =>
      l.call(token, 'POST', `/api/v1/persons/${id}/merge`, { otherPersonId });
    expect((await merge(w.officerA.token, a1, a1)).status).toBe(400); // into itself
    expect((await merge(w.officerA.token, a1, b1)).status).toBe(404); // another agency's record: not known to A
    expect((await merge(w.steward.token, a1, b1)).status).toBe(403); // across agencies: linked, never merged
    expect((await merge(w.officerB.token, a1, a2)).status).toBe(404); // not B's
    expect((await merge(w.officerA.token, a1, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await l.call(w.officerA.token, 'POST', `/api/v1/persons/${a1}/merge`, { otherPersonId: 'x' })).status).toBe(
      400,
    );
    expect(
      (await l.call(w.officerA.token, 'POST', '/api/v1/merges/00000000-0000-4000-8000-000000000000/undo')).status,
    ).toBe(404);
    expect(await snapshot([a1, a2, b1])).toEqual(before);
    // a steward may merge two records of one agency; the agency's other users may not undo what they cannot see
    const bySteward = await merge(w.steward.token, a1, a2);
    expect(bySteward.status).toBe(200);
    expect((await l.call(w.officerB.token, 'POST', `/api/v1/merges/${bySteward.body.id}/undo`)).status).toBe(404);
    expect((await l.call(w.officerA.token, 'POST', `/api/v1/merges/${bySteward.body.id}/undo`)).status).toBe(200);
  });

  it('links across agencies without letting either read the other’s record, and unlinks on a later “different”', async () => {
    const lanA = await register(l, w.officerA, LAN_A);
    const lanB = await register(l, w.officerB, LAN_B);
    await fullRun(l, w.steward);
    const pair = (await queue(l, w.steward)).find((p) => isPairOf(p, lanA, lanB));
    expect(pair.can.merge).toBe(false);
    const decide = (decision: string) =>
      l.call(w.steward.token, 'POST', `/api/v1/linkage/pairs/${pair.id}/decision`, { decision });
    expect((await decide('same')).status).toBe(200);

    expect((await l.call(w.officerA.token, 'GET', `/api/v1/persons/${lanB}`)).status).toBe(404);
    expect((await l.call(w.officerB.token, 'GET', `/api/v1/persons/${lanA}`)).status).toBe(404);
    expect((await l.call(w.officerA.token, 'GET', `/api/v1/persons/${lanB}/linkage`)).status).toBe(404);
    const view = await l.call(w.officerA.token, 'GET', `/api/v1/persons/${lanA}/linkage`);
    expect(view.body).toMatchObject({
      knownToOtherAgencies: true,
      contactRequested: false,
      can: { requestContact: true },
    });
    expect(view.body.history).toEqual([
      expect.objectContaining({ kind: 'linked', otherPersonId: null, mergeId: null }),
    ]);
    expect(JSON.stringify(view.body)).not.toContain(lanB);
    // B's view of its own record says the same, and nothing more
    const viewB = await l.call(w.officerB.token, 'GET', `/api/v1/persons/${lanB}/linkage`);
    expect(viewB.body.knownToOtherAgencies).toBe(true);
    expect(JSON.stringify(viewB.body)).not.toContain(lanA);

    // A asks the stewards to put them in touch
    const asked = await l.call(w.officerA.token, 'POST', `/api/v1/persons/${lanA}/contact-requests`, {
      note: 'please',
    });
    expect(asked.status).toBe(201);
    const list = await l.call(w.steward.token, 'GET', '/api/v1/linkage/contact-requests');
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: asked.body.id,
        personId: lanA,
        agency: expect.objectContaining({ code: 'CA-HN' }),
        otherAgencies: ['SHELTER-HN'],
      }),
    ]);
    expect((await l.call(w.officerA.token, 'GET', '/api/v1/linkage/contact-requests')).status).toBe(403);
    expect((await l.call(w.officerA.token, 'GET', `/api/v1/persons/${lanA}/linkage`)).body.contactRequested).toBe(true);

    expect((await decide('different')).status).toBe(200);
    const unlinked = await l.call(w.officerA.token, 'GET', `/api/v1/persons/${lanA}/linkage`);
    expect(unlinked.body.knownToOtherAgencies).toBe(false);
    expect(unlinked.body.history.map((h: { kind: string }) => h.kind)).toEqual(['linked', 'unlinked']);
    // nobody to put in touch with any more
    expect((await l.call(w.officerA.token, 'POST', `/api/v1/persons/${lanA}/contact-requests`, {})).status).toBe(409);
  }, 120_000);
});
