// Sign-in: opaque revocable tokens, cookies, throttling and lockout, TOTP for admins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentCode } from '../src/access/totp.js';
import { databases, startLantern, type TestLantern } from './support/harness.js';

describe.each(databases)('authentication on %s', (kind) => {
  let l: TestLantern;
  let police: string;

  beforeAll(async () => {
    l = await startLantern(kind);
    police = await l.agency('POLICE-HN');
  });
  afterAll(async () => {
    await l.stop();
  });

  it('signs in with a bearer token and an HttpOnly SameSite cookie; logout revokes the session', async () => {
    const u = await l.user(police, ['investigator'], { signIn: false });
    const login = await l.call(null, 'POST', '/api/v1/auth/login', {
      email: u.email.toUpperCase(),
      password: u.password,
    });
    expect(login.status).toBe(200);
    expect(login.body.user).toEqual({ id: u.id, email: u.email, roles: ['investigator'], agencyId: police });
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/lantern_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    // Only the hash of the token is stored.
    const stored = await l.ctx.db.selectFrom('user_session').select('token_hash').where('user_id', '=', u.id).execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(login.body.token);
    const token = login.body.token as string;
    expect((await l.call(token, 'GET', '/api/v1/cases')).status).toBe(200);
    expect((await l.call(token, 'POST', '/api/v1/auth/logout')).status).toBe(204);
    const after = await l.call(token, 'GET', '/api/v1/cases');
    expect(after.status).toBe(401);
    expect(after.body.type).toBe('urn:lantern:problem:unauthenticated');
  });

  it('accepts the session cookie for reads and requires the CSRF header for cookie-authenticated writes', async () => {
    const u = await l.user(police, ['intake_officer']);
    const cookie = { cookie: `lantern_session=${u.token}` };
    expect((await l.call(null, 'GET', '/api/v1/cases', undefined, cookie)).status).toBe(200);
    const body = { familyName: 'Vũ', sex: 'male', citizenship: 'VN' };
    expect((await l.call(null, 'POST', '/api/v1/persons', body, cookie)).status).toBe(403);
    expect((await l.call(null, 'POST', '/api/v1/persons', body, { ...cookie, 'x-lantern-csrf': '1' })).status).toBe(
      201,
    );
  });

  it('refuses wrong credentials with 401 and audits the failure', async () => {
    const u = await l.user(police, ['investigator'], { signIn: false });
    const r = await l.call(null, 'POST', '/api/v1/auth/login', { email: u.email, password: 'wrong password!' });
    expect(r.status).toBe(401);
    const unknown = await l.call(null, 'POST', '/api/v1/auth/login', {
      email: 'nobody@x.invalid',
      password: 'whatever pass',
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.detail).toBe(r.body.detail); // no hint whether the account exists
    const failures = await l.ctx.db
      .selectFrom('audit_event')
      .select(['outcome'])
      .where('action', '=', 'auth.login')
      .where('actor_id', '=', u.id)
      .execute();
    expect(failures.map((f) => f.outcome)).toEqual(['failure']);
  });

  it('locks an account after repeated failures with 429 and Retry-After, even for the right password', async () => {
    const u = await l.user(police, ['investigator'], { signIn: false });
    for (let i = 0; i < 5; i++)
      expect(
        (await l.call(null, 'POST', '/api/v1/auth/login', { email: u.email, password: `bad ${i} password` })).status,
      ).toBe(401);
    const locked = await l.call(null, 'POST', '/api/v1/auth/login', { email: u.email, password: u.password });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.body.type).toBe('urn:lantern:problem:too-many-requests');
  });

  it('throttles one client address that tries many accounts', async () => {
    const fresh = await startLantern(kind);
    try {
      for (let i = 0; i < 30; i++)
        await fresh.call(null, 'POST', '/api/v1/auth/login', {
          email: `guess${i}@x.invalid`,
          password: 'password guess',
        });
      const r = await fresh.call(null, 'POST', '/api/v1/auth/login', {
        email: 'another@x.invalid',
        password: 'password guess',
      });
      expect(r.status).toBe(429);
    } finally {
      await fresh.stop();
    }
  });

  it('refuses a disabled user and ends their sessions at once', async () => {
    const u = await l.user(police, ['investigator']);
    const { updateUser, getUser } = await import('../src/access/directory.js');
    const current = await getUser(l.ctx.db, u.id);
    await updateUser(l.ctx.db, u.id, current!.version, { disabled: true });
    expect((await l.call(u.token, 'GET', '/api/v1/cases')).status).toBe(401);
    expect((await l.call(null, 'POST', '/api/v1/auth/login', { email: u.email, password: u.password })).status).toBe(
      401,
    );
  });

  it('requires TOTP for administrators: enrol, confirm, then verify at each sign-in; codes cannot be replayed', async () => {
    const admin = await l.user(police, ['agency_admin'], { signIn: false });
    const first = await l.call(null, 'POST', '/api/v1/auth/login', { email: admin.email, password: admin.password });
    expect(first.status).toBe(200);
    expect(first.body.mfaEnrolmentRequired).toBe(true);
    const limited = first.body.token as string;
    const blocked = await l.call(limited, 'GET', '/api/v1/users');
    expect(blocked.status).toBe(403);
    expect(blocked.body.type).toBe('urn:lantern:problem:mfa-required');
    const enrol = await l.call(limited, 'POST', '/api/v1/auth/totp/enroll');
    expect(enrol.status).toBe(200);
    expect(enrol.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    const secret = enrol.body.secret as string;
    expect((await l.call(limited, 'POST', '/api/v1/auth/totp/confirm', { code: '000000' })).status).toBe(401);
    const step0 = Date.now() - 30_000;
    expect(
      (await l.call(limited, 'POST', '/api/v1/auth/totp/confirm', { code: currentCode(secret, admin.email, step0) }))
        .status,
    ).toBe(200);
    expect((await l.call(limited, 'GET', '/api/v1/users')).status).toBe(200);

    const second = await l.call(null, 'POST', '/api/v1/auth/login', { email: admin.email, password: admin.password });
    expect(second.body.mfaRequired).toBe(true);
    const pending = second.body.token as string;
    expect((await l.call(pending, 'GET', '/api/v1/users')).status).toBe(403);
    // The code already used at enrolment cannot be used again.
    expect(
      (await l.call(pending, 'POST', '/api/v1/auth/totp/verify', { code: currentCode(secret, admin.email, step0) }))
        .status,
    ).toBe(401);
    expect(
      (await l.call(pending, 'POST', '/api/v1/auth/totp/verify', { code: currentCode(secret, admin.email) })).status,
    ).toBe(200);
    expect((await l.call(pending, 'GET', '/api/v1/users')).status).toBe(200);
  });

  it('expires sessions', async () => {
    const u = await l.user(police, ['investigator']);
    await l.ctx.db
      .updateTable('user_session')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', u.id)
      .execute();
    expect((await l.call(u.token, 'GET', '/api/v1/cases')).status).toBe(401);
  });
});
