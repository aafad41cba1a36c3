// What the caller may do across the app (GET /auth/me's `can`), from the policy's own
// functions: the web app shows menus and screens from this and never compares roles.
import type { z } from 'zod';
import { ROLES } from '../contract/codes.js';
import type { appCapabilitiesSchema } from '../contract/schemas/access.js';
import type { Actor } from '../platform/actor.js';
import {
  administersUsers,
  canListUsers,
  canManageAgencies,
  canManageUsersOf,
  canReadAuditTrail,
} from './account-policy.js';
import {
  canCreateCases,
  canReadAgencyKpis,
  canImportFor,
  canReadCaseAccessLog,
  canReadLinkageSummary,
  canExportMicrodata,
  canReadStatistics,
  canRefreshStatistics,
  canReviewPairs,
  canSuperviseTeam,
  canRunLinkage,
  mayImport,
  canRunBorderEvents,
  canSeeAgencyReferrals,
  canTryScreeningAnswers,
  mayReachCases,
} from './policy.js';
import { canRecordIntelligence, worksOnProsecution } from './prosecution-policy.js';
import { canTriageReports } from './reporting-policy.js';
import { canManageSites, canReadSites } from './sites-policy.js';

export function appCapabilities(actor: Actor): z.infer<typeof appCapabilitiesSchema> {
  return {
    seeCases: mayReachCases(actor),
    registerCases: canCreateCases(actor),
    screen: canTryScreeningAnswers(actor),
    runBorderEvents: canRunBorderEvents(actor),
    seeReferrals: canSeeAgencyReferrals(actor),
    administerUsers: administersUsers(actor),
    administerAllAgencies: canListUsers(actor, null),
    manageAgencies: canManageAgencies(actor),
    readAuditTrail: canReadAuditTrail(actor),
    // The access log of a case of one's own agency, as its administrator (auditors read any, as the trail).
    readAgencyAccessLogs: canReadCaseAccessLog(actor, { ownerAgencyId: actor.agencyId }) && !canReadAuditTrail(actor),
    grantableRoles: administersUsers(actor) ? ROLES.filter((r) => canManageUsersOf(actor, actor.agencyId, [r])) : [],
    ...consolidationCapabilities(actor),
    seeStatistics: canReadStatistics(actor),
    exportMicrodata: canExportMicrodata(actor),
    refreshStatistics: canRefreshStatistics(actor),
    superviseTeam: canSuperviseTeam(actor),
    seeAgencyKpis: canReadAgencyKpis(actor),
    workOnProsecution: worksOnProsecution(actor),
    recordIntelligence: canRecordIntelligence(actor),
    seeSites: canReadSites(actor),
    manageSites: canManageSites(actor),
    triageReports: canTriageReports(actor),
  };
}

/** No agency's id: an agency other than the caller's, whichever it is. */
const ANOTHER_AGENCY = '00000000-0000-0000-0000-000000000000';

/**
 * Issue 10's screens: imports (an agency's administrator for the agency, the national data unit
 * for any agency), the steward's review queue, the linkage overview (stewards) and
 * full runs (stewards). The routes' own rules decide each request; these only choose the menus.
 */
function consolidationCapabilities(actor: Actor) {
  return {
    importRecords: mayImport(actor),
    // A steward imports for any agency: may it import for an agency that is not its own?
    importForAnyAgency: mayImport(actor) && canImportFor(actor, ANOTHER_AGENCY),
    reviewPairs: canReviewPairs(actor),
    seeLinkage: canReadLinkageSummary(actor),
    runLinkage: canRunLinkage(actor),
  };
}
