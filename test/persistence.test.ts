// Durability and operations: a restart keeps every acknowledged write, a clean
// shutdown seals the audit trail, the embedded data folder has one owner, the
// CLI verifies the trail, and nothing personal reaches the logs.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildLantern } from '../src/app.js';
import { createAgency, createUser } from '../src/access/directory.js';
import { openPglite, openPostgres } from '../src/platform/database.js';
import { createLogger } from '../src/platform/logger.js';
import { databases, freshDatabase, personInput, startLantern, testConfig } from './support/harness.js';

const run = promisify(execFile);

async function signIn(lantern: Awaited<ReturnType<typeof buildLantern>>, agencyCode = 'POLICE-HN') {
  const agency = await createAgency(lantern.ctx.db, { code: agencyCode, name: 'Police', kind: 'police' });
  await createUser(lantern.ctx.db, {
    email: 'officer@test.invalid',
    displayName: 'Officer',
    agencyId: agency.id,
    roles: ['intake_officer'],
    password: 'a long test password',
  });
  const login = await lantern.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'officer@test.invalid', password: 'a long test password' },
  });
  return JSON.parse(login.body).token as string;
}

describe.each(databases)('persistence on %s', (kind) => {
  it('keeps acknowledged writes across a restart and seals the trail on clean shutdown', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-restart-'));
    const fresh = kind === 'postgres' ? await freshDatabase('postgres') : undefined;
    const config = testConfig({
      dataDir,
      databaseUrl: fresh?.url,
      masterKey: undefined,
      ...(kind === 'postgres' ? { masterKey: crypto.randomBytes(32).toString('base64') } : {}),
    });
    const open = () => (kind === 'postgres' ? openPostgres(fresh!.url!, 3) : openPglite(dataDir));
    try {
      const first = await buildLantern(config, {
        database: await open(),
        logger: createLogger('silent'),
        sealIntervalMs: 60_000,
      });
      const token = await signIn(first);
      const created = await first.app.inject({
        method: 'POST',
        url: '/api/v1/persons',
        headers: { authorization: `Bearer ${token}` },
        payload: personInput({ familyName: 'Hoàng', contact: { phone: '0987654321' } }),
      });
      expect(created.statusCode).toBe(201);
      const personId = JSON.parse(created.body).id;
      const pending = await first.ctx.db.selectFrom('audit_event').select('id').where('seq', 'is', null).execute();
      expect(pending.length).toBeGreaterThan(0); // the sealer has not run yet (long interval)
      await first.close();

      const second = await buildLantern(config, { database: await open(), logger: createLogger('silent') });
      try {
        expect(await second.ctx.db.selectFrom('audit_event').select('id').where('seq', 'is', null).execute()).toEqual(
          [],
        );
        const login = await second.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'officer@test.invalid', password: 'a long test password' },
        });
        const again = await second.app.inject({
          method: 'GET',
          url: `/api/v1/persons/${personId}`,
          headers: { authorization: `Bearer ${JSON.parse(login.body).token}` },
        });
        expect(again.statusCode).toBe(200);
        expect(JSON.parse(again.body).familyName).toBe('Hoàng');
        expect(JSON.parse(again.body).contact).toEqual({ phone: '0987654321' }); // same key after restart
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await fresh?.drop();
    }
  });

  it('never writes names, narratives, contacts or document numbers to the log', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const l = await startLantern(kind, { logStream: sink });
    try {
      const user = await l.user(await l.agency('POLICE-HN'), ['intake_officer']);
      const p = await l.call(
        user.token,
        'POST',
        '/api/v1/persons',
        personInput({
          familyName: 'Trịnh',
          givenName: 'Xuân',
          identityDocuments: [{ type: 'passport', number: 'P9988776' }],
          contact: { phone: '0911222333' },
        }),
      );
      await l.call(user.token, 'POST', '/api/v1/cases', {
        personId: p.body.id,
        reachedVia: 'walk_in',
        narrative: 'Bị lừa sang Campuchia',
      });
      await l.call(user.token, 'GET', `/api/v1/cases?q=${encodeURIComponent('Trịnh Xuân')}`);
      await l.call(user.token, 'POST', '/api/v1/persons', { familyName: 'Trịnh', sex: 'bad' });
      await sql`SELECT 1`.execute(l.ctx.db);
      // A database error whose text echoes what was sent (as PostgreSQL's often do) answers 500
      // and is logged by its code and stack frames, never its text.
      await sql
        .raw(
          `CREATE FUNCTION echo_name() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION 'cannot store %', NEW.family_name USING ERRCODE = 'XX042'; END $$`,
        )
        .execute(l.ctx.db);
      await sql
        .raw('CREATE TRIGGER echo_name BEFORE INSERT ON person FOR EACH ROW EXECUTE FUNCTION echo_name()')
        .execute(l.ctx.db);
      const failed = await l.call(user.token, 'POST', '/api/v1/persons', personInput({ familyName: 'Trịnh' }));
      expect(failed.status).toBe(500);
      expect(JSON.stringify(failed.body)).not.toContain('Trịnh');
      await sql.raw('DROP TRIGGER echo_name ON person').execute(l.ctx.db);
    } finally {
      await l.stop();
    }
    const log = lines.join('');
    expect(log).toContain('"route":"/api/v1/persons"'); // requests are logged...
    const failure = lines.find((line) => line.includes('request failed'));
    expect(failure).toContain('"code":"XX042"'); // ...and a failure by its code and where it was thrown
    expect(failure).toMatch(/"frames":\["at /);
    for (const secret of ['Trịnh', 'Trinh', 'Xuân', 'P9988776', '0911222333', 'Campuchia', 'pw-' /* test passwords */])
      expect(log).not.toContain(secret);
  });
});

describe('embedded database operations', () => {
  it('refuses a second process on the same data folder', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-lock-'));
    const first = await openPglite(dataDir);
    try {
      await expect(openPglite(dataDir)).rejects.toThrow(/in use by another Lantern process/);
    } finally {
      await first.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('`lantern audit verify` exits 0 on an intact trail and 1 naming the first bad event', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-cli-'));
    const env = { ...process.env, LANTERN_DATA_DIR: dataDir, DATABASE_URL: '', LANTERN_MASTER_KEY: '' };
    const cli = (...args: string[]) =>
      run(process.execPath, ['bin/lantern.js', ...args], { env, cwd: path.resolve(import.meta.dirname, '..') });
    try {
      await cli('agency', 'add', '--code', 'OPS', '--name', 'Operations', '--kind', 'ministry');
      const added = await cli(
        'user',
        'add',
        '--email',
        'admin@ops.invalid',
        '--agency',
        'OPS',
        '--role',
        'system_admin',
      );
      expect(added.stdout).toMatch(/Password \(shown once.*\): \S{20,}/);
      const ok = await cli('audit', 'verify');
      expect(ok.stdout).toMatch(/Audit trail intact: 2 events verified/);
      const bad = await cli(
        'user',
        'add',
        '--email',
        'x@ops.invalid',
        '--agency',
        'MISSING',
        '--role',
        'caseworker',
      ).catch((e) => e);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/No agency with code MISSING/);
      const database = await openPglite(dataDir);
      await sql.raw('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only').execute(database.db);
      await sql.raw("UPDATE audit_event SET action = 'user.delete' WHERE seq = 2").execute(database.db);
      await database.close();
      const broken = await cli('audit', 'verify').catch((e) => e);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toMatch(/AUDIT TRAIL BROKEN after 1 intact events: event 2/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
