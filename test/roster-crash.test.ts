// A server killed (SIGKILL, no shutdown) while a roster job runs: the accepted
// roster is still registered after the restart, completely and with no returnee
// registered twice — the chunk cut short left nothing, the chunks committed before
// are not done again.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createAgency, createUser } from '../src/access/directory.js';
import { openContext } from '../src/platform/open-context.js';
import { createLogger } from '../src/platform/logger.js';
import { databases, freshDatabase, testConfig } from './support/harness.js';
import { freePort, startServer } from './support/server-process.js';

describe.each(databases)('roster job crash safety on %s', (kind) => {
  it('registers every row of an accepted roster exactly once after a SIGKILL during the job', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-roster-crash-'));
    const fresh = kind === 'postgres' ? await freshDatabase('postgres') : undefined;
    await fresh?.database.close();
    const masterKey = crypto.randomBytes(32).toString('base64');
    const env = {
      LANTERN_DATA_DIR: dataDir,
      DATABASE_URL: fresh?.url ?? '',
      LANTERN_MASTER_KEY: masterKey,
      LANTERN_ROSTER_CHUNK_ROWS: '25',
    };
    try {
      const setup = await openContext(
        testConfig({ dataDir, databaseUrl: fresh?.url, masterKey }),
        createLogger('silent'),
      );
      const agency = await createAgency(setup.db, { code: 'BDBP-TN', name: 'Border', kind: 'border_guard' });
      await createUser(setup.db, {
        email: 's@test.invalid',
        displayName: 'S',
        agencyId: agency.id,
        roles: ['intake_officer'],
        password: 'a long test password',
      });
      await setup.database.close();

      const port = await freePort();
      const base = `http://127.0.0.1:${port}/api/v1`;
      const signIn = async () =>
        (
          (await (
            await fetch(`${base}/auth/login`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ email: 's@test.invalid', password: 'a long test password' }),
            })
          ).json()) as { token: string }
        ).token;
      const get = async (token: string, url: string) =>
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        (await (await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } })).json()) as any;

      const server = await startServer({ ...env, PORT: String(port) });
      let token = await signIn();
      const event = (await (
        await fetch(`${base}/screening/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ borderGate: 'Cửa khẩu Xa Mát', date: '2026-11-24', countryFrom: 'KH' }),
        })
      ).json()) as { id: string };
      const lines = Array.from({ length: 300 }, (_, i) => `Thạch Sô Số${i + 1},Nam,${20 + (i % 30)},KH,`);
      const accepted = await fetch(`${base}/screening/events/${event.id}/roster`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
        body: `Họ tên,Giới tính,Tuổi,Quốc tịch,Điện thoại\n${lines.join('\n')}\n`,
      });
      expect(accepted.status).toBe(202);
      const jobId = ((await accepted.json()) as { job: { id: string } }).job.id;
      // Kill the server once the job has committed some chunks and is working on more.
      let progress = 0;
      while (progress === 0) {
        await sleep(20);
        progress = (await get(token, `/jobs/${jobId}`)).progress.done;
      }
      expect(progress).toBeLessThan(300);
      server.kill('SIGKILL');
      await new Promise((resolve) => server.once('exit', resolve));

      const again = await startServer({ ...env, PORT: String(port) });
      token = await signIn();
      let job;
      do {
        await sleep(50);
        job = await get(token, `/jobs/${jobId}`);
      } while (job.state !== 'succeeded' && job.state !== 'failed');
      expect(job).toMatchObject({ state: 'succeeded', progress: { done: 300, total: 300 } });
      const board = await get(token, `/screening/events/${event.id}`);
      expect(board.counts.registered).toBe(300);
      expect(board.people.map((p: { row: number }) => p.row)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
      expect(new Set(board.people.map((p: { name: string }) => p.name)).size).toBe(300);
      again.kill('SIGTERM');
      await new Promise((resolve) => again.once('exit', resolve));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await fresh?.drop();
    }
  }, 240_000);
});
