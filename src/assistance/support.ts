// The support plan (with its safety risk assessment) and the services a victim
// receives under the regimes of Law 53/2024. The owner agency plans; a provider
// agency that accepted a referral updates the progress of its own services.
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../platform/actor.js';
import { recordAudit } from '../access/audit.js';
import { optionalAgencyId } from '../access/directory.js';
import { canUpdateService, serviceCapabilities, type CaseRelation } from '../access/policy.js';
import type { AppContext } from '../platform/context.js';
import type { DB } from '../platform/db-schema.js';
import { stale } from '../platform/etag.js';
import { forbidden, notFound, Problem } from '../platform/problems.js';
import { caseAccessFor, requireCaseEdit, requireCasePart } from '../access/case-gate.js';
import type {
  serviceCreateSchema,
  servicePatchSchema,
  serviceSchema,
  supportPlanInputSchema,
  supportPlanSchema,
} from '../contract/schemas/assistance.js';

type PlanView = z.infer<typeof supportPlanSchema>;
type ServiceView = z.infer<typeof serviceSchema>;

export async function getSupportPlan(ctx: AppContext, actor: Actor, caseId: string): Promise<PlanView> {
  await requireCasePart(ctx.db, actor, caseId, 'support_plan');
  const row = await ctx.db.selectFrom('support_plan').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    { action: 'case.support_plan_read', outcome: 'success', recordType: 'case', recordId: caseId },
  );
  if (!row)
    return { caseId, riskLevel: 'unknown', riskFactors: [], riskNotes: null, goals: null, version: 0, updatedAt: null };
  return {
    caseId,
    riskLevel: row.risk_level,
    riskFactors: row.risk_factors,
    riskNotes: row.risk_notes ? ctx.keys.decrypt(row.risk_notes) : null,
    goals: row.goals ? ctx.keys.decrypt(row.goals) : null,
    version: row.version,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Records the plan if it is still at `version` (0: none yet). */
export async function putSupportPlan(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  version: number,
  input: z.infer<typeof supportPlanInputSchema>,
): Promise<PlanView> {
  await ctx.db.transaction().execute(async (trx) => {
    await requireCaseEdit(trx, actor, caseId, true);
    const current = await trx
      .selectFrom('support_plan')
      .select('version')
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if ((current?.version ?? 0) !== version) throw stale();
    const values = {
      risk_level: input.riskLevel,
      risk_factors: input.riskFactors,
      updated_by: actor.userId,
      updated_at: sql<Date>`now()` as never,
      risk_notes: input.riskNotes ? ctx.keys.encrypt(input.riskNotes) : null,
      goals: input.goals ? ctx.keys.encrypt(input.goals) : null,
    };
    if (current)
      await trx
        .updateTable('support_plan')
        .set({ ...values, version: sql<number>`version + 1` as never })
        .where('case_id', '=', caseId)
        .execute();
    else
      await trx
        .insertInto('support_plan')
        .values({ case_id: caseId, ...values })
        .execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'case.support_plan_update',
        outcome: 'success',
        recordType: 'case',
        recordId: caseId,
      },
    );
  });
  return getSupportPlan(ctx, actor, caseId);
}

const serviceQuery = (db: Kysely<DB>) =>
  db
    .selectFrom('support_service as s')
    .leftJoin('agency as a', 'a.id', 's.provider_agency_id')
    .selectAll('s')
    .select('a.code as provider_code');

function serviceView(
  ctx: AppContext,
  actor: Actor,
  relation: CaseRelation,
  s: Awaited<ReturnType<ReturnType<typeof serviceQuery>['executeTakeFirstOrThrow']>>,
): ServiceView {
  return {
    id: s.id,
    caseId: s.case_id,
    type: s.type,
    providerAgency: s.provider_code,
    status: s.status,
    plannedDate: s.planned_date,
    startDate: s.start_date,
    endDate: s.end_date,
    amountVnd: s.amount_vnd,
    notes: s.notes ? ctx.keys.decrypt(s.notes) : null,
    version: s.version,
    createdAt: s.created_at.toISOString(),
    can: serviceCapabilities(actor, relation, s.provider_agency_id),
  };
}

const providerId = (db: Kysely<DB>, code: string | null | undefined) =>
  optionalAgencyId(db, code, 'body.providerAgency');

export async function addService(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  input: z.infer<typeof serviceCreateSchema>,
): Promise<ServiceView> {
  return ctx.db.transaction().execute(async (trx) => {
    const access = await requireCaseEdit(trx, actor, caseId);
    if (access.status === 'closed')
      throw new Problem('conflict', 'This case is closed; plan services on an open case.', { reason: 'case-closed' });
    const id = crypto.randomUUID();
    await trx
      .insertInto('support_service')
      .values({
        id,
        case_id: caseId,
        type: input.type,
        provider_agency_id: (await providerId(trx, input.providerAgency)) ?? null,
        status: input.status ?? 'planned',
        planned_date: input.plannedDate ?? null,
        start_date: input.startDate ?? null,
        end_date: input.endDate ?? null,
        amount_vnd: input.amountVnd ?? null,
        notes: input.notes ? ctx.keys.encrypt(input.notes) : null,
        created_by: actor.userId,
        updated_at: sql<Date>`now()` as never,
      })
      .execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'service.create',
        outcome: 'success',
        recordType: 'case',
        recordId: caseId,
        details: { serviceId: id },
      },
    );
    return serviceView(
      ctx,
      actor,
      access.relation,
      await serviceQuery(trx).where('s.id', '=', id).executeTakeFirstOrThrow(),
    );
  });
}

export async function listServices(ctx: AppContext, actor: Actor, caseId: string): Promise<ServiceView[]> {
  const access = await requireCasePart(ctx.db, actor, caseId, 'support_plan');
  const rows = await serviceQuery(ctx.db).where('s.case_id', '=', caseId).orderBy('s.created_at').execute();
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    { action: 'case.services_read', outcome: 'success', recordType: 'case', recordId: caseId },
  );
  return rows.map((r) => serviceView(ctx, actor, access.relation, r));
}

export async function updateService(
  ctx: AppContext,
  actor: Actor,
  serviceId: string,
  version: number,
  patch: z.infer<typeof servicePatchSchema>,
): Promise<ServiceView> {
  return ctx.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('support_service')
      .selectAll()
      .where('id', '=', serviceId)
      .forUpdate()
      .executeTakeFirst();
    const access = current && (await caseAccessFor(trx, actor, current.case_id));
    if (!current || !access || !access.parts.has('support_plan')) throw notFound('service');
    if (!canUpdateService(actor, access.relation, current.provider_agency_id))
      throw forbidden('Only the owner agency or the providing agency can update this service.');
    if (current.version !== version) throw stale();
    const isOwner = access.canEdit;
    if (!isOwner && (patch.type !== undefined || patch.providerAgency !== undefined || patch.amountVnd !== undefined)) {
      throw forbidden(
        'A providing agency may update status, dates and notes; the owner agency changes type, provider and amount.',
      );
    }
    const merged = {
      start: patch.startDate !== undefined ? patch.startDate : current.start_date,
      end: patch.endDate !== undefined ? patch.endDate : current.end_date,
    };
    if (merged.start && merged.end && merged.end < merged.start)
      throw new Problem('validation', 'The service ends before it starts.', {
        errors: [{ field: 'body.endDate', message: 'before startDate' }],
      });
    const provider = await providerId(trx, patch.providerAgency);
    await trx
      .updateTable('support_service')
      .set({
        ...(patch.type !== undefined ? { type: patch.type } : {}),
        ...(provider !== undefined ? { provider_agency_id: provider } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.plannedDate !== undefined ? { planned_date: patch.plannedDate } : {}),
        ...(patch.startDate !== undefined ? { start_date: patch.startDate } : {}),
        ...(patch.endDate !== undefined ? { end_date: patch.endDate } : {}),
        ...(patch.amountVnd !== undefined ? { amount_vnd: patch.amountVnd } : {}),
        ...(patch.notes !== undefined ? { notes: patch.notes ? ctx.keys.encrypt(patch.notes) : null } : {}),
        version: sql<number>`version + 1` as never,
        updated_at: sql<Date>`now()` as never,
      })
      .where('id', '=', serviceId)
      .execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'service.update',
        outcome: 'success',
        recordType: 'case',
        recordId: current.case_id,
        details: { serviceId, fields: Object.keys(patch).sort() },
      },
    );
    return serviceView(
      ctx,
      actor,
      access.relation,
      await serviceQuery(trx).where('s.id', '=', serviceId).executeTakeFirstOrThrow(),
    );
  });
}
