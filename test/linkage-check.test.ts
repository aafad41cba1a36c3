// The registration check: an officer about to register someone is warned that the person may already
// be registered, with the id and name only of a record of their own agency; another agency's record
// says only 'other_agency'. It works before any full run (default parameters), and is audited as a
// search with counts only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startLantern, type TestLantern } from './support/harness.js';
import crypto from 'node:crypto';
import { hashedKeys } from '../src/linkage/store.js';
import { fullRun, LAN_A, LAN_B, linkageWorld, OTHERS, register, type LinkageWorld } from './support/linkage.js';

describe.each(databases)('registration check on %s', (kind) => {
  let l: TestLantern;
  let w: LinkageWorld;
  let lanA: string;
  let lanB: string;
  beforeAll(async () => {
    l = await startLantern(kind, { config: { jobPollMs: 20 } });
    w = await linkageWorld(l);
    lanA = await register(l, w.officerA, LAN_A);
    lanB = await register(l, w.officerB, LAN_B);
    for (const p of OTHERS) await register(l, w.officerA, p);
  }, 60_000);
  afterAll(() => l.stop());

  const check = (token: string, body: unknown) => l.call(token, 'POST', '/api/v1/linkage/check', body);

  it('warns with ids only for the own agency’s records', async () => {
    const typed = {
      familyName: 'Nguyen',
      middleName: 'Thi',
      givenName: 'Lan',
      dateOfBirth: '1995-03-12',
      identityDocuments: [{ type: 'citizen_id_card', number: '001195012345' }],
    };
    const r = await check(w.officerA.token, typed);
    expect(r.status).toBe(200);
    expect(r.body.matches).toHaveLength(2);
    const own = r.body.matches.find((m: { knownTo: string }) => m.knownTo === 'own_agency');
    const other = r.body.matches.find((m: { knownTo: string }) => m.knownTo === 'other_agency');
    expect(own).toMatchObject({ personId: lanA, displayName: expect.stringContaining('Lan') });
    expect(other).toMatchObject({ personId: null, displayName: null });
    expect(JSON.stringify(r.body)).not.toContain(lanB);
    // from the shelter's side, the police record is the other agency's
    const fromB = await check(w.officerB.token, typed);
    expect(fromB.body.matches.map((m: { personId: string | null }) => m.personId).sort()).toEqual([lanB, null].sort());
  });

  it('finds nobody for a new person, and is audited as a search with counts only', async () => {
    const r = await check(w.officerA.token, { familyName: 'Vàng', givenName: 'Sủ', dateOfBirth: '2003-08-08' });
    expect(r.status).toBe(200);
    expect(r.body.matches).toEqual([]);
    const events = await l.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'details', 'record_id'])
      .where('actor_id', '=', w.officerA.id)
      .where('action', '=', 'linkage.check')
      .execute();
    expect(events.length).toBeGreaterThanOrEqual(2);
    for (const e of events) {
      expect(e.record_id).toBeNull();
      expect(Object.keys(e.details as object).sort()).toEqual(['candidates', 'matches']);
    }
  });

  it('keeps its index in step with the registry: an edited person is found under the new name', async () => {
    const id = await register(l, w.officerA, {
      ...OTHERS[2]!,
      identityDocuments: [{ type: 'passport', number: 'C7654321' }],
    });
    const doc = { identityDocuments: [{ type: 'passport', number: 'C7654321' }] };
    const found = await check(w.officerA.token, { ...OTHERS[2]!, ...doc, citizenship: undefined });
    expect(found.body.matches.map((m: { personId: string }) => m.personId)).toContain(id);
    const person = await l.call(w.officerA.token, 'GET', `/api/v1/persons/${id}`);
    const patched = await l.call(
      w.officerA.token,
      'PATCH',
      `/api/v1/persons/${id}`,
      { givenName: 'Khải', dateOfBirth: '1970-02-02', identityDocuments: [] },
      { 'if-match': person.headers.etag as string },
    );
    expect(patched.status).toBe(200);
    const old = await check(w.officerA.token, { ...OTHERS[2]!, ...doc, citizenship: undefined });
    expect(old.body.matches.map((m: { personId: string }) => m.personId)).not.toContain(id);
    const renamed = await check(w.officerA.token, {
      familyName: 'Phạm',
      middleName: 'Minh',
      givenName: 'Khải',
      dateOfBirth: '1970-02-02',
    });
    expect(renamed.body.matches.map((m: { personId: string }) => m.personId)).toContain(id);
  });

  it('finds, after a full run, persons written without the personsChanged hook (before it existed)', async () => {
    await fullRun(l, w.steward); // the index is written; the next run completes it
    const id = crypto.randomUUID();
    await l.ctx.db
      .insertInto('person')
      .values({
        id,
        owner_agency_id: w.agencyA,
        family_name: 'Lò',
        given_name: 'Pằng',
        name_key: 'lo pang',
        sex: 'male',
        date_of_birth: '1991-09-09',
        citizenship: 'VN',
        created_by: w.officerA.id,
        updated_at: new Date(),
      })
      .execute();
    const typed = { familyName: 'Lò', givenName: 'Pằng', dateOfBirth: '1991-09-09', sex: 'male' as const };
    expect((await check(w.officerA.token, typed)).body.matches).toEqual([]);
    await fullRun(l, w.steward);
    const after = await check(w.officerA.token, typed);
    expect(after.body.matches.map((m: { personId: string }) => m.personId)).toEqual([id]);
  }, 120_000);

  it('under a very common name, still finds the record that also shares the ID number', async () => {
    // 1,500 namesakes born the same year share the name-and-year keys; only one shares the ID number.
    const name = { familyName: 'Nguyễn', middleName: 'Văn', givenName: 'Hùng' };
    const crowd = Array.from({ length: 1500 }, () => crypto.randomUUID());
    const keysOfCrowd = hashedKeys(l.ctx.keys, {
      id: 'crowd',
      ...name,
      sex: 'male',
      dateOfBirth: null,
      birthYear: 1995,
      province: null,
      idNumbers: [],
      phone: null,
    });
    for (let from = 0; from < crowd.length; from += 500) {
      const ids = crowd.slice(from, from + 500);
      await l.ctx.db
        .insertInto('person')
        .values(
          ids.map((id) => ({
            id,
            owner_agency_id: w.agencyB,
            family_name: name.familyName,
            middle_name: name.middleName,
            given_name: name.givenName,
            name_key: 'hung nguyen van',
            sex: 'male',
            birth_year: 1995,
            citizenship: 'VN',
            created_by: w.officerB.id,
            updated_at: new Date(),
          })),
        )
        .execute();
      await l.ctx.db
        .insertInto('linkage_key')
        .values(ids.flatMap((id) => keysOfCrowd.map((key) => ({ key, person_id: id }))))
        .execute();
    }
    const doc = { identityDocuments: [{ type: 'citizen_id_card', number: '001095099999' }] };
    const target = await register(l, w.officerA, { ...name, sex: 'male', birthYear: 1995, citizenship: 'VN', ...doc });
    const r = await check(w.officerA.token, { ...name, sex: 'male', birthYear: 1995, ...doc });
    expect(r.status).toBe(200);
    expect(r.body.matches.map((m: { personId: string | null }) => m.personId)).toContain(target);
  }, 120_000);

  it('is refused to roles that do not register persons, and rejects bad input', async () => {
    expect((await check(w.steward.token, { givenName: 'Lan' })).status).toBe(403);
    expect((await check(w.officerA.token, { givenName: 'Lan', unknownField: 1 })).status).toBe(400);
    expect((await check(w.officerA.token, { dateOfBirth: 'yesterday' })).status).toBe(400);
  });
});
