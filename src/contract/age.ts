// Age and minor status are derived, never typed in (pure, shared with the web app).
// Birthdays fall on the calendar day of the programme's time zone.
import { calendarDate, today as calendarToday } from './calendar.js';

export const AGE_OF_MAJORITY = 18;

function yearsBetween(from: string, to: string): number {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  let years = ty - y;
  if (tm < m || (tm === m && td < d)) years -= 1;
  return years;
}

/** Age in whole years today: from the date of birth, else from the estimate plus the time since it was made; null if unknown. */
export function ageInYears(
  p: { dateOfBirth: string | null; estimatedAgeYears: number | null; ageEstimatedOn: string | null },
  asOf: Date | string = calendarToday(),
): number | null {
  const today = typeof asOf === 'string' ? asOf : calendarDate(asOf);
  if (p.dateOfBirth) return yearsBetween(p.dateOfBirth, today);
  if (p.estimatedAgeYears === null) return null;
  const elapsed = p.ageEstimatedOn ? Math.max(0, yearsBetween(p.ageEstimatedOn, today)) : 0;
  return p.estimatedAgeYears + elapsed;
}

/** true / false when the age is known; null when it is not (treat as a possible minor). */
export function isMinor(age: number | null): boolean | null {
  return age === null ? null : age < AGE_OF_MAJORITY;
}
