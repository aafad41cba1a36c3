// The statistics refresh (src/statistics/facts.ts): what each fact says, read straight from stat_fact.
// Ages agree with the contract's ageInYears/ageBandOf on birthdays' boundaries, days are days of
// LANTERN_TIMEZONE, a linkage cluster is one person, merged persons are not counted twice.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageBandOn, type AgeBand } from '../src/contract/statistics.js';
import { ageInYears } from '../src/contract/age.js';
import { refreshFacts } from '../src/statistics/facts.js';
import { databases, personInput, startLantern, type TestLantern, type TestUser } from './support/harness.js';

describe.each(databases)('statistics facts on %s', (kind) => {
  let l: TestLantern;
  let police: string;
  let shelter: string;
  let officer: TestUser;
  let shelterOfficer: TestUser;
  let investigator: TestUser;
  beforeAll(async () => {
    l = await startLantern(kind);
    police = await l.agency('CA-HN', 'police');
    shelter = await l.agency('SHELTER-HN', 'shelter');
    officer = await l.user(police, ['intake_officer']);
    shelterOfficer = await l.user(shelter, ['intake_officer']);
    investigator = await l.user(police, ['investigator']);
  }, 60_000);
  afterAll(() => l.stop());

  /** A person and one case; the case received at `receivedAt` (an instant). */
  async function registered(
    person: Record<string, unknown>,
    receivedAt: string,
    caseFields: Record<string, unknown> = {},
    who: TestUser = officer,
  ) {
    const p = await l.call(who.token, 'POST', '/api/v1/persons', personInput(person));
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    const c = await l.call(who.token, 'POST', '/api/v1/cases', {
      personId: p.body.id,
      reachedVia: 'walk_in',
      ...caseFields,
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    await sql`UPDATE case_file SET created_at = ${receivedAt}::timestamptz WHERE id = ${c.body.id}`.execute(l.ctx.db);
    return { personId: p.body.id as string, caseId: c.body.id as string };
  }

  const factsOf = async (factKind: string) =>
    (
      await sql<Record<string, string>>`SELECT *, day::text AS day FROM stat_fact WHERE kind = ${factKind}`.execute(
        l.ctx.db,
      )
    ).rows;

  it('computes the age band and minor status on the registration day exactly as the contract does', async () => {
    // 00:30 in Hà Nội on 15 June 2026 is still 14 June in UTC: the registration day is the 15th
    const at = '2026-06-14T17:30:00Z';
    const day = '2026-06-15';
    const people: { p: Record<string, unknown>; band: AgeBand | 'unknown'; minor: string }[] = [
      { p: { dateOfBirth: '2014-06-15', estimatedAgeYears: null }, band: '12-17', minor: 'minor' },
      { p: { dateOfBirth: '2014-06-16', estimatedAgeYears: null }, band: '0-11', minor: 'minor' },
      { p: { dateOfBirth: '2008-06-15', estimatedAgeYears: null }, band: '18-24', minor: 'adult' },
      { p: { dateOfBirth: '2008-06-16', estimatedAgeYears: null }, band: '12-17', minor: 'minor' },
      { p: { dateOfBirth: '1976-06-16', estimatedAgeYears: null }, band: '35-49', minor: 'adult' },
      { p: { dateOfBirth: '1976-06-15', estimatedAgeYears: null }, band: '50+', minor: 'adult' },
      { p: { estimatedAgeYears: 17, ageEstimatedOn: '2025-06-16' }, band: '12-17', minor: 'minor' },
      { p: { estimatedAgeYears: 17, ageEstimatedOn: '2025-06-15' }, band: '18-24', minor: 'adult' },
      { p: { estimatedAgeYears: 24 }, band: '18-24', minor: 'adult' },
      { p: { estimatedAgeYears: null, birthYear: 2008 }, band: '18-24', minor: 'adult' },
      { p: { estimatedAgeYears: null }, band: 'unknown', minor: 'unknown' },
    ];
    const ids: { personId: string; caseId: string }[] = [];
    for (const person of people) ids.push(await registered({ ...person.p, givenName: 'Age' }, at));
    await refreshFacts(l.ctx);
    const facts = await factsOf('case');
    for (const [i, person] of people.entries()) {
      const stored = await l.ctx.db
        .selectFrom('person')
        .select(['date_of_birth', 'estimated_age_years', 'age_estimated_on', 'person.id'])
        .where('id', '=', ids[i]!.personId)
        .executeTakeFirstOrThrow();
      const fact = facts.find((f) => f.person_key === ids[i]!.personId)!;
      expect(fact.day).toBe(day);
      expect([fact.age_band, fact.minor], JSON.stringify(person.p)).toEqual([person.band, person.minor]);
      if (!('birthYear' in person.p)) {
        const contract = {
          dateOfBirth: stored.date_of_birth,
          estimatedAgeYears: stored.estimated_age_years,
          ageEstimatedOn: stored.age_estimated_on,
        };
        expect(fact.age_band).toBe(ageBandOn(day, contract));
        const age = ageInYears(contract, day);
        expect(fact.minor).toBe(age === null ? 'unknown' : age < 18 ? 'minor' : 'adult');
      }
    }
  });

  it('counts a linkage cluster once, from its earliest case, and leaves merged persons out', async () => {
    const a = await registered({ givenName: 'Cluster', province: 'ha-noi' }, '2026-03-10T03:00:00Z', {
      exploitationTypes: ['forced_labour', 'sexual_exploitation'],
      route: { destinationCountry: 'KH' },
    });
    const b = await registered(
      { givenName: 'Cluster', province: null, citizenship: 'LA' },
      '2026-04-02T03:00:00Z',
      { route: { originProvince: 'da-nang', destinationCountry: 'US' } },
      shelterOfficer,
    );
    const current = sql`(SELECT current_run FROM linkage_state WHERE id)`;
    await sql`UPDATE person_cluster SET cluster_id = ${a.personId} WHERE person_id = ${b.personId}
      AND run_id = ${current}`.execute(l.ctx.db);
    // a person merged into another is not counted (their cases moved to the kept person)
    const merged = await registered({ givenName: 'Merged' }, '2026-03-11T03:00:00Z');
    await sql`UPDATE person SET merged_into = ${a.personId} WHERE id = ${merged.personId}`.execute(l.ctx.db);
    await refreshFacts(l.ctx);

    const persons = (await factsOf('person')).filter((f) => f.person_key === a.personId);
    expect(persons).toHaveLength(1);
    expect(persons[0]).toMatchObject({
      day: '2026-03-10',
      province: 'ha-noi',
      exploitation_type: 'forced_labour',
      destination: 'KH',
      agency_kind: 'police',
      citizenship: 'vietnamese',
    });
    const cases = (await factsOf('case')).filter((f) => f.person_key === a.personId);
    expect(cases.map((c) => [c.day, c.agency_kind, c.province, c.destination, c.citizenship]).sort()).toEqual([
      ['2026-03-10', 'police', 'ha-noi', 'KH', 'vietnamese'],
      ['2026-04-02', 'shelter', 'da-nang', 'other', 'foreign'],
    ]);
    expect((await factsOf('case')).some((f) => f.person_key === merged.personId)).toBe(false);
    const state = await l.ctx.db.selectFrom('stat_state').selectAll().executeTakeFirstOrThrow();
    expect(state.as_of).not.toBeNull();
    expect(state.persons).toBe((await factsOf('person')).length);
  });

  it('dates decisions, referrals, services, repatriations and follow-ups as the header says', async () => {
    const x = await registered({ givenName: 'Events', estimatedAgeYears: 30 }, '2026-05-01T03:00:00Z');
    const to = async (status: string) => {
      const r = await l.call(investigator.token, 'POST', `/api/v1/cases/${x.caseId}/transitions`, {
        to: status,
        reason: 'test step',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    await to('under_verification');
    await to('identified_victim');
    await sql`UPDATE case_transition SET at = '2026-05-05T03:00:00Z' WHERE case_id = ${x.caseId}
      AND to_status = 'identified_victim'`.execute(l.ctx.db);
    await sql`UPDATE case_file SET verification_due_at = '2026-05-04T03:00:00Z' WHERE id = ${x.caseId}`.execute(
      l.ctx.db,
    );
    await sql`INSERT INTO referral (id, kind, case_id, from_agency_id, to_agency_id, purposes, due_date, status,
        created_by, created_at, responded_at)
      VALUES (gen_random_uuid(), 'referral', ${x.caseId}, ${police}, ${shelter}, '{shelter,medical}', '2026-05-20',
        'accepted', ${officer.id}, '2026-05-06T03:00:00Z', '2026-05-08T03:00:00Z'),
      (gen_random_uuid(), 'transfer', ${x.caseId}, ${police}, ${shelter}, '{shelter}', '2026-05-20',
        'accepted', ${officer.id}, '2026-05-06T03:00:00Z', NULL)`.execute(l.ctx.db);
    await sql`INSERT INTO support_service (id, case_id, type, provider_agency_id, status, planned_date, start_date,
        created_by, updated_at)
      VALUES (gen_random_uuid(), ${x.caseId}, 'medical_care', ${shelter}, 'provided', '2026-05-09', '2026-05-10',
        ${officer.id}, now()),
      (gen_random_uuid(), ${x.caseId}, 'legal_aid', NULL, 'planned', '2026-06-01', NULL, ${officer.id}, now())`.execute(
      l.ctx.db,
    );
    await sql`INSERT INTO repatriation (case_id, country_from, border_gate, return_date, updated_by, updated_at)
      VALUES (${x.caseId}, 'CN', 'mong-cai', '2026-04-28', ${officer.id}, now())`.execute(l.ctx.db);
    await sql`INSERT INTO follow_up_visit (id, case_id, scheduled_for, done_at, outcome, created_by)
      VALUES (gen_random_uuid(), ${x.caseId}, '2026-07-01', '2026-07-03', 're_trafficked', ${officer.id}),
      (gen_random_uuid(), ${x.caseId}, '2026-08-01', NULL, NULL, ${officer.id})`.execute(l.ctx.db);
    await refreshFacts(l.ctx);

    const mine = async (k: string) => (await factsOf(k)).filter((f) => f.person_key === x.personId);
    expect(await mine('identified')).toMatchObject([{ day: '2026-05-05', age_band: '25-34' }]);
    expect(await mine('decision')).toMatchObject([
      { day: '2026-05-05', decision: 'identified_victim', deadline: 'late', verification_time: '4-7' },
    ]);
    expect(await mine('referral')).toMatchObject([
      {
        day: '2026-05-06',
        referral_outcome: 'accepted',
        response_time: '1-2',
        agency_kind: 'police',
        to_agency_kind: 'shelter',
        purpose: 'shelter',
      },
    ]);
    expect((await mine('service')).map((s) => [s.day, s.service_type, s.service_status, s.agency_kind]).sort()).toEqual(
      [
        ['2026-05-10', 'medical_care', 'provided', 'shelter'],
        ['2026-06-01', 'legal_aid', 'planned', 'police'],
      ],
    );
    expect(await mine('repatriation')).toMatchObject([
      { day: '2026-04-28', destination: 'CN', border_gate: 'mong-cai' },
    ]);
    expect(await mine('follow_up')).toMatchObject([{ day: '2026-07-03', follow_up_outcome: 're_trafficked' }]);
  });
});
