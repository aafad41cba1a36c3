// Shapes of the API's JSON, inferred from the server's own schemas in src/contract
// (the ones that validate requests, check answers and make GET /api/v1/openapi.json):
// the web app cannot drift from the API. Type-only imports: nothing of zod or of the
// schemas reaches the bundle.
import type { z } from 'zod';
import type {
  agencySchema,
  auditEventSchema,
  loginResponseSchema,
  meSchema,
  passwordChangedSchema,
  totpEnrolmentSchema,
  userSchema,
  resetCodeIssuedSchema,
} from '../../src/contract/schemas/access';
import type {
  closureCheckSchema,
  consentSchema,
  consentWithdrawnSchema,
  followUpSchema,
  noteSchema,
  referralSchema,
  repatriationSchema,
  serviceSchema,
  supportPlanSchema,
} from '../../src/contract/schemas/assistance';
import type { importListSchema, importSchema } from '../../src/contract/schemas/consolidation';
import type { jobSchema } from '../../src/contract/schemas/jobs';
import type {
  candidatePairSchema,
  linkageSummarySchema,
  personLinkageSchema,
  contactRequestListSchema,
  personMergeSchema,
  registrationCheckSchema,
} from '../../src/contract/schemas/linkage';
import type { referenceDataSchema } from '../../src/contract/schemas/reference';
import type { siteFiguresSchema, siteSchema } from '../../src/contract/schemas/sites';
import type {
  caseLookupSchema,
  escalationAgencySchema,
  operatorSchema,
  queueSchema,
  reportViewSchema,
} from '../../src/contract/schemas/triage';
import type { prosecutionFileSchema } from '../../src/contract/schemas/prosecution-file';
import type {
  caseIdentifierListSchema,
  identifierSchema,
  informationRequestSchema,
} from '../../src/contract/schemas/prosecution';
import type {
  caseAccessLogEntrySchema,
  caseListItemSchema,
  caseSchema,
  personSchema,
} from '../../src/contract/schemas/registry';
import type {
  borderEventBoardSchema,
  borderEventSummarySchema,
  classificationSchema,
  healthTriageSchema,
  localisedSetSchema,
  rosterAcceptedSchema,
  screeningSchema,
} from '../../src/contract/schemas/screening';
import type {
  indicatorListSchema,
  privacyBudgetSchema,
  statisticsStatusSchema,
  statisticsTableSchema,
} from '../../src/contract/schemas/statistics';
import type {
  screeningToFinishSchema,
  teamWorkloadSchema,
  workKpisSchema,
  workQueuesSchema,
} from '../../src/contract/schemas/work';
import type { notificationPageSchema, notificationSchema } from '../../src/contract/schemas/notifications';
import type {
  attachmentSchema,
  rosterDryRunSchema,
  rosterDuplicateSchema,
  rosterUploadedSchema,
} from '../../src/contract/schemas/dataio';
import type { repatriationGroupSchema } from '../../src/contract/schemas/assistance';

export type { Language } from '../../src/contract/codes';

export type Me = z.infer<typeof meSchema>;
export type LoginResult = z.infer<typeof loginResponseSchema>;
export type PasswordChanged = z.infer<typeof passwordChangedSchema>;
export type TotpEnrolment = z.infer<typeof totpEnrolmentSchema>;
export type ResetCodeIssued = z.infer<typeof resetCodeIssuedSchema>;
export type Agency = z.infer<typeof agencySchema>;
export type User = z.infer<typeof userSchema>;
export type AuditEvent = z.infer<typeof auditEventSchema>;

export type Reference = z.infer<typeof referenceDataSchema>;
export type CodeLabel = Reference['caseStatuses'][number];

/** A page of a list that pages with a cursor. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type CaseListItem = z.infer<typeof caseListItemSchema>;
export type CaseView = z.infer<typeof caseSchema>;
export type CaseCapabilities = CaseView['can'];
export type PersonView = z.infer<typeof personSchema>;
export type AccessLogEntry = z.infer<typeof caseAccessLogEntrySchema>;

export type Referral = z.infer<typeof referralSchema>;
export type Consent = z.infer<typeof consentSchema>;
export type ConsentWithdrawn = z.infer<typeof consentWithdrawnSchema>;
export type Service = z.infer<typeof serviceSchema>;
export type SupportPlan = z.infer<typeof supportPlanSchema>;
export type Note = z.infer<typeof noteSchema>;
export type FollowUp = z.infer<typeof followUpSchema>;
export type Repatriation = z.infer<typeof repatriationSchema>;
export type ClosureCheck = z.infer<typeof closureCheckSchema>;

export type WorkQueues = z.infer<typeof workQueuesSchema>;
export type ScreeningToFinish = z.infer<typeof screeningToFinishSchema>;
export type TeamWorkload = z.infer<typeof teamWorkloadSchema>;
export type Notification = z.infer<typeof notificationSchema>;
export type NotificationPage = z.infer<typeof notificationPageSchema>;
/** GET /cases: a page of the case list with how many cases match. */
export type CaseListPage = Page<CaseListItem> & { total: number | null };

export type IndicatorSet = z.infer<typeof localisedSetSchema>;
export type HealthTriage = z.infer<typeof healthTriageSchema>;
export type Classification = z.infer<typeof classificationSchema>;
export type Screening = z.infer<typeof screeningSchema>;
export type BorderEventSummary = z.infer<typeof borderEventSummarySchema>;
export type BorderEventBoard = z.infer<typeof borderEventBoardSchema>;
export type RosterAccepted = z.infer<typeof rosterAcceptedSchema>;
export type Job = z.infer<typeof jobSchema>;

export type Import = z.infer<typeof importSchema>;
export type ImportListItem = z.infer<typeof importListSchema>['items'][number];
export type ImportedPerson = Import['preview'][number]['person'];
export type CandidatePair = z.infer<typeof candidatePairSchema>;
export type PairRecord = CandidatePair['a'];
export type LinkageSummary = z.infer<typeof linkageSummarySchema>;
export type RegistrationCheck = z.infer<typeof registrationCheckSchema>;
export type PersonMerge = z.infer<typeof personMergeSchema>;
export type PersonLinkage = z.infer<typeof personLinkageSchema>;
export type ContactRequestList = z.infer<typeof contactRequestListSchema>;

export type StatisticsTable = z.infer<typeof statisticsTableSchema>;
export type StatisticsCell = StatisticsTable['total'];
export type IndicatorList = z.infer<typeof indicatorListSchema>;
export type PrivacyBudget = z.infer<typeof privacyBudgetSchema>;
export type StatisticsStatus = z.infer<typeof statisticsStatusSchema>;

/** A roster row the server refused (problem.rowErrors of a 400 on a roster or the returnee form). */
export interface RowError {
  row: number;
  field: string;
  message: string;
}

// Data in and out (issue 12 §3): attachments and the roster's duplicate check.
export type Attachment = z.infer<typeof attachmentSchema>;
export type RosterDryRun = z.infer<typeof rosterDryRunSchema>;
export type RosterUploaded = z.infer<typeof rosterUploadedSchema>;
export type RosterDuplicate = z.infer<typeof rosterDuplicateSchema>;
// Issue 12 §4: the casework screens (repatriation groups, the agency's response times).
export type RepatriationGroup = z.infer<typeof repatriationGroupSchema>;
export type WorkKpis = z.infer<typeof workKpisSchema>;

export type ProsecutionFile = z.infer<typeof prosecutionFileSchema>;

// Issue 13 §1–§2: identifiers on a case, their hits across agencies, and information requests.
export type Identifier = z.infer<typeof identifierSchema>;
export type IdentifierHit = Identifier['hits'][number];
export type CaseIdentifierList = z.infer<typeof caseIdentifierListSchema>;
export type InformationRequest = z.infer<typeof informationRequestSchema>;
// Campaign sites (issue 14 §3).
export type Site = z.infer<typeof siteSchema>;
export type SiteFigures = z.infer<typeof siteFiguresSchema>;
// The hotline's desk (issue 14 §2).
export type ReportQueue = z.infer<typeof queueSchema>;
export type ReportQueueItem = ReportQueue['items'][number];
export type ReportView = z.infer<typeof reportViewSchema>;
export type EscalationAgency = z.infer<typeof escalationAgencySchema>;
export type HotlineOperator = z.infer<typeof operatorSchema>;
export type CaseLookup = z.infer<typeof caseLookupSchema>;
