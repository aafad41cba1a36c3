// Two Lantern processes on one PostgreSQL (issue 15): nothing a second server needs lives in one process's
// memory. A session ended on one is refused on the other within the second (sessions are cached in memory and
// forgotten when PostgreSQL notifies a change); a user disabled in the database directly likewise; password
// guesses count across both; and the audit chain stays whole when one of the sealing processes is killed.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../src/access/audit-chain.js';
import { createAgency, createUser } from '../src/access/directory.js';
import { openLanternContext } from '../src/capabilities.js';
import { createLogger } from '../src/platform/logger.js';
import { freshDatabase, personInput, testConfig } from './support/harness.js';
import { freePort, startServer } from './support/server-process.js';

const postgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

postgres('two app servers on one PostgreSQL', () => {
  it('share sessions, their revocation, the throttling and one intact audit chain', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-two-'));
    const fresh = await freshDatabase('postgres');
    await fresh.database.close();
    const masterKey = crypto.randomBytes(32).toString('base64');
    const config = testConfig({ dataDir, databaseUrl: fresh.url, masterKey });
    const ctx = await openLanternContext(config, createLogger('silent'));
    try {
      const agency = await createAgency(ctx.db, { code: 'POLICE', name: 'Police', kind: 'police' });
      const password = 'a long test password';
      for (const email of ['a@test.invalid', 'b@test.invalid', 'c@test.invalid'])
        await createUser(ctx.db, {
          email,
          displayName: email,
          agencyId: agency.id,
          roles: ['intake_officer'],
          password,
        });

      // A session trusted for a minute: only PostgreSQL's notifications can end it on the other server in time.
      const env = {
        LANTERN_DATA_DIR: dataDir,
        DATABASE_URL: fresh.url!,
        LANTERN_MASTER_KEY: masterKey,
        LANTERN_SESSION_CACHE_MS: '60000',
      };
      const ports = [await freePort(), await freePort()];
      const servers = [
        await startServer({ ...env, PORT: String(ports[0]) }),
        await startServer({ ...env, PORT: String(ports[1]) }),
      ];
      const api = (server: 0 | 1, route: string, init: { token?: string; body?: unknown; method?: string } = {}) =>
        fetch(`http://127.0.0.1:${ports[server]}/api/v1${route}`, {
          method: init.method ?? (init.body ? 'POST' : 'GET'),
          headers: {
            ...(init.body ? { 'content-type': 'application/json' } : {}),
            ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          },
          ...(init.body ? { body: JSON.stringify(init.body) } : {}),
        });
      const signIn = async (server: 0 | 1, email: string) =>
        ((await (await api(server, '/auth/login', { body: { email, password } })).json()) as { token: string }).token;
      /** The status `server` answers for the session once a second has passed since the change, at the latest. */
      const refusedWithinASecond = async (server: 0 | 1, token: string) => {
        const deadline = Date.now() + 1000;
        while (Date.now() < deadline && (await api(server, '/auth/me', { token })).status === 200)
          await new Promise((r) => setTimeout(r, 20));
        return (await api(server, '/auth/me', { token })).status;
      };

      // A session opened on one server is good on the other; signed out on one, refused on the other.
      const a = await signIn(0, 'a@test.invalid');
      expect((await api(1, '/auth/me', { token: a })).status).toBe(200);
      expect((await api(1, '/auth/me', { token: a })).status).toBe(200); // now in server 1's memory
      expect((await api(0, '/auth/logout', { token: a, method: 'POST' })).status).toBe(204);
      expect(await refusedWithinASecond(1, a)).toBe(401);

      // A user disabled in the database by hand (psql, the CLI): refused on both.
      const b = await signIn(1, 'b@test.invalid');
      for (const server of [0, 1] as const) expect((await api(server, '/auth/me', { token: b })).status).toBe(200);
      await sql`UPDATE app_user SET disabled = true WHERE email = 'b@test.invalid'`.execute(ctx.db);
      for (const server of [0, 1] as const) expect(await refusedWithinASecond(server, b)).toBe(401);

      // Wrong passwords alternating between the servers count together: the sixth try is locked out.
      for (let i = 0; i < 5; i++) {
        const wrong = await api((i % 2) as 0 | 1, '/auth/login', {
          body: { email: 'c@test.invalid', password: 'not the password' },
        });
        expect(wrong.status).toBe(401);
      }
      expect((await api(1, '/auth/login', { body: { email: 'c@test.invalid', password } })).status).toBe(429);

      // Both servers seal the audit trail (one at a time); kill one while both are busy, and the chain holds.
      const token = await signIn(0, 'a@test.invalid');
      const person = await api(0, '/persons', { token, body: personInput({ givenName: 'Chain' }) });
      const id = ((await person.json()) as { id: string }).id;
      const reads = async (server: 0 | 1, n: number) => {
        for (let i = 0; i < n; i++) await api(server, `/persons/${id}`, { token }).catch(() => undefined);
      };
      const busy = Promise.all([reads(0, 200), reads(1, 150)]);
      await new Promise((r) => setTimeout(r, 300));
      servers[0]!.kill('SIGKILL');
      await busy;
      await reads(1, 20);
      // The survivor seals what the dead one left (within its sealing interval).
      let verdict = await verifyChain(ctx.db, ctx.keys.auditKey);
      for (let i = 0; i < 50 && (verdict.unsealed > 0 || !verdict.ok); i++) {
        await new Promise((r) => setTimeout(r, 100));
        verdict = await verifyChain(ctx.db, ctx.keys.auditKey);
      }
      expect(verdict.forgedCount).toBe(0);
      expect(verdict.unsealed).toBe(0);
      expect(verdict.ok).toBe(true);
      expect(verdict.checked).toBeGreaterThan(20);
    } finally {
      await ctx.database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      await fresh.drop();
    }
  }, 180_000);
});
