// Login throttling and lockout, counted in the database per account and per
// client address so that all app servers share the counts.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../platform/db-schema.js';

export interface ThrottleRule {
  maxFailures: number;
  windowMinutes: number;
  lockMinutes: number;
}

export const ACCOUNT_RULE: ThrottleRule = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 };
export const ADDRESS_RULE: ThrottleRule = { maxFailures: 30, windowMinutes: 15, lockMinutes: 15 };

export const accountKey = (email: string) => `account:${email.toLowerCase()}`;
export const addressKey = (ip: string | null) => `address:${ip ?? 'unknown'}`;

/** Seconds until the longest lock among `keys` ends, or 0 if none is locked. */
export async function lockedForSeconds(db: Kysely<DB>, keys: string[]): Promise<number> {
  const row = await db
    .selectFrom('login_throttle')
    .select(sql<number>`coalesce(max(ceil(extract(epoch FROM locked_until - now()))), 0)`.as('seconds'))
    .where('key', 'in', keys)
    .where('locked_until', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return Math.max(0, Number(row?.seconds ?? 0));
}

/** Counts one failure against `key`; locks it when the rule's limit is reached within the window. */
export async function recordFailure(db: Kysely<DB>, key: string, rule: ThrottleRule): Promise<void> {
  await sql`INSERT INTO login_throttle AS t (key, failures, window_start) VALUES (${key}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.window_start < now() - make_interval(mins => ${rule.windowMinutes}) THEN 1 ELSE t.failures + 1 END,
      window_start = CASE WHEN t.window_start < now() - make_interval(mins => ${rule.windowMinutes}) THEN now() ELSE t.window_start END`.execute(
    db,
  );
  await sql`UPDATE login_throttle SET locked_until = now() + make_interval(mins => ${rule.lockMinutes}), failures = 0, window_start = now()
    WHERE key = ${key} AND failures >= ${rule.maxFailures}`.execute(db);
}

export async function clearFailures(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
