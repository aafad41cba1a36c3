// Identifiers of suspects and organisations (issue 13 §1): the phone, account or wallet an investigator learns
// of a suspect is entered on the suspect, normalised like a case's, hits other agencies' cases at once without
// showing them, joins the suspect to the identifier in the network, and stays invisible (404) to everyone who
// does not work on prosecution.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, today } from '../src/contract/calendar.js';
import { databases, personInput, startLantern, type TestLantern, type TestUser } from './support/harness.js';

describe.each(databases)('identifiers of suspects and organisations on %s', (kind) => {
  let l: TestLantern;
  const u: Record<string, TestUser> = {};
  let serial = 0;

  beforeAll(async () => {
    l = await startLantern(kind);
    const hanoi = await l.agency('POLICE-HN');
    const hcm = await l.agency('POLICE-HCM');
    const shelter = await l.agency('SHELTER-HN', 'shelter');
    const health = await l.agency('HEALTH-HN', 'health');
    const procuracy = await l.agency('VKS-HN', 'procuracy');
    u.inv = await l.user(hanoi, ['investigator']);
    u.hnCaseworker = await l.user(hanoi, ['caseworker']);
    u.other = await l.user(hcm, ['investigator']);
    u.hcmCaseworker = await l.user(hcm, ['caseworker']);
    u.social = await l.user(shelter, ['caseworker']);
    u.health = await l.user(health, ['health_screener']);
    u.prosecutor = await l.user(procuracy, ['prosecutor']);
  });
  afterAll(async () => {
    await l.stop();
  });

  const call = (who: TestUser, method: string, url: string, body?: unknown) => l.call(who.token, method, url, body);
  async function openCase(who: TestUser) {
    const p = await call(who, 'POST', '/api/v1/persons', personInput({ givenName: `Mai${++serial}` }));
    const c = await call(who, 'POST', '/api/v1/cases', {
      personId: p.body.id,
      reachedVia: 'hotline',
      narrative: `Bị lừa sang khu lừa đảo số ${serial}`,
      exploitationTypes: ['forced_criminality'],
    });
    expect(c.status).toBe(201);
    return { id: c.body.id as string, reference: c.body.reference as string };
  }
  async function suspect(who: TestUser, fullName = 'Trần Văn Hùng') {
    const r = await call(who, 'POST', '/api/v1/suspects', { fullName, sex: 'male' });
    expect(r.status).toBe(201);
    return r.body.id as string;
  }
  async function organisation(who: TestUser, name = 'Công ty Việc Làm Tốt') {
    const r = await call(who, 'POST', '/api/v1/organisations', { kind: 'recruitment_company', name });
    expect(r.status).toBe(201);
    return r.body.id as string;
  }
  /** A Vietnamese mobile number no other test uses, in its local form, and its E.164 form. */
  const phone = () => {
    const local = `09${String(10_000_000 + ++serial * 7919 + Math.floor(Math.random() * 1e6)).slice(-8)}`;
    return { local, e164: `+84${local.slice(1)}` };
  };
  const rows = (column: 'suspect_id' | 'organisation_id', id: string) =>
    l.ctx.db.selectFrom('identifier').selectAll().where(column, '=', id).execute();

  it('records a suspect’s identifier normalised, keeps the raw form, lists it, and stores neither in clear', async () => {
    const s = await suspect(u.inv!);
    const r = await call(u.inv!, 'POST', `/api/v1/suspects/${s}/identifiers`, {
      kind: 'telegram',
      value: 'https://t.me/Tuyen_Dung_HN',
      source: 'victim_statement',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      kind: 'telegram',
      value: 'https://t.me/Tuyen_Dung_HN',
      normalized: '@tuyen_dung_hn',
      source: 'victim_statement',
      hits: [],
    });
    const n = phone();
    const p = await call(u.inv!, 'POST', `/api/v1/suspects/${s}/identifiers`, {
      kind: 'phone',
      value: `(+84) ${n.local.slice(1, 4)}.${n.local.slice(4, 7)}.${n.local.slice(7)}`,
    });
    expect(p.status).toBe(201);
    expect(p.body).toMatchObject({ kind: 'phone', normalized: n.e164, source: 'investigation' });
    const stored = await rows('suspect_id', s);
    expect(stored).toHaveLength(2);
    for (const row of stored) {
      expect(row.value).not.toMatch(/Tuyen_Dung|\d{9}/i);
      expect(row.normalized).not.toMatch(/tuyen_dung|\d{9}/);
      expect(row.case_id).toBeNull();
    }
    const list = await call(u.inv!, 'GET', `/api/v1/suspects/${s}/identifiers`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { normalized: string }) => i.normalized)).toEqual(['@tuyen_dung_hn', n.e164]);

    // Audited: the entry on the suspect, the reading of its identifiers; no identifier in the details.
    const events = await l.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'record_type', 'details'])
      .where('record_id', '=', s)
      .where('action', 'in', ['identifier.create', 'suspect.identifiers_read'])
      .execute();
    expect(events.filter((e) => e.action === 'identifier.create' && e.record_type === 'suspect')).toHaveLength(2);
    expect(events.filter((e) => e.action === 'suspect.identifiers_read')).toHaveLength(1);
    expect(JSON.stringify(events)).not.toMatch(/tuyen_dung|\d{9}/i);
  });

  it('records an organisation’s identifiers the same way', async () => {
    const o = await organisation(u.inv!);
    const r = await call(u.inv!, 'POST', `/api/v1/organisations/${o}/identifiers`, {
      kind: 'url',
      value: 'https://www.ViecLamTot.example/tuyen-dung?utm_source=facebook&id=7',
    });
    expect(r.status).toBe(201);
    expect(r.body.normalized).not.toContain('utm_source');
    expect(r.body.value).toContain('utm_source');
    const bank = await call(u.inv!, 'POST', `/api/v1/organisations/${o}/identifiers`, {
      kind: 'bank_account',
      value: 'Vietcombank 0071-0004-5678',
    });
    expect(bank.status).toBe(201);
    expect(bank.body.normalized).not.toMatch(/[- ]\d/);
    const list = await call(u.inv!, 'GET', `/api/v1/organisations/${o}/identifiers`);
    expect(list.body.items).toHaveLength(2);
    expect(
      await l.ctx.db
        .selectFrom('audit_event')
        .select('id')
        .where('record_id', '=', o)
        .where('action', '=', 'organisation.identifiers_read')
        .execute(),
    ).toHaveLength(1);
  });

  it('hits another province’s case at once, naming the agency and how many cases, nothing of them', async () => {
    const held = await openCase(u.other!);
    const n = phone();
    expect(
      (await call(u.other!, 'POST', `/api/v1/cases/${held.id}/identifiers`, { kind: 'phone', value: n.local })).status,
    ).toBe(201);

    // Hà Nội's suspect is linked to a Hà Nội case: the suspect's own case is no hit.
    const mine = await openCase(u.inv!);
    const s = await suspect(u.inv!, 'Nguyễn Văn Tuyển');
    expect(
      (
        await call(u.inv!, 'POST', `/api/v1/cases/${mine.id}/suspects`, {
          suspectId: s,
          role: 'recruiter',
          source: 'victim_statement',
        })
      ).status,
    ).toBe(201);
    const r = await call(u.inv!, 'POST', `/api/v1/suspects/${s}/identifiers`, {
      kind: 'zalo',
      value: `+84 ${n.local.slice(1)}`,
    });
    expect(r.status).toBe(201);
    expect(r.body.hits).toHaveLength(1);
    expect(r.body.hits[0]).toMatchObject({ agencyCode: 'POLICE-HCM', cases: 1, readableCases: [], request: null });
    expect(r.body.hits[0].contacts.map((c: { email: string }) => c.email)).toContain(u.other!.email);
    const text = JSON.stringify(r.body);
    expect(text).not.toContain(held.reference);
    expect(text).not.toContain(held.id);
    expect(text).not.toContain(mine.reference);

    // The list shows the same hit; the other agency's case now hits Hà Nội's case through the suspect.
    const list = await call(u.inv!, 'GET', `/api/v1/suspects/${s}/identifiers`);
    expect(list.body.items[0].hits).toMatchObject([{ agencyCode: 'POLICE-HCM', cases: 1 }]);
    const back = await call(u.other!, 'GET', `/api/v1/cases/${held.id}/identifiers`);
    expect(back.body.items[0].hits).toMatchObject([{ agencyCode: 'POLICE-HN', cases: 1, readableCases: [] }]);
    expect(JSON.stringify(back.body)).not.toContain(mine.reference);

    // Audited on both sides, by ids and counts only.
    const sent = await l.ctx.db
      .selectFrom('audit_event')
      .select(['record_type', 'details'])
      .where('action', '=', 'identifier.hit')
      .where('record_id', '=', r.body.id)
      .execute();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.record_type).toBe('identifier');
    const received = await l.ctx.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'identifier.hit_received')
      .where('record_id', '=', held.id)
      .execute();
    expect(received).toHaveLength(1);
    expect(JSON.stringify([sent, received])).not.toContain(n.local.slice(1));
  });

  it('joins the suspect and the organisation to their identifiers in the network', async () => {
    const s = await suspect(u.inv!, 'Lê Văn Mạng');
    const o = await organisation(u.inv!, 'Công ty Xuất Khẩu Lao Động Sao Mai');
    const n = phone();
    const a = await call(u.inv!, 'POST', `/api/v1/suspects/${s}/identifiers`, { kind: 'phone', value: n.local });
    const b = await call(u.inv!, 'POST', `/api/v1/organisations/${o}/identifiers`, { kind: 'phone', value: n.e164 });
    expect([a.status, b.status]).toEqual([201, 201]);
    const net = await call(u.inv!, 'GET', `/api/v1/network?around=suspect:${s}&hops=2`);
    expect(net.status).toBe(200);
    const idNode = net.body.nodes.find((x: { type: string }) => x.type === 'identifier');
    expect(idNode).toMatchObject({ kind: 'phone', label: `phone: ${n.e164}` });
    const ids = net.body.nodes.map((x: { id: string }) => x.id);
    expect(ids).toContain(`organisation:${o}`);
    const edges = net.body.edges.filter((e: { type: string }) => e.type === 'identifier');
    expect(edges.map((e: { source: string }) => e.source).sort()).toEqual([`organisation:${o}`, `suspect:${s}`].sort());
    expect(edges.every((e: { target: string }) => e.target === idNode.id)).toBe(true);
  });

  it('refuses an unknown kind, a value that cannot be one and the same identifier twice, changing nothing', async () => {
    const s = await suspect(u.inv!);
    const before = (await rows('suspect_id', s)).length;
    const url = `/api/v1/suspects/${s}/identifiers`;
    const badKind = await call(u.inv!, 'POST', url, { kind: 'pager', value: '123' });
    expect(badKind.status).toBe(400);
    const noValue = await call(u.inv!, 'POST', url, { kind: 'phone' });
    expect(noValue.status).toBe(400);
    const extra = await call(u.inv!, 'POST', url, { kind: 'phone', value: '0912345678', holder: 'x' });
    expect(extra.status).toBe(400);
    const bad = await call(u.inv!, 'POST', url, { kind: 'phone', value: 'gọi tôi' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'body.value', code: 'identifier-phone' });
    const orgBad = await call(u.inv!, 'POST', `/api/v1/organisations/${await organisation(u.inv!)}/identifiers`, {
      kind: 'crypto',
      value: 'không phải ví',
    });
    expect(orgBad.status).toBe(400);
    expect((await call(u.inv!, 'POST', url, { kind: 'email', value: 'Tuyen.Dung@Example.com' })).status).toBe(201);
    const again = await call(u.inv!, 'POST', url, { kind: 'email', value: 'tuyen.dung@example.com ' });
    expect(again.status).toBe(409);
    expect(again.body.reason).toBe('identifier-already-recorded');
    expect((await rows('suspect_id', s)).length).toBe(before + 1);
    const notUuid = await call(u.inv!, 'GET', '/api/v1/suspects/not-an-id/identifiers');
    expect(notUuid.status).toBe(400);
  });

  it('answers 404 to a social worker and every other kind of agency, 404 to another agency, 403 to a reader', async () => {
    const s = await suspect(u.inv!);
    const o = await organisation(u.inv!);
    const n = phone();
    await call(u.inv!, 'POST', `/api/v1/suspects/${s}/identifiers`, { kind: 'phone', value: n.local });
    const before = (await rows('suspect_id', s)).length;
    for (const who of [u.social!, u.health!, u.hnCaseworker!, u.other!, u.prosecutor!]) {
      for (const [path] of [[`suspects/${s}`], [`organisations/${o}`]]) {
        const list = await call(who, 'GET', `/api/v1/${path}/identifiers`);
        expect(list.status, `${who.email} GET ${path}`).toBe(404);
        expect(JSON.stringify(list.body)).not.toContain(n.e164);
        const add = await call(who, 'POST', `/api/v1/${path}/identifiers`, { kind: 'phone', value: phone().local });
        expect(add.status, `${who.email} POST ${path}`).toBe(404);
      }
    }
    // A bad body from someone who may not see suspects at all is still a 404: nothing about them leaks.
    expect((await call(u.social!, 'POST', `/api/v1/suspects/${s}/identifiers`, { kind: 'pager' })).status).toBe(404);
    expect((await rows('suspect_id', s)).length).toBe(before);
    const denied = await l.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'record_type'])
      .where('record_id', '=', s)
      .where('outcome', '=', 'not_found')
      .execute();
    expect(denied.filter((e) => e.action === 'suspect.identifiers_read')).toHaveLength(5);
    expect(denied.filter((e) => e.action === 'identifier.create')).toHaveLength(6); // with the bad body
    expect(denied.every((e) => e.record_type === 'suspect')).toBe(true);

    // A Hồ Chí Minh City investigator who may read the suspect (linked to a case referred to them) may not add to it.
    const c = await openCase(u.inv!);
    await call(u.inv!, 'POST', `/api/v1/cases/${c.id}/suspects`, {
      suspectId: s,
      role: 'broker',
      source: 'investigation',
    });
    await call(u.inv!, 'POST', `/api/v1/cases/${c.id}/consents`, {
      purpose: 'share_with_agency',
      agency: 'POLICE-HCM',
      method: 'signed',
      givenBy: 'person',
    });
    const referral = await call(u.inv!, 'POST', '/api/v1/referrals', {
      caseId: c.id,
      toAgency: 'POLICE-HCM',
      purposes: ['investigation'],
      dueDate: addDays(today(), 5),
    });
    expect(referral.status).toBe(201);
    expect((await call(u.hcmCaseworker!, 'POST', `/api/v1/referrals/${referral.body.id}/accept`)).status).toBe(200);
    const read = await call(u.other!, 'GET', `/api/v1/suspects/${s}/identifiers`);
    expect(read.status).toBe(200);
    expect(read.body.items.map((i: { normalized: string }) => i.normalized)).toEqual([n.e164]);
    const write = await call(u.other!, 'POST', `/api/v1/suspects/${s}/identifiers`, {
      kind: 'phone',
      value: phone().local,
    });
    expect(write.status).toBe(403);
    expect((await rows('suspect_id', s)).length).toBe(before);
  });
});
