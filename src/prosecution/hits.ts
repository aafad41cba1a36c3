// Hits (issue 13 §2): when an identifier entered on a case is already held in other cases, the
// investigator learns at once which agencies hold how many such cases and whom to call there, and
// nothing of the cases' content; reading them takes an information request that the holder accepts.
// A case holds an identifier directly, or through a suspect or an organisation linked to it.
import { sql, type Kysely } from 'kysely';
import { holdsCasesForHits } from '../access/prosecution-policy.js';
import { prosecutionCaseCondition } from '../access/prosecution-sql.js';
import { LAW_ENFORCEMENT_AGENCY_KINDS } from '../contract/prosecution.js';
import type { AgencyKind } from '../contract/codes.js';
import type { InformationRequestStatus } from '../contract/prosecution.js';
import type { Actor } from '../platform/actor.js';
import type { DB } from '../platform/db-schema.js';

export interface MatchedCase {
  caseId: string;
  reference: string;
  agencyId: string;
  agencyCode: string;
  agencyName: string;
  agencyKind: AgencyKind;
  /** Whether the actor may already read this case's prosecution side (then it is shown by reference). */
  readable: boolean;
}

export interface Hit {
  agencyId: string;
  agencyCode: string;
  agencyName: string;
  agencyKind: AgencyKind;
  cases: number;
  readableCases: { id: string; reference: string }[];
  contacts: { name: string; email: string }[];
  request: { id: string; status: InformationRequestStatus } | null;
}

/** A suspect or an organisation whose own identifier is being matched: its own rows lead to no hit. */
export type ExcludedHolder = { suspectId: string } | { organisationId: string } | null;

/**
 * The cases, other than `excludeCaseId`, that hold an identifier with this match key, among cases of
 * law-enforcement agencies (the only ones whose cases take part in hits). With `excludeHolder`, the identifier
 * rows of that suspect or organisation are left out: the cases it is linked to hold its identifier through it,
 * which is no hit.
 */
export async function matchedCases(
  db: Kysely<DB>,
  actor: Actor,
  matchKey: string,
  excludeCaseId: string | null,
  excludeHolder: ExcludedHolder = null,
): Promise<MatchedCase[]> {
  const notSuspect =
    excludeHolder && 'suspectId' in excludeHolder ? sql`AND i.suspect_id <> ${excludeHolder.suspectId}` : sql``;
  const notOrganisation =
    excludeHolder && 'organisationId' in excludeHolder
      ? sql`AND i.organisation_id <> ${excludeHolder.organisationId}`
      : sql``;
  const { rows } = await sql<{
    id: string;
    reference: string;
    agency_id: string;
    code: string;
    name: string;
    kind: AgencyKind;
    readable: boolean;
  }>`
    WITH holders AS (
      SELECT i.case_id FROM identifier i WHERE i.match_key = ${matchKey} AND i.case_id IS NOT NULL
      UNION
      SELECT cs.case_id FROM identifier i JOIN case_suspect cs ON cs.suspect_id = i.suspect_id
        WHERE i.match_key = ${matchKey} AND i.suspect_id IS NOT NULL ${notSuspect}
      UNION
      SELECT co.case_id FROM identifier i JOIN case_organisation co ON co.organisation_id = i.organisation_id
        WHERE i.match_key = ${matchKey} AND i.organisation_id IS NOT NULL ${notOrganisation}
    )
    SELECT c.id, c.reference, a.id AS agency_id, a.code, a.name, a.kind, ${prosecutionCaseCondition(actor, 'c')} AS readable
    FROM holders h JOIN case_file c ON c.id = h.case_id JOIN agency a ON a.id = c.owner_agency_id
    WHERE a.kind IN (${sql.join([...LAW_ENFORCEMENT_AGENCY_KINDS])})
      ${excludeCaseId ? sql`AND c.id <> ${excludeCaseId}` : sql``}
    ORDER BY a.code, c.reference`.execute(db);
  return rows
    .filter((r) => holdsCasesForHits(r.kind))
    .map((r) => ({
      caseId: r.id,
      reference: r.reference,
      agencyId: r.agency_id,
      agencyCode: r.code,
      agencyName: r.name,
      agencyKind: r.kind,
      readable: r.readable,
    }));
}

/** Matched cases grouped by holding agency, with whom to contact there and any request already sent. */
export async function hitsOf(
  db: Kysely<DB>,
  matches: readonly MatchedCase[],
  requests: ReadonlyMap<string, { id: string; status: InformationRequestStatus }>,
  known?: ReadonlyMap<string, readonly Contact[]>,
): Promise<Hit[]> {
  const byAgency = new Map<string, Hit>();
  for (const m of matches) {
    let hit = byAgency.get(m.agencyId);
    if (!hit) {
      hit = {
        agencyId: m.agencyId,
        agencyCode: m.agencyCode,
        agencyName: m.agencyName,
        agencyKind: m.agencyKind,
        cases: 0,
        readableCases: [],
        contacts: [],
        request: requests.get(m.agencyId) ?? null,
      };
      byAgency.set(m.agencyId, hit);
    }
    hit.cases += 1;
    if (m.readable) hit.readableCases.push({ id: m.caseId, reference: m.reference });
  }
  const hits = [...byAgency.values()];
  if (hits.length === 0) return hits;
  const contacts =
    known ??
    contactsOf(
      await agencyInvestigators(
        db,
        hits.map((h) => h.agencyId),
      ),
    );
  for (const hit of hits) hit.contacts = [...(contacts.get(hit.agencyId) ?? [])];
  return hits;
}

type Contact = { name: string; email: string };

/** The enabled investigators of these agencies: whom a hit names as contacts, and whom it notifies. */
export async function agencyInvestigators(db: Kysely<DB>, agencyIds: readonly string[]) {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom('app_user')
    .select(['id', 'agency_id', 'display_name', 'email'])
    .where('agency_id', 'in', agencyIds)
    .where('disabled', '=', false)
    .where(sql<boolean>`'investigator' = ANY (roles)`)
    .orderBy('display_name')
    .execute();
}

/** Up to three contacts an agency, by agency. */
export function contactsOf(rows: readonly { agency_id: string; display_name: string; email: string }[]) {
  const out = new Map<string, Contact[]>();
  for (const r of rows) {
    const list = out.get(r.agency_id) ?? [];
    if (list.length < 3) list.push({ name: r.display_name, email: r.email });
    out.set(r.agency_id, list);
  }
  return out;
}

/** The hit check as an investigator meets it when entering an identifier on a case (the benchmark's unit). */
export async function findHits(db: Kysely<DB>, actor: Actor, matchKey: string, excludeCaseId: string | null) {
  return hitsOf(db, await matchedCases(db, actor, matchKey, excludeCaseId), new Map());
}
