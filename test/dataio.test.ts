// Data in and out (issue 12 §3): list exports as CSV and XLSX (what the user may see, with the list's
// filters, protected against formula injection, audited), attachments (type checked from content, photo
// metadata stripped, encrypted at rest, downloaded only by readers of their part, audited), and a roster
// uploaded twice (its rows found as already registered and skipped unless confirmed).
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, personInput, startLantern, type TestLantern, type TestUser } from './support/harness.js';
import { waitForJob } from './support/jobs.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.each(databases)('data in and out on %s', (kind) => {
  let l: TestLantern;
  const u: Record<string, TestUser> = {};
  const future = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    l = await startLantern(kind, { config: { attachmentMaxBytes: 300_000 } });
    const police = await l.agency('POLICE-DN');
    const shelter = await l.agency('SHELTER-DN', 'shelter');
    const other = await l.agency('POLICE-CT');
    u.investigator = await l.user(police, ['investigator']);
    u.admin = await l.user(police, ['agency_admin']);
    u.shelter = await l.user(shelter, ['caseworker']);
    u.outsider = await l.user(other, ['investigator']);
    u.auditor = await l.user(await l.agency('TTR', 'ministry'), ['auditor']);
    u.screener = await l.user(police, ['health_screener', 'intake_officer']);
  });
  afterAll(async () => {
    await l.stop();
  });

  async function openCase(token: string, person: Record<string, unknown> = {}, status?: string) {
    const p = await l.call(token, 'POST', '/api/v1/persons', personInput(person));
    const c = await l.call(token, 'POST', '/api/v1/cases', {
      personId: p.body.id,
      reachedVia: 'repatriation',
      exploitationTypes: ['forced_criminality'],
    });
    expect(c.status).toBe(201);
    if (status)
      expect(
        (await l.call(token, 'POST', `/api/v1/cases/${c.body.id}/transitions`, { to: status, reason: 'kiểm tra' }))
          .status,
      ).toBe(200);
    return c.body as { id: string; reference: string };
  }
  const download = (token: string, url: string) =>
    l.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const events = (action: string) =>
    l.ctx.db
      .selectFrom('audit_event')
      .select(['details', 'record_id', 'actor_id'])
      .where('action', '=', action)
      .orderBy('id')
      .execute();
  const upload = (token: string, url: string, body: Buffer, type: string) =>
    l.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      payload: body,
    });

  it('exports the filtered case list as CSV and XLSX in the reader’s language, safe from formula injection, and audits it', async () => {
    const injected = await openCase(
      u.investigator!.token,
      { familyName: '=HYPERLINK("http://x")', middleName: null, givenName: 'Lan' },
      'under_verification',
    );
    const plain = await openCase(u.investigator!.token, { givenName: 'Hoa' });
    await openCase(u.outsider!.token, { givenName: 'Khác' }, 'under_verification');

    const csv = await download(u.investigator!.token, '/api/v1/cases/export?format=csv&status=under_verification');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="lantern-cases-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf])); // the BOM Excel needs
    const lines = csv.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('Mã hồ sơ'); // the investigator's language: Vietnamese
    expect(lines).toHaveLength(2); // the filter applies; another agency's case is not there
    expect(lines[1]).toContain(injected.reference);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"") Lan"`); // text, not a formula
    expect(csv.body).not.toContain(plain.reference);

    // A name starting with "=" would be a formula in a spreadsheet: it is written as text.
    const bare = await openCase(u.investigator!.token, { familyName: '=cmd', middleName: null, givenName: 'Calc' });
    const xlsx = await download(u.investigator!.token, '/api/v1/cases/export?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe(XLSX_TYPE);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Mã hồ sơ');
    const rows: string[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
    });
    expect(rows.map((r) => r[0]).sort()).toEqual([injected.reference, plain.reference, bare.reference].sort());
    const bareRow = sheet.getRow(rows.findIndex((r) => r[0] === bare.reference) + 2);
    expect(bareRow.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(bareRow.getCell(2).value).toBe("'=cmd Calc");

    const exported = await events('case.export');
    expect(exported.map((e) => e.details)).toEqual(
      expect.arrayContaining([
        { list: 'cases', count: 1, format: 'csv', fields: ['status'] },
        { list: 'cases', count: 3, format: 'xlsx', fields: [] },
      ]),
    );
    // each exported row is a read of the case, as in the list: a page's event names every case it held
    const reads = await l.ctx.db
      .selectFrom('audit_event')
      .select('record_ids')
      .where('action', '=', 'case.list_read')
      .where('actor_id', '=', u.investigator!.id)
      .orderBy('id')
      .execute();
    const read = reads.filter((e) => e.record_ids?.includes(bare.id));
    expect(read.length).toBeGreaterThan(0);
    expect(read.at(-1)!.record_ids).toEqual(expect.arrayContaining([injected.id, plain.id, bare.id]));
  });

  it('refuses a bad filter or format with a 400 before any file is written', async () => {
    expect((await download(u.investigator!.token, '/api/v1/cases/export?format=pdf')).statusCode).toBe(400);
    expect((await download(u.investigator!.token, '/api/v1/cases/export?status=nope')).statusCode).toBe(400);
    expect((await download(u.investigator!.token, '/api/v1/cases/export?q=%2B%2B')).statusCode).toBe(400);
  });

  it('exports referral boxes, the access log to its admin and the audit view to auditors only', async () => {
    const c = await openCase(u.investigator!.token);
    await l.call(u.investigator!.token, 'POST', `/api/v1/cases/${c.id}/consents`, {
      method: 'signed',
      givenBy: 'person',
      purpose: 'share_with_agency',
      agency: 'SHELTER-DN',
    });
    const sent = await l.call(u.investigator!.token, 'POST', '/api/v1/referrals', {
      caseId: c.id,
      toAgency: 'SHELTER-DN',
      purposes: ['shelter'],
      dueDate: future,
    });
    expect(sent.status).toBe(201);
    const inbox = await download(u.shelter!.token, '/api/v1/referrals/export?box=inbox&format=csv');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain(c.reference);
    expect(inbox.body).toContain('POLICE-DN');
    const outbox = await download(u.outsider!.token, '/api/v1/referrals/export?box=outbox&format=csv');
    expect(outbox.body).not.toContain(c.reference);

    const log = await download(u.admin!.token, `/api/v1/cases/${c.id}/access-log/export?format=csv`);
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain('Mở hồ sơ'); // the action in words, not case.create
    expect(log.body).not.toContain('case.create');
    expect(log.body).toContain(',Thành công,'); // the outcome in words too
    expect(log.body).not.toContain(',success,');
    expect((await download(u.outsider!.token, `/api/v1/cases/${c.id}/access-log/export`)).statusCode).toBe(404);

    const audit = await download(u.auditor!.token, `/api/v1/audit/export?format=csv&recordId=${c.id}`);
    expect(audit.statusCode).toBe(200);
    expect(audit.body).toContain('Chuyển gửi hồ sơ'); // referral.create, in words
    expect((await download(u.investigator!.token, '/api/v1/audit/export')).statusCode).toBe(404);
    // the auditor's export (the investigator's refusal is an audit.export event too, without details)
    const exported = await l.ctx.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'audit.export')
      .where('outcome', '=', 'success')
      .executeTakeFirstOrThrow();
    expect(exported.details).toMatchObject({ list: 'audit', format: 'csv', recordId: c.id });
  });

  it('exports every page of a list, each case once', async () => {
    // Pages of 2 rows (LANTERN_EXPORT_PAGE_ROWS) so that a few cases span several pages.
    const small = await startLantern(kind, { config: { exportPageRows: 2 } });
    try {
      const agency = await small.agency('POLICE-PG');
      const officer = await small.user(agency, ['intake_officer']);
      const references: string[] = [];
      for (const givenName of ['An', 'Bình', 'Chi', 'Dung', 'Em']) {
        const p = await small.call(officer.token, 'POST', '/api/v1/persons', personInput({ givenName }));
        const c = await small.call(officer.token, 'POST', '/api/v1/cases', {
          personId: p.body.id,
          reachedVia: 'hotline',
        });
        references.push(c.body.reference);
      }
      const csv = await small.app.inject({
        method: 'GET',
        url: '/api/v1/cases/export?format=csv',
        headers: { authorization: `Bearer ${officer.token}` },
      });
      const lines = csv.body
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n')
        .slice(1);
      expect(lines.map((line) => line.split(',')[0]).sort()).toEqual(references.sort());
      const xlsx = await small.app.inject({
        method: 'GET',
        url: '/api/v1/cases/export?format=xlsx&q=dung',
        headers: { authorization: `Bearer ${officer.token}` },
      });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      expect(book.worksheets[0]!.rowCount).toBe(2); // the heading and the one case the name search finds
      const exported = await small.ctx.db
        .selectFrom('audit_event')
        .select('details')
        .where('action', '=', 'case.export')
        .orderBy('id')
        .execute();
      expect(exported.map((e) => e.details)).toEqual([
        { list: 'cases', count: 5, format: 'csv', fields: [] },
        { list: 'cases', count: 1, format: 'xlsx', fields: ['q'] },
      ]);
    } finally {
      await small.stop();
    }
  });

  describe('attachments', () => {
    let gpsJpeg: Buffer;
    beforeAll(async () => {
      gpsJpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 40, b: 40 } } })
        .jpeg()
        .withExif({
          IFD0: { Make: 'LanternTestCam', Model: 'TC-1' },
          IFD3: {
            GPSLatitudeRef: 'N',
            GPSLatitude: '21/1 1/1 30/1',
            GPSLongitudeRef: 'E',
            GPSLongitude: '105/1 51/1 0/1',
          },
        })
        .toBuffer();
    });

    it('strips a photo’s location and camera, stores it encrypted, and lets only its readers download it, audited', async () => {
      expect((await sharp(gpsJpeg).metadata()).exif?.toString('latin1')).toContain('LanternTestCam');
      const c = await openCase(u.investigator!.token);
      const r = await upload(
        u.investigator!.token,
        `/api/v1/cases/${c.id}/attachments?fileName=${encodeURIComponent('ảnh chân dung.jpg')}&part=identity`,
        gpsJpeg,
        'image/jpeg',
      );
      expect(r.statusCode).toBe(201);
      const created = r.json();
      expect(created).toMatchObject({
        caseId: c.id,
        fileName: 'ảnh chân dung.jpg',
        mediaType: 'image/jpeg',
        part: 'identity',
      });

      const stored = await l.ctx.db
        .selectFrom('attachment')
        .selectAll()
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(Buffer.from(stored.content).subarray(0, 3)).not.toEqual(Buffer.from([0xff, 0xd8, 0xff]));
      expect(stored.file_name).not.toContain('chân');

      const got = await download(u.investigator!.token, `/api/v1/attachments/${created.id}`);
      expect(got.statusCode).toBe(200);
      expect(got.headers['content-type']).toBe('image/jpeg');
      expect(got.headers['content-disposition']).toContain("filename*=UTF-8''%E1%BA%A3nh");
      const meta = await sharp(got.rawPayload).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.width).toBe(40);
      expect(got.rawPayload.toString('latin1')).not.toContain('LanternTestCam');

      expect((await download(u.outsider!.token, `/api/v1/attachments/${created.id}`)).statusCode).toBe(404);
      expect((await l.call(u.outsider!.token, 'GET', `/api/v1/cases/${c.id}/attachments`)).status).toBe(404);
      const reads = await events('attachment.read');
      expect(reads).toContainEqual({
        details: { attachmentId: created.id, parts: ['identity'] },
        record_id: c.id,
        actor_id: u.investigator!.id,
      });
      const refused = await l.ctx.db
        .selectFrom('audit_event')
        .select('outcome')
        .where('action', '=', 'attachment.read')
        .where('actor_id', '=', u.outsider!.id)
        .execute();
      expect(refused).toEqual([{ outcome: 'not_found' }]);
    });

    it('shows a shelter the signed consent and the referral’s file once it accepts, never a file of the narrative', async () => {
      const c = await openCase(u.investigator!.token);
      const consent = await l.call(u.investigator!.token, 'POST', `/api/v1/cases/${c.id}/consents`, {
        method: 'signed',
        givenBy: 'person',
        purpose: 'share_with_agency',
        agency: 'SHELTER-DN',
      });
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
      const signed = await upload(
        u.investigator!.token,
        `/api/v1/consents/${consent.body.id}/attachments?fileName=consent.pdf`,
        pdf,
        'application/pdf',
      );
      expect(signed.statusCode).toBe(201);
      const statement = await upload(
        u.investigator!.token,
        `/api/v1/cases/${c.id}/attachments?fileName=statement.pdf&part=narrative`,
        pdf,
        'application/octet-stream',
      );
      expect(statement.statusCode).toBe(201);
      const referral = await l.call(u.investigator!.token, 'POST', '/api/v1/referrals', {
        caseId: c.id,
        toAgency: 'SHELTER-DN',
        purposes: ['shelter'],
        dueDate: future,
      });
      const form = await upload(
        u.investigator!.token,
        `/api/v1/referrals/${referral.body.id}/attachments?fileName=form.pdf`,
        pdf,
        'application/pdf',
      );
      expect(form.statusCode).toBe(201);

      // Before accepting, the shelter sees nothing of the case.
      expect((await download(u.shelter!.token, `/api/v1/attachments/${form.json().id}`)).statusCode).toBe(404);
      await l.call(u.shelter!.token, 'POST', `/api/v1/referrals/${referral.body.id}/accept`);
      const list = await l.call(u.shelter!.token, 'GET', `/api/v1/cases/${c.id}/attachments`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: { fileName: string }) => i.fileName).sort()).toEqual(['consent.pdf', 'form.pdf']);
      expect((await download(u.shelter!.token, `/api/v1/attachments/${statement.json().id}`)).statusCode).toBe(404);
      expect((await download(u.shelter!.token, `/api/v1/attachments/${signed.json().id}`)).statusCode).toBe(200);
      // The shelter may add its own file to the referral, not to the case.
      expect(
        (
          await upload(
            u.shelter!.token,
            `/api/v1/referrals/${referral.body.id}/attachments?fileName=intake.pdf`,
            pdf,
            'application/pdf',
          )
        ).statusCode,
      ).toBe(201);
      expect(
        (await upload(u.shelter!.token, `/api/v1/cases/${c.id}/attachments?fileName=x.pdf`, pdf, 'application/pdf'))
          .statusCode,
      ).toBe(403);
    });

    it('refuses a file whose content is not what it claims, a type not allowed, and one over the size limit', async () => {
      const c = await openCase(u.investigator!.token);
      const url = `/api/v1/cases/${c.id}/attachments?fileName=x`;
      const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
        .png()
        .toBuffer();
      expect((await upload(u.investigator!.token, url, png, 'image/jpeg')).statusCode).toBe(415);
      const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
      expect((await upload(u.investigator!.token, url, gif, 'application/octet-stream')).statusCode).toBe(415);
      expect((await upload(u.investigator!.token, url, gif, 'image/gif')).statusCode).toBe(415);
      const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(400_000, 32)]);
      const tooBig = await upload(u.investigator!.token, url, big, 'application/pdf');
      expect(tooBig.statusCode).toBe(413);
      expect(
        (await upload(u.investigator!.token, url, Buffer.from([0xff, 0xd8, 0xff, 0x00]), 'image/jpeg')).statusCode,
      ).toBe(400);
      const stored = await l.ctx.db.selectFrom('attachment').select('id').where('case_id', '=', c.id).execute();
      expect(stored).toEqual([]);
    });
  });

  it('finds a roster uploaded twice as already registered: shown in the dry run, skipped unless confirmed', async () => {
    const e = await l.call(u.screener!.token, 'POST', '/api/v1/screening/events', {
      borderGate: 'Cửa khẩu Móng Cái',
      date: '2026-11-21',
      countryFrom: 'CN',
    });
    const eventId = e.body.id as string;
    const roster = 'Họ tên,Giới tính,Tuổi\nTrần Văn Bình,Nam,30\nLê Thị Cúc,Nữ,22\n';
    const post = (query: string, body = roster) =>
      l.app.inject({
        method: 'POST',
        url: `/api/v1/screening/events/${eventId}/roster${query}`,
        headers: { authorization: `Bearer ${u.screener!.token}`, 'content-type': 'text/csv' },
        payload: body,
      });
    const first = await post('');
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ rows: 2, duplicates: [], skipped: 0 });
    await waitForJob(l, u.screener!.token, first.json().job.id);

    // The same people again, typed without accents, one new person among them.
    const again = 'Họ tên,Giới tính,Tuổi\ntran van binh,Nam,31\nLe Thi Cuc,Nữ,\nPhạm Văn Dũng,Nam,40\n';
    const dry = await post('?dryRun=true', again);
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({
      rows: 3,
      wouldRegister: 1,
      duplicates: [
        { row: 1, name: 'tran van binh', matchesRow: 1 },
        { row: 2, name: 'Le Thi Cuc', matchesRow: 2 },
      ],
    });
    const board = async () => (await l.call(u.screener!.token, 'GET', `/api/v1/screening/events/${eventId}`)).body;
    expect((await board()).counts.registered).toBe(2);

    const skipped = await post('', again);
    expect(skipped.statusCode).toBe(202);
    expect(skipped.json()).toMatchObject({ rows: 3, skipped: 2 });
    await waitForJob(l, u.screener!.token, skipped.json().job.id);
    expect((await board()).counts.registered).toBe(3);

    const allDuplicates = await post('', roster);
    expect(allDuplicates.statusCode).toBe(200);
    expect(allDuplicates.json()).toMatchObject({ job: null, rows: 2, skipped: 2 });

    const confirmed = await post('?includeDuplicates=true', roster);
    expect(confirmed.statusCode).toBe(202);
    expect(confirmed.json()).toMatchObject({ skipped: 0 });
    await waitForJob(l, u.screener!.token, confirmed.json().job.id);
    const after = await board();
    expect(after.counts.registered).toBe(5);

    const exported = await download(u.screener!.token, `/api/v1/screening/events/${eventId}/roster/export?format=csv`);
    expect(exported.statusCode).toBe(200);
    expect(exported.body.trim().split('\r\n')).toHaveLength(6);
    expect(exported.body).toContain('Phạm Văn Dũng');
    expect((await download(u.outsider!.token, `/api/v1/screening/events/${eventId}/roster/export`)).statusCode).toBe(
      404,
    );
  });
});
