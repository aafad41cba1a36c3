// Opaque pagination cursors: base64url JSON that the client hands back unchanged.
// A cursor is client input like any other: whatever it decodes to is checked
// before it reaches a query, and a forged one is a 400 on `query.cursor`.
import { Problem } from './problems.js';

export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The form `Date.prototype.toISOString` writes, which is what cursors carry. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
export const isIsoInstant = (v: unknown): v is string =>
  typeof v === 'string' && ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v));
/** An offset or row number: a whole number from 0 that the database can take as a bigint. */
export const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

// The shapes this server gives out: flat objects of short strings and whole numbers.
function plausible(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value).every(
    (v) => isCount(v) || (typeof v === 'string' && v.length <= 100 && /^[\w:.+-]*$/.test(v)),
  );
}

export function decodeCursor<T extends Record<string, unknown>>(
  cursor: string | undefined,
  check: (v: Record<string, unknown>) => v is T,
): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (plausible(value) && check(value)) return value as T;
  } catch {
    /* fall through */
  }
  throw new Problem('validation', 'The cursor is not one this server gave out; start again without it.', {
    errors: [{ field: 'query.cursor', message: 'invalid cursor' }],
  });
}
