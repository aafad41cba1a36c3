// Teams (issue 12 §1), on each database: the supervisor assigns cases to named colleagues
// (If-Match, audited, colleagues of the agency only) and sees the team's workload; "My work"
// puts what needs action first; the case list filters, sorts and counts.
import { sql } from 'kysely';
import { addDays, today as calendarToday } from '../src/contract/calendar.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, personInput, startLantern, type TestLantern, type TestUser } from './support/harness.js';

describe.each(databases)('teams on %s', (kind) => {
  let l: TestLantern;
  let lead: TestUser; // supervisor of POLICE-T
  let lan: TestUser; // investigator of POLICE-T
  let minh: TestUser; // caseworker of POLICE-T
  let admin: TestUser; // agency_admin of POLICE-T
  let otherLead: TestUser; // supervisor of POLICE-X
  let other: TestUser; // investigator of POLICE-X

  beforeAll(async () => {
    l = await startLantern(kind, { runJobs: false });
    const police = await l.agency('POLICE-T');
    const x = await l.agency('POLICE-X');
    lead = await l.user(police, ['supervisor']);
    lan = await l.user(police, ['investigator']);
    minh = await l.user(police, ['caseworker']);
    admin = await l.user(police, ['agency_admin']);
    otherLead = await l.user(x, ['supervisor']);
    other = await l.user(x, ['investigator']);
  });
  afterAll(async () => {
    await l.stop();
  });

  async function openCase(user: TestUser, person: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
    const p = await l.call(user.token, 'POST', '/api/v1/persons', personInput(person));
    expect(p.status).toBe(201);
    const c = await l.call(user.token, 'POST', '/api/v1/cases', {
      personId: p.body.id,
      reachedVia: 'hotline',
      ...extra,
    });
    expect(c.status).toBe(201);
    return c.body as { id: string; reference: string; version: number };
  }
  const assign = (user: TestUser, caseId: string, userId: string | null, etag?: string) =>
    l.call(user.token, 'PUT', `/api/v1/cases/${caseId}/assignment`, { userId }, etag ? { 'if-match': etag } : {});
  const etagOf = async (user: TestUser, caseId: string) =>
    (await l.call(user.token, 'GET', `/api/v1/cases/${caseId}`)).headers.etag as string;
  const dueIn = (caseId: string, hours: number) =>
    l.ctx.db
      .updateTable('case_file')
      .set({ verification_due_at: sql<Date>`now() + make_interval(hours => ${hours})` as never })
      .where('id', '=', caseId)
      .execute();

  it('lets the supervisor assign a case to a named colleague, with If-Match, audited, and shows the name to colleagues only', async () => {
    const c = await openCase(lan);
    const read = await l.call(lead.token, 'GET', `/api/v1/cases/${c.id}`);
    expect(read.status).toBe(200); // the supervisor sees the agency's cases
    expect(read.body.can).toMatchObject({ assign: true, edit: false });
    expect(read.body.assignee).toBeNull();
    expect((await assign(lead, c.id, minh.id)).status).toBe(428);
    expect((await assign(lead, c.id, minh.id, '"999"')).status).toBe(412);
    const done = await assign(lead, c.id, minh.id, read.headers.etag as string);
    expect(done.status).toBe(200);
    expect(done.body.assignee).toEqual({ id: minh.id, displayName: expect.stringMatching(/^Test User/) });
    expect(done.headers.etag).not.toBe(read.headers.etag);
    // The stale version is refused: two leads assigning at once do not both win.
    expect((await assign(lead, c.id, lan.id, read.headers.etag as string)).status).toBe(412);
    // Colleagues see who holds it by name; the list too.
    expect((await l.call(lan.token, 'GET', `/api/v1/cases/${c.id}`)).body.assignee.id).toBe(minh.id);
    const list = await l.call(lan.token, 'GET', '/api/v1/cases?limit=100');
    expect(list.body.items.find((i: { id: string }) => i.id === c.id).assignee.id).toBe(minh.id);
    const events = await l.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'actor_id', 'details'])
      .where('record_id', '=', c.id)
      .where('action', '=', 'case.assign')
      .execute();
    expect(events).toEqual([{ action: 'case.assign', actor_id: lead.id, details: { fields: ['assignedUserId'] } }]);
  });

  it('assigns only to active colleagues who work cases; officers may only take a case; other agencies get 404', async () => {
    const c = await openCase(lan);
    let etag = await etagOf(lead, c.id);
    for (const who of [admin.id, other.id, otherLead.id, '00000000-0000-4000-8000-000000000000']) {
      const r = await assign(lead, c.id, who, etag);
      expect(r.status, who).toBe(400);
      expect(r.body.errors[0].field).toBe('body.userId');
    }
    // An investigator may take the case, not hand it to someone else.
    expect((await assign(lan, c.id, minh.id, etag)).status).toBe(403);
    const taken = await assign(lan, c.id, lan.id, etag);
    expect(taken.status).toBe(200);
    etag = taken.headers.etag as string;
    // Another agency's supervisor cannot even see it.
    expect((await assign(otherLead, c.id, other.id, etag)).status).toBe(404);
    expect((await l.call(otherLead.token, 'GET', `/api/v1/cases/${c.id}`)).status).toBe(404);
    // Unassigning is the supervisor's.
    const cleared = await assign(lead, c.id, null, etag);
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ assignedUserId: null, assignee: null });
    // Not a casework editor: a supervisor does not change the case's content.
    expect(
      (
        await l.call(
          lead.token,
          'PATCH',
          `/api/v1/cases/${c.id}`,
          { narrative: 'x' },
          { 'if-match': cleared.headers.etag as string },
        )
      ).status,
    ).toBe(403);
  });

  it("shows the supervisor each colleague's workload and the team's overdue work; others get 403", async () => {
    const a = await openCase(lan);
    const b = await openCase(lan);
    const unassigned = await openCase(lan);
    await assign(lead, a.id, lan.id, await etagOf(lead, a.id));
    await assign(lead, b.id, lan.id, await etagOf(lead, b.id));
    await dueIn(a.id, -5);
    const w = await l.call(lead.token, 'GET', '/api/v1/team/workload');
    expect(w.status).toBe(200);
    const row = w.body.members.find((m: { userId: string }) => m.userId === lan.id);
    expect(row.openCases).toBeGreaterThanOrEqual(2);
    expect(row.overdueVerifications).toBeGreaterThanOrEqual(1);
    expect(w.body.members.map((m: { userId: string }) => m.userId)).not.toContain(admin.id);
    expect(w.body.members.map((m: { userId: string }) => m.userId)).not.toContain(other.id);
    expect(w.body.unassignedOpenCases).toBeGreaterThanOrEqual(1);
    const overdue = w.body.overdueVerifications.find((o: { caseId: string }) => o.caseId === a.id);
    expect(overdue.assignee.id).toBe(lan.id);
    expect(w.body.overdueVerifications.map((o: { caseId: string }) => o.caseId)).not.toContain(unassigned.id);
    // The cases nobody holds, to assign them from the list.
    const nobody = await l.call(lead.token, 'GET', '/api/v1/cases?unassigned=true&open=true&limit=100');
    const nobodyIds = nobody.body.items.map((i: { id: string }) => i.id);
    expect(nobodyIds).toContain(unassigned.id);
    expect(nobodyIds).not.toContain(a.id);
    expect(nobody.body.total).toBe(w.body.unassignedOpenCases);
    // The other agency's lead sees none of it.
    const x = await l.call(otherLead.token, 'GET', '/api/v1/team/workload');
    expect(x.body.members.map((m: { userId: string }) => m.userId).sort()).toEqual([other.id, otherLead.id].sort());
    expect(x.body.overdueVerifications).toEqual([]);
    for (const u of [lan, admin]) expect((await l.call(u.token, 'GET', '/api/v1/team/workload')).status).toBe(403);
    expect((await l.call(lead.token, 'GET', '/api/v1/auth/me')).body.can.superviseTeam).toBe(true);
    expect((await l.call(lan.token, 'GET', '/api/v1/auth/me')).body.can.superviseTeam).toBe(false);
  });

  it('puts what needs action first in My work: overdue, then due soon, never closed cases', async () => {
    const { user: officer } = { user: await l.user(await l.agency('POLICE-MW'), ['investigator']) };
    const open = await openCase(officer);
    const soon = await openCase(officer);
    const late = await openCase(officer);
    const closed = await openCase(officer);
    for (const c of [open, soon, late, closed]) await assign(officer, c.id, officer.id, await etagOf(officer, c.id));
    await dueIn(open.id, 24 * 10);
    await dueIn(soon.id, 12);
    await dueIn(late.id, -30);
    await l.call(officer.token, 'POST', `/api/v1/cases/${closed.id}/transitions`, {
      to: 'closed',
      reason: 'duplicate',
    });
    const q = await l.call(officer.token, 'GET', '/api/v1/work/queues');
    expect(q.status).toBe(200);
    expect(q.body.myCases.map((c: { caseId: string; urgency: string }) => [c.caseId, c.urgency])).toEqual([
      [late.id, 'overdue'],
      [soon.id, 'due_soon'],
      [open.id, 'open'],
    ]);
    expect(q.body.dueSoon.map((c: { caseId: string }) => c.caseId)).toEqual([soon.id]);
  });

  describe('the case list', () => {
    let user: TestUser;
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      user = await l.user(await l.agency('POLICE-CL'), ['investigator']);
      ids.girl = (
        await openCase(
          user,
          { givenName: 'An', sex: 'female', estimatedAgeYears: 15, province: 'nghe-an' },
          { exploitationTypes: ['sexual_exploitation'] },
        )
      ).id;
      ids.man = (
        await openCase(
          user,
          { givenName: 'Bình', sex: 'male', estimatedAgeYears: 40, province: 'ha-noi' },
          { exploitationTypes: ['forced_labour'] },
        )
      ).id;
      ids.woman = (
        await openCase(user, {
          givenName: 'Chi',
          sex: 'female',
          dateOfBirth: '1990-05-01',
          estimatedAgeYears: undefined,
          province: 'nghe-an',
        })
      ).id;
      ids.unknown = (await openCase(user, { givenName: 'Dũng', sex: 'unknown', estimatedAgeYears: undefined })).id;
      // Registered on days in the past (Lantern's zone): the man 40 days ago.
      await l.ctx.db
        .updateTable('case_file')
        .set({ created_at: sql<Date>`now() - interval '40 days'` as never })
        .where('id', '=', ids.man!)
        .execute();
    });
    const list = async (query: string) => {
      const r = await l.call(user.token, 'GET', `/api/v1/cases?${query}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body as {
        items: { id: string; ageYears: number | null; sex: string; province: string | null }[];
        total: number | null;
        nextCursor: string | null;
      };
    };

    it('shows the total, age, sex and province, and filters by sex, age group, province, type and days', async () => {
      const all = await list('limit=2');
      expect(all.total).toBe(4);
      expect(all.items).toHaveLength(2);
      expect(all.nextCursor).not.toBeNull();
      const girl = (await list('sex=female&ageBand=12-17')).items;
      expect(girl.map((i) => i.id)).toEqual([ids.girl]);
      expect(girl[0]).toMatchObject({ ageYears: 15, sex: 'female', province: 'nghe-an' });
      expect((await list('province=nghe-an')).total).toBe(2);
      expect((await list('ageBand=unknown')).items.map((i) => i.id)).toEqual([ids.unknown]);
      expect((await list('exploitationType=forced_labour')).items.map((i) => i.id)).toEqual([ids.man]);
      // Days in Lantern's zone, as the server reads them (UTC would be a day off in the VN evening).
      const today = calendarToday();
      const old = addDays(today, -30);
      expect((await list(`registeredTo=${old}`)).items.map((i) => i.id)).toEqual([ids.man]);
      expect((await list(`registeredFrom=${old}&registeredTo=${today}`)).total).toBe(3);
      expect((await list('q=chi&sex=female')).items.map((i) => i.id)).toEqual([ids.woman]);
    });

    it('sorts by a column in both directions, paging by offset without losing or repeating a case', async () => {
      const byAge = await list('sort=age');
      expect(byAge.items.map((i) => i.ageYears)).toEqual([15, expect.any(Number), 40, null]);
      const desc = await list('sort=-age');
      expect(desc.items.map((i) => i.id).slice(0, 2)).toEqual([ids.man, ids.woman]);
      const first = await list('sort=name&limit=3');
      const second = await list(`sort=name&limit=3&cursor=${encodeURIComponent(first.nextCursor!)}`);
      expect([...first.items, ...second.items].map((i) => i.id)).toEqual([ids.girl, ids.man, ids.woman, ids.unknown]);
    });

    it('refuses a bad filter with a 400 naming the field', async () => {
      for (const [query, field] of [
        ['ageBand=13-19', 'ageBand'],
        ['sex=x', 'sex'],
        ['province=ha-tay', 'province'],
        ['sort=colour', 'sort'],
        ['registeredFrom=2026-02-30', 'registeredFrom'],
        ['registeredFrom=2025-05-02&registeredTo=2025-05-01', 'registeredTo'],
      ]) {
        const r = await l.call(user.token, 'GET', `/api/v1/cases?${query}`);
        expect(r.status, query).toBe(400);
        expect(JSON.stringify(r.body.errors), query).toContain(field);
      }
    });
  });
});
