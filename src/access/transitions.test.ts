// Who takes each step of the statutory lifecycle (the policy), on top of the steps the law allows.
import { describe, it, expect } from 'vitest';
import type { Actor } from '../platform/actor.js';
import { allowedTransitions as allowedFor, checkTransition } from './policy.js';
import { OPEN_STATUSES, nextStatuses } from '../contract/lifecycle.js';
import { CASE_STATUSES, ROLES, type CaseStatus, type Role } from '../contract/codes.js';

const ALL_ROLES: readonly Role[] = ROLES;

/** The steps offered to a caller with these roles in the agency that owns the case. */
const allowedTransitions = (from: CaseStatus, roles: readonly Role[]) => {
  const actor: Actor = {
    userId: 'u',
    agencyId: 'owner',
    agencyKind: 'police',
    roles: [...roles],
    language: 'vi',
    clientIp: null,
  };
  return allowedFor(actor, { ownerAgencyId: 'owner', assignedUserId: null, grantedParts: [] }, from);
};

/** The statutory path of Law 53/2024/QH15. */
const LEGAL: ReadonlyArray<[CaseStatus, CaseStatus]> = [
  ['received', 'under_verification'],
  ['under_verification', 'identified_victim'],
  ['under_verification', 'not_victim'],
  ['identified_victim', 'in_support'],
  ['in_support', 'closed'],
  ['received', 'closed'],
  ['under_verification', 'closed'],
  ['identified_victim', 'closed'],
  ['not_victim', 'closed'],
];
const isLegal = (from: CaseStatus, to: CaseStatus) => LEGAL.some(([f, t]) => f === from && t === to);

describe('checkTransition: the statutory path', () => {
  it.each(LEGAL)('allows %s → %s to a caller with every role', (from, to) => {
    expect(checkTransition(from, to, ALL_ROLES)).toEqual({ ok: true });
  });

  it('lets an investigator walk a case from received to closed through support', () => {
    const path: CaseStatus[] = ['received', 'under_verification', 'identified_victim', 'in_support', 'closed'];
    for (let i = 1; i < path.length; i++) {
      expect(checkTransition(path[i - 1]!, path[i]!, ['investigator'])).toEqual({ ok: true });
    }
  });

  it('refuses as illegal every step off the path, whatever the roles', () => {
    let refused = 0;
    for (const from of CASE_STATUSES) {
      for (const to of CASE_STATUSES) {
        if (isLegal(from, to)) continue;
        expect(checkTransition(from, to, ALL_ROLES), `${from} → ${to}`).toEqual({ ok: false, reason: 'illegal' });
        refused++;
      }
    }
    expect(refused).toBe(CASE_STATUSES.length ** 2 - LEGAL.length);
  });

  it.each<[CaseStatus, CaseStatus]>([
    ['received', 'identified_victim'],
    ['received', 'not_victim'],
    ['received', 'in_support'],
    ['under_verification', 'in_support'],
    ['in_support', 'identified_victim'],
    ['not_victim', 'identified_victim'],
    ['not_victim', 'in_support'],
    ['identified_victim', 'not_victim'],
    ['received', 'received'],
  ])('refuses %s → %s as illegal', (from, to) => {
    expect(checkTransition(from, to, ['investigator'])).toEqual({ ok: false, reason: 'illegal' });
  });

  it('refuses every step out of closed', () => {
    for (const to of CASE_STATUSES) {
      expect(checkTransition('closed', to, ALL_ROLES)).toEqual({ ok: false, reason: 'illegal' });
    }
    expect(nextStatuses('closed')).toEqual([]);
  });

  it('reports an illegal step as illegal even to a caller without the role', () => {
    expect(checkTransition('received', 'identified_victim', ['caseworker'])).toEqual({ ok: false, reason: 'illegal' });
  });

  it('lets every open case be closed', () => {
    for (const from of OPEN_STATUSES) expect(nextStatuses(from)).toContain('closed');
  });
});

describe('checkTransition: who decides', () => {
  it('only an investigator identifies a victim or rules one out', () => {
    for (const to of ['identified_victim', 'not_victim'] as const) {
      expect(checkTransition('under_verification', to, ['investigator'])).toEqual({ ok: true });
      for (const role of ALL_ROLES.filter((r) => r !== 'investigator')) {
        expect(checkTransition('under_verification', to, [role]), `${role} → ${to}`).toEqual({
          ok: false,
          reason: 'role',
        });
      }
    }
  });

  it('a caseworker cannot identify a victim', () => {
    expect(checkTransition('under_verification', 'identified_victim', ['caseworker'])).toEqual({
      ok: false,
      reason: 'role',
    });
  });

  it('a caseworker can start support and close a case', () => {
    expect(checkTransition('identified_victim', 'in_support', ['caseworker'])).toEqual({ ok: true });
    expect(checkTransition('in_support', 'closed', ['caseworker'])).toEqual({ ok: true });
  });

  it('intake officers, investigators and health screeners start verification; caseworkers do not', () => {
    for (const role of ['intake_officer', 'investigator', 'health_screener'] as const) {
      expect(checkTransition('received', 'under_verification', [role])).toEqual({ ok: true });
    }
    expect(checkTransition('received', 'under_verification', ['caseworker'])).toEqual({ ok: false, reason: 'role' });
  });

  it('administrators, analysts, auditors and partners cannot move a case at all', () => {
    for (const role of ['system_admin', 'agency_admin', 'analyst', 'auditor', 'partner'] as const) {
      for (const [from, to] of LEGAL) {
        expect(checkTransition(from, to, [role]), `${role}: ${from} → ${to}`).toEqual({ ok: false, reason: 'role' });
      }
    }
  });

  it('a caller with no roles is refused', () => {
    expect(checkTransition('received', 'under_verification', [])).toEqual({ ok: false, reason: 'role' });
  });

  it('any one of several roles is enough', () => {
    expect(checkTransition('under_verification', 'identified_victim', ['caseworker', 'investigator'])).toEqual({
      ok: true,
    });
  });
});

describe('allowedTransitions', () => {
  it('offers an investigator every next step under verification', () => {
    expect([...allowedTransitions('under_verification', ['investigator'])].sort()).toEqual([
      'closed',
      'identified_victim',
      'not_victim',
    ]);
  });

  it('offers a caseworker only closing under verification', () => {
    expect(allowedTransitions('under_verification', ['caseworker'])).toEqual(['closed']);
  });

  it('offers a caseworker support or closing for an identified victim', () => {
    expect([...allowedTransitions('identified_victim', ['caseworker'])].sort()).toEqual(['closed', 'in_support']);
  });

  it('offers nothing for a closed case or to an analyst', () => {
    expect(allowedTransitions('closed', ALL_ROLES)).toEqual([]);
    expect(allowedTransitions('received', ['analyst'])).toEqual([]);
  });

  it('agrees with checkTransition for every status and editing role', () => {
    for (const from of CASE_STATUSES) {
      for (const role of [
        'intake_officer',
        'investigator',
        'caseworker',
        'health_screener',
        'hotline_operator',
      ] as const) {
        const expected = CASE_STATUSES.filter((to) => checkTransition(from, to, [role]).ok);
        expect([...allowedTransitions(from, [role])].sort()).toEqual([...expected].sort());
      }
    }
  });

  it('offers nothing to another agency, whatever its roles', () => {
    const actor: Actor = {
      userId: 'u',
      agencyId: 'other',
      agencyKind: 'police',
      roles: ['investigator'],
      language: 'vi',
      clientIp: null,
    };
    const relation = { ownerAgencyId: 'owner', assignedUserId: null, grantedParts: ['identity', 'lifecycle'] };
    expect(allowedFor(actor, relation, 'under_verification')).toEqual([]);
  });
});
