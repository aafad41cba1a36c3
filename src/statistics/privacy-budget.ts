// The privacy budget (issue 11 §2): the pure rule of sequential composition. Releases at ε1, ε2, …
// spend ε1 + ε2 + … of an analyst's budget for the period (LANTERN_DP_BUDGET per calendar year); a
// release that would take the sum past the budget is refused. The ledger that records the spending,
// safe under concurrent releases, is SQL (the privacy_budget table, whose CHECK uses the same tolerance).
// Pure: no I/O.

/** Floating-point slack when adding ε's (0.1 + 0.2 > 0.3): the same as privacy_budget's CHECK. */
export const BUDGET_TOLERANCE = 1e-9;

function checkAmount(value: number, what: string): void {
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`${what} must be a finite non-negative number, not ${value}`);
}

/** What remains of the budget after `spent`: never negative, rounded to millionths (floating-point dust dropped). */
export function remainingBudget(budget: number, spent: number): number {
  checkAmount(budget, 'The budget');
  checkAmount(spent, 'The spent budget');
  return Math.max(0, Math.round((budget - spent) * 1e6) / 1e6);
}

/** Whether a release at ε fits in the budget: spent + ε ≤ budget, up to BUDGET_TOLERANCE. ε must be positive. */
export function canSpend(budget: number, spent: number, epsilon: number): boolean {
  checkAmount(budget, 'The budget');
  checkAmount(spent, 'The spent budget');
  if (!Number.isFinite(epsilon) || epsilon <= 0) return false;
  return spent + epsilon <= budget + BUDGET_TOLERANCE;
}

const DAY = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The budget period a day (YYYY-MM-DD, a day in LANTERN_TIMEZONE: contract/calendar.ts today()) belongs to: its calendar year. */
export function budgetPeriodOf(day: string): string {
  const match = DAY.exec(day);
  if (!match) throw new RangeError(`Not a day (YYYY-MM-DD): ${day}`);
  return match[1]!;
}
