// `lantern user …` on each database: users it creates (or whose password it sets)
// must choose a new password at first sign-in; weak piped passwords are refused;
// role changes are audited with the roles before and after; a forgotten password gets a
// one-time code; `user list` shows who is there, never a secret.
import crypto from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPglite, openPostgres } from '../src/platform/database.js';
import { databases, freshDatabase } from './support/harness.js';

const root = path.resolve(import.meta.dirname, '..');

function cli(env: NodeJS.ProcessEnv, args: string[], input?: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, ['bin/lantern.js', ...args], { env, cwd: root }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input ?? '');
  });
}

describe.each(databases)('lantern user on %s', (kind) => {
  it('creates users who must choose their own password, refuses weak ones, and audits role changes', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-users-'));
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
      expect(
        (await cli(env, ['agency', 'add', '--code', 'OPS', '--name', 'Operations', '--kind', 'ministry'])).code,
      ).toBe(0);
      const added = await cli(env, [
        'user',
        'add',
        '--email',
        'a@ops.invalid',
        '--agency',
        'OPS',
        '--role',
        'caseworker',
      ]);
      expect(added.code).toBe(0);
      expect(added.stdout).toMatch(/Password \(shown once.*\): \S{20,}/);
      expect(added.stdout).toContain('The user will be asked to choose a new password at first sign-in.');

      const weak = await cli(
        env,
        ['user', 'add', '--email', 'b@ops.invalid', '--agency', 'OPS', '--role', 'caseworker', '--password-stdin'],
        '123456789012\n',
      );
      expect(weak.code).toBe(2);
      expect(weak.stderr).toMatch(/The password is too easy to guess/);
      const piped = await cli(
        env,
        ['user', 'add', '--email', 'b@ops.invalid', '--agency', 'OPS', '--role', 'auditor', '--password-stdin'],
        'Hs6-pw3-Ky8-gn2-Vb\n',
      );
      expect(piped.code).toBe(0);
      expect(piped.stdout).not.toContain('Hs6-pw3');
      expect(piped.stdout).toContain('must enrol an authenticator app');

      const roles = await cli(env, [
        'user',
        'roles',
        '--email',
        'a@ops.invalid',
        '--role',
        'investigator',
        'caseworker',
      ]);
      expect(roles.code).toBe(0);
      // A forgotten password: a one-time code, shown once.
      const reset = await cli(env, ['user', 'reset-password', '--email', 'a@ops.invalid']);
      expect(reset.code).toBe(0);
      expect(reset.stdout).toMatch(/single use; valid 30 minutes/);
      const code = /^ {2}([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})$/m.exec(reset.stdout)?.[1];
      expect(code).toBeDefined();
      // Or a piped password, which the user must change at next sign-in.
      const piped2 = await cli(
        env,
        ['user', 'reset-password', '--email', 'b@ops.invalid', '--password-stdin'],
        'Qx7-lantern-Mv4-river-Tb9\n',
      );
      expect(piped2.code).toBe(0);
      expect(piped2.stdout).toContain('asked to choose a new password at next sign-in');

      // Saying what there is to do, and doing nothing otherwise.
      const noTotp = await cli(env, ['user', 'reset-totp', '--email', 'a@ops.invalid']);
      expect(noTotp.code).toBe(0);
      expect(noTotp.stdout).toContain('nothing to reset');

      // The list: who, where, which roles, whether active, when last signed in; never a secret.
      expect((await cli(env, ['user', 'disable', '--email', 'b@ops.invalid'])).code).toBe(0);
      const list = await cli(env, ['user', 'list', '--agency', 'ops']);
      expect(list.code).toBe(0);
      const lines = list.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^EMAIL\s+NAME\s+AGENCY\s+ROLES\s+STATE\s+LAST SIGN-IN \(Asia\/Ho_Chi_Minh\)$/);
      expect(lines[1]).toMatch(/^a@ops\.invalid\s+a@ops\.invalid\s+OPS\s+investigator,caseworker\s+active\s+never$/);
      expect(lines[2]).toMatch(/^b@ops\.invalid\s.*\sOPS\s+auditor\s+disabled\s+never$/);
      expect(lines[3]).toBe('2 users.');
      expect(list.stdout).not.toContain(code!);
      expect(list.stdout).not.toMatch(/argon2|\$/);
      const unknownAgency = await cli(env, ['user', 'list', '--agency', 'NOPE']);
      expect(unknownAgency.code).toBe(2);
      expect(unknownAgency.stderr).toContain('No agency with code NOPE');

      const database = fresh?.url ? await openPostgres(fresh.url, 1) : await openPglite(dataDir);
      try {
        const users = await database.db
          .selectFrom('app_user')
          .select(['email', 'roles', 'must_change_password'])
          .orderBy('email')
          .execute();
        expect(users).toEqual([
          { email: 'a@ops.invalid', roles: ['investigator', 'caseworker'], must_change_password: true },
          { email: 'b@ops.invalid', roles: ['auditor'], must_change_password: true },
        ]);
        const events = await database.db
          .selectFrom('audit_event')
          .select(['action', 'details'])
          .where('action', 'like', 'user.%')
          .orderBy('id')
          .execute();
        expect(events).toEqual([
          { action: 'user.create', details: { via: 'cli', rolesBefore: [], rolesAfter: ['caseworker'] } },
          { action: 'user.create', details: { via: 'cli', rolesBefore: [], rolesAfter: ['auditor'] } },
          {
            action: 'user.update',
            details: {
              via: 'cli',
              fields: ['roles'],
              rolesBefore: ['caseworker'],
              rolesAfter: ['caseworker', 'investigator'],
            },
          },
          { action: 'user.reset_code', details: { via: 'cli' } },
          { action: 'user.password_reset', details: { via: 'cli' } },
          { action: 'user.update', details: { via: 'cli', fields: ['disabled'] } },
        ]);
        const resets = await database.db.selectFrom('password_reset').select(['code_hash', 'issued_by']).execute();
        expect(resets).toHaveLength(1);
        expect(resets[0]!.issued_by).toBeNull();
        expect(resets[0]!.code_hash).not.toContain(code!.replace(/-/g, ''));
      } finally {
        await database.close();
      }
    } finally {
      await fresh?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
