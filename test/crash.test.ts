// A crash (SIGKILL, no shutdown at all) loses no acknowledged write: the server
// answers 201 only after the commit, and the embedded database writes through.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAgency, createUser } from '../src/access/directory.js';
import { openLanternContext } from '../src/capabilities.js';
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
});
