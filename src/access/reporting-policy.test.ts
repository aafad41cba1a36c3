import { describe, expect, it } from 'vitest';
import type { AgencyKind, Role } from '../contract/codes.js';
import type { Actor } from '../platform/actor.js';
import {
  canAnswerPublicReports,
  canBeAssignedReport,
  canReceiveEscalation,
  canTriageReports,
  receivesEscalatedReports,
} from './reporting-policy.js';

const actor = (agencyKind: AgencyKind, roles: Role[], agencyId = 'a'): Actor => ({
  userId: 'u',
  agencyId,
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

describe('triage', () => {
  it('is for the same operators', () => {
    expect(canTriageReports(actor('hotline', ['hotline_operator']))).toBe(true);
    expect(canTriageReports(actor('hotline', ['system_admin']))).toBe(false);
    expect(canTriageReports(actor('police', ['investigator', 'supervisor']))).toBe(false);
  });
  it('assigns a report only to an operator of the same hotline', () => {
    const me = actor('hotline', ['hotline_operator'], 'h1');
    expect(canBeAssignedReport(me, actor('hotline', ['hotline_operator'], 'h1'))).toBe(true);
    expect(canBeAssignedReport(me, actor('hotline', ['hotline_operator'], 'h2'))).toBe(false);
    expect(canBeAssignedReport(me, actor('hotline', ['agency_admin'], 'h1'))).toBe(false);
    expect(canBeAssignedReport(actor('police', ['investigator'], 'h1'), me)).toBe(false);
  });
  it('escalates to active police, border guard, coast guard and commune agencies only', () => {
    for (const kind of ['police', 'border_guard', 'coast_guard', 'commune'])
      expect(canReceiveEscalation({ kind, disabled: false }), kind).toBe(true);
    expect(canReceiveEscalation({ kind: 'police', disabled: true })).toBe(false);
    for (const kind of ['shelter', 'hotline', 'procuracy', 'ngo'])
      expect(canReceiveEscalation({ kind, disabled: false }), kind).toBe(false);
  });
  it("tells the receiving agency's intake officers, investigators and supervisors", () => {
    expect(receivesEscalatedReports(actor('police', ['investigator'], 'p'), 'p')).toBe(true);
    expect(receivesEscalatedReports(actor('commune', ['intake_officer'], 'p'), 'p')).toBe(true);
    expect(receivesEscalatedReports(actor('police', ['investigator'], 'q'), 'p')).toBe(false);
    expect(receivesEscalatedReports(actor('police', ['analyst'], 'p'), 'p')).toBe(false);
  });
});
