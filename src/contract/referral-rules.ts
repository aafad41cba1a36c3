// The referral state machine (pure): pending → accepted | declined | revoked;
// accepted → completed | revoked. Declined, completed and revoked are final.
import { today as calendarToday } from './calendar.js';

export const REFERRAL_STATUSES = ['pending', 'accepted', 'declined', 'completed', 'revoked'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
/** Why the system (not a person's decision on the referral itself) closed a referral. */
export const REFERRAL_STATUS_CAUSES = ['consent_withdrawn', 'case_closed'] as const;
export type ReferralStatusCause = (typeof REFERRAL_STATUS_CAUSES)[number];

export type ReferralAction = 'accept' | 'decline' | 'complete' | 'revoke';

const RESULT: Record<ReferralAction, ReferralStatus> = {
  accept: 'accepted',
  decline: 'declined',
  complete: 'completed',
  revoke: 'revoked',
};
const FROM: Record<ReferralAction, readonly ReferralStatus[]> = {
  accept: ['pending'],
  decline: ['pending'],
  complete: ['accepted'],
  revoke: ['pending', 'accepted'],
};

/** The status after `action`, or null when the action is not allowed from `status`. */
export function nextReferralStatus(status: ReferralStatus, action: ReferralAction): ReferralStatus | null {
  return FROM[action].includes(status) ? RESULT[action] : null;
}

/** Open referrals still give, or may yet give, access; closing one ends it. */
export const isOpenReferral = (status: ReferralStatus) => status === 'pending' || status === 'accepted';

/** The receiving side acts with accept/decline/complete; the sending side revokes. */
export const actionSide = (action: ReferralAction): 'receiver' | 'sender' =>
  action === 'revoke' ? 'sender' : 'receiver';

export function isReferralOverdue(status: ReferralStatus, dueDate: string, today: string = calendarToday()): boolean {
  return isOpenReferral(status) && dueDate < today;
}
