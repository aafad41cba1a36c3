// Access to the directory and the audit trail: who manages agencies and users,
// who reads the audit trail, and which roles need a second factor. Pure (no I/O);
// the case and person rules are in policy.ts.
import type { Role } from '../contract/codes.js';
import type { Actor } from '../platform/actor.js';

export function canReadAuditTrail(actor: Actor): boolean {
  return actor.roles.includes('auditor');
}

export function canManageAgencies(actor: Actor): boolean {
  return actor.roles.includes('system_admin');
}

/**
 * Roles only a system_admin grants, and whose holders only a system_admin manages:
 * they reach beyond one agency (the platform; the national audit trail; the national
 * data unit, whose stewards see candidate pairs of every agency).
 */
export const NATIONAL_ROLES: readonly Role[] = ['system_admin', 'auditor', 'data_steward'];

const holdsNationalRole = (roles: readonly string[]) =>
  roles.some((r) => (NATIONAL_ROLES as readonly string[]).includes(r));

/** system_admin manages every agency's users; agency_admin only its own agency's, and never grants a national role. */
export function canManageUsersOf(actor: Actor, agencyId: string, rolesGiven: readonly Role[] = []): boolean {
  if (actor.roles.includes('system_admin')) return true;
  return actor.roles.includes('agency_admin') && actor.agencyId === agencyId && !holdsNationalRole(rolesGiven);
}

/** Listing users: system_admin any agency (or all), agency_admin only their own agency. */
export function canListUsers(actor: Actor, agencyId: string | null): boolean {
  if (actor.roles.includes('system_admin')) return true;
  return agencyId !== null && canManageUsersOf(actor, agencyId);
}

/** Whether the caller may know of this account: themselves, or an account of an agency whose users they list. */
export function canSeeUser(actor: Actor, target: { id: string; agencyId: string }): boolean {
  return target.id === actor.userId || canListUsers(actor, target.agencyId);
}

/**
 * Changing a user: anyone may change their own display name and language;
 * nobody changes their own roles (not even a system_admin); administrators
 * manage others per canManageUsersOf, and only a system_admin may change a
 * holder of a national role (system_admin, auditor).
 */
export function canUpdateUser(
  actor: Actor,
  target: { id: string; agencyId: string; roles: readonly string[] },
  changedFields: readonly string[],
  newRoles: readonly Role[] = [],
): boolean {
  const self = target.id === actor.userId;
  if (self && changedFields.every((f) => f === 'language' || f === 'displayName')) return true;
  if (changesOwnRoles(actor, target.id, changedFields)) return false;
  if (holdsNationalRole(target.roles) && !actor.roles.includes('system_admin')) return false;
  return canManageUsersOf(actor, target.agencyId, newRoles);
}

/** A change of one's own roles: refused to everyone (someone else must decide it, and it is audited). */
export function changesOwnRoles(actor: Actor, targetId: string, changedFields: readonly string[]): boolean {
  return targetId === actor.userId && changedFields.includes('roles');
}

/**
 * Setting another user's password (they must change it at their next sign-in):
 * whoever may manage that user. Never one's own: that goes through
 * POST /auth/password, which asks for the current password.
 */
export function canResetPassword(
  actor: Actor,
  target: { id: string; agencyId: string; roles: readonly string[] },
): boolean {
  return target.id !== actor.userId && canUpdateUser(actor, target, ['password']);
}

/**
 * What the caller may do to another account, for the administration screen (the routes
 * decide each request with the functions above; this only tells the web app what to offer).
 * Nobody edits their own roles, resets their own password or second factor, or disables themselves.
 */
export function userCapabilities(
  actor: Actor,
  target: { id: string; agencyId: string; roles: readonly string[]; totpEnabled: boolean },
): { editRoles: boolean; resetPassword: boolean; disable: boolean; resetTotp: boolean } {
  const other = target.id !== actor.userId;
  return {
    editRoles: other && canUpdateUser(actor, target, ['roles']),
    resetPassword: canResetPassword(actor, target),
    disable: other && canUpdateUser(actor, target, ['disabled']),
    resetTotp: other && target.totpEnabled && canUpdateUser(actor, target, ['resetTotp']),
  };
}

/** Roles whose sign-in requires a second factor (TOTP): administrators, auditors and data stewards. */
export function requiresSecondFactor(roles: readonly Role[]): boolean {
  return ['system_admin', 'agency_admin', 'auditor', 'data_steward'].some((r) => roles.includes(r as Role));
}

/** The administration screens: system and agency administrators. */
export function administersUsers(actor: Actor): boolean {
  return actor.roles.includes('system_admin') || actor.roles.includes('agency_admin');
}

/** Whether an agency is the caller's own (shown as such; never a grant of anything). */
export function isOwnAgency(actor: Actor, agencyId: string): boolean {
  return actor.agencyId === agencyId;
}
