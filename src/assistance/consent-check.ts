// Whether a case has the consent a sharing needs: read by referrals (before sharing)
// and by consent withdrawal (to end what no other consent still covers).
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db-schema.js';

/** Active consent for `purpose` on a case; for share_with_agency, covering this agency by id or by kind. */
export async function hasActiveConsent(
  db: Kysely<DB>,
  caseId: string,
  purpose: string,
  agency?: { id: string; kind: string },
): Promise<boolean> {
  let q = db
    .selectFrom('consent')
    .select('id')
    .where('case_id', '=', caseId)
    .where('purpose', '=', purpose)
    .where('withdrawn_at', 'is', null);
  if (agency) q = q.where((eb) => eb.or([eb('agency_id', '=', agency.id), eb('agency_kind', '=', agency.kind)]));
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}
