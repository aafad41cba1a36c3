// The gates through which every capability reaches one case or one person: they
// load the caller's relation to the record, apply the policy, and hand back what
// the policy allows (or 404/403, which the access hook audits). Services receive
// a CaseAccess, the policy's answer, rather than deciding for themselves.
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db-schema.js';
import { forbidden, notFound } from '../platform/problems.js';
import { ageInYears, isMinor } from '../contract/age.js';
import type { CaseStatus } from '../contract/codes.js';
import type { Actor } from '../platform/actor.js';
import {
  caseCapabilities,
  canEditCase,
  readableCaseParts,
  readablePersonParts,
  type CaseCapabilities,
  type CaseRelation,
  type PersonPart,
  type PersonRelation,
} from './policy.js';
import { type CasePart } from '../contract/codes.js';
import { grantedPartsColumn, grantedPersonPartsColumn } from './policy-sql.js';

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
  /** The parts of the case the caller may read (never empty). */
  parts: Set<CasePart>;
  canEdit: boolean;
  /** What the caller may do with the case, as the web app shows it. */
  can: CaseCapabilities;
}

/** The caller's access to a case, or null when the case is invisible to them. `lock` takes a row lock (in a transaction). */
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
  const status = row.status as CaseStatus;
  const age = ageInYears({
    dateOfBirth: row.date_of_birth,
    estimatedAgeYears: row.estimated_age_years,
    ageEstimatedOn: row.age_estimated_on,
  });
  return {
    caseId: row.id,
    personId: row.person_id,
    ownerAgencyId: row.owner_agency_id,
    status,
    exploitationTypes: row.exploitation_types,
    personIsMinor: isMinor(age),
    personAgeYears: age,
    relation,
    parts,
    canEdit: canEditCase(actor, relation),
    can: caseCapabilities(actor, relation, parts, status),
  };
}

/** The case if the caller may read `part` of it; 404 otherwise (its existence does not leak). */
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

/** The case if the caller may change it: 404 when invisible, 403 when visible but not theirs to change. */
export async function requireCaseEdit(db: Kysely<DB>, actor: Actor, caseId: string, lock = false): Promise<CaseAccess> {
  const access = await caseAccessFor(db, actor, caseId, lock);
  if (!access) throw notFound('case');
  if (!access.canEdit)
    throw forbidden('Only the agency that owns this case can change it, and only in a casework role.');
  return access;
}

export interface PersonAccess {
  personId: string;
  relation: PersonRelation;
  /** The parts of the person the caller may read (never empty). */
  parts: Set<PersonPart>;
}

/** The caller's access to a person, or null when the person is invisible to them. */
export async function personAccessFor(
  db: Kysely<DB>,
  actor: Actor,
  personId: string,
  lock = false,
): Promise<PersonAccess | null> {
  let query = db
    .selectFrom('person as p')
    .select(['p.id', 'p.owner_agency_id'])
    .select(grantedPersonPartsColumn(actor).as('granted'))
    .where('p.id', '=', personId)
    .where('p.merged_into', 'is', null); // a person merged into another is read through the one kept
  if (lock) query = query.forUpdate('p');
  const row = await query.executeTakeFirst();
  if (!row) return null;
  const relation: PersonRelation = { ownerAgencyId: row.owner_agency_id, grantedParts: row.granted ?? [] };
  const parts = readablePersonParts(actor, relation);
  return parts.size === 0 ? null : { personId: row.id, relation, parts };
}
