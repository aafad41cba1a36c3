// Links (issue 13 §1): a suspect's or an organisation's part in a case, two suspects known to work together,
// a suspect's part in an organisation. Each carries where it was learnt and when it was recorded; one recorded
// twice is a 409, and one recorded in error is removed by the investigators who may record it (audited).
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { z } from 'zod';
import { recordAudit, type AuditDetails } from '../access/audit.js';
import type { AuditAction } from '../contract/audit-actions.js';
import { requireCaseProsecution, requireCaseRecording, requireIntelligence } from '../access/prosecution-gate.js';
import type {
  caseOrganisationCreateSchema,
  caseOrganisationsSchema,
  caseSuspectCreateSchema,
  caseSuspectsSchema,
  linkSchema,
  suspectLinkCreateSchema,
  suspectOrganisationCreateSchema,
} from '../contract/schemas/prosecution-network.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { notFound, Problem } from '../platform/problems.js';
import { suspectLabel } from './suspects.js';

export type LinkView = z.infer<typeof linkSchema>;

const duplicate = (what: string) =>
  new Problem('conflict', `This ${what} is already recorded with this role or relation; it was not added again.`);

async function audited(
  ctx: AppContext,
  actor: Actor,
  action: AuditAction,
  record: { type: 'case' | 'suspect'; id: string },
  details: AuditDetails,
) {
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    { action, outcome: 'success', recordType: record.type, recordId: record.id, details },
  );
}

/** Records a suspect's part in a case: investigators of the case's agency, about a suspect they may see. */
export async function linkSuspectToCase(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  input: z.infer<typeof caseSuspectCreateSchema>,
): Promise<LinkView> {
  return ctx.db.transaction().execute(async (trx) => {
    await requireCaseRecording(trx, actor, caseId, true);
    await requireIntelligence(trx, actor, 'suspect', input.suspectId);
    const row = await trx
      .insertInto('case_suspect')
      .values({
        id: crypto.randomUUID(),
        case_id: caseId,
        suspect_id: input.suspectId,
        role: input.role,
        source: input.source,
        recorded_by: actor.userId,
      })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw duplicate('suspect’s part in the case');
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'case.suspect_link',
        outcome: 'success',
        recordType: 'case',
        recordId: caseId,
        details: { suspectId: input.suspectId, linkId: row.id },
      },
    );
    return {
      id: row.id,
      type: 'case_suspect' as const,
      caseId,
      suspectId: row.suspect_id,
      role: row.role,
      source: row.source,
      recordedAt: row.recorded_at.toISOString(),
    };
  });
}

/** Records an organisation's part in a case. */
export async function linkOrganisationToCase(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  input: z.infer<typeof caseOrganisationCreateSchema>,
): Promise<LinkView> {
  return ctx.db.transaction().execute(async (trx) => {
    await requireCaseRecording(trx, actor, caseId, true);
    await requireIntelligence(trx, actor, 'organisation', input.organisationId);
    const row = await trx
      .insertInto('case_organisation')
      .values({
        id: crypto.randomUUID(),
        case_id: caseId,
        organisation_id: input.organisationId,
        role: input.role,
        source: input.source,
        recorded_by: actor.userId,
      })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw duplicate('organisation’s part in the case');
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'case.organisation_link',
        outcome: 'success',
        recordType: 'case',
        recordId: caseId,
        details: { organisationId: input.organisationId, linkId: row.id },
      },
    );
    return {
      id: row.id,
      type: 'case_organisation' as const,
      caseId,
      organisationId: row.organisation_id,
      role: row.role,
      source: row.source,
      recordedAt: row.recorded_at.toISOString(),
    };
  });
}

/** Two suspects known to work together, stored once per pair (the smaller id first). */
export async function linkSuspects(
  ctx: AppContext,
  actor: Actor,
  suspectId: string,
  input: z.infer<typeof suspectLinkCreateSchema>,
): Promise<LinkView> {
  if (input.otherSuspectId === suspectId)
    throw new Problem('validation', 'A suspect cannot be linked to themselves.', {
      errors: [{ field: 'body.otherSuspectId', message: 'the same suspect' }],
    });
  return ctx.db.transaction().execute(async (trx) => {
    await requireIntelligence(trx, actor, 'suspect', suspectId, 'edit', true);
    await requireIntelligence(trx, actor, 'suspect', input.otherSuspectId);
    const [first, second] = [suspectId, input.otherSuspectId].sort() as [string, string];
    const row = await trx
      .insertInto('suspect_link')
      .values({
        id: crypto.randomUUID(),
        suspect_id: first,
        other_suspect_id: second,
        relation: input.relation,
        source: input.source,
        recorded_by: actor.userId,
      })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw duplicate('link between the two suspects');
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'suspect.link',
        outcome: 'success',
        recordType: 'suspect',
        recordId: suspectId,
        details: { suspectId: input.otherSuspectId, linkId: row.id },
      },
    );
    return {
      id: row.id,
      type: 'suspect_link' as const,
      suspectId: row.suspect_id,
      otherSuspectId: row.other_suspect_id,
      relation: row.relation,
      source: row.source,
      recordedAt: row.recorded_at.toISOString(),
    };
  });
}

/** A suspect's part in an organisation. */
export async function linkSuspectToOrganisation(
  ctx: AppContext,
  actor: Actor,
  suspectId: string,
  input: z.infer<typeof suspectOrganisationCreateSchema>,
): Promise<LinkView> {
  return ctx.db.transaction().execute(async (trx) => {
    await requireIntelligence(trx, actor, 'suspect', suspectId, 'edit', true);
    await requireIntelligence(trx, actor, 'organisation', input.organisationId);
    const row = await trx
      .insertInto('suspect_organisation')
      .values({
        id: crypto.randomUUID(),
        suspect_id: suspectId,
        organisation_id: input.organisationId,
        role: input.role,
        source: input.source,
        recorded_by: actor.userId,
      })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw duplicate('suspect’s part in the organisation');
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'suspect.organisation_link',
        outcome: 'success',
        recordType: 'suspect',
        recordId: suspectId,
        details: { organisationId: input.organisationId, linkId: row.id },
      },
    );
    return {
      id: row.id,
      type: 'suspect_organisation' as const,
      suspectId,
      organisationId: row.organisation_id,
      role: row.role,
      source: row.source,
      recordedAt: row.recorded_at.toISOString(),
    };
  });
}

/** The suspects of a case whose prosecution side the caller may read. */
export async function listCaseSuspects(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
): Promise<z.infer<typeof caseSuspectsSchema>> {
  await requireCaseProsecution(ctx.db, actor, caseId);
  const { rows } = await sql<{
    id: string;
    suspect_id: string;
    full_name: string | null;
    aliases: string[];
    role: string;
    source: string;
    recorded_at: Date;
  }>`SELECT cs.id, cs.suspect_id, s.full_name, s.aliases, cs.role, cs.source, cs.recorded_at
    FROM case_suspect cs JOIN suspect s ON s.id = cs.suspect_id
    WHERE cs.case_id = ${caseId} ORDER BY cs.recorded_at, cs.id`.execute(ctx.db);
  await audited(ctx, actor, 'case.suspects_read', { type: 'case', id: caseId }, { count: rows.length });
  return {
    items: rows.map((r) => ({
      linkId: r.id,
      suspectId: r.suspect_id,
      label: suspectLabel(r),
      role: r.role,
      source: r.source,
      recordedAt: r.recorded_at.toISOString(),
    })),
  };
}

/** The organisations of a case whose prosecution side the caller may read. */
export async function listCaseOrganisations(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
): Promise<z.infer<typeof caseOrganisationsSchema>> {
  await requireCaseProsecution(ctx.db, actor, caseId);
  const rows = await ctx.db
    .selectFrom('case_organisation as co')
    .innerJoin('organisation as o', 'o.id', 'co.organisation_id')
    .select(['co.id', 'co.organisation_id', 'o.name', 'co.role', 'co.source', 'co.recorded_at'])
    .where('co.case_id', '=', caseId)
    .orderBy('co.recorded_at')
    .orderBy('co.id')
    .execute();
  await audited(ctx, actor, 'case.organisations_read', { type: 'case', id: caseId }, { count: rows.length });
  return {
    items: rows.map((r) => ({
      linkId: r.id,
      organisationId: r.organisation_id,
      name: r.name,
      role: r.role,
      source: r.source,
      recordedAt: r.recorded_at.toISOString(),
    })),
  };
}

export type LinkTable = 'case_suspect' | 'case_organisation' | 'suspect_link' | 'suspect_organisation';

/**
 * Removes a link recorded in error: a case's links by investigators of the case's agency, a suspect's by
 * investigators of the suspect's agency. A link that is not the named record's is 404.
 */
export async function removeLink(
  ctx: AppContext,
  actor: Actor,
  table: LinkTable,
  recordId: string,
  linkId: string,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const onCase = table === 'case_suspect' || table === 'case_organisation';
    if (onCase) await requireCaseRecording(trx, actor, recordId, true);
    else await requireIntelligence(trx, actor, 'suspect', recordId, 'edit', true);
    const belongs =
      table === 'suspect_link'
        ? sql`(suspect_id = ${recordId} OR other_suspect_id = ${recordId})`
        : sql`${sql.ref(onCase ? 'case_id' : 'suspect_id')} = ${recordId}`;
    const { rows } = await sql<{ id: string }>`DELETE FROM ${sql.table(table)}
      WHERE id = ${linkId} AND ${belongs} RETURNING id`.execute(trx);
    if (rows.length === 0) throw notFound('link');
    const action: AuditAction = {
      case_suspect: 'case.suspect_link_delete' as const,
      case_organisation: 'case.organisation_link_delete' as const,
      suspect_link: 'suspect.link_delete' as const,
      suspect_organisation: 'suspect.organisation_link_delete' as const,
    }[table];
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action,
        outcome: 'success',
        recordType: onCase ? 'case' : 'suspect',
        recordId,
        details: { linkId },
      },
    );
  });
}
