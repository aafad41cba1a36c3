import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BUDGET_TOLERANCE, budgetPeriodOf, canSpend, remainingBudget } from './privacy-budget.js';

describe('sequential composition', () => {
  it('lets releases spend up to the budget exactly, and no further', () => {
    expect(canSpend(10, 0, 10)).toBe(true);
    expect(canSpend(10, 9, 1)).toBe(true);
    expect(canSpend(10, 9, 1.001)).toBe(false);
    expect(canSpend(10, 10, 0.05)).toBe(false);
    expect(canSpend(1, 0, 2)).toBe(false);
  });

  it('is not fooled by floating-point sums (0.1 + 0.2 spent of 0.3)', () => {
    expect(canSpend(0.3, 0.1 + 0.2, 0)).toBe(false); // ε must be positive
    expect(canSpend(0.6, 0.1 + 0.2, 0.3)).toBe(true);
    expect(remainingBudget(0.3, 0.1 + 0.2)).toBe(0);
    expect(remainingBudget(1, 0.1 + 0.2)).toBe(0.7);
  });

  it('refuses a release with no ε, a negative or a non-finite one', () => {
    for (const epsilon of [0, -0.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(canSpend(10, 0, epsilon)).toBe(false);
  });

  it('reports what remains, never below zero', () => {
    expect(remainingBudget(10, 0)).toBe(10);
    expect(remainingBudget(10, 2.5)).toBe(7.5);
    expect(remainingBudget(10, 10 + BUDGET_TOLERANCE / 2)).toBe(0);
    expect(() => remainingBudget(10, -1)).toThrow(RangeError);
    expect(() => remainingBudget(Number.NaN, 1)).toThrow(RangeError);
  });

  it('never allows spending past the budget over any sequence of releases', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(
          fc.integer({ min: 50, max: 2000 }).map((m) => m / 1000),
          { maxLength: 60 },
        ),
        (budget, requests) => {
          let spent = 0;
          for (const epsilon of requests) {
            const allowed = canSpend(budget, spent, epsilon);
            expect(allowed).toBe(remainingBudget(budget, spent) + BUDGET_TOLERANCE >= epsilon);
            if (allowed) spent += epsilon;
            expect(spent).toBeLessThanOrEqual(budget + BUDGET_TOLERANCE);
          }
        },
      ),
    );
  });
});

describe('budgetPeriodOf', () => {
  it('is the calendar year of the day', () => {
    expect(budgetPeriodOf('2026-01-01')).toBe('2026');
    expect(budgetPeriodOf('2026-12-31')).toBe('2026');
    expect(budgetPeriodOf('2027-01-01')).toBe('2027');
  });

  it('refuses what is not a day', () => {
    for (const bad of ['2026', '2026-13-01', '26-01-01', '2026-01-01T00:00:00Z', ''])
      expect(() => budgetPeriodOf(bad)).toThrow(RangeError);
  });
});
