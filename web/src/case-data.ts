// Reads about one case that the API offers only in wider lists.
import { api, ApiError } from './api';
import type { CaseView, Page, Referral } from './types';

/** A case as loaded for its file, with the ETag to send back. */
export interface LoadedCase {
  view: CaseView;
  etag: string | null;
}

/** What every section of the case file is given. */
export interface CaseProps {
  loaded: LoadedCase;
  setLoaded(c: LoadedCase): void;
  reload(): Promise<LoadedCase | null>;
}

/** The referrals of one case, sent or received by my agency. */
export async function caseReferrals(caseId: string): Promise<Referral[]> {
  const out: Referral[] = [];
  for (const box of ['outbox', 'inbox'] as const) {
    let cursor: string | null = null;
    do {
      const page: Page<Referral> = await api.get<Page<Referral>>('/referrals', { box, caseId, limit: 100, cursor });
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
  }
  return out;
}

/** A list the caller may not see (404/403) reads as empty. */
export async function orEmpty<T>(load: Promise<{ items: T[] }>): Promise<T[]> {
  try {
    return (await load).items;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return [];
    throw e;
  }
}
