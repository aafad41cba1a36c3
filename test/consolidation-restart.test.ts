// An import survives a restart: a runner stopped mid-import (one step even cut short by
// an error, rolled back) and a new Lantern on the same database finishes it, with no
// row stored twice and none lost. And an XLSX file imports like a CSV.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildLantern } from '../src/app.js';
import { createAgency, createUser } from '../src/access/directory.js';
import {
  commitImport,
  importStatus,
  purgeAbandonedUploads,
  uploadImport,
  XLSX_TYPE,
} from '../src/consolidation/imports.js';
import type { Actor } from '../src/platform/actor.js';
import { openPglite, openPostgres } from '../src/platform/database.js';
import { createLogger } from '../src/platform/logger.js';
import { databases, freshDatabase, startLantern, testConfig } from './support/harness.js';
import { csv, settle, validRows } from './support/imports.js';

describe.each(databases)('imports across restarts on %s', (kind) => {
  it('finishes an import interrupted mid-way when Lantern starts again, storing each row once', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-import-restart-'));
    const fresh = kind === 'postgres' ? await freshDatabase('postgres') : undefined;
    await fresh?.database.close();
    const config = testConfig({
      dataDir,
      databaseUrl: fresh?.url,
      masterKey: crypto.randomBytes(32).toString('base64'),
      importStepRows: 10,
    });
    const open = () => (kind === 'postgres' ? openPostgres(fresh!.url!, 3) : openPglite(dataDir));
    const logger = createLogger('silent');
    let importId: string;
    try {
      const first = await buildLantern(config, { database: await open(), logger, runJobs: false });
      try {
        const agency = await createAgency(first.ctx.db, { code: 'CA-HG', name: 'Police', kind: 'police' });
        const user = await createUser(first.ctx.db, {
          email: 'admin@test.invalid',
          displayName: 'Admin',
          agencyId: agency.id,
          roles: ['agency_admin'],
          password: 'a long test password',
        });
        const actor: Actor = {
          userId: user.id,
          agencyId: agency.id,
          agencyKind: 'police',
          roles: ['agency_admin'],
          language: 'vi',
          clientIp: null,
        };
        const who = { actor, auditActor: actor };
        const up = await uploadImport(first.ctx, who, {
          agency: 'CA-HG',
          fileName: 'police.csv',
          contentType: 'text/csv',
          body: Readable.from([Buffer.from(csv(validRows(35)))]),
        });
        importId = up.id;
        while (await first.jobs.runStep()) {
          /* the dry run */
        }
        await commitImport(first.ctx, who, importId);
        expect(await first.jobs.runStep()).toBe(true);
        expect(await first.jobs.runStep()).toBe(true);
        // The third step fails half-way (after its persons were inserted): it is rolled back whole.
        first.ctx.hooks.personsChanged.push(async () => {
          throw new Error('the server went away');
        });
        expect(await first.jobs.runStep()).toBe(true);
        const status = await importStatus(first.ctx, importId);
        expect(status.counts.imported).toBe(20);
        expect(status.state).toBe('importing');
      } finally {
        await first.close();
      }

      const second = await buildLantern(config, { database: await open(), logger, runJobs: false });
      try {
        await second.ctx.db.updateTable('job').set({ run_after: new Date() }).execute(); // no retry pause in a test
        while (await second.jobs.runStep()) {
          /* to the end */
        }
        const status = await importStatus(second.ctx, importId);
        expect(status.state).toBe('imported');
        expect(status.counts).toMatchObject({ read: 35, imported: 35, updated: 0 });
        const persons = await second.ctx.db.selectFrom('person').select('given_name').execute();
        expect(persons.map((p) => p.given_name).sort()).toEqual(
          validRows(35)
            .map((r) => r.name.split(' ')[2])
            .sort(),
        );
        const lines = await second.ctx.db.selectFrom('source_record').select('line').orderBy('line').execute();
        expect(lines.map((l) => l.line)).toEqual(Array.from({ length: 35 }, (_, i) => i + 2));
        // The file itself is gone once imported.
        expect(await second.ctx.db.selectFrom('data_import_chunk').select('seq').execute()).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await fresh?.drop();
    }
  });

  it('removes uploads cut short a day ago with their chunks, and leaves one that may still be under way', async () => {
    const l = await startLantern(kind);
    try {
      const agency = await l.agency('CA-CUT');
      const user = await l.user(agency, ['agency_admin']);
      const cut = async (hoursAgo: number) => {
        const id = crypto.randomUUID();
        await l.ctx.db
          .insertInto('data_import')
          .values({
            id,
            agency_id: agency,
            created_by: user.id,
            file_name: 'cut.csv',
            format: 'csv',
            chunk_bytes: 262144,
            state: 'uploading',
            created_at: new Date(Date.now() - hoursAgo * 3_600_000),
          })
          .execute();
        await l.ctx.db
          .insertInto('data_import_chunk')
          .values({ import_id: id, part: 0, seq: 0, bytes: Buffer.from(l.ctx.keys.encrypt('source_id\n1')) })
          .execute();
        return id;
      };
      const old = await cut(30);
      const recent = await cut(1);
      expect(await purgeAbandonedUploads(l.ctx.db)).toBe(1);
      const left = await l.ctx.db.selectFrom('data_import').select('id').where('id', 'in', [old, recent]).execute();
      expect(left.map((r) => r.id)).toEqual([recent]);
      const chunks = await l.ctx.db.selectFrom('data_import_chunk').select('import_id').execute();
      expect(chunks.map((c) => c.import_id)).not.toContain(old);
    } finally {
      await l.stop();
    }
  });

  it('imports an XLSX file (English headers, Excel dates) like a CSV', async () => {
    const l = await startLantern(kind);
    try {
      const agency = await l.agency('SHELTER');
      const steward = await l.user(agency, ['data_steward']);
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Residents');
      sheet.addRow(['Record ID', 'Full name', 'Date of birth', 'Sex', 'Phone']);
      sheet.addRow(['S-1', 'Nguyễn Thị Lan', new Date(Date.UTC(1998, 4, 17)), 'F', '+84 912 345 678']);
      sheet.addRow(['S-2', 'Trần Văn Nam', new Date(Date.UTC(2001, 0, 2)), 'M', '0987654321']);
      sheet.addRow(['S-3', 'Lê Thị Hoa', 'not a date', 'F', '']);
      const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
      const up = await l.app.inject({
        method: 'POST',
        url: '/api/v1/imports?agency=SHELTER&fileName=residents.xlsx',
        headers: { authorization: `Bearer ${steward.token}`, 'content-type': XLSX_TYPE },
        payload: bytes,
      });
      expect(up.statusCode).toBe(202);
      const id = JSON.parse(up.body).id;
      let view = await settle(l, steward.token, id);
      expect(view).toMatchObject({ format: 'xlsx', state: 'previewed', counts: { read: 3, valid: 2, rejected: 1 } });
      expect(view.preview[0].person).toMatchObject({
        sourceId: 'S-1',
        dateOfBirth: '1998-05-17',
        phone: '+84912345678',
      });
      expect(view.rejects).toEqual([{ line: 4, reasons: [expect.stringMatching(/date_of_birth/)] }]);
      expect((await l.call(steward.token, 'POST', `/api/v1/imports/${id}/commit`)).status).toBe(202);
      view = await settle(l, steward.token, id);
      expect(view.counts).toMatchObject({ imported: 2 });
      // A zip bomb or a file over the XLSX limit is refused before it is read.
      const small = await startLantern(kind, { config: { importMaxXlsxBytes: 1000 } });
      try {
        const a = await small.agency('SHELTER');
        const s = await small.user(a, ['data_steward']);
        const r = await small.app.inject({
          method: 'POST',
          url: '/api/v1/imports?agency=SHELTER&fileName=residents.xlsx',
          headers: { authorization: `Bearer ${s.token}`, 'content-type': XLSX_TYPE },
          payload: bytes,
        });
        expect(r.statusCode).toBe(413);
        expect(JSON.parse(r.body).detail).toMatch(/save the sheet as CSV/);
      } finally {
        await small.stop();
      }
    } finally {
      await l.stop();
    }
  });
});
