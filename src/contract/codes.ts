// The fixed code lists of the registry. Codes are part of the API contract
// (issue 2): other tools and agencies depend on them, so never rename one.

export const AGENCY_KINDS = [
  'police',
  'border_guard',
  'coast_guard',
  'commune',
  'health',
  'social_services',
  'shelter',
  'ngo',
  'international_org',
  'procuracy',
  'court',
  'ministry',
  'hotline',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const ROLES = [
  'system_admin',
  'agency_admin',
  'intake_officer',
  'investigator',
  'caseworker',
  'health_screener',
  'hotline_operator',
  'prosecutor',
  'partner',
  'analyst',
  'auditor',
  'data_steward',
  // A team lead (issue 12): sees the agency's cases and queues, assigns cases to colleagues, sees workloads.
  'supervisor',
] as const;
export type Role = (typeof ROLES)[number];

export const LANGUAGES = ['vi', 'en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export const EXPLOITATION_TYPES = [
  'forced_labour',
  'sexual_exploitation',
  'forced_criminality',
  'organ_removal',
  'fetus_or_baby_trafficking',
  'forced_marriage',
  'domestic_servitude',
  'begging',
  'child_exploitation',
  'other',
] as const;
export type ExploitationType = (typeof EXPLOITATION_TYPES)[number];

export const RECRUITMENT_CHANNELS = [
  'online_job_ad',
  'social_media',
  'messaging_app',
  'acquaintance',
  'family_member',
  'broker_or_agency',
  'other',
] as const;
export type RecruitmentChannel = (typeof RECRUITMENT_CHANNELS)[number];

export const CASE_SOURCES = [
  'walk_in',
  'hotline',
  'police_operation',
  'border_screening',
  'repatriation',
  'ngo_referral',
  'foreign_authority',
  'other',
] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

export const IDENTITY_DOCUMENT_TYPES = [
  'citizen_id_card',
  'passport',
  'birth_certificate',
  'travel_document',
  'foreign_id',
  'other',
] as const;
export type IdentityDocumentType = (typeof IDENTITY_DOCUMENT_TYPES)[number];

export const CASE_STATUSES = [
  'received',
  'under_verification',
  'identified_victim',
  'not_victim',
  'in_support',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Parts of a case that can be shown separately (referrals grant only some). */
export const CASE_PARTS = [
  'identity',
  'contact',
  'identity_documents',
  'exploitation',
  'route',
  'narrative',
  'lifecycle',
  'prosecution',
  'support_plan',
  'screening',
] as const;
export type CasePart = (typeof CASE_PARTS)[number];

/** Purposes for which a case can be referred to another agency (issue 4). */
export const REFERRAL_PURPOSES = [
  'shelter',
  'medical',
  'psychological',
  'legal_aid',
  'vocational',
  'financial',
  'repatriation',
  'investigation',
  'prosecution',
  'reintegration',
] as const;
export type ReferralPurpose = (typeof REFERRAL_PURPOSES)[number];

/** How far a session has got through sign-in: 'full', or the step still to do. */
export const SESSION_STAGES = ['full', 'mfa_pending', 'mfa_enrolment', 'password_change'] as const;
export type SessionStage = (typeof SESSION_STAGES)[number];

/** Languages a person speaks (the UI languages and the region's others). */
export const SPOKEN_LANGUAGES = ['vi', 'en', 'fr', 'km', 'lo', 'th', 'zh', 'my', 'hmn', 'other'] as const;
export type SpokenLanguage = (typeof SPOKEN_LANGUAGES)[number];

/** What a person consents to (issue 4): each purpose recorded and withdrawn separately. */
export const CONSENT_PURPOSES = [
  'processing',
  'share_with_agency',
  'prosecution',
  'statistics',
  'follow_up_contact',
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export const CONSENT_METHODS = ['signed', 'verbal_witnessed', 'digital'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];
/** Who gave the consent: the person, or a guardian (for a minor). */
export const CONSENT_GIVERS = ['person', 'guardian'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

/** Assistance services under the law's support regimes. */
export const SERVICE_TYPES = [
  'essential_needs',
  'accommodation',
  'medical_care',
  'psychological_support',
  'legal_aid',
  'education_vocational',
  'financial_allowance',
  'travel_home',
  'interpretation',
  'repatriation',
  'reintegration',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];
export const SERVICE_STATUSES = ['planned', 'in_progress', 'provided', 'declined', 'cancelled'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

export const RISK_LEVELS = ['unknown', 'low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const RISK_FACTORS = [
  'retaliation_by_traffickers',
  'debt_to_traffickers',
  'family_involved',
  'stigma_in_community',
  'no_income',
  'previously_trafficked',
  'traffickers_at_large',
  'unsafe_home',
  'other',
] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];

export const FOLLOW_UP_OUTCOMES = ['stable', 'needs_support', 'at_risk', 'not_reached', 're_trafficked'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

/** Who reads a case note: the author's agency only, or every agency that sees the case. */
export const NOTE_VISIBILITIES = ['own_agency', 'all_with_access'] as const;
export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];

/** Where a background job stands. */
export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

/**
 * The columns Lantern imports, fixed by issue 10 (other tools write them). `source_id` is the
 * agency's own record id (required); a name is `full_name`, or `family_name` / `middle_name` /
 * `given_name`; the case columns are optional.
 */
export const CANONICAL_COLUMNS = [
  'source_id',
  'full_name',
  'family_name',
  'middle_name',
  'given_name',
  'sex',
  'date_of_birth',
  'birth_year',
  'age',
  'province',
  'id_number',
  'phone',
  'citizenship',
  'exploitation_type',
  'reached_via',
  'registered_on',
  'destination_country',
] as const;
export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];
