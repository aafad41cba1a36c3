// Who answers public reports (issue 14): the operators of the national hotline 111. Everyone else
// gets 404 on the hotline's report routes, so that not even a report's existence leaks. Pure (no I/O).
// (Agencies a report is escalated to will read it through the case opened for them: §2.)
import type { Actor } from '../platform/actor.js';

/** Hotline operators of a hotline agency: they read public reports and write to their reporters. */
export function canAnswerPublicReports(actor: Actor): boolean {
  return actor.agencyKind === 'hotline' && actor.roles.includes('hotline_operator');
}
