// The demo agencies' messy spreadsheets (data/demo-imports) go through the whole pipeline:
// each file's mapping is complete, exactly the rows its ground truth marks `reject` are
// rejected (with their line numbers), the TCVN3 file's columns are converted, and every
// valid row is stored once.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createUser } from '../src/access/directory.js';
import { commitImport, importStatus, uploadImport, XLSX_TYPE } from '../src/consolidation/imports.js';
import type { Actor } from '../src/platform/actor.js';
import { databases, startLantern } from './support/harness.js';

const dir = path.resolve(import.meta.dirname, '../data/demo-imports');
const truth = fs
  .readFileSync(path.join(dir, 'ground-truth.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => {
    const [file, line, agency, sourceId, , expected] = l.split(',');
    return { file: file!, line: Number(line), agency: agency!, sourceId: sourceId!, expected: expected! };
  });

describe.each(databases)('demo import files on %s', (kind) => {
  it('imports each demo file, rejecting exactly the rows meant to be rejected', async () => {
    const l = await startLantern(kind);
    try {
      await l.jobs.stop(); // stepped here
      for (const file of ['police.csv', 'shelter.xlsx', 'hotline-tcvn3.csv', 'iom-htcds.csv']) {
        const rows = truth.filter((t) => t.file === file);
        const code = rows[0]!.agency;
        const agencyId = await l.agency(code);
        const user = await createUser(l.ctx.db, {
          email: `steward-${code.toLowerCase()}@test.invalid`,
          displayName: 'Steward',
          agencyId,
          roles: ['data_steward'],
          password: 'a long test password',
        });
        const actor: Actor = {
          userId: user.id,
          agencyId,
          agencyKind: 'police',
          roles: ['data_steward'],
          language: 'vi',
          clientIp: null,
        };
        const who = { actor, auditActor: actor };
        const xlsx = file.endsWith('.xlsx');
        const up = await uploadImport(l.ctx, who, {
          agency: code,
          fileName: file,
          contentType: xlsx ? XLSX_TYPE : 'text/csv',
          body: Readable.from([fs.readFileSync(path.join(dir, file))]),
        });
        while (await l.jobs.runStep()) {
          /* the dry run */
        }
        const previewed = await importStatus(l.ctx, up.id);
        expect(previewed.mapping.problems, file).toEqual([]);
        expect(
          previewed.rejects.map((r) => r.line).sort((a, b) => a - b),
          file,
        ).toEqual(rows.filter((r) => r.expected === 'reject').map((r) => r.line));
        expect(previewed.counts.valid, file).toBe(rows.filter((r) => r.expected === 'import').length);
        if (file === 'hotline-tcvn3.csv') {
          expect(previewed.charset).toBe('windows-1252');
          expect(previewed.convertedColumns.map((c) => c.column)).toContain('full_name');
        }
        await commitImport(l.ctx, who, up.id);
        while (await l.jobs.runStep()) {
          /* the import */
        }
        const done = await importStatus(l.ctx, up.id);
        expect(done.state, file).toBe('imported');
        const sources = new Set(rows.filter((r) => r.expected === 'import').map((r) => r.sourceId));
        expect(done.counts.imported + done.counts.updated, file).toBe(previewed.counts.valid);
        expect(done.counts.imported, file).toBe(sources.size);
      }
    } finally {
      await l.stop();
    }
  }, 240_000);
});
