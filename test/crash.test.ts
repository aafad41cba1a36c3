// A crash (SIGKILL, no shutdown at all) loses no acknowledged write: the server
// answers 201 only after the commit, and the embedded database writes through.
// Nor any acknowledged read's audit event: reads share group commits of their
// audit events (issue 15), and each is answered only once its batch committed.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAgency, createUser } from '../src/access/directory.js';
import { openLanternContext } from '../src/capabilities.js';
import { openPglite, openPostgres } from '../src/platform/database.js';
import { createLogger } from '../src/platform/logger.js';
import { databases, freshDatabase, personInput, testConfig } from './support/harness.js';
import { freePort, startServer } from './support/server-process.js';

describe.each(databases)('crash safety on %s', (kind) => {
  it('keeps every acknowledged write after SIGKILL', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-crash-'));
    const fresh = kind === 'postgres' ? await freshDatabase('postgres') : undefined;
    await fresh?.database.close();
    const masterKey = crypto.randomBytes(32).toString('base64');
    const env = { LANTERN_DATA_DIR: dataDir, DATABASE_URL: fresh?.url ?? '', LANTERN_MASTER_KEY: masterKey };
    try {
      // Set up an officer directly in the database, as the CLI would.
      const setup = await openLanternContext(
        testConfig({ dataDir, databaseUrl: fresh?.url, masterKey }),
        createLogger('silent'),
      );
      const agency = await createAgency(setup.db, { code: 'POLICE', name: 'Police', kind: 'police' });
      await createUser(setup.db, {
        email: 'o@test.invalid',
        displayName: 'O',
        agencyId: agency.id,
        roles: ['intake_officer'],
        password: 'a long test password',
      });
      await setup.database.close();

      const port = await freePort();
      const base = `http://127.0.0.1:${port}/api/v1`;
      const server = await startServer({ ...env, PORT: String(port) });
      const login = (await (
        await fetch(`${base}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'o@test.invalid', password: 'a long test password' }),
        })
      ).json()) as { token: string };
      const acknowledged: string[] = [];
      for (let i = 0; i < 20; i++) {
        const r = await fetch(`${base}/persons`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
          body: JSON.stringify(personInput({ givenName: `Crash${i}` })),
        });
        expect(r.status).toBe(201);
        acknowledged.push(((await r.json()) as { id: string }).id);
      }
      server.kill('SIGKILL');
      await new Promise((resolve) => server.once('exit', resolve));

      const again = await startServer({ ...env, PORT: String(port) });
      const login2 = (await (
        await fetch(`${base}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'o@test.invalid', password: 'a long test password' }),
        })
      ).json()) as { token: string };
      for (const id of acknowledged) {
        const r = await fetch(`${base}/persons/${id}`, { headers: { authorization: `Bearer ${login2.token}` } });
        expect(r.status).toBe(200);
      }
      again.kill('SIGTERM');
      await new Promise((resolve) => again.once('exit', resolve));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await fresh?.drop();
    }
  }, 180_000);
  it('keeps the audit event of every acknowledged read after SIGKILL under concurrent reads', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-crash-reads-'));
    const fresh = kind === 'postgres' ? await freshDatabase('postgres') : undefined;
    await fresh?.database.close();
    const masterKey = crypto.randomBytes(32).toString('base64');
    const env = { LANTERN_DATA_DIR: dataDir, DATABASE_URL: fresh?.url ?? '', LANTERN_MASTER_KEY: masterKey };
    const credentials = { email: 'r@test.invalid', password: 'a long test password' };
    try {
      const setup = await openLanternContext(
        testConfig({ dataDir, databaseUrl: fresh?.url, masterKey }),
        createLogger('silent'),
      );
      const agency = await createAgency(setup.db, { code: 'POLICE', name: 'Police', kind: 'police' });
      await createUser(setup.db, { ...credentials, displayName: 'R', agencyId: agency.id, roles: ['intake_officer'] });
      await setup.database.close();

      const port = await freePort();
      const base = `http://127.0.0.1:${port}/api/v1`;
      const server = await startServer({ ...env, PORT: String(port) });
      const { token } = (await (
        await fetch(`${base}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(credentials),
        })
      ).json()) as { token: string };
      const auth = { authorization: `Bearer ${token}` };
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await fetch(`${base}/persons`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...auth },
          body: JSON.stringify(personInput({ givenName: `Read${i}` })),
        });
        ids.push(((await r.json()) as { id: string }).id);
      }
      // Eight readers at once; the server is killed while they read.
      const acknowledged = new Map<string, number>();
      let stop = false;
      const reader = async (n: number) => {
        for (let i = 0; !stop; i++) {
          const id = ids[(n + i) % ids.length]!;
          try {
            const r = await fetch(`${base}/persons/${id}`, { headers: auth });
            if (r.status === 200) acknowledged.set(id, (acknowledged.get(id) ?? 0) + 1);
            await r.arrayBuffer();
          } catch {
            return; // the connection died with the server
          }
        }
      };
      const readers = Array.from({ length: 8 }, (_, n) => reader(n));
      while ([...acknowledged.values()].reduce((a, b) => a + b, 0) < 200) await new Promise((r) => setTimeout(r, 20));
      server.kill('SIGKILL');
      await new Promise((resolve) => server.once('exit', resolve));
      stop = true;
      await Promise.all(readers);

      const database = fresh?.url ? await openPostgres(fresh.url, 1) : await openPglite(dataDir);
      try {
        const rows = await database.db
          .selectFrom('audit_event')
          .select(['record_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('action', '=', 'person.read')
          .groupBy('record_id')
          .execute();
        const audited = new Map(rows.map((r) => [r.record_id, Number(r.n)]));
        for (const [id, n] of acknowledged) expect(audited.get(id) ?? 0, id).toBeGreaterThanOrEqual(n);
      } finally {
        await database.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await fresh?.drop();
    }
  }, 180_000);
});
