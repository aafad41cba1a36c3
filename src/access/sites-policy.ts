// Who keeps the register of campaign sites and prints their posters (issue 14 §3). Pure (no I/O).
// Campaigns are run nationally by the 111 hotline with the platform's administrators: a system administrator
// or the administrator of a hotline agency adds and edits sites; the hotline's operators, who see the site of
// every report they triage, read the register and print posters too. Sites are no secret (their codes are on
// posters in public places), so a caller without the right is told so (403), not 404.
import type { Actor } from '../platform/actor.js';
import { canAnswerPublicReports } from './reporting-policy.js';

/** Adds and edits campaign sites: a system administrator, or an administrator of a hotline agency. */
export function canManageSites(actor: Actor): boolean {
  if (actor.roles.includes('system_admin')) return true;
  return actor.agencyKind === 'hotline' && actor.roles.includes('agency_admin');
}

/** Reads the register and downloads posters: whoever manages sites, and the hotline's operators. */
export function canReadSites(actor: Actor): boolean {
  return canManageSites(actor) || canAnswerPublicReports(actor);
}
