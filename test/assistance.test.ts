// Support plan, services, repatriation, follow-up, notes and KPIs: what the
// caseworker records after identification, and who may change which part.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, personInput, startLantern, type TestLantern, type TestUser } from './support/harness.js';

describe.each(databases)('assistance on %s', (kind) => {
  let l: TestLantern;
  const u: Record<string, TestUser> = {};
  let caseId: string;

  beforeAll(async () => {
    l = await startLantern(kind);
    const social = await l.agency('SOCIAL-LC', 'social_services');
    const shelter = await l.agency('SHELTER-LC', 'shelter');
    const other = await l.agency('OTHER', 'police');
    u.caseworker = await l.user(social, ['caseworker', 'investigator']);
    u.colleague = await l.user(social, ['intake_officer']);
    u.shelter = await l.user(shelter, ['partner']);
    u.outsider = await l.user(other, ['investigator']);
    const p = await l.call(u.caseworker!.token, 'POST', '/api/v1/persons', personInput());
    caseId = (
      await l.call(u.caseworker!.token, 'POST', '/api/v1/cases', { personId: p.body.id, reachedVia: 'repatriation' })
    ).body.id;
    for (const [to, reason] of [
      ['under_verification', 'returned from KH'],
      ['identified_victim', 'confirmed by border guard'],
    ]) {
      await l.call(u.caseworker!.token, 'POST', `/api/v1/cases/${caseId}/transitions`, { to, reason });
    }
  });
  afterAll(async () => {
    await l.stop();
  });

  it('records a support plan with its risk assessment, optimistic by version (0 = none yet)', async () => {
    const empty = await l.call(u.caseworker!.token, 'GET', `/api/v1/cases/${caseId}/support-plan`);
    expect(empty.body.version).toBe(0);
    const plan = {
      riskLevel: 'high',
      riskFactors: ['retaliation_by_traffickers', 'debt_to_traffickers'],
      riskNotes: 'Broker lives in the same commune',
      goals: 'Safe housing, vocational training',
    };
    expect((await l.call(u.caseworker!.token, 'PUT', `/api/v1/cases/${caseId}/support-plan`, plan)).status).toBe(428);
    const saved = await l.call(u.caseworker!.token, 'PUT', `/api/v1/cases/${caseId}/support-plan`, plan, {
      'if-match': '"0"',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ riskLevel: 'high', riskNotes: 'Broker lives in the same commune', version: 1 });
    expect(
      (
        await l.call(
          u.colleague!.token,
          'PUT',
          `/api/v1/cases/${caseId}/support-plan`,
          { ...plan, riskLevel: 'low' },
          { 'if-match': '"0"' },
        )
      ).status,
    ).toBe(412);
    const raw = await l.ctx.db
      .selectFrom('support_plan')
      .select('risk_notes')
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(raw.risk_notes).not.toContain('Broker');
  });

  it('plans services; the providing agency updates progress but not the amount; dates must be in order', async () => {
    const bad = await l.call(u.caseworker!.token, 'POST', `/api/v1/cases/${caseId}/services`, {
      type: 'financial_allowance',
      startDate: '2026-03-10',
      endDate: '2026-03-01',
    });
    expect(bad.status).toBe(400);
    const s = await l.call(u.caseworker!.token, 'POST', `/api/v1/cases/${caseId}/services`, {
      type: 'accommodation',
      providerAgency: 'SHELTER-LC',
      plannedDate: '2026-01-05',
      amountVnd: 1_500_000,
    });
    expect(s.status).toBe(201);
    expect(s.body).toMatchObject({ status: 'planned', providerAgency: 'SHELTER-LC', amountVnd: 1_500_000 });
    // The shelter has no access until a referral is accepted.
    expect(
      (
        await l.call(
          u.shelter!.token,
          'PATCH',
          `/api/v1/services/${s.body.id}`,
          { status: 'in_progress' },
          { 'if-match': '"1"' },
        )
      ).status,
    ).toBe(404);
    await l.call(u.caseworker!.token, 'POST', `/api/v1/cases/${caseId}/consents`, {
      purpose: 'share_with_agency',
      agency: 'SHELTER-LC',
      method: 'signed',
      givenBy: 'person',
    });
    const ref = await l.call(u.caseworker!.token, 'POST', '/api/v1/referrals', {
      caseId,
      toAgency: 'SHELTER-LC',
      purposes: ['shelter'],
      dueDate: '2099-01-01',
    });
    await l.call(u.shelter!.token, 'POST', `/api/v1/referrals/${ref.body.id}/accept`);
    const started = await l.call(
      u.shelter!.token,
      'PATCH',
      `/api/v1/services/${s.body.id}`,
      { status: 'in_progress', startDate: '2026-01-06' },
      { 'if-match': '"1"' },
    );
    expect(started.status).toBe(200);
    expect(started.body.status).toBe('in_progress');
    expect(
      (
        await l.call(
          u.shelter!.token,
          'PATCH',
          `/api/v1/services/${s.body.id}`,
          { amountVnd: 9_000_000 },
          { 'if-match': '"2"' },
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await l.call(
          u.caseworker!.token,
          'PATCH',
          `/api/v1/services/${s.body.id}`,
          { notes: 'x' },
          { 'if-match': '"1"' },
        )
      ).status,
    ).toBe(412);
    const list = await l.call(u.caseworker!.token, 'GET', `/api/v1/cases/${caseId}/services`);
    expect(list.body.items).toHaveLength(1);
    expect((await l.call(u.outsider!.token, 'GET', `/api/v1/cases/${caseId}/services`)).status).toBe(404);
  });

  it('measures time from identification to first service', async () => {
    const kpis = await l.call(u.caseworker!.token, 'GET', '/api/v1/work/kpis');
    expect(kpis.status).toBe(200);
    expect(kpis.body.identificationToFirstServiceDays.n).toBe(1);
    expect(kpis.body.referralAcceptanceHours.n).toBe(1);
    expect(kpis.body.referralAcceptanceHours.median).toBeGreaterThanOrEqual(0);
  });

  it('records repatriation within a group of returnees', async () => {
    const g = await l.call(u.caseworker!.token, 'POST', '/api/v1/repatriation-groups', {
      returnDate: '2026-03-20',
      countryFrom: 'KH',
      borderGate: 'Cửa khẩu Mộc Bài',
      expectedCount: 120,
    });
    expect(g.status).toBe(201);
    const r = await l.call(
      u.caseworker!.token,
      'PUT',
      `/api/v1/cases/${caseId}/repatriation`,
      {
        groupId: g.body.id,
        countryFrom: 'KH',
        borderGate: 'Cửa khẩu Mộc Bài',
        returnDate: '2026-03-20',
        travelDocumentsChecked: true,
        receivingAgency: 'SOCIAL-LC',
      },
      { 'if-match': '"0"' },
    );
    expect(r.status).toBe(200);
    expect(r.body.receivingAgency).toBe('SOCIAL-LC');
    const group = await l.call(u.caseworker!.token, 'GET', `/api/v1/repatriation-groups/${g.body.id}`);
    expect(group.body.cases.map((c: { id: string }) => c.id)).toEqual([caseId]);
    expect((await l.call(u.outsider!.token, 'GET', `/api/v1/repatriation-groups/${g.body.id}`)).status).toBe(404);
    expect(
      (
        await l.call(
          u.caseworker!.token,
          'PUT',
          `/api/v1/cases/${caseId}/repatriation`,
          {
            countryFrom: 'KH',
            borderGate: 'X gate',
            returnDate: '2026-03-20',
            groupId: '00000000-0000-4000-8000-000000000000',
          },
          { 'if-match': '"1"' },
        )
      ).status,
    ).toBe(400);
  });

  it('keeps own-agency notes within the agency, shares the others with everyone who has access', async () => {
    await l.call(u.caseworker!.token, 'POST', `/api/v1/cases/${caseId}/notes`, {
      body: 'Internal: suspect may contact family',
      visibility: 'own_agency',
    });
    await l.call(u.caseworker!.token, 'POST', `/api/v1/cases/${caseId}/notes`, {
      body: 'Needs a Khmer interpreter',
      visibility: 'all_with_access',
    });
    const ours = await l.call(u.colleague!.token, 'GET', `/api/v1/cases/${caseId}/notes`);
    expect(ours.body.items.map((n: { body: string }) => n.body)).toEqual([
      'Internal: suspect may contact family',
      'Needs a Khmer interpreter',
    ]);
    const theirs = await l.call(u.shelter!.token, 'GET', `/api/v1/cases/${caseId}/notes`);
    expect(theirs.body.items.map((n: { body: string }) => n.body)).toEqual(['Needs a Khmer interpreter']);
    expect((await l.call(u.outsider!.token, 'GET', `/api/v1/cases/${caseId}/notes`)).status).toBe(404);
  });

  it('schedules follow-up visits and shows what is left before closure', async () => {
    const before = await l.call(u.caseworker!.token, 'GET', `/api/v1/cases/${caseId}/closure-checklist`);
    const item = (body: { items: { item: string; ok: boolean }[] }, name: string) =>
      body.items.find((i) => i.item === name)!.ok;
    expect(item(before.body, 'no_open_services')).toBe(false);
    expect(item(before.body, 'follow_up_done')).toBe(false);
    expect(item(before.body, 'risk_assessed')).toBe(true);
    const v = await l.call(u.caseworker!.token, 'POST', `/api/v1/cases/${caseId}/follow-ups`, {
      scheduledFor: '2026-06-01',
    });
    expect(v.status).toBe(201);
    expect(
      (
        await l.call(
          u.caseworker!.token,
          'PATCH',
          `/api/v1/follow-ups/${v.body.id}`,
          { outcome: 'stable' },
          { 'if-match': '"1"' },
        )
      ).status,
    ).toBe(400);
    const done = await l.call(
      u.caseworker!.token,
      'PATCH',
      `/api/v1/follow-ups/${v.body.id}`,
      { doneAt: '2026-06-02', outcome: 'stable' },
      { 'if-match': '"1"' },
    );
    expect(done.status).toBe(200);
    expect(done.body.outcome).toBe('stable');
    const after = await l.call(u.caseworker!.token, 'GET', `/api/v1/cases/${caseId}/closure-checklist`);
    expect(item(after.body, 'follow_up_done')).toBe(true);
  });
});
