// Shapes of the API's JSON as the app uses them (see GET /api/v1/openapi.json).

export type Language = 'vi' | 'en' | 'fr';

export interface Me {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  agencyId: string;
  language: string;
  stage: 'full' | 'mfa_pending' | 'mfa_enrolment' | 'password_change';
  totpEnabled: boolean;
  version: number;
}

export interface LoginResult {
  token: string;
  user: { id: string; email: string; roles: string[]; agencyId: string };
  mfaRequired: boolean;
  mfaEnrolmentRequired: boolean;
  passwordChangeRequired: boolean;
}

/** POST /auth/password: the session is full; the caller's other sessions were ended. */
export interface PasswordChanged {
  stage: 'full';
  endedSessions: number;
}

export interface CodeLabel {
  code: string;
  label: string;
}
export interface Reference {
  exploitationTypes: CodeLabel[];
  recruitmentChannels: CodeLabel[];
  caseSources: CodeLabel[];
  agencyKinds: CodeLabel[];
  roles: CodeLabel[];
  sexes: CodeLabel[];
  identityDocumentTypes: CodeLabel[];
  caseStatuses: CodeLabel[];
  provinces: { code: string; name: string; absorbed: string[] }[];
  countries: { code: string; name: string }[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CaseListItem {
  id: string;
  reference: string;
  personId: string;
  personName: string;
  status: string;
  exploitationTypes: string[];
  destinationCountry: string | null;
  ownerAgencyId: string;
  assignedUserId: string | null;
  verificationDueAt: string | null;
  verificationOverdue: boolean;
  createdAt: string;
}

export interface HistoryEntry {
  from: string;
  to: string;
  reason: string;
  actorId: string;
  actorName: string;
  actorAgency: string;
  at: string;
}

export interface CaseView {
  id: string;
  reference: string;
  personId: string;
  person?: {
    id: string;
    displayName: string;
    sex: string;
    ageYears: number | null;
    isMinor: boolean | null;
    citizenship: string;
  };
  ownerAgencyId: string;
  assignedUserId: string | null;
  status: string;
  allowedTransitions: string[];
  exploitationTypes?: string[];
  recruitment?: { channels: string[]; date: string | null };
  route?: { originProvince: string | null; transitCountries: string[]; destinationCountry: string | null };
  keyDates?: { exploitationStart: string | null; exit: string | null; return: string | null };
  reachedVia: string;
  narrative?: string | null;
  verificationDueAt: string | null;
  verificationOverdue: boolean;
  closureReason: string | null;
  history?: HistoryEntry[];
  visibleParts: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface PersonView {
  id: string;
  ownerAgencyId: string;
  familyName: string | null;
  middleName: string | null;
  givenName: string | null;
  displayName: string;
  aliases: string[];
  sex: string;
  dateOfBirth: string | null;
  estimatedAgeYears: number | null;
  ageEstimatedOn: string | null;
  ageYears: number | null;
  isMinor: boolean | null;
  citizenship: string;
  languages: string[];
  identityDocuments?: { type: string; number: string; issuingCountry: string | null }[];
  contact?: { phone?: string; email?: string; address?: string; messaging?: string; notes?: string } | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Referral {
  id: string;
  kind: 'referral' | 'transfer';
  caseId: string;
  caseReference: string;
  fromAgency: string;
  toAgency: string;
  purposes: string[];
  services: string[];
  note: string | null;
  dueDate: string;
  status: string;
  statusReason: string | null;
  overdue: boolean;
  person: { sex: string; ageYears: number | null; isMinor: boolean | null };
  createdAt: string;
  respondedAt: string | null;
  version: number;
}

export interface Consent {
  id: string;
  caseId: string;
  purpose: string;
  agency: string | null;
  agencyKind: string | null;
  method: string;
  givenBy: string;
  witness: string | null;
  recordedBy: string;
  recordedAt: string;
  active: boolean;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
}

export interface Service {
  id: string;
  caseId: string;
  type: string;
  providerAgency: string | null;
  status: string;
  plannedDate: string | null;
  startDate: string | null;
  endDate: string | null;
  amountVnd: number | null;
  notes: string | null;
  version: number;
  createdAt: string;
}

export interface SupportPlan {
  caseId: string;
  riskLevel: string;
  riskFactors: string[];
  riskNotes: string | null;
  goals: string | null;
  version: number;
  updatedAt: string | null;
}

export interface Note {
  id: string;
  caseId: string;
  authorId: string;
  authorName: string;
  authorAgency: string;
  visibility: string;
  body: string;
  createdAt: string;
}

export interface AccessLogEntry {
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  agencyCode: string | null;
  action: string;
  recordType: string | null;
  outcome: string;
  clientIp: string | null;
}

export interface Agency {
  id: string;
  code: string;
  name: string;
  kind: string;
  province: string | null;
  disabled: boolean;
}
export interface User {
  id: string;
  email: string;
  displayName: string;
  agencyId: string;
  roles: string[];
  language: string;
  disabled: boolean;
  totpEnabled: boolean;
  version: number;
}

export interface AuditEvent {
  id: number;
  seq: number | null;
  at: string;
  actorId: string | null;
  actorAgencyId: string | null;
  action: string;
  recordType: string | null;
  recordId: string | null;
  outcome: string;
  clientIp: string | null;
  details: Record<string, unknown> | null;
}

export interface WorkQueues {
  overdueVerifications: { caseId: string; reference: string; status: string; dueAt: string }[];
  referralsPastDue: { referralId: string; kind: string; caseReference: string; fromAgency: string; dueDate: string }[];
  servicesNotStarted: { serviceId: string; caseId: string; caseReference: string; type: string; plannedDate: string }[];
  screeningsToFinish: ScreeningToFinish[];
}

export interface ScreeningToFinish {
  kind: 'draft' | 'unscreened';
  caseId: string;
  caseReference: string;
  screeningId: string | null;
  eventId: string | null;
  since: string;
}

export interface BorderEventSummary {
  id: string;
  borderGate: string;
  date: string;
  countryFrom: string;
  expectedCount: number | null;
  registered: number;
}

export interface BorderEventBoard {
  id: string;
  borderGate: string;
  date: string;
  countryFrom: string;
  expectedCount: number | null;
  agencies: string[];
  counts: {
    registered: number;
    screened: number;
    unscreened: number;
    presumed_victim: number;
    possible_victim: number;
    no_indicators_met: number;
  };
  healthFlags: Record<string, number>;
  people: {
    row: number;
    caseId: string;
    reference: string;
    name: string;
    sex: string;
    ageYears: number | null;
    isMinor: boolean | null;
    caseStatus: string;
    outcome: string | null;
    healthFlags: string[];
    referralNeeded: boolean;
  }[];
  unscreened: string[];
  referralsNeeded: string[];
}

export interface RowError {
  row: number;
  field: string;
  message: string;
}

/** A background job (GET /jobs/:id): progress while it runs, then its result or error. */
export interface Job {
  id: string;
  kind: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: { done: number; total: number };
  result: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
}
