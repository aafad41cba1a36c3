// Imports through the API (issue 10 §1): upload, dry run, mapping, commit, re-import,
// rejects.csv, cancel, access and bad input — on both databases.
import { describe, expect, it } from 'vitest';
import { encodeLegacy } from '../src/consolidation/legacy-encoding.js';
import { databases, startLantern, type TestLantern } from './support/harness.js';
import { count, csv, HEADER, settle, upload, validRows, windows1252 } from './support/imports.js';

async function setUp(kind: (typeof databases)[number], config = {}) {
  const l = await startLantern(kind, { config });
  const agency = await l.agency('CA-HG');
  const admin = await l.user(agency, ['agency_admin']);
  return { l, agency, admin };
}

const audits = async (l: TestLantern, action: string) =>
  l.ctx.db.selectFrom('audit_event').selectAll().where('action', '=', action).execute();

describe.each(databases)('imports on %s', (kind) => {
  it('dry-runs a file: mapping, preview, rejects with lines and reasons, nothing stored; then imports the valid rows', async () => {
    const { l, admin } = await setUp(kind);
    try {
      const rows = [
        ...validRows(3),
        { id: 'P-4', name: 'Trần Văn Bốn', dob: '31/02/1990' }, // impossible date: line 5
        { id: '', name: 'Lê Thị Năm', dob: '1991' }, // no source id: line 6
        { id: 'P-6', name: 'Phạm Thị Sáu', dob: '1992', exploitation: 'forced_labour', registered: '15/03/2024' },
      ];
      const up = await upload(l, admin.token, csv(rows));
      expect(up.status).toBe(202);
      expect(up.headers.location).toBe(`/api/v1/imports/${up.body.id}`);
      const done = await settle(l, admin.token, up.body.id);
      expect(done.state).toBe('previewed');
      expect(done.charset).toBe('utf-8');
      expect(done.mapping.problems).toEqual([]);
      expect(done.mapping.columns.find((c: { header: string }) => c.header === 'Họ và tên')).toEqual({
        header: 'Họ và tên',
        column: 'full_name',
        how: 'recognised',
      });
      expect(done.counts).toMatchObject({ read: 6, valid: 4, rejected: 2, imported: 0, updated: 0 });
      expect(done.preview.map((p: { line: number }) => p.line)).toEqual([2, 3, 4, 7]);
      expect(done.preview[0].person).toMatchObject({ sourceId: 'P-1', familyName: 'Nguyễn', givenName: 'Số1' });
      expect(done.rejects.map((r: { line: number }) => r.line)).toEqual([5, 6]);
      expect(done.rejects[0].reasons.join(' ')).toMatch(/date_of_birth/);
      expect(done.can.commit).toBe(true);
      expect(await count(l, 'person')).toBe(0);
      expect((await audits(l, 'import.read')).length).toBeGreaterThan(0);

      const rejects = await l.app.inject({
        method: 'GET',
        url: `/api/v1/imports/${up.body.id}/rejects.csv`,
        headers: { authorization: `Bearer ${admin.token}` },
      });
      expect(rejects.statusCode).toBe(200);
      expect(rejects.headers['content-type']).toMatch(/text\/csv/);
      const lines = rejects.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe(`line,reasons,${HEADER}`);
      expect(lines).toHaveLength(3);
      expect(lines[1]).toMatch(/^5,.*date_of_birth.*P-4,Trần Văn Bốn,31\/02\/1990/);
      expect(lines[2]).toMatch(/^6,.*source_id/);
      expect(await audits(l, 'import.rejects_read')).toHaveLength(1);

      const commit = await l.call(admin.token, 'POST', `/api/v1/imports/${up.body.id}/commit`);
      expect(commit.status).toBe(202);
      const imported = await settle(l, admin.token, up.body.id);
      expect(imported.state).toBe('imported');
      expect(imported.counts).toMatchObject({ imported: 4, updated: 0, rejected: 2 });
      expect(await count(l, 'person')).toBe(4);
      expect(await count(l, 'case_file')).toBe(1);
      const provenance = await l.ctx.db
        .selectFrom('source_record')
        .selectAll()
        .where('source_id', '=', 'P-6')
        .executeTakeFirstOrThrow();
      expect(provenance).toMatchObject({ file_name: 'police.csv', line: 7, import_id: up.body.id });
      expect(provenance.case_id).not.toBeNull();
      // The person reads as the registry shows it, documents found by number.
      const person = await l.ctx.db
        .selectFrom('person')
        .selectAll()
        .where(
          'id',
          '=',
          (
            await l.ctx.db
              .selectFrom('source_record')
              .select('person_id')
              .where('source_id', '=', 'P-1')
              .executeTakeFirstOrThrow()
          ).person_id,
        )
        .executeTakeFirstOrThrow();
      expect(person).toMatchObject({
        family_name: 'Nguyễn',
        given_name: 'Số1',
        province: 'tuyen-quang',
        province_former: 'Hà Giang',
      });
      expect(JSON.parse(l.ctx.keys.decrypt(person.contact!))).toEqual({ phone: '+84912000001' });
      const caseRow = await l.ctx.db.selectFrom('case_file').selectAll().executeTakeFirstOrThrow();
      expect(caseRow).toMatchObject({
        reached_via: 'other',
        exploitation_types: ['forced_labour'],
        status: 'received',
      });
      // One audit event per import started, committed and completed, none per row; counts and ids only.
      const events = [
        ...(await audits(l, 'import.start')),
        ...(await audits(l, 'import.commit')),
        ...(await audits(l, 'import.complete')),
      ];
      expect(events).toHaveLength(3);
      expect(JSON.stringify(events.map((e) => e.details))).not.toMatch(/Nguyễn|P-1|police/);
      expect(await audits(l, 'person.create')).toHaveLength(0);
    } finally {
      await l.stop();
    }
  });

  it('updates by source_id on a re-import and on a later file with changed values, never duplicating', async () => {
    const { l, admin } = await setUp(kind);
    try {
      const importFile = async (body: string) => {
        const up = await upload(l, admin.token, body);
        expect(up.status).toBe(202);
        await settle(l, admin.token, up.body.id);
        expect((await l.call(admin.token, 'POST', `/api/v1/imports/${up.body.id}/commit`)).status).toBe(202);
        return settle(l, admin.token, up.body.id);
      };
      const first = await importFile(csv(validRows(5)));
      expect(first.counts).toMatchObject({ imported: 5, updated: 0 });
      const again = await importFile(csv(validRows(5)));
      expect(again.counts).toMatchObject({ imported: 0, updated: 5 });
      expect(await count(l, 'person')).toBe(5);
      const later = validRows(6);
      later[1] = { ...later[1]!, phone: '0987654321', province: 'Cao Bằng', cccd: '001199999999' };
      const third = await importFile(csv(later));
      expect(third.counts).toMatchObject({ imported: 1, updated: 5 });
      expect(await count(l, 'person')).toBe(6);
      expect(await count(l, 'source_record')).toBe(6);
      const src = await l.ctx.db
        .selectFrom('source_record')
        .selectAll()
        .where('source_id', '=', 'P-2')
        .executeTakeFirstOrThrow();
      expect(src.import_id).toBe(third.id);
      const p = await l.ctx.db
        .selectFrom('person')
        .selectAll()
        .where('id', '=', src.person_id)
        .executeTakeFirstOrThrow();
      expect(p.province).toBe('cao-bang');
      expect(JSON.parse(l.ctx.keys.decrypt(p.contact!)).phone).toBe('+84987654321');
      const docs = await l.ctx.db
        .selectFrom('identity_document')
        .selectAll()
        .where('person_id', '=', src.person_id)
        .execute();
      expect(docs.map((d) => l.ctx.keys.decrypt(d.number))).toEqual(['001199999999']);
      expect(docs[0]!.number_hash).toBe(l.ctx.keys.blindIndex('001199999999'));
    } finally {
      await l.stop();
    }
  });

  it('converts a column typed in TCVN3 and names it; reads a windows-1252 file', async () => {
    const { l, admin } = await setUp(kind);
    try {
      const names = ['Nguyễn Thị Hồng Nhung', 'Đặng Văn Đức', 'Trần Thị Lan', 'Lê Văn Hùng'];
      // The whole file typed in TCVN3 (headers too), saved as windows-1252 bytes.
      const body = encodeLegacy(csv(names.map((n, i) => ({ ...validRows(1, i + 1)[0]!, name: n }))), 'tcvn3');
      const up = await upload(l, admin.token, windows1252(body));
      expect(up.status).toBe(202);
      const done = await settle(l, admin.token, up.body.id);
      expect(done.charset).toBe('windows-1252');
      expect(done.mapping.problems).toEqual([]);
      expect(done.convertedColumns).toContainEqual({ column: 'full_name', encoding: 'tcvn3' });
      expect(done.convertedColumns).not.toContainEqual(expect.objectContaining({ column: 'source_id' }));
      expect(done.preview[0].person).toMatchObject({
        familyName: 'Nguyễn',
        middleName: 'Thị Hồng',
        givenName: 'Nhung',
      });
      expect(done.preview[1].person).toMatchObject({
        familyName: 'Đặng',
        middleName: 'Văn',
        givenName: 'Đức',
        sex: 'female',
      });
      expect(done.counts.valid).toBe(4);
    } finally {
      await l.stop();
    }
  });

  it('re-runs the dry run when the mapping changes, and offers the committed mapping for the agency’s next file', async () => {
    const { l, admin } = await setUp(kind);
    try {
      const header = 'Record no,Tên đầy đủ,Năm sinh,Ghi chú';
      const body = `${header}\nR-1,Nguyễn Thị Lan,1990,x\nR-2,Trần Văn Nam,1985,y\n`;
      const up = await upload(l, admin.token, body);
      const first = await settle(l, admin.token, up.body.id);
      expect(first.mapping.problems.join(' ')).toMatch(/source_id/);
      expect(first.can.commit).toBe(false);
      const refused = await l.call(admin.token, 'POST', `/api/v1/imports/${up.body.id}/commit`);
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toMatch(/source_id/);
      const bad = await l.call(admin.token, 'PUT', `/api/v1/imports/${up.body.id}/mapping`, {
        columns: { 'Not a header': 'source_id' },
      });
      expect(bad.status).toBe(400);
      const put = await l.call(admin.token, 'PUT', `/api/v1/imports/${up.body.id}/mapping`, {
        columns: { 'Record no': 'source_id', 'Tên đầy đủ': 'full_name', 'Ghi chú': null },
      });
      expect(put.status).toBe(202);
      const second = await settle(l, admin.token, up.body.id);
      expect(second.mapping.problems).toEqual([]);
      expect(second.counts).toMatchObject({ read: 2, valid: 2 });
      expect(second.mapping.columns.find((c: { header: string }) => c.header === 'Record no').how).toBe('chosen');
      await l.call(admin.token, 'POST', `/api/v1/imports/${up.body.id}/commit`);
      expect((await settle(l, admin.token, up.body.id)).counts.imported).toBe(2);
      // The next file of this agency starts from the saved mapping.
      const next = await upload(l, admin.token, `${header}\nR-3,Lê Thị Hoa,1999,z\n`);
      const nextDone = await settle(l, admin.token, next.body.id);
      expect(nextDone.mapping.problems).toEqual([]);
      expect(nextDone.mapping.columns.find((c: { header: string }) => c.header === 'Record no')).toMatchObject({
        column: 'source_id',
        how: 'saved',
      });
    } finally {
      await l.stop();
    }
  });

  it('cancels an import: it stops before its next step, keeps what went in and says how many', async () => {
    const { l, admin } = await setUp(kind, { importStepRows: 10 });
    try {
      await l.jobs.stop(); // steps are taken by hand
      const up = await upload(l, admin.token, csv(validRows(45)));
      while (await l.jobs.runStep()) {
        /* the dry run to its end */
      }
      const commit = await l.call(admin.token, 'POST', `/api/v1/imports/${up.body.id}/commit`);
      expect(commit.status).toBe(202);
      expect(commit.body.can.cancel).toBe(true);
      await l.jobs.runStep();
      await l.jobs.runStep();
      const cancel = await l.call(admin.token, 'POST', `/api/v1/jobs/${commit.body.job.id}/cancel`);
      expect(cancel.status).toBe(202);
      expect(cancel.body.state).toBe('cancelled');
      expect(await l.jobs.runStep()).toBe(false);
      const after = (await l.call(admin.token, 'GET', `/api/v1/imports/${up.body.id}`)).body;
      expect(after.state).toBe('cancelled');
      expect(after.counts.imported).toBe(20);
      expect(await count(l, 'person')).toBe(20);
      const [event] = await audits(l, 'import.cancel');
      expect(event!.details).toMatchObject({ imported: 20, updated: 0 });
      // Another agency's user may not cancel it (404, audited).
      const other = await l.user(await l.agency('CA-CB'), ['agency_admin']);
      expect((await l.call(other.token, 'POST', `/api/v1/jobs/${commit.body.job.id}/cancel`)).status).toBe(404);
    } finally {
      await l.stop();
    }
  });

  it('hides an import from other agencies (404, audited) and lets only agency_admin and data_steward import', async () => {
    const { l, admin, agency } = await setUp(kind);
    try {
      const up = await upload(l, admin.token, csv(validRows(2)));
      await settle(l, admin.token, up.body.id);
      const otherAgency = await l.agency('CA-CB');
      const otherAdmin = await l.user(otherAgency, ['agency_admin']);
      for (const [method, path] of [
        ['GET', ''],
        ['GET', '/rejects.csv'],
        ['POST', '/commit'],
      ] as const) {
        const r = await l.call(otherAdmin.token, method, `/api/v1/imports/${up.body.id}${path}`);
        expect(r.status).toBe(404);
      }
      const denied = await l.ctx.db
        .selectFrom('audit_event')
        .selectAll()
        .where('actor_id', '=', otherAdmin.id)
        .where('outcome', '=', 'not_found')
        .where('record_id', '=', up.body.id)
        .execute();
      expect(denied.length).toBe(3);
      expect((await l.call(otherAdmin.token, 'GET', '/api/v1/imports')).body.items).toEqual([]);
      // Importing for another agency: refused.
      expect((await upload(l, otherAdmin.token, csv(validRows(1)))).status).toBe(403);
      const intake = await l.user(agency, ['intake_officer']);
      expect((await upload(l, intake.token, csv(validRows(1)))).status).toBe(403);
      // A data steward imports for any agency and sees its imports.
      const steward = await l.user(otherAgency, ['data_steward']);
      expect((await upload(l, steward.token, csv(validRows(1)))).status).toBe(202);
      expect((await l.call(steward.token, 'GET', `/api/v1/imports/${up.body.id}`)).status).toBe(200);
      expect((await l.call(steward.token, 'GET', '/api/v1/imports')).body.items).toHaveLength(2);
      expect(await count(l, 'person')).toBe(0);
    } finally {
      await l.stop();
    }
  });

  it('refuses bad input with a clear 4xx and keeps nothing', async () => {
    const { l, admin } = await setUp(kind, { importMaxBytes: 2000 });
    try {
      const cases: [string | Buffer, string, string, number, RegExp][] = [
        ['', 'agency=CA-HG&fileName=a.csv', 'text/csv', 400, /empty/],
        [csv(validRows(2)), 'agency=CA-HG&fileName=a.csv', 'image/png', 415, /text\/csv/],
        [csv(validRows(2)), 'agency=NOPE&fileName=a.csv', 'text/csv', 400, /no agency/],
        [csv(validRows(2)), 'fileName=a.csv', 'text/csv', 400, /agency/],
        [
          Buffer.from([0, 1, 2, 3, 255, 0, 7, 8]),
          'agency=CA-HG&fileName=a.csv',
          'application/octet-stream',
          400,
          /binary/,
        ],
        [Buffer.from('PK\u0003\u0004garbage'), 'agency=CA-HG&fileName=a.xlsx', 'application/octet-stream', 400, /XLSX/],
        [csv(validRows(40)), 'agency=CA-HG&fileName=a.csv', 'text/csv', 413, /Split it/],
        [HEADER + '\n', 'agency=CA-HG&fileName=a.csv', 'text/csv', 400, /no rows/],
      ];
      for (const [body, query, type, status, detail] of cases) {
        const r = await upload(l, admin.token, body, query, type);
        expect(r.status, `${query} ${type}`).toBe(status);
        expect(r.body.detail, `${query} ${type}`).toMatch(detail);
      }
      expect(await count(l, 'data_import')).toBe(0);
      expect(
        Number(
          (
            await l.ctx.db
              .selectFrom('data_import_chunk')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ).toBe(0);
      expect(await count(l, 'person')).toBe(0);
    } finally {
      await l.stop();
    }
  });
});
