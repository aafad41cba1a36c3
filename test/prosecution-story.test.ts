// Issue 13's "done when", on the demo data and through the API only, on each database: the Hà Nội investigator
// enters the recruiter's Telegram handle and phone on a case of their own and sees hits from Lào Cai's cases
// (the agency and whom to call, nothing of the cases); asks Lào Cai, which accepts and shares the case whose
// victim consented; explores the network from the recruiter; builds the prosecution file; the Hà Nội procuracy
// reads it and prints the dossier. Agencies of other kinds see no suspect data: 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, today } from '../src/contract/calendar.js';
import { loadDemoData } from '../src/cli/demo.js';
import { databases, startLantern, type TestLantern } from './support/harness.js';
import { pdfText } from './support/pdf-text.js';

const DOMAIN = 'demo.lantern.invalid';

describe.each(databases)('prosecution support from end to end on the demo data, %s', (kind) => {
  let l: TestLantern;
  const token: Record<string, string> = {};

  beforeAll(async () => {
    l = await startLantern(kind);
    const summary = await loadDemoData(l.ctx, { persons: 60, seed: 7 }, () => {});
    const password = /shown only now\): (\S+)/.exec(summary)![1]!;
    for (const [who, local, slug] of [
      ['hanoi', 'investigator', 'police'],
      ['laocai', 'investigator', 'police-laocai'],
      ['prosecutor', 'prosecutor', 'procuracy'],
      ['caseworker', 'caseworker', 'social'],
      ['hotline', 'operator', 'hotline'],
      ['analyst', 'analyst', 'ministry'],
    ] as const)
      token[who] = (await l.signIn(`${local}@${slug}.${DOMAIN}`, password)).token;
  }, 120_000);
  afterAll(async () => {
    await l?.stop();
  });

  it('takes the investigator from a hit to the prosecution file that the procuracy prints', async () => {
    const call = (who: string, method: string, url: string, body?: unknown) => l.call(token[who]!, method, url, body);

    // A case of Hà Nội's own, and what Lào Cai holds (read straight from the database, to check nothing leaks).
    const own = (await call('hanoi', 'GET', '/api/v1/cases?limit=50')).body.items as {
      id: string;
      reference: string;
    }[];
    const mine = await l.ctx.db
      .selectFrom('case_file as c')
      .innerJoin('agency as a', 'a.id', 'c.owner_agency_id')
      .select(['c.id', 'c.reference'])
      .where('a.code', '=', 'DEMO-CA-HN')
      .execute();
    const caseId = own.find((c) => mine.some((m) => m.id === c.id))!.id;
    const laocai = await l.ctx.db
      .selectFrom('case_file as c')
      .innerJoin('agency as a', 'a.id', 'c.owner_agency_id')
      .select(['c.id', 'c.reference'])
      .where('a.code', '=', 'DEMO-CA-LC')
      .execute();
    expect(laocai.length).toBeGreaterThanOrEqual(2);

    // 1. The handle as a link, the phone as people write it: both hit Lào Cai, with nothing of its cases.
    const telegram = await call('hanoi', 'POST', `/api/v1/cases/${caseId}/identifiers`, {
      kind: 'telegram',
      value: 't.me/TuyenDung_CamPuChia_LuongCao',
    });
    expect(telegram.status, JSON.stringify(telegram.body)).toBe(201);
    expect(telegram.body.value).toBe('t.me/TuyenDung_CamPuChia_LuongCao');
    expect(telegram.body.hits).toHaveLength(1);
    expect(telegram.body.hits[0]).toMatchObject({ agencyCode: 'DEMO-CA-LC', cases: 2 });
    expect(telegram.body.hits[0].contacts.length).toBeGreaterThan(0);
    const phone = await call('hanoi', 'POST', `/api/v1/cases/${caseId}/identifiers`, {
      kind: 'phone',
      value: '0965 432 187',
    });
    expect(phone.status).toBe(201);
    expect(phone.body.normalized).toBe('+84965432187');
    expect(phone.body.hits).toMatchObject([{ agencyCode: 'DEMO-CA-LC', cases: 1 }]);
    const answers = JSON.stringify([telegram.body, phone.body]);
    for (const c of laocai) {
      expect(answers).not.toContain(c.id);
      expect(answers).not.toContain(c.reference);
    }
    // Lào Cai's cases stay closed to Hà Nội until it shares them.
    expect((await call('hanoi', 'GET', `/api/v1/cases/${laocai[0]!.id}`)).status).toBe(404);

    // 2. The information request, accepted in Lào Cai: the case whose victim consented is shared, one is not.
    const asked = await call('hanoi', 'POST', '/api/v1/information-requests', {
      identifierId: telegram.body.id,
      agencyCode: 'DEMO-CA-LC',
      message: 'Cùng tài khoản Telegram tuyển dụng trong vụ của chúng tôi.',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body.status).toBe('pending');
    const received = await call('laocai', 'GET', '/api/v1/information-requests?box=incoming');
    expect(received.status).toBe(200);
    expect(received.body.items.map((r: { id: string }) => r.id)).toContain(asked.body.id);
    const accepted = await call('laocai', 'POST', `/api/v1/information-requests/${asked.body.id}/accept`, {});
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.withheldCases).toBe(1);
    const answer = await call('hanoi', 'GET', `/api/v1/information-requests/${asked.body.id}`);
    expect(answer.body.status).toBe('accepted');
    expect(answer.body.matchedCases).toHaveLength(1);
    const shared = answer.body.matchedCases[0] as { id: string; reference: string };
    expect((await call('hanoi', 'GET', `/api/v1/cases/${shared.id}`)).status).toBe(200);
    const withheld = laocai.find((c) => c.id !== shared.id && c.reference !== shared.reference)!;
    expect((await call('hanoi', 'GET', `/api/v1/cases/${withheld.id}`)).status).toBe(404);

    // 3. The network: the recruiter on Hà Nội's case reaches Lào Cai's shared case through the handle,
    // cases by reference, and not the case that was withheld.
    const recruiter = await call('hanoi', 'POST', '/api/v1/suspects', {
      aliases: ['Tuyển dụng Campuchia lương cao'],
      sex: 'unknown',
    });
    expect(recruiter.status, JSON.stringify(recruiter.body)).toBe(201);
    const suspectId = recruiter.body.id as string;
    expect(
      (
        await call('hanoi', 'POST', `/api/v1/cases/${caseId}/suspects`, {
          suspectId,
          role: 'recruiter',
          source: 'victim_statement',
        })
      ).status,
    ).toBe(201);
    const network = await call('hanoi', 'GET', `/api/v1/network?around=suspect:${suspectId}&hops=3`);
    expect(network.status, JSON.stringify(network.body)).toBe(200);
    const nodes = network.body.nodes as { id: string; type: string; label: string }[];
    const caseNodes = nodes.filter((n) => n.type === 'case');
    expect(caseNodes.map((n) => n.label).sort()).toEqual(
      [mine.find((m) => m.id === caseId)!.reference, shared.reference].sort(),
    );
    expect(nodes.some((n) => n.type === 'identifier' && n.label.includes('tuyendung_campuchia_luongcao'))).toBe(true);
    expect(JSON.stringify(network.body)).not.toContain(withheld.reference);

    // 4. The prosecution file: report, initiation, the accused, and the charge under article 150.
    const day = (n: number) => addDays(today(), n - 30);
    for (const [i, step] of ['report', 'case_initiated', 'accused_initiated'].entries()) {
      const r = await call('hanoi', 'POST', `/api/v1/cases/${caseId}/prosecution/steps`, {
        kind: step,
        date: day(i * 5),
        authority: 'Cơ quan CSĐT Công an thành phố Hà Nội',
        authorityKind: 'police',
        authorityLevel: 'provincial',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const charged = await call('hanoi', 'POST', `/api/v1/cases/${caseId}/prosecution/charges`, {
      suspectId,
      article: '150',
      clause: 'khoản 2',
    });
    expect(charged.status, JSON.stringify(charged.body)).toBe(201);

    // 5. Referred to the Hà Nội procuracy for prosecution (with the person's consent), which reads and prints.
    expect((await call('prosecutor', 'GET', `/api/v1/cases/${caseId}/prosecution`)).status).toBe(404);
    for (const consent of [{ purpose: 'share_with_agency', agency: 'DEMO-VKS-HN' }, { purpose: 'prosecution' }])
      expect(
        (
          await call('hanoi', 'POST', `/api/v1/cases/${caseId}/consents`, {
            method: 'signed',
            givenBy: 'person',
            ...consent,
          })
        ).status,
      ).toBe(201);
    const referral = await call('hanoi', 'POST', '/api/v1/referrals', {
      caseId,
      toAgency: 'DEMO-VKS-HN',
      purposes: ['prosecution'],
      dueDate: addDays(today(), 5),
    });
    expect(referral.status, JSON.stringify(referral.body)).toBe(201);
    expect((await call('prosecutor', 'POST', `/api/v1/referrals/${referral.body.id}/accept`)).status).toBe(200);
    const read = await call('prosecutor', 'GET', `/api/v1/cases/${caseId}/prosecution`);
    expect(read.status).toBe(200);
    expect(read.body.steps.map((s: { kind: string }) => s.kind)).toEqual([
      'report',
      'case_initiated',
      'accused_initiated',
    ]);
    expect(read.body.charges).toMatchObject([{ suspectId, article: '150' }]);
    const pdf = await l.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${caseId}/prosecution/dossier.pdf`,
      headers: { authorization: `Bearer ${token.prosecutor}` },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const text = pdfText(pdf.rawPayload).join('\n');
    expect(text).toContain(read.body.caseReference);
    expect(text).toContain('150');
    const printed = await l.ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('record_id', '=', caseId)
      .where('action', 'like', 'prosecution.%')
      .execute();
    expect(printed.map((e) => e.action)).toContain('prosecution.dossier_export');

    // 6. Other agency kinds see no suspect data: 404 on the suspect, the network, identifiers and requests.
    for (const who of ['caseworker', 'hotline', 'analyst']) {
      expect((await call(who, 'GET', `/api/v1/suspects/${suspectId}`)).status, who).toBe(404);
      expect((await call(who, 'GET', `/api/v1/network?around=suspect:${suspectId}`)).status, who).toBe(404);
      expect((await call(who, 'GET', `/api/v1/cases/${caseId}/identifiers`)).status, who).toBe(404);
      expect((await call(who, 'GET', `/api/v1/cases/${caseId}/prosecution`)).status, who).toBe(404);
      expect((await call(who, 'GET', `/api/v1/information-requests/${asked.body.id}`)).status, who).toBe(404);
    }
  });
});
