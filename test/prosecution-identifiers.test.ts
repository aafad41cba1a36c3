// Identifiers and hits across agencies (issue 13 §1–§2): an investigator who enters a phone or an account
// held in another province's case learns which agency holds how many such cases and whom to call, never
// their content; an information request that the holder accepts shares the consented cases, and only those.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, personInput, startLantern, type TestLantern, type TestUser } from './support/harness.js';

describe.each(databases)('identifiers and hits on %s', (kind) => {
  let l: TestLantern;
  const u: Record<string, TestUser> = {};
  let serial = 0;

  beforeAll(async () => {
    l = await startLantern(kind);
    const hanoi = await l.agency('POLICE-HN');
    const angiang = await l.agency('POLICE-AG');
    const border = await l.agency('BORDER-LC', 'border_guard');
    const ngo = await l.agency('NGO-HN', 'ngo');
    const health = await l.agency('HEALTH-HN', 'health');
    const procuracy = await l.agency('VKS-HN', 'procuracy');
    u.hanoi = await l.user(hanoi, ['investigator']);
    u.hanoiCaseworker = await l.user(hanoi, ['caseworker']);
    u.angiang = await l.user(angiang, ['investigator']);
    u.border = await l.user(border, ['investigator']);
    u.ngo = await l.user(ngo, ['caseworker']);
    u.health = await l.user(health, ['health_screener']);
    u.prosecutor = await l.user(procuracy, ['prosecutor']);
  });
  afterAll(async () => {
    await l.stop();
  });

  /** A case of the investigator's agency with a unique narrative, returned with its reference. */
  async function openCase(user: TestUser) {
    const p = await l.call(user.token, 'POST', '/api/v1/persons', personInput({ givenName: `Lan${++serial}` }));
    const c = await l.call(user.token, 'POST', '/api/v1/cases', {
      personId: p.body.id,
      reachedVia: 'hotline',
      narrative: `Bị lừa sang làm việc ở khu lừa đảo số ${serial}`,
      exploitationTypes: ['forced_criminality'],
    });
    expect(c.status).toBe(201);
    return { id: c.body.id as string, reference: c.body.reference as string };
  }
  const addIdentifier = (user: TestUser, caseId: string, body: Record<string, unknown>) =>
    l.call(user.token, 'POST', `/api/v1/cases/${caseId}/identifiers`, body);
  /** A phone number no other test uses, in its Vietnamese local form. */
  const phone = () => `09${String(10_000_000 + serial * 7919 + Math.floor(Math.random() * 1e6)).slice(-8)}`;

  it('normalises what the investigator enters, keeps the raw form, and stores neither in clear', async () => {
    const c = await openCase(u.hanoi!);
    const r = await addIdentifier(u.hanoi!, c.id, { kind: 'telegram', value: 'https://t.me/Viec_Lam_HN1' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: 'telegram', value: 'https://t.me/Viec_Lam_HN1', normalized: '@viec_lam_hn1' });
    expect(r.body.hits).toEqual([]);
    const row = await l.ctx.db
      .selectFrom('identifier')
      .selectAll()
      .where('id', '=', r.body.id)
      .executeTakeFirstOrThrow();
    expect(row.value).not.toContain('Viec_Lam');
    expect(row.normalized).not.toContain('viec_lam');
    const list = await l.call(u.hanoi!.token, 'GET', `/api/v1/cases/${c.id}/identifiers`);
    expect(list.body.items.map((i: { normalized: string }) => i.normalized)).toEqual(['@viec_lam_hn1']);
    expect(list.body.can).toEqual({ record: true });
  });

  it('refuses an unknown kind, a value that cannot be one, and the same identifier twice, changing nothing', async () => {
    const c = await openCase(u.hanoi!);
    const count = async () =>
      (await l.ctx.db.selectFrom('identifier').select('id').where('case_id', '=', c.id).execute()).length;
    expect((await addIdentifier(u.hanoi!, c.id, { kind: 'pager', value: '123' })).status).toBe(400);
    const bad = await addIdentifier(u.hanoi!, c.id, { kind: 'phone', value: 'gọi tôi' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'body.value', code: 'identifier-phone' });
    const number = phone();
    expect((await addIdentifier(u.hanoi!, c.id, { kind: 'phone', value: number })).status).toBe(201);
    const again = await addIdentifier(u.hanoi!, c.id, { kind: 'zalo', value: `+84 ${number.slice(1)}` });
    expect(again.status).toBe(409);
    expect(again.body.reason).toBe('identifier-already-recorded');
    expect(await count()).toBe(1);
  });

  it('shows a hit from another province: the agency, how many cases and whom to call — nothing of the cases', async () => {
    const held = await openCase(u.hanoi!);
    const number = phone();
    await addIdentifier(u.hanoi!, held.id, { kind: 'phone', value: number });
    await addIdentifier(u.hanoi!, held.id, { kind: 'telegram', value: `@tuyen_dung_${serial}` });
    const mine = await openCase(u.angiang!);
    const r = await addIdentifier(u.angiang!, mine.id, { kind: 'whatsapp', value: `wa.me/84${number.slice(1)}` });
    expect(r.status).toBe(201);
    expect(r.body.hits).toHaveLength(1);
    expect(r.body.hits[0]).toMatchObject({
      agencyCode: 'POLICE-HN',
      agencyKind: 'police',
      cases: 1,
      readableCases: [],
      request: null,
    });
    expect(r.body.hits[0].contacts.map((c: { email: string }) => c.email)).toContain(u.hanoi!.email);
    const text = JSON.stringify(r.body);
    expect(text).not.toContain(held.reference);
    expect(text).not.toContain(held.id);
    expect(text).not.toContain('khu lừa đảo');
    const tg = await addIdentifier(u.angiang!, mine.id, { kind: 'telegram', value: `t.me/TUYEN_DUNG_${serial - 1}` });
    expect(tg.body.hits).toHaveLength(1);

    // Audited on both sides; the holder's investigators are told.
    const events = await l.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'record_id', 'details'])
      .where('action', 'in', ['identifier.hit', 'identifier.hit_received'])
      .where('record_id', 'in', [mine.id, held.id])
      .execute();
    expect(events.filter((e) => e.action === 'identifier.hit' && e.record_id === mine.id)).toHaveLength(2);
    expect(events.filter((e) => e.action === 'identifier.hit_received' && e.record_id === held.id)).toHaveLength(2);
    expect(JSON.stringify(events)).not.toContain(number.slice(1));
    const notices = await l.call(u.hanoi!.token, 'GET', '/api/v1/notifications');
    expect(
      notices.body.items.some(
        (n: { kind: string; caseId: string; agencyCode: string }) =>
          n.kind === 'identifier_hit' && n.caseId === held.id && n.agencyCode === 'POLICE-AG',
      ),
    ).toBe(true);

    // The holder's own list shows the hit back, the other way round.
    const back = await l.call(u.hanoi!.token, 'GET', `/api/v1/cases/${held.id}/identifiers`);
    const phoneRow = back.body.items.find((i: { kind: string }) => i.kind === 'phone');
    expect(phoneRow.hits).toMatchObject([{ agencyCode: 'POLICE-AG', cases: 1 }]);
  });

  it('shows other agency kinds nothing: 404 on every identifier and request route', async () => {
    const c = await openCase(u.hanoi!);
    const id = (await addIdentifier(u.hanoi!, c.id, { kind: 'phone', value: phone() })).body.id as string;
    for (const who of [u.ngo!, u.health!, u.hanoiCaseworker!, u.border!]) {
      expect((await l.call(who.token, 'GET', `/api/v1/cases/${c.id}/identifiers`)).status).toBe(404);
      expect((await addIdentifier(who, c.id, { kind: 'phone', value: phone() })).status).toBe(404);
      const ask = await l.call(who.token, 'POST', '/api/v1/information-requests', {
        identifierId: id,
        agencyCode: 'POLICE-AG',
      });
      expect(ask.status).toBe(404);
    }
    const denied = await l.ctx.db
      .selectFrom('audit_event')
      .select('outcome')
      .where('record_id', '=', c.id)
      .where('action', '=', 'case.identifiers_read')
      .where('outcome', '=', 'not_found')
      .execute();
    expect(denied.length).toBeGreaterThanOrEqual(4);
  });

  it('shares a matched case on an accepted information request only where the person consented', async () => {
    const consented = await openCase(u.hanoi!);
    const notConsented = await openCase(u.hanoi!);
    const account = `Vietcombank 0071${String(serial).padStart(9, '0')}`;
    await addIdentifier(u.hanoi!, consented.id, { kind: 'bank_account', value: account });
    await addIdentifier(u.hanoi!, notConsented.id, {
      kind: 'bank_account',
      value: account.replace('Vietcombank', 'VCB -'),
    });
    await l.call(u.hanoi!.token, 'POST', `/api/v1/cases/${consented.id}/consents`, {
      purpose: 'share_with_agency',
      agency: 'POLICE-AG',
      method: 'signed',
      givenBy: 'person',
    });
    const mine = await openCase(u.angiang!);
    const hit = await addIdentifier(u.angiang!, mine.id, { kind: 'bank_account', value: account });
    expect(hit.body.hits[0]).toMatchObject({ agencyCode: 'POLICE-HN', cases: 2 });
    expect((await l.call(u.angiang!.token, 'GET', `/api/v1/cases/${consented.id}`)).status).toBe(404);

    const noHit = await l.call(u.angiang!.token, 'POST', '/api/v1/information-requests', {
      identifierId: hit.body.id,
      agencyCode: 'BORDER-LC',
    });
    expect(noHit.status).toBe(400);
    const sent = await l.call(u.angiang!.token, 'POST', '/api/v1/information-requests', {
      identifierId: hit.body.id,
      agencyCode: 'POLICE-HN',
      message: 'Cùng một tài khoản nhận tiền chuộc',
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ status: 'pending', matchedCases: [], caseReference: mine.reference });
    const twice = await l.call(u.angiang!.token, 'POST', '/api/v1/information-requests', {
      identifierId: hit.body.id,
      agencyCode: 'POLICE-HN',
    });
    expect(twice.status).toBe(409);

    // The holder sees it in its incoming box with its own matched cases; the requester cannot answer it.
    const incoming = await l.call(u.hanoi!.token, 'GET', '/api/v1/information-requests?box=incoming');
    const seen = incoming.body.items.find((i: { id: string }) => i.id === sent.body.id);
    expect(seen.matchedCases.map((m: { reference: string }) => m.reference).sort()).toEqual(
      [consented.reference, notConsented.reference].sort(),
    );
    expect(seen.caseReference).toBeNull();
    expect(seen.can).toEqual({ accept: true, decline: true, withdraw: false });
    expect(
      (await l.call(u.angiang!.token, 'POST', `/api/v1/information-requests/${sent.body.id}/accept`, {})).status,
    ).toBe(403);
    expect((await l.call(u.border!.token, 'GET', `/api/v1/information-requests/${sent.body.id}`)).status).toBe(404);

    const accepted = await l.call(u.hanoi!.token, 'POST', `/api/v1/information-requests/${sent.body.id}/accept`, {});
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', withheldCases: 1 });
    const again = await l.call(u.hanoi!.token, 'POST', `/api/v1/information-requests/${sent.body.id}/decline`, {
      reason: 'đổi ý',
    });
    expect(again.status).toBe(409);

    const requesterView = await l.call(u.angiang!.token, 'GET', `/api/v1/information-requests/${sent.body.id}`);
    expect(requesterView.body.matchedCases).toEqual([{ id: consented.id, reference: consented.reference }]);
    expect((await l.call(u.angiang!.token, 'GET', `/api/v1/cases/${consented.id}`)).status).toBe(200);
    expect((await l.call(u.angiang!.token, 'GET', `/api/v1/cases/${consented.id}/identifiers`)).status).toBe(200);
    expect((await l.call(u.angiang!.token, 'GET', `/api/v1/cases/${notConsented.id}`)).status).toBe(404);
    const notices = await l.call(u.angiang!.token, 'GET', '/api/v1/notifications');
    expect(notices.body.items.some((n: { kind: string }) => n.kind === 'information_request_accepted')).toBe(true);
    const listed = await l.call(u.angiang!.token, 'GET', `/api/v1/cases/${mine.id}/identifiers`);
    expect(listed.body.items[0].hits[0]).toMatchObject({
      request: { id: sent.body.id, status: 'accepted' },
      readableCases: [{ id: consented.id, reference: consented.reference }],
    });
  });

  it('asks a reason to decline, and lets the requester withdraw a pending request', async () => {
    const held = await openCase(u.hanoi!);
    const email = `tuyen.dung${serial}@gmail.com`;
    await addIdentifier(u.hanoi!, held.id, { kind: 'email', value: email });
    const mine = await openCase(u.angiang!);
    const hit = await addIdentifier(u.angiang!, mine.id, { kind: 'email', value: email.toUpperCase() });
    const ask = () =>
      l.call(u.angiang!.token, 'POST', '/api/v1/information-requests', {
        identifierId: hit.body.id,
        agencyCode: 'POLICE-HN',
      });
    const first = await ask();
    const url = `/api/v1/information-requests/${first.body.id}`;
    expect((await l.call(u.hanoi!.token, 'POST', `${url}/decline`, {})).status).toBe(400);
    const declined = await l.call(u.hanoi!.token, 'POST', `${url}/decline`, { reason: 'Vụ án đang bí mật điều tra' });
    expect(declined.body).toMatchObject({ status: 'declined', statusReason: 'Vụ án đang bí mật điều tra' });
    const second = await ask();
    expect(second.status).toBe(201);
    const withdrawn = await l.call(
      u.angiang!.token,
      'POST',
      `/api/v1/information-requests/${second.body.id}/withdraw`,
      {},
    );
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(
      (await l.call(u.hanoi!.token, 'POST', `/api/v1/information-requests/${second.body.id}/accept`, {})).status,
    ).toBe(409);
  });

  it('lets the procuracy read the identifiers of a case referred to it for prosecution, and not record any', async () => {
    const c = await openCase(u.hanoi!);
    await addIdentifier(u.hanoi!, c.id, { kind: 'vehicle', value: '51F-123.45' });
    expect((await l.call(u.prosecutor!.token, 'GET', `/api/v1/cases/${c.id}/identifiers`)).status).toBe(404);
    for (const purpose of ['share_with_agency', 'prosecution'])
      await l.call(u.hanoi!.token, 'POST', `/api/v1/cases/${c.id}/consents`, {
        purpose,
        ...(purpose === 'share_with_agency' ? { agency: 'VKS-HN' } : {}),
        method: 'signed',
        givenBy: 'person',
      });
    const due = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const ref = await l.call(u.hanoi!.token, 'POST', '/api/v1/referrals', {
      caseId: c.id,
      toAgency: 'VKS-HN',
      purposes: ['prosecution'],
      dueDate: due,
    });
    expect(ref.status).toBe(201);
    await l.call(u.prosecutor!.token, 'POST', `/api/v1/referrals/${ref.body.id}/accept`, {});
    const read = await l.call(u.prosecutor!.token, 'GET', `/api/v1/cases/${c.id}/identifiers`);
    expect(read.status).toBe(200);
    expect(read.body.items[0].normalized).toBe('51F12345');
    expect(read.body.can).toEqual({ record: false });
    expect((await addIdentifier(u.prosecutor!, c.id, { kind: 'phone', value: phone() })).status).toBe(403);
  });
});
