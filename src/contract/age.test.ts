import { describe, it, expect } from 'vitest';
import { AGE_OF_MAJORITY, ageInYears, isMinor } from './age.js';

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
const byDob = (dateOfBirth: string) => ({ dateOfBirth, estimatedAgeYears: null, ageEstimatedOn: null });
const byEstimate = (estimatedAgeYears: number | null, ageEstimatedOn: string | null) => ({
  dateOfBirth: null,
  estimatedAgeYears,
  ageEstimatedOn,
});

describe('ageInYears from the date of birth', () => {
  it('counts a year only once the birthday is reached', () => {
    expect(ageInYears(byDob('2007-06-15'), day('2025-06-14'))).toBe(17);
    expect(ageInYears(byDob('2007-06-15'), day('2025-06-15'))).toBe(18);
    expect(ageInYears(byDob('2007-06-15'), day('2025-06-16'))).toBe(18);
  });

  it('compares the month before the day', () => {
    expect(ageInYears(byDob('2007-06-15'), day('2025-05-20'))).toBe(17);
    expect(ageInYears(byDob('2007-06-15'), day('2025-07-01'))).toBe(18);
    expect(ageInYears(byDob('2007-12-31'), day('2025-01-01'))).toBe(17);
  });

  it('is 0 in the first year of life', () => {
    expect(ageInYears(byDob('2025-01-10'), day('2025-06-01'))).toBe(0);
  });

  it('uses the date of birth even when an estimate is also recorded', () => {
    expect(
      ageInYears({ dateOfBirth: '2000-01-01', estimatedAgeYears: 12, ageEstimatedOn: '2024-01-01' }, day('2025-06-01')),
    ).toBe(25);
  });
});

describe('ageInYears from an estimate', () => {
  it('adds the whole years elapsed since the estimate was made', () => {
    expect(ageInYears(byEstimate(16, '2023-03-10'), day('2025-03-09'))).toBe(17);
    expect(ageInYears(byEstimate(16, '2023-03-10'), day('2025-03-10'))).toBe(18);
  });

  it('is the estimate itself within the first year', () => {
    expect(ageInYears(byEstimate(16, '2025-01-01'), day('2025-12-31'))).toBe(16);
  });

  it('is the estimate itself when the estimate date is unknown', () => {
    expect(ageInYears(byEstimate(15, null), day('2030-01-01'))).toBe(15);
  });

  it('never subtracts years for an estimate dated in the future', () => {
    expect(ageInYears(byEstimate(15, '2027-01-01'), day('2025-01-01'))).toBe(15);
  });

  it('handles an estimate of 0', () => {
    expect(ageInYears(byEstimate(0, '2024-01-01'), day('2025-06-01'))).toBe(1);
  });
});

describe('unknown age', () => {
  it('is null with neither date of birth nor estimate', () => {
    expect(ageInYears(byEstimate(null, null), day('2025-01-01'))).toBeNull();
    expect(ageInYears(byEstimate(null, '2024-01-01'), day('2025-01-01'))).toBeNull();
  });
});

describe('isMinor', () => {
  it('sets majority at 18', () => {
    expect(AGE_OF_MAJORITY).toBe(18);
    expect(isMinor(0)).toBe(true);
    expect(isMinor(17)).toBe(true);
    expect(isMinor(18)).toBe(false);
    expect(isMinor(40)).toBe(false);
  });

  it('is null (possible minor) when the age is unknown', () => {
    expect(isMinor(null)).toBeNull();
  });

  it('flips on the 18th birthday', () => {
    expect(isMinor(ageInYears(byDob('2007-06-15'), day('2025-06-14')))).toBe(true);
    expect(isMinor(ageInYears(byDob('2007-06-15'), day('2025-06-15')))).toBe(false);
  });
});
