// Optimistic concurrency: a record's version is its ETag; updates must send it back in If-Match.
import { Problem } from './problems.js';

export const etagOf = (version: number) => `"${version}"`;

/** The version named by If-Match; 428 when missing, 412 when it cannot be a version of ours. */
export function versionFromIfMatch(header: string | string[] | undefined, minimum = 1): number {
  if (header === undefined || header === '') {
    throw new Problem(
      'precondition-required',
      'Send the ETag you last read in an If-Match header, so that changes made by others are not overwritten.',
    );
  }
  const text = (Array.isArray(header) ? (header[0] ?? '') : header).trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  const version = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(version) || version < minimum) throw stale();
  return version;
}

export const stale = () =>
  new Problem(
    'precondition-failed',
    'Someone else changed this record since you read it. Reload it, check their changes, and apply yours again.',
  );
