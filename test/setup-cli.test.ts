// Setting Lantern up from the command line (issue 12 §6): the province codes an IT person
// needs for `agency add`, and clear words (exit 2, no stack trace) for a backup to a folder
// that does not exist or a restore from a file that is not a backup.
import crypto from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

function cli(env: NodeJS.ProcessEnv, args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ['bin/lantern.js', ...args], { env, cwd: root }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('lantern set-up commands', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-setup-'));
    env = {
      ...process.env,
      LANTERN_DATA_DIR: path.join(dir, 'data'),
      DATABASE_URL: '',
      LANTERN_MASTER_KEY: crypto.randomBytes(32).toString('base64'),
      LOG_LEVEL: 'silent',
      LANG: '',
      LC_ALL: '',
      LC_MESSAGES: '',
    };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists the 34 provincial units of 2025 with their codes, in the user’s language or Vietnamese', async () => {
    const vi = await cli(env, ['reference', 'provinces']);
    expect(vi.code).toBe(0);
    const rows = vi.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^MÃ\s+TÊN\s+LOẠI$/);
    expect(rows).toHaveLength(1 + 34 + 1);
    expect(rows).toContainEqual(expect.stringMatching(/^ha-noi\s+Hà Nội\s+thành phố$/));
    expect(rows).toContainEqual(expect.stringMatching(/^lao-cai\s+Lào Cai\s+tỉnh$/));
    expect(rows.at(-1)).toBe('34 đơn vị hành chính cấp tỉnh (từ 2025-07-01).');
    const fr = await cli({ ...env, LANG: 'fr_FR.UTF-8' }, ['reference', 'provinces']);
    expect(fr.stdout).toMatch(/^CODE\s+NOM\s+TYPE$/m);
    expect(fr.stdout).toMatch(/^ha-noi\s+Hà Nội\s+ville$/m);
    const en = await cli({ ...env, LANG: 'fr_FR.UTF-8' }, ['reference', 'provinces', '--language', 'en']);
    expect(en.stdout).toMatch(/^lao-cai\s+Lào Cai\s+province$/m);
    expect(en.stdout).toContain('34 provincial units');
  });

  it('says so when a backup’s folder is missing or a restore’s file is not a backup, and changes nothing', async () => {
    const missing = path.join(dir, 'no-such-folder', 'lantern.tar.gz');
    const backup = await cli(env, ['backup', '--out', missing]);
    expect(backup.code).toBe(2);
    expect(backup.stderr.trim()).toBe(
      `Error: The folder ${path.dirname(missing)} does not exist: create it first (mkdir -p ${path.dirname(missing)}) or choose another --out.`,
    );

    const notBackup = path.join(dir, 'notes.txt');
    fs.writeFileSync(notBackup, 'not a backup at all\n'.repeat(100));
    const fakeGzip = path.join(dir, 'other.tar.gz');
    fs.writeFileSync(fakeGzip, (await import('node:zlib')).gzipSync(Buffer.alloc(4096, 'x')));
    const restoreEnv = { ...env, LANTERN_DATA_DIR: path.join(dir, 'restored') };
    for (const file of [notBackup, fakeGzip]) {
      const restored = await cli(restoreEnv, ['restore', '--from', file]);
      expect(restored.code).toBe(2);
      expect(restored.stderr.trim()).toBe(
        `Error: ${file} is not a Lantern backup (a file written by \`lantern backup\`): nothing was restored.`,
      );
      expect(restored.stderr).not.toMatch(/\n\s+at /);
    }
    expect(fs.existsSync(path.join(dir, 'restored'))).toBe(false);

    // A real backup is recognised and restored: test/persistence.test.ts.
  }, 120_000);
});
