// Who manages which accounts: nobody changes their own roles, national roles
// (system_admin, auditor) are a system administrator's to grant and to manage,
// and auditors, like administrators, need a second factor.
import { describe, expect, it } from 'vitest';
import type { Role } from '../contract/codes.js';
import type { Actor } from '../platform/actor.js';
import {
  canManageUsersOf,
  canResetPassword,
  canSeeUser,
  canUpdateUser,
  changesOwnRoles,
  requiresSecondFactor,
} from './account-policy.js';

const OWNER = 'agency-police-hanoi';
const OTHER = 'agency-shelter-hcmc';
const actor = (roles: Role[], agencyId = OWNER, userId = 'me'): Actor => ({
  userId,
  agencyId,
  agencyKind: 'police',
  roles,
  language: 'vi',
  clientIp: null,
});
const user = (roles: Role[], agencyId = OWNER, id = 'someone') => ({ id, agencyId, roles });

describe('changing roles', () => {
  it.each<Role[]>([['agency_admin'], ['system_admin'], ['caseworker']])(
    'never lets %s change their own roles, even to the same or fewer',
    (...roles) => {
      const me = actor(roles);
      const self = user(roles, OWNER, 'me');
      for (const newRoles of [[...roles, 'investigator'] as Role[], roles, ['caseworker'] as Role[]]) {
        expect(canUpdateUser(me, self, ['roles'], newRoles)).toBe(false);
      }
      expect(changesOwnRoles(me, 'me', ['roles'])).toBe(true);
      expect(changesOwnRoles(me, 'someone', ['roles'])).toBe(false);
      expect(canUpdateUser(me, self, ['language', 'displayName'])).toBe(true);
    },
  );

  it('lets an agency_admin grant agency roles in its agency, but never auditor or system_admin', () => {
    const admin = actor(['agency_admin']);
    expect(canUpdateUser(admin, user(['caseworker']), ['roles'], ['caseworker', 'investigator'])).toBe(true);
    expect(canUpdateUser(admin, user(['caseworker']), ['roles'], ['auditor'])).toBe(false);
    expect(canUpdateUser(admin, user(['caseworker']), ['roles'], ['system_admin'])).toBe(false);
    expect(canManageUsersOf(admin, OWNER, ['auditor'])).toBe(false);
    expect(canManageUsersOf(admin, OWNER, ['analyst', 'auditor'])).toBe(false);
  });

  it('leaves holders of national roles to system administrators', () => {
    const admin = actor(['agency_admin']);
    const auditor = user(['auditor']);
    for (const fields of [['roles'], ['disabled'], ['resetTotp'], ['displayName']])
      expect(canUpdateUser(admin, auditor, fields, ['analyst']), fields.join()).toBe(false);
    expect(canResetPassword(admin, auditor)).toBe(false);
    const system = actor(['system_admin'], OTHER);
    expect(canManageUsersOf(system, OWNER, ['auditor'])).toBe(true);
    expect(canUpdateUser(system, auditor, ['roles'], ['analyst'])).toBe(true);
    expect(canResetPassword(system, auditor)).toBe(true);
  });
});

describe('resetting passwords', () => {
  it('lets administrators reset others they manage, never themselves', () => {
    const admin = actor(['agency_admin']);
    expect(canResetPassword(admin, user(['caseworker']))).toBe(true);
    expect(canResetPassword(admin, user(['caseworker'], OTHER))).toBe(false);
    expect(canResetPassword(admin, user(['agency_admin'], OWNER, 'me'))).toBe(false);
    expect(canResetPassword(actor(['system_admin']), user(['system_admin'], OWNER, 'me'))).toBe(false);
    expect(canResetPassword(actor(['caseworker']), user(['caseworker']))).toBe(false);
  });

  it('shows an account to its holder and to those who list its agency', () => {
    expect(canSeeUser(actor(['caseworker']), user(['caseworker'], OWNER, 'me'))).toBe(true);
    expect(canSeeUser(actor(['caseworker']), user(['caseworker']))).toBe(false);
    expect(canSeeUser(actor(['agency_admin']), user(['caseworker']))).toBe(true);
    expect(canSeeUser(actor(['agency_admin']), user(['caseworker'], OTHER))).toBe(false);
  });
});

describe('requiresSecondFactor', () => {
  it('is required for administrators and auditors', () => {
    for (const roles of [['system_admin'], ['agency_admin'], ['auditor'], ['analyst', 'auditor']] as Role[][])
      expect(requiresSecondFactor(roles), roles.join()).toBe(true);
  });
});
