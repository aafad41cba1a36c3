// Issue 14 §1: the public report form and its anonymous follow-up, on each database. A person
// reports without JavaScript and keeps a receipt; the hotline asks a question and the reporter
// answers; nothing identifying the reporter is stored or logged, receipts cannot be guessed, and
// uploads are limited and stripped of their metadata.
import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_TEXT } from '../src/reporting/page-text.js';
import { createSite } from '../src/reporting/sites.js';
import { databases, startLantern, type TestLantern, type TestUser } from './support/harness.js';

const AGENT = 'LanternTestAgent/7.3 (reporter phone)';

type Fields = Record<string, string | string[]>;

function urlencoded(fields: Fields): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  return params.toString();
}

interface FilePart {
  name: string;
  filename: string;
  type: string;
  data: Buffer;
}

function multipartBody(fields: Fields, files: FilePart[]) {
  const boundary = `----lantern${crypto.randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    for (const one of Array.isArray(v) ? v : [v])
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${one}\r\n`));
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
    );
    chunks.push(f.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Every string of the catalogue, in order, so that vi and en can be compared entry by entry. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

const unescape = (html: string) =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The English sentences of the catalogue found in a page that should be Vietnamese. */
function englishIn(page: string): string[] {
  const vi = strings(PAGE_TEXT.vi);
  const en = strings(PAGE_TEXT.en);
  const text = unescape(page);
  return en.filter((s, i) => s !== vi[i] && s.length > 3 && s !== 'English' && text.includes(s.split('{')[0]!));
}

describe.each(databases)('public reports on %s', (kind) => {
  let l: TestLantern;
  let hotline: TestUser;
  let police: TestUser;
  const logLines: string[] = [];
  const secrets: string[] = []; // receipts and texts that must never reach the log

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    l = await startLantern(kind, { logStream: sink });
    hotline = await l.user(await l.agency('HOTLINE-111', 'hotline'), ['hotline_operator']);
    police = await l.user(await l.agency('POLICE-PR', 'police'), ['investigator', 'intake_officer']);
    // The campaign sites of the posters whose links these reports come through (test/sites.test.ts for the rest).
    for (const code of ['HN-GA', 'AG-BUS'])
      await createSite(l.ctx.db, l.ctx.config.publicUrl, { code, name: code, kind: 'train_station' }, null);
  });
  afterAll(async () => {
    await l?.stop();
  });

  /** A public request from `ip`, as a phone would send it; checks no cookie is ever set. */
  async function send(
    method: 'GET' | 'POST',
    url: string,
    options: { ip?: string; form?: Fields; json?: unknown; multipart?: ReturnType<typeof multipartBody> } = {},
  ) {
    const headers: Record<string, string> = { 'user-agent': AGENT };
    let payload: string | Buffer | undefined;
    if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = urlencoded(options.form);
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(options.json);
    } else if (options.multipart) {
      headers['content-type'] = options.multipart.contentType;
      payload = options.multipart.payload;
    }
    const response = await l.app.inject({
      method,
      url,
      headers,
      remoteAddress: options.ip ?? '203.0.113.10',
      ...(payload !== undefined ? { payload } : {}),
    });
    expect(response.headers['set-cookie'], `${method} ${url} sets no cookie`).toBeUndefined();
    let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      json = JSON.parse(response.body);
    } catch {
      json = undefined;
    }
    return { status: response.statusCode, headers: response.headers, body: response.body, json };
  }

  const receiptOf = (page: string) => /<p class="receipt">([0-9 ]+)<\/p>/.exec(page)?.[1]?.replace(/ /g, '');
  const countReports = async () =>
    Number(
      (
        await l.ctx.db
          .selectFrom('public_report')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('serves the form at /report without JavaScript or third parties, in vi by default, en and fr', async () => {
    const vi = await send('GET', '/report?site=HN-GA');
    expect(vi.status).toBe(200);
    expect(vi.headers['content-type']).toContain('text/html');
    expect(vi.body).toContain('<html lang="vi">');
    expect(vi.body).toContain('<form method="post" action="/report" enctype="multipart/form-data">');
    expect(vi.body).toContain('<input type="hidden" name="site" value="HN-GA">');
    expect(vi.body).toContain('Hà Nội');
    expect(vi.body.match(/<option value="[a-z-]+"/g)!.length).toBeGreaterThanOrEqual(34);
    expect(vi.body).not.toMatch(/<script|https?:\/\/|src=/i);
    expect(Buffer.byteLength(vi.body)).toBeLessThanOrEqual(30 * 1024);
    expect(vi.headers['content-security-policy']).toContain("default-src 'none'");
    expect(vi.headers['cache-control']).toBe('no-store');
    expect(vi.body).toContain('href="/report/follow-up"');
    expect(vi.body).toContain('href="/report?lang=en&amp;site=HN-GA"');
    expect(englishIn(vi.body)).toEqual([]);
    expect(vi.body).toContain(PAGE_TEXT.vi.contact);
    expect(vi.body).toContain(PAGE_TEXT.vi.optional);

    const en = await send('GET', '/report?lang=en');
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Report suspected human trafficking');
    expect(en.body).toContain('action="/report?lang=en"');
    const fr = await send('GET', '/report?lang=fr');
    expect(fr.body).toContain('<html lang="fr">');
    expect(fr.body).toContain(PAGE_TEXT.fr.title);
    for (const page of [en.body, fr.body]) expect(Buffer.byteLength(page)).toBeLessThanOrEqual(30 * 1024);

    const followUp = await send('GET', '/report/follow-up');
    expect(followUp.status).toBe(200);
    expect(followUp.body).toContain('name="receipt"');
    expect(englishIn(followUp.body)).toEqual([]);
  });

  it('takes a urlencoded post and shows the receipt once; the report is stored encrypted, without the receipt', async () => {
    const before = await countReports();
    const text = 'Chị tôi nhận việc lương cao qua Facebook, giờ bị giữ ở Campuchia';
    const r = await send('POST', '/report', {
      form: {
        whatHappened: text,
        province: 'an-giang',
        minorInvolved: 'no',
        immediateDanger: 'yes',
        recruitment: 'online_job_ad',
        destinationCountry: 'KH',
        identifiers: '0912345678\nfb.com/vieclamluongcao',
        contact: '',
        language: 'vi',
        site: 'AG-BUS',
      },
    });
    expect(r.status).toBe(200);
    expect(r.body).toContain(PAGE_TEXT.vi.receiptWriteDown);
    expect(englishIn(r.body)).toEqual([]);
    const receipt = receiptOf(r.body)!;
    expect(receipt).toMatch(/^[0-9]{16}$/);
    expect(r.body).toMatch(/[0-9]{4} [0-9]{4} [0-9]{4} [0-9]{4}/);
    secrets.push(receipt, text, '0912345678');
    expect(await countReports()).toBe(before + 1);

    const row = await l.ctx.db
      .selectFrom('public_report')
      .selectAll()
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      immediate_danger: true,
      minor_involved: false,
      province_code: 'an-giang',
      site_code: 'AG-BUS',
      status: 'received',
    });
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(receipt);
    expect(stored).not.toContain('Campuchia');
    expect(stored).not.toContain('203.0.113');
    expect(JSON.parse(l.ctx.keys.decrypt(row.content))).toMatchObject({
      whatHappened: text,
      identifiers: ['0912345678', 'fb.com/vieclamluongcao'],
      recruitment: 'online_job_ad',
    });
    // Nothing about the reporter in the audit trail either: no actor, no address.
    const audit = await l.ctx.db
      .selectFrom('audit_event')
      .select(['actor_id', 'client_ip', 'outcome'])
      .where('record_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_id: null, client_ip: null, outcome: 'success' });

    // The receipt, typed with spaces or dashes, opens the report; the answer never repeats it.
    const followUp = await send('POST', '/api/v1/public/reports/follow-up', {
      json: { receipt: receipt.replace(/(\d{4})(?=\d)/g, '$1-') },
    });
    expect(followUp.status).toBe(200);
    expect(followUp.json).toEqual({ status: 'received', messages: [] });
    expect(followUp.body).not.toContain(receipt);
  });

  it('shows the form again with errors in the person’s language, keeping what they typed, and stores nothing', async () => {
    const before = await countReports();
    const en = await send('POST', '/report?lang=en', {
      form: { whatHappened: '', place: 'Bến xe Mỹ Đình', province: 'nowhere', language: 'en' },
    });
    expect(en.status).toBe(400);
    expect(en.body).toContain(PAGE_TEXT.en.errorsHeading);
    expect(en.body).toContain(PAGE_TEXT.en.fieldErrors.required);
    expect(en.body).toContain(PAGE_TEXT.en.fieldErrors['not-a-choice']);
    expect(en.body).toContain('value="Bến xe Mỹ Đình"');
    const vi = await send('POST', '/report', { form: { whatHappened: '   ', contact: '<b>0988</b>' } });
    expect(vi.status).toBe(400);
    expect(vi.body).toContain(PAGE_TEXT.vi.fieldErrors.required);
    expect(vi.body).toContain('value="&lt;b&gt;0988&lt;/b&gt;"');
    expect(englishIn(vi.body)).toEqual([]);
    expect(await countReports()).toBe(before);
  });

  it('takes JSON on the API: 201 with the receipt, 400 naming the fields, and a wrong receipt 404 like one that never existed', async () => {
    const created = await send('POST', '/api/v1/public/reports', {
      json: { whatHappened: 'Job ad on Telegram, passport taken', minorInvolved: 'yes', identifiers: ['@fastjobs'] },
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.json)).toEqual(['receipt']);
    expect(created.json.receipt).toMatch(/^[0-9]{16}$/);
    secrets.push(created.json.receipt);

    const bad = await send('POST', '/api/v1/public/reports', {
      json: { whatHappened: 'x', province: 'atlantis', immediateDanger: 'perhaps' },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json.errors.map((e: { field: string }) => e.field)).toEqual(['province', 'immediateDanger']);

    // A receipt that differs by its last digit (it existed a digit away) and a random one: the same 404.
    const near = created.json.receipt.slice(0, 15) + String((Number(created.json.receipt[15]) + 1) % 10);
    const wrong1 = await send('POST', '/api/v1/public/reports/follow-up', {
      json: { receipt: near },
      ip: '198.51.100.1',
    });
    const wrong2 = await send('POST', '/api/v1/public/reports/follow-up', {
      json: { receipt: '0000 0000 0000 0001' },
      ip: '198.51.100.1',
    });
    expect(wrong1.status).toBe(404);
    expect(wrong2.status).toBe(404);
    expect(wrong1.json).toEqual(wrong2.json);
    const malformed = await send('POST', '/api/v1/public/reports/follow-up', { json: { receipt: '1234' } });
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors[0]).toMatchObject({ field: 'receipt', code: 'receipt-format' });
  });

  it('carries a two-way conversation: the hotline asks, the reporter reads and answers, with and without JavaScript', async () => {
    const { json } = await send('POST', '/api/v1/public/reports', {
      json: { whatHappened: 'Cousin recruited via Zalo, now in Myanmar', language: 'en' },
    });
    const receipt = json.receipt as string;
    secrets.push(receipt);
    const { id } = await l.ctx.db
      .selectFrom('public_report')
      .select('id')
      .where('receipt_index', '=', l.ctx.keys.blindIndex(`public-report-receipt:${receipt}`))
      .executeTakeFirstOrThrow();

    const question = await l.call(hotline.token, 'POST', `/api/v1/reports/${id}/messages`, {
      text: 'Do you know the name of the company in Myanmar?',
    });
    expect(question.status).toBe(201);
    expect(question.body).toMatchObject({ from: 'hotline', text: 'Do you know the name of the company in Myanmar?' });
    // Other agencies do not learn that the report exists; a report that does not exist is 404 too.
    expect((await l.call(police.token, 'POST', `/api/v1/reports/${id}/messages`, { text: 'hi' })).status).toBe(404);
    expect(
      (await l.call(hotline.token, 'POST', `/api/v1/reports/${crypto.randomUUID()}/messages`, { text: 'hi' })).status,
    ).toBe(404);
    expect((await l.call(hotline.token, 'POST', `/api/v1/reports/${id}/messages`, { text: '  ' })).status).toBe(400);

    const seen = await send('POST', '/api/v1/public/reports/follow-up', { json: { receipt } });
    expect(seen.json.status).toBe('under_review');
    expect(seen.json.messages).toEqual([
      expect.objectContaining({ from: 'hotline', text: 'Do you know the name of the company in Myanmar?' }),
    ]);
    const answer = await send('POST', '/api/v1/public/reports/follow-up/messages', {
      json: { receipt, text: 'It is called Golden Star Trading.' },
    });
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({ from: 'reporter', text: 'It is called Golden Star Trading.' });
    secrets.push('Golden Star Trading');

    // Without JavaScript: the receipt in the follow-up form shows the conversation; the reply form answers.
    const page = await send('POST', '/report/follow-up?lang=en', {
      form: { receipt: receipt.replace(/(\d{4})(?=\d)/g, '$1 '), language: 'en' },
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Under review');
    expect(page.body).toContain('Do you know the name of the company in Myanmar?');
    expect(page.body).toContain('It is called Golden Star Trading.');
    const replied = await send('POST', '/report/follow-up', {
      form: { receipt, language: 'vi', text: 'Công ty ở Myawaddy' },
    });
    expect(replied.status).toBe(201);
    expect(replied.body).toContain(PAGE_TEXT.vi.sent);
    expect(replied.body).toContain('Công ty ở Myawaddy');
    expect(englishIn(replied.body.replace(/<div class="msg[\s\S]*?<\/div>/g, ''))).toEqual([]);

    const stored = await l.ctx.db
      .selectFrom('public_report_message')
      .select(['sender', 'text', 'created_by'])
      .where('report_id', '=', id)
      .orderBy('created_at')
      .execute();
    expect(stored.map((m) => [m.sender, m.created_by])).toEqual([
      ['hotline', hotline.id],
      ['reporter', null],
      ['reporter', null],
    ]);
    expect(stored.map((m) => m.text).join()).not.toContain('Golden Star'); // encrypted

    const wrongPage = await send('POST', '/report/follow-up', { form: { receipt: '1111 2222 3333 4444' } });
    expect(wrongPage.status).toBe(404);
    expect(wrongPage.body).toContain(PAGE_TEXT.vi.notFound);
  });

  it('makes guessing useless: many wrong receipts from one address are refused (429), a right one still works elsewhere', async () => {
    const { json } = await send('POST', '/api/v1/public/reports', { json: { whatHappened: 'guessing test' } });
    const receipt = json.receipt as string;
    secrets.push(receipt);
    const attacker = '192.0.2.66';
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const guess = String(1_000_000_000_000_000n + BigInt(i) * 7919n);
      statuses.push(
        (await send('POST', '/api/v1/public/reports/follow-up', { json: { receipt: guess }, ip: attacker })).status,
      );
    }
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses[20]).toBe(429);
    // Locked: even the right receipt is refused from there, with when to come back…
    const locked = await send('POST', '/api/v1/public/reports/follow-up', { json: { receipt }, ip: attacker });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    const lockedPage = await send('POST', '/report/follow-up', { form: { receipt }, ip: attacker });
    expect(lockedPage.status).toBe(429);
    expect(lockedPage.body).toContain(PAGE_TEXT.vi.throttled.split('{')[0]!);
    // …while the reporter, elsewhere, follows their report.
    expect(
      (await send('POST', '/api/v1/public/reports/follow-up', { json: { receipt }, ip: '198.51.100.77' })).status,
    ).toBe(200);
    // The throttle keeps no address: only a keyed hash of it.
    const keys = await l.ctx.db
      .selectFrom('login_throttle')
      .select('key')
      .where('key', 'like', 'public-report:%')
      .execute();
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.map((k) => k.key).join()).not.toMatch(/192\.0\.2|198\.51\.100|203\.0\.113/);
  });

  it('pauses every follow-up once wrong receipts from everyone reach the global ceiling', async () => {
    const { json } = await send('POST', '/api/v1/public/reports', {
      json: { whatHappened: 'ceiling test' },
      ip: '192.0.2.150',
    });
    secrets.push(json.receipt);
    // As if a thousand wrong receipts had come from many addresses within the hour.
    await l.ctx.db
      .insertInto('login_throttle')
      .values({
        key: 'public-report:follow-up-failures:all',
        failures: 1000,
        window_start: new Date(),
        locked_until: new Date(Date.now() + 15 * 60_000),
      })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ failures: 1000, locked_until: new Date(Date.now() + 15 * 60_000) }),
      )
      .execute();
    const paused = await send('POST', '/api/v1/public/reports/follow-up', {
      json: { receipt: json.receipt },
      ip: '198.51.100.150',
    });
    expect(paused.status).toBe(429);
    await l.ctx.db.deleteFrom('login_throttle').where('key', '=', 'public-report:follow-up-failures:all').execute();
    expect(
      (
        await send('POST', '/api/v1/public/reports/follow-up', {
          json: { receipt: json.receipt },
          ip: '198.51.100.150',
        })
      ).status,
    ).toBe(200);
  });

  it('takes no more messages on a closed report, from either side (409)', async () => {
    const { json } = await send('POST', '/api/v1/public/reports', {
      json: { whatHappened: 'closed test' },
      ip: '192.0.2.151',
    });
    secrets.push(json.receipt);
    const { id } = await l.ctx.db
      .selectFrom('public_report')
      .select('id')
      .where('receipt_index', '=', l.ctx.keys.blindIndex(`public-report-receipt:${json.receipt}`))
      .executeTakeFirstOrThrow();
    await l.ctx.db.updateTable('public_report').set({ status: 'closed' }).where('id', '=', id).execute();
    const reporter = await send('POST', '/api/v1/public/reports/follow-up/messages', {
      json: { receipt: json.receipt, text: 'one more thing' },
      ip: '192.0.2.151',
    });
    expect(reporter.status).toBe(409);
    expect((await l.call(hotline.token, 'POST', `/api/v1/reports/${id}/messages`, { text: 'any news?' })).status).toBe(
      409,
    );
    const page = await send('POST', '/report/follow-up?lang=fr', {
      form: { receipt: json.receipt, language: 'fr' },
      ip: '192.0.2.151',
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain(PAGE_TEXT.fr.statuses.closed);
    expect(page.body).toContain(PAGE_TEXT.fr.closedNote);
    expect(page.body).not.toContain('name="text"');
    const count = await l.ctx.db
      .selectFrom('public_report_message')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('report_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('limits submissions per address, and answers a filled honeypot like a report while storing nothing', async () => {
    const ip = '192.0.2.200';
    for (let i = 0; i < 10; i++)
      expect((await send('POST', '/api/v1/public/reports', { json: { whatHappened: `flood ${i}` }, ip })).status).toBe(
        201,
      );
    const eleventh = await send('POST', '/api/v1/public/reports', { json: { whatHappened: 'flood 10' }, ip });
    expect(eleventh.status).toBe(429);
    const page = await send('POST', '/report', { form: { whatHappened: 'flood 11' }, ip });
    expect(page.status).toBe(429);
    expect(page.headers['content-type']).toContain('text/html');

    const before = await countReports();
    const bot = await send('POST', '/report', {
      form: { whatHappened: 'Cheap watches', website: 'http://spam.example' },
      ip: '192.0.2.201',
    });
    expect(bot.status).toBe(200);
    const fake = receiptOf(bot.body)!;
    expect(fake).toMatch(/^[0-9]{16}$/);
    expect(await countReports()).toBe(before);
    expect(
      (await send('POST', '/api/v1/public/reports/follow-up', { json: { receipt: fake }, ip: '192.0.2.201' })).status,
    ).toBe(404);
  });

  it('strips a photo’s location and camera before storing it, encrypted', async () => {
    const gpsJpeg = await sharp({
      create: { width: 40, height: 30, channels: 3, background: { r: 20, g: 90, b: 200 } },
    })
      .jpeg()
      .withExif({
        IFD0: { Make: 'LanternTestCam', Model: 'TC-9' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '21/1 1/1 30/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '105/1 51/1 0/1',
        },
      })
      .toBuffer();
    expect((await sharp(gpsJpeg).metadata()).exif?.toString('latin1')).toContain('LanternTestCam');
    const body = multipartBody({ whatHappened: 'Ảnh chụp tin tuyển dụng', language: 'vi' }, [
      { name: 'photos', filename: 'IMG_2031_Nguyen_Van_A.jpg', type: 'image/jpeg', data: gpsJpeg },
      { name: 'photos', filename: '', type: 'application/octet-stream', data: Buffer.alloc(0) },
    ]);
    const r = await send('POST', '/report', { multipart: body });
    expect(r.status).toBe(200);
    expect(receiptOf(r.body)).toMatch(/^[0-9]{16}$/);
    const report = await l.ctx.db
      .selectFrom('public_report')
      .select(['id', 'photo_count'])
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(report.photo_count).toBe(1);
    const photo = await l.ctx.db
      .selectFrom('public_report_photo')
      .selectAll()
      .where('report_id', '=', report.id)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(photo.content).includes(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false); // encrypted
    const image = l.ctx.keys.decryptBytes(photo.content);
    const meta = await sharp(image).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(image.toString('latin1')).not.toMatch(/LanternTestCam|TC-9|GPS/);
    expect(JSON.stringify(photo)).not.toContain('Nguyen_Van_A');
  });

  it('refuses uploads over the limits (413) and files that are not images (400), storing nothing', async () => {
    const before = await countReports();
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 0, g: 0, b: 0 } } })
      .png()
      .toBuffer();
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5 * 1024 * 1024 + 10, 1)]);
    const tooBig = multipartBody({ whatHappened: 'big' }, [
      { name: 'photos', filename: 'a.jpg', type: 'image/jpeg', data: big },
    ]);
    const api = await send('POST', '/api/v1/public/reports', { multipart: tooBig });
    expect(api.status).toBe(413);
    expect(api.json.type).toBe('urn:lantern:problem:payload-too-large');
    const page = await send('POST', '/report?lang=en', { multipart: tooBig });
    expect(page.status).toBe(413);
    expect(page.body).toContain(PAGE_TEXT.en.tooLarge);

    const four = multipartBody(
      { whatHappened: 'four' },
      [1, 2, 3, 4].map((i) => ({ name: 'photos', filename: `${i}.png`, type: 'image/png', data: png })),
    );
    expect((await send('POST', '/api/v1/public/reports', { multipart: four })).status).toBe(413);

    const pdf = multipartBody({ whatHappened: 'pdf' }, [
      { name: 'photos', filename: 'a.jpg', type: 'image/jpeg', data: Buffer.from('%PDF-1.4 not an image') },
    ]);
    const refused = await send('POST', '/api/v1/public/reports', { multipart: pdf });
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0]).toMatchObject({ field: 'photos', code: 'not-an-image' });
    const refusedPage = await send('POST', '/report', { multipart: pdf });
    expect(refusedPage.status).toBe(400);
    expect(refusedPage.body).toContain(PAGE_TEXT.vi.fieldErrors['not-an-image']);
    expect(refusedPage.body).toContain('pdf</textarea>');

    const longJson = await send('POST', '/api/v1/public/reports', { json: { whatHappened: 'x'.repeat(70 * 1024) } });
    expect(longJson.status).toBe(413);
    expect(longJson.json.type).toBe('urn:lantern:problem:payload-too-large');
    const longText = await send('POST', '/report', { form: { whatHappened: 'x'.repeat(70 * 1024) } });
    expect(longText.status).toBe(413);
    expect(longText.body).toContain(PAGE_TEXT.vi.tooLarge);
    const plain = await l.app.inject({
      method: 'POST',
      url: '/report?lang=en',
      headers: { 'content-type': 'application/xml' },
      payload: 'whatHappened=x',
    });
    expect(plain.statusCode).toBe(415);
    expect(plain.body).toContain(PAGE_TEXT.en.badRequest);
    const malformed = await l.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      payload: '--xyz\r\nContent-Disposition: form-data; name="whatHappened"\r\n\r\nunfinished',
    });
    expect(malformed.statusCode).toBe(400);
    expect(await countReports()).toBe(before);
  });

  it('logs no address, user agent, body or receipt of the public routes', async () => {
    const log = logLines.join('');
    expect(log).toContain('"route":"/report"');
    expect(log).toContain('"route":"/api/v1/public/reports/follow-up"');
    expect(log).not.toMatch(/203\.0\.113|192\.0\.2|198\.51\.100|127\.0\.0\.1/);
    expect(log).not.toContain(AGENT);
    expect(log).not.toContain('LanternTestAgent');
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/"(remoteAddress|remotePort|ip|ips|userAgent|user-agent)"/);
  });
});
