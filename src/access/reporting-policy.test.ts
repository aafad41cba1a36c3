import { describe, expect, it } from 'vitest';
import type { AgencyKind, Role } from '../contract/codes.js';
import type { Actor } from '../platform/actor.js';
import { canAnswerPublicReports } from './reporting-policy.js';

const actor = (agencyKind: AgencyKind, roles: Role[]): Actor => ({
  userId: 'u',
  agencyId: 'a',
  agencyKind,
  roles,
  language: 'vi',
  clientIp: null,
});

describe('who answers public reports', () => {
  it('is the hotline operators of the hotline, and no one else', () => {
    expect(canAnswerPublicReports(actor('hotline', ['hotline_operator']))).toBe(true);
    expect(canAnswerPublicReports(actor('hotline', ['agency_admin']))).toBe(false);
    expect(canAnswerPublicReports(actor('police', ['hotline_operator']))).toBe(false);
    expect(canAnswerPublicReports(actor('police', ['investigator']))).toBe(false);
    expect(canAnswerPublicReports(actor('commune', ['intake_officer']))).toBe(false);
  });
});
