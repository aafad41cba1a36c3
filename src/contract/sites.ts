// Campaign sites and their posters (issue 14 §3): part of the API contract, never renamed. A site is a
// place where an awareness campaign hangs posters (a station, an airport, a school…); its short code rides
// on the poster's link (/report?site=CODE), so that reports say which campaign produced them. Pure.

/** The kinds of place a campaign site is. */
export const SITE_KINDS = [
  'train_station',
  'airport',
  'bus_station',
  'border_gate',
  'school',
  'factory',
  'other',
] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

/**
 * A site's code: 2 to 16 upper-case letters, digits or hyphens, beginning and ending with a letter or digit
 * (e.g. HN-GA for Hà Nội railway station). Short, because people may type it from the printed link.
 */
export const SITE_CODE = /^[A-Z0-9](?:[A-Z0-9-]{0,14}[A-Z0-9])$/;
export const SITE_CODE_RULE = '2 to 16 upper-case letters, digits or hyphens, not beginning or ending with a hyphen';

export const isSiteCode = (value: string): boolean => SITE_CODE.test(value);

/** A code as people type it (spaces around, lower case) in the form the register keeps; null if it cannot be one. */
export function normaliseSiteCode(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const code = value.trim().toUpperCase();
  return isSiteCode(code) ? code : null;
}

/** Paper sizes of the posters: ISO A4 (210 × 297 mm) and A3 (297 × 420 mm). */
export const POSTER_SIZES = ['A4', 'A3'] as const;
export type PosterSize = (typeof POSTER_SIZES)[number];

/** The national hotline the posters ask people to call. */
export const HOTLINE_NUMBER = '111';

export const SITE_NAME_MAX = 200;

/** The link a site's posters carry: the public report form with the site's code. */
export function siteLink(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/report?site=${encodeURIComponent(code)}`;
}
