// How other capabilities (assistance, screening) reach a case: through the
// registry's policy-checked loader, never through its tables.
import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor.js';
import { canEditCase, readableCaseParts, type CasePart, type CaseRelation } from '../access/policy.js';
import { grantedPartsColumn } from '../access/policy-sql.js';
import type { DB } from '../platform/db-schema.js';
import { forbidden, notFound } from '../platform/problems.js';
import { ageInYears, isMinor } from './age.js';
import type { CaseStatus } from './reference/codes.js';

export interface CaseAccess {
  caseId: string;
  personId: string;
  ownerAgencyId: string;
  status: CaseStatus;
  exploitationTypes: string[];
  /** Derived from the person's age; null when unknown. */
  personIsMinor: boolean | null;
  personAgeYears: number | null;
  relation: CaseRelation;
  parts: Set<CasePart>;
  canEdit: boolean;
}

/** The actor's access to a case, or null when the case is invisible to them. `lock` takes a row lock (inside a transaction). */
export async function caseAccessFor(
  db: Kysely<DB>,
  actor: Actor,
  caseId: string,
  lock = false,
): Promise<CaseAccess | null> {
  let query = db
    .selectFrom('case_file as c')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .select([
      'c.id',
      'c.person_id',
      'c.owner_agency_id',
      'c.assigned_user_id',
      'c.status',
      'c.exploitation_types',
      'p.date_of_birth',
      'p.estimated_age_years',
      'p.age_estimated_on',
    ])
    .select(grantedPartsColumn(actor).as('granted'))
    .where('c.id', '=', caseId);
  if (lock) query = query.forUpdate('c');
  const row = await query.executeTakeFirst();
  if (!row) return null;
  const relation: CaseRelation = {
    ownerAgencyId: row.owner_agency_id,
    assignedUserId: row.assigned_user_id,
    grantedParts: row.granted ?? [],
  };
  const parts = readableCaseParts(actor, relation);
  if (parts.size === 0) return null;
  const age = ageInYears({
    dateOfBirth: row.date_of_birth,
    estimatedAgeYears: row.estimated_age_years,
    ageEstimatedOn: row.age_estimated_on,
  });
  return {
    caseId: row.id,
    personId: row.person_id,
    ownerAgencyId: row.owner_agency_id,
    status: row.status as CaseStatus,
    exploitationTypes: row.exploitation_types,
    personIsMinor: isMinor(age),
    personAgeYears: age,
    relation,
    parts,
    canEdit: canEditCase(actor, relation),
  };
}

/** The case if the actor may read `part` of it; 404 otherwise (its existence does not leak). */
export async function requireCasePart(
  db: Kysely<DB>,
  actor: Actor,
  caseId: string,
  part: CasePart,
  lock = false,
): Promise<CaseAccess> {
  const access = await caseAccessFor(db, actor, caseId, lock);
  if (!access || !access.parts.has(part)) throw notFound('case');
  return access;
}

/** The case if the actor may change it: 404 when invisible, 403 when visible but not theirs to change. */
export async function requireCaseEdit(db: Kysely<DB>, actor: Actor, caseId: string, lock = false): Promise<CaseAccess> {
  const access = await caseAccessFor(db, actor, caseId, lock);
  if (!access) throw notFound('case');
  if (!access.canEdit)
    throw forbidden('Only the agency that owns this case can change it, and only in a casework role.');
  return access;
}
