// The statutory case lifecycle of Law 53/2024/QH15 (pure): received → under
// verification (the person undergoing identification) → identified victim or
// not a victim; identified victim → in support → closed; any open state → closed
// with a reason. Who may take each step is decided here too.
import type { CaseStatus, Role } from './reference/codes.js';

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

/** Identification decides victim status: only investigators (police, border guard) make it. */
const DECIDERS: Partial<Record<CaseStatus, readonly Role[]>> = {
  under_verification: ['intake_officer', 'investigator', 'health_screener'],
  identified_victim: ['investigator'],
  not_victim: ['investigator'],
  in_support: ['caseworker', 'investigator'],
  closed: ['investigator', 'caseworker', 'intake_officer', 'hotline_operator'],
};

export type TransitionCheck = { ok: true } | { ok: false; reason: 'illegal' | 'role' };

export function checkTransition(from: CaseStatus, to: CaseStatus, roles: readonly Role[]): TransitionCheck {
  if (!NEXT[from].includes(to)) return { ok: false, reason: 'illegal' };
  const allowed = DECIDERS[to] ?? [];
  return roles.some((r) => allowed.includes(r)) ? { ok: true } : { ok: false, reason: 'role' };
}

/** The steps this caller may take from `from` (for the case file's action buttons). */
export function allowedTransitions(from: CaseStatus, roles: readonly Role[]): CaseStatus[] {
  return NEXT[from].filter((to) => checkTransition(from, to, roles).ok);
}

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
