// Who sees suspect data (issue 13): investigators and prosecutors of law-enforcement agencies, and no
// one else. Everyone else gets 404 on every suspect, identifier, network and prosecution-file route, so
// that not even the existence of a suspect leaks. Pure (no I/O); the SQL filters in prosecution-sql.ts
// are built from the same rules.
import { COURT_SIDE_STEPS, LAW_ENFORCEMENT_AGENCY_KINDS, type ProceedingKind } from '../contract/prosecution.js';
import type { AgencyKind, Role } from '../contract/codes.js';
import type { Actor } from '../platform/actor.js';
import { readableCaseParts, type CaseRelation } from './policy.js';

const PROSECUTION_ROLES: readonly Role[] = ['investigator', 'prosecutor'];

/** Whether an agency of this kind holds and sees suspect data (police, border guard, coast guard, procuracy). */
export function isLawEnforcement(kind: AgencyKind | string): boolean {
  return (LAW_ENFORCEMENT_AGENCY_KINDS as readonly string[]).includes(kind);
}

/** Whether the caller works on prosecution at all: an investigator or prosecutor of a law-enforcement agency. */
export function worksOnProsecution(actor: Actor): boolean {
  return isLawEnforcement(actor.agencyKind) && actor.roles.some((r) => PROSECUTION_ROLES.includes(r));
}

/** Recording suspects, organisations, identifiers and links: investigators of a law-enforcement agency. */
export function canRecordIntelligence(actor: Actor): boolean {
  return isLawEnforcement(actor.agencyKind) && actor.roles.includes('investigator');
}

/** Prosecutors of the procuracy: they read the prosecution file of cases referred to them, and write its court side. */
export function isProcuracyProsecutor(actor: Actor): boolean {
  return actor.agencyKind === 'procuracy' && actor.roles.includes('prosecutor');
}

/**
 * The prosecution side of a case (its identifiers, suspects, hits, prosecution file): readable by those who
 * work on prosecution and may read the case's `prosecution` part (their agency's case, or a case referred to
 * their agency for investigation or prosecution).
 */
export function canReadCaseProsecution(actor: Actor, relation: CaseRelation): boolean {
  return worksOnProsecution(actor) && readableCaseParts(actor, relation).has('prosecution');
}

/** Recording identifiers, suspects' and organisations' parts on a case: investigators of the agency that owns it. */
export function canRecordOnCase(actor: Actor, relation: CaseRelation): boolean {
  return canRecordIntelligence(actor) && relation.ownerAgencyId === actor.agencyId;
}

/** What the caller stands in relation to a suspect or an organisation. */
export interface IntelligenceRelation {
  ownerAgencyId: string;
  /** How many cases it is linked to whose prosecution side the caller may read. */
  readableLinkedCases: number;
}

/** A suspect or organisation: its owner agency's prosecution staff, or whoever may read a case it is linked to. */
export function canReadIntelligence(actor: Actor, record: IntelligenceRelation): boolean {
  return worksOnProsecution(actor) && (record.ownerAgencyId === actor.agencyId || record.readableLinkedCases > 0);
}

/** Changing a suspect or an organisation, or linking it: investigators of its owner agency. */
export function canEditIntelligence(actor: Actor, record: { ownerAgencyId: string }): boolean {
  return canRecordIntelligence(actor) && record.ownerAgencyId === actor.agencyId;
}

/**
 * Whose cases take part in hits: law-enforcement agencies' own cases, and for the procuracy the cases
 * referred to it for prosecution. Cases of every other kind of agency are never searched or counted.
 */
export function holdsCasesForHits(kind: AgencyKind | string): boolean {
  return isLawEnforcement(kind);
}

/** An information request (deconfliction): the prosecution staff of the requesting or the holding agency. */
export function canReadInformationRequest(
  actor: Actor,
  request: { requestingAgencyId: string; holdingAgencyId: string },
): boolean {
  return (
    worksOnProsecution(actor) &&
    (request.requestingAgencyId === actor.agencyId || request.holdingAgencyId === actor.agencyId)
  );
}

/** Accepting or declining an information request: investigators of the holding agency. */
export function canAnswerInformationRequest(actor: Actor, request: { holdingAgencyId: string }): boolean {
  return canRecordIntelligence(actor) && request.holdingAgencyId === actor.agencyId;
}

/** Withdrawing an information request: investigators of the requesting agency. */
export function canWithdrawInformationRequest(actor: Actor, request: { requestingAgencyId: string }): boolean {
  return canRecordIntelligence(actor) && request.requestingAgencyId === actor.agencyId;
}

/** Which side of an information request the caller's agency is on, or null for neither. */
export function informationRequestSide(
  actor: Actor,
  request: { requestingAgencyId: string; holdingAgencyId: string },
): 'requester' | 'holder' | null {
  if (request.holdingAgencyId === actor.agencyId) return 'holder';
  if (request.requestingAgencyId === actor.agencyId) return 'requester';
  return null;
}

/** Matches held by another agency than the caller's: those a hit reports and audits on the holder's side. */
export function heldByOtherAgencies<T extends { agencyId: string }>(actor: Actor, matches: readonly T[]): T[] {
  return matches.filter((m) => m.agencyId !== actor.agencyId);
}

/** The matches one holding agency holds: what an information request to it covers. */
export function heldBy<T extends { agencyId: string }>(matches: readonly T[], agencyId: string): T[] {
  return matches.filter((m) => m.agencyId === agencyId);
}

/** Whether an information request may go to this agency: another agency than the case's owner. */
export function mayAskAgency(caseOwnerAgencyId: string, holderAgencyId: string): boolean {
  return caseOwnerAgencyId !== holderAgencyId;
}

// ---------------------------------------------------------------------------------------------
// The prosecution file (issue 13 §4). Reading it is canReadCaseProsecution.

/**
 * The court side of a case's prosecution file (the indictment, the trials, the verdicts, the victim's side
 * and the court dates): the investigators of the agency that owns the case, and the procuracy's prosecutors
 * who may read the case's prosecution side (a case referred to the procuracy for prosecution).
 */
export function canRecordCourtSide(actor: Actor, relation: CaseRelation): boolean {
  return canRecordOnCase(actor, relation) || (isProcuracyProsecutor(actor) && canReadCaseProsecution(actor, relation));
}

/**
 * One step of the proceedings: every step and the charges by the owner agency's investigators; the
 * indictment and the trials also by the procuracy's prosecutors of a case referred to them.
 */
export function canRecordProceeding(actor: Actor, relation: CaseRelation, kind: ProceedingKind): boolean {
  return (
    canRecordOnCase(actor, relation) ||
    ((COURT_SIDE_STEPS as readonly string[]).includes(kind) && canRecordCourtSide(actor, relation))
  );
}
