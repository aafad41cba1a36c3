// The prosecution file (issue 13 §4): the proceedings in the order of the Criminal Procedure Code, charges
// and verdicts against the accused, the victim's side with its version, court dates that put legal aid on
// the support plan, the procuracy reading and printing the file of a case referred to it, everyone else 404,
// the audit trail without personal data, and the figures under small-cell suppression.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, today } from '../src/contract/calendar.js';
import { databases, personInput, startLantern, type TestLantern, type TestUser } from './support/harness.js';
import { pdfText } from './support/pdf-text.js';

describe.each(databases)('the prosecution file on %s', (kind) => {
  let l: TestLantern;
  const u: Record<string, TestUser> = {};
  const day = (n: number) => addDays(today(), n - 60); // steps in the past, in order

  beforeAll(async () => {
    l = await startLantern(kind);
    const police = await l.agency('PA-LC');
    const otherPolice = await l.agency('PA-HG');
    const procuracy = await l.agency('VKS-LC', 'procuracy');
    const shelter = await l.agency('SHELTER-LC', 'shelter');
    const ngo = await l.agency('NGO-LC', 'ngo');
    const health = await l.agency('HEALTH-LC', 'health');
    u.investigator = await l.user(police, ['investigator']);
    u.caseworker = await l.user(police, ['caseworker']);
    u.otherInvestigator = await l.user(otherPolice, ['investigator']);
    u.prosecutor = await l.user(procuracy, ['prosecutor']);
    u.shelter = await l.user(shelter, ['caseworker']);
    u.ngo = await l.user(ngo, ['caseworker']);
    u.health = await l.user(health, ['health_screener']);
    const stats = await l.agency('STATS', 'ministry');
    u.analyst = await l.user(stats, ['analyst']);
  });
  afterAll(async () => {
    await l.stop();
  });

  async function openCase(person: Record<string, unknown> = {}) {
    const p = await l.call(u.investigator!.token, 'POST', '/api/v1/persons', personInput(person));
    const c = await l.call(u.investigator!.token, 'POST', '/api/v1/cases', {
      personId: p.body.id,
      reachedVia: 'repatriation',
      narrative: 'Bị lừa sang làm việc tại khu nghỉ dưỡng',
      exploitationTypes: ['forced_criminality'],
    });
    expect(c.status).toBe(201);
    return c.body.id as string;
  }
  /** A suspect linked to the case (the network's routes are built elsewhere: written here directly). */
  async function accused(caseId: string, name = 'Trần Văn Bốn') {
    const id = crypto.randomUUID();
    await l.ctx.db
      .insertInto('suspect')
      .values({
        id,
        owner_agency_id: u.investigator!.agencyId,
        full_name: name,
        sex: 'male',
        created_by: u.investigator!.id,
      })
      .execute();
    await l.ctx.db
      .insertInto('case_suspect')
      .values({
        id: crypto.randomUUID(),
        case_id: caseId,
        suspect_id: id,
        role: 'recruiter',
        source: 'victim_statement',
        recorded_by: u.investigator!.id,
      })
      .execute();
    return id;
  }
  const file = (who: TestUser, caseId: string) => l.call(who.token, 'GET', `/api/v1/cases/${caseId}/prosecution`);
  const step = (who: TestUser, caseId: string, kind: string, date: string, extra: Record<string, unknown> = {}) =>
    l.call(who.token, 'POST', `/api/v1/cases/${caseId}/prosecution/steps`, {
      kind,
      date,
      authority: kind.includes('trial') ? 'Tòa án nhân dân tỉnh Lào Cai' : 'Cơ quan CSĐT Công an tỉnh Lào Cai',
      authorityKind: kind.includes('trial') ? 'court' : kind === 'indictment' ? 'procuracy' : 'police',
      authorityLevel: 'provincial',
      ...extra,
    });
  const stepCount = async (caseId: string) =>
    (await l.ctx.db.selectFrom('prosecution_step').select('id').where('case_id', '=', caseId).execute()).length;
  async function throughTrial(caseId: string) {
    for (const [i, kind] of [
      'report',
      'case_initiated',
      'accused_initiated',
      'investigation_concluded',
      'indictment',
      'first_instance_trial',
    ].entries())
      expect((await step(u.investigator!, caseId, kind, day(i * 5))).status).toBe(201);
  }
  async function referForProsecution(caseId: string) {
    const consent = (body: Record<string, unknown>) =>
      l.call(u.investigator!.token, 'POST', `/api/v1/cases/${caseId}/consents`, {
        method: 'signed',
        givenBy: 'person',
        ...body,
      });
    await consent({ purpose: 'share_with_agency', agency: 'VKS-LC' });
    await consent({ purpose: 'prosecution' });
    const sent = await l.call(u.investigator!.token, 'POST', '/api/v1/referrals', {
      caseId,
      toAgency: 'VKS-LC',
      purposes: ['prosecution'],
      dueDate: addDays(today(), 5),
    });
    expect(sent.status).toBe(201);
    expect((await l.call(u.prosecutor!.token, 'POST', `/api/v1/referrals/${sent.body.id}/accept`)).status).toBe(200);
  }

  it('keeps the proceedings in order: a step out of order is refused with what it needs, and changes nothing', async () => {
    const caseId = await openCase();
    const empty = await file(u.investigator!, caseId);
    expect(empty.status).toBe(200);
    expect(empty.body.version).toBe(0);
    expect(empty.body.nextSteps).toEqual(['report', 'case_initiated']);

    const early = await step(u.investigator!, caseId, 'indictment', day(1));
    expect(early.status).toBe(409);
    expect(early.body.reason).toBe('requires-step');
    expect(early.body.requires).toBe('investigation_concluded');
    expect(await stepCount(caseId)).toBe(0);
    expect((await file(u.investigator!, caseId)).body.version).toBe(0);

    const initiated = await step(u.investigator!, caseId, 'case_initiated', day(10), {
      decision: 'Khởi tố vụ án mua bán người',
      documentNumber: '12/QĐ-CSĐT',
    });
    expect(initiated.status).toBe(201);
    expect(initiated.headers.etag).toBe('"1"');
    expect(initiated.body.steps).toHaveLength(1);
    expect(initiated.body.steps[0]).toMatchObject({ kind: 'case_initiated', decision: 'Khởi tố vụ án mua bán người' });
    expect(initiated.body.nextSteps).toEqual(['accused_initiated', 'suspended', 'dismissed']);

    // before the previous step's date, an appeal before any trial, a dismissal without reason: refused
    const before = await step(u.investigator!, caseId, 'accused_initiated', day(9));
    expect(before.status).toBe(409);
    expect(before.body.reason).toBe('date-before-previous');
    expect((await step(u.investigator!, caseId, 'appeal_trial', day(11))).body.requires).toBe('first_instance_trial');
    expect((await step(u.investigator!, caseId, 'dismissed', day(11))).body.reason).toBe('reason-required');
    expect((await step(u.investigator!, caseId, 'case_initiated', day(12))).body.reason).toBe('already-recorded');
    // bad input: a clear 400, nothing written
    expect((await step(u.investigator!, caseId, 'verdict', day(12))).status).toBe(400);
    expect((await step(u.investigator!, caseId, 'accused_initiated', 'yesterday')).status).toBe(400);
    expect((await step(u.investigator!, caseId, 'accused_initiated', addDays(today(), 2))).status).toBe(409);
    expect(await stepCount(caseId)).toBe(1);

    // a correction keeps the order too, and needs the file's version
    const stepId = initiated.body.steps[0].id as string;
    const patch = (body: unknown, etag?: string) =>
      l.call(
        u.investigator!.token,
        'PATCH',
        `/api/v1/cases/${caseId}/prosecution/steps/${stepId}`,
        body,
        etag ? { 'if-match': etag } : {},
      );
    expect((await patch({ documentNumber: '13/QĐ-CSĐT' })).status).toBe(428);
    expect((await patch({ documentNumber: '13/QĐ-CSĐT' }, '"7"')).status).toBe(412);
    const fixed = await patch({ documentNumber: '13/QĐ-CSĐT' }, '"1"');
    expect(fixed.status).toBe(200);
    expect(fixed.body.steps[0].documentNumber).toBe('13/QĐ-CSĐT');
    expect(fixed.headers.etag).toBe('"2"');
    expect((await step(u.investigator!, caseId, 'accused_initiated', day(20))).status).toBe(201);
    const late = await patch({ date: day(25) }, '"3"');
    expect(late.status).toBe(409);
    expect(late.body.reason).toBe('date-before-previous');
  });

  it('records charges against the accused of the case and their verdicts after the trial', async () => {
    const caseId = await openCase();
    const suspectId = await accused(caseId);
    const stranger = crypto.randomUUID();
    const charge = (body: Record<string, unknown>) =>
      l.call(u.investigator!.token, 'POST', `/api/v1/cases/${caseId}/prosecution/charges`, body);
    const notLinked = await charge({ suspectId: stranger, article: '150' });
    expect(notLinked.status).toBe(400);
    expect(notLinked.body.errors[0].field).toBe('body.suspectId');
    expect((await charge({ suspectId, article: 'other' })).status).toBe(400);
    const charged = await charge({ suspectId, article: '150', clause: 'khoản 2, điểm a' });
    expect(charged.status).toBe(201);
    expect(charged.body.charges).toMatchObject([{ suspectId, article: '150', outcome: 'under_investigation' }]);
    expect((await charge({ suspectId, article: '150' })).status).toBe(409);
    expect((await charge({ suspectId, article: 'other', otherArticle: 'Điều 255' })).status).toBe(201);

    const verdict = {
      suspectId,
      instance: 'first_instance',
      outcome: 'convicted',
      date: day(40),
      court: 'Tòa án nhân dân tỉnh Lào Cai',
      sentenceKind: 'imprisonment',
      prisonYears: 9,
      prisonMonths: 6,
    };
    const tooEarly = await l.call(
      u.investigator!.token,
      'POST',
      `/api/v1/cases/${caseId}/prosecution/verdicts`,
      verdict,
    );
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.requires).toBe('first_instance_trial');
    await throughTrial(caseId);
    const mixed = await l.call(u.investigator!.token, 'POST', `/api/v1/cases/${caseId}/prosecution/verdicts`, {
      ...verdict,
      outcome: 'acquitted',
    });
    expect(mixed.status).toBe(400);
    const done = await l.call(u.investigator!.token, 'POST', `/api/v1/cases/${caseId}/prosecution/verdicts`, verdict);
    expect(done.status).toBe(201);
    const a = done.body.accused.find((x: { suspectId: string }) => x.suspectId === suspectId);
    expect(a.name).toBe('Trần Văn Bốn');
    expect(a.verdicts).toMatchObject([{ outcome: 'convicted', sentenceKind: 'imprisonment', prisonYears: 9 }]);
    expect(done.body.charges.map((c: { outcome: string }) => c.outcome)).toEqual(['convicted', 'convicted']);
    expect(
      (await l.call(u.investigator!.token, 'POST', `/api/v1/cases/${caseId}/prosecution/verdicts`, verdict)).status,
    ).toBe(409);
    expect(done.body.nextSteps).toEqual(['appeal_trial', 'enforcement', 'suspended', 'dismissed']);
  });

  it("records the victim's side with the file's version: a stale version is refused, not overwritten", async () => {
    const caseId = await openCase();
    const put = (body: unknown, etag?: string) =>
      l.call(
        u.investigator!.token,
        'PUT',
        `/api/v1/cases/${caseId}/prosecution/victim`,
        body,
        etag ? { 'if-match': etag } : {},
      );
    const side = {
      witnessParticipation: true,
      witnessStatus: 'agreed',
      protectionRequested: ['identity_confidentiality', 'testimony_by_video'],
      protectionGranted: ['identity_confidentiality'],
      compensationClaimedVnd: 150_000_000,
      compensationAwardedVnd: null,
    };
    expect((await put(side)).status).toBe(428);
    const first = await put(side, '"0"');
    expect(first.status).toBe(200);
    expect(first.headers.etag).toBe('"1"');
    expect(first.body.victim).toMatchObject({ witnessStatus: 'agreed', compensationClaimedVnd: 150_000_000 });
    // someone else saves on top of version 1; the second writer still holds version 1
    expect((await put({ ...side, witnessStatus: 'summoned' }, '"1"')).status).toBe(200);
    const stale = await put({ ...side, compensationAwardedVnd: 80_000_000 }, '"1"');
    expect(stale.status).toBe(412);
    const now = await file(u.investigator!, caseId);
    expect(now.body.victim.witnessStatus).toBe('summoned');
    expect(now.body.victim.compensationAwardedVnd).toBeNull();
    // a measure granted that was never requested, a negative amount: 400
    expect((await put({ ...side, protectionGranted: ['relocation'] }, '"2"')).status).toBe(400);
    expect((await put({ ...side, compensationClaimedVnd: -1 }, '"2"')).status).toBe(400);
  });

  it('puts legal aid, and interpretation for a person who does not speak Vietnamese, on the support plan for a court date', async () => {
    const caseId = await openCase({ languages: ['km'] });
    const r = await l.call(u.investigator!.token, 'POST', `/api/v1/cases/${caseId}/prosecution/court-dates`, {
      date: addDays(today(), 20),
      hearing: 'first_instance',
      court: 'Tòa án nhân dân tỉnh Lào Cai',
    });
    expect(r.status).toBe(201);
    expect(r.body.courtDates[0].services.map((s: { type: string }) => s.type).sort()).toEqual([
      'interpretation',
      'legal_aid',
    ]);
    const services = await l.call(u.investigator!.token, 'GET', `/api/v1/cases/${caseId}/services`);
    expect(services.body.items).toHaveLength(2);
    expect(services.body.items[0]).toMatchObject({ status: 'planned', plannedDate: addDays(today(), 20) });
    expect(services.body.items.find((s: { type: string }) => s.type === 'legal_aid').notes).toContain('Phiên tòa');

    const vietnamese = await openCase({ languages: ['vi'] });
    const v = await l.call(u.investigator!.token, 'POST', `/api/v1/cases/${vietnamese}/prosecution/court-dates`, {
      date: addDays(today(), 20),
      hearing: 'appeal',
      court: 'Tòa án nhân dân cấp cao tại Hà Nội',
    });
    expect(v.body.courtDates[0].services.map((s: { type: string }) => s.type)).toEqual(['legal_aid']);
  });

  it('lets the procuracy read, print and record the court side of a file referred to it for prosecution', async () => {
    const caseId = await openCase();
    const suspectId = await accused(caseId, 'Lò Văn Sáu');
    await throughTrial(caseId);
    await l.call(u.investigator!.token, 'POST', `/api/v1/cases/${caseId}/prosecution/charges`, {
      suspectId,
      article: '151',
    });
    expect((await file(u.prosecutor!, caseId)).status).toBe(404);
    expect((await l.call(u.prosecutor!.token, 'GET', `/api/v1/cases/${caseId}/prosecution/dossier.pdf`)).status).toBe(
      404,
    );
    await referForProsecution(caseId);

    const read = await file(u.prosecutor!, caseId);
    expect(read.status).toBe(200);
    expect(read.body.steps).toHaveLength(6);
    expect(read.body.can).toEqual({ recordProceedings: false, recordCourtSide: true });
    // the court side is theirs; the investigation's steps and the charges are not
    expect((await step(u.prosecutor!, caseId, 'appeal_trial', day(60))).status).toBe(201);
    expect((await step(u.prosecutor!, caseId, 'enforcement', day(60))).status).toBe(403);
    expect(
      (
        await l.call(u.prosecutor!.token, 'POST', `/api/v1/cases/${caseId}/prosecution/charges`, {
          suspectId,
          article: '150',
        })
      ).status,
    ).toBe(403);
    // the indictment's outcome of a charge, with the file's version
    const now = await file(u.prosecutor!, caseId);
    const chargeUrl = `/api/v1/cases/${caseId}/prosecution/charges/${now.body.charges[0].id}`;
    const indicted = await l.call(
      u.prosecutor!.token,
      'PATCH',
      chargeUrl,
      { outcome: 'indicted' },
      { 'if-match': now.headers.etag as string },
    );
    expect(indicted.status).toBe(200);
    expect(indicted.body.charges[0].outcome).toBe('indicted');
    expect(
      (
        await l.call(
          u.prosecutor!.token,
          'PATCH',
          chargeUrl,
          { outcome: 'dropped' },
          { 'if-match': now.headers.etag as string },
        )
      ).status,
    ).toBe(412);
    const verdict = await l.call(u.prosecutor!.token, 'POST', `/api/v1/cases/${caseId}/prosecution/verdicts`, {
      suspectId,
      instance: 'appeal',
      outcome: 'convicted',
      date: day(60),
      court: 'Tòa án nhân dân cấp cao tại Hà Nội',
      sentenceKind: 'imprisonment',
      prisonYears: 12,
      fineVnd: 20_000_000,
    });
    expect(verdict.status).toBe(201);

    const pdf = await l.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${caseId}/prosecution/dossier.pdf`,
      headers: { authorization: `Bearer ${u.prosecutor!.token}` },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const text = pdfText(pdf.rawPayload).join('\n');
    expect(text).toContain('HỒ SƠ TRUY TỐ');
    expect(text).toContain(read.body.caseReference);
    expect(text).toContain('Nguyễn Thị Lan'); // the procuracy reads the case's identity
    expect(text).toContain('Khởi tố vụ án');
    expect(text).toContain('Điều 151 – Tội mua bán người dưới 16 tuổi');
    expect(text).toContain('Lò Văn Sáu');
    expect(text).toContain('Xét xử phúc thẩm');
    const exported = await l.ctx.db
      .selectFrom('audit_event')
      .select(['outcome', 'details'])
      .where('actor_id', '=', u.prosecutor!.id)
      .where('action', '=', 'prosecution.dossier_export')
      .where('outcome', '=', 'success')
      .execute();
    expect(exported).toHaveLength(1);
    expect(exported[0]!.details).toMatchObject({ parts: ['identity'], steps: 7 });
  });

  it('answers 404 to every other agency kind, and to law enforcement without access to the case', async () => {
    const caseId = await openCase();
    await step(u.investigator!, caseId, 'case_initiated', day(1));
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/v1/cases/${caseId}/prosecution`],
      ['GET', `/api/v1/cases/${caseId}/prosecution/dossier.pdf`],
      [
        'POST',
        `/api/v1/cases/${caseId}/prosecution/steps`,
        {
          kind: 'accused_initiated',
          date: day(2),
          authority: 'Công an',
          authorityKind: 'police',
          authorityLevel: 'other',
        },
      ],
      ['POST', `/api/v1/cases/${caseId}/prosecution/charges`, { suspectId: crypto.randomUUID(), article: '150' }],
      ['POST', `/api/v1/cases/${caseId}/prosecution/court-dates`, { date: day(1), hearing: 'other', court: 'x' }],
    ];
    for (const who of [u.shelter!, u.ngo!, u.health!, u.caseworker!, u.otherInvestigator!, u.analyst!])
      for (const [method, url, body] of routes) {
        const r = await l.call(who.token, method, url, body);
        expect([who.email, url, r.status]).toEqual([who.email, url, 404]);
      }
    const denied = await l.ctx.db
      .selectFrom('audit_event')
      .select(['outcome'])
      .where('actor_id', '=', u.shelter!.id)
      .where('action', '=', 'prosecution.file_read')
      .execute();
    expect(denied.map((d) => d.outcome)).toEqual(['not_found']);
  });

  it('audits reads and changes by ids and counts, never names, decisions or outcomes', async () => {
    const caseId = await openCase();
    const suspectId = await accused(caseId, 'Hoàng Thị Bảy');
    await step(u.investigator!, caseId, 'case_initiated', day(1), { decision: 'Nội dung mật của quyết định' });
    await l.call(u.investigator!.token, 'POST', `/api/v1/cases/${caseId}/prosecution/charges`, {
      suspectId,
      article: '150',
    });
    await file(u.investigator!, caseId);
    const events = await l.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'details'])
      .where('record_id', '=', caseId)
      .where('action', 'like', 'prosecution.%')
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual([
      'prosecution.step_create',
      'prosecution.file_read',
      'prosecution.charge_create',
      'prosecution.file_read',
      'prosecution.file_read',
    ]);
    const all = JSON.stringify(events);
    for (const secret of ['Hoàng Thị Bảy', 'Nguyễn', 'Nội dung mật', '150', 'case_initiated'])
      expect(all).not.toContain(secret);
    expect(events[4]!.details).toMatchObject({ steps: 1, charges: 1, accused: 1 });
  });

  it('releases prosecution figures under small-cell suppression', async () => {
    const caseId = await openCase({ province: 'lao-cai' });
    const suspectId = await accused(caseId);
    await step(u.investigator!, caseId, 'case_initiated', day(1));
    await l.call(u.investigator!.token, 'POST', `/api/v1/cases/${caseId}/prosecution/charges`, {
      suspectId,
      article: '154',
    });
    expect((await l.call(u.investigator!.token, 'GET', '/api/v1/statistics/prosecution')).status).toBe(403);
    const r = await l.call(u.analyst!.token, 'GET', '/api/v1/statistics/prosecution');
    expect(r.status).toBe(200);
    expect(r.body.minCell).toBeGreaterThan(1);
    const column = r.body.byArticle.articles.indexOf('154');
    const accusedRow = r.body.measures.indexOf('accused');
    // one accused under article 154: too few to show
    expect(r.body.byArticle.cells[accusedRow][column]).toEqual({ value: null, status: 'suppressed' });
    const hanoi = r.body.byProvince.provinces.indexOf('lao-cai');
    expect(r.body.byProvince.cells[r.body.measures.indexOf('cases_initiated')][hanoi]).toEqual({
      value: null,
      status: 'suppressed',
    });
    // a column nobody is in is a public zero
    expect(r.body.byArticle.cells[accusedRow][r.body.byArticle.articles.indexOf('322')]).toEqual({
      value: 0,
      status: 'shown',
    });
    expect(r.body.medianDaysInitiationToVerdict.status).toBe('suppressed');
    expect(JSON.stringify(r.body)).not.toContain(caseId);
  });
});
