// Sign-in: opaque revocable tokens, cookies, throttling that keeps guessing slow
// without letting anyone lock a user out from elsewhere, TOTP for admins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentCode } from '../src/access/totp.js';
import { databases, startLantern, type TestLantern } from './support/harness.js';

/** Signs in from client address `ip`, with the device cookie `device` if given; returns the device cookie set. */
async function login(l: TestLantern, email: string, password: string, from: { ip: string; device?: string }) {
  const r = await l.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: from.ip,
    headers: {
      'content-type': 'application/json',
      ...(from.device ? { cookie: `lantern_device=${from.device}` } : {}),
    },
    payload: JSON.stringify({ email, password }),
  });
  return {
    status: r.statusCode,
    headers: r.headers,
    body: r.json(),
    device: r.cookies.find((c) => c.name === 'lantern_device')?.value,
  };
}

/** A six-digit code that is valid in none of the steps around now. */
function wrongCode(secret: string, email: string): string {
  const valid = new Set([-1, 0, 1].map((d) => currentCode(secret, email, Date.now() + d * 30_000)));
  let n = Number(currentCode(secret, email));
  let code: string;
  do {
    n = (n + 1) % 1_000_000;
    code = String(n).padStart(6, '0');
  } while (valid.has(code));
  return code;
}

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

  it('locks an account against unknown devices after repeated failures with 429 and Retry-After, even for the right password', async () => {
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

  it("lets the owner keep signing in from a known device while an attacker elsewhere has exhausted the account's limit", async () => {
    const u = await l.user(police, ['investigator'], { signIn: false });
    const atHome = await login(l, u.email, u.password, { ip: '10.20.0.5' });
    expect(atHome.status).toBe(200);
    const cookie = String(atHome.headers['set-cookie']);
    expect(cookie).toMatch(/lantern_device=[^;]+;.*HttpOnly/i);
    expect(cookie).toMatch(/lantern_device=[^,]*Path=\/api\/v1\/auth/i);
    // Elsewhere, an attacker guesses until the account is locked for unknown devices.
    for (let i = 0; i < 5; i++)
      expect((await login(l, u.email, `guess number ${i}`, { ip: '203.0.113.9' })).status).toBe(401);
    const attacker = await login(l, u.email, u.password, { ip: '203.0.113.9' });
    expect(attacker.status).toBe(429);
    expect(Number(attacker.headers['retry-after'])).toBeGreaterThan(0);
    // A browser that never signed in to the account is refused too, even at home...
    expect((await login(l, u.email, u.password, { ip: '10.20.0.5' })).status).toBe(429);
    // ...but the owner's known device signs in, from wherever it is.
    const owner = await login(l, u.email, u.password, { ip: '10.20.0.99', device: atHome.device });
    expect(owner.status).toBe(200);
    expect((await l.call(owner.body.token, 'GET', '/api/v1/cases')).status).toBe(200);
  });

  it('keeps guessing slow from a known device too: its failures lock that device, then the account limit applies', async () => {
    const u = await l.user(police, ['investigator'], { signIn: false });
    const { device } = await login(l, u.email, u.password, { ip: '10.30.0.1' });
    for (let i = 0; i < 10; i++)
      expect((await login(l, u.email, `stolen cookie guess ${i}`, { ip: '10.30.0.1', device })).status).toBe(401);
    expect((await login(l, u.email, u.password, { ip: '10.30.0.1', device })).status).toBe(429);
  });

  it("does not lock out an office behind one address for one person's failures, and slows that person's guessing", async () => {
    const office = '198.51.100.7';
    const a = await l.user(police, ['investigator'], { signIn: false });
    const b = await l.user(police, ['caseworker'], { signIn: false });
    const { device } = await login(l, a.email, a.password, { ip: office });
    expect((await login(l, b.email, b.password, { ip: office })).status).toBe(200);
    // One person in the office tries many accounts that were never used there.
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++)
      statuses.push((await login(l, `guess${i}@x.invalid`, 'password guess', { ip: office })).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    // The colleagues still sign in: from their known browser, or from a new one at the office they used before.
    expect((await login(l, a.email, a.password, { ip: office, device })).status).toBe(200);
    expect((await login(l, b.email, b.password, { ip: office })).status).toBe(200);
    // Someone elsewhere is not affected at all.
    const c = await l.user(police, ['caseworker'], { signIn: false });
    expect((await login(l, c.email, c.password, { ip: '192.0.2.44' })).status).toBe(200);
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

  it('counts wrong codes across sign-ins until a code succeeds: a correct password does not reset the lock', async () => {
    const admin = await l.user(police, ['agency_admin']); // enrolled at sign-in by the harness
    const secret = admin.totpSecret!;
    const pending = async () => {
      const r = await l.call(null, 'POST', '/api/v1/auth/login', { email: admin.email, password: admin.password });
      expect(r.status).toBe(200);
      expect(r.body.mfaRequired).toBe(true);
      return r.body.token as string;
    };
    const verify = (token: string, code: string) => l.call(token, 'POST', '/api/v1/auth/totp/verify', { code });
    // Fewer wrong codes per sign-in than the limit, over several sign-ins.
    for (const guesses of [2, 2, 1]) {
      const token = await pending();
      for (let i = 0; i < guesses; i++) expect((await verify(token, wrongCode(secret, admin.email))).status).toBe(401);
    }
    // Locked now: a fresh sign-in with the right password, then even the right code, is refused.
    const locked = await verify(await pending(), currentCode(secret, admin.email));
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await verify(await pending(), currentCode(secret, admin.email))).status).toBe(429);
    // The lock ends with its time, not with a sign-in; then the right code clears the count.
    await l.ctx.db
      .updateTable('login_throttle')
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where('key', '=', `totp:${admin.id}`)
      .execute();
    expect((await verify(await pending(), currentCode(secret, admin.email))).status).toBe(200);
    const left = await l.ctx.db
      .selectFrom('login_throttle')
      .select('key')
      .where('key', '=', `totp:${admin.id}`)
      .execute();
    expect(left).toEqual([]);
  });

  it('accepts one code once: six concurrent verifications on six sessions, exactly one succeeds', async () => {
    const admin = await l.user(police, ['agency_admin']);
    const tokens: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await l.call(null, 'POST', '/api/v1/auth/login', { email: admin.email, password: admin.password });
      tokens.push(r.body.token as string);
    }
    const code = currentCode(admin.totpSecret!, admin.email);
    const results = await Promise.all(
      tokens.map((token) => l.call(token, 'POST', '/api/v1/auth/totp/verify', { code })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 200).every((r) => r.status === 401 || r.status === 429)).toBe(true);
    const full = await l.ctx.db
      .selectFrom('user_session')
      .select('stage')
      .where('user_id', '=', admin.id)
      .where('stage', '=', 'full')
      .execute();
    expect(full).toHaveLength(2); // the harness's sign-in, and the one that won
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
