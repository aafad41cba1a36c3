// Agencies and users: the directory that the API's admin routes and the CLI share.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { inTransaction } from '../platform/database.js';
import type { DB } from '../platform/db-schema.js';
import { Problem } from '../platform/problems.js';
import type { AgencyKind, Language, Role } from '../contract/codes.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { revokeAllSessionsOf } from './sessions.js';

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
  if (exists) throw new Problem('conflict', `An agency with code ${code} already exists.`);
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
  version: r.version,
});

export async function createUser(db: Kysely<DB>, input: UserInput): Promise<UserView> {
  const email = input.email.trim().toLowerCase();
  const weak = passwordProblem(input.password);
  if (weak)
    throw new Problem('validation', `The password ${weak}.`, { errors: [{ field: 'body.password', message: weak }] });
  if (await db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst()) {
    throw new Problem('conflict', `A user with email ${email} already exists.`);
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

/** Applies changes if the user is still at `version`; a disabled user loses every session at once. */
export async function updateUser(
  db: Kysely<DB>,
  id: string,
  version: number,
  changes: UserChanges,
): Promise<UserView | 'stale' | undefined> {
  return inTransaction(db, async (trx) => {
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
      .where('version', '=', version)
      .returning(USER_COLUMNS)
      .executeTakeFirst();
    if (!row)
      return (await trx.selectFrom('app_user').select('id').where('id', '=', id).executeTakeFirst())
        ? 'stale'
        : undefined;
    if (changes.disabled || changes.resetTotp || changes.roles) await revokeAllSessionsOf(trx, id);
    return userView(row);
  });
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
