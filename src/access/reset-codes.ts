// One-time reset codes for forgotten passwords (issue 12 §2). An administrator (or the CLI)
// issues a code; the user signs in with their email and the code, which opens a session
// that can only choose a new password. The code is 16 characters of Crockford base32
// (80 random bits), valid RESET_CODE_MINUTES, single use (redeeming deletes it), and only
// its SHA-256 is stored: a database leak yields no usable code. One code per user: a new
// one replaces the last. Guessing is throttled per account and per address (auth-routes.ts).
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../platform/db-schema.js';

/** How long a reset code stays valid. */
export const RESET_CODE_MINUTES = 30;

// Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 16;

/** A new code, grouped for reading: `7K2M-QX9D-4RTF-HB6W`. */
export function newResetCode(): string {
  const bytes = crypto.randomBytes(LENGTH);
  const chars = Array.from(bytes, (b) => ALPHABET[b & 31]);
  return chars.join('').replace(/(.{4})(?!$)/g, '$1-');
}

/**
 * The code as typed, in canonical form (upper case, without spaces or dashes; O read as 0,
 * I and L as 1), or null when it cannot be a code.
 */
export function normaliseResetCode(typed: string): string | null {
  const s = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== LENGTH) return null;
  for (const c of s) if (!ALPHABET.includes(c)) return null;
  return s;
}

const hashCode = (canonical: string) => crypto.createHash('sha256').update(`reset:${canonical}`).digest('hex');

/** Issues a code for the user (replacing any earlier one); returns it (shown once) and when it expires. */
export async function issueResetCode(
  db: Kysely<DB>,
  userId: string,
  issuedBy: string | null,
): Promise<{ code: string; expiresAt: Date }> {
  const code = newResetCode();
  const row = await db
    .insertInto('password_reset')
    .values({
      user_id: userId,
      code_hash: hashCode(normaliseResetCode(code)!),
      issued_by: issuedBy,
      expires_at: sql<Date>`now() + make_interval(mins => ${RESET_CODE_MINUTES})` as never,
    })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({
        code_hash: (eb) => eb.ref('excluded.code_hash'),
        issued_by: (eb) => eb.ref('excluded.issued_by'),
        created_at: sql<Date>`now()` as never,
        expires_at: (eb) => eb.ref('excluded.expires_at'),
      }),
    )
    .returning('expires_at')
    .executeTakeFirstOrThrow();
  return { code, expiresAt: row.expires_at };
}

/**
 * Uses up the user's code if `typed` is it and it has not expired: one DELETE … RETURNING,
 * so of concurrent attempts with the right code exactly one succeeds. False otherwise.
 */
export async function redeemResetCode(db: Kysely<DB>, userId: string, typed: string): Promise<boolean> {
  const canonical = normaliseResetCode(typed);
  if (!canonical) return false;
  const row = await db
    .deleteFrom('password_reset')
    .where('user_id', '=', userId)
    .where('code_hash', '=', hashCode(canonical))
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Forgets the user's outstanding code (their password was changed, or set by an administrator). */
export async function dropResetCode(db: Kysely<DB>, userId: string): Promise<void> {
  await db.deleteFrom('password_reset').where('user_id', '=', userId).execute();
}
