// Throttling of guesses (passwords, second-factor codes), counted in the database
// so that every app server shares the counts. Guessing is made slow without
// letting anyone lock a user out from elsewhere (OWASP's "device cookie" model):
// - from a known device (a browser that signed in to the account before, see
//   known-devices.ts) failures count for that (account, device) alone;
// - from unknown devices they count for the account, and lock unknown devices
//   only: the owner keeps signing in from their known devices;
// - per client address, only failures for accounts never signed in from that
//   address count, and the lock applies only to those: an office behind one
//   address is not locked out by one person's failures, but an attacker trying
//   many accounts from one address is slowed down;
// - wrong second-factor codes count per account across sign-ins until a code
//   succeeds (a correct password does not reset them), with locks that double.
// Attempts are counted before they are checked (takeAttempt), so concurrent
// guesses cannot slip past the limit.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../platform/db-schema.js';

export interface ThrottleRule {
  /** Attempts allowed before a lock: within the window, or (window null) until a success clears the count. */
  maxFailures: number;
  /** Minutes after the first counted attempt when the count starts again; null: never (only success clears). */
  windowMinutes: number | null;
  /** The first lock; each further lock (window null) doubles, up to maxLockMinutes. */
  lockMinutes: number;
  maxLockMinutes: number;
}

/** Password attempts on one account from devices that have not signed in to it. */
export const UNKNOWN_DEVICE_RULE: ThrottleRule = {
  maxFailures: 5,
  windowMinutes: 15,
  lockMinutes: 15,
  maxLockMinutes: 15,
};
/** Password attempts on one account from one device that has signed in to it before. */
export const KNOWN_DEVICE_RULE: ThrottleRule = {
  maxFailures: 5,
  windowMinutes: 15,
  lockMinutes: 15,
  maxLockMinutes: 15,
};
/** Failures from one client address on accounts never signed in from there. */
export const ADDRESS_RULE: ThrottleRule = { maxFailures: 30, windowMinutes: 15, lockMinutes: 15, maxLockMinutes: 15 };
/** Second-factor codes of one account: 5, then 15 min, 5 more, 30 min, … up to a day; only a right code clears. */
export const SECOND_FACTOR_RULE: ThrottleRule = {
  maxFailures: 5,
  windowMinutes: null,
  lockMinutes: 15,
  maxLockMinutes: 24 * 60,
};
/** The current password given to change one's password (a session left open must not become a guessing oracle). */
export const PASSWORD_CHANGE_RULE: ThrottleRule = SECOND_FACTOR_RULE;

/** Reset codes tried for one account: 5 in 15 minutes, then 15 minutes' lock (a code has 80 random bits besides). */
export const RESET_CODE_RULE: ThrottleRule = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15, maxLockMinutes: 15 };

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
export const deviceKey = (userId: string, deviceTokenHash: string) => `device:${userId}:${deviceTokenHash}`;
export const addressKey = (ip: string | null) => `address:${ip ?? 'unknown'}`;
export const secondFactorKey = (userId: string) => `totp:${userId}`;
export const passwordChangeKey = (userId: string) => `password-change:${userId}`;
export const resetCodeKey = (email: string) => `reset-code:${email.trim().toLowerCase()}`;

/** Seconds until the longest lock among `keys` ends, or 0 if none is locked. */
export async function lockedForSeconds(db: Kysely<DB>, keys: string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const row = await db
    .selectFrom('login_throttle')
    .select(sql<number>`coalesce(max(ceil(extract(epoch FROM locked_until - now()))), 0)`.as('seconds'))
    .where('key', 'in', keys)
    .where('locked_until', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return Math.max(0, Number(row?.seconds ?? 0));
}

/**
 * Counts one attempt against `key` unless it is locked, atomically. Returns 0 when
 * the attempt may go ahead, else the seconds the key stays locked. The attempt that
 * reaches the limit sets the lock for the ones after it; clearFailures (on success)
 * removes count and lock.
 */
export async function takeAttempt(db: Kysely<DB>, key: string, rule: ThrottleRule): Promise<number> {
  return takeAttempts(db, [[key, rule]]);
}

/**
 * Counts one attempt against each key in turn, in one statement (one round trip, one commit: a public report
 * counts against its address and against everyone's): a key is counted only if the keys before it were not
 * locked. Returns 0 when the attempt may go ahead, else the seconds the first locked key stays locked.
 */
export async function takeAttempts(db: Kysely<DB>, attempts: [key: string, rule: ThrottleRule][]): Promise<number> {
  const counted = attempts.map(([key, rule], i) => {
    const restart = sql`t.window_start < now() - make_interval(mins => ${rule.windowMinutes}::int)`;
    const count = sql`(CASE WHEN ${restart} THEN 1 ELSE t.failures + 1 END)`;
    // Locks double from lockMinutes up to maxLockMinutes (the exponent is capped so the arithmetic stays small).
    const lock = sql`make_interval(mins => least(${rule.maxLockMinutes}::float8,
      ${rule.lockMinutes}::float8 * power(2::float8, least(${count} / ${rule.maxFailures}::int - 1, 20)))::int)`;
    const previous = i === 0 ? sql`true` : sql`EXISTS (SELECT 1 FROM ${sql.ref(`attempt${i - 1}`)})`;
    return sql`${sql.ref(`attempt${i}`)} AS (
      INSERT INTO login_throttle AS t (key, failures, window_start, locked_until)
      SELECT ${key}, 1, now(), CASE WHEN ${rule.maxFailures}::int <= 1
        THEN now() + make_interval(mins => ${rule.lockMinutes}::int) END
      WHERE ${previous}
      ON CONFLICT (key) DO UPDATE SET
        failures = ${count},
        window_start = CASE WHEN ${restart} THEN now() ELSE t.window_start END,
        locked_until = CASE WHEN ${count} % ${rule.maxFailures}::int = 0 THEN now() + ${lock} ELSE t.locked_until END
      WHERE t.locked_until IS NULL OR t.locked_until <= now()
      RETURNING 1)`;
  });
  const taken = sql.join(
    attempts.map((_, i) => sql`(SELECT count(*) FROM ${sql.ref(`attempt${i}`)})::int`),
    sql`, `,
  );
  const { rows } = await sql<{ taken: number[] }>`WITH ${sql.join(counted, sql`, `)}
    SELECT ARRAY[${taken}] AS taken`.execute(db);
  const first = (rows[0]?.taken ?? []).findIndex((n) => Number(n) === 0);
  if (first < 0) return 0;
  return Math.max(1, await lockedForSeconds(db, [attempts[first]![0]]));
}

/** Counts a failure that was not taken as an attempt beforehand (e.g. per address); nothing while locked. */
export async function recordFailure(db: Kysely<DB>, key: string, rule: ThrottleRule): Promise<void> {
  await takeAttempt(db, key, rule);
}

/** Forgets the count and any lock of `key` (after a success). */
export async function clearFailures(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
