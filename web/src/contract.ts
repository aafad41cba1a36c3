// The parts of the server's contract (src/contract) that the web app runs: code
// lists, the calendar day, age and minority, and the choice of an indicator set.
// One definition for the server and the web: a new code or a changed rule reaches
// both. Only pure modules are imported here (no zod, no reference data), so the
// bundle stays small (the code lists' labels, ./reference/labels, are plain tables); the API's types come from the schemas as types (./types.ts).
export {
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  NOTE_VISIBILITIES,
  REFERRAL_PURPOSES,
  RISK_FACTORS,
  RISK_LEVELS,
  SERVICE_STATUSES,
  SERVICE_TYPES,
  SPOKEN_LANGUAGES,
  type ExploitationType,
  type Language,
} from '../../src/contract/codes';
export { addDays, isTimeZone, setCalendarZone, today } from '../../src/contract/calendar';
export { ageInYears, isMinor } from '../../src/contract/age';
export { REFERRAL_STATUSES, type ReferralStatusCause } from '../../src/contract/referral-rules';
export { ANSWERS, SET_IDS, derivePopulation, type Answer, type SetId } from '../../src/contract/screening';
export { LABELS, type LabelList } from '../../src/contract/reference/labels';
export {
  CASE_AGE_BANDS,
  NOTIFICATION_KINDS,
  VERIFICATION_DUE_SOON_DAYS,
  type CaseSortKey,
} from '../../src/contract/teams';
export {
  dimensionLabel,
  indicatorDescription,
  indicatorLabel,
  periodValueLabel,
  statisticsValueLabel,
  type PlaceNames,
} from '../../src/contract/statistics-labels';
export { ATTACHMENT_PARTS, ATTACHMENT_TYPES, type AttachmentPart } from '../../src/contract/attachments';
export { AUDIT_ACTION_LABELS, auditActionLabel } from '../../src/contract/audit-actions';
export { FOLLOW_UP_OUTCOMES } from '../../src/contract/codes';
export {
  AUTHORITY_KINDS,
  AUTHORITY_LEVELS,
  CHARGE_OUTCOMES,
  COURT_SIDE_STEPS,
  HEARING_KINDS,
  IDENTIFIER_KINDS,
  INFORMATION_REQUEST_STATUSES,
  PENAL_CODE_ARTICLE_LABELS,
  PENAL_CODE_ARTICLES,
  PROCEEDING_LABELS,
  PROTECTION_MEASURES,
  SENTENCE_KINDS,
  VERDICT_INSTANCES,
  VERDICT_OUTCOMES,
  WITNESS_STATUSES,
  type IdentifierKind,
  type InformationRequestStatus,
  type ProceedingKind,
} from '../../src/contract/prosecution';
export { nextSteps, type StepRefusalReason } from '../../src/contract/proceedings-rules';
export { POSTER_SIZES, SITE_CODE, SITE_KINDS, type PosterSize, type SiteKind } from '../../src/contract/sites';
// The hotline's desk (issue 14 §2): its code lists and the queue's service levels, as the server counts them.
export {
  CALL_INDICATORS,
  CALLER_KINDS,
  CLOSING_OUTCOMES,
  QUEUE_ASSIGNED,
  QUEUE_STATUSES,
  REPORT_CHANNELS,
  REPORT_SLA_MINUTES,
  isLate,
  minutesBetween,
  type ClosingOutcome,
} from '../../src/contract/triage';
export {
  COMMON_DESTINATIONS,
  PUBLIC_REPORT_ANSWERS,
  PUBLIC_REPORT_LIMITS,
  PUBLIC_REPORT_RECRUITMENT,
} from '../../src/contract/public-reports';
// The network, suspects and organisations (issue 13 §1, §3): the code lists their forms and filters offer.
export {
  CASE_ORGANISATION_ROLES,
  INTELLIGENCE_SOURCES,
  ORGANISATION_KINDS,
  SUSPECT_CASE_ROLES,
  SUSPECT_ORGANISATION_ROLES,
  SUSPECT_RELATIONS,
} from '../../src/contract/prosecution';
