// Screening records on a case. The classification is computed on the server from
// the answers (never trusted from the client), stored encrypted with the set
// version it used, and frozen once final: a new screening supersedes, the old stays.
import crypto from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../platform/actor.js';
import { recordAudit } from '../access/audit.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/database.js';
import type { DB, ScreeningTable } from '../platform/db-schema.js';
import { Problem } from '../platform/problems.js';
import { requireCaseEdit, requireCasePart } from '../access/case-gate.js';
import { transitionCase } from '../registry/cases.js';
import { checkTransition } from '../access/policy.js';
import type { ExploitationType } from '../contract/codes.js';
import { classify, ScreeningInputError, type Classification } from './classify.js';
import { triage } from './health-triage.js';
import type { IndicatorSet } from './indicator-set.js';
import type { Answers } from '../contract/screening.js';
import type { screeningCreateSchema, screeningSchema } from '../contract/schemas/screening.js';
import { getSet } from './sets.js';
import { derivePopulation } from '../contract/screening.js';

type ScreeningInput = z.infer<typeof screeningCreateSchema>;
type ScreeningView = z.infer<typeof screeningSchema>;

/** The explanation clients see: the classifier's result without internal counters. */
export function explain(c: Classification) {
  return {
    outcome: c.outcome,
    dimensions: c.dimensions.map((d) => ({ id: d.id, met: d.met, present: d.present })),
    askNext: c.askNext,
    elements: c.elements,
  };
}

/** Classifies, turning bad answers into a 400 that names each one. */
export function classifyOrProblem(set: IndicatorSet, answers: Answers, prefix = 'body'): Classification {
  try {
    return classify(set, answers);
  } catch (error) {
    if (error instanceof ScreeningInputError) {
      throw new Problem('validation', `Some answers do not belong to ${set.id}.`, {
        errors: error.errors.map((e) => ({ ...e, field: `${prefix}.${e.field}` })),
      });
    }
    throw error;
  }
}

function healthFlagsOrProblem(answers: Answers | undefined) {
  if (!answers) return [];
  try {
    return triage(answers).flags.map((f) => f.id);
  } catch (error) {
    if (error instanceof ScreeningInputError)
      throw new Problem('validation', 'Some health triage answers are not items of the checklist.', {
        errors: error.errors.map((e) => ({ ...e, field: `body.healthAnswers.${e.field.replace(/^answers\./, '')}` })),
      });
    throw error;
  }
}

function chooseSet(
  input: Pick<ScreeningInput, 'instrument' | 'population'>,
  person: { ageYears: number | null; isMinor: boolean | null },
  types: readonly string[],
): IndicatorSet {
  const id =
    input.instrument !== 'ilo-2009'
      ? input.instrument
      : input.population
        ? `ilo-2009-${input.population}`
        : derivePopulation(person.ageYears, person.isMinor, types as ExploitationType[]);
  return getSet(id)!;
}

export function screeningView(ctx: AppContext, row: Selectable<ScreeningTable>): ScreeningView {
  const result = JSON.parse(ctx.keys.decrypt(row.result)) as ScreeningView['explanation'];
  return {
    id: row.id,
    caseId: row.case_id,
    eventId: row.event_id,
    instrument: row.instrument,
    setVersion: row.set_version,
    status: row.status,
    outcome: row.outcome,
    explanation: result,
    answers: JSON.parse(ctx.keys.decrypt(row.answers)),
    healthFlags: row.health_flags,
    healthAnswers: row.health_answers ? JSON.parse(ctx.keys.decrypt(row.health_answers)) : null,
    location: row.location,
    conductedAt: new Date(row.conducted_at).toISOString(),
    interpreterUsed: row.interpreter_used,
    notes: row.notes ? ctx.keys.decrypt(row.notes) : null,
    conductedBy: row.conducted_by,
    supersededBy: row.superseded_by,
    version: row.version,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Records a screening on a case. A final screening supersedes the case's previous
 * final one and, when it finds a presumed or possible victim on a case still
 * `received`, moves the case to `under_verification` with the screening as the reason.
 */
export async function recordScreening(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  input: ScreeningInput,
  db: Kysely<DB> = ctx.db,
): Promise<ScreeningView> {
  return inTransaction(db, async (trx) => {
    const access = await requireCaseEdit(trx, actor, caseId, true);
    if (access.status === 'closed')
      throw new Problem('conflict', 'This case is closed; it cannot be screened.', { reason: 'case-closed' });
    const set = chooseSet(
      input,
      { ageYears: access.personAgeYears, isMinor: access.personIsMinor },
      access.exploitationTypes,
    );
    const result = classifyOrProblem(set, input.answers, 'body');
    const flags = healthFlagsOrProblem(input.healthAnswers);
    const event = await trx
      .selectFrom('screening_event_case')
      .select('event_id')
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    const id = crypto.randomUUID();
    await trx
      .insertInto('screening')
      .values({
        id,
        case_id: caseId,
        event_id: event?.event_id ?? null,
        instrument: set.id,
        set_version: set.version,
        status: input.final ? 'final' : 'draft',
        outcome: result.outcome,
        answers: ctx.keys.encrypt(JSON.stringify(input.answers)),
        result: ctx.keys.encrypt(JSON.stringify(explain(result))),
        health_answers: input.healthAnswers ? ctx.keys.encrypt(JSON.stringify(input.healthAnswers)) : null,
        health_flags: flags,
        location: input.location,
        conducted_at: input.conductedAt,
        interpreter_used: input.interpreterUsed ?? false,
        notes: input.notes ? ctx.keys.encrypt(input.notes) : null,
        conducted_by: actor.userId,
        agency_id: actor.agencyId,
        finalised_at: input.final ? (sql<Date>`now()` as never) : null,
      })
      .execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'screening.create',
        outcome: 'success',
        recordType: 'case',
        recordId: caseId,
        details: { screeningId: id },
      },
    );
    const moved = input.final ? await afterFinal(ctx, trx, actor, caseId, id, result.outcome, access.status) : false;
    const row = await trx.selectFrom('screening').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { ...screeningView(ctx, row), movedToVerification: moved };
  });
}

async function afterFinal(
  ctx: AppContext,
  trx: Kysely<DB>,
  actor: Actor,
  caseId: string,
  screeningId: string,
  outcome: string,
  status: string,
): Promise<boolean> {
  await trx
    .updateTable('screening')
    .set({ superseded_by: screeningId })
    .where('case_id', '=', caseId)
    .where('status', '=', 'final')
    .where('superseded_by', 'is', null)
    .where('id', '<>', screeningId)
    .execute();
  if (
    status !== 'received' ||
    outcome === 'no_indicators_met' ||
    !checkTransition('received', 'under_verification', actor.roles).ok
  )
    return false;
  const label = outcome === 'presumed_victim' ? 'presumed victim' : 'possible victim';
  await transitionCase(
    ctx,
    actor,
    caseId,
    'under_verification',
    `Screening ${screeningId}: ${label} (ILO indicators)`,
    undefined,
    trx,
  );
  return true;
}

/** Finalises a draft: it is classified again (answers may have been edited) and frozen. */
export async function finaliseScreening(ctx: AppContext, actor: Actor, screeningId: string): Promise<ScreeningView> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('screening')
      .selectAll()
      .where('id', '=', screeningId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new Problem('not-found', 'No screening with this id exists, or you may not see it.');
    const access = await requireCaseEdit(trx, actor, row.case_id, true);
    if (row.status === 'final')
      throw new Problem('conflict', 'This screening is final already; record a new one to supersede it.', {
        reason: 'screening-final',
      });
    await trx
      .updateTable('screening')
      .set({ status: 'final', finalised_at: sql<Date>`now()` as never, version: sql<number>`version + 1` as never })
      .where('id', '=', screeningId)
      .execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'screening.finalise',
        outcome: 'success',
        recordType: 'case',
        recordId: row.case_id,
        details: { screeningId },
      },
    );
    const moved = await afterFinal(ctx, trx, actor, row.case_id, screeningId, row.outcome, access.status);
    return {
      ...screeningView(
        ctx,
        await trx.selectFrom('screening').selectAll().where('id', '=', screeningId).executeTakeFirstOrThrow(),
      ),
      movedToVerification: moved,
    };
  });
}

export async function listScreenings(ctx: AppContext, actor: Actor, caseId: string): Promise<ScreeningView[]> {
  await requireCasePart(ctx.db, actor, caseId, 'screening');
  const rows = await ctx.db
    .selectFrom('screening')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    { action: 'case.screenings_read', outcome: 'success', recordType: 'case', recordId: caseId },
  );
  return rows.map((r) => screeningView(ctx, r));
}
