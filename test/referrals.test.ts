// The national referral mechanism: consent before sharing, purpose-bound access
// that appears on acceptance and disappears on revocation or withdrawal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, personInput, startLantern, type TestLantern, type TestUser } from './support/harness.js';

describe.each(databases)('referrals on %s', (kind) => {
  let l: TestLantern;
  const u: Record<string, TestUser> = {};
  const future = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    l = await startLantern(kind);
    const police = await l.agency('POLICE-HN');
    const shelter = await l.agency('SHELTER-HN', 'shelter');
    const procuracy = await l.agency('VKS-HN', 'procuracy');
    await l.agency('CLOSED-NGO', 'ngo');
    u.investigator = await l.user(police, ['investigator']);
    u.caseworker = await l.user(police, ['caseworker']);
    u.shelter = await l.user(shelter, ['caseworker']);
    u.shelterPartner = await l.user(shelter, ['partner']);
    u.prosecutor = await l.user(procuracy, ['prosecutor']);
  });
  afterAll(async () => {
    await l.stop();
  });

  async function openCase(person: Record<string, unknown> = {}) {
    const p = await l.call(u.investigator!.token, 'POST', '/api/v1/persons', personInput(person));
    const c = await l.call(u.investigator!.token, 'POST', '/api/v1/cases', {
      personId: p.body.id,
      reachedVia: 'repatriation',
      narrative: 'Bị ép lừa đảo trực tuyến',
      exploitationTypes: ['forced_criminality'],
    });
    return c.body.id as string;
  }
  const consent = (caseId: string, body: Record<string, unknown>) =>
    l.call(u.investigator!.token, 'POST', `/api/v1/cases/${caseId}/consents`, {
      method: 'signed',
      givenBy: 'person',
      ...body,
    });
  const refer = (caseId: string, toAgency: string, purposes: string[], dueDate = future) =>
    l.call(u.investigator!.token, 'POST', '/api/v1/referrals', { caseId, toAgency, purposes, dueDate });
  const count = async () =>
    Number(
      (
        await l.ctx.db
          .selectFrom('referral')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses a referral without consent to share with that agency, naming the missing consent, and writes nothing', async () => {
    const caseId = await openCase();
    const before = await count();
    const r = await refer(caseId, 'SHELTER-HN', ['shelter']);
    expect(r.status).toBe(409);
    expect(r.body.missingConsents).toEqual([{ purpose: 'share_with_agency', agency: 'SHELTER-HN' }]);
    expect(r.body.detail).toContain('SHELTER-HN');
    await consent(caseId, { purpose: 'share_with_agency', agency: 'VKS-HN' });
    const pros = await refer(caseId, 'VKS-HN', ['prosecution']);
    expect(pros.status).toBe(409);
    expect(pros.body.missingConsents).toEqual([{ purpose: 'prosecution' }]);
    expect(await count()).toBe(before);
  });

  it('refuses referrals to the own agency, an unknown or disabled agency, a past due date, or for a closed case', async () => {
    const caseId = await openCase();
    expect((await refer(caseId, 'POLICE-HN', ['shelter'])).status).toBe(400);
    expect((await refer(caseId, 'NOPE', ['shelter'])).status).toBe(400);
    expect((await refer(caseId, 'SHELTER-HN', ['shelter'], '2020-01-01')).status).toBe(400);
    await l.ctx.db.updateTable('agency').set({ disabled: true }).where('code', '=', 'CLOSED-NGO').execute();
    await consent(caseId, { purpose: 'share_with_agency', agency: 'CLOSED-NGO' });
    expect((await refer(caseId, 'CLOSED-NGO', ['shelter'])).status).toBe(409);
    await consent(caseId, { purpose: 'share_with_agency', agency: 'SHELTER-HN' });
    await l.call(u.investigator!.token, 'POST', `/api/v1/cases/${caseId}/transitions`, {
      to: 'closed',
      reason: 'duplicate record',
    });
    expect((await refer(caseId, 'SHELTER-HN', ['shelter'])).status).toBe(409);
  });

  it('gives a shelter identity, contacts and the support plan on acceptance — never the narrative — and takes it back on completion', async () => {
    const caseId = await openCase({ contact: { phone: '0900000001' } });
    expect((await l.call(u.shelter!.token, 'GET', `/api/v1/cases/${caseId}`)).status).toBe(404);
    await consent(caseId, { purpose: 'share_with_agency', agency: 'SHELTER-HN' });
    const sent = await refer(caseId, 'SHELTER-HN', ['shelter']);
    expect(sent.status).toBe(201);
    expect(sent.body.status).toBe('pending');
    // Pending: the shelter sees the referral in its inbox but not the case.
    const inbox = await l.call(u.shelter!.token, 'GET', '/api/v1/referrals?box=inbox');
    expect(inbox.body.items.map((r: { id: string }) => r.id)).toContain(sent.body.id);
    expect(JSON.stringify(inbox.body)).not.toContain('Nguyễn');
    expect((await l.call(u.shelter!.token, 'GET', `/api/v1/cases/${caseId}`)).status).toBe(404);

    const accepted = await l.call(u.shelter!.token, 'POST', `/api/v1/referrals/${sent.body.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    const seen = await l.call(u.shelter!.token, 'GET', `/api/v1/cases/${caseId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.person.displayName).toBe('Nguyễn Thị Lan');
    expect(seen.body.narrative).toBeUndefined();
    expect(seen.body.exploitationTypes).toBeUndefined();
    expect(seen.body.visibleParts).toEqual(['contact', 'identity', 'support_plan']);
    const person = await l.call(u.shelter!.token, 'GET', `/api/v1/persons/${seen.body.personId}`);
    expect(person.body.contact).toEqual({ phone: '0900000001' });
    expect(person.body.identityDocuments).toBeUndefined();
    expect((await l.call(u.shelter!.token, 'GET', `/api/v1/cases/${caseId}/services`)).status).toBe(200);
    // Reads through the referral are audited like any other.
    const reads = await l.ctx.db
      .selectFrom('audit_event')
      .select('outcome')
      .where('actor_id', '=', u.shelter!.id)
      .where('record_id', '=', caseId)
      .where('action', '=', 'case.read')
      .execute();
    expect(reads.map((r) => r.outcome)).toEqual(['not_found', 'not_found', 'success']);

    expect((await l.call(u.shelter!.token, 'POST', `/api/v1/referrals/${sent.body.id}/accept`)).status).toBe(409);
    expect((await l.call(u.shelter!.token, 'POST', `/api/v1/referrals/${sent.body.id}/complete`)).body.status).toBe(
      'completed',
    );
    expect((await l.call(u.shelter!.token, 'GET', `/api/v1/cases/${caseId}`)).status).toBe(404);
  });

  it('gives a prosecutor the facts of the case, narrative included, with consent to prosecution', async () => {
    const caseId = await openCase();
    await consent(caseId, { purpose: 'share_with_agency', agencyKind: 'procuracy' });
    await consent(caseId, { purpose: 'prosecution' });
    const sent = await refer(caseId, 'VKS-HN', ['prosecution']);
    expect(sent.status).toBe(201);
    await l.call(u.prosecutor!.token, 'POST', `/api/v1/referrals/${sent.body.id}/accept`);
    const seen = await l.call(u.prosecutor!.token, 'GET', `/api/v1/cases/${caseId}`);
    expect(seen.body.narrative).toBe('Bị ép lừa đảo trực tuyến');
    expect(seen.body.exploitationTypes).toEqual(['forced_criminality']);
    expect(seen.body.visibleParts).not.toContain('support_plan');
  });

  it('ends access at once when the sender revokes, and a revoked referral cannot be accepted', async () => {
    const caseId = await openCase();
    await consent(caseId, { purpose: 'share_with_agency', agency: 'SHELTER-HN' });
    const a = await refer(caseId, 'SHELTER-HN', ['shelter']);
    await l.call(u.shelter!.token, 'POST', `/api/v1/referrals/${a.body.id}/accept`);
    expect((await l.call(u.shelterPartner!.token, 'GET', `/api/v1/cases/${caseId}`)).status).toBe(200);
    expect((await l.call(u.shelter!.token, 'POST', `/api/v1/referrals/${a.body.id}/revoke`, {})).status).toBe(403);
    expect(
      (
        await l.call(u.caseworker!.token, 'POST', `/api/v1/referrals/${a.body.id}/revoke`, {
          reason: 'placed with family',
        })
      ).body.status,
    ).toBe('revoked');
    expect((await l.call(u.shelterPartner!.token, 'GET', `/api/v1/cases/${caseId}`)).status).toBe(404);
    const b = await refer(caseId, 'SHELTER-HN', ['shelter']);
    await l.call(u.caseworker!.token, 'POST', `/api/v1/referrals/${b.body.id}/revoke`, {});
    expect((await l.call(u.shelter!.token, 'POST', `/api/v1/referrals/${b.body.id}/accept`)).status).toBe(409);
    expect((await l.call(u.prosecutor!.token, 'GET', `/api/v1/referrals/${b.body.id}`)).status).toBe(404);
  });

  it('ends one consistent state when accept and revoke race', async () => {
    const caseId = await openCase();
    await consent(caseId, { purpose: 'share_with_agency', agency: 'SHELTER-HN' });
    for (let i = 0; i < 3; i++) {
      const r = await refer(caseId, 'SHELTER-HN', ['shelter']);
      const [acc, rev] = await Promise.all([
        l.call(u.shelter!.token, 'POST', `/api/v1/referrals/${r.body.id}/accept`),
        l.call(u.caseworker!.token, 'POST', `/api/v1/referrals/${r.body.id}/revoke`, { reason: 'race test' }),
      ]);
      expect(rev.status).toBe(200); // revoke is allowed from pending and from accepted
      expect([200, 409]).toContain(acc.status);
      const final = await l.call(u.caseworker!.token, 'GET', `/api/v1/referrals/${r.body.id}`);
      expect(final.body.status).toBe('revoked');
      const grants = await l.ctx.db
        .selectFrom('case_access_grant')
        .select('id')
        .where('source_id', '=', r.body.id)
        .where('active', '=', true)
        .execute();
      expect(grants).toEqual([]);
    }
    expect((await l.call(u.shelter!.token, 'GET', `/api/v1/cases/${caseId}`)).status).toBe(404);
  });

  it('revokes open referrals the moment consent is withdrawn', async () => {
    const caseId = await openCase();
    const k = await consent(caseId, { purpose: 'share_with_agency', agency: 'SHELTER-HN' });
    const r = await refer(caseId, 'SHELTER-HN', ['shelter', 'psychological']);
    await l.call(u.shelter!.token, 'POST', `/api/v1/referrals/${r.body.id}/accept`);
    const w = await l.call(u.investigator!.token, 'POST', `/api/v1/consents/${k.body.id}/withdraw`, {
      reason: 'the person changed her mind',
    });
    expect(w.status).toBe(200);
    expect(w.body.active).toBe(false);
    expect(w.body.revokedReferrals).toEqual([r.body.id]);
    expect((await l.call(u.shelter!.token, 'GET', `/api/v1/cases/${caseId}`)).status).toBe(404);
    expect((await l.call(u.investigator!.token, 'GET', `/api/v1/referrals/${r.body.id}`)).body.status).toBe('revoked');
    expect(
      (await l.call(u.investigator!.token, 'POST', `/api/v1/consents/${k.body.id}/withdraw`, { reason: 'again' }))
        .status,
    ).toBe(409);
    const audit = await l.ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('record_id', '=', caseId)
      .where('action', 'in', ['consent.withdraw', 'referral.revoked'])
      .execute();
    expect(audit.map((e) => e.action).sort()).toEqual(['consent.withdraw', 'referral.revoked']);
  });

  it('requires a guardian to consent for a minor, and a witness for verbal consent', async () => {
    const caseId = await openCase({ estimatedAgeYears: 15 });
    const byChild = await consent(caseId, { purpose: 'share_with_agency', agency: 'SHELTER-HN' });
    expect(byChild.status).toBe(400);
    expect(byChild.body.errors[0].field).toBe('body.givenBy');
    expect(
      (await consent(caseId, { purpose: 'processing', givenBy: 'guardian', method: 'verbal_witnessed' })).status,
    ).toBe(400);
    expect(
      (
        await consent(caseId, {
          purpose: 'processing',
          givenBy: 'guardian',
          method: 'verbal_witnessed',
          witness: 'Cán bộ xã',
        })
      ).status,
    ).toBe(201);
  });

  it('lists the inbox with overdue referrals first', async () => {
    const caseId = await openCase();
    await consent(caseId, { purpose: 'share_with_agency', agency: 'SHELTER-HN' });
    const late = await refer(caseId, 'SHELTER-HN', ['shelter']);
    await l.ctx.db.updateTable('referral').set({ due_date: '2024-01-01' }).where('id', '=', late.body.id).execute();
    const inbox = await l.call(u.shelter!.token, 'GET', '/api/v1/referrals?box=inbox&limit=100');
    expect(inbox.body.items[0].id).toBe(late.body.id);
    expect(inbox.body.items[0].overdue).toBe(true);
    const queues = await l.call(u.shelter!.token, 'GET', '/api/v1/work/queues');
    expect(queues.body.referralsPastDue.map((r: { referralId: string }) => r.referralId)).toContain(late.body.id);
    const outbox = await l.call(u.investigator!.token, 'GET', '/api/v1/referrals?box=outbox&limit=100');
    expect(outbox.body.items.some((r: { id: string }) => r.id === late.body.id)).toBe(true);
    const ofCase = await l.call(u.investigator!.token, 'GET', `/api/v1/referrals?box=outbox&caseId=${caseId}`);
    expect(ofCase.body.items.map((r: { id: string }) => r.id)).toEqual([late.body.id]);
  });

  it('moves ownership only when the receiving agency accepts a transfer', async () => {
    const caseId = await openCase();
    await consent(caseId, { purpose: 'share_with_agency', agency: 'SHELTER-HN' });
    const t = await l.call(u.investigator!.token, 'POST', `/api/v1/cases/${caseId}/transfers`, {
      toAgency: 'SHELTER-HN',
      reason: 'long-term support in Hà Nội',
    });
    expect(t.status).toBe(201);
    expect((await l.call(u.investigator!.token, 'GET', `/api/v1/cases/${caseId}`)).body.ownerAgencyId).toBe(
      u.investigator!.agencyId,
    );
    await l.call(u.shelter!.token, 'POST', `/api/v1/referrals/${t.body.id}/accept`);
    const now = await l.call(u.shelter!.token, 'GET', `/api/v1/cases/${caseId}`);
    expect(now.body.ownerAgencyId).toBe(u.shelter!.agencyId);
    expect(now.body.narrative).toBe('Bị ép lừa đảo trực tuyến');
    expect((await l.call(u.investigator!.token, 'GET', `/api/v1/cases/${caseId}`)).status).toBe(404);
  });

  it('lets the hotline that opened a case escalate it to the police by transfer', async () => {
    const hotline = await l.user(await l.agency('HOTLINE-111', 'hotline'), ['hotline_operator']);
    const p = await l.call(hotline.token, 'POST', '/api/v1/persons', personInput({ givenName: 'Gọi' }));
    const c = await l.call(hotline.token, 'POST', '/api/v1/cases', { personId: p.body.id, reachedVia: 'hotline' });
    await l.call(hotline.token, 'POST', `/api/v1/cases/${c.body.id}/consents`, {
      purpose: 'share_with_agency',
      agency: 'POLICE-HN',
      method: 'verbal_witnessed',
      witness: 'Tổng đài viên 2',
      givenBy: 'person',
    });
    const t = await l.call(hotline.token, 'POST', `/api/v1/cases/${c.body.id}/transfers`, {
      toAgency: 'POLICE-HN',
      reason: 'tip about a scam compound recruiter',
    });
    expect(t.status).toBe(201);
    await l.call(u.investigator!.token, 'POST', `/api/v1/referrals/${t.body.id}/accept`);
    expect((await l.call(u.investigator!.token, 'GET', `/api/v1/cases/${c.body.id}`)).body.ownerAgencyId).toBe(
      u.investigator!.agencyId,
    );
  });
});
