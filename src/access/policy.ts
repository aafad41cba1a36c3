// The one policy module: every access decision about agencies, users, persons,
// cases and the audit trail is made here, from role × agency × the caller's
// relationship to the record. Pure (no I/O): the SQL filters in policy-sql.ts
// are built from the same rules, so lists and single reads cannot disagree.
import { nextStatuses } from '../contract/lifecycle.js';
import { nextReferralStatus, type ReferralStatus } from '../contract/referral-rules.js';
import { CASE_PARTS, type CasePart, type CaseStatus, type ReferralPurpose, type Role } from '../contract/codes.js';

import type { Actor } from '../platform/actor.js';

/** Roles that work with case content in their own agency. */
const CASEWORK_ROLES: readonly Role[] = [
  'intake_officer',
  'investigator',
  'caseworker',
  'health_screener',
  'hotline_operator',
  'prosecutor',
];
/** Roles that may register persons and open cases. */
const INTAKE_ROLES: readonly Role[] = [
  'intake_officer',
  'investigator',
  'caseworker',
  'health_screener',
  'hotline_operator',
];
/** Roles that may edit a case their agency owns (the hotline too: it must be able to escalate what it opened). */
const CASE_EDIT_ROLES: readonly Role[] = [
  'intake_officer',
  'investigator',
  'caseworker',
  'health_screener',
  'hotline_operator',
];

const hasAny = (actor: Actor, roles: readonly Role[]) => actor.roles.some((r) => roles.includes(r));

/** A team lead (issue 12): reads the agency's cases and queues, assigns them; does not edit their content. */
const isSupervisor = (actor: Actor) => actor.roles.includes('supervisor');

/** How a caller can reach a case at all; the SQL filter is built from this. */
export interface CaseReach {
  /** Cases owned by the caller's agency. */
  ownAgency: boolean;
  /** Cases assigned to the caller. */
  assignment: boolean;
  /** Cases shared with the caller's agency through an active access grant (accepted referral). */
  grants: boolean;
}

export function caseReach(actor: Actor): CaseReach {
  const casework = hasAny(actor, CASEWORK_ROLES);
  // A supervisor sees what its agency's casework roles see: the agency's cases and those shared with it.
  const lead = isSupervisor(actor);
  return {
    ownAgency: casework || lead,
    assignment: casework || lead,
    grants: casework || lead || actor.roles.includes('partner'),
  };
}

/** What the caller stands in relation to one case. */
export interface CaseRelation {
  ownerAgencyId: string;
  assignedUserId: string | null;
  /** Parts granted to the caller's agency by active grants. */
  grantedParts: readonly string[];
}

/**
 * What an accepted referral shares, by purpose: no more than the purpose needs.
 * A shelter sees identity, contacts and the support plan, never the narrative of
 * exploitation or the prosecution file; a prosecutor sees the facts of the case.
 */
export const PARTS_FOR_PURPOSE: Record<ReferralPurpose, readonly CasePart[]> = {
  shelter: ['identity', 'contact', 'support_plan'],
  medical: ['identity', 'contact', 'support_plan', 'screening'],
  psychological: ['identity', 'contact', 'support_plan', 'screening'],
  vocational: ['identity', 'contact', 'support_plan'],
  reintegration: ['identity', 'contact', 'support_plan'],
  financial: ['identity', 'contact', 'identity_documents', 'support_plan'],
  repatriation: ['identity', 'contact', 'identity_documents', 'route', 'support_plan'],
  legal_aid: [
    'identity',
    'contact',
    'identity_documents',
    'exploitation',
    'route',
    'narrative',
    'support_plan',
    'screening',
  ],
  investigation: [
    'identity',
    'contact',
    'identity_documents',
    'exploitation',
    'route',
    'narrative',
    'lifecycle',
    'prosecution',
    'screening',
  ],
  prosecution: [
    'identity',
    'identity_documents',
    'exploitation',
    'route',
    'narrative',
    'lifecycle',
    'prosecution',
    'screening',
  ],
};

export function partsForPurposes(purposes: readonly ReferralPurpose[]): CasePart[] {
  return [...new Set(purposes.flatMap((p) => PARTS_FOR_PURPOSE[p]))].sort();
}

/** Who may send referrals and transfers for a case: the owner agency's casework roles. */
export const canReferCase = (actor: Actor, relation: CaseRelation) => canEditCase(actor, relation);

/** Who may accept, decline or complete a referral addressed to their agency. */
export function canRespondToReferral(actor: Actor, toAgencyId: string): boolean {
  return actor.agencyId === toAgencyId && (hasAny(actor, CASEWORK_ROLES) || actor.roles.includes('partner'));
}

/** Who may revoke a referral: the sending agency's casework roles. */
export function canRevokeReferral(actor: Actor, fromAgencyId: string): boolean {
  return actor.agencyId === fromAgencyId && hasAny(actor, CASE_EDIT_ROLES);
}

/** Services: the owner agency plans them; the providing agency updates their progress. */
export function canUpdateService(actor: Actor, relation: CaseRelation, providerAgencyId: string | null): boolean {
  return (
    canEditCase(actor, relation) ||
    (providerAgencyId === actor.agencyId &&
      (hasAny(actor, CASEWORK_ROLES) || actor.roles.includes('partner')) &&
      relation.grantedParts.includes('support_plan'))
  );
}

/** Notes: every reader of the case may add one; own-agency notes are read only within the author's agency. */
export function canReadNote(actor: Actor, note: { visibility: string; authorAgencyId: string }): boolean {
  return note.visibility === 'all_with_access' || note.authorAgencyId === actor.agencyId;
}

/** The parts of a case the caller may read; empty means the case is invisible (404). */
export function readableCaseParts(actor: Actor, relation: CaseRelation): Set<CasePart> {
  const reach = caseReach(actor);
  if (
    (reach.ownAgency && relation.ownerAgencyId === actor.agencyId) ||
    (reach.assignment && relation.assignedUserId === actor.userId)
  ) {
    return new Set(CASE_PARTS);
  }
  // A grant shows a case only with its identity part, as the SQL filter does: a grant never reveals
  // parts of a case its holder could not find in its own lists.
  if (reach.grants && relation.grantedParts.includes('identity')) {
    return new Set(relation.grantedParts.filter((p): p is CasePart => (CASE_PARTS as readonly string[]).includes(p)));
  }
  return new Set();
}

// ---------------------------------------------------------------------------------------------
// Teams (issue 12 §1): a supervisor assigns the agency's cases to named colleagues and sees their
// workload; a casework officer may take a case of its agency (assign it to themselves).

/** Assigning case `relation` to user `assigneeId` (null: nobody): its agency's supervisor, or an editor taking it. */
export function canAssignCase(actor: Actor, relation: CaseRelation, assigneeId: string | null): boolean {
  if (isSupervisor(actor) && relation.ownerAgencyId === actor.agencyId) return true;
  return (
    canEditCase(actor, relation) &&
    (assigneeId === actor.userId || (assigneeId === null && relation.assignedUserId === actor.userId))
  );
}

/** Whether a user may be given cases: an active member of the owner agency in a role that works cases. */
export function canBeAssignedCase(
  user: { agencyId: string; roles: readonly string[]; disabled: boolean },
  ownerAgencyId: string,
) {
  return (
    !user.disabled &&
    user.agencyId === ownerAgencyId &&
    user.roles.some((r) => (CASEWORK_ROLES as readonly string[]).includes(r) || r === 'supervisor')
  );
}

/** The team's workload, the colleagues one may assign to, the team's overdue work: the agency's supervisors. */
export function canSuperviseTeam(actor: Actor): boolean {
  return isSupervisor(actor);
}

/** Who is assigned a case is shown by name to colleagues of the owner agency only; others see that it is assigned. */
export function canSeeAssigneeName(actor: Actor, relation: { ownerAgencyId: string }): boolean {
  return relation.ownerAgencyId === actor.agencyId && mayReachCases(actor);
}

/**
 * Who is told of a referral sent to an agency (a notification): the users of that agency who may answer
 * it or watch the agency's referral boxes. Evaluated on each user of the receiving agency.
 */
export function receivesAgencyReferralNotices(user: Actor, toAgencyId: string): boolean {
  return user.agencyId === toAgencyId && canSeeAgencyReferrals(user);
}

/** Notifications are the caller's own: each is addressed to one user. */
export function canReadNotification(actor: Actor, notification: { userId: string }): boolean {
  return notification.userId === actor.userId;
}

export function canEditCase(actor: Actor, relation: CaseRelation): boolean {
  return hasAny(actor, CASE_EDIT_ROLES) && relation.ownerAgencyId === actor.agencyId;
}

export function canCreateCases(actor: Actor): boolean {
  return hasAny(actor, INTAKE_ROLES);
}

/** Persons are registered by the same roles that open cases. */
export const canCreatePersons = canCreateCases;

/** Who may read the access log of a case: auditors, and the owner agency's administrator (its supervisor). */
export function canReadCaseAccessLog(actor: Actor, relation: { ownerAgencyId: string }): boolean {
  return (
    actor.roles.includes('auditor') ||
    (actor.roles.includes('agency_admin') && actor.agencyId === relation.ownerAgencyId)
  );
}

/** An agency's referral inbox and outbox: its casework roles, and partners, who receive referrals; never analysts or auditors. */
export function canSeeAgencyReferrals(actor: Actor): boolean {
  const reach = caseReach(actor);
  return reach.ownAgency || reach.grants;
}

/** The parts of a person's record: who they are, how to reach them, their identity documents. */
export const PERSON_PARTS = ['identity', 'contact', 'identity_documents'] as const satisfies readonly CasePart[];
export type PersonPart = (typeof PERSON_PARTS)[number];

/** What the caller stands in relation to one person. */
export interface PersonRelation {
  /** The agency that registered the person (and owns their cases). */
  ownerAgencyId: string;
  /** Parts granted to the caller's agency by active grants on any of the person's cases. */
  grantedParts: readonly string[];
}

/**
 * The parts of a person the caller may read, by the same rule as a case: the owner agency's casework
 * roles see the whole record; anyone else sees only the parts granted to their agency (with identity).
 * Owning a case does not widen it: a grant never widens itself.
 */
export function readablePersonParts(actor: Actor, relation: PersonRelation): Set<PersonPart> {
  const reach = caseReach(actor);
  if (reach.ownAgency && relation.ownerAgencyId === actor.agencyId) return new Set(PERSON_PARTS);
  if (reach.grants && relation.grantedParts.includes('identity')) {
    return new Set(PERSON_PARTS.filter((p) => relation.grantedParts.includes(p)));
  }
  return new Set();
}

export function canEditPerson(actor: Actor, relation: { ownerAgencyId: string }): boolean {
  return hasAny(actor, CASE_EDIT_ROLES) && relation.ownerAgencyId === actor.agencyId;
}

/**
 * Opening a case on a person: only by the agency that registered them. Another agency that was
 * referred the person asks the owner to transfer the case instead.
 */
export function canOpenCaseOn(actor: Actor, person: { ownerAgencyId: string }): boolean {
  return canCreateCases(actor) && person.ownerAgencyId === actor.agencyId;
}

/** Whether the caller can reach any case at all (casework roles and partners); others get 404 on case routes. */
export function mayReachCases(actor: Actor): boolean {
  const reach = caseReach(actor);
  return reach.ownAgency || reach.assignment || reach.grants;
}

/** Border events and repatriation groups are run by the roles that register persons. */
export const canRunBorderEvents = canCreateCases;

/** The agency's own response-time figures: its casework roles. */
export function canReadAgencyKpis(actor: Actor): boolean {
  return caseReach(actor).ownAgency;
}

/** Trying answers against an indicator set (stateless, nothing stored): the roles that screen cases. */
export function canTryScreeningAnswers(actor: Actor): boolean {
  return hasAny(actor, CASE_EDIT_ROLES);
}

/** Everyone signed in: for data that is not personal (reference lists, agencies, indicator sets). */
export function anySignedInUser(_actor: Actor): boolean {
  return true;
}

/** One referral: the casework roles (and partners) of the sending or receiving agency; never analysts, auditors or admins. */
export function canReadReferral(actor: Actor, referral: { fromAgencyId: string; toAgencyId: string }): boolean {
  return (
    canSeeAgencyReferrals(actor) && (referral.fromAgencyId === actor.agencyId || referral.toAgencyId === actor.agencyId)
  );
}

/** A repatriation group: its agency's casework roles, or anyone who can see one of its cases (seeing only those). */
export function canReadRepatriationGroup(
  actor: Actor,
  group: { ownerAgencyId: string },
  visibleCases: number,
): boolean {
  return (caseReach(actor).ownAgency && group.ownerAgencyId === actor.agencyId) || visibleCases > 0;
}

/** A border screening event and its board: the casework roles of the agency that runs it. */
export function canReadBorderEvent(actor: Actor, event: { ownerAgencyId: string }): boolean {
  return caseReach(actor).ownAgency && event.ownerAgencyId === actor.agencyId;
}

/** Registering returnees at a border event: the registering roles of the agency that runs it. */
export function canRegisterAtBorderEvent(actor: Actor, event: { ownerAgencyId: string }): boolean {
  return canRunBorderEvents(actor) && event.ownerAgencyId === actor.agencyId;
}

/** Who takes each step of the lifecycle. Identification decides victim status: only investigators make it. */
const TRANSITION_DECIDERS: Partial<Record<CaseStatus, readonly Role[]>> = {
  under_verification: ['intake_officer', 'investigator', 'health_screener'],
  identified_victim: ['investigator'],
  not_victim: ['investigator'],
  in_support: ['caseworker', 'investigator'],
  closed: ['investigator', 'caseworker', 'intake_officer', 'hotline_operator'],
};

export type TransitionCheck = { ok: true } | { ok: false; reason: 'illegal' | 'role' };

/** Whether roles allow the step `from` → `to` (illegal steps are illegal whoever asks). */
export function checkTransition(from: CaseStatus, to: CaseStatus, roles: readonly Role[]): TransitionCheck {
  if (!nextStatuses(from).includes(to)) return { ok: false, reason: 'illegal' };
  const allowed = TRANSITION_DECIDERS[to] ?? [];
  return roles.some((r) => allowed.includes(r)) ? { ok: true } : { ok: false, reason: 'role' };
}

/** The steps this caller may take on this case now: none unless the case is theirs to change. */
export function allowedTransitions(actor: Actor, relation: CaseRelation, from: CaseStatus): CaseStatus[] {
  if (!canEditCase(actor, relation)) return [];
  return nextStatuses(from).filter((to) => checkTransition(from, to, actor.roles).ok);
}

/** What the caller may do with one case: the server computes it, the web app shows actions from it. */
export interface CaseCapabilities {
  edit: boolean;
  /** The lifecycle steps the caller may take now. */
  transitions: CaseStatus[];
  refer: boolean;
  transfer: boolean;
  screen: boolean;
  recordConsent: boolean;
  /** Withdrawal takes effect even on a closed case: the person may withdraw at any time. */
  withdrawConsent: boolean;
  planSupport: boolean;
  scheduleFollowUps: boolean;
  recordRepatriation: boolean;
  addNotes: boolean;
  /** Attach files to the case and its consents (issue 12 §3). */
  attachFiles: boolean;
  readNotes: boolean;
  readConsents: boolean;
  readScreenings: boolean;
  readSupportPlan: boolean;
  readRepatriation: boolean;
  readHistory: boolean;
  readAccessLog: boolean;
  /** Assign the case to a named colleague (supervisors of the owner agency). */
  assign: boolean;
  /** Take the case oneself (an editor of the owner agency not yet assigned). */
  assignToSelf: boolean;
}

export function caseCapabilities(
  actor: Actor,
  relation: CaseRelation,
  parts: ReadonlySet<CasePart>,
  status: CaseStatus,
): CaseCapabilities {
  const edit = canEditCase(actor, relation);
  const open = status !== 'closed';
  return {
    edit: edit && open,
    transitions: allowedTransitions(actor, relation, status),
    refer: canReferCase(actor, relation) && open,
    transfer: canReferCase(actor, relation) && open,
    screen: edit && open,
    recordConsent: edit && open,
    withdrawConsent: edit,
    planSupport: edit && open,
    scheduleFollowUps: edit && open,
    recordRepatriation: edit && open,
    addNotes: parts.has('identity') && open,
    attachFiles: canAttachTo(actor, relation),
    readNotes: parts.has('identity'),
    readConsents: parts.has('identity'),
    readScreenings: parts.has('screening'),
    readSupportPlan: parts.has('support_plan'),
    readRepatriation: parts.has('route'),
    readHistory: parts.has('lifecycle'),
    readAccessLog: canReadCaseAccessLog(actor, relation),
    assign: open && isSupervisor(actor) && relation.ownerAgencyId === actor.agencyId,
    assignToSelf: open && relation.assignedUserId !== actor.userId && canAssignCase(actor, relation, actor.userId),
  };
}

/** What the caller may do with one person. */
export interface PersonCapabilities {
  edit: boolean;
  openCase: boolean;
  readContact: boolean;
  readDocuments: boolean;
}

export function personCapabilities(
  actor: Actor,
  relation: PersonRelation,
  parts: ReadonlySet<PersonPart>,
): PersonCapabilities {
  return {
    edit: canEditPerson(actor, relation),
    openCase: canOpenCaseOn(actor, relation),
    readContact: parts.has('contact'),
    readDocuments: parts.has('identity_documents'),
  };
}

/** What the caller may do with one service: the owner plans its terms; the provider reports its progress. */
export function serviceCapabilities(actor: Actor, relation: CaseRelation, providerAgencyId: string | null) {
  return { update: canUpdateService(actor, relation, providerAgencyId), changeTerms: canEditCase(actor, relation) };
}

/** Which side of a referral the caller's agency is on, if either. */
export function referralSide(actor: Actor, referral: { fromAgencyId: string; toAgencyId: string }) {
  if (referral.toAgencyId === actor.agencyId) return 'receiver' as const;
  if (referral.fromAgencyId === actor.agencyId) return 'sender' as const;
  return null;
}

/** What the caller may do with one referral now, by its side and the referral's state. */
export function referralCapabilities(
  actor: Actor,
  referral: { fromAgencyId: string; toAgencyId: string; status: ReferralStatus },
) {
  const respond = canRespondToReferral(actor, referral.toAgencyId);
  const revoke = canRevokeReferral(actor, referral.fromAgencyId);
  return {
    accept: respond && nextReferralStatus(referral.status, 'accept') !== null,
    decline: respond && nextReferralStatus(referral.status, 'decline') !== null,
    complete: respond && nextReferralStatus(referral.status, 'complete') !== null,
    revoke: revoke && nextReferralStatus(referral.status, 'revoke') !== null,
    attach: revoke || (respond && referral.status === 'accepted'),
  };
}

/**
 * A background job's progress and result (never personal data): the user who started it, while in the
 * same agency; and an import's job (its agency is the import's, not the starter's) whoever may import for
 * that agency — as they may cancel it — so a steward importing for an agency can follow its progress bar.
 */
export function canReadJob(actor: Actor, job: { kind?: string; createdBy: string; agencyId: string }): boolean {
  if (job.createdBy === actor.userId && job.agencyId === actor.agencyId) return true;
  return job.kind !== undefined && IMPORT_JOB_KINDS.includes(job.kind) && canImportFor(actor, job.agencyId);
}

// ---------------------------------------------------------------------------------------------
// Record linkage (issue 10 §2–3): the data stewards (a national role) review candidate pairs and see
// only the pair record (names, sex, birth, province, last characters of ID and phone, agency); they
// never open persons, cases, contact details or documents. Merges stay within one agency.

/** The steward's queue, decisions, full runs and contact requests: data stewards only. */
export function canReviewPairs(actor: Actor): boolean {
  return actor.roles.includes('data_steward');
}

/** A full linkage run over the registry: data stewards. */
export const canRunLinkage = canReviewPairs;

/** Contact requests from agencies: the stewards who put agencies in touch. */
export const canListContactRequests = canReviewPairs;

/**
 * The linkage overview (exact counts of records, clusters and pairs, for the work of reconciling them): data
 * stewards. Analysts count persons through statistics (issue 11), where no small count is ever released.
 */
export function canReadLinkageSummary(actor: Actor): boolean {
  return actor.roles.includes('data_steward');
}

/** "This person may already be registered": asked by the roles that register persons. */
export const canCheckRegistration = canCreateCases;

/** Whether the caller may open a person (see its id and name in a registration check or a linkage history). */
export function canOpenPerson(actor: Actor, relation: PersonRelation): boolean {
  return readablePersonParts(actor, relation).has('identity');
}

/** Whether two records belong to one agency (then a confirmed pair is merged; otherwise it is only linked). */
export function recordsOfOneAgency(a: { ownerAgencyId: string }, b: { ownerAgencyId: string }): boolean {
  return a.ownerAgencyId === b.ownerAgencyId;
}

/**
 * Merging two persons (and undoing it): both of one agency, by that agency's roles that edit persons,
 * or by a data steward. Never across agencies: there a confirmed pair is a link, not a merge.
 */
export function canMergePersons(actor: Actor, a: { ownerAgencyId: string }, b: { ownerAgencyId: string }): boolean {
  if (!recordsOfOneAgency(a, b)) return false;
  return actor.roles.includes('data_steward') || canEditPerson(actor, a);
}

/** The linkage view of a person (known to other agencies? merges and links): whoever may open the person. */
export const canReadPersonLinkage = canOpenPerson;

/** Asking the stewards to put agencies in touch about a person: the owner agency's roles that edit persons. */
export function canRequestContact(actor: Actor, relation: { ownerAgencyId: string }): boolean {
  return canEditPerson(actor, relation);
}

// ---- Imports of agencies' existing records (issue 10 §1) ----
//
// Who imports an agency's records: that agency's agency_admin (it answers for the
// agency's data and its users), and a data_steward (the national data unit) for any
// agency. Casework roles do not: an import writes thousands of persons at once, and its
// dry run shows every row. Imports of an agency are invisible (404) to everyone else.

/** The caller may import records at all (the routes' gate). */
export function mayImport(actor: Actor): boolean {
  return actor.roles.includes('data_steward') || actor.roles.includes('agency_admin');
}

/** The caller may import records for the agency `agencyId`, and read, remap, commit and cancel its imports. */
export function canImportFor(actor: Actor, agencyId: string): boolean {
  return actor.roles.includes('data_steward') || (actor.roles.includes('agency_admin') && actor.agencyId === agencyId);
}

/** Kinds of job that belong to imports: whoever may import for the job's agency may cancel them. */
const IMPORT_JOB_KINDS: readonly string[] = ['consolidation.preview', 'consolidation.import'];

/** Cancelling a background job: the user who started it, and for an import, whoever may import for its agency. */
export function canCancelJob(actor: Actor, job: { kind: string; createdBy: string; agencyId: string }): boolean {
  return canReadJob(actor, job) || (IMPORT_JOB_KINDS.includes(job.kind) && canImportFor(actor, job.agencyId));
}

// ---------------------------------------------------------------------------------------------
// Statistics (issue 11): analysts and partners receive controlled outputs only (tables that
// passed disclosure control, the k-anonymous HTCDS export, the national report), never a person
// or a case; their counts are national, since no output they get can single anyone out.

/** Indicators, tables, the caller's privacy budget and the national report: analysts and partners. */
export function canReadStatistics(actor: Actor): boolean {
  return actor.roles.includes('analyst') || actor.roles.includes('partner');
}

/** The record-level HTCDS export (k-anonymous, consented persons only): analysts. */
export function canExportMicrodata(actor: Actor): boolean {
  return actor.roles.includes('analyst');
}

/** Rebuilding the figures now rather than at the next scheduled refresh: analysts and data stewards. */
export function canRefreshStatistics(actor: Actor): boolean {
  return actor.roles.includes('analyst') || actor.roles.includes('data_steward');
}

/** A released table, an export or a report file is given again only to whoever it was released to. */
export function canReadOwnRelease(actor: Actor, release: { userId: string }): boolean {
  return canReadStatistics(actor) && release.userId === actor.userId;
}

// ---------------------------------------------------------------------------------------------
// Attachments (issue 12 §3): files on a case, one of its consents or a referral. A file belongs to a
// part of the case and is read by those who read that part; a referral's files only by the owner
// agency and the two agencies of that referral.

/** Who may attach a file: the owner agency's casework roles; for a referral also its receiving agency, once it reads the case. */
export function canAttachTo(
  actor: Actor,
  relation: CaseRelation,
  referral: { fromAgencyId: string; toAgencyId: string } | null = null,
): boolean {
  if (canEditCase(actor, relation)) return true;
  return (
    referral !== null &&
    canRespondToReferral(actor, referral.toAgencyId) &&
    readableCaseParts(actor, relation).has('identity')
  );
}

/** Who may list and download an attachment: the readers of its part of the case (a referral's: only that referral's agencies). */
export function canReadAttachment(
  actor: Actor,
  relation: CaseRelation,
  attachment: { part: string; referral: { fromAgencyId: string; toAgencyId: string } | null },
): boolean {
  const parts: ReadonlySet<string> = readableCaseParts(actor, relation);
  if (!parts.has(attachment.part)) return false;
  if (!attachment.referral) return true;
  return relation.ownerAgencyId === actor.agencyId || referralSide(actor, attachment.referral) !== null;
}

/** Who may remove an attachment: the owner agency's casework roles, or its uploader while they may still read it. */
export function canDeleteAttachment(
  actor: Actor,
  relation: CaseRelation,
  attachment: { part: string; uploadedBy: string; referral: { fromAgencyId: string; toAgencyId: string } | null },
): boolean {
  return (
    canEditCase(actor, relation) ||
    (attachment.uploadedBy === actor.userId && canReadAttachment(actor, relation, attachment))
  );
}
