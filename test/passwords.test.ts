// Passwords: guessable ones are refused with a reason a client can translate; a
// password someone else chose must be replaced at first sign-in; users change
// their own password (which ends their other sessions), audited without it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/access/sessions.js';
import { currentCode } from '../src/access/totp.js';
import { databases, startLantern, type TestLantern } from './support/harness.js';

const STRONG = 'lantern kite over the red river delta';

describe.each(databases)('passwords on %s', (kind) => {
  let l: TestLantern;
  let police: string;
  let admin: string; // a full session of the police agency's administrator
  let adminId: string;

  beforeAll(async () => {
    l = await startLantern(kind);
    police = await l.agency('POLICE-HN');
    adminId = (await l.user(police, ['agency_admin'], { signIn: false })).id;
    admin = await createSession(l.ctx.db, adminId, 'full', 1, null);
  });
  afterAll(async () => {
    await l.stop();
  });

  const signIn = (email: string, password: string) => l.call(null, 'POST', '/api/v1/auth/login', { email, password });
  const change = (token: string, currentPassword: string, newPassword: string) =>
    l.call(token, 'POST', '/api/v1/auth/password', { currentPassword, newPassword });
  const passwordOf = async (id: string) =>
    (await l.ctx.db.selectFrom('app_user').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow())
      .password_hash;

  it('refuses guessable passwords and the user’s own email, naming the field and a reason, and writes nothing', async () => {
    const email = 'lan.nguyen@police.invalid';
    const cases: [string, string][] = [
      ['aaaaaaaaaaaa', 'password-too-guessable'],
      ['123456789012', 'password-too-guessable'],
      [' '.repeat(12), 'password-too-guessable'],
      [email, 'password-personal'],
      ['nguyenthilan1990', 'password-personal'],
      ['short', 'password-too-short'],
    ];
    for (const [password, code] of cases) {
      const r = await l.call(admin, 'POST', '/api/v1/users', {
        email,
        displayName: 'Nguyễn Thị Lan',
        agencyId: police,
        roles: ['caseworker'],
        password,
      });
      expect(r.status, password).toBe(400);
      expect(r.body.errors, password).toEqual([{ field: 'body.password', code, message: expect.any(String) }]);
      expect(r.body.detail).toMatch(/^The password /);
    }
    expect(await l.ctx.db.selectFrom('app_user').select('id').where('email', '=', email).execute()).toEqual([]);
  });

  it('makes a user whose password an administrator chose replace it at first sign-in', async () => {
    const created = await l.call(admin, 'POST', '/api/v1/users', {
      email: 'new.officer@police.invalid',
      displayName: 'Cán bộ Mới',
      agencyId: police,
      roles: ['investigator'],
      password: 'Xq7-vu2-Lt9-wp4-Zr',
    });
    expect(created.status).toBe(201);
    expect(created.body.mustChangePassword).toBe(true);
    const first = await signIn('new.officer@police.invalid', 'Xq7-vu2-Lt9-wp4-Zr');
    expect(first.status).toBe(200);
    expect(first.body.passwordChangeRequired).toBe(true);
    const token = first.body.token as string;
    // Until a new password is chosen, only the account routes answer.
    const blocked = await l.call(token, 'GET', '/api/v1/cases');
    expect(blocked.status).toBe(403);
    expect(blocked.body.type).toBe('urn:lantern:problem:password-change-required');
    expect((await l.call(token, 'GET', '/api/v1/auth/me')).body.stage).toBe('password_change');
    // A weak choice is refused with the reason; the password the administrator chose still stands.
    const weak = await change(token, 'Xq7-vu2-Lt9-wp4-Zr', '123456789012');
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0]).toMatchObject({ field: 'body.newPassword', code: 'password-too-guessable' });
    const same = await change(token, 'Xq7-vu2-Lt9-wp4-Zr', 'Xq7-vu2-Lt9-wp4-Zr');
    expect(same.body.errors[0]).toMatchObject({ field: 'body.newPassword', code: 'password-unchanged' });
    const done = await change(token, 'Xq7-vu2-Lt9-wp4-Zr', STRONG);
    expect(done.status).toBe(200);
    expect(done.body.stage).toBe('full');
    expect((await l.call(token, 'GET', '/api/v1/cases')).status).toBe(200);
    expect((await signIn('new.officer@police.invalid', 'Xq7-vu2-Lt9-wp4-Zr')).status).toBe(401);
    const again = await signIn('new.officer@police.invalid', STRONG);
    expect(again.body.passwordChangeRequired).toBe(false);
    expect((await l.call(again.body.token, 'GET', '/api/v1/cases')).status).toBe(200);
  });

  it('lets users change their own password with the current one; it ends their other sessions and is audited without it', async () => {
    const u = await l.user(police, ['caseworker']);
    const other = (await signIn(u.email, u.password)).body.token as string;
    const wrong = await change(u.token, 'not my password at all', STRONG);
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0]).toMatchObject({ field: 'body.currentPassword', code: 'password-wrong' });
    const before = await passwordOf(u.id);
    const personal = await change(u.token, u.password, `${u.email}!`);
    expect(personal.body.errors[0]).toMatchObject({ field: 'body.newPassword', code: 'password-personal' });
    expect(await passwordOf(u.id)).toBe(before);
    const done = await change(u.token, u.password, STRONG);
    expect(done.status).toBe(200);
    expect(done.body.endedSessions).toBe(1);
    expect((await l.call(other, 'GET', '/api/v1/cases')).status).toBe(401);
    expect((await l.call(u.token, 'GET', '/api/v1/cases')).status).toBe(200);
    const events = await l.ctx.db
      .selectFrom('audit_event')
      .select(['outcome', 'details'])
      .where('action', '=', 'auth.password_change')
      .where('record_id', '=', u.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.outcome)).toEqual(['failure', 'success']);
    expect(JSON.stringify(events)).not.toContain(STRONG);
    expect(JSON.stringify(events)).not.toContain(u.password);
  });

  it('slows down guessing of the current password through an open session', async () => {
    const u = await l.user(police, ['caseworker']);
    for (let i = 0; i < 5; i++) expect((await change(u.token, `guess number ${i}`, STRONG)).status).toBe(400);
    const locked = await change(u.token, u.password, STRONG);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('has an administrator reset force a change at the next sign-in, ending the user’s sessions', async () => {
    const u = await l.user(police, ['investigator']);
    const reset = await l.call(admin, 'POST', `/api/v1/users/${u.id}/password-reset`, { password: 'aaaaaaaaaaaa' });
    expect(reset.status).toBe(400);
    expect(reset.body.errors[0]).toMatchObject({ field: 'body.password', code: 'password-too-guessable' });
    const ok = await l.call(admin, 'POST', `/api/v1/users/${u.id}/password-reset`, { password: 'Mv8-qe3-Hd5-rk2-Ty' });
    expect(ok.status).toBe(200);
    expect(ok.body.mustChangePassword).toBe(true);
    expect((await l.call(u.token, 'GET', '/api/v1/cases')).status).toBe(401);
    const next = await signIn(u.email, 'Mv8-qe3-Hd5-rk2-Ty');
    expect(next.body.passwordChangeRequired).toBe(true);
    expect((await l.call(next.body.token, 'GET', '/api/v1/cases')).status).toBe(403);
    // Nobody resets their own password this way (it would skip the current password).
    expect(
      (await l.call(admin, 'POST', `/api/v1/users/${adminId}/password-reset`, { password: 'Mv8-qe3-Hd5-rk2-Ty' }))
        .status,
    ).toBe(403);
    const audited = await l.ctx.db
      .selectFrom('audit_event')
      .select('outcome')
      .where('action', '=', 'user.password_reset')
      .where('record_id', '=', u.id)
      .execute();
    expect(audited.map((e) => e.outcome)).toEqual(['success']);
  });

  it('has an administrator set up the second factor first, then choose a password', async () => {
    const created = await l.call(admin, 'POST', '/api/v1/users', {
      email: 'deputy.admin@police.invalid',
      displayName: 'Phó quản trị',
      agencyId: police,
      roles: ['agency_admin'],
      password: 'Kp4-zn7-Wc2-yb8-Qs',
    });
    expect(created.status).toBe(201);
    const first = await signIn('deputy.admin@police.invalid', 'Kp4-zn7-Wc2-yb8-Qs');
    expect(first.body).toMatchObject({ mfaEnrolmentRequired: true, passwordChangeRequired: true });
    const token = first.body.token as string;
    expect((await change(token, 'Kp4-zn7-Wc2-yb8-Qs', STRONG)).status).toBe(403); // the second factor comes first
    const { secret } = (await l.call(token, 'POST', '/api/v1/auth/totp/enroll')).body;
    const confirmed = await l.call(token, 'POST', '/api/v1/auth/totp/confirm', {
      code: currentCode(secret, 'deputy.admin@police.invalid'),
    });
    expect(confirmed.body.stage).toBe('password_change');
    expect((await l.call(token, 'GET', '/api/v1/users')).status).toBe(403);
    expect((await change(token, 'Kp4-zn7-Wc2-yb8-Qs', STRONG)).status).toBe(200);
    expect((await l.call(token, 'GET', '/api/v1/users')).status).toBe(200);
  });
});
