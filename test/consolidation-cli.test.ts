// `lantern import` on each database: a dry run stores nothing, an import stores the
// valid rows and writes NAME.rejects.csv, a re-import updates; exit codes 0 / 2 / 1.
import crypto from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { databases, freshDatabase } from './support/harness.js';
import { csv, validRows } from './support/imports.js';

const root = path.resolve(import.meta.dirname, '..');

function cli(env: NodeJS.ProcessEnv, args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ['bin/lantern.js', ...args], { env, cwd: root }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.each(databases)('lantern import on %s', (kind) => {
  it('dry-runs, imports, re-imports and refuses unreadable files and mappings', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-import-'));
    const dataDir = path.join(dir, 'data');
    const fresh = kind === 'postgres' ? await freshDatabase('postgres') : undefined;
    await fresh?.database.close();
    const env = {
      ...process.env,
      LANTERN_DATA_DIR: dataDir,
      DATABASE_URL: fresh?.url ?? '',
      LANTERN_MASTER_KEY: crypto.randomBytes(32).toString('base64'),
      LOG_LEVEL: 'silent',
    };
    try {
      expect((await cli(env, ['agency', 'add', '--code', 'CA-HG', '--name', 'Police', '--kind', 'police'])).code).toBe(
        0,
      );
      const file = path.join(dir, 'police.csv');
      fs.writeFileSync(file, csv([...validRows(5), { id: 'P-9', name: 'Bad Date', dob: '31/02/1990' }]));

      const dry = await cli(env, ['import', '--agency', 'CA-HG', '--file', file, '--dry-run']);
      expect(dry.stderr).toMatch(/dry run: 6 \/ 6 rows/);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(
        /read: 6\nvalid: 5\nrejected: 1 \(.*police\.rejects\.csv\)\ndry run: nothing was stored/,
      );

      const run = await cli(env, ['import', '--agency', 'CA-HG', '--file', file]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/read: 6\nimported: 5\nupdated: 0\nrejected: 1/);
      const rejects = fs.readFileSync(path.join(dir, 'police.rejects.csv'), 'utf8');
      expect(rejects).toMatch(/\r\n7,"date_of_birth: 31\/02\/1990 is not a date[^"]*",P-9,Bad Date,/);

      const again = await cli(env, ['import', '--agency', 'CA-HG', '--file', file]);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/imported: 0\nupdated: 5/);

      // Unreadable: no such file, an unknown agency, garbage, a bad mapping file, a mapping that leaves no source_id.
      expect((await cli(env, ['import', '--agency', 'CA-HG', '--file', path.join(dir, 'none.csv')])).code).toBe(2);
      expect((await cli(env, ['import', '--agency', 'NOPE', '--file', file])).code).toBe(2);
      const garbage = path.join(dir, 'garbage.csv');
      fs.writeFileSync(garbage, Buffer.from([0, 159, 146, 150, 0, 1, 2]));
      const g = await cli(env, ['import', '--agency', 'CA-HG', '--file', garbage]);
      expect(g.code).toBe(2);
      expect(g.stderr).toMatch(/binary/);
      const badMapping = path.join(dir, 'mapping.json');
      fs.writeFileSync(badMapping, '{"columns": {"Mã hồ sơ": "nonsense"}}');
      expect((await cli(env, ['import', '--agency', 'CA-HG', '--file', file, '--mapping', badMapping])).code).toBe(2);
      fs.writeFileSync(badMapping, '{"columns": {"Mã hồ sơ": null}}');
      const unmapped = await cli(env, ['import', '--agency', 'CA-HG', '--file', file, '--mapping', badMapping]);
      expect(unmapped.code).toBe(2);
      expect(unmapped.stderr).toMatch(/source_id/);
    } finally {
      await fresh?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
