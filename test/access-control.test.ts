// Who may see and change what: role × agency × relationship, decided on the
// server, with 404 for what the caller may not see and lists filtered in SQL.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, personInput, startLantern, type TestLantern, type TestUser } from './support/harness.js';

describe.each(databases)('access control on %s', (kind) => {
  let l: TestLantern;
  let police: string;
  let border: string;
  let shelter: string;
  const u: Record<string, TestUser> = {};
  let caseId: string;
  let personId: string;

  beforeAll(async () => {
    l = await startLantern(kind);
    police = await l.agency('POLICE-HN');
    border = await l.agency('BDBP-LC', 'border_guard');
    shelter = await l.agency('SHELTER-1', 'shelter');
    const ministry = await l.agency('MOLISA', 'ministry');
    u.officer = await l.user(police, ['intake_officer']);
    u.investigator = await l.user(police, ['investigator']);
    u.otherInvestigator = await l.user(border, ['investigator']);
    u.analyst = await l.user(ministry, ['analyst']);
    u.auditor = await l.user(ministry, ['auditor']);
    u.partner = await l.user(shelter, ['partner']);
    u.policeAnalyst = await l.user(police, ['analyst']);
    const p = await l.call(u.officer!.token, 'POST', '/api/v1/persons', personInput({ givenName: 'Mai' }));
    personId = p.body.id;
    caseId = (
      await l.call(u.officer!.token, 'POST', '/api/v1/cases', {
        personId,
        reachedVia: 'walk_in',
        narrative: 'secret story',
      })
    ).body.id;
  });
  afterAll(async () => {
    await l.stop();
  });

  it('answers 404, not 403, to another agency, and audits the refused read', async () => {
    for (const who of ['otherInvestigator', 'analyst', 'auditor', 'partner', 'policeAnalyst']) {
      const r = await l.call(u[who]!.token, 'GET', `/api/v1/cases/${caseId}`);
      expect(r.status, who).toBe(404);
      const p = await l.call(u[who]!.token, 'GET', `/api/v1/persons/${personId}`);
      expect(p.status, who).toBe(404);
    }
    // Indistinguishable from a case that does not exist at all.
    const none = await l.call(u.otherInvestigator!.token, 'GET', `/api/v1/cases/${crypto.randomUUID()}`);
    const hidden = await l.call(u.otherInvestigator!.token, 'GET', `/api/v1/cases/${caseId}`);
    expect({ ...hidden.body, instance: null, detail: null }).toEqual({ ...none.body, instance: null, detail: null });
    const refused = await l.ctx.db
      .selectFrom('audit_event')
      .select(['outcome'])
      .where('actor_id', '=', u.otherInvestigator!.id)
      .where('action', '=', 'case.read')
      .where('record_id', '=', caseId)
      .execute();
    expect(refused.map((e) => e.outcome)).toEqual(['not_found', 'not_found']);
  });

  it('filters lists in the database: another agency sees none of our cases, an analyst sees nothing', async () => {
    const ours = await l.call(u.investigator!.token, 'GET', '/api/v1/cases');
    expect(ours.body.items.map((i: { id: string }) => i.id)).toContain(caseId);
    for (const who of ['otherInvestigator', 'analyst', 'auditor', 'partner']) {
      const r = await l.call(u[who]!.token, 'GET', '/api/v1/cases?q=mai');
      expect(r.status).toBe(200);
      expect(r.body.items, who).toEqual([]);
    }
  });

  it("keeps an agency's work queues and referral boxes from its analysts, as its case list", async () => {
    await l.ctx.db
      .updateTable('case_file')
      .set({ verification_due_at: new Date(Date.now() - 86_400_000) })
      .where('id', '=', caseId)
      .execute();
    const consent = await l.call(u.investigator!.token, 'POST', `/api/v1/cases/${caseId}/consents`, {
      purpose: 'share_with_agency',
      agency: 'SHELTER-1',
      method: 'signed',
      givenBy: 'person',
    });
    expect(consent.status).toBe(201);
    const referral = await l.call(u.investigator!.token, 'POST', '/api/v1/referrals', {
      caseId,
      toAgency: 'SHELTER-1',
      purposes: ['shelter'],
      dueDate: '2030-01-01',
    });
    expect(referral.status).toBe(201);
    const queueOf = async (who: string) =>
      (await l.call(u[who]!.token, 'GET', '/api/v1/work/queues')).body.overdueVerifications.map(
        (c: { caseId: string }) => c.caseId,
      );
    const outboxOf = async (who: string) =>
      (await l.call(u[who]!.token, 'GET', '/api/v1/referrals?box=outbox')).body.items.map((r: { id: string }) => r.id);
    expect(await queueOf('investigator')).toContain(caseId);
    expect(await outboxOf('investigator')).toContain(referral.body.id);
    expect(await queueOf('policeAnalyst')).toEqual([]);
    expect(await outboxOf('policeAnalyst')).toEqual([]);
  });

  it('refuses changes from other agencies as if the case did not exist', async () => {
    const r = await l.call(
      u.otherInvestigator!.token,
      'PATCH',
      `/api/v1/cases/${caseId}`,
      { narrative: 'overwritten' },
      { 'if-match': '"1"' },
    );
    expect(r.status).toBe(404);
    const t = await l.call(u.otherInvestigator!.token, 'POST', `/api/v1/cases/${caseId}/transitions`, {
      to: 'closed',
      reason: 'not ours',
    });
    expect(t.status).toBe(404);
    expect((await l.call(u.investigator!.token, 'GET', `/api/v1/cases/${caseId}`)).body.narrative).toBe('secret story');
  });

  it('does not let analysts, auditors or partners register persons or open cases', async () => {
    for (const who of ['analyst', 'auditor', 'partner']) {
      const r = await l.call(u[who]!.token, 'POST', '/api/v1/persons', personInput());
      expect(r.status, who).toBe(403);
    }
  });

  it('gives an agency reached through an access grant only the granted parts (the seam for referrals)', async () => {
    await l.ctx.db
      .insertInto('case_access_grant')
      .values({
        id: crypto.randomUUID(),
        case_id: caseId,
        agency_id: shelter,
        parts: ['identity', 'contact', 'support_plan'],
        source: 'test',
      })
      .execute();
    const r = await l.call(u.partner!.token, 'GET', `/api/v1/cases/${caseId}`);
    expect(r.status).toBe(200);
    expect(r.body.person.displayName).toBe('Nguyễn Thị Mai');
    expect(r.body.narrative).toBeUndefined();
    expect(r.body.visibleParts).toEqual(['contact', 'identity', 'support_plan']);
    expect(r.body.allowedTransitions).toEqual([]);
    const list = await l.call(u.partner!.token, 'GET', '/api/v1/cases');
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([caseId]);
    await l.ctx.db.updateTable('case_access_grant').set({ active: false }).where('case_id', '=', caseId).execute();
    expect((await l.call(u.partner!.token, 'GET', `/api/v1/cases/${caseId}`)).status).toBe(404);
  });

  it('shows the access log to auditors and the owner agency administrator only', async () => {
    // Privileged roles sign in with TOTP (tested in auth.test.ts); here they get a full session directly.
    const { createSession } = await import('../src/access/sessions.js');
    const policeAdmin = await createSession(
      l.ctx.db,
      (await l.user(police, ['agency_admin'], { signIn: false })).id,
      'full',
      1,
      null,
    );
    const borderAdmin = await createSession(
      l.ctx.db,
      (await l.user(border, ['agency_admin'], { signIn: false })).id,
      'full',
      1,
      null,
    );
    expect((await l.call(policeAdmin, 'GET', `/api/v1/cases/${caseId}/access-log`)).status).toBe(200);
    expect((await l.call(borderAdmin, 'GET', `/api/v1/cases/${caseId}/access-log`)).status).toBe(404);
    // ...and an agency administrator still cannot read the case itself.
    expect((await l.call(policeAdmin, 'GET', `/api/v1/cases/${caseId}`)).status).toBe(404);
    const log = await l.call(u.auditor!.token, 'GET', `/api/v1/cases/${caseId}/access-log`);
    expect(log.status).toBe(200);
    const readers = log.body.items
      .filter((e: { action: string }) => e.action === 'case.read')
      .map((e: { actorId: string }) => e.actorId);
    expect(readers).toContain(u.investigator!.id);
    expect(readers).toContain(u.partner!.id);
    expect(log.body.items.find((e: { action: string }) => e.action === 'case.create').actorId).toBe(u.officer!.id);
    // The auditor sees who, when and what, never the content.
    expect(JSON.stringify(log.body)).not.toContain('secret story');
    for (const who of ['investigator', 'otherInvestigator', 'analyst']) {
      expect((await l.call(u[who]!.token, 'GET', `/api/v1/cases/${caseId}/access-log`)).status, who).toBe(404);
    }
  });

  it('opens the audit trail to auditors only', async () => {
    const r = await l.call(u.auditor!.token, 'GET', `/api/v1/audit?recordId=${caseId}&action=case.read`);
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    expect(
      r.body.items.every(
        (e: { recordId: string; action: string }) => e.recordId === caseId && e.action === 'case.read',
      ),
    ).toBe(true);
    for (const who of ['investigator', 'analyst', 'partner']) {
      expect((await l.call(u[who]!.token, 'GET', '/api/v1/audit')).status, who).toBe(404);
    }
  });

  it('lets a system administrator manage agencies and users but not read cases', async () => {
    const sys = await l.user(police, ['system_admin'], { signIn: false });
    const { createSession } = await import('../src/access/sessions.js');
    const token = await createSession(l.ctx.db, sys.id, 'full', 1, null);
    const agency = await l.call(token, 'POST', '/api/v1/agencies', { code: 'NGO-X', name: 'NGO X', kind: 'ngo' });
    expect(agency.status).toBe(201);
    const user = await l.call(token, 'POST', '/api/v1/users', {
      email: 'new@ngo.invalid',
      displayName: 'New',
      agencyId: agency.body.id,
      roles: ['partner'],
      password: 'long enough password',
    });
    expect(user.status).toBe(201);
    expect((await l.call(token, 'GET', `/api/v1/cases/${caseId}`)).status).toBe(404);
    expect(
      (await l.call(u.investigator!.token, 'POST', '/api/v1/agencies', { code: 'NOPE', name: 'x', kind: 'ngo' }))
        .status,
    ).toBe(403);
  });
});
