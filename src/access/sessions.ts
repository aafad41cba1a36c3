// Opaque session tokens: 32 random bytes given to the client once; the database
// keeps only their SHA-256, with an expiry, so sessions are revocable and a
// database leak yields no usable token.
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../platform/db-schema.js';
import type { AgencyKind, Language, Role } from '../contract/codes.js';
import type { Actor } from '../platform/actor.js';

/**
 * How far sign-in got: 'full', or waiting for the second factor ('mfa_pending'),
 * for its enrolment ('mfa_enrolment'), or for a new password ('password_change':
 * the password was chosen by someone else).
 */
export type SessionStage = 'full' | 'mfa_pending' | 'mfa_enrolment' | 'password_change';

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export async function createSession(
  db: Kysely<DB>,
  userId: string,
  stage: SessionStage,
  hours: number,
  clientIp: string | null,
  viaResetCode = false,
): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  await db
    .insertInto('user_session')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      stage,
      client_ip: clientIp,
      via_reset_code: viaResetCode,
      expires_at: sql<Date>`now() + make_interval(hours => ${hours})` as never,
    })
    .execute();
  return token;
}

export interface ResolvedSession {
  actor: Actor;
  stage: SessionStage;
  tokenHash: string;
  email: string;
  /** Opened with a one-time reset code (reset-codes.ts): its new password needs no current one. */
  viaResetCode: boolean;
}

/** The live session of a token, or null if unknown, expired, revoked or its user disabled. */
export async function resolveSession(
  db: Kysely<DB>,
  token: string,
  clientIp: string | null,
): Promise<ResolvedSession | null> {
  const tokenHash = hashToken(token);
  const row = await db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .innerJoin('agency as a', 'a.id', 'u.agency_id')
    .select([
      's.stage',
      's.via_reset_code',
      'u.id',
      'u.email',
      'u.agency_id',
      'u.roles',
      'u.language',
      'a.kind as agency_kind',
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('u.disabled', '=', false)
    .where('a.disabled', '=', false)
    .executeTakeFirst();
  if (!row) return null;
  return {
    tokenHash,
    stage: row.stage,
    email: row.email,
    viaResetCode: row.via_reset_code,
    actor: {
      userId: row.id,
      agencyId: row.agency_id,
      agencyKind: row.agency_kind as AgencyKind,
      roles: row.roles as Role[],
      language: row.language as Language,
      clientIp,
    },
  };
}

export async function setSessionStage(db: Kysely<DB>, tokenHash: string, stage: SessionStage): Promise<void> {
  await db.updateTable('user_session').set({ stage }).where('token_hash', '=', tokenHash).execute();
}

export async function revokeSession(db: Kysely<DB>, tokenHash: string): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ revoked_at: sql<Date>`now()` as never })
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeAllSessionsOf(db: Kysely<DB>, userId: string): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ revoked_at: sql<Date>`now()` as never })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every live session of the user except the one with `keepTokenHash`; returns how many ended. */
export async function revokeOtherSessionsOf(db: Kysely<DB>, userId: string, keepTokenHash: string): Promise<number> {
  const ended = await db
    .updateTable('user_session')
    .set({ revoked_at: sql<Date>`now()` as never })
    .where('user_id', '=', userId)
    .where('token_hash', '<>', keepTokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('token_hash')
    .execute();
  return ended.length;
}
