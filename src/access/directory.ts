// Agencies and users: the directory that the API's admin routes and the CLI share.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { inTransaction } from '../platform/database.js';
import type { DB } from '../platform/db-schema.js';
import { Problem } from '../platform/problems.js';
import type { Actor } from '../platform/actor.js';
import type { AgencyKind, Language, Role } from '../contract/codes.js';
import { forgetOtherDevices } from './known-devices.js';
import { hashPassword, requireStrongPassword } from './passwords.js';
import { dropResetCode } from './reset-codes.js';
import { revokeAllSessionsOf } from './sessions.js';
import { clearFailures, secondFactorKey } from './throttle.js';

export interface AgencyInput {
  code: string;
  name: string;
  kind: AgencyKind;
  province?: string | null;
}

export interface AgencyView {
  id: string;
  code: string;
  name: string;
  kind: string;
  province: string | null;
  disabled: boolean;
}

const agencyView = (r: {
  id: string;
  code: string;
  name: string;
  kind: string;
  province: string | null;
  disabled: boolean;
}): AgencyView => ({ id: r.id, code: r.code, name: r.name, kind: r.kind, province: r.province, disabled: r.disabled });

export async function createAgency(db: Kysely<DB>, input: AgencyInput): Promise<AgencyView> {
  const code = input.code.trim().toUpperCase();
  const exists = await db.selectFrom('agency').select('id').where('code', '=', code).executeTakeFirst();
  if (exists)
    throw new Problem('conflict', `An agency with code ${code} already exists.`, {
      reason: 'agency-code-taken',
      errors: [{ field: 'body.code', message: 'is taken', code: 'agency-code-taken' }],
    });
  const row = await db
    .insertInto('agency')
    .values({
      id: crypto.randomUUID(),
      code,
      name: input.name.trim(),
      kind: input.kind,
      province: input.province ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return agencyView(row);
}

export async function listAgencies(db: Kysely<DB>): Promise<AgencyView[]> {
  return (await db.selectFrom('agency').selectAll().orderBy('code').execute()).map(agencyView);
}

export async function findAgencyByCode(db: Kysely<DB>, code: string): Promise<AgencyView | undefined> {
  const row = await db
    .selectFrom('agency')
    .selectAll()
    .where('code', '=', code.trim().toUpperCase())
    .executeTakeFirst();
  return row ? agencyView(row) : undefined;
}

export async function setAgencyDisabled(
  db: Kysely<DB>,
  id: string,
  disabled: boolean,
): Promise<AgencyView | undefined> {
  const row = await db.updateTable('agency').set({ disabled }).where('id', '=', id).returningAll().executeTakeFirst();
  return row ? agencyView(row) : undefined;
}

export interface UserInput {
  email: string;
  displayName: string;
  agencyId: string;
  roles: Role[];
  language?: Language;
  password: string;
  /**
   * True when someone other than the user chose the password (an administrator,
   * the CLI): the user must choose a new one at first sign-in. Default false: the
   * user chose it themselves.
   */
  mustChangePassword?: boolean;
}

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  agencyId: string;
  roles: string[];
  language: string;
  disabled: boolean;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  lastSignInAt: string | null;
  version: number;
}

const USER_COLUMNS = [
  'id',
  'email',
  'display_name',
  'agency_id',
  'roles',
  'language',
  'disabled',
  'totp_secret',
  'must_change_password',
  'last_sign_in_at',
  'version',
] as const;
type UserRow = {
  id: string;
  email: string;
  display_name: string;
  agency_id: string;
  roles: string[];
  language: string;
  disabled: boolean;
  totp_secret: string | null;
  must_change_password: boolean;
  last_sign_in_at: Date | null;
  version: number;
};
const userView = (r: UserRow): UserView => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  agencyId: r.agency_id,
  roles: r.roles,
  language: r.language,
  disabled: r.disabled,
  totpEnabled: r.totp_secret !== null,
  mustChangePassword: r.must_change_password,
  lastSignInAt: r.last_sign_in_at?.toISOString() ?? null,
  version: r.version,
});

/** Adds a user; a weak password (passwords.ts) is a 400 on `body.password` and nothing is written. */
export async function createUser(db: Kysely<DB>, input: UserInput): Promise<UserView> {
  const email = input.email.trim().toLowerCase();
  await requireStrongPassword(input.password, { email, displayName: input.displayName }, 'body.password');
  if (await db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst()) {
    throw new Problem('conflict', `A user with email ${email} already exists.`, {
      reason: 'email-taken',
      errors: [{ field: 'body.email', message: 'is taken', code: 'email-taken' }],
    });
  }
  const agency = await db
    .selectFrom('agency')
    .select(['id', 'disabled'])
    .where('id', '=', input.agencyId)
    .executeTakeFirst();
  if (!agency)
    throw new Problem('validation', 'The agency does not exist.', {
      errors: [{ field: 'body.agencyId', message: 'unknown agency' }],
    });
  const row = await db
    .insertInto('app_user')
    .values({
      id: crypto.randomUUID(),
      email,
      display_name: input.displayName.trim(),
      agency_id: input.agencyId,
      roles: [...new Set(input.roles)],
      language: input.language ?? 'vi',
      password_hash: await hashPassword(input.password),
      totp_secret: null,
      totp_pending: null,
      totp_last_step: null,
      must_change_password: input.mustChangePassword ?? false,
      password_changed_at: null,
      updated_at: sql<Date>`now()` as never,
    })
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow();
  return userView(row);
}

export async function getUser(db: Kysely<DB>, id: string): Promise<UserView | undefined> {
  const row = await db.selectFrom('app_user').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? userView(row) : undefined;
}

/**
 * The Actor of a stored user as they are now (for jobs acting for the user who started them),
 * with whether the account is disabled; undefined for an unknown user.
 */
export async function actorOfUser(
  db: Kysely<DB>,
  id: string,
  clientIp: string | null,
): Promise<{ actor: Actor; disabled: boolean } | undefined> {
  const row = await db
    .selectFrom('app_user as u')
    .innerJoin('agency as a', 'a.id', 'u.agency_id')
    .select(['u.id', 'u.agency_id', 'a.kind', 'u.roles', 'u.language', 'u.disabled'])
    .where('u.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    disabled: row.disabled,
    actor: {
      userId: row.id,
      agencyId: row.agency_id,
      agencyKind: row.kind as AgencyKind,
      roles: row.roles as Role[],
      language: row.language as Language,
      clientIp,
    },
  };
}

export async function listUsers(db: Kysely<DB>, agencyId: string | null): Promise<UserView[]> {
  let query = db.selectFrom('app_user').select(USER_COLUMNS).orderBy('email');
  if (agencyId) query = query.where('agency_id', '=', agencyId);
  return (await query.execute()).map(userView);
}

export interface UserChanges {
  displayName?: string;
  roles?: Role[];
  language?: Language;
  disabled?: boolean;
  resetTotp?: boolean;
}

/**
 * Applies changes if the user is still at `version`, and returns the user before
 * and after (role changes are audited with both). Disabling, a role change or a
 * second-factor reset ends every session of the user at once.
 */
export async function updateUser(
  db: Kysely<DB>,
  id: string,
  version: number,
  changes: UserChanges,
): Promise<{ before: UserView; after: UserView } | 'stale' | undefined> {
  return inTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('app_user')
      .select(USER_COLUMNS)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) return undefined;
    if (current.version !== version) return 'stale';
    const row = await trx
      .updateTable('app_user')
      .set({
        ...(changes.displayName !== undefined ? { display_name: changes.displayName.trim() } : {}),
        ...(changes.roles !== undefined ? { roles: [...new Set(changes.roles)] } : {}),
        ...(changes.language !== undefined ? { language: changes.language } : {}),
        ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
        ...(changes.resetTotp ? { totp_secret: null, totp_pending: null, totp_last_step: null } : {}),
        version: sql<number>`version + 1` as never,
        updated_at: sql<Date>`now()` as never,
      })
      .where('id', '=', id)
      .returning(USER_COLUMNS)
      .executeTakeFirstOrThrow();
    if (changes.disabled || changes.resetTotp || changes.roles) await revokeAllSessionsOf(trx, id);
    // A new authenticator starts with no wrong codes counted.
    if (changes.resetTotp) await clearFailures(trx, secondFactorKey(id));
    return { before: userView(current), after: userView(row) };
  });
}

/**
 * Sets a password someone else chose for the user (an administrator's or the
 * CLI's reset): they must change it at their next sign-in; every session and
 * known device of theirs is ended. The password must be strong (400 on `field`).
 */
export async function resetPassword(
  db: Kysely<DB>,
  id: string,
  password: string,
  field = 'body.password',
): Promise<UserView | undefined> {
  const user = await getUser(db, id);
  if (!user) return undefined;
  await requireStrongPassword(password, { email: user.email, displayName: user.displayName }, field);
  const hash = await hashPassword(password);
  return inTransaction(db, async (trx) => {
    const row = await trx
      .updateTable('app_user')
      .set({
        password_hash: hash,
        must_change_password: true,
        password_changed_at: sql<Date>`now()` as never,
        version: sql<number>`version + 1` as never,
        updated_at: sql<Date>`now()` as never,
      })
      .where('id', '=', id)
      .returning(USER_COLUMNS)
      .executeTakeFirst();
    if (!row) return undefined;
    await revokeAllSessionsOf(trx, id);
    await forgetOtherDevices(trx, id, undefined);
    await dropResetCode(trx, id);
    return userView(row);
  });
}

/** Audit details of a role change: the roles before and after (role names are not personal data), or nothing. */
export function roleChange(before: readonly string[], after: readonly string[]) {
  const b = [...before].sort();
  const a = [...after].sort();
  return b.join() === a.join() ? {} : { rolesBefore: b, rolesAfter: a };
}

export async function findUserByEmail(db: Kysely<DB>, email: string): Promise<UserView | undefined> {
  const row = await db
    .selectFrom('app_user')
    .select(USER_COLUMNS)
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  return row ? userView(row) : undefined;
}

/** The agency named by `code` in request field `field` (e.g. 'body.toAgency'); a 400 naming the field when there is none. */
export async function requireAgencyByCode(db: Kysely<DB>, code: string, field: string): Promise<AgencyView> {
  const agency = await findAgencyByCode(db, code);
  if (!agency)
    throw new Problem('validation', `No agency with code ${code}.`, { errors: [{ field, message: 'unknown agency' }] });
  return agency;
}

/** The id of an optional agency code: undefined stays undefined (no change), null stays null (none). */
export async function optionalAgencyId(
  db: Kysely<DB>,
  code: string | null | undefined,
  field: string,
): Promise<string | null | undefined> {
  if (code === undefined || code === null) return code;
  return (await requireAgencyByCode(db, code, field)).id;
}

/**
 * The account a refresh of the statistics that nobody asked for (at server start, after a linkage run
 * from the CLI) is recorded under: the longest-standing active user who may refresh statistics
 * (canRefreshStatistics: analysts and data stewards). Undefined when there is none.
 */
export async function statisticsRefresher(db: Kysely<DB>): Promise<{ userId: string; agencyId: string } | undefined> {
  const row = await db
    .selectFrom('app_user')
    .select(['id', 'agency_id'])
    .where('disabled', '=', false)
    .where(sql<boolean>`roles && ARRAY['analyst', 'data_steward']::text[]`)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row ? { userId: row.id, agencyId: row.agency_id } : undefined;
}

/** The code of the caller's own agency (how other agencies are told who acted). */
export async function ownAgencyCode(db: Kysely<DB>, actor: Actor): Promise<string | null> {
  const row = await db.selectFrom('agency').select('code').where('id', '=', actor.agencyId).executeTakeFirst();
  return row?.code ?? null;
}
