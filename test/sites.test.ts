// Issue 14 §3: campaign sites and their posters, on each database. The register is kept by system
// administrators and hotline agencies' administrators (hotline operators read it and print posters); a
// poster's link marks reports only when it names an active site, and the public never sees an error for
// it; the poster is an A4 or A3 PDF with its font embedded, Vietnamese with its diacritics, and the QR code
// of the site's link; the figures per site and month hide small counts; `lantern site` and `lantern
// posters` do the same from the console.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliWorld, runCli, type CliWorld } from './support/cli-world.js';
import { databases, startLantern, type TestLantern, type TestUser } from './support/harness.js';
import { pdfText } from './support/pdf-text.js';

const PUBLIC_URL = 'https://lantern.example.gov.vn';

/** The decoded content streams of a PDF's pages (pdfkit: one FlateDecode stream per page). */
function contentStreams(pdf: Buffer): string[] {
  const source = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of source.matchAll(/<<([^]*?)>>\s*stream\r?\n/g)) {
    const length = Number(/\/Length (\d+)/.exec(m[1]!)?.[1] ?? -1);
    if (length < 0 || /\/Subtype|\/Length1|\/Type \/XObject/.test(m[1]!)) continue;
    const start = m.index! + m[0].length;
    const data = Buffer.from(source.slice(start, start + length), 'latin1');
    try {
      out.push((/\/FlateDecode/.test(m[1]!) ? inflateSync(data) : data).toString('latin1'));
    } catch {
      /* a stream that is not drawing operators */
    }
  }
  return out;
}

/**
 * The QR code drawn on a poster, read back as its matrix of modules: the pure-black rectangles (each a run
 * of dark modules in one row), placed on the grid their smallest height gives.
 */
function drawnQrMatrix(pdf: Buffer): boolean[][] {
  const block = contentStreams(pdf)
    .map((s) => /\n0 0 0 scn\n((?:[-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ re\n)+)f\n/.exec(s)?.[1])
    .find(Boolean);
  if (!block) throw new Error('no QR code found in the PDF');
  const rects = block
    .trim()
    .split('\n')
    .map((line) => line.split(' ').slice(0, 4).map(Number) as [number, number, number, number]);
  const m = Math.min(...rects.map((r) => r[3]));
  const x0 = Math.min(...rects.map((r) => r[0]));
  const y0 = Math.min(...rects.map((r) => r[1]));
  const size = Math.round((Math.max(...rects.map((r) => r[0] + r[2])) - x0) / m);
  const matrix = Array.from({ length: size }, () => Array.from({ length: size }, () => false));
  for (const [x, y, w] of rects) {
    const row = Math.round((y - y0) / m);
    const col = Math.round((x - x0) / m);
    for (let c = col; c < col + Math.round(w / m); c++) matrix[row]![c] = true;
  }
  return matrix;
}

/** The matrix the QR library makes for `text` at the posters' error correction level. */
function expectedQrMatrix(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'Q' });
  return Array.from({ length: modules.size }, (_, r) =>
    Array.from({ length: modules.size }, (_, c) => Boolean(modules.get(r, c))),
  );
}

/** The text of the QR code's byte segments, as the library encoded them. */
function qrText(text: string): string {
  return QRCode.create(text, { errorCorrectionLevel: 'Q' })
    .segments.map((s) => (typeof s.data === 'string' ? s.data : Buffer.from(s.data).toString('utf8')))
    .join('');
}

describe.each(databases)('campaign sites on %s', (kind) => {
  let l: TestLantern;
  const u: Record<string, TestUser> = {};

  beforeAll(async () => {
    l = await startLantern(kind, { config: { publicUrl: PUBLIC_URL } });
    const hotline = await l.agency('HOTLINE-111', 'hotline');
    const police = await l.agency('POLICE-S', 'police');
    const ministry = await l.agency('MINISTRY-S', 'ministry');
    u.sysadmin = await l.user(ministry, ['system_admin']);
    u.hotlineAdmin = await l.user(hotline, ['agency_admin']);
    u.operator = await l.user(hotline, ['hotline_operator']);
    u.policeAdmin = await l.user(police, ['agency_admin']);
    u.investigator = await l.user(police, ['investigator']);
    u.analyst = await l.user(ministry, ['analyst']);
  }, 120_000);
  afterAll(async () => {
    await l?.stop();
  });

  const as = (who: string) => u[who]!.token;
  const countSites = async () =>
    Number(
      (
        await l.ctx.db
          .selectFrom('campaign_site')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const audits = (action: string, actorId?: string) => {
    let q = l.ctx.db.selectFrom('audit_event').select(['outcome', 'record_id', 'details', 'actor_id']);
    q = q.where('action', '=', action);
    if (actorId) q = q.where('actor_id', '=', actorId);
    return q.execute();
  };
  const site = (code: string, overrides: Record<string, unknown> = {}) => ({
    code,
    name: `Ga ${code}`,
    kind: 'train_station',
    province: 'ha-noi',
    ...overrides,
  });

  it('tells the web app who keeps the register and who reads it', async () => {
    const can = async (who: string) => (await l.call(as(who), 'GET', '/api/v1/auth/me')).body.can;
    expect(await can('sysadmin')).toMatchObject({ manageSites: true, seeSites: true });
    expect(await can('hotlineAdmin')).toMatchObject({ manageSites: true, seeSites: true });
    expect(await can('operator')).toMatchObject({ manageSites: false, seeSites: true });
    for (const who of ['policeAdmin', 'investigator', 'analyst'])
      expect(await can(who), who).toMatchObject({ manageSites: false, seeSites: false });
  });

  it('adds a site with its link, upper-casing the code, and audits it', async () => {
    const created = await l.call(as('hotlineAdmin'), 'POST', '/api/v1/sites', {
      code: ' hn-ga ',
      name: 'Ga Hà Nội',
      kind: 'train_station',
      province: 'ha-noi',
    });
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.body).toMatchObject({
      code: 'HN-GA',
      name: 'Ga Hà Nội',
      kind: 'train_station',
      province: 'ha-noi',
      active: true,
      link: `${PUBLIC_URL}/report?site=HN-GA`,
      version: 1,
    });
    const events = await audits('site.create', u.hotlineAdmin!.id);
    expect(events).toEqual([expect.objectContaining({ outcome: 'success', record_id: created.body.id })]);

    const byAdmin = await l.call(as('sysadmin'), 'POST', '/api/v1/sites', site('NB-AIR', { kind: 'airport' }));
    expect(byAdmin.status).toBe(201);
    const list = await l.call(as('operator'), 'GET', '/api/v1/sites');
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { code: string }) => s.code)).toEqual(expect.arrayContaining(['HN-GA', 'NB-AIR']));
    const one = await l.call(as('operator'), 'GET', '/api/v1/sites/hn-ga');
    expect(one.status).toBe(200);
    expect(one.headers.etag).toBe('"1"');
    expect(one.body.code).toBe('HN-GA');
    expect((await l.call(as('operator'), 'GET', '/api/v1/sites/NOPE-1')).status).toBe(404);
  });

  it('refuses what is not a site with a 400 naming the field, and a taken code with a 409; nothing is stored', async () => {
    const before = await countSites();
    const bad: [Record<string, unknown>, string][] = [
      [site('-HN'), 'body.code'],
      [site('A'), 'body.code'],
      [site('HN_GA'), 'body.code'],
      [site('ABCDEFGHIJKLMNOPQ'), 'body.code'],
      [site('HN-X', { name: '   ' }), 'body.name'],
      [site('HN-X', { name: '\u001b[31mGa' }), 'body.name'],
      [site('HN-X', { kind: 'harbour' }), 'body.kind'],
      [site('HN-X', { province: 'ha-tay' }), 'body.province'],
      [{ ...site('HN-X'), active: false }, 'body'],
    ];
    for (const [body, field] of bad) {
      const r = await l.call(as('sysadmin'), 'POST', '/api/v1/sites', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.errors.map((e: { field: string }) => e.field).join(), JSON.stringify(body)).toContain(field);
    }
    const taken = await l.call(as('sysadmin'), 'POST', '/api/v1/sites', site('hn-ga'));
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ reason: 'site-code-taken' });
    expect(taken.body.errors).toEqual([expect.objectContaining({ field: 'body.code', code: 'site-code-taken' })]);
    expect(await countSites()).toBe(before);
  });

  it('lets only system and hotline administrators change the register, and audits the refusals', async () => {
    const before = await countSites();
    for (const who of ['policeAdmin', 'operator', 'investigator', 'analyst']) {
      const r = await l.call(as(who), 'POST', '/api/v1/sites', site('REFUSED'));
      expect(r.status, who).toBe(403);
    }
    expect(await countSites()).toBe(before);
    expect(await audits('site.create', u.policeAdmin!.id)).toEqual([expect.objectContaining({ outcome: 'denied' })]);
    for (const who of ['policeAdmin', 'investigator', 'analyst']) {
      expect((await l.call(as(who), 'GET', '/api/v1/sites')).status, who).toBe(403);
      expect((await l.call(as(who), 'GET', '/api/v1/sites/HN-GA/poster.pdf')).status, who).toBe(403);
    }
    const patch = await l.call(as('operator'), 'PATCH', '/api/v1/sites/HN-GA', { name: 'X' }, { 'if-match': '"1"' });
    expect(patch.status).toBe(403);
    expect((await l.call(null, 'GET', '/api/v1/sites')).status).toBe(401);
  });

  it('changes a site with If-Match: 428 without it, 412 when stale, never the code', async () => {
    await l.call(as('sysadmin'), 'POST', '/api/v1/sites', site('DN-BUS', { kind: 'bus_station', province: 'da-nang' }));
    const url = '/api/v1/sites/DN-BUS';
    expect((await l.call(as('hotlineAdmin'), 'PATCH', url, { name: 'Bến xe Đà Nẵng' })).status).toBe(428);
    const ok = await l.call(
      as('hotlineAdmin'),
      'PATCH',
      url,
      { name: 'Bến xe Trung tâm Đà Nẵng' },
      { 'if-match': '"1"' },
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.body).toMatchObject({
      code: 'DN-BUS',
      name: 'Bến xe Trung tâm Đà Nẵng',
      kind: 'bus_station',
      version: 2,
    });
    const stale = await l.call(as('hotlineAdmin'), 'PATCH', url, { kind: 'other' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    for (const body of [{ code: 'DN-X' }, {}, { province: 'nowhere' }, { active: 'no' }]) {
      const r = await l.call(as('hotlineAdmin'), 'PATCH', url, body, { 'if-match': '"2"' });
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    expect(
      (await l.call(as('hotlineAdmin'), 'PATCH', '/api/v1/sites/NOPE-2', { name: 'x' }, { 'if-match': '"1"' })).status,
    ).toBe(404);
    const row = await l.ctx.db
      .selectFrom('campaign_site')
      .selectAll()
      .where('code', '=', 'DN-BUS')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Bến xe Trung tâm Đà Nẵng', kind: 'bus_station', version: 2 });
    expect((await audits('site.update', u.hotlineAdmin!.id)).filter((e) => e.outcome === 'success')).toEqual([
      expect.objectContaining({ outcome: 'success', details: { fields: ['name'] } }),
    ]);
  });

  it('keeps the site of a poster’s link only when it names an active site, without a word to the public', async () => {
    await l.call(as('sysadmin'), 'POST', '/api/v1/sites', site('OLD-SITE'));
    const off = await l.call(
      as('sysadmin'),
      'PATCH',
      '/api/v1/sites/OLD-SITE',
      { active: false },
      { 'if-match': '"1"' },
    );
    expect(off.body.active).toBe(false);

    const page = async (query: string) => (await l.app.inject({ method: 'GET', url: `/report${query}` })).body;
    expect(await page('?site=hn-ga')).toContain('<input type="hidden" name="site" value="HN-GA">');
    for (const q of ['?site=NOPE-3', '?site=OLD-SITE', '?site=%3Cscript%3E']) {
      const body = await page(q);
      expect(body, q).toContain('<form method="post"');
      expect(body, q).not.toContain('name="site"');
    }

    const submit = async (site: string, ip: string) => {
      const r = await l.app.inject({
        method: 'POST',
        url: '/api/v1/public/reports',
        headers: { 'content-type': 'application/json' },
        remoteAddress: ip,
        payload: JSON.stringify({ whatHappened: 'Tuyển dụng việc nhẹ lương cao ở Campuchia', site }),
      });
      expect(r.statusCode, site).toBe(201);
      const row = await l.ctx.db
        .selectFrom('public_report')
        .select('site_code')
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      return row.site_code;
    };
    expect(await submit('hn-ga', '198.51.100.1')).toBe('HN-GA');
    expect(await submit('NOPE-3', '198.51.100.2')).toBeNull();
    expect(await submit('OLD-SITE', '198.51.100.3')).toBeNull();

    // The form posted without JavaScript, too.
    const form = await l.app.inject({
      method: 'POST',
      url: '/report',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      remoteAddress: '198.51.100.4',
      payload: new URLSearchParams({ whatHappened: 'Bị giữ hộ chiếu', site: 'OLD-SITE' }).toString(),
    });
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('OLD-SITE');
    const last = await l.ctx.db
      .selectFrom('public_report')
      .select('site_code')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(last.site_code).toBeNull();
  });

  it('prints the poster: A4 or A3, the font embedded, Vietnamese whole, 111, the name and the QR code of the link', async () => {
    const get = (query: string, who = 'operator') =>
      l.app.inject({
        method: 'GET',
        url: `/api/v1/sites/hn-ga/poster.pdf${query}`,
        headers: { authorization: `Bearer ${as(who)}` },
      });
    const link = `${PUBLIC_URL}/report?site=HN-GA`;
    const cases: [string, string, RegExp, string[]][] = [
      [
        '',
        'vi-A4',
        /\/MediaBox \[0 0 595\.28 841\.89\]/,
        ['CẢNH GIÁC VỚI VIỆC LÀM', 'giữ hộ chiếu', 'Gọi đường dây nóng'],
      ],
      [
        '?lang=en&size=A3',
        'en-A3',
        /\/MediaBox \[0 0 841\.89 1190\.55\]/,
        ['BEWARE OF FAKE JOB OFFERS ONLINE', 'scam compounds'],
      ],
      ['?lang=fr&size=A4', 'fr-A4', /\/MediaBox \[0 0 595\.28 841\.89\]/, ['MÉFIEZ-VOUS DES FAUSSES', 'passeport']],
    ];
    for (const [query, name, mediaBox, phrases] of cases) {
      const r = await get(query);
      expect(r.statusCode, name).toBe(200);
      expect(r.headers['content-type']).toContain('application/pdf');
      expect(r.headers['content-disposition']).toBe(`attachment; filename="poster-HN-GA-${name}.pdf"`);
      const pdf = r.rawPayload;
      const raw = pdf.toString('latin1');
      expect(raw.startsWith('%PDF-')).toBe(true);
      expect(raw, name).toMatch(mediaBox);
      expect(raw.match(/\/Type \/Page\b/g), name).toHaveLength(1);
      // Noto Sans, embedded (a subset with its glyphs): no printer's font stands in for it.
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Bold/);
      expect(raw.match(/\/FontFile2 \d+ 0 R/g)!.length).toBeGreaterThanOrEqual(2);
      const text = pdfText(pdf).join('\n').replace(/\s+/g, ' ');
      expect(text).not.toContain('\uFFFD');
      for (const phrase of phrases) expect(text, `${name}: ${phrase}`).toContain(phrase);
      expect(text).toContain('111');
      expect(text).toContain('Ga Hà Nội');
      expect(text).toContain(link);
      // The QR code on the page is, module for module, the code of the site's link.
      expect(drawnQrMatrix(pdf), name).toEqual(expectedQrMatrix(link));
    }
    expect(qrText(link)).toBe(link);
    expect(drawnQrMatrix((await get('')).rawPayload)).not.toEqual(expectedQrMatrix(`${PUBLIC_URL}/report?site=NB-AIR`));

    for (const query of ['?lang=de', '?size=A5', '?format=svg']) expect((await get(query)).statusCode, query).toBe(400);
    const inactive = await l.call(as('operator'), 'GET', '/api/v1/sites/OLD-SITE/poster.pdf');
    expect(inactive.status).toBe(409);
    expect(inactive.body.reason).toBe('site-inactive');
    expect((await l.call(as('operator'), 'GET', '/api/v1/sites/NOPE-4/poster.pdf')).status).toBe(404);
    const printed = await audits('site.poster', u.operator!.id);
    expect(printed.filter((e) => e.outcome === 'success').map((e) => e.details)).toEqual([
      { format: 'A4-vi' },
      { format: 'A3-en' },
      { format: 'A4-fr' },
      { format: 'A4-vi' },
    ]);
  });

  it('counts reports and escalations per site and month, hiding small counts so they cannot be derived', async () => {
    const addReports = async (code: string, at: string, n: number, outcome: string | null = null) => {
      for (let i = 0; i < n; i++)
        await l.ctx.db
          .insertInto('public_report')
          .values({
            id: crypto.randomUUID(),
            site_code: code,
            language: 'vi',
            content: l.ctx.keys.encrypt('{}'),
            minor_involved: false,
            immediate_danger: false,
            created_at: new Date(at),
            triage_outcome: outcome,
            status: outcome === 'escalated' ? 'passed_to_authority' : outcome ? 'closed' : 'received',
          })
          .execute();
    };
    await l.call(as('sysadmin'), 'POST', '/api/v1/sites', site('ST-A'));
    await l.call(as('sysadmin'), 'POST', '/api/v1/sites', site('ST-B'));
    // March 2024 in Ha Noi: 16:59 UTC on 31 March is 23:59 there, still March; 17:00 is April.
    await addReports('ST-A', '2024-03-10T03:00:00Z', 12);
    await addReports('ST-A', '2024-03-31T16:59:00Z', 3, 'escalated');
    await addReports('ST-A', '2024-03-31T17:00:00Z', 15);
    await addReports('ST-B', '2024-03-12T03:00:00Z', 2);
    await addReports('ST-B', '2024-03-12T04:00:00Z', 30, 'spam');

    const r = await l.call(as('analyst'), 'GET', '/api/v1/statistics/sites?from=2024-02&to=2024-04');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      minCell: 10,
      from: '2024-02',
      to: '2024-04',
      months: ['2024-02', '2024-03', '2024-04'],
    });
    const codes: string[] = r.body.sites.map((s: { code: string }) => s.code);
    const a = codes.indexOf('ST-A');
    const b = codes.indexOf('ST-B');
    const reports = r.body.reports;
    // March: 12 + 3 of ST-A (the last at 23:59 in Ha Noi) and 2 of ST-B; ST-B's 30 spam do not count.
    expect(reports.columnTotals[1]).toEqual({ value: 17, status: 'shown' });
    expect(reports.cells[a][2]).toEqual({ value: 15, status: 'shown' });
    expect(reports.cells[a][0]).toEqual({ value: 0, status: 'shown' });
    // ST-B's 2 reports of March: hidden, and neither its row nor March's column gives it away.
    expect(reports.cells[b][1]).toEqual({ value: null, status: 'suppressed' });
    const hiddenIn = (entries: { status: string }[]) => entries.filter((e) => e.status === 'suppressed').length;
    expect(hiddenIn([...reports.cells[b], reports.rowTotals[b]])).toBeGreaterThanOrEqual(2);
    expect(
      hiddenIn([...reports.cells.map((row: unknown[]) => row[1]), reports.columnTotals[1]]),
    ).toBeGreaterThanOrEqual(2);
    // 3 escalations are hidden too.
    expect(r.body.escalations.cells[a][1]).toEqual({ value: null, status: 'suppressed' });
    expect(JSON.stringify(r.body)).not.toMatch(/"value":[1-9],/);

    const events = await audits('statistics.sites_read', u.analyst!.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ k: 10, windowFrom: '2024-02', windowTo: '2024-04' });
    expect((events[0]!.details as { suppressedCells: number }).suppressedCells).toBeGreaterThan(0);

    expect((await l.call(as('operator'), 'GET', '/api/v1/statistics/sites')).status).toBe(403);
    expect((await l.call(as('analyst'), 'GET', '/api/v1/statistics/sites?from=2024-05&to=2024-04')).status).toBe(400);
    expect((await l.call(as('analyst'), 'GET', '/api/v1/statistics/sites?from=2020-01&to=2024-04')).status).toBe(400);
    expect((await l.call(as('analyst'), 'GET', '/api/v1/statistics/sites?from=2024-13')).status).toBe(400);
    const current = await l.call(as('analyst'), 'GET', '/api/v1/statistics/sites');
    expect(current.status).toBe(200);
    expect(current.body.months).toHaveLength(12);
  });
});

describe.each(databases)('lantern site and lantern posters on %s', (kind) => {
  let world: CliWorld;
  beforeAll(async () => {
    world = await cliWorld(kind, 'lantern-sites');
    world.env.LANTERN_PUBLIC_URL = PUBLIC_URL;
  });
  afterAll(async () => {
    await world?.dispose();
  });

  it('adds and lists sites, with clear errors (exit 2) and nothing stored for them', async () => {
    const added = await world.cli([
      'site',
      'add',
      '--code',
      'hn-ga',
      '--name',
      'Ga Hà Nội',
      '--kind',
      'train_station',
      '--province',
      'ha-noi',
    ]);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`Campaign site HN-GA added. Its posters link to ${PUBLIC_URL}/report?site=HN-GA`);
    expect(added.stderr).toBe('');
    expect(
      (await world.cli(['site', 'add', '--code', 'SGN', '--name', 'Sân bay Tân Sơn Nhất', '--kind', 'airport'])).code,
    ).toBe(0);

    const failures: [string[], RegExp][] = [
      [
        ['--code', 'HN-GA', '--name', 'Ga', '--kind', 'train_station'],
        /A campaign site with the code HN-GA exists already/,
      ],
      [
        ['--code', 'HN_GA', '--name', 'Ga', '--kind', 'train_station'],
        /The code "HN_GA" is not one: 2 to 16 upper-case/,
      ],
      [
        ['--code', 'HN-X', '--name', 'Ga', '--kind', 'train_station', '--province', 'ha-tay'],
        /Unknown province "ha-tay"/,
      ],
      [['--code', 'HN-X', '--name', 'Ga', '--kind', 'harbour'], /Allowed choices are train_station/],
      [['--code', 'HN-X', '--name', 'Ga'], /--kind <kind>' not specified/],
      [['--code', 'HN-X', '--name', ' ', '--kind', 'school'], /The name is not valid/],
    ];
    for (const [args, message] of failures) {
      const r = await world.cli(['site', 'add', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }

    const list = await world.cli(['site', 'list']);
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^CODE\s+KIND\s+PROVINCE\s+STATE\s+NAME\s+LINK$/);
    expect(lines[1]).toMatch(
      new RegExp(`^HN-GA\\s+train_station\\s+ha-noi\\s+active\\s+Ga Hà Nội\\s+${PUBLIC_URL}/report\\?site=HN-GA$`),
    );
    expect(lines[2]).toMatch(/^SGN\s+airport\s+-\s+active\s+Sân bay Tân Sơn Nhất\s+/);
    expect(lines[3]).toBe('2 sites.');

    await world.withLantern(async (l) => {
      const events = await l.ctx.db
        .selectFrom('audit_event')
        .select(['actor_id', 'details'])
        .where('action', '=', 'site.create')
        .execute();
      expect(events).toEqual([
        { actor_id: null, details: { via: 'cli' } },
        { actor_id: null, details: { via: 'cli' } },
      ]);
    });
  }, 180_000);

  it('writes a poster in the language and size asked for, and says why it cannot', async () => {
    const out = path.join(world.dir, 'poster-HN-GA-fr-A3.pdf');
    const r = await world.cli(['posters', '--site', 'hn-ga', '--lang', 'fr', '--size', 'A3', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Poster of HN-GA (A3, fr) written to ${out}`);
    const pdf = fs.readFileSync(out);
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89 1190\.55\]/);
    const text = pdfText(pdf).join('\n');
    expect(text).toContain('MÉFIEZ-VOUS DES FAUSSES');
    expect(text).toContain('Ga Hà Nội');
    expect(drawnQrMatrix(pdf)).toEqual(expectedQrMatrix(`${PUBLIC_URL}/report?site=HN-GA`));

    const vi = path.join(world.dir, 'vi.pdf');
    expect((await world.cli(['posters', '--site', 'SGN', '--out', vi])).code).toBe(0);
    expect(fs.readFileSync(vi).toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    expect(pdfText(fs.readFileSync(vi)).join('\n')).toContain('Sân bay Tân Sơn Nhất');

    const missing = path.join(world.dir, 'no-such-folder', 'p.pdf');
    const failures: [string[], RegExp][] = [
      [['--site', 'NOPE', '--out', path.join(world.dir, 'x.pdf')], /No campaign site has the code NOPE/],
      [['--site', 'HN-GA', '--out', missing], /The folder .*no-such-folder does not exist/],
      [['--site', 'HN-GA', '--lang', 'de', '--out', path.join(world.dir, 'x.pdf')], /Allowed choices are vi, en, fr/],
      [['--site', 'HN-GA', '--size', 'A5', '--out', path.join(world.dir, 'x.pdf')], /Allowed choices are A4, A3/],
      [['--site', 'HN-GA'], /--out <file>' not specified/],
    ];
    for (const [args, message] of failures) {
      const f = await world.cli(['posters', ...args]);
      expect(f.code, args.join(' ')).toBe(2);
      expect(f.stderr, args.join(' ')).toMatch(message);
    }
    expect(fs.existsSync(path.join(world.dir, 'x.pdf'))).toBe(false);

    // An inactive site has no poster.
    await world.withLantern(async (l) => {
      await l.ctx.db.updateTable('campaign_site').set({ active: false }).where('code', '=', 'SGN').execute();
    });
    const inactive = await world.cli(['posters', '--site', 'sgn', '--out', path.join(world.dir, 'x.pdf')]);
    expect(inactive.code).toBe(2);
    expect(inactive.stderr).toContain('The campaign site SGN is inactive');

    // A poster pointing at this machine is written, with a warning.
    const local = await runCli({ ...world.env, LANTERN_PUBLIC_URL: '' }, [
      'posters',
      '--site',
      'HN-GA',
      '--out',
      path.join(world.dir, 'local.pdf'),
    ]);
    expect(local.code).toBe(0);
    expect(local.stderr).toMatch(/Warning: the link is http:\/\/localhost:\d+, this machine\./);
  }, 180_000);
});
