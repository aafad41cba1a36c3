import { describe, it, expect } from 'vitest';
import type { Role } from '../contract/codes.js';
import type { Actor } from '../platform/actor.js';
import {
  canAssignCase,
  canBeAssignedCase,
  canEditCase,
  canReadCaseAccessLog,
  canSeeAssigneeName,
  canSuperviseTeam,
  readableCaseParts,
  type CaseRelation,
} from './policy.js';
import { CASE_PARTS } from '../contract/codes.js';
import { canManageUsersOf, requiresSecondFactor } from './account-policy.js';

const OWNER = 'agency-police-hanoi';
const OTHER = 'agency-shelter-hcmc';

const actor = (roles: Role[], agencyId = OWNER, userId = 'user-1'): Actor => ({
  userId,
  agencyId,
  agencyKind: 'police',
  roles,
  language: 'vi',
  clientIp: null,
});
const caseOf = (over: Partial<CaseRelation> = {}): CaseRelation => ({
  ownerAgencyId: OWNER,
  assignedUserId: null,
  grantedParts: [],
  ...over,
});
const sorted = (parts: Set<string>) => [...parts].sort();
const ALL = [...CASE_PARTS].sort();

describe('readableCaseParts', () => {
  it.each<Role>(['intake_officer', 'investigator', 'caseworker', 'health_screener', 'hotline_operator', 'prosecutor'])(
    "shows every part to the owner agency's %s",
    (role) => {
      expect(sorted(readableCaseParts(actor([role]), caseOf()))).toEqual(ALL);
    },
  );

  it("hides the case from another agency's investigator without a grant", () => {
    expect(readableCaseParts(actor(['investigator'], OTHER), caseOf()).size).toBe(0);
  });

  it.each<Role>(['analyst', 'auditor', 'system_admin', 'agency_admin'])(
    'hides case content from a %s, even in the owner agency',
    (role) => {
      expect(readableCaseParts(actor([role]), caseOf()).size).toBe(0);
      expect(readableCaseParts(actor([role]), caseOf({ assignedUserId: 'user-1' })).size).toBe(0);
      expect(readableCaseParts(actor([role]), caseOf({ grantedParts: ['identity', 'narrative'] })).size).toBe(0);
    },
  );

  it('hides case content from several non-casework roles combined', () => {
    expect(readableCaseParts(actor(['analyst', 'auditor', 'agency_admin', 'system_admin']), caseOf()).size).toBe(0);
  });

  it('shows every part to the assigned user from another agency', () => {
    expect(
      sorted(readableCaseParts(actor(['caseworker'], OTHER, 'user-9'), caseOf({ assignedUserId: 'user-9' }))),
    ).toEqual(ALL);
  });

  it('does not show the case to a different user of another agency because someone else is assigned', () => {
    expect(readableCaseParts(actor(['caseworker'], OTHER, 'user-8'), caseOf({ assignedUserId: 'user-9' })).size).toBe(
      0,
    );
  });

  it('shows a partner only the granted parts', () => {
    const parts = readableCaseParts(
      actor(['partner'], OTHER),
      caseOf({ grantedParts: ['identity', 'contact', 'support_plan'] }),
    );
    expect(sorted(parts)).toEqual(['contact', 'identity', 'support_plan']);
    expect(parts.has('narrative')).toBe(false);
    expect(parts.has('exploitation')).toBe(false);
  });

  it('shows a partner nothing without a grant, even in the owner agency or when assigned', () => {
    expect(readableCaseParts(actor(['partner'], OTHER), caseOf()).size).toBe(0);
    expect(readableCaseParts(actor(['partner'], OWNER), caseOf()).size).toBe(0);
    expect(readableCaseParts(actor(['partner'], OTHER, 'p-1'), caseOf({ assignedUserId: 'p-1' })).size).toBe(0);
  });

  it("shows another agency's casework role only the granted parts", () => {
    expect(
      sorted(readableCaseParts(actor(['caseworker'], OTHER), caseOf({ grantedParts: ['identity', 'route'] }))),
    ).toEqual(['identity', 'route']);
  });

  it('ignores granted part names it does not know', () => {
    expect(
      sorted(readableCaseParts(actor(['partner'], OTHER), caseOf({ grantedParts: ['identity', 'everything', '*'] }))),
    ).toEqual(['identity']);
  });
});

describe('canEditCase', () => {
  it.each<Role>(['intake_officer', 'investigator', 'caseworker', 'health_screener', 'hotline_operator'])(
    "lets the owner agency's %s edit",
    (role) => {
      expect(canEditCase(actor([role]), caseOf())).toBe(true);
    },
  );

  it.each<Role>(['prosecutor', 'partner', 'analyst', 'auditor', 'agency_admin', 'system_admin'])(
    "does not let the owner agency's %s edit",
    (role) => {
      expect(canEditCase(actor([role]), caseOf())).toBe(false);
    },
  );

  it('does not let another agency edit, even with a full grant or an assignment', () => {
    expect(canEditCase(actor(['investigator'], OTHER), caseOf({ grantedParts: [...CASE_PARTS] }))).toBe(false);
    expect(canEditCase(actor(['caseworker'], OTHER, 'user-9'), caseOf({ assignedUserId: 'user-9' }))).toBe(false);
  });
});

describe('canReadCaseAccessLog', () => {
  it("lets an auditor read the log of any agency's case", () => {
    expect(canReadCaseAccessLog(actor(['auditor']), caseOf())).toBe(true);
    expect(canReadCaseAccessLog(actor(['auditor'], OTHER), caseOf())).toBe(true);
  });

  it("lets an agency_admin read only its own agency's case log", () => {
    expect(canReadCaseAccessLog(actor(['agency_admin']), caseOf())).toBe(true);
    expect(canReadCaseAccessLog(actor(['agency_admin'], OTHER), caseOf())).toBe(false);
  });

  it.each<Role>(['investigator', 'caseworker', 'intake_officer', 'analyst', 'partner', 'system_admin'])(
    'does not let a %s read it, even in the owner agency',
    (role) => {
      expect(canReadCaseAccessLog(actor([role]), caseOf())).toBe(false);
    },
  );
});

describe('canManageUsersOf', () => {
  it("lets an agency_admin manage its own agency's users", () => {
    expect(canManageUsersOf(actor(['agency_admin']), OWNER)).toBe(true);
    expect(canManageUsersOf(actor(['agency_admin']), OWNER, ['caseworker', 'agency_admin'])).toBe(true);
  });

  it("does not let an agency_admin manage another agency's users", () => {
    expect(canManageUsersOf(actor(['agency_admin']), OTHER)).toBe(false);
    expect(canManageUsersOf(actor(['agency_admin']), OTHER, ['caseworker'])).toBe(false);
  });

  it('never lets an agency_admin grant system_admin', () => {
    expect(canManageUsersOf(actor(['agency_admin']), OWNER, ['system_admin'])).toBe(false);
    expect(canManageUsersOf(actor(['agency_admin']), OWNER, ['caseworker', 'system_admin'])).toBe(false);
  });

  it('lets a system_admin manage any agency and grant any role', () => {
    expect(canManageUsersOf(actor(['system_admin']), OWNER)).toBe(true);
    expect(canManageUsersOf(actor(['system_admin']), OTHER, ['system_admin'])).toBe(true);
  });

  it.each<Role>(['investigator', 'caseworker', 'auditor', 'analyst', 'partner'])(
    'does not let a %s manage users',
    (role) => {
      expect(canManageUsersOf(actor([role]), OWNER)).toBe(false);
    },
  );
});

describe('requiresSecondFactor', () => {
  it('is required for administrators', () => {
    expect(requiresSecondFactor(['system_admin'])).toBe(true);
    expect(requiresSecondFactor(['agency_admin'])).toBe(true);
    expect(requiresSecondFactor(['caseworker', 'agency_admin'])).toBe(true);
  });

  it('is not required for other roles', () => {
    expect(requiresSecondFactor(['caseworker', 'investigator', 'analyst', 'partner'])).toBe(false);
    expect(requiresSecondFactor([])).toBe(false);
  });
});

describe('teams (issue 12): the supervisor', () => {
  it("reads the agency's cases whole but does not change their content", () => {
    expect(sorted(readableCaseParts(actor(['supervisor']), caseOf()))).toEqual(ALL);
    expect(canEditCase(actor(['supervisor']), caseOf())).toBe(false);
    expect(readableCaseParts(actor(['supervisor'], OTHER), caseOf()).size).toBe(0);
  });

  it('assigns cases of its own agency to anyone or nobody; an officer only takes a case or lets go of it', () => {
    expect(canAssignCase(actor(['supervisor']), caseOf(), 'user-2')).toBe(true);
    expect(canAssignCase(actor(['supervisor']), caseOf({ assignedUserId: 'user-2' }), null)).toBe(true);
    expect(canAssignCase(actor(['supervisor'], OTHER), caseOf(), 'user-2')).toBe(false);
    expect(canAssignCase(actor(['investigator']), caseOf(), 'user-1')).toBe(true);
    expect(canAssignCase(actor(['investigator']), caseOf(), 'user-2')).toBe(false);
    expect(canAssignCase(actor(['investigator']), caseOf({ assignedUserId: 'user-1' }), null)).toBe(true);
    expect(canAssignCase(actor(['investigator']), caseOf({ assignedUserId: 'user-2' }), null)).toBe(false);
    expect(canAssignCase(actor(['agency_admin']), caseOf(), 'user-1')).toBe(false);
    expect(canSuperviseTeam(actor(['supervisor']))).toBe(true);
    expect(canSuperviseTeam(actor(['investigator']))).toBe(false);
  });

  it('assigns only to active colleagues who work cases, and names them to colleagues only', () => {
    const user = (roles: string[], agencyId = OWNER, disabled = false) => ({ agencyId, roles, disabled });
    expect(canBeAssignedCase(user(['caseworker']), OWNER)).toBe(true);
    expect(canBeAssignedCase(user(['supervisor']), OWNER)).toBe(true);
    expect(canBeAssignedCase(user(['caseworker'], OWNER, true), OWNER)).toBe(false);
    expect(canBeAssignedCase(user(['caseworker'], OTHER), OWNER)).toBe(false);
    expect(canBeAssignedCase(user(['agency_admin']), OWNER)).toBe(false);
    expect(canBeAssignedCase(user(['partner']), OWNER)).toBe(false);
    expect(canSeeAssigneeName(actor(['caseworker']), caseOf())).toBe(true);
    expect(canSeeAssigneeName(actor(['caseworker'], OTHER), caseOf())).toBe(false);
    expect(canSeeAssigneeName(actor(['agency_admin']), caseOf())).toBe(false);
  });
});
