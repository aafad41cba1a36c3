// Pure helpers of the consolidation screens (imports, review, linkage): no React, tested alone.
import type { PairDecision } from '../../src/contract/schemas/linkage';
import type { Job, PersonLinkage } from './types';

/** The canonical columns of an import, in the order the mapping select offers them. */
export { CANONICAL_COLUMNS } from '../../src/contract/codes';

/** The content type to send a file with: what the browser says, else from its name. */
export function contentTypeOf(file: { name: string; type: string }): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.txt')) return 'text/plain';
  return file.type || 'application/octet-stream';
}

/** Seconds as a clock reads in every language: 0:42, 12:05, 1:02:05. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** Whole percent done, 0–100 (0 while the total is not known). */
export function percentDone(progress: Job['progress']): number {
  if (progress.total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((progress.done * 100) / progress.total)));
}

export const jobRunning = (job: Job | null | undefined): boolean =>
  !!job && (job.state === 'queued' || job.state === 'running');

/**
 * A field's bar in the side-by-side comparison: its share of the largest weight (in
 * absolute value) among the fields shown, as a width in percent, and its direction.
 */
export function weightBar(weight: number, largest: number): { width: number; side: 'for' | 'against' | 'none' } {
  if (!Number.isFinite(weight) || weight === 0 || largest <= 0) return { width: 0, side: 'none' };
  return {
    width: Math.max(4, Math.min(100, Math.round((Math.abs(weight) * 100) / largest))),
    side: weight > 0 ? 'for' : 'against',
  };
}

/** The keyboard shortcuts of the review queue: 1 same person, 2 different, 3 unsure. */
export function decisionForKey(key: string): PairDecision | null {
  return key === '1' ? 'same' : key === '2' ? 'different' : key === '3' ? 'unsure' : null;
}

/** The merges of a person's history that still stand (merged, and not undone since). */
export function standingMerges(history: PersonLinkage['history']): Set<string> {
  const standing = new Set<string>();
  const ordered = [...history].sort((a, b) => a.at.localeCompare(b.at));
  for (const event of ordered) {
    if (!event.mergeId) continue;
    if (event.kind === 'merged') standing.add(event.mergeId);
    else if (event.kind === 'unmerged') standing.delete(event.mergeId);
  }
  return standing;
}

/** The bars of a chart: each value's share of the largest, in percent (at least a sliver when not zero). */
export function barWidths(values: readonly number[]): number[] {
  const largest = Math.max(0, ...values);
  return values.map((v) => (largest <= 0 || v <= 0 ? 0 : Math.max(1, Math.round((v * 100) / largest))));
}

/** A name as its parts are given (family, middle, given), or null when there is none. */
export function nameOf(p: { familyName: string | null; middleName: string | null; givenName: string | null }) {
  return [p.familyName, p.middleName, p.givenName].filter((s) => s && s.trim()).join(' ') || null;
}

/** A message of the catalogues and its parameters (the column is a canonical column's code, to label). */
export interface Explained {
  key:
    | 'reason.blank'
    | 'reason.tooLong'
    | 'reason.future'
    | 'reason.invalid'
    | 'mappingProblem.noSourceId'
    | 'mappingProblem.noName'
    | 'mappingProblem.duplicate';
  column?: string;
  params: Record<string, string>;
}

/**
 * A rejected row's reason, as the server writes it ("date_of_birth: 31/02/2001 is not a date
 * (…)"), as a message of the catalogues; null when it is none of the known forms (the screen
 * then shows the server's own words).
 */
export function explainReason(reason: string): Explained | null {
  const m = /^([a-z_]+): (.*)$/s.exec(reason.trim());
  if (!m) return null;
  const column = m[1]!;
  const rest = m[2]!;
  if (/^blank\b/.test(rest)) return { key: 'reason.blank', column, params: {} };
  let r = /^longer than (\d+) characters$/.exec(rest);
  if (r) return { key: 'reason.tooLong', column, params: { n: r[1]! } };
  r = /^(.*) is in the future$/s.exec(rest);
  if (r) return { key: 'reason.future', column, params: { value: r[1]! } };
  r = /^(.*) is not (?:a|an) .*$/s.exec(rest);
  if (r) return { key: 'reason.invalid', column, params: { value: r[1]! } };
  return null;
}

/** A problem of the mapping (what blocks the import) as a message of the catalogues, or null. */
export function explainMappingProblem(problem: string): Explained | null {
  if (/^no column is mapped to source_id\b/.test(problem)) return { key: 'mappingProblem.noSourceId', params: {} };
  if (/^no column holds a name\b/.test(problem)) return { key: 'mappingProblem.noName', params: {} };
  const m = /^(.*) are all mapped to ([a-z_]+): keep one/s.exec(problem);
  if (m) {
    const headers = [...m[1]!.matchAll(/"([^"]*)"/g)].map((h) => `“${h[1]}”`);
    return { key: 'mappingProblem.duplicate', column: m[2]!, params: { headers: headers.join(', ') || m[1]! } };
  }
  return null;
}
