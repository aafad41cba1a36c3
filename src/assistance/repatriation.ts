// Repatriation: a case's return record, and groups of many returnees on one date.
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../platform/actor.js';
import { recordAudit } from '../access/audit.js';
import { optionalAgencyId } from '../access/directory.js';
import { canCreateCases, canReadRepatriationGroup } from '../access/policy.js';
import { visibleCaseCondition } from '../access/policy-sql.js';
import type { AppContext } from '../platform/context.js';
import type { DB } from '../platform/db-schema.js';
import { stale } from '../platform/etag.js';
import { forbidden, notFound, Problem } from '../platform/problems.js';
import { requireCaseEdit, requireCasePart } from '../access/case-gate.js';
import type { repatriationGroupInputSchema, repatriationInputSchema } from '../contract/schemas/assistance.js';

export async function createRepatriationGroup(
  ctx: AppContext,
  actor: Actor,
  input: z.infer<typeof repatriationGroupInputSchema>,
) {
  const id = await ctx.db.transaction().execute((trx) => insertRepatriationGroup(trx, actor, input));
  return getRepatriationGroup(ctx, actor, id);
}

/** Registers a group of returnees inside the caller's transaction; returns its id. */
export async function insertRepatriationGroup(
  db: Kysely<DB>,
  actor: Actor,
  input: z.infer<typeof repatriationGroupInputSchema>,
): Promise<string> {
  if (!canCreateCases(actor)) throw forbidden('Your role cannot register repatriation groups.');
  const id = crypto.randomUUID();
  await db
    .insertInto('repatriation_group')
    .values({
      id,
      return_date: input.returnDate,
      country_from: input.countryFrom,
      border_gate: input.borderGate,
      expected_count: input.expectedCount ?? null,
      notes: input.notes ?? null,
      created_by: actor.userId,
      owner_agency_id: actor.agencyId,
    })
    .execute();
  await recordAudit(
    db,
    { actor, clientIp: actor.clientIp },
    { action: 'repatriation_group.create', outcome: 'success', recordType: 'repatriation_group', recordId: id },
  );
  return id;
}

/** Records a returnee's case as part of a group, with the group's date, gate and country (caller's transaction). */
export async function attachToRepatriationGroup(
  db: Kysely<DB>,
  actor: Actor,
  caseId: string,
  groupId: string,
): Promise<void> {
  const group = await db
    .selectFrom('repatriation_group')
    .selectAll()
    .where('id', '=', groupId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('repatriation')
    .values({
      case_id: caseId,
      group_id: groupId,
      country_from: group.country_from,
      border_gate: group.border_gate,
      return_date: group.return_date,
      receiving_agency_id: actor.agencyId,
      updated_by: actor.userId,
      updated_at: sql<Date>`now()` as never,
    })
    .execute();
}

/** A group with the cases in it that the caller may see. */
export async function getRepatriationGroup(ctx: AppContext, actor: Actor, id: string) {
  const group = await ctx.db.selectFrom('repatriation_group').selectAll().where('id', '=', id).executeTakeFirst();
  const cases = group
    ? await ctx.db
        .selectFrom('repatriation as r')
        .innerJoin('case_file as c', 'c.id', 'r.case_id')
        .select(['c.id', 'c.reference', 'c.status'])
        .where('r.group_id', '=', id)
        .where(visibleCaseCondition(actor))
        .orderBy('c.reference')
        .execute()
    : [];
  if (!group || !canReadRepatriationGroup(actor, { ownerAgencyId: group.owner_agency_id }, cases.length))
    throw notFound('repatriation group');
  return {
    id: group.id,
    returnDate: group.return_date,
    countryFrom: group.country_from,
    borderGate: group.border_gate,
    expectedCount: group.expected_count,
    notes: group.notes,
    cases: cases.map((c) => ({ id: c.id, reference: c.reference, status: c.status })),
  };
}

export async function getRepatriation(ctx: AppContext, actor: Actor, caseId: string) {
  await requireCasePart(ctx.db, actor, caseId, 'route');
  const r = await ctx.db
    .selectFrom('repatriation as r')
    .leftJoin('agency as a', 'a.id', 'r.receiving_agency_id')
    .selectAll('r')
    .select('a.code')
    .where('r.case_id', '=', caseId)
    .executeTakeFirst();
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    { action: 'case.repatriation_read', outcome: 'success', recordType: 'case', recordId: caseId },
  );
  if (!r) return null;
  return {
    caseId,
    groupId: r.group_id,
    countryFrom: r.country_from,
    borderGate: r.border_gate,
    returnDate: r.return_date,
    travelDocumentsChecked: r.travel_documents_checked,
    escort: r.escort,
    receivingAgency: r.code,
    version: r.version,
  };
}

/** Records the return of a case if its record is still at `version` (0: none yet). */
export async function putRepatriation(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  version: number,
  input: z.infer<typeof repatriationInputSchema>,
) {
  await ctx.db.transaction().execute(async (trx) => {
    await requireCaseEdit(trx, actor, caseId, true);
    const current = await trx
      .selectFrom('repatriation')
      .select('version')
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if ((current?.version ?? 0) !== version) throw stale();
    if (
      input.groupId &&
      !(await trx.selectFrom('repatriation_group').select('id').where('id', '=', input.groupId).executeTakeFirst())
    ) {
      throw new Problem('validation', 'No repatriation group with this id.', {
        errors: [{ field: 'body.groupId', message: 'unknown group' }],
      });
    }
    const receivingAgencyId = (await optionalAgencyId(trx, input.receivingAgency, 'body.receivingAgency')) ?? null;
    const values = {
      group_id: input.groupId ?? null,
      country_from: input.countryFrom,
      border_gate: input.borderGate,
      return_date: input.returnDate,
      travel_documents_checked: input.travelDocumentsChecked,
      escort: input.escort ?? null,
      receiving_agency_id: receivingAgencyId,
      updated_by: actor.userId,
      updated_at: sql<Date>`now()` as never,
    };
    if (current)
      await trx
        .updateTable('repatriation')
        .set({ ...values, version: sql<number>`version + 1` as never })
        .where('case_id', '=', caseId)
        .execute();
    else
      await trx
        .insertInto('repatriation')
        .values({ case_id: caseId, ...values })
        .execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'case.repatriation_update',
        outcome: 'success',
        recordType: 'case',
        recordId: caseId,
        details: { groupId: input.groupId ?? null },
      },
    );
  });
  return getRepatriation(ctx, actor, caseId);
}
