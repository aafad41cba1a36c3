// The gates of prosecution support (issue 13): every route about a case's prosecution side, a suspect or
// an organisation reaches its record through these, which load the caller's relation, apply the policy in
// prosecution-policy.ts and answer 404 (invisible) or 403 (visible but not the caller's to change).
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../platform/actor.js';
import type { DB } from '../platform/db-schema.js';
import { forbidden, notFound } from '../platform/problems.js';
import { caseAccessFor, type CaseAccess } from './case-gate.js';
import type { ProceedingKind } from '../contract/prosecution.js';
import {
  canEditIntelligence,
  canRecordCourtSide,
  canRecordProceeding,
  canReadCaseProsecution,
  canReadIntelligence,
  canRecordOnCase,
  worksOnProsecution,
} from './prosecution-policy.js';
import { prosecutionCaseCondition } from './prosecution-sql.js';

/** The case if the caller may read its prosecution side (identifiers, suspects, prosecution file); 404 otherwise. */
export async function requireCaseProsecution(
  db: Kysely<DB>,
  actor: Actor,
  caseId: string,
  lock = false,
): Promise<CaseAccess> {
  if (!worksOnProsecution(actor)) throw notFound('case');
  const access = await caseAccessFor(db, actor, caseId, lock);
  if (!access || !canReadCaseProsecution(actor, access.relation)) throw notFound('case');
  return access;
}

/** The case if the caller may record identifiers and suspects on it: 404 when invisible, 403 when only readable. */
export async function requireCaseRecording(
  db: Kysely<DB>,
  actor: Actor,
  caseId: string,
  lock = false,
): Promise<CaseAccess> {
  const access = await requireCaseProsecution(db, actor, caseId, lock);
  if (!canRecordOnCase(actor, access.relation))
    throw forbidden('Only investigators of the agency that holds this case can record on it.');
  return access;
}

export type IntelligenceKind = 'suspect' | 'organisation';

export interface IntelligenceAccess {
  id: string;
  ownerAgencyId: string;
  canEdit: boolean;
}

/**
 * The caller's access to a suspect or an organisation, or null when it is invisible to them: its owner
 * agency's prosecution staff, or whoever may read the prosecution side of a case it is linked to.
 */
export async function intelligenceAccessFor(
  db: Kysely<DB>,
  actor: Actor,
  kind: IntelligenceKind,
  id: string,
  lock = false,
): Promise<IntelligenceAccess | null> {
  if (!worksOnProsecution(actor)) return null;
  const table = kind === 'suspect' ? 'suspect' : 'organisation';
  const links = kind === 'suspect' ? 'case_suspect' : 'case_organisation';
  const column = kind === 'suspect' ? 'suspect_id' : 'organisation_id';
  const lockClause = lock ? sql` FOR UPDATE OF r` : sql``;
  const { rows } = await sql<{ id: string; owner_agency_id: string; readable: number }>`
    SELECT r.id, r.owner_agency_id,
      (SELECT count(*)::int FROM ${sql.table(links)} l JOIN case_file c ON c.id = l.case_id
        WHERE l.${sql.ref(column)} = r.id AND ${prosecutionCaseCondition(actor, 'c')}) AS readable
    FROM ${sql.table(table)} r WHERE r.id = ${id}${lockClause}`.execute(db);
  const row = rows[0];
  if (!row) return null;
  const relation = { ownerAgencyId: row.owner_agency_id, readableLinkedCases: row.readable };
  if (!canReadIntelligence(actor, relation)) return null;
  return { id: row.id, ownerAgencyId: row.owner_agency_id, canEdit: canEditIntelligence(actor, relation) };
}

/** The suspect or organisation if the caller may read it (404 otherwise), and with `edit` change it (403). */
export async function requireIntelligence(
  db: Kysely<DB>,
  actor: Actor,
  kind: IntelligenceKind,
  id: string,
  mode: 'read' | 'edit' = 'read',
  lock = false,
): Promise<IntelligenceAccess> {
  const access = await intelligenceAccessFor(db, actor, kind, id, lock);
  if (!access) throw notFound(kind);
  if (mode === 'edit' && !access.canEdit)
    throw forbidden(`Only investigators of the agency that recorded this ${kind} can change it.`);
  return access;
}

/** The case if the caller may record the court side of its prosecution file: 404 when invisible, 403 when only readable. */
export async function requireCaseCourtSide(
  db: Kysely<DB>,
  actor: Actor,
  caseId: string,
  lock = false,
): Promise<CaseAccess> {
  const access = await requireCaseProsecution(db, actor, caseId, lock);
  if (!canRecordCourtSide(actor, access.relation))
    throw forbidden(
      'Only investigators of the agency that holds this case, or prosecutors of a procuracy it was referred to, can record this.',
    );
  return access;
}

/** The case if the caller may record a step of kind `kind` in its proceedings: 404 when invisible, 403 otherwise. */
export async function requireProceedingRecording(
  db: Kysely<DB>,
  actor: Actor,
  caseId: string,
  kind: ProceedingKind,
  lock = false,
): Promise<CaseAccess> {
  const access = await requireCaseProsecution(db, actor, caseId, lock);
  if (!canRecordProceeding(actor, access.relation, kind))
    throw forbidden(
      'Only investigators of the agency that holds this case record this step; a procuracy it was referred to records the indictment and the trials.',
    );
  return access;
}
