// The prosecution file of a case (issue 13 §4): the proceedings in the order of the Criminal Procedure Code,
// the charges against each accused, their verdicts, the victim's side and the court dates (each of which
// puts legal aid, and interpretation when needed, on the case's support plan). Every route reaches the case
// through the gates of src/access/prosecution-gate.ts; the order of the steps is src/contract/proceedings-rules.ts.
// One version for the whole file: every change bumps it; PUT and PATCH must send it in If-Match.
import crypto from 'node:crypto';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { z } from 'zod';
import { recordAudit, type AuditDetails } from '../access/audit.js';
import type { CaseAccess } from '../access/case-gate.js';
import {
  requireCaseCourtSide,
  requireCaseProsecution,
  requireCaseRecording,
  requireProceedingRecording,
} from '../access/prosecution-gate.js';
import { canRecordCourtSide, canRecordOnCase } from '../access/prosecution-policy.js';
import { today } from '../contract/calendar.js';
import { nextSteps, replaySteps, type ProceedingStep } from '../contract/proceedings-rules.js';
import { PROCEEDING_LABELS, type ProceedingKind } from '../contract/prosecution.js';
import type {
  chargeCreateSchema,
  chargePatchSchema,
  courtDateCreateSchema,
  prosecutionFileSchema,
  stepCreateSchema,
  stepPatchSchema,
  verdictInputSchema,
  victimSideInputSchema,
} from '../contract/schemas/prosecution-file.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import type { DB, ProsecutionFileTable } from '../platform/db-schema.js';
import { stale } from '../platform/etag.js';
import { notFound, Problem } from '../platform/problems.js';

export type ProsecutionFileView = z.infer<typeof prosecutionFileSchema>;

const audit = (
  db: Kysely<DB>,
  actor: Actor,
  action: Parameters<typeof recordAudit>[2]['action'],
  caseId: string,
  details: AuditDetails = {},
) =>
  recordAudit(
    db,
    { actor, clientIp: actor.clientIp },
    { action, outcome: 'success', recordType: 'case', recordId: caseId, details },
  );

const dec = (ctx: AppContext, value: string | null) => (value ? ctx.keys.decrypt(value) : null);
const enc = (ctx: AppContext, value: string | null | undefined) => (value ? ctx.keys.encrypt(value) : null);

/** The file as stored, decrypted, for the caller (no audit): the route and the dossier audit what they show. */
export async function loadFile(
  ctx: AppContext,
  db: Kysely<DB>,
  actor: Actor,
  access: CaseAccess,
): Promise<ProsecutionFileView> {
  const caseId = access.caseId;
  const [kase, file, steps, charges, verdicts, accused, courtDates] = await Promise.all([
    db.selectFrom('case_file').select('reference').where('id', '=', caseId).executeTakeFirstOrThrow(),
    db.selectFrom('prosecution_file').selectAll().where('case_id', '=', caseId).executeTakeFirst(),
    db.selectFrom('prosecution_step').selectAll().where('case_id', '=', caseId).orderBy('seq').execute(),
    db
      .selectFrom('prosecution_charge')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute(),
    db.selectFrom('prosecution_verdict').selectAll().where('case_id', '=', caseId).orderBy('verdict_date').execute(),
    db
      .selectFrom('case_suspect as cs')
      .innerJoin('suspect as s', 's.id', 'cs.suspect_id')
      .select(['s.id', 's.full_name', 'cs.role', 'cs.recorded_at'])
      .where('cs.case_id', '=', caseId)
      .orderBy('cs.recorded_at')
      .execute(),
    db.selectFrom('prosecution_court_date').selectAll().where('case_id', '=', caseId).orderBy('hearing_date').execute(),
  ]);
  const serviceIds = courtDates.flatMap((c) => c.service_ids);
  const services = serviceIds.length
    ? await db.selectFrom('support_service').select(['id', 'type', 'status']).where('id', 'in', serviceIds).execute()
    : [];
  const verdictView = (v: (typeof verdicts)[number]) => ({
    id: v.id,
    suspectId: v.suspect_id,
    instance: v.instance as 'first_instance' | 'appeal',
    outcome: v.outcome as 'convicted' | 'acquitted',
    date: v.verdict_date,
    court: v.court,
    sentenceKind: v.sentence_kind as ProsecutionFileView['accused'][number]['verdicts'][number]['sentenceKind'],
    prisonYears: v.prison_years,
    prisonMonths: v.prison_months,
    fineVnd: v.fine_vnd,
    otherPenalty: dec(ctx, v.other_penalty),
  });
  const accusedById = new Map<string, ProsecutionFileView['accused'][number]>();
  for (const a of accused) {
    const entry = accusedById.get(a.id) ?? { suspectId: a.id, name: a.full_name, roles: [], verdicts: [] };
    entry.roles.push(a.role);
    accusedById.set(a.id, entry);
  }
  for (const v of verdicts) accusedById.get(v.suspect_id)?.verdicts.push(verdictView(v));
  const history: ProceedingStep[] = steps.map((s) => ({
    kind: s.kind as ProceedingKind,
    date: s.step_date,
    reason: s.reason,
  }));
  return {
    caseId,
    caseReference: kase.reference,
    version: file?.version ?? 0,
    steps: steps.map((s) => ({
      id: s.id,
      kind: s.kind as ProceedingKind,
      date: s.step_date,
      authority: s.authority,
      authorityKind: s.authority_kind,
      authorityLevel: s.authority_level,
      decision: dec(ctx, s.decision),
      documentNumber: s.document_number,
      reason: dec(ctx, s.reason),
      recordedAt: s.recorded_at.toISOString(),
    })),
    nextSteps: nextSteps(history, today()),
    charges: charges.map((c) => ({
      id: c.id,
      suspectId: c.suspect_id,
      article: c.article as ProsecutionFileView['charges'][number]['article'],
      otherArticle: c.other_article,
      clause: c.clause,
      outcome: c.outcome as ProsecutionFileView['charges'][number]['outcome'],
      recordedAt: c.recorded_at.toISOString(),
    })),
    accused: [...accusedById.values()],
    victim: {
      witnessParticipation: file?.witness_participation ?? null,
      witnessStatus: (file?.witness_status ?? 'not_asked') as ProsecutionFileView['victim']['witnessStatus'],
      protectionRequested: (file?.protection_requested ?? []) as ProsecutionFileView['victim']['protectionRequested'],
      protectionGranted: (file?.protection_granted ?? []) as ProsecutionFileView['victim']['protectionGranted'],
      compensationClaimedVnd: file?.compensation_claimed_vnd ?? null,
      compensationAwardedVnd: file?.compensation_awarded_vnd ?? null,
      notes: dec(ctx, file?.victim_notes ?? null),
    },
    courtDates: courtDates.map((c) => ({
      id: c.id,
      date: c.hearing_date,
      hearing: c.hearing as 'first_instance' | 'appeal' | 'other',
      court: c.court,
      services: c.service_ids.flatMap((id) => {
        const s = services.find((x) => x.id === id);
        return s ? [{ id: s.id, type: s.type as 'legal_aid', status: s.status }] : [];
      }),
    })),
    can: {
      recordProceedings: canRecordOnCase(actor, access.relation),
      recordCourtSide: canRecordCourtSide(actor, access.relation),
    },
  };
}

export async function getProsecutionFile(ctx: AppContext, actor: Actor, caseId: string): Promise<ProsecutionFileView> {
  const access = await requireCaseProsecution(ctx.db, actor, caseId);
  const file = await loadFile(ctx, ctx.db, actor, access);
  await audit(ctx.db, actor, 'prosecution.file_read', caseId, {
    steps: file.steps.length,
    charges: file.charges.length,
    accused: file.accused.length,
  });
  return file;
}

/**
 * Bumps the file's version (creating the file at version 1), after checking `expected` when given. The
 * caller holds the case row's lock (the gates' `lock`), so two writers of one file queue here.
 */
async function bumpVersion(
  trx: Kysely<DB>,
  actor: Actor,
  caseId: string,
  expected: number | undefined,
  victim?: Partial<Insertable<ProsecutionFileTable>>,
): Promise<void> {
  const current = await trx
    .selectFrom('prosecution_file')
    .select('version')
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (expected !== undefined && (current?.version ?? 0) !== expected) throw stale();
  if (current)
    await trx
      .updateTable('prosecution_file')
      .set({
        ...(victim ?? {}),
        version: sql<number>`version + 1` as never,
        updated_by: actor.userId,
        updated_at: sql<Date>`now()` as never,
      })
      .where('case_id', '=', caseId)
      .execute();
  else
    await trx
      .insertInto('prosecution_file')
      .values({ ...(victim ?? {}), case_id: caseId, updated_by: actor.userId, updated_at: sql<Date>`now()` as never })
      .execute();
}

function outOfOrder(refusal: NonNullable<ReturnType<typeof replaySteps>['refusal']>, kind: ProceedingKind): Problem {
  return new Problem('illegal-transition', refusal.message, {
    reason: refusal.reason,
    step: kind,
    ...(refusal.requires ? { requires: refusal.requires } : {}),
    ...(refusal.notBefore ? { notBefore: refusal.notBefore } : {}),
  });
}

const historyOf = async (trx: Kysely<DB>, caseId: string) =>
  trx
    .selectFrom('prosecution_step')
    .select(['id', 'kind', 'step_date', 'reason', 'seq'])
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();

/** Records the next step of the proceedings, if the order of the Criminal Procedure Code allows it (409 otherwise). */
export async function addStep(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  input: z.infer<typeof stepCreateSchema>,
): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    await requireProceedingRecording(trx, actor, caseId, input.kind, true);
    const rows = await historyOf(trx, caseId);
    const history: ProceedingStep[] = rows.map((r) => ({
      kind: r.kind as ProceedingKind,
      date: r.step_date,
      reason: r.reason ? 'given' : null,
    }));
    const candidate = { kind: input.kind, date: input.date, reason: input.reason ?? null };
    const replay = replaySteps([...history, candidate], today());
    if (replay.refusal) throw outOfOrder(replay.refusal, input.kind);
    const id = crypto.randomUUID();
    await trx
      .insertInto('prosecution_step')
      .values({
        id,
        case_id: caseId,
        kind: input.kind,
        step_date: input.date,
        authority: input.authority,
        authority_kind: input.authorityKind,
        authority_level: input.authorityLevel,
        decision: enc(ctx, input.decision),
        document_number: input.documentNumber || null,
        reason: enc(ctx, input.reason),
        seq: (rows.at(-1)?.seq ?? 0) + 1,
        recorded_by: actor.userId,
        updated_at: sql<Date>`now()` as never,
      })
      .execute();
    await bumpVersion(trx, actor, caseId, undefined);
    await audit(trx, actor, 'prosecution.step_create', caseId, { stepId: id });
    return id;
  });
}

/** Corrects a step (its kind stays); the whole sequence must still be in order. */
export async function updateStep(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  stepId: string,
  version: number,
  patch: z.infer<typeof stepPatchSchema>,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const step = await trx
      .selectFrom('prosecution_step')
      .select(['kind'])
      .where('id', '=', stepId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!step) {
      // a step of a case the caller may not see is as unknown as the case
      await requireCaseProsecution(trx, actor, caseId);
      throw notFound('step');
    }
    await requireProceedingRecording(trx, actor, caseId, step.kind as ProceedingKind, true);
    const rows = await historyOf(trx, caseId);
    const history: ProceedingStep[] = rows.map((r) =>
      r.id === stepId
        ? {
            kind: r.kind as ProceedingKind,
            date: patch.date ?? r.step_date,
            reason: patch.reason !== undefined ? patch.reason : r.reason ? 'given' : null,
          }
        : { kind: r.kind as ProceedingKind, date: r.step_date, reason: r.reason ? 'given' : null },
    );
    const replay = replaySteps(history, today());
    if (replay.refusal) throw outOfOrder(replay.refusal, history[replay.index]!.kind);
    await bumpVersion(trx, actor, caseId, version);
    await trx
      .updateTable('prosecution_step')
      .set({
        ...(patch.date !== undefined ? { step_date: patch.date } : {}),
        ...(patch.authority !== undefined ? { authority: patch.authority } : {}),
        ...(patch.authorityKind !== undefined ? { authority_kind: patch.authorityKind } : {}),
        ...(patch.authorityLevel !== undefined ? { authority_level: patch.authorityLevel } : {}),
        ...(patch.decision !== undefined ? { decision: enc(ctx, patch.decision) } : {}),
        ...(patch.documentNumber !== undefined ? { document_number: patch.documentNumber || null } : {}),
        ...(patch.reason !== undefined ? { reason: enc(ctx, patch.reason) } : {}),
        updated_at: sql<Date>`now()` as never,
      })
      .where('id', '=', stepId)
      .execute();
    await audit(trx, actor, 'prosecution.step_update', caseId, { stepId, fields: Object.keys(patch).sort() });
  });
}

/** The accused must be a suspect linked to this case (a 400 naming the field otherwise). */
async function requireAccused(trx: Kysely<DB>, caseId: string, suspectId: string): Promise<void> {
  const link = await trx
    .selectFrom('case_suspect')
    .select('id')
    .where('case_id', '=', caseId)
    .where('suspect_id', '=', suspectId)
    .executeTakeFirst();
  if (!link)
    throw new Problem(
      'validation',
      'The accused must be a suspect linked to this case: link the suspect to the case first.',
      {
        errors: [{ field: 'body.suspectId', message: 'not a suspect of this case' }],
      },
    );
}

export async function addCharge(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  input: z.infer<typeof chargeCreateSchema>,
): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    await requireCaseRecording(trx, actor, caseId, true);
    await requireAccused(trx, caseId, input.suspectId);
    if (input.article !== 'other') {
      const dup = await trx
        .selectFrom('prosecution_charge')
        .select('id')
        .where('case_id', '=', caseId)
        .where('suspect_id', '=', input.suspectId)
        .where('article', '=', input.article)
        .executeTakeFirst();
      if (dup)
        throw new Problem('conflict', 'This accused is already charged under this article in this case.', {
          reason: 'charge-exists',
          chargeId: dup.id,
        });
    }
    const id = crypto.randomUUID();
    await trx
      .insertInto('prosecution_charge')
      .values({
        id,
        case_id: caseId,
        suspect_id: input.suspectId,
        article: input.article,
        other_article: input.article === 'other' ? (input.otherArticle ?? null) : null,
        clause: input.clause || null,
        outcome: input.outcome ?? 'under_investigation',
        recorded_by: actor.userId,
        updated_at: sql<Date>`now()` as never,
      })
      .execute();
    await bumpVersion(trx, actor, caseId, undefined);
    await audit(trx, actor, 'prosecution.charge_create', caseId, { chargeId: id });
    return id;
  });
}

export async function updateCharge(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  chargeId: string,
  version: number,
  patch: z.infer<typeof chargePatchSchema>,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await requireCaseCourtSide(trx, actor, caseId, true);
    const charge = await trx
      .selectFrom('prosecution_charge')
      .select('id')
      .where('id', '=', chargeId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!charge) throw notFound('charge');
    await bumpVersion(trx, actor, caseId, version);
    await trx
      .updateTable('prosecution_charge')
      .set({ outcome: patch.outcome, updated_at: sql<Date>`now()` as never })
      .where('id', '=', chargeId)
      .execute();
    await audit(trx, actor, 'prosecution.charge_update', caseId, { chargeId, fields: ['outcome'] });
  });
}

/** The verdict on one accused at one instance; the trial must be recorded first. */
export async function recordVerdict(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  input: z.infer<typeof verdictInputSchema>,
): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    await requireCaseCourtSide(trx, actor, caseId, true);
    await requireAccused(trx, caseId, input.suspectId);
    if (input.date > today())
      throw new Problem('validation', 'The date of a verdict cannot be in the future.', {
        errors: [{ field: 'body.date', message: 'in the future' }],
      });
    const trial: ProceedingKind = input.instance === 'appeal' ? 'appeal_trial' : 'first_instance_trial';
    const step = await trx
      .selectFrom('prosecution_step')
      .select('step_date')
      .where('case_id', '=', caseId)
      .where('kind', '=', trial)
      .orderBy('seq', 'desc')
      .executeTakeFirst();
    if (!step)
      throw new Problem(
        'illegal-transition',
        `A verdict needs ${trial === 'appeal_trial' ? 'the appeal trial' : 'the first-instance trial'} recorded first.`,
        {
          reason: 'requires-step',
          requires: trial,
        },
      );
    const existing = await trx
      .selectFrom('prosecution_verdict')
      .select('id')
      .where('case_id', '=', caseId)
      .where('suspect_id', '=', input.suspectId)
      .where('instance', '=', input.instance)
      .executeTakeFirst();
    if (existing)
      throw new Problem('conflict', 'A verdict at this instance is already recorded for this accused.', {
        reason: 'verdict-exists',
        verdictId: existing.id,
      });
    const id = crypto.randomUUID();
    await trx
      .insertInto('prosecution_verdict')
      .values({
        id,
        case_id: caseId,
        suspect_id: input.suspectId,
        instance: input.instance,
        outcome: input.outcome,
        verdict_date: input.date,
        court: input.court,
        sentence_kind: input.sentenceKind,
        prison_years: input.prisonYears ?? null,
        prison_months: input.prisonMonths ?? null,
        fine_vnd: input.fineVnd ?? null,
        other_penalty: enc(ctx, input.otherPenalty),
        recorded_by: actor.userId,
      })
      .execute();
    // the charges against this accused follow the verdict
    await trx
      .updateTable('prosecution_charge')
      .set({ outcome: input.outcome, updated_at: sql<Date>`now()` as never })
      .where('case_id', '=', caseId)
      .where('suspect_id', '=', input.suspectId)
      .where('outcome', 'in', ['under_investigation', 'indicted', 'convicted', 'acquitted'])
      .execute();
    await bumpVersion(trx, actor, caseId, undefined);
    await audit(trx, actor, 'prosecution.verdict_record', caseId, { verdictId: id });
    return id;
  });
}

export async function putVictimSide(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  version: number,
  input: z.infer<typeof victimSideInputSchema>,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await requireCaseCourtSide(trx, actor, caseId, true);
    await bumpVersion(trx, actor, caseId, version, {
      witness_participation: input.witnessParticipation,
      witness_status: input.witnessStatus,
      protection_requested: [...new Set(input.protectionRequested)],
      protection_granted: [...new Set(input.protectionGranted)],
      compensation_claimed_vnd: input.compensationClaimedVnd,
      compensation_awarded_vnd: input.compensationAwardedVnd,
      victim_notes: enc(ctx, input.notes),
    });
    await audit(trx, actor, 'prosecution.victim_update', caseId, { fields: Object.keys(input).sort() });
  });
}

/**
 * A court date the victim attends. It puts on the case's support plan legal aid for the hearing (a lawyer
 * or legal aid officer who assists and accompanies the victim) and, when the person's languages do not
 * include Vietnamese, interpretation: ordinary services, planned on the hearing's date.
 */
export async function addCourtDate(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  input: z.infer<typeof courtDateCreateSchema>,
): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    const access = await requireCaseCourtSide(trx, actor, caseId, true);
    const person = await trx
      .selectFrom('person')
      .select('languages')
      .where('id', '=', access.personId)
      .executeTakeFirstOrThrow();
    const types: ('legal_aid' | 'interpretation')[] = ['legal_aid'];
    if (person.languages.length > 0 && !person.languages.includes('vi')) types.push('interpretation');
    const hearing = input.hearing === 'first_instance' ? 'sơ thẩm' : input.hearing === 'appeal' ? 'phúc thẩm' : '';
    const serviceIds: string[] = [];
    for (const type of types) {
      const serviceId = crypto.randomUUID();
      const what = type === 'legal_aid' ? 'trợ giúp pháp lý và đi cùng nạn nhân' : 'phiên dịch cho nạn nhân';
      await trx
        .insertInto('support_service')
        .values({
          id: serviceId,
          case_id: caseId,
          type,
          provider_agency_id: null,
          status: 'planned',
          planned_date: input.date,
          notes: ctx.keys.encrypt(
            `Phiên tòa ${hearing} ngày ${input.date} (${input.court}): ${what}.`.replace('  ', ' '),
          ),
          created_by: actor.userId,
          updated_at: sql<Date>`now()` as never,
        })
        .execute();
      serviceIds.push(serviceId);
      await recordAudit(
        trx,
        { actor, clientIp: actor.clientIp },
        { action: 'service.create', outcome: 'success', recordType: 'case', recordId: caseId, details: { serviceId } },
      );
    }
    const id = crypto.randomUUID();
    await trx
      .insertInto('prosecution_court_date')
      .values({
        id,
        case_id: caseId,
        hearing_date: input.date,
        hearing: input.hearing,
        court: input.court,
        service_ids: serviceIds,
        recorded_by: actor.userId,
      })
      .execute();
    await bumpVersion(trx, actor, caseId, undefined);
    await audit(trx, actor, 'prosecution.court_date_create', caseId, { courtDateId: id, services: serviceIds.length });
    return id;
  });
}

/** The label of a step in Vietnamese (the dossier). */
export const stepLabel = (kind: ProceedingKind) => PROCEEDING_LABELS[kind].vi;
