// Who answers public reports and triages them (issue 14): the operators of the national hotline 111.
// Everyone else gets 404 on the hotline's report routes, so that not even a report's existence leaks.
// An agency a report is escalated to reads it through the case opened for it, under the case's own rules.
// Pure (no I/O).
import type { Actor } from '../platform/actor.js';
import { isEscalationAgencyKind } from '../contract/triage.js';

/** Hotline operators of a hotline agency: they read public reports and write to their reporters. */
export function canAnswerPublicReports(actor: Actor): boolean {
  return actor.agencyKind === 'hotline' && actor.roles.includes('hotline_operator');
}

/** The triage queue, a report's content, calls taken, and every triage action: the same people. */
export function canTriageReports(actor: Actor): boolean {
  return canAnswerPublicReports(actor);
}

/** A report is assigned to an operator of the assigning operator's own hotline. */
export function canBeAssignedReport(actor: Actor, assignee: Actor): boolean {
  return canTriageReports(actor) && canTriageReports(assignee) && assignee.agencyId === actor.agencyId;
}

/** The agencies a report may be escalated to: active police, border guard, coast guard and commune agencies. */
export function canReceiveEscalation(agency: { kind: string; disabled: boolean }): boolean {
  return !agency.disabled && isEscalationAgencyKind(agency.kind);
}

/** Who of the receiving agency is told of an escalated report: those who take cases in (intake, investigation). */
export function receivesEscalatedReports(user: Actor, agencyId: string): boolean {
  return (
    user.agencyId === agencyId &&
    (user.roles.includes('intake_officer') || user.roles.includes('investigator') || user.roles.includes('supervisor'))
  );
}
