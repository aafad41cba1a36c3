// Accounts (issue 12 §2) through the API: an administrator issues a one-time reset code for a
// forgotten password; signing in with it leads only to choosing a new password and ends the
// user's other sessions; codes are single use, expire, are stored hashed and guessing them is
// throttled. Administrators edit roles only within the policy; TOTP enrolment gives a QR code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/access/sessions.js';
import { currentCode } from '../src/access/totp.js';
import { databases, startLantern, type TestLantern } from './support/harness.js';

describe.each(databases)('accounts on %s', (kind) => {
  let l: TestLantern;
  let police: string;
  let border: string;
  let admin: string;
  let adminId: string;

  beforeAll(async () => {
    l = await startLantern(kind);
    police = await l.agency('POLICE-HN');
    border = await l.agency('BDBP-LC', 'border_guard');
    adminId = (await l.user(police, ['agency_admin'], { signIn: false })).id;
    admin = await createSession(l.ctx.db, adminId, 'full', 1, null);
  });
  afterAll(async () => {
    await l.stop();
  });

  const issue = (token: string, userId: string) => l.call(token, 'POST', `/api/v1/users/${userId}/reset-code`);
  const redeem = (email: string, code: string) => l.call(null, 'POST', '/api/v1/auth/reset-code', { email, code });

  it('lets a user who forgot their password sign in with a code, only to choose a new one; other sessions end', async () => {
    const user = await l.user(police, ['caseworker']);
    const issued = await issue(admin, user.id);
    expect(issued.status).toBe(200);
    expect(issued.body.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(issued.body.validMinutes).toBe(30);
    const minutes = (Date.parse(issued.body.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(28);
    expect(minutes).toBeLessThanOrEqual(30);
    // Only a hash is kept.
    const stored = await l.ctx.db.selectFrom('password_reset').selectAll().where('user_id', '=', user.id).execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(issued.body.code.replace(/-/g, ''));
    expect(stored[0]!.issued_by).toBe(adminId);

    // Typed in lower case with spaces: still the code.
    const signedIn = await redeem(user.email.toUpperCase(), issued.body.code.toLowerCase().replace(/-/g, ' '));
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.passwordChangeRequired).toBe(true);
    const token = signedIn.body.token as string;
    // The session the user had before has ended; the new one can only choose a password.
    expect((await l.call(user.token, 'GET', '/api/v1/auth/me')).status).toBe(401);
    const me = await l.call(token, 'GET', '/api/v1/auth/me');
    expect(me.body).toMatchObject({ stage: 'password_change', viaResetCode: true });
    expect(me.body.can.seeCases).toBe(false);
    const cases = await l.call(token, 'GET', '/api/v1/cases');
    expect(cases.status).toBe(403);
    expect(cases.body.type).toBe('urn:lantern:problem:password-change-required');

    // The code is used up.
    expect((await redeem(user.email, issued.body.code)).status).toBe(401);

    // No current password is asked for; a weak one is still refused.
    const weak = await l.call(token, 'POST', '/api/v1/auth/password', { newPassword: 'password1234' });
    expect(weak.status).toBe(400);
    const changed = await l.call(token, 'POST', '/api/v1/auth/password', {
      newPassword: 'Lồng đèn sáng trên sông Hương 42',
    });
    expect(changed.status).toBe(200);
    expect((await l.call(token, 'GET', '/api/v1/cases')).status).toBe(200);
    // Now a full session: a further change needs the current password again.
    const again = await l.call(token, 'POST', '/api/v1/auth/password', { newPassword: 'Another long new password 77' });
    expect(again.status).toBe(400);
    expect(again.body.errors[0]).toMatchObject({ field: 'body.currentPassword', code: 'password-required' });
    const login = await l.call(null, 'POST', '/api/v1/auth/login', {
      email: user.email,
      password: 'Lồng đèn sáng trên sông Hương 42',
    });
    expect(login.status).toBe(200);
    expect(login.body.passwordChangeRequired).toBe(false);

    const events = await l.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'details'])
      .where('record_id', '=', user.id)
      .where('action', 'in', ['user.reset_code', 'auth.reset_code', 'auth.password_change'])
      .orderBy('id')
      .execute();
    expect(events.map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'user.reset_code:success',
      'auth.reset_code:success',
      'auth.reset_code:failure',
      'auth.password_change:success',
    ]);
    expect(JSON.stringify(events)).not.toContain(issued.body.code.replace(/-/g, '').slice(0, 8));
  });

  it('refuses an expired code and a replaced one, and throttles guessing', async () => {
    const user = await l.user(police, ['investigator'], { signIn: false });
    const first = await issue(admin, user.id);
    const second = await issue(admin, user.id);
    expect((await redeem(user.email, first.body.code)).status).toBe(401); // replaced by the second
    await l.ctx.db
      .updateTable('password_reset')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', user.id)
      .execute();
    const expired = await redeem(user.email, second.body.code);
    expect(expired.status).toBe(401);
    // An unknown account answers exactly like a wrong or expired code.
    const unknown = await redeem('nobody@test.lantern.invalid', second.body.code);
    expect(unknown.status).toBe(401);
    expect(unknown.body.detail).toBe(expired.body.detail);

    const guessed = await l.user(police, ['investigator'], { signIn: false });
    const code = (await issue(admin, guessed.id)).body.code as string;
    for (let i = 0; i < 5; i++) expect((await redeem(guessed.email, '0000-0000-0000-0000')).status).toBe(401);
    // Five wrong codes: now even the right one waits.
    const locked = await redeem(guessed.email, code);
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
  });

  it('keeps the second factor in front of a reset code', async () => {
    const steward = await l.user(border, ['data_steward']); // enrols TOTP at sign-in
    const sys = await l.user(border, ['system_admin'], { signIn: false });
    const sysToken = await createSession(l.ctx.db, sys.id, 'full', 1, null);
    const issued = await issue(sysToken, steward.id);
    expect(issued.status).toBe(200);
    const signedIn = await redeem(steward.email, issued.body.code);
    expect(signedIn.body).toMatchObject({ mfaRequired: true, passwordChangeRequired: true });
    const token = signedIn.body.token as string;
    expect(
      (await l.call(token, 'POST', '/api/v1/auth/password', { newPassword: 'Long enough new one 12' })).status,
    ).toBe(403);
    const verified = await l.call(token, 'POST', '/api/v1/auth/totp/verify', {
      code: currentCode(steward.totpSecret!, steward.email),
    });
    expect(verified.body.stage).toBe('password_change');
    expect(
      (await l.call(token, 'POST', '/api/v1/auth/password', { newPassword: 'Sáu con vịt bơi qua cầu tre 9' })).status,
    ).toBe(200);
  });

  it('lets an agency administrator reset passwords and edit roles of their own agency only, within the policy', async () => {
    const caseworker = await l.user(police, ['caseworker'], { signIn: false });
    const auditor = await l.user(police, ['auditor'], { signIn: false });
    const other = await l.user(border, ['caseworker'], { signIn: false });
    const plain = await l.user(police, ['investigator']);

    expect((await issue(admin, other.id)).status).toBe(404); // another agency's user: not even known
    expect((await issue(admin, auditor.id)).status).toBe(403); // a national role: the system administrator's
    expect((await issue(admin, adminId)).status).toBe(403); // one's own: change it in the account screen
    expect((await issue(plain.token, caseworker.id)).status).toBe(403);

    const list = await l.call(admin, 'GET', '/api/v1/users');
    const can = (id: string) => list.body.items.find((u: { id: string }) => u.id === id).can;
    expect(can(caseworker.id)).toEqual({ editRoles: true, resetPassword: true, disable: true, resetTotp: false });
    expect(can(auditor.id)).toEqual({ editRoles: false, resetPassword: false, disable: false, resetTotp: false });
    expect(can(adminId)).toEqual({ editRoles: false, resetPassword: false, disable: false, resetTotp: false });
    expect(list.body.items.find((u: { id: string }) => u.id === plain.id).lastSignInAt).not.toBeNull();
    expect(list.body.items.find((u: { id: string }) => u.id === caseworker.id).lastSignInAt).toBeNull();

    const me = await l.call(admin, 'GET', '/api/v1/auth/me');
    expect(me.body.can.grantableRoles).not.toContain('auditor');
    const version = async (id: string) =>
      `"${(await l.ctx.db.selectFrom('app_user').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version}"`;
    const grant = async (id: string, roles: string[]) =>
      l.call(admin, 'PATCH', `/api/v1/users/${id}`, { roles }, { 'if-match': await version(id) });
    expect((await grant(caseworker.id, ['caseworker', 'auditor'])).status).toBe(403);
    const ok = await grant(caseworker.id, ['caseworker', 'investigator']);
    expect(ok.status).toBe(200);
    expect(ok.body.roles.sort()).toEqual(['caseworker', 'investigator']);
    expect((await grant(auditor.id, ['caseworker'])).status).toBe(403);
    expect((await grant(adminId, ['agency_admin', 'caseworker'])).status).toBe(403);
  });

  it('gives the authenticator’s QR code with its secret at enrolment', async () => {
    const user = await l.user(police, ['caseworker']);
    const enrol = await l.call(user.token, 'POST', '/api/v1/auth/totp/enroll');
    expect(enrol.status).toBe(200);
    expect(enrol.body.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(enrol.body.qrCode.split(',')[1], 'base64').toString('utf8');
    expect(svg).toMatch(/^<svg[^>]*viewBox/);
    expect(svg).not.toContain(enrol.body.secret); // a picture, not the text
  });
});
