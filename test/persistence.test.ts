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
import { MasterKeyError } from '../src/platform/keys.js';
import { openContext } from '../src/platform/open-context.js';
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

describe.each(databases)('master key check on %s', (kind) => {
  it('refuses to open the data with another key, changing nothing, and records the key of older data', async () => {
    const fresh = await freshDatabase(kind);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-key-'));
    const open = () => (kind === 'postgres' ? openPostgres(fresh.url!, 2) : openPglite(dataDir));
    const keyA = crypto.randomBytes(32).toString('base64');
    const keyB = crypto.randomBytes(32).toString('base64');
    const config = (masterKey: string) => testConfig({ dataDir, databaseUrl: fresh.url, masterKey });
    const logger = createLogger('silent');
    await fresh.database.close();
    try {
      const first = await buildLantern(config(keyA), { database: await open(), logger });
      const token = await signIn(first);
      const person = await first.app.inject({
        method: 'POST',
        url: '/api/v1/persons',
        headers: { authorization: `Bearer ${token}` },
        payload: personInput({ contact: { phone: '0912345678' } }),
      });
      expect(person.statusCode).toBe(201);
      await first.close();

      const refused = await openContext(config(keyB), logger, await open()).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(MasterKeyError);
      expect((refused as Error).message).toMatch(/not the key this database was written with/);

      // Data written before fingerprints existed: the key is tried on an encrypted value, then recorded.
      const raw = await open();
      await sql`DELETE FROM key_check`.execute(raw.db);
      await raw.close();
      await expect(openContext(config(keyB), logger, await open())).rejects.toBeInstanceOf(MasterKeyError);
      const reopened = await openContext(config(keyA), logger, await open());
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM key_check`.execute(reopened.db);
      expect(rows[0]!.n).toBe(1);
      await reopened.database.close();
      await expect(openContext(config(keyB), logger, await open())).rejects.toBeInstanceOf(MasterKeyError);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await fresh.drop();
    }
  });
});

describe('embedded database operations', () => {
  it('makes the data folder and every file in it private, whatever existed before', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-perm-'));
    fs.chmodSync(dataDir, 0o777);
    fs.mkdirSync(path.join(dataDir, 'pgdata'), { mode: 0o777 });
    fs.chmodSync(path.join(dataDir, 'pgdata'), 0o777);
    fs.writeFileSync(path.join(dataDir, 'master.key'), crypto.randomBytes(32).toString('base64'), { mode: 0o666 });
    fs.chmodSync(path.join(dataDir, 'master.key'), 0o666);
    const loose: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        const mode = fs.lstatSync(file).mode & 0o777;
        if (entry.isDirectory()) {
          if (mode !== 0o700) loose.push(`${file} ${mode.toString(8)}`);
          walk(file);
        } else if (entry.isFile() && mode !== 0o600) loose.push(`${file} ${mode.toString(8)}`);
      }
    };
    const oldMask = process.umask(0o000); // the worst case: files created world-writable
    try {
      const lantern = await buildLantern(testConfig({ dataDir, masterKey: undefined }), {
        database: await openPglite(dataDir),
        logger: createLogger('silent'),
      });
      await lantern.close();
      expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
      walk(dataDir);
      expect(loose).toEqual([]);
      expect(fs.readdirSync(path.join(dataDir, 'pgdata')).length).toBeGreaterThan(3);
      // Loosened again by hand: tightened at the next open.
      fs.chmodSync(path.join(dataDir, 'pgdata', 'PG_VERSION'), 0o644);
      await (await openPglite(dataDir)).close();
      walk(dataDir);
      expect(loose).toEqual([]);
    } finally {
      process.umask(oldMask);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start (exit 3) without the key of existing data, and never generates one over it', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-nokey-'));
    const root = path.resolve(import.meta.dirname, '..');
    const env = {
      ...process.env,
      LANTERN_DATA_DIR: dataDir,
      DATABASE_URL: '',
      LANTERN_MASTER_KEY: '',
      PORT: String(40000 + (process.pid % 20000)),
    };
    const cli = (...args: string[]) => run(process.execPath, ['bin/lantern.js', ...args], { env, cwd: root });
    try {
      await cli('agency', 'add', '--code', 'OPS', '--name', 'Operations', '--kind', 'ministry');
      const backupFile = path.join(dataDir, '..', `${path.basename(dataDir)}.tar.gz`);
      await cli('backup', '--out', backupFile);
      const key = fs.readFileSync(path.join(dataDir, 'master.key'), 'utf8');
      // Restore into a new folder, as after losing a machine, without the key file.
      const restored = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-restored-'));
      const env2 = { ...env, LANTERN_DATA_DIR: restored };
      const done = await run(process.execPath, ['bin/lantern.js', 'restore', '--from', backupFile], {
        env: env2,
        cwd: root,
      });
      expect(done.stdout).toMatch(/There is no master key yet/);
      fs.rmSync(backupFile);
      for (const [command, args] of [
        ['bin/lantern.js', ['agency', 'list']],
        ['dist/main.js', []],
      ] as const) {
        const refused = await run(process.execPath, [command, ...args], {
          env: env2,
          cwd: root,
          timeout: 60_000,
        }).catch((e) => e);
        expect(refused.code, command).toBe(3);
        expect(refused.stderr, command).toMatch(/holds data, but there is no master key/);
        expect(fs.existsSync(path.join(restored, 'master.key'))).toBe(false);
      }
      // The right key: it works.
      fs.writeFileSync(path.join(restored, 'master.key'), key, { mode: 0o600 });
      expect(
        (await run(process.execPath, ['bin/lantern.js', 'agency', 'list'], { env: env2, cwd: root })).stdout,
      ).toMatch(/OPS/);
      fs.rmSync(restored, { recursive: true, force: true });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

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
