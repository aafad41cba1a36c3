// Opaque pagination cursors: base64url JSON that the client hands back unchanged.
import { Problem } from './problems.js';

export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T extends Record<string, unknown>>(
  cursor: string | undefined,
  check: (v: Record<string, unknown>) => v is T,
): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (value && typeof value === 'object' && check(value as Record<string, unknown>)) return value as T;
  } catch {
    /* fall through */
  }
  throw new Problem('validation', 'The cursor is not one this server gave out; start again without it.', {
    errors: [{ field: 'query.cursor', message: 'invalid cursor' }],
  });
}
