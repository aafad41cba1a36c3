// What kind of identifier a line of a report holds ("0912 345 678", "fb.com/vieclam", "a@b.vn"), so that an
// escalated report's identifiers enter prosecution support as phones, accounts, links or e-mails and meet equal
// identifiers of other cases. A line that is none of these stays only in the case's narrative. Pure.
import type { IdentifierKind } from '../contract/prosecution.js';
import { normaliseIdentifier } from '../prosecution/identifier-rules.js';

const BY_HOST: ReadonlyArray<readonly [RegExp, IdentifierKind]> = [
  [/(^|[/.])(facebook\.com|fb\.com|fb\.me|m\.me)(\/|$)/i, 'facebook'],
  [/(^|[/.])(t\.me|telegram\.me)(\/|$)/i, 'telegram'],
  [/(^|[/.])tiktok\.com(\/|$)/i, 'tiktok'],
  [/(^|[/.])zalo\.me(\/|$)/i, 'zalo'],
];

/** The kind of identifier a reporter's line is, with its value to store; null when it cannot be told. */
export function identifierOfLine(line: string): { kind: IdentifierKind; value: string } | null {
  const value = line.trim();
  if (value === '') return null;
  const candidates: IdentifierKind[] = [];
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) candidates.push('email');
  for (const [host, kind] of BY_HOST) if (host.test(value)) candidates.push(kind);
  if (/^(https?:\/\/|www\.)|^[a-z0-9-]+(\.[a-z0-9-]+)+\/\S*$/i.test(value)) candidates.push('url');
  if (/^\+?[\d\s().-]{8,20}$/.test(value)) candidates.push('phone');
  for (const kind of candidates) if (normaliseIdentifier(kind, value).ok) return { kind, value };
  return null;
}
