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
