// Age and minor status are derived, never typed in (pure, shared with the web app).

export const AGE_OF_MAJORITY = 18;

function yearsBetween(from: string, to: Date): number {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  let years = to.getUTCFullYear() - y;
  const beforeBirthday = to.getUTCMonth() + 1 < m || (to.getUTCMonth() + 1 === m && to.getUTCDate() < d);
  if (beforeBirthday) years -= 1;
  return years;
}

/** Age in whole years today: from the date of birth, else from the estimate plus the time since it was made; null if unknown. */
export function ageInYears(
  p: { dateOfBirth: string | null; estimatedAgeYears: number | null; ageEstimatedOn: string | null },
  today = new Date(),
): number | null {
  if (p.dateOfBirth) return yearsBetween(p.dateOfBirth, today);
  if (p.estimatedAgeYears === null) return null;
  const elapsed = p.ageEstimatedOn ? Math.max(0, yearsBetween(p.ageEstimatedOn, today)) : 0;
  return p.estimatedAgeYears + elapsed;
}

/** true / false when the age is known; null when it is not (treat as a possible minor). */
export function isMinor(age: number | null): boolean | null {
  return age === null ? null : age < AGE_OF_MAJORITY;
}
