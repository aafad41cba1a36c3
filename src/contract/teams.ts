// Teams and notifications (issue 12 §1): the shared constants and codes of the
// supervisor's view, "My work" and the in-app notifications.

/** A verification is "due soon" within this many days of its deadline (the statutory deadline is a few days) (My work, notifications). */
export const VERIFICATION_DUE_SOON_DAYS = 1;

/** What a notification is about. */
export const NOTIFICATION_KINDS = [
  'referral_received',
  'referral_accepted',
  'referral_declined',
  'case_assigned',
  'verification_due',
  'identifier_hit',
  'information_request_received',
  'information_request_accepted',
  'information_request_declined',
  // A public report the hotline escalated to the agency (issue 14 §2): a new case to take up.
  'report_escalated',
  // A public report the hotline linked to one of the agency's cases: the hotline holds more about it.
  'report_linked',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Columns the case list sorts by; `-` in front sorts descending (GET /cases?sort=). */
export const CASE_SORT_KEYS = ['registered', 'reference', 'name', 'status', 'age', 'verificationDue'] as const;
export type CaseSortKey = (typeof CASE_SORT_KEYS)[number];
export const CASE_SORTS = [
  'registered',
  '-registered',
  'reference',
  '-reference',
  'name',
  '-name',
  'status',
  '-status',
  'age',
  '-age',
  'verificationDue',
  '-verificationDue',
] as const satisfies readonly (CaseSortKey | `-${CaseSortKey}`)[];

/** The case list's age groups (the statistics' bands of issue 11, and unknown). */
export const CASE_AGE_BANDS = ['0-11', '12-17', '18-24', '25-34', '35-49', '50+', 'unknown'] as const;
