// The statutory case lifecycle of Law 53/2024/QH15 (pure): received → under
// verification (the person undergoing identification) → identified victim or
// not a victim; identified victim → in support → closed; any open state → closed
// with a reason. Who may take each step is decided by the policy (access/policy.ts).
import type { CaseStatus } from './codes.js';

export const OPEN_STATUSES: readonly CaseStatus[] = [
  'received',
  'under_verification',
  'identified_victim',
  'not_victim',
  'in_support',
];

const NEXT: Record<CaseStatus, readonly CaseStatus[]> = {
  received: ['under_verification', 'closed'],
  under_verification: ['identified_victim', 'not_victim', 'closed'],
  identified_victim: ['in_support', 'closed'],
  not_victim: ['closed'],
  in_support: ['closed'],
  closed: [],
};

/** The statuses a case can move to from `from`, whoever asks. */
export function nextStatuses(from: CaseStatus): readonly CaseStatus[] {
  return NEXT[from];
}

export const isOpen = (status: CaseStatus) => OPEN_STATUSES.includes(status);

/** Verification is overdue while the case waits for identification past its deadline. */
export function isVerificationOverdue(status: CaseStatus, dueAt: Date | null, now = new Date()): boolean {
  return (
    (status === 'received' || status === 'under_verification') && dueAt !== null && dueAt.getTime() < now.getTime()
  );
}
