// Opaque session tokens: 32 random bytes given to the client once; the database
// keeps only their SHA-256, with an expiry, so sessions are revocable and a
// database leak yields no usable token.
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../platform/db-schema.js';
import type { AgencyKind, Language, Role } from '../contract/codes.js';
import type { Actor } from '../platform/actor.js';
import type { Database } from '../platform/database.js';

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

type SessionRow = Omit<ResolvedSession, 'actor'> & { actor: Omit<Actor, 'clientIp'>; expiresAt: number };

/**
 * The sessions this app server has resolved, so that a request need not query its session (issue 15). Every
 * change that could end or narrow a session (migration 0028's triggers: a session revoked or its stage changed,
 * a user disabled or given other roles, an agency disabled…) notifies every server, which then forgets them all.
 * An entry lives at most LANTERN_SESSION_CACHE_MS (a second): that bounds what a notification lost while the
 * listening connection reconnects could cost. Entries are kept only while the listening is up, and a lookup that
 * raced with a change is not kept.
 */
export class SessionCache {
  #entries = new Map<string, { row: SessionRow; until: number }>();
  #generation = 0;
  #live = false;
  private constructor(private readonly ttlMs: number) {}

  /** Starts listening for changes; returns how to stop. */
  static async watch(database: Database, ttlMs: number): Promise<{ cache: SessionCache; stop: () => Promise<void> }> {
    const cache = new SessionCache(ttlMs);
    const unlisten = await database.listen(
      'lantern_sessions',
      () => cache.forgetAll(),
      () => {
        cache.forgetAll();
        cache.#live = true;
      },
    );
    caches.set(database.db.getExecutor().adapter, cache);
    return {
      cache,
      stop: async () => {
        cache.#live = false;
        cache.forgetAll();
        caches.delete(database.db.getExecutor().adapter);
        await unlisten();
      },
    };
  }

  forgetAll(): void {
    this.#generation += 1;
    this.#entries.clear();
  }

  get(tokenHash: string, now: number): SessionRow | undefined {
    const entry = this.#live ? this.#entries.get(tokenHash) : undefined;
    if (entry && entry.until > now) return entry.row;
    if (entry) this.#entries.delete(tokenHash);
    return undefined;
  }

  generation(): number {
    return this.#generation;
  }

  keep(tokenHash: string, row: SessionRow, since: number, now: number): void {
    if (!this.#live || since !== this.#generation || this.ttlMs <= 0) return; // something changed while it was read
    if (this.#entries.size >= 50_000) this.#entries.clear(); // a bound, not a policy: sessions are re-read
    this.#entries.set(tokenHash, { row, until: Math.min(now + this.ttlMs, row.expiresAt) });
  }
}

// The session cache of each opened database (its adapter), when the server watches sessions.
const caches = new WeakMap<object, SessionCache>();

/** The live session of a token, or null if unknown, expired, revoked or its user disabled. */
export async function resolveSession(
  db: Kysely<DB>,
  token: string,
  clientIp: string | null,
): Promise<ResolvedSession | null> {
  const tokenHash = hashToken(token);
  const cache = caches.get(db.getExecutor().adapter);
  const now = Date.now();
  let found = cache?.get(tokenHash, now);
  if (!found) {
    const since = cache?.generation();
    const row = await db
      .selectFrom('user_session as s')
      .innerJoin('app_user as u', 'u.id', 's.user_id')
      .innerJoin('agency as a', 'a.id', 'u.agency_id')
      .select([
        's.stage',
        's.via_reset_code',
        's.expires_at',
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
    found = {
      tokenHash,
      stage: row.stage,
      email: row.email,
      viaResetCode: row.via_reset_code,
      expiresAt: new Date(row.expires_at as unknown as string | Date).getTime(),
      actor: {
        userId: row.id,
        agencyId: row.agency_id,
        agencyKind: row.agency_kind as AgencyKind,
        roles: row.roles as Role[],
        language: row.language as Language,
      },
    };
    cache?.keep(tokenHash, found, since!, Date.now());
  }
  const { expiresAt: _expires, actor, ...session } = found;
  return { ...session, actor: { ...actor, roles: [...actor.roles], clientIp } };
}

/** This server forgets its sessions at once (the others when the change's notification reaches them). */
function forgetHere(db: Kysely<DB>): void {
  caches.get(db.getExecutor().adapter)?.forgetAll();
}

export async function setSessionStage(db: Kysely<DB>, tokenHash: string, stage: SessionStage): Promise<void> {
  await db.updateTable('user_session').set({ stage }).where('token_hash', '=', tokenHash).execute();
  forgetHere(db);
}

export async function revokeSession(db: Kysely<DB>, tokenHash: string): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ revoked_at: sql<Date>`now()` as never })
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .execute();
  forgetHere(db);
}

export async function revokeAllSessionsOf(db: Kysely<DB>, userId: string): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ revoked_at: sql<Date>`now()` as never })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  forgetHere(db);
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
  forgetHere(db);
  return ended.length;
}
