// The hotline's desk (issue 14 §2): the code lists of phone intake and triage, and the service-level
// timers of the queue. Pure and shared by the server and the web app, so that both call the same report
// late at the same minute. Codes are part of the API contract: never rename one.
import type { AgencyKind } from './codes.js';
import type { PublicReportStatus } from './public-reports.js';

/** Who called the hotline. */
export const CALLER_KINDS = ['victim', 'family', 'witness', 'anonymous'] as const;
export type CallerKind = (typeof CALLER_KINDS)[number];

/**
 * Signs of trafficking an operator notes during a call: a short fixed list drawn from the ILO operational
 * indicators (the screening sets' items are too many and too fine for a phone call).
 */
export const CALL_INDICATORS = [
  'deceptive_job_offer',
  'documents_confiscated',
  'movement_restricted',
  'debt_bondage',
  'threats_or_violence',
  'unpaid_wages',
  'forced_criminality',
  'sexual_exploitation',
  'isolation',
] as const;
export type CallIndicator = (typeof CALL_INDICATORS)[number];

/** Where a report came in. */
export const REPORT_CHANNELS = ['web', 'phone'] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];

/** How triage ended a report (public_report.triage_outcome). */
export const TRIAGE_OUTCOMES = ['escalated', 'linked', 'duplicate', 'spam', 'not_trafficking'] as const;
export type TriageOutcome = (typeof TRIAGE_OUTCOMES)[number];

/** The outcomes that close a report without a case, each with a reason. */
export const CLOSING_OUTCOMES = ['duplicate', 'spam', 'not_trafficking'] as const;
export type ClosingOutcome = (typeof CLOSING_OUTCOMES)[number];

/** The steps of a report's triage history. */
export const TRIAGE_EVENTS = [
  'call_recorded',
  'assigned',
  'unassigned',
  'asked',
  'linked',
  'duplicate',
  'spam',
  'not_trafficking',
  'escalated',
] as const;
export type TriageEvent = (typeof TRIAGE_EVENTS)[number];

/** The competent agencies a report is escalated to, per Law 53/2024 (police, border guard, coast guard, commune). */
export const ESCALATION_AGENCY_KINDS = [
  'police',
  'border_guard',
  'coast_guard',
  'commune',
] as const satisfies readonly AgencyKind[];

/** Whether an agency of this kind may receive an escalated report. */
export function isEscalationAgencyKind(kind: string): boolean {
  return (ESCALATION_AGENCY_KINDS as readonly string[]).includes(kind);
}

/** The statuses of the queue's filter: open (still to triage), closed (passed on or closed), all. */
export const QUEUE_STATUSES = ['open', 'closed', 'all'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];
export const OPEN_REPORT_STATUSES = ['received', 'under_review'] as const satisfies readonly PublicReportStatus[];
export const DONE_REPORT_STATUSES = ['passed_to_authority', 'closed'] as const satisfies readonly PublicReportStatus[];

/** The queue's assignment filter. */
export const QUEUE_ASSIGNED = ['any', 'me', 'unassigned'] as const;
export type QueueAssigned = (typeof QUEUE_ASSIGNED)[number];

/** The status the reporter sees once triage ended the report this way. */
export function statusAfter(outcome: TriageOutcome): PublicReportStatus {
  return outcome === 'escalated' || outcome === 'linked' ? 'passed_to_authority' : 'closed';
}

/**
 * Service levels of the queue: a report of someone in danger now should be taken up within 15 minutes,
 * any other within 24 hours. Past that, the queue shows it as late.
 */
export const REPORT_SLA_MINUTES = { immediateDanger: 15, other: 24 * 60 } as const;

/** The minutes a report may wait before it is late. */
export function slaMinutes(report: { immediateDanger: boolean }): number {
  return report.immediateDanger ? REPORT_SLA_MINUTES.immediateDanger : REPORT_SLA_MINUTES.other;
}

/** Whether an open report has waited longer than its service level allows. */
export function isLate(report: { immediateDanger: boolean; status: PublicReportStatus }, minutesWaiting: number) {
  return (OPEN_REPORT_STATUSES as readonly string[]).includes(report.status) && minutesWaiting > slaMinutes(report);
}

/** Whole minutes between two instants (never negative): the queue's timers. */
export function minutesBetween(from: string | Date, to: string | Date): number {
  return Math.max(0, Math.floor((new Date(to).getTime() - new Date(from).getTime()) / 60_000));
}
