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

/** system_admin manages every agency's users; agency_admin only its own agency's, and never grants system_admin. */
export function canManageUsersOf(actor: Actor, agencyId: string, rolesGiven: readonly Role[] = []): boolean {
  if (actor.roles.includes('system_admin')) return true;
  return actor.roles.includes('agency_admin') && actor.agencyId === agencyId && !rolesGiven.includes('system_admin');
}

/** Listing users: system_admin any agency (or all), agency_admin only their own agency. */
export function canListUsers(actor: Actor, agencyId: string | null): boolean {
  if (actor.roles.includes('system_admin')) return true;
  return agencyId !== null && canManageUsersOf(actor, agencyId);
}

/**
 * Changing a user: anyone may change their own display name and language;
 * administrators manage others per canManageUsersOf, and only a system_admin
 * may change a system_admin.
 */
export function canUpdateUser(
  actor: Actor,
  target: { id: string; agencyId: string; roles: readonly string[] },
  changedFields: readonly string[],
  newRoles: readonly Role[] = [],
): boolean {
  const selfService = target.id === actor.userId && changedFields.every((f) => f === 'language' || f === 'displayName');
  if (selfService) return true;
  if (target.roles.includes('system_admin') && !actor.roles.includes('system_admin')) return false;
  return canManageUsersOf(actor, target.agencyId, newRoles);
}

/** Roles whose sign-in requires a second factor (TOTP). */
export function requiresSecondFactor(roles: readonly Role[]): boolean {
  return roles.includes('system_admin') || roles.includes('agency_admin');
}

/** The administration screens: system and agency administrators. */
export function administersUsers(actor: Actor): boolean {
  return actor.roles.includes('system_admin') || actor.roles.includes('agency_admin');
}
