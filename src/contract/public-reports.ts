// The code lists of public reporting (issue 14): part of the API contract, never renamed.

/** What the reporter sees of their report's progress (the triage queue moves it). */
export const PUBLIC_REPORT_STATUSES = ['received', 'under_review', 'passed_to_authority', 'closed'] as const;
export type PublicReportStatus = (typeof PUBLIC_REPORT_STATUSES)[number];

/** Who wrote a message of a report's conversation. */
export const PUBLIC_REPORT_SENDERS = ['reporter', 'hotline'] as const;
export type PublicReportSender = (typeof PUBLIC_REPORT_SENDERS)[number];

/** How the person at risk was recruited, as the form asks it. */
export const PUBLIC_REPORT_RECRUITMENT = [
  'online_job_ad',
  'social_media',
  'messaging_app',
  'in_person',
  'other',
  'unknown',
] as const;
export type PublicReportRecruitment = (typeof PUBLIC_REPORT_RECRUITMENT)[number];

/** A yes / no / don't know answer (a minor involved? in danger now?). */
export const PUBLIC_REPORT_ANSWERS = ['yes', 'no', 'unknown'] as const;
export type PublicReportAnswer = (typeof PUBLIC_REPORT_ANSWERS)[number];

/**
 * Destinations the form offers first (where recruits from Viet Nam are most often taken: scam
 * compounds in Cambodia, Myanmar and Laos; labour and marriage in China, and the usual labour
 * destinations); the API takes any ISO 3166-1 alpha-2 code, and the form has a free-text field.
 */
export const COMMON_DESTINATIONS = [
  'KH',
  'MM',
  'LA',
  'CN',
  'TH',
  'MY',
  'ID',
  'PH',
  'TW',
  'KR',
  'JP',
  'AE',
  'SA',
  'RU',
  'VN',
] as const;

/** Limits of what one report may hold. */
export const PUBLIC_REPORT_LIMITS = {
  whatHappened: 5000,
  place: 300,
  when: 200,
  destinationOther: 200,
  identifiers: 20,
  identifier: 200,
  contact: 300,
  message: 2000,
  /** Photos per report, and bytes per photo. */
  photos: 3,
  photoBytes: 5 * 1024 * 1024,
  /** Messages a reporter may add to one report (a conversation, not a channel for spam). */
  reporterMessages: 50,
} as const;
