// Suspects, organisations, their links and the network (issue 13 §1, §3): recorded by law-enforcement
// investigators, seen by no one else (404), and the network never leads to a case the caller may not read.
import crypto from 'node:crypto';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, personInput, startLantern, type TestLantern, type TestUser } from './support/harness.js';

/** The nodes, edge count, key names and labels of a GraphML document, read by a strict XML parser. */
function parseGraphML(text: string) {
  const parser = new SaxesParser({ xmlns: true });
  const out = { nodes: [] as string[], edges: 0, keys: [] as string[], labels: [] as string[] };
  let inLabel = false;
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    const attr = (name: string) => tag.attributes[name]?.value as string | undefined;
    if (tag.local === 'node') out.nodes.push(attr('id')!);
    if (tag.local === 'edge') out.edges += 1;
    if (tag.local === 'key') out.keys.push(attr('attr.name')!);
    inLabel = tag.local === 'data' && attr('key') === 'label';
  });
  parser.on('text', (t) => {
    if (inLabel) out.labels.push(t);
  });
  parser.on('closetag', () => {
    inLabel = false;
  });
  parser.write(text).close();
  return out;
}

describe.each(databases)('suspects and the network on %s', (kind) => {
  let l: TestLantern;
  const u: Record<string, TestUser> = {};
  const future = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    l = await startLantern(kind);
    const hanoi = await l.agency('POLICE-HN');
    const hcm = await l.agency('POLICE-HCM');
    const procuracy = await l.agency('VKS-HN', 'procuracy');
    const ngo = await l.agency('NGO-HN', 'ngo');
    const health = await l.agency('HEALTH-LC', 'health');
    const commune = await l.agency('COMMUNE-1', 'commune');
    u.inv = await l.user(hanoi, ['investigator']);
    u.hnCaseworker = await l.user(hanoi, ['caseworker']);
    u.other = await l.user(hcm, ['investigator']);
    u.prosecutor = await l.user(procuracy, ['prosecutor']);
    u.ngo = await l.user(ngo, ['caseworker']);
    u.health = await l.user(health, ['health_screener']);
    u.commune = await l.user(commune, ['intake_officer']);
  });
  afterAll(async () => {
    await l.stop();
  });

  const call = (who: TestUser, method: string, url: string, body?: unknown, headers?: Record<string, string>) =>
    l.call(who.token, method, url, body, headers);

  async function openCase(who: TestUser, person: Record<string, unknown> = {}) {
    const p = await call(who, 'POST', '/api/v1/persons', personInput(person));
    const c = await call(who, 'POST', '/api/v1/cases', {
      personId: p.body.id,
      reachedVia: 'repatriation',
      narrative: 'Bị ép lừa đảo trực tuyến',
      exploitationTypes: ['forced_criminality'],
    });
    expect(c.status).toBe(201);
    return { id: c.body.id as string, reference: c.body.reference as string };
  }
  async function suspect(who: TestUser, body: Record<string, unknown> = {}) {
    const r = await call(who, 'POST', '/api/v1/suspects', { fullName: 'Trần Văn Hùng', sex: 'male', ...body });
    expect(r.status).toBe(201);
    return r.body.id as string;
  }
  async function organisation(who: TestUser, name = 'Công ty Việc Làm Tốt') {
    const r = await call(who, 'POST', '/api/v1/organisations', { kind: 'recruitment_company', name });
    expect(r.status).toBe(201);
    return r.body.id as string;
  }
  const linkCase = (who: TestUser, caseId: string, suspectId: string, role = 'recruiter') =>
    call(who, 'POST', `/api/v1/cases/${caseId}/suspects`, { suspectId, role, source: 'victim_statement' });
  const linkSuspects = (who: TestUser, a: string, b: string, relation = 'associate') =>
    call(who, 'POST', `/api/v1/suspects/${a}/links`, { otherSuspectId: b, relation, source: 'investigation' });
  const count = async (table: 'suspect' | 'case_suspect' | 'suspect_link') =>
    Number(
      (
        await l.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** An identifier row as the lead's addIdentifier stores it (this suite tests the network, not normalisation). */
  async function identifier(holder: { caseId?: string; suspectId?: string }, owner: TestUser, value: string) {
    const matchKey = l.ctx.keys.blindIndex(`phone:${value}`);
    await l.ctx.db
      .insertInto('identifier')
      .values({
        id: crypto.randomUUID(),
        kind: 'phone',
        value: l.ctx.keys.encrypt(value),
        normalized: l.ctx.keys.encrypt(value),
        match_key: matchKey,
        owner_agency_id: owner.agencyId,
        case_id: holder.caseId ?? null,
        suspect_id: holder.suspectId ?? null,
        organisation_id: null,
        source: 'victim_statement',
        recorded_by: owner.id,
      })
      .execute();
    return matchKey;
  }

  it('records a suspect, finds them by name without accents, and keeps their notes encrypted', async () => {
    const r = await call(u.inv!, 'POST', '/api/v1/suspects', {
      fullName: 'Lê Thị Ngọc Ánh',
      aliases: ['Chị Bảy'],
      sex: 'female',
      birthYear: 1988,
      nationality: 'VN',
      notes: 'Tuyển người qua Telegram',
    });
    expect(r.status).toBe(201);
    expect(r.headers.etag).toBe('"1"');
    expect(r.body).toMatchObject({ fullName: 'Lê Thị Ngọc Ánh', aliases: ['Chị Bảy'], version: 1, canEdit: true });
    const stored = await l.ctx.db.selectFrom('suspect').select('notes').where('id', '=', r.body.id).executeTakeFirst();
    expect(stored?.notes).not.toContain('Telegram');
    const found = await call(u.inv!, 'GET', `/api/v1/suspects?q=${encodeURIComponent('ngoc anh')}`);
    expect(found.body.items.map((s: { id: string }) => s.id)).toContain(r.body.id);
    const byAlias = await call(u.inv!, 'GET', `/api/v1/suspects?q=${encodeURIComponent('CHI BAY')}`);
    expect(byAlias.body.items.map((s: { id: string }) => s.id)).toContain(r.body.id);
    const read = await call(u.inv!, 'GET', `/api/v1/suspects/${r.body.id}`);
    expect(read.body.notes).toBe('Tuyển người qua Telegram');
    expect(read.body.canEdit).toBe(true); // its agency's investigator may change it
  });

  it('refuses bad input with 400 and records nothing', async () => {
    const before = await count('suspect');
    for (const body of [
      { sex: 'male' }, // neither name nor alias
      { fullName: 'A', sex: 'robot' },
      { fullName: 'A', sex: 'male', birthYear: 1850 },
      { fullName: 'A', sex: 'male', nationality: 'Vietnam' },
      { fullName: 'A', sex: 'male', extra: 1 },
    ]) {
      const r = await call(u.inv!, 'POST', '/api/v1/suspects', body);
      expect(r.status).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    const s = await suspect(u.inv!);
    const c = await openCase(u.inv!);
    expect((await linkCase(u.inv!, c.id, s, 'mastermind')).status).toBe(400);
    expect(
      (await call(u.inv!, 'POST', `/api/v1/cases/${c.id}/suspects`, { suspectId: s, role: 'broker' })).status,
    ).toBe(400);
    expect((await linkSuspects(u.inv!, s, s)).status).toBe(400);
    expect((await call(u.inv!, 'GET', '/api/v1/network?around=suspect:nope')).status).toBe(400);
    expect((await call(u.inv!, 'GET', `/api/v1/network?around=suspect:${s}&hops=4`)).status).toBe(400);
    expect((await call(u.inv!, 'GET', `/api/v1/network?around=suspect:${s}&roles=boss`)).status).toBe(400);
    expect(await count('suspect')).toBe(before + 1);
    expect(await count('suspect_link')).toBe(0);
  });

  it('answers 409 to a duplicate link and to a stale If-Match, changing nothing', async () => {
    const a = await suspect(u.inv!);
    const b = await suspect(u.inv!, { fullName: 'Phạm Văn Long' });
    const c = await openCase(u.inv!);
    expect((await linkCase(u.inv!, c.id, a)).status).toBe(201);
    const again = await linkCase(u.inv!, c.id, a);
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already recorded/);
    expect((await linkCase(u.inv!, c.id, a, 'financier')).status).toBe(201); // another role is another link
    const first = await linkSuspects(u.inv!, b, a);
    expect(first.status).toBe(201);
    expect(first.body.suspectId < first.body.otherSuspectId).toBe(true); // stored once per pair
    expect((await linkSuspects(u.inv!, a, b)).status).toBe(409); // the same pair from the other side
    const org = await organisation(u.inv!);
    const so = { organisationId: org, role: 'owner', source: 'open_source' };
    expect((await call(u.inv!, 'POST', `/api/v1/suspects/${a}/organisations`, so)).status).toBe(201);
    expect((await call(u.inv!, 'POST', `/api/v1/suspects/${a}/organisations`, so)).status).toBe(409);
    const co = { organisationId: org, role: 'recruiter', source: 'victim_statement' };
    expect((await call(u.inv!, 'POST', `/api/v1/cases/${c.id}/organisations`, co)).status).toBe(201);
    expect((await call(u.inv!, 'POST', `/api/v1/cases/${c.id}/organisations`, co)).status).toBe(409);

    const patch1 = await call(u.inv!, 'PATCH', `/api/v1/suspects/${a}`, { birthYear: 1990 }, { 'if-match': '"1"' });
    expect(patch1.status).toBe(200);
    expect(patch1.headers.etag).toBe('"2"');
    const stale = await call(u.inv!, 'PATCH', `/api/v1/suspects/${a}`, { birthYear: 1970 }, { 'if-match': '"1"' });
    expect(stale.status).toBe(409);
    expect((await call(u.inv!, 'GET', `/api/v1/suspects/${a}`)).body.birthYear).toBe(1990);
    expect((await call(u.inv!, 'PATCH', `/api/v1/suspects/${a}`, { birthYear: 1970 })).status).toBe(428);
    const orgStale = await call(u.inv!, 'PATCH', `/api/v1/organisations/${org}`, { name: 'X' }, { 'if-match': '"7"' });
    expect(orgStale.status).toBe(409);
  });

  it('shows a suspect with their cases by reference and role, links and organisations; removes a link in error', async () => {
    const a = await suspect(u.inv!, { fullName: 'Đỗ Minh Quân' });
    const b = await suspect(u.inv!, { fullName: 'Vũ Thành Nam' });
    const c = await openCase(u.inv!);
    const link = await linkCase(u.inv!, c.id, a, 'broker');
    await linkSuspects(u.inv!, a, b, 'superior');
    const read = await call(u.inv!, 'GET', `/api/v1/suspects/${a}`);
    expect(read.status).toBe(200);
    expect(read.body.cases).toEqual([{ caseId: c.id, reference: c.reference, role: 'broker', linkId: link.body.id }]);
    expect(read.body.links).toMatchObject([{ suspectId: b, label: 'Vũ Thành Nam', relation: 'superior' }]);
    const listed = await call(u.inv!, 'GET', `/api/v1/cases/${c.id}/suspects`);
    expect(listed.body.items).toMatchObject([{ suspectId: a, role: 'broker', source: 'victim_statement' }]);

    // Only the case's agency removes its links; the removal is audited.
    expect((await call(u.other!, 'DELETE', `/api/v1/cases/${c.id}/suspects/${link.body.id}`)).status).toBe(404);
    expect((await call(u.inv!, 'DELETE', `/api/v1/cases/${c.id}/suspects/${link.body.id}`)).status).toBe(204);
    expect((await call(u.inv!, 'DELETE', `/api/v1/cases/${c.id}/suspects/${link.body.id}`)).status).toBe(404);
    expect((await call(u.inv!, 'GET', `/api/v1/suspects/${a}`)).body.cases).toEqual([]);
    const removed = await l.ctx.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'case.suspect_link_delete')
      .where('record_id', '=', c.id)
      .execute();
    // HCM's refusal, the removal, and the second try at a link already gone.
    expect(removed.map((e) => e.outcome).sort()).toEqual(['not_found', 'not_found', 'success']);
  });

  it('keeps another agency’s suspect invisible (404) until it is linked to a case referred to them for investigation', async () => {
    const theirs = await suspect(u.other!, { fullName: 'Hoàng Văn Tú' });
    expect((await call(u.inv!, 'GET', `/api/v1/suspects/${theirs}`)).status).toBe(404);
    const list = await call(u.inv!, 'GET', `/api/v1/suspects?q=${encodeURIComponent('hoang van tu')}`);
    expect(list.body.items.map((s: { id: string }) => s.id)).not.toContain(theirs);
    expect((await call(u.inv!, 'GET', `/api/v1/network?around=suspect:${theirs}`)).status).toBe(404);
    // Nor can they link it: 404, not 403.
    const mine = await openCase(u.inv!);
    expect((await linkCase(u.inv!, mine.id, theirs)).status).toBe(404);
    // Not their agency's to edit, even when visible: HCM's suspect is changed by HCM only.
    expect(
      (await call(u.inv!, 'PATCH', `/api/v1/suspects/${theirs}`, { sex: 'unknown' }, { 'if-match': '"1"' })).status,
    ).toBe(404);

    // HCM links it to its case and refers the case to Hà Nội for investigation.
    const hcmCase = await openCase(u.other!);
    expect((await linkCase(u.other!, hcmCase.id, theirs, 'transporter')).status).toBe(201);
    await call(u.other!, 'POST', `/api/v1/cases/${hcmCase.id}/consents`, {
      purpose: 'share_with_agency',
      agency: 'POLICE-HN',
      method: 'signed',
      givenBy: 'person',
    });
    const ref = await call(u.other!, 'POST', '/api/v1/referrals', {
      caseId: hcmCase.id,
      toAgency: 'POLICE-HN',
      purposes: ['investigation'],
      dueDate: future,
    });
    expect(ref.status).toBe(201);
    expect((await call(u.inv!, 'GET', `/api/v1/suspects/${theirs}`)).status).toBe(404); // not before acceptance
    expect((await call(u.hnCaseworker!, 'POST', `/api/v1/referrals/${ref.body.id}/accept`)).status).toBe(200);
    const seen = await call(u.inv!, 'GET', `/api/v1/suspects/${theirs}`);
    expect(seen.status).toBe(200);
    expect(seen.body.canEdit).toBe(false);
    expect(seen.body.cases).toMatchObject([{ caseId: hcmCase.id, role: 'transporter' }]);
    const net = await call(u.inv!, 'GET', `/api/v1/network?around=suspect:${theirs}`);
    expect(net.body.nodes.map((n: { id: string }) => n.id)).toContain(`case:${hcmCase.id}`);
    // Visible, but not Hà Nội's to change: 403.
    expect(
      (await call(u.inv!, 'PATCH', `/api/v1/suspects/${theirs}`, { sex: 'unknown' }, { 'if-match': '"1"' })).status,
    ).toBe(403);
  });

  it('gives other agency kinds 404 on every suspect, organisation, link and network route', async () => {
    const s = await suspect(u.inv!);
    const t = await suspect(u.inv!);
    const c = await openCase(u.inv!);
    await linkCase(u.inv!, c.id, s);
    const org = await organisation(u.inv!);
    const urls = [
      ['GET', `/api/v1/suspects/${s}`],
      ['GET', '/api/v1/suspects'],
      ['POST', '/api/v1/suspects'],
      ['GET', `/api/v1/organisations/${org}`],
      ['GET', `/api/v1/cases/${c.id}/suspects`],
      ['GET', `/api/v1/network?around=suspect:${s}`],
      ['GET', `/api/v1/network/path?from=${s}&to=${t}`],
      ['GET', `/api/v1/network/clusters`],
      ['GET', `/api/v1/network/export?around=suspect:${s}&format=graphml`],
    ] as const;
    for (const who of [u.ngo!, u.health!, u.commune!, u.hnCaseworker!]) {
      for (const [method, url] of urls) {
        const r = await call(who, method, url, method === 'POST' ? { fullName: 'X', sex: 'male' } : undefined);
        expect(r.status, `${who.agencyKind} ${method} ${url}`).toBe(404);
      }
    }
    // A prosecutor reads but does not record suspects.
    expect((await call(u.prosecutor!, 'POST', '/api/v1/suspects', { fullName: 'X', sex: 'male' })).status).toBe(404);
    const denied = await l.ctx.db
      .selectFrom('audit_event')
      .select(['outcome'])
      .where('action', '=', 'suspect.read')
      .where('record_id', '=', s)
      .where('outcome', '=', 'not_found')
      .execute();
    expect(denied.length).toBeGreaterThanOrEqual(4);
  });

  it('never shows another agency’s case through a shared identifier, nor any victim’s name', async () => {
    const s = await suspect(u.inv!, { fullName: 'Bùi Đức Thắng' });
    const mine = await openCase(u.inv!, { familyName: 'Mai', givenName: 'Hoa' });
    await linkCase(u.inv!, mine.id, s);
    const hcmCase = await openCase(u.other!, { familyName: 'Lý', givenName: 'Hương' });
    // The same phone on Hà Nội's suspect and on HCM's case.
    const key = await identifier({ suspectId: s }, u.inv!, '+84912345678');
    await identifier({ caseId: hcmCase.id }, u.other!, '+84912345678');
    const net = await call(u.inv!, 'GET', `/api/v1/network?around=suspect:${s}&hops=3`);
    expect(net.status).toBe(200);
    const ids = net.body.nodes.map((n: { id: string }) => n.id);
    expect(ids).toContain(`identifier:${key}`);
    expect(ids).toContain(`case:${mine.id}`);
    expect(ids).not.toContain(`case:${hcmCase.id}`);
    expect(JSON.stringify(net.body)).not.toContain(hcmCase.id);
    const caseNode = net.body.nodes.find((n: { id: string }) => n.id === `case:${mine.id}`);
    expect(caseNode.label).toBe(mine.reference);
    const text = JSON.stringify(net.body);
    for (const name of ['Mai', 'Hoa', 'Lý', 'Hương', 'Nguyễn']) expect(text).not.toContain(name);
    const phone = net.body.nodes.find((n: { id: string }) => n.id === `identifier:${key}`);
    expect(phone.label).toBe('phone: +84912345678');
    // Starting from the identifier itself does not reach HCM's case either.
    const fromKey = await call(u.inv!, 'GET', `/api/v1/network?around=identifier:${key}&hops=2`);
    expect(JSON.stringify(fromKey.body)).not.toContain(hcmCase.id);
    // HCM, for its part, does not see Hà Nội's suspect through the phone.
    const theirs = await call(u.other!, 'GET', `/api/v1/network?around=case:${hcmCase.id}&hops=3`);
    expect(theirs.status).toBe(200);
    expect(JSON.stringify(theirs.body)).not.toContain(s);
  });

  it('expands hop by hop and filters by role and date', async () => {
    const a = await suspect(u.inv!, { fullName: 'Ngô Văn Một' });
    const b = await suspect(u.inv!, { fullName: 'Ngô Văn Hai' });
    const c = await openCase(u.inv!);
    await linkCase(u.inv!, c.id, a, 'recruiter');
    await linkCase(u.inv!, c.id, b, 'financier');
    const one = await call(u.inv!, 'GET', `/api/v1/network?around=suspect:${a}&hops=1`);
    expect(one.body.nodes.map((n: { id: string }) => n.id).sort()).toEqual([`case:${c.id}`, `suspect:${a}`].sort());
    expect(one.body.edges).toMatchObject([{ type: 'case_suspect', role: 'recruiter' }]);
    expect(one.body.truncated).toBe(false);
    const two = await call(u.inv!, 'GET', `/api/v1/network?around=suspect:${a}&hops=2`);
    expect(two.body.nodes.map((n: { id: string }) => n.id)).toContain(`suspect:${b}`);
    const recruiters = await call(u.inv!, 'GET', `/api/v1/network?around=suspect:${a}&hops=2&roles=recruiter,broker`);
    expect(recruiters.body.nodes.map((n: { id: string }) => n.id)).not.toContain(`suspect:${b}`);
    const past = await call(u.inv!, 'GET', `/api/v1/network?around=suspect:${a}&hops=2&to=2020-01-01`);
    expect(past.body.nodes).toHaveLength(1);
    expect(past.body.edges).toHaveLength(0);
    const audit = await l.ctx.db
      .selectFrom('audit_event')
      .select(['details', 'record_type'])
      .where('action', '=', 'network.read')
      .where('record_id', '=', a)
      .execute();
    expect(audit.length).toBe(4);
    expect(audit[0]!.record_type).toBe('suspect');
    expect(Object.keys(audit[0]!.details as object).sort()).toEqual(['edges', 'hops', 'nodes']);
  });

  it('finds the shortest path between two suspects, or says there is no connection', async () => {
    // a —case1— b —link— c —case2— d ; e alone
    const [a, b, cS, d, e] = [
      await suspect(u.inv!, { fullName: 'Path A' }),
      await suspect(u.inv!, { fullName: 'Path B' }),
      await suspect(u.inv!, { fullName: 'Path C' }),
      await suspect(u.inv!, { fullName: 'Path D' }),
      await suspect(u.inv!, { fullName: 'Path E' }),
    ];
    const case1 = await openCase(u.inv!);
    const case2 = await openCase(u.inv!);
    await linkCase(u.inv!, case1.id, a);
    await linkCase(u.inv!, case1.id, b);
    await linkSuspects(u.inv!, b, cS);
    await linkCase(u.inv!, case2.id, cS);
    await linkCase(u.inv!, case2.id, d);
    const path = await call(u.inv!, 'GET', `/api/v1/network/path?from=${a}&to=${d}`);
    expect(path.status).toBe(200);
    expect(path.body.nodes.map((n: { id: string }) => n.id)).toEqual([
      `suspect:${a}`,
      `case:${case1.id}`,
      `suspect:${b}`,
      `suspect:${cS}`,
      `case:${case2.id}`,
      `suspect:${d}`,
    ]);
    expect(path.body.edges).toHaveLength(5);
    expect((await call(u.inv!, 'GET', `/api/v1/network/path?from=${a}&to=${d}&maxHops=4`)).status).toBe(404);
    const none = await call(u.inv!, 'GET', `/api/v1/network/path?from=${a}&to=${e}`);
    expect(none.status).toBe(404);
    expect(none.body.detail).toMatch(/No connection/);
    // Another agency's suspect at one end: 404 as for any invisible suspect.
    const hidden = await suspect(u.other!);
    expect((await call(u.inv!, 'GET', `/api/v1/network/path?from=${a}&to=${hidden}`)).status).toBe(404);
  });

  it('groups the agency’s network into clusters with their sizes', async () => {
    const a = await suspect(u.other!, { fullName: 'Cluster A' });
    const b = await suspect(u.other!, { fullName: 'Cluster B' });
    const c = await suspect(u.other!, { fullName: 'Cluster C' });
    await linkSuspects(u.other!, a, b);
    const around = await call(u.other!, 'GET', `/api/v1/network/clusters?around=suspect:${a}`);
    expect(around.status).toBe(200);
    expect(around.body.clusters).toEqual([
      {
        id: [`suspect:${a}`, `suspect:${b}`].sort()[0],
        size: 2,
        suspects: 2,
        nodes: [`suspect:${a}`, `suspect:${b}`].sort(),
      },
    ]);
    const all = await call(u.other!, 'GET', '/api/v1/network/clusters');
    const withC = all.body.clusters.find((g: { nodes: string[] }) => g.nodes.includes(`suspect:${c}`));
    expect(withC.size).toBe(1);
    const withA = all.body.clusters.find((g: { nodes: string[] }) => g.nodes.includes(`suspect:${a}`));
    expect(withA.size).toBe(2);
    // Hà Nội's suspects are not in HCM's clusters.
    expect(JSON.stringify(all.body)).not.toContain('Path A');
  });

  it('exports the network as GraphML and as CSV node and edge lists, audited as an export', async () => {
    const a = await suspect(u.inv!, { fullName: 'Export <A> & "B"' });
    const b = await suspect(u.inv!, { fullName: '=HYPERLINK("x")' });
    await linkSuspects(u.inv!, a, b, 'family');
    const graphml = await call(u.inv!, 'GET', `/api/v1/network/export?around=suspect:${a}&hops=1&format=graphml`);
    expect(graphml.status).toBe(200);
    expect(graphml.headers['content-disposition']).toMatch(/^attachment; filename="lantern-network-.*\.graphml"$/);
    const doc = parseGraphML(graphml.body as string); // throws on XML that is not well-formed
    expect(doc.nodes).toHaveLength(2);
    expect(doc.keys).toEqual(expect.arrayContaining(['type', 'label', 'role']));
    expect(doc.labels).toContain('Export <A> & "B"');
    expect(doc.edges).toBe(1);

    const nodesCsv = await call(u.inv!, 'GET', `/api/v1/network/export?around=suspect:${a}&hops=1&format=csv-nodes`);
    const lines = (nodesCsv.body as string)
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('id,type,label,kind');
    expect(lines).toHaveLength(3);
    expect(lines.some((line) => line.includes(`suspect:${b},suspect,"'=HYPERLINK(""x"")"`))).toBe(true);
    const edgesCsv = await call(u.inv!, 'GET', `/api/v1/network/export?around=suspect:${a}&hops=1&format=csv-edges`);
    const edgeLines = (edgesCsv.body as string)
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(edgeLines[0]).toBe('id,source,target,type,role,relation,recordedAt');
    expect(edgeLines[1]).toContain('suspect_link');
    expect(edgeLines[1]).toContain('family');

    const events = await l.ctx.db
      .selectFrom('audit_event')
      .select(['details', 'record_id'])
      .where('action', '=', 'network.export')
      .where('record_id', '=', a)
      .execute();
    expect(events).toHaveLength(3);
    expect(events.map((e) => (e.details as { format: string }).format).sort()).toEqual([
      'csv-edges',
      'csv-nodes',
      'graphml',
    ]);
    for (const e of events) expect(JSON.stringify(e.details)).not.toMatch(/Export|HYPERLINK/);
  });

  it('audits creations and links with ids only', async () => {
    const s = await suspect(u.inv!, { fullName: 'Audit Tên Riêng', notes: 'bí mật' });
    const c = await openCase(u.inv!);
    const link = await linkCase(u.inv!, c.id, s);
    const events = await l.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'record_type', 'record_id', 'details'])
      .where((eb) => eb.or([eb('record_id', '=', s), eb('record_id', '=', c.id)]))
      .where('action', 'in', ['suspect.create', 'case.suspect_link'])
      .execute();
    expect(events.map((e) => e.action).sort()).toEqual(['case.suspect_link', 'suspect.create']);
    const linkEvent = events.find((e) => e.action === 'case.suspect_link')!;
    expect(linkEvent.details).toEqual({ suspectId: s, linkId: link.body.id });
    expect(JSON.stringify(events)).not.toMatch(/Audit Tên|bí mật/);
  });
});
