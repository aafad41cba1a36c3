// Known devices: a browser (or API client keeping cookies) that has signed in to
// an account gets a device cookie, an HttpOnly random token whose SHA-256 the
// database keeps with the account. Failed sign-ins from it count for that
// (account, device) alone (throttle.ts), so its owner keeps signing in while an
// attacker elsewhere has locked the account for unknown devices. The token is
// random rather than signed: the database row is what makes it valid, so it can
// be revoked (a password change forgets the account's other devices). One
// browser shared by several users holds one token, known to each of their accounts.
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../platform/db-schema.js';

export const DEVICE_COOKIE = 'lantern_device';
/** A device unused for this long is forgotten (treated as unknown). */
export const DEVICE_DAYS = 180;
/** Sessions from an address within this many days make the account "signed in from there" (throttle.ts). */
export const ADDRESS_MEMORY_DAYS = 90;

const hashOf = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
const wellFormed = (token: string | undefined): token is string =>
  token !== undefined && /^[A-Za-z0-9_-]{43}$/.test(token);

/** The hash of the request's device token when it is known for this user, else null. */
export async function knownDeviceOf(db: Kysely<DB>, userId: string, token: string | undefined): Promise<string | null> {
  if (!wellFormed(token)) return null;
  const tokenHash = hashOf(token);
  const row = await db
    .selectFrom('known_device')
    .select('token_hash')
    .where('token_hash', '=', tokenHash)
    .where('user_id', '=', userId)
    .where('last_used_at', '>', sql<Date>`now() - make_interval(days => ${DEVICE_DAYS}::int)`)
    .executeTakeFirst();
  return row ? tokenHash : null;
}

/**
 * Remembers the device after a successful sign-in; returns the token for the cookie.
 * A token the browser already holds is reused only if the database issued it.
 */
export async function rememberDevice(db: Kysely<DB>, userId: string, token: string | undefined): Promise<string> {
  let chosen = wellFormed(token) ? token : null;
  if (chosen) {
    const issued = await db
      .selectFrom('known_device')
      .select('user_id')
      .where('token_hash', '=', hashOf(chosen))
      .executeTakeFirst();
    if (!issued) chosen = null;
  }
  chosen ??= crypto.randomBytes(32).toString('base64url');
  await db
    .insertInto('known_device')
    .values({ token_hash: hashOf(chosen), user_id: userId })
    .onConflict((oc) => oc.columns(['token_hash', 'user_id']).doUpdateSet({ last_used_at: sql<Date>`now()` as never }))
    .execute();
  return chosen;
}

/** Forgets every device of the user except the one whose token is `keep` (e.g. after a password change). */
export async function forgetOtherDevices(db: Kysely<DB>, userId: string, keep: string | undefined): Promise<void> {
  let query = db.deleteFrom('known_device').where('user_id', '=', userId);
  if (wellFormed(keep)) query = query.where('token_hash', '<>', hashOf(keep));
  await query.execute();
}

/** Whether the user has signed in from this client address recently. */
export async function hasSignedInFrom(db: Kysely<DB>, userId: string, clientIp: string | null): Promise<boolean> {
  if (!clientIp) return false;
  const row = await db
    .selectFrom('user_session')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('client_ip', '=', clientIp)
    .where('created_at', '>', sql<Date>`now() - make_interval(days => ${ADDRESS_MEMORY_DAYS}::int)`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
