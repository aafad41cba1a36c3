// Sessions are checked from memory (issue 15), yet every change that ends or narrows a session takes effect
// within the second, however it is made: here straight in the database, past Lantern's own code, so that only
// migration 0028's triggers and the server's listening can tell it: the cache is told to trust a session for a
// minute, so only the notification can end it within the second. On each database.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startLantern, type TestLantern } from './support/harness.js';

describe.each(databases)('the session cache on %s', (kind) => {
  let l: TestLantern;
  beforeAll(async () => {
    l = await startLantern(kind, { config: { sessionCacheMs: 60_000 } });
  });
  afterAll(async () => {
    await l.stop();
  });

  /** The status of `route` once the change has had a second to arrive, at the latest. */
  async function statusAfterChange(token: string, route: string, stillAllowed: number) {
    const deadline = Date.now() + 1000;
    while (Date.now() < deadline && (await l.call(token, 'GET', route)).status === stillAllowed)
      await new Promise((r) => setTimeout(r, 10));
    return (await l.call(token, 'GET', route)).status;
  }

  it('refuses a session revoked in the database', async () => {
    const agency = await l.agency('SC-1');
    const user = await l.user(agency, ['intake_officer']);
    expect((await l.call(user.token, 'GET', '/api/v1/auth/me')).status).toBe(200);
    expect((await l.call(user.token, 'GET', '/api/v1/auth/me')).status).toBe(200);
    await sql`UPDATE user_session SET revoked_at = now() WHERE user_id = ${user.id}`.execute(l.ctx.db);
    expect(await statusAfterChange(user.token, '/api/v1/auth/me', 200)).toBe(401);
  });

  it('refuses the users of an agency disabled in the database', async () => {
    const agency = await l.agency('SC-2');
    const user = await l.user(agency, ['intake_officer']);
    expect((await l.call(user.token, 'GET', '/api/v1/auth/me')).status).toBe(200);
    await sql`UPDATE agency SET disabled = true WHERE id = ${agency}`.execute(l.ctx.db);
    expect(await statusAfterChange(user.token, '/api/v1/auth/me', 200)).toBe(401);
  });

  it('applies roles taken away in the database to the next requests', async () => {
    const agency = await l.agency('SC-3');
    const user = await l.user(agency, ['agency_admin']);
    expect((await l.call(user.token, 'GET', '/api/v1/users')).status).toBe(200);
    await sql`UPDATE app_user SET roles = ARRAY['intake_officer'] WHERE id = ${user.id}`.execute(l.ctx.db);
    expect(await statusAfterChange(user.token, '/api/v1/users', 200)).not.toBe(200);
    const me = await l.call(user.token, 'GET', '/api/v1/auth/me');
    expect(me.body.roles).toEqual(['intake_officer']);
  });
});
