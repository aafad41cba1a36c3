// Reintegration follow-up visits and the checklist to review before closing a case.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../platform/actor.js';
import { today } from '../contract/calendar.js';
import { recordAudit } from '../access/audit.js';
import type { AppContext } from '../platform/context.js';
import { stale } from '../platform/etag.js';
import { notFound, Problem } from '../platform/problems.js';
import { caseAccessFor, requireCaseEdit, requireCasePart } from '../access/case-gate.js';
import type { followUpCreateSchema, followUpPatchSchema } from '../contract/schemas/assistance.js';

export interface FollowUpView {
  id: string;
  caseId: string;
  scheduledFor: string;
  doneAt: string | null;
  outcome: string | null;
  notes: string | null;
  overdue: boolean;
  version: number;
}

export async function listFollowUps(ctx: AppContext, actor: Actor, caseId: string): Promise<FollowUpView[]> {
  await requireCasePart(ctx.db, actor, caseId, 'support_plan');
  const rows = await ctx.db
    .selectFrom('follow_up_visit')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('scheduled_for')
    .orderBy('id')
    .execute();
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    { action: 'case.follow_ups_read', outcome: 'success', recordType: 'case', recordId: caseId },
  );
  const day = today();
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    scheduledFor: r.scheduled_for,
    doneAt: r.done_at,
    outcome: r.outcome,
    notes: r.notes ? ctx.keys.decrypt(r.notes) : null,
    overdue: r.done_at === null && r.scheduled_for < day,
    version: r.version,
  }));
}

export async function scheduleFollowUp(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  input: z.infer<typeof followUpCreateSchema>,
): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    await requireCaseEdit(trx, actor, caseId);
    const id = crypto.randomUUID();
    await trx
      .insertInto('follow_up_visit')
      .values({
        id,
        case_id: caseId,
        scheduled_for: input.scheduledFor,
        notes: input.notes ? ctx.keys.encrypt(input.notes) : null,
        created_by: actor.userId,
      })
      .execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'follow_up.create',
        outcome: 'success',
        recordType: 'case',
        recordId: caseId,
        details: { visitId: id },
      },
    );
    return id;
  });
}

export async function updateFollowUp(
  ctx: AppContext,
  actor: Actor,
  visitId: string,
  version: number,
  patch: z.infer<typeof followUpPatchSchema>,
): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    const visit = await trx
      .selectFrom('follow_up_visit')
      .selectAll()
      .where('id', '=', visitId)
      .forUpdate()
      .executeTakeFirst();
    const access = visit && (await caseAccessFor(trx, actor, visit.case_id));
    if (!visit || !access) throw notFound('follow-up visit');
    await requireCaseEdit(trx, actor, visit.case_id);
    if (visit.version !== version) throw stale();
    const doneAt = patch.doneAt !== undefined ? patch.doneAt : visit.done_at;
    const outcome = patch.outcome !== undefined ? patch.outcome : visit.outcome;
    if (outcome && !doneAt)
      throw new Problem('validation', 'Record the date of the visit with its outcome.', {
        errors: [{ field: 'body.doneAt', message: 'required with an outcome' }],
      });
    await trx
      .updateTable('follow_up_visit')
      .set({
        ...(patch.scheduledFor !== undefined ? { scheduled_for: patch.scheduledFor } : {}),
        done_at: doneAt,
        outcome,
        ...(patch.notes !== undefined ? { notes: patch.notes ? ctx.keys.encrypt(patch.notes) : null } : {}),
        version: sql<number>`version + 1` as never,
      })
      .where('id', '=', visitId)
      .execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'follow_up.update',
        outcome: 'success',
        recordType: 'case',
        recordId: visit.case_id,
        details: { visitId },
      },
    );
    return visit.case_id;
  });
}

export interface ChecklistItem {
  item: string;
  ok: boolean;
  detail: string;
}

/** What should be settled before a case is closed; advisory (closure stays a human decision with a reason). */
export async function closureChecklist(ctx: AppContext, actor: Actor, caseId: string): Promise<ChecklistItem[]> {
  const access = await requireCasePart(ctx.db, actor, caseId, 'support_plan');
  const db = ctx.db;
  const [openServices, openReferrals, visits, plan] = await Promise.all([
    db
      .selectFrom('support_service')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', '=', caseId)
      .where('status', 'in', ['planned', 'in_progress'])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('referral')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', '=', caseId)
      .where('status', 'in', ['pending', 'accepted'])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('follow_up_visit')
      .select([
        sql<number>`count(*) FILTER (WHERE done_at IS NOT NULL)`.as('done'),
        sql<number>`count(*) FILTER (WHERE done_at IS NULL AND scheduled_for < ${today()}::date)`.as('missed'),
      ])
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow(),
    db.selectFrom('support_plan').select('risk_level').where('case_id', '=', caseId).executeTakeFirst(),
  ]);
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    { action: 'case.closure_checklist_read', outcome: 'success', recordType: 'case', recordId: caseId },
  );
  const identified = access.status === 'in_support' || access.status === 'identified_victim';
  return [
    {
      item: 'no_open_services',
      ok: Number(openServices.n) === 0,
      detail: `${openServices.n} service(s) still planned or in progress`,
    },
    {
      item: 'no_open_referrals',
      ok: Number(openReferrals.n) === 0,
      detail: `${openReferrals.n} referral(s) still pending or accepted`,
    },
    {
      item: 'follow_up_done',
      ok: !identified || (Number(visits.done) > 0 && Number(visits.missed) === 0),
      detail: `${visits.done} visit(s) done, ${visits.missed} overdue`,
    },
    {
      item: 'risk_assessed',
      ok: !identified || (plan !== undefined && plan.risk_level !== 'unknown'),
      detail: plan ? `risk ${plan.risk_level}` : 'no support plan recorded',
    },
  ];
}
