import { describe, it, expect } from 'vitest';
import { isOpen, isVerificationOverdue } from './lifecycle.js';
import { CASE_STATUSES } from './codes.js';

describe('isOpen', () => {
  it('is true for every status but closed', () => {
    for (const s of CASE_STATUSES) expect(isOpen(s)).toBe(s !== 'closed');
  });
});

describe('isVerificationOverdue', () => {
  const now = new Date('2025-06-01T10:00:00Z');
  const past = new Date('2025-05-31T10:00:00Z');
  const future = new Date('2025-06-02T10:00:00Z');

  it('is overdue while awaiting identification past the deadline', () => {
    expect(isVerificationOverdue('received', past, now)).toBe(true);
    expect(isVerificationOverdue('under_verification', past, now)).toBe(true);
  });

  it('is not overdue before the deadline or exactly at it', () => {
    expect(isVerificationOverdue('under_verification', future, now)).toBe(false);
    expect(isVerificationOverdue('under_verification', new Date(now), now)).toBe(false);
    expect(isVerificationOverdue('under_verification', new Date(now.getTime() - 1), now)).toBe(true);
  });

  it('is never overdue once identification is decided or the case is closed', () => {
    for (const s of ['identified_victim', 'not_victim', 'in_support', 'closed'] as const) {
      expect(isVerificationOverdue(s, past, now), s).toBe(false);
    }
  });

  it('is not overdue without a deadline', () => {
    expect(isVerificationOverdue('received', null, now)).toBe(false);
  });
});
