// Issue 14 §2: the hotline's desk, on each database. Operators of the 111 hotline see one queue of web reports
// and calls, the most urgent and oldest first, without the content; they read a report in full (audited), take
// calls, assign, ask the reporter, link to a case, close as duplicate, spam or not trafficking, or escalate to a
// competent agency, which then sees a new case with the report's text and identifiers. The reporter's status
// follows. Everyone else: 404.
import crypto from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency } from '../src/access/directory.js';
import { REPORT_SLA_MINUTES } from '../src/contract/triage.js';
import { databases, personInput, startLantern, type TestLantern, type TestUser } from './support/harness.js';

describe.each(databases)('triage of public reports on %s', (kind) => {
  let l: TestLantern;
  const u: Record<string, TestUser> = {};
  const agencies: Record<string, string> = {};
  let serial = 0;

  beforeAll(async () => {
    l = await startLantern(kind, { config: { publicReportsPerAddressHour: 10_000 } });
    const hotline = await l.agency('HOTLINE-111', 'hotline');
    const hotline2 = await l.agency('HOTLINE-2', 'hotline');
    const add = async (code: string, kind: 'police' | 'commune' | 'border_guard' | 'shelter', province: string) =>
      (agencies[code] = (await createAgency(l.ctx.db, { code, name: `Cơ quan ${code}`, kind, province })).id);
    await add('POLICE-AG', 'police', 'an-giang');
    await add('POLICE-HN', 'police', 'ha-noi');
    await add('COMMUNE-AG', 'commune', 'an-giang');
    await add('BORDER-LC', 'border_guard', 'lao-cai');
    await add('SHELTER-AG', 'shelter', 'an-giang');
    u.operator = await l.user(hotline, ['hotline_operator']);
    u.colleague = await l.user(hotline, ['hotline_operator']);
    u.otherHotline = await l.user(hotline2, ['hotline_operator']);
    u.hotlineAdmin = await l.user(hotline, ['agency_admin']);
    u.agInvestigator = await l.user(agencies['POLICE-AG']!, ['investigator', 'intake_officer']);
    u.hnInvestigator = await l.user(agencies['POLICE-HN']!, ['investigator']);
    u.shelter = await l.user(agencies['SHELTER-AG']!, ['caseworker']);
  }, 180_000);
  afterAll(async () => {
    await l?.stop();
  });

  const as = (who: string) => u[who]!.token;

  /** A web report as the public sends it; returns its receipt and id. */
  async function webReport(fields: Record<string, unknown> = {}) {
    const before = new Date(Date.now() - 1000);
    const r = await l.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        whatHappened: `Em tôi bị giữ ở Campuchia sau khi nhận việc qua mạng, tin số ${++serial}`,
        province: 'an-giang',
        ...fields,
      }),
      remoteAddress: '203.0.113.50',
    });
    expect(r.statusCode, r.body).toBe(201);
    const receipt = JSON.parse(r.body).receipt as string;
    const row = await l.ctx.db
      .selectFrom('public_report')
      .select('id')
      .where('created_at', '>=', before)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    return { receipt, id: row.id };
  }
  const read = (id: string, who = 'operator') => l.call(as(who), 'GET', `/api/v1/reports/${id}`);
  const etag = async (id: string) => (await read(id)).headers.etag as string;
  const act = async (id: string, action: string, body: unknown, who = 'operator') =>
    l.call(as(who), 'POST', `/api/v1/reports/${id}/${action}`, body, { 'if-match': await etag(id) });
  const followUp = async (receipt: string) =>
    (
      await l.app.inject({
        method: 'POST',
        url: '/api/v1/public/reports/follow-up',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ receipt }),
        remoteAddress: '203.0.113.51',
      })
    ).json();
  const backdate = (id: string, minutes: number) =>
    l.ctx.db
      .updateTable('public_report')
      .set({ created_at: new Date(Date.now() - minutes * 60_000) })
      .where('id', '=', id)
      .execute();
  const rowOf = (id: string) =>
    l.ctx.db.selectFrom('public_report').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('orders the queue by danger, then a minor, then age, and shows no content', async () => {
    const site = 'ZZ-' + crypto.randomBytes(2).toString('hex').toUpperCase();
    await l.call(as('hotlineAdmin'), 'POST', '/api/v1/sites', { code: site, name: site, kind: 'bus_station' });
    const plainOld = await webReport({ site, whatHappened: 'Bí mật: tin cũ không khẩn cấp' });
    const minor = await webReport({ site, minorInvolved: 'yes' });
    const danger = await webReport({ site, immediateDanger: 'yes' });
    const dangerOld = await webReport({ site, immediateDanger: 'yes', minorInvolved: 'no' });
    const dangerMinor = await webReport({ site, immediateDanger: 'yes', minorInvolved: 'yes' });
    await backdate(plainOld.id, 2 * 24 * 60);
    await backdate(dangerOld.id, 30);
    await backdate(danger.id, 5);
    const q = await l.call(as('operator'), 'GET', `/api/v1/reports?site=${site}&status=open`);
    expect(q.status).toBe(200);
    expect(q.body.items.map((i: { id: string }) => i.id)).toEqual([
      dangerMinor.id,
      dangerOld.id,
      danger.id,
      minor.id,
      plainOld.id,
    ]);
    const byId = new Map(q.body.items.map((i: { id: string }) => [i.id, i]));
    expect(byId.get(dangerOld.id)).toMatchObject({
      channel: 'web',
      status: 'received',
      immediateDanger: true,
      minorInvolved: false,
      province: 'an-giang',
      site,
      photoCount: 0,
      unreadMessages: 0,
      assignee: null,
      late: true, // 30 minutes > 15
    });
    expect((byId.get(dangerOld.id) as { minutesWaiting: number }).minutesWaiting).toBeGreaterThanOrEqual(30);
    expect(byId.get(danger.id)).toMatchObject({ late: false });
    expect(byId.get(plainOld.id)).toMatchObject({ late: true }); // 2 days > 24 h
    expect(byId.get(minor.id)).toMatchObject({ late: false });
    expect(REPORT_SLA_MINUTES).toEqual({ immediateDanger: 15, other: 1440 });
    const text = JSON.stringify(q.body);
    expect(text).not.toContain('Bí mật');
    expect(text).not.toContain('Campuchia');
    expect(Object.keys(q.body.items[0]).sort()).not.toContain('content');

    // Paging: two at a time, without overlap.
    const p1 = await l.call(as('operator'), 'GET', `/api/v1/reports?site=${site}&limit=2&page=1`);
    const p2 = await l.call(as('operator'), 'GET', `/api/v1/reports?site=${site}&limit=2&page=2`);
    expect(p1.body.hasMore).toBe(true);
    expect([...p1.body.items, ...p2.body.items].map((i: { id: string }) => i.id)).toEqual(
      q.body.items.slice(0, 4).map((i: { id: string }) => i.id),
    );
    expect((await l.call(as('operator'), 'GET', `/api/v1/reports?limit=101`)).status).toBe(400);
    expect((await l.call(as('operator'), 'GET', `/api/v1/reports?status=pending`)).status).toBe(400);
  });

  it('records a call as a phone report, encrypted, without a receipt, assigned to its operator', async () => {
    const call = {
      caller: 'family',
      callerLanguage: 'vi',
      whatHappened: 'Mẹ gọi: con gái 16 tuổi bị đưa sang Myanmar làm việc lừa đảo',
      province: 'ha-noi',
      place: 'Bến xe Mỹ Đình',
      minorInvolved: 'yes',
      immediateDanger: 'yes',
      recruitment: 'social_media',
      destinationCountry: 'MM',
      identifiers: '0987 654 321\nt.me/tuyendung_mm',
      indicators: ['deceptive_job_offer', 'documents_confiscated'],
    };
    const r = await l.call(as('operator'), 'POST', '/api/v1/reports/calls', call);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.headers.etag).toBeTruthy();
    expect(r.body).toMatchObject({
      channel: 'phone',
      status: 'under_review',
      immediateDanger: true,
      minorInvolved: true,
      province: 'ha-noi',
      assignee: { id: u.operator!.id },
      content: {
        caller: 'family',
        whatHappened: call.whatHappened,
        identifiers: ['0987 654 321', 't.me/tuyendung_mm'],
        indicators: ['deceptive_job_offer', 'documents_confiscated'],
      },
    });
    expect(r.body.history.map((h: { action: string }) => h.action)).toEqual(['call_recorded']);
    const row = await rowOf(r.body.id);
    expect(row.receipt_index).toBeNull();
    expect(row.content).not.toContain('Myanmar');
    // Calls and web reports meet in one queue.
    const q = await l.call(as('operator'), 'GET', '/api/v1/reports?channel=phone&assigned=me');
    expect(q.body.items.map((i: { id: string }) => i.id)).toContain(r.body.id);
    // A caller has no receipt to read a question with.
    const ask = await l.call(as('operator'), 'POST', `/api/v1/reports/${r.body.id}/messages`, {
      text: 'Bao nhiêu tuổi?',
    });
    expect(ask.status).toBe(409);
    expect(ask.body.reason).toBe('report-is-a-call');

    const before = await l.ctx.db
      .selectFrom('public_report')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    for (const bad of [
      { ...call, caller: 'neighbour' },
      { ...call, whatHappened: '' },
      { ...call, province: 'atlantis' },
      { ...call, indicators: ['telepathy'] },
      { ...call, unknownField: 1 },
    ]) {
      const b = await l.call(as('operator'), 'POST', '/api/v1/reports/calls', bad);
      expect(b.status, JSON.stringify(bad)).toBe(400);
    }
    const after = await l.ctx.db
      .selectFrom('public_report')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('assigns with If-Match: 428 without it, 412 when stale, and the reporter sees it under review', async () => {
    const { id, receipt } = await webReport();
    const tag = await etag(id);
    expect((await l.call(as('operator'), 'POST', `/api/v1/reports/${id}/assign`, { assignee: 'me' })).status).toBe(428);
    const ok = await l.call(
      as('operator'),
      'POST',
      `/api/v1/reports/${id}/assign`,
      { assignee: 'me' },
      { 'if-match': tag },
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'under_review', assignee: { id: u.operator!.id } });
    expect(ok.headers.etag).not.toBe(tag);
    const stale = await l.call(
      as('colleague'),
      'POST',
      `/api/v1/reports/${id}/assign`,
      { assignee: u.colleague!.id },
      { 'if-match': tag },
    );
    expect(stale.status).toBe(412);
    expect((await rowOf(id)).assigned_to).toBe(u.operator!.id);
    // To a colleague of the same hotline; never to another hotline's operator or to an administrator.
    expect((await act(id, 'assign', { assignee: u.otherHotline!.id })).status).toBe(400);
    expect((await act(id, 'assign', { assignee: u.hotlineAdmin!.id })).status).toBe(400);
    expect((await act(id, 'assign', { assignee: 'someone' })).status).toBe(400);
    const handed = await act(id, 'assign', { assignee: u.colleague!.id });
    expect(handed.body.assignee).toEqual({ id: u.colleague!.id, name: expect.any(String) });
    const unassigned = await act(id, 'assign', { assignee: null });
    expect(unassigned.body.assignee).toBeNull();
    expect(unassigned.body.history.map((h: { action: string }) => h.action)).toEqual([
      'assigned',
      'assigned',
      'unassigned',
    ]);
    expect((await followUp(receipt)).status).toBe('under_review');
  });

  it('asks the reporter, who reads the question with the receipt and answers; the queue counts it unread', async () => {
    const { id, receipt } = await webReport();
    const ask = await l.call(as('operator'), 'POST', `/api/v1/reports/${id}/messages`, {
      text: 'Anh chị biết tên công ty không?',
    });
    expect(ask.status).toBe(201);
    const seen = await followUp(receipt);
    expect(seen.status).toBe('under_review');
    expect(seen.messages).toEqual([
      expect.objectContaining({ from: 'hotline', text: 'Anh chị biết tên công ty không?' }),
    ]);
    await read(id); // the operator opens it
    await l.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports/follow-up/messages',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ receipt, text: 'Công ty Ánh Dương' }),
      remoteAddress: '203.0.113.52',
    });
    const q = await l.call(as('operator'), 'GET', '/api/v1/reports?status=all&limit=100');
    const item = q.body.items.find((i: { id: string }) => i.id === id);
    expect(item.unreadMessages).toBe(1);
    const full = await read(id);
    expect(full.body.messages.map((m: { from: string }) => m.from)).toEqual(['hotline', 'reporter']);
    expect(full.body.history.map((h: { action: string }) => h.action)).toEqual(['asked']);
    const again = await l.call(as('operator'), 'GET', '/api/v1/reports?status=all&limit=100');
    expect(again.body.items.find((i: { id: string }) => i.id === id).unreadMessages).toBe(0);
  });

  it('closes as duplicate, spam or not trafficking with a reason (encrypted); the reporter sees it closed', async () => {
    const original = await webReport();
    for (const outcome of ['duplicate', 'spam', 'not_trafficking'] as const) {
      const { id, receipt } = await webReport();
      const reason = `Lý do ${outcome}: đã gọi lại kiểm tra`;
      const body = { outcome, reason, ...(outcome === 'duplicate' ? { duplicateOf: original.id } : {}) };
      const r = await act(id, 'close', body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({ status: 'closed', outcome, reason });
      if (outcome === 'duplicate') expect(r.body.duplicateOf).toBe(original.id);
      const row = await rowOf(id);
      expect(row.triage_reason).not.toContain('Lý do');
      expect((await followUp(receipt)).status).toBe('closed');
      // Triage has ended: nothing more.
      const again = await act(id, 'close', { outcome: 'spam', reason: 'again' });
      expect(again.status).toBe(409);
      expect(again.body.reason).toBe('report-already-triaged');
    }
    const { id } = await webReport();
    const version = (await rowOf(id)).version;
    for (const bad of [
      { outcome: 'spam', reason: '' },
      { outcome: 'spam' },
      { outcome: 'duplicate', reason: 'x' },
      { outcome: 'duplicate', reason: 'x', duplicateOf: id },
      { outcome: 'duplicate', reason: 'x', duplicateOf: crypto.randomUUID() },
      { outcome: 'spam', reason: 'x', duplicateOf: original.id },
      { outcome: 'resolved', reason: 'x' },
    ]) {
      const r = await act(id, 'close', bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
    }
    const row = await rowOf(id);
    expect(row).toMatchObject({ status: 'received', triage_outcome: null, version });
  });

  it('looks up a case by its reference (reference and agency only) and links the report to it', async () => {
    const p = await l.call(as('hnInvestigator'), 'POST', '/api/v1/persons', personInput({ givenName: 'Hoa' }));
    const c = await l.call(as('hnInvestigator'), 'POST', '/api/v1/cases', {
      personId: p.body.id,
      reachedVia: 'walk_in',
      narrative: 'Nội dung mật của hồ sơ',
    });
    const reference = c.body.reference as string;
    const found = await l.call(
      as('operator'),
      'GET',
      `/api/v1/reports/case-lookup?reference=${reference.toLowerCase()}`,
    );
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ reference, agency: { code: 'POLICE-HN', name: 'Cơ quan POLICE-HN' } });
    expect(JSON.stringify(found.body)).not.toContain('mật');
    expect((await l.call(as('operator'), 'GET', '/api/v1/reports/case-lookup?reference=LT-1999-999999')).status).toBe(
      404,
    );
    const { id, receipt } = await webReport();
    expect((await act(id, 'link', { caseReference: 'LT-1999-999999' })).status).toBe(400);
    const linked = await act(id, 'link', { caseReference: reference });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({
      status: 'passed_to_authority',
      outcome: 'linked',
      case: { reference, agency: 'Cơ quan POLICE-HN' },
    });
    expect((await followUp(receipt)).status).toBe('passed_to_authority');
    // The agency holding the case is told a report was linked to it (it asks the hotline for what it says).
    const notes = await l.call(as('hnInvestigator'), 'GET', '/api/v1/notifications');
    expect(JSON.stringify(notes.body)).toContain('report_linked');
    expect(JSON.stringify(notes.body)).toContain(reference);
  });

  it('escalates to a police agency: a new case it sees with the report, its identifiers hit, the reporter told', async () => {
    // Another agency already holds a case with the recruiter's phone.
    const p = await l.call(as('hnInvestigator'), 'POST', '/api/v1/persons', personInput({ givenName: 'Mai' }));
    const held = await l.call(as('hnInvestigator'), 'POST', '/api/v1/cases', {
      personId: p.body.id,
      reachedVia: 'walk_in',
    });
    const phone = `09${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const entered = await l.call(as('hnInvestigator'), 'POST', `/api/v1/cases/${held.body.id}/identifiers`, {
      kind: 'phone',
      value: phone,
    });
    expect(entered.status).toBe(201);

    const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } })
      .jpeg()
      .toBuffer();
    const boundary = 'triage' + crypto.randomBytes(6).toString('hex');
    const part = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const payload = Buffer.concat([
      Buffer.from(
        part('whatHappened', 'Cháu tôi bị giữ ở Sihanoukville, bị ép lừa đảo qua mạng') +
          part('province', 'an-giang') +
          part('immediateDanger', 'yes') +
          part('identifiers', `${phone}\nfb.com/vieclam.campuchia\nCông ty Ánh Dương`),
      ),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="ad.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      photo,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const before = new Date(Date.now() - 1000);
    const sent = await l.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
      remoteAddress: '203.0.113.53',
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const receipt = sent.json().receipt as string;
    const { id } = await l.ctx.db
      .selectFrom('public_report')
      .select('id')
      .where('created_at', '>=', before)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const report = await read(id);
    expect(report.body.photos).toHaveLength(1);
    const bytes = await l.app.inject({
      method: 'GET',
      url: `/api/v1/reports/${id}/photos/${report.body.photos[0].id}`,
      headers: { authorization: `Bearer ${as('operator')}` },
    });
    expect(bytes.statusCode).toBe(200);
    expect(bytes.headers['content-type']).toBe('image/jpeg');

    // The agencies offered: competent kinds only, those of the report's province first.
    const offered = await l.call(as('operator'), 'GET', '/api/v1/reports/agencies?province=an-giang');
    const codes = offered.body.items.map((a: { code: string }) => a.code);
    expect(codes.slice(0, 2)).toEqual(['POLICE-AG', 'COMMUNE-AG']);
    expect(codes).toContain('BORDER-LC');
    expect(codes).not.toContain('SHELTER-AG');
    expect(codes).not.toContain('HOTLINE-111');
    expect(offered.body.items[0].suggested).toBe(true);

    // Not to a shelter.
    expect((await act(id, 'escalate', { agencyId: agencies['SHELTER-AG'] })).status).toBe(400);
    expect((await rowOf(id)).status).toBe('received');

    const escalated = await act(id, 'escalate', { agencyId: agencies['POLICE-AG'] });
    expect(escalated.status, JSON.stringify(escalated.body)).toBe(200);
    expect(escalated.body).toMatchObject({
      status: 'passed_to_authority',
      outcome: 'escalated',
      case: { agency: 'Cơ quan POLICE-AG' },
    });
    const caseId = (await rowOf(id)).case_id!;
    expect((await followUp(receipt)).status).toBe('passed_to_authority');

    // The police agency sees the new case, with the report's text, in its list and in full.
    const list = await l.call(as('agInvestigator'), 'GET', '/api/v1/cases');
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(caseId);
    const theCase = await l.call(as('agInvestigator'), 'GET', `/api/v1/cases/${caseId}`);
    expect(theCase.status).toBe(200);
    expect(theCase.body.reachedVia).toBe('hotline');
    expect(theCase.body.narrative).toContain('Sihanoukville');
    expect(theCase.body.narrative).toContain('Công ty Ánh Dương');
    const person = await l.call(as('agInvestigator'), 'GET', `/api/v1/persons/${theCase.body.personId}`);
    expect(person.status).toBe(200);
    expect(person.body).toMatchObject({ familyName: null, givenName: null, aliases: [], sex: 'unknown' });
    const files = await l.call(as('agInvestigator'), 'GET', `/api/v1/cases/${caseId}/attachments`);
    expect(files.status).toBe(200);
    expect(JSON.stringify(files.body)).toContain('image/jpeg');
    // Its identifiers are in prosecution support and hit the other agency's case.
    const ids = await l.call(as('agInvestigator'), 'GET', `/api/v1/cases/${caseId}/identifiers`);
    expect(ids.status).toBe(200);
    const kinds = ids.body.items.map((i: { kind: string; source: string }) => `${i.kind}:${i.source}`).sort();
    expect(kinds).toEqual(['facebook:hotline_report', 'phone:hotline_report']);
    const phoneItem = ids.body.items.find((i: { kind: string }) => i.kind === 'phone');
    expect(phoneItem.hits.map((h: { agencyCode: string }) => h.agencyCode)).toEqual(['POLICE-HN']);
    // And the agency was told.
    const notes = await l.call(as('agInvestigator'), 'GET', '/api/v1/notifications');
    expect(JSON.stringify(notes.body)).toContain('report_escalated');
    // Nobody else sees the case: not the hotline, not another police agency.
    expect((await l.call(as('operator'), 'GET', `/api/v1/cases/${caseId}`)).status).toBe(404);
    expect((await l.call(as('hnInvestigator'), 'GET', `/api/v1/cases/${caseId}`)).status).toBe(404);

    // A second escalation is a conflict, and changes nothing.
    const cases = await l.ctx.db
      .selectFrom('case_file')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const second = await act(id, 'escalate', { agencyId: agencies['POLICE-HN'] });
    expect(second.status).toBe(409);
    expect(second.body.reason).toBe('report-already-triaged');
    const casesAfter = await l.ctx.db
      .selectFrom('case_file')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(casesAfter.n).toEqual(cases.n);
  });

  it('answers 404 to everyone but the hotline operators, on every route', async () => {
    const { id } = await webReport();
    const photoId = crypto.randomUUID();
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/v1/reports'],
      ['GET', `/api/v1/reports/${id}`],
      ['GET', `/api/v1/reports/${id}/photos/${photoId}`],
      ['GET', '/api/v1/reports/case-lookup?reference=LT-2026-000001'],
      ['GET', '/api/v1/reports/agencies'],
      ['GET', '/api/v1/reports/operators'],
      ['POST', '/api/v1/reports/calls', { caller: 'anonymous', whatHappened: 'x' }],
      ['POST', `/api/v1/reports/${id}/assign`, { assignee: 'me' }],
      ['POST', `/api/v1/reports/${id}/close`, { outcome: 'spam', reason: 'x' }],
      ['POST', `/api/v1/reports/${id}/link`, { caseReference: 'LT-2026-000001' }],
      ['POST', `/api/v1/reports/${id}/escalate`, { agencyId: agencies['POLICE-AG'] }],
      ['POST', `/api/v1/reports/${id}/messages`, { text: 'x' }],
    ];
    const version = (await rowOf(id)).version;
    for (const who of ['hotlineAdmin', 'agInvestigator', 'hnInvestigator', 'shelter'])
      for (const [method, url, body] of routes) {
        const r = await l.call(as(who), method, url, body, { 'if-match': `"${version}"` });
        expect(r.status, `${who} ${method} ${url}`).toBe(404);
      }
    for (const [method, url, body] of routes)
      expect((await l.call(null, method, url, body)).status, `anonymous ${method} ${url}`).toBe(401);
    expect(await rowOf(id)).toMatchObject({ status: 'received', version, assigned_to: null });
    // The operators' own menu.
    const me = async (who: string) => (await l.call(as(who), 'GET', '/api/v1/auth/me')).body.can.triageReports;
    expect(await me('operator')).toBe(true);
    for (const who of ['hotlineAdmin', 'agInvestigator', 'shelter']) expect(await me(who), who).toBe(false);
  });

  it('audits every read and action, without personal data in the details', async () => {
    const secret = `Số điện thoại bí mật 0911${String(Date.now()).slice(-6)}`;
    const { id } = await webReport({ whatHappened: secret, contact: 'chi.lan@example.com' });
    const { last } = await l.ctx.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.max('id').as('last'))
      .executeTakeFirstOrThrow();
    await l.call(as('operator'), 'GET', '/api/v1/reports');
    await read(id);
    await act(id, 'assign', { assignee: 'me' });
    await act(id, 'close', { outcome: 'not_trafficking', reason: `Người nhà đã về: ${secret}` });
    await l.call(as('shelter'), 'GET', `/api/v1/reports/${id}`);
    const missing = crypto.randomUUID();
    expect((await l.call(as('operator'), 'GET', `/api/v1/reports/${missing}`)).status).toBe(404);
    const events = await l.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'record_id', 'details', 'actor_id'])
      .where('id', '>', String(last ?? 0) as never)
      .where('action', 'like', 'public_report.%')
      .execute();
    const actions = events.map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'public_report.queue:success',
        'public_report.read:success',
        'public_report.assign:success',
        'public_report.close:success',
        'public_report.read:not_found',
      ]),
    );
    expect(events.filter((e) => e.action === 'public_report.read' && e.record_id === missing)).toEqual([
      expect.objectContaining({ outcome: 'not_found', actor_id: u.operator!.id }),
    ]);
    const reads = events.filter((e) => e.action === 'public_report.read' && e.outcome === 'success');
    expect(reads.map((e) => [e.record_id, e.actor_id])).toEqual(reads.map(() => [id, u.operator!.id]));
    const text = JSON.stringify(events.map((e) => e.details));
    expect(text).not.toContain('0911');
    expect(text).not.toContain('chi.lan');
    expect(text).not.toContain('Người nhà');
  });
});
