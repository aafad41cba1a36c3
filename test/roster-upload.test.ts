// A roster upload at a border event (issue 9, defect 7): the file is measured
// before it is parsed (rows, bytes, and for an XLSX the size it unzips to), every
// row is validated before anything is stored, and the returnees are registered by
// a background job one chunk per transaction, so that other users are answered
// while it runs.
import zlib from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { databases, startLantern, type TestLantern, type TestUser } from './support/harness.js';
import { waitForJob, type JobBody } from './support/jobs.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = 'Họ tên,Giới tính,Tuổi,Quốc tịch,Điện thoại';

/** n valid roster lines, each name different. */
const rosterLines = (n: number, prefix = 'Trần Văn') =>
  Array.from(
    { length: n },
    (_, i) => `${prefix} Số${i + 1},${i % 2 ? 'Nam' : 'Nữ'},${18 + (i % 40)},VN,09${10000000 + i}`,
  );
const csv = (lines: string[]) => `${HEADER}\n${lines.join('\n')}\n`;

/** A zip archive written by hand, so that its directory can declare sizes that are not the real ones. */
function zipOf(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const body = zlib.deflateRawSync(entry.data, { level: 9 });
    const size = entry.declaredSize ?? entry.data.length;
    const crc = zlib.crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    parts.push(local, name, body);
    directory.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const dir = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dir, end]);
}

describe.each(databases)('roster upload on %s', (kind) => {
  let l: TestLantern;
  let screener: TestUser;
  let colleague: TestUser;
  let outsider: TestUser;

  beforeAll(async () => {
    l = await startLantern(kind);
    const gate = await l.agency('BDBP-LC', 'border_guard');
    screener = await l.user(gate, ['health_screener', 'intake_officer']);
    colleague = await l.user(gate, ['intake_officer']);
    outsider = await l.user(await l.agency('CA-HN', 'police'), ['investigator']);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await l.stop();
  });

  const newEvent = async () => {
    const e = await l.call(screener.token, 'POST', '/api/v1/screening/events', {
      borderGate: 'Cửa khẩu Lào Cai',
      date: '2026-11-21',
      countryFrom: 'CN',
    });
    expect(e.status).toBe(201);
    return e.body.id as string;
  };
  const upload = (eventId: string, body: string | Buffer, type = 'text/csv', token = screener.token) =>
    l.app.inject({
      method: 'POST',
      url: `/api/v1/screening/events/${eventId}/roster`,
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      payload: body,
    });
  const registered = async (eventId: string) =>
    Number(
      (
        await l.ctx.db
          .selectFrom('screening_event_case')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('event_id', '=', eventId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const jobsFor = (eventId: string) =>
    l.ctx.db
      .selectFrom('job')
      .select(['id', 'state'])
      .where(sql<string>`params->>'eventId'`, '=', eventId)
      .execute();

  it('registers a 600-row roster through a job whose progress reaches the total, answering other users meanwhile', async () => {
    const eventId = await newEvent();
    const r = await upload(eventId, csv(rosterLines(600)));
    expect(r.statusCode).toBe(202);
    const { job, rows } = r.json() as { job: JobBody; rows: number };
    expect(rows).toBe(600);
    expect(job).toMatchObject({ kind: 'screening.roster', state: 'queued', progress: { done: 0, total: 600 } });
    expect(r.headers.location).toBe(`/api/v1/jobs/${job.id}`);

    // Once the first chunk is in, another user's request is answered while the job still runs.
    let now: JobBody;
    do {
      await sleep(20);
      now = (await l.call(screener.token, 'GET', `/api/v1/jobs/${job.id}`)).body;
    } while (now.progress.done === 0);
    const cases = await l.call(outsider.token, 'GET', '/api/v1/cases');
    expect(cases.status).toBe(200);
    const during = (await l.call(screener.token, 'GET', `/api/v1/jobs/${job.id}`)).body as JobBody;
    expect(during.state).toBe('running');
    expect(during.progress.done).toBeLessThan(600);

    const { job: finished, seen } = await waitForJob(l, screener.token, job.id);
    expect(finished).toMatchObject({
      state: 'succeeded',
      progress: { done: 600, total: 600 },
      result: { eventId, registered: 600 },
      error: null,
    });
    expect(seen.length).toBeGreaterThan(2); // progress was seen between 0 and the end
    expect(seen).toEqual([...seen].sort((a, b) => a - b));

    const board = await l.call(screener.token, 'GET', `/api/v1/screening/events/${eventId}`);
    expect(board.body.counts.registered).toBe(600);
    expect(board.body.people.map((p: { row: number }) => p.row)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(board.body.people[599].name).toBe('Trần Văn Số600');
    // Each chunk committed its own registrations and audit event; the stored rows are gone.
    const chunks = await l.ctx.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'screening_event.register')
      .where('record_id', '=', eventId)
      .execute();
    expect(chunks.length).toBe(12);
    expect(chunks.every((c) => c.details?.jobId === job.id && c.details?.count === 50)).toBe(true);
    expect(await l.ctx.db.selectFrom('job_item').select('seq').where('job_id', '=', job.id).execute()).toEqual([]);
  });

  it('stores the rows waiting for the job encrypted, never as readable names or phone numbers', async () => {
    const eventId = await newEvent();
    await l.jobs.stop(); // keep the rows waiting
    try {
      const r = await upload(eventId, csv(rosterLines(3, 'Vàng Seo')));
      expect(r.statusCode).toBe(202);
      const items = await l.ctx.db
        .selectFrom('job_item')
        .select('payload')
        .where('job_id', '=', r.json().job.id)
        .execute();
      expect(items.length).toBe(1);
      expect(items[0]!.payload).toMatch(/^v1:/);
      expect(items[0]!.payload).not.toContain('Seo');
      expect(JSON.stringify(r.json())).not.toContain('Seo');
    } finally {
      l.jobs.start();
    }
  });

  it('refuses a roster over the row limit with a 413 saying how to split it, and registers nothing', async () => {
    const eventId = await newEvent();
    const r = await upload(eventId, csv(rosterLines(5001)));
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ reason: 'too-many-rows', max: 5000 });
    expect(r.json().detail).toContain('Split the roster into files of at most 5,000 rows');

    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Roster');
    sheet.addRow(['name', 'sex', 'age']);
    for (let i = 0; i < 5001; i++) sheet.addRow([`Lò Văn Số${i}`, 'male', 30]);
    const x = await upload(eventId, Buffer.from(await wb.xlsx.writeBuffer()), XLSX_TYPE);
    expect(x.statusCode).toBe(413);
    expect(x.json().reason).toBe('too-many-rows');

    expect(await registered(eventId)).toBe(0);
    expect(await jobsFor(eventId)).toEqual([]);
  });

  it('refuses an upload over the size limit while it arrives', async () => {
    const eventId = await newEvent();
    const big = csv(rosterLines(10)) + ' '.repeat(5 * 1024 * 1024);
    const r = await upload(eventId, big);
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ reason: 'file-too-large', max: 5 * 1024 * 1024 });
    expect(r.json().detail).toContain('Split the roster into files');
    expect(await jobsFor(eventId)).toEqual([]);
  });

  it('refuses a zip bomb before the spreadsheet is parsed: declared too large, expanding 1000-fold, or lying about its size', async () => {
    const eventId = await newEvent();
    const parsed = vi.spyOn(ExcelJS.Workbook.prototype, 'xlsx', 'get');
    const zeros = (mb: number) => Buffer.alloc(mb * 1024 * 1024, 0x20);

    // 25 MB of sheet in a file of a few kB: over the unzipped limit (10 MB).
    const huge = zipOf([{ name: 'xl/worksheets/sheet1.xml', data: zeros(25) }]);
    expect(huge.length).toBeLessThan(100_000);
    const a = await upload(eventId, huge, XLSX_TYPE);
    expect(a.statusCode).toBe(413);
    expect(a.json()).toMatchObject({ reason: 'unzipped-too-large', max: 10 * 1024 * 1024 });

    // Under the limit, but one part expands a thousand-fold.
    const b = await upload(eventId, zipOf([{ name: 'xl/worksheets/sheet1.xml', data: zeros(5) }]), XLSX_TYPE);
    expect(b.statusCode).toBe(413);
    expect(b.json().reason).toBe('zip-ratio');

    // Its directory says 1 kB; it unzips to 25 MB: caught while unzipping, long before the end.
    const liar = zipOf([{ name: 'xl/worksheets/sheet1.xml', data: zeros(25), declaredSize: 1000 }]);
    const c = await upload(eventId, liar, XLSX_TYPE);
    expect(c.statusCode).toBe(400);
    expect(c.json().detail).toContain('could not be read');

    expect(parsed).not.toHaveBeenCalled();
    // The same check lets a real workbook through to the parser.
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Roster').addRows([
      ['name', 'sex', 'age'],
      ['Giàng A Chứ', 'male', 19],
    ]);
    const ok = await upload(eventId, Buffer.from(await wb.xlsx.writeBuffer()), XLSX_TYPE);
    expect(ok.statusCode).toBe(202);
    expect(parsed).toHaveBeenCalled();
    parsed.mockRestore();
    await waitForJob(l, screener.token, ok.json().job.id);
    expect(await registered(eventId)).toBe(1);
  });

  it('refuses a roster with bad rows with a 400 listing each one, and queues nothing', async () => {
    const eventId = await newEvent();
    const lines = rosterLines(6);
    lines[1] = ',Nam,30,VN,'; // no name
    lines[4] = 'Hà Thị Mỷ,Nữ,300,VN,'; // age
    const r = await upload(eventId, csv(lines));
    expect(r.statusCode).toBe(400);
    expect(r.json().rowErrors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [2, 'name'],
      [5, 'estimatedAgeYears'],
    ]);
    expect(r.json().detail).toContain('nothing was registered');
    expect(await registered(eventId)).toBe(0);
    expect(await jobsFor(eventId)).toEqual([]);
  });

  it('takes only CSV and XLSX rosters, and limits the form to 50 returnees at a time', async () => {
    const eventId = await newEvent();
    const json = await upload(eventId, JSON.stringify({ returnees: [] }), 'application/json');
    expect(json.statusCode).toBe(415);

    const many = Array.from({ length: 51 }, (_, i) => ({ name: `Người ${i}`, sex: 'male' }));
    const form = await l.call(screener.token, 'POST', `/api/v1/screening/events/${eventId}/returnees`, {
      returnees: many,
    });
    expect(form.status).toBe(400);
    expect(form.body.errors[0]).toMatchObject({ field: 'body.returnees' });
    expect(form.body.errors[0].message).toContain('upload a roster');
    const fifty = await l.call(screener.token, 'POST', `/api/v1/screening/events/${eventId}/returnees`, {
      returnees: many.slice(0, 50),
    });
    expect(fifty.status).toBe(201);
    expect(await registered(eventId)).toBe(50);
  });

  it('shows a job only to the user who started it', async () => {
    const eventId = await newEvent();
    const r = await upload(eventId, csv(rosterLines(2)));
    const id = r.json().job.id as string;
    expect((await l.call(screener.token, 'GET', `/api/v1/jobs/${id}`)).status).toBe(200);
    for (const other of [colleague, outsider]) {
      const seen = await l.call(other.token, 'GET', `/api/v1/jobs/${id}`);
      expect(seen.status).toBe(404);
      expect(JSON.stringify(seen.body)).not.toContain(eventId);
    }
    expect((await l.call(null, 'GET', `/api/v1/jobs/${id}`)).status).toBe(401);
    const refusals = await l.ctx.db
      .selectFrom('audit_event')
      .select(['actor_id', 'outcome'])
      .where('action', '=', 'job.read')
      .where('record_id', '=', id)
      .execute();
    expect(refusals.map((e) => e.actor_id).sort()).toEqual([colleague.id, outsider.id].sort());
    expect(refusals.every((e) => e.outcome === 'not_found')).toBe(true);
    // Nor may another agency upload to the event.
    expect((await upload(eventId, csv(rosterLines(2)), 'text/csv', outsider.token)).statusCode).toBe(404);
    await waitForJob(l, screener.token, id);
  });
});
