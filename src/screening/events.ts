// Repatriation screening events: many returnees registered at one border gate in
// one go (form, or a roster upload registered by a background job one chunk per
// transaction; both validate every row first and register nothing if one is bad),
// each with a case in `received`, then screened one by one; the board shows where
// the event stands.
import crypto from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../platform/actor.js';
import { listReadEvent, recordAudit } from '../access/audit.js';
import { actorOfUser, requireAgencyByCode } from '../access/directory.js';
import { canReadBorderEvent, canRegisterAtBorderEvent } from '../access/policy.js';
import { ownAgencyCondition, visibleCaseCondition } from '../access/policy-sql.js';
import { attachToRepatriationGroup, insertRepatriationGroup } from '../assistance/repatriation.js';
import type { AppContext } from '../platform/context.js';
import type { DB } from '../platform/db-schema.js';
import { deleteJobItems, enqueueJob, JobFailure, nextJobItems, type Job, type JobHandler } from '../platform/jobs.js';
import { notFound, Problem } from '../platform/problems.js';
import { createCase } from '../registry/cases.js';
import { PERSON_SUMMARY_COLUMNS, personSummary, createPerson } from '../registry/persons.js';
import { checkRoster, splitName, type RowError } from './roster.js';
import type { eventCreateSchema, Returnee } from '../contract/schemas/screening.js';
import type { RosterDuplicate } from '../contract/schemas/dataio.js';
import { nameTokens } from '../contract/names.js';

export async function createEvent(ctx: AppContext, actor: Actor, input: z.infer<typeof eventCreateSchema>) {
  const id = crypto.randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    const agencies = [];
    for (const [i, code] of input.agencies.entries())
      agencies.push((await requireAgencyByCode(trx, code, `body.agencies.${i}`)).code);
    const groupId = await insertRepatriationGroup(trx, actor, {
      returnDate: input.date,
      countryFrom: input.countryFrom,
      borderGate: input.borderGate,
      expectedCount: input.expectedCount,
    });
    await trx
      .insertInto('screening_event')
      .values({
        id,
        owner_agency_id: actor.agencyId,
        repatriation_group_id: groupId,
        border_gate: input.borderGate,
        event_date: input.date,
        country_from: input.countryFrom,
        expected_count: input.expectedCount ?? null,
        agencies_present: agencies,
        created_by: actor.userId,
      })
      .execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      { action: 'screening_event.create', outcome: 'success', recordType: 'screening_event', recordId: id },
    );
  });
  return eventBoard(ctx, actor, id);
}

type EventRow = Selectable<DB['screening_event']>;

/** The event if the caller may see its board (its agency's casework roles); others see it as not existing. */
async function readableEvent(db: Kysely<DB>, actor: Actor, eventId: string): Promise<EventRow> {
  const event = await db.selectFrom('screening_event').selectAll().where('id', '=', eventId).executeTakeFirst();
  if (!event || !canReadBorderEvent(actor, { ownerAgencyId: event.owner_agency_id })) throw notFound('screening event');
  return event;
}

/**
 * The event if the caller may register returnees at it, locked for the rest of
 * `trx` when given one, so that concurrent registrations number their rows in turn.
 */
async function eventForRegistration(db: Kysely<DB>, actor: Actor, eventId: string, lock = false): Promise<EventRow> {
  let query = db.selectFrom('screening_event').selectAll().where('id', '=', eventId);
  if (lock) query = query.forUpdate();
  const event = await query.executeTakeFirst();
  if (!event || !canRegisterAtBorderEvent(actor, { ownerAgencyId: event.owner_agency_id }))
    throw notFound('screening event');
  return event;
}

/** Checks that the caller may register at the event before anything is read or parsed (404 otherwise). */
export async function checkCanRegister(ctx: AppContext, actor: Actor, eventId: string): Promise<void> {
  await eventForRegistration(ctx.db, actor, eventId);
}

/**
 * Registers already validated returnees at a locked event in `trx`: for each a
 * person, a case in `received`, a repatriation record in the event's group and
 * the event's row, with their audit events. Kept short by its callers (at most a
 * chunk of rows), since it holds the database while it runs.
 */
async function registerInTransaction(
  ctx: AppContext,
  trx: Kysely<DB>,
  actor: Actor,
  event: EventRow,
  returnees: readonly Returnee[],
  jobId: string | null,
): Promise<{ caseId: string; personId: string }[]> {
  const start = Number(
    (
      await trx
        .selectFrom('screening_event_case')
        .select((eb) => eb.fn.coalesce(eb.fn.max('row_number'), sql<number>`0`).as('n'))
        .where('event_id', '=', event.id)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const registered = [];
  for (const [i, r] of returnees.entries()) {
    const person = await createPerson(
      ctx,
      actor,
      {
        ...splitName(r.name),
        sex: r.sex,
        estimatedAgeYears: r.estimatedAgeYears ?? null,
        citizenship: r.citizenship,
        contact: r.phone ? { phone: r.phone } : null,
      },
      trx,
    );
    const opened = await createCase(
      ctx,
      actor,
      { personId: person.id, reachedVia: 'repatriation', route: { destinationCountry: event.country_from } },
      trx,
    );
    await attachToRepatriationGroup(trx, actor, opened.id, event.repatriation_group_id);
    await trx
      .insertInto('screening_event_case')
      .values({ event_id: event.id, case_id: opened.id, row_number: start + i + 1 })
      .execute();
    registered.push({ caseId: opened.id, personId: person.id });
  }
  await recordAudit(
    trx,
    { actor, clientIp: actor.clientIp },
    {
      action: 'screening_event.register',
      outcome: 'success',
      recordType: 'screening_event',
      recordId: event.id,
      details: { count: registered.length, ...(jobId ? { jobId } : {}) },
    },
  );
  return registered;
}

/**
 * Registers returnees from the form (all or none, in one short transaction: the
 * form sends at most FORM_MAX_RETURNEES). Every bad row is reported with its number.
 */
export async function registerReturnees(
  ctx: AppContext,
  actor: Actor,
  eventId: string,
  rows: readonly unknown[],
): Promise<{ registered: { row: number; caseId: string; personId: string }[] }> {
  await eventForRegistration(ctx.db, actor, eventId);
  const { returnees, errors } = checkRoster(rows);
  if (errors.length) throw rosterProblem(errors, rows.length);
  return ctx.db.transaction().execute(async (trx) => {
    const event = await eventForRegistration(trx, actor, eventId, true);
    const registered = await registerInTransaction(ctx, trx, actor, event, returnees, null);
    return { registered: registered.map((r, i) => ({ row: i + 1, ...r })) };
  });
}

export const ROSTER_JOB = 'screening.roster';

/** One chunk of a roster job: the returnees with their row numbers in the file. */
type RosterChunk = { row: number; returnee: Returnee }[];

const nameKey = (name: string) => nameTokens(name).sort().join(' ');
const sexesAgree = (a: string, b: string) => a === b || a === 'unknown' || b === 'unknown';
const agesAgree = (a: number | null | undefined, b: number | null | undefined) =>
  a === null || a === undefined || b === null || b === undefined || Math.abs(a - b) <= 1;

/**
 * Rows of a roster that match persons already registered at the event: the same name (accents, case and
 * word order aside), the same sex (or one unknown) and ages at most a year apart (or one unknown), among
 * the event's returnees the caller may see. A roster uploaded twice matches itself row for row.
 */
export async function rosterDuplicates(
  db: Kysely<DB>,
  actor: Actor,
  eventId: string,
  returnees: readonly Returnee[],
): Promise<RosterDuplicate[]> {
  if (returnees.length === 0) return [];
  const registered = await db
    .selectFrom('screening_event_case as ec')
    .innerJoin('case_file as c', 'c.id', 'ec.case_id')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .select(['ec.row_number', 'c.id', 'c.reference', ...PERSON_SUMMARY_COLUMNS])
    .where('ec.event_id', '=', eventId)
    .where(visibleCaseCondition(actor))
    .orderBy('ec.row_number')
    .execute();
  const byName = new Map<
    string,
    { row: number; caseId: string; reference: string; sex: string; age: number | null }[]
  >();
  for (const r of registered) {
    const key = nameKey([r.family_name, r.middle_name, r.given_name].filter(Boolean).join(' '));
    const list = byName.get(key) ?? [];
    list.push({
      row: r.row_number,
      caseId: r.id,
      reference: r.reference,
      sex: r.sex,
      age: personSummary({ ...r, id: r.id }).ageYears,
    });
    byName.set(key, list);
  }
  const duplicates: RosterDuplicate[] = [];
  returnees.forEach((returnee, index) => {
    const match = (byName.get(nameKey(returnee.name)) ?? []).find(
      (r) => sexesAgree(r.sex, returnee.sex) && agesAgree(r.age, returnee.estimatedAgeYears),
    );
    if (match)
      duplicates.push({
        row: index + 1,
        name: returnee.name,
        matchesRow: match.row,
        caseId: match.caseId,
        reference: match.reference,
      });
  });
  return duplicates;
}

/** A roster checked without registering anything: its rows (any bad row: the same 400), and its duplicates. */
export async function dryRunRoster(ctx: AppContext, actor: Actor, eventId: string, rows: readonly unknown[]) {
  await eventForRegistration(ctx.db, actor, eventId);
  const { returnees, errors } = checkRoster(rows);
  if (errors.length) throw rosterProblem(errors, rows.length);
  const duplicates = await rosterDuplicates(ctx.db, actor, eventId, returnees);
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    {
      action: 'screening_event.roster_check',
      outcome: 'success',
      recordType: 'screening_event',
      recordId: eventId,
      details: { count: returnees.length, matches: duplicates.length },
    },
  );
  return { rows: returnees.length, duplicates, wouldRegister: returnees.length - duplicates.length };
}

/**
 * Accepts a roster for registration: every row is validated first (any bad row:
 * a 400 listing them all, nothing stored), then the rows are stored encrypted in
 * chunks for a job that registers one chunk per transaction. Rows matching persons
 * already registered at the event are skipped unless `includeDuplicates`.
 * Returns the queued job (null when nothing is left to register) and the duplicates.
 */
export async function startRosterRegistration(
  ctx: AppContext,
  actor: Actor,
  eventId: string,
  rows: readonly unknown[],
  options: { includeDuplicates?: boolean } = {},
): Promise<{ job: Job | null; rows: number; duplicates: RosterDuplicate[]; skipped: number }> {
  await eventForRegistration(ctx.db, actor, eventId);
  const { returnees, errors } = checkRoster(rows);
  if (errors.length) throw rosterProblem(errors, rows.length);
  const duplicates = await rosterDuplicates(ctx.db, actor, eventId, returnees);
  const skip = new Set(options.includeDuplicates ? [] : duplicates.map((d) => d.row));
  const kept = returnees.map((returnee, i) => ({ row: i + 1, returnee })).filter((r) => !skip.has(r.row));
  if (kept.length === 0) {
    await recordAudit(
      ctx.db,
      { actor, clientIp: actor.clientIp },
      {
        action: 'screening_event.roster_accept',
        outcome: 'success',
        recordType: 'screening_event',
        recordId: eventId,
        details: { count: 0, matches: duplicates.length },
      },
    );
    return { job: null, rows: returnees.length, duplicates, skipped: skip.size };
  }
  const size = ctx.config.rosterChunkRows;
  const items: string[] = [];
  for (let from = 0; from < kept.length; from += size) {
    const chunk: RosterChunk = kept.slice(from, from + size);
    items.push(JSON.stringify(chunk));
  }
  const job = await ctx.db.transaction().execute(async (trx) => {
    const queued = await enqueueJob(trx, ctx.keys, {
      kind: ROSTER_JOB,
      createdBy: actor.userId,
      agencyId: actor.agencyId,
      clientIp: actor.clientIp,
      params: { eventId, rows: kept.length },
      total: kept.length,
      items,
    });
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'screening_event.roster_accept',
        outcome: 'success',
        recordType: 'screening_event',
        recordId: eventId,
        details: { jobId: queued.id, count: kept.length, matches: duplicates.length },
      },
    );
    return queued;
  });
  return { job, rows: returnees.length, duplicates, skipped: skip.size };
}

/**
 * The job's user as they are now: a job does not outlive its starter's account or
 * permissions (checked again at every chunk).
 */
async function actorOfJob(db: Kysely<DB>, job: Job): Promise<Actor> {
  const user = await actorOfUser(db, job.createdBy, job.clientIp);
  if (!user || user.disabled)
    throw new JobFailure('forbidden', 'The account that uploaded the roster is disabled; the rest was not registered.');
  return user.actor;
}

/** Registers a roster one chunk per step; a chunk's item is deleted in the transaction that registers it. */
export function rosterJobHandler(ctx: AppContext): JobHandler {
  return {
    kind: ROSTER_JOB,
    async step(trx, job) {
      const actor = await actorOfJob(trx, job);
      const eventId = String(job.params.eventId);
      let event: EventRow;
      try {
        event = await eventForRegistration(trx, actor, eventId, true);
      } catch {
        throw new JobFailure(
          'forbidden',
          'The user who uploaded the roster may no longer register returnees at this event; the rest was not registered.',
        );
      }
      const [item] = await nextJobItems(trx, ctx.keys, job.id, 1);
      if (!item) return { done: job.done, finished: true, result: { eventId, registered: job.done } };
      const chunk = JSON.parse(item.payload) as RosterChunk;
      await registerInTransaction(
        ctx,
        trx,
        actor,
        event,
        chunk.map((c) => c.returnee),
        job.id,
      );
      await deleteJobItems(trx, job.id, [item.seq]);
      const done = job.done + chunk.length;
      const finished = (await nextJobItems(trx, ctx.keys, job.id, 1)).length === 0;
      return { done, finished, ...(finished ? { result: { eventId, registered: done } } : {}) };
    },
  };
}

export function rosterProblem(errors: RowError[], total: number) {
  const rows = [...new Set(errors.map((e) => e.row))];
  return new Problem(
    'validation',
    `${rows.length} of ${total} rows are invalid (rows ${rows.slice(0, 20).join(', ')}${rows.length > 20 ? ', …' : ''}); nothing was registered. Correct them and upload the whole roster again.`,
    { errors: errors.map((e) => ({ field: `rows.${e.row}.${e.field}`, message: e.message })), rowErrors: errors },
  );
}

/** Where the event stands: counts by outcome, who is still unscreened, health flags, referrals needed. */
export async function eventBoard(ctx: AppContext, actor: Actor, eventId: string) {
  const event = await readableEvent(ctx.db, actor, eventId);
  const rows = await ctx.db
    .selectFrom('screening_event_case as ec')
    .innerJoin('case_file as c', 'c.id', 'ec.case_id')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .leftJoin('screening as s', (join) =>
      join.onRef('s.case_id', '=', 'c.id').on('s.status', '=', 'final').on('s.superseded_by', 'is', null),
    )
    .select([
      'ec.row_number',
      'c.id',
      'c.reference',
      'c.status',
      's.outcome',
      's.health_flags',
      ...PERSON_SUMMARY_COLUMNS,
      sql<boolean>`EXISTS (SELECT 1 FROM referral r WHERE r.case_id = c.id AND r.status IN ('pending', 'accepted', 'completed'))`.as(
        'referred',
      ),
    ])
    .where('ec.event_id', '=', eventId)
    .where(visibleCaseCondition(actor))
    .orderBy('ec.row_number')
    .execute();
  const counts = {
    registered: rows.length,
    screened: 0,
    unscreened: 0,
    presumed_victim: 0,
    possible_victim: 0,
    no_indicators_met: 0,
  };
  const flags: Record<string, number> = {};
  const people = rows.map((r) => {
    const summary = personSummary({ ...r, id: r.id });
    if (r.outcome) {
      counts.screened += 1;
      counts[r.outcome as 'presumed_victim'] += 1;
    } else counts.unscreened += 1;
    for (const f of r.health_flags ?? []) flags[f] = (flags[f] ?? 0) + 1;
    const needsReferral =
      !r.referred &&
      (r.outcome === 'presumed_victim' || r.outcome === 'possible_victim' || (r.health_flags ?? []).length > 0);
    return {
      row: r.row_number,
      caseId: r.id,
      reference: r.reference,
      name: summary.displayName,
      sex: r.sex,
      ageYears: summary.ageYears,
      isMinor: summary.isMinor,
      caseStatus: r.status,
      outcome: r.outcome,
      healthFlags: r.health_flags ?? [],
      referralNeeded: needsReferral,
    };
  });
  if (rows.length)
    await recordAudit(
      ctx.db,
      { actor, clientIp: actor.clientIp },
      ...listReadEvent(
        { action: 'case.list_read', recordType: 'case', details: { via: 'screening_event' } },
        rows.map((r) => r.id),
        null,
      ),
    );
  return {
    id: event.id,
    borderGate: event.border_gate,
    date: event.event_date,
    countryFrom: event.country_from,
    expectedCount: event.expected_count,
    agencies: event.agencies_present,
    repatriationGroupId: event.repatriation_group_id,
    counts,
    healthFlags: flags,
    people,
    unscreened: people.filter((p) => !p.outcome).map((p) => p.caseId),
    referralsNeeded: people.filter((p) => p.referralNeeded).map((p) => p.caseId),
  };
}

export async function listEvents(ctx: AppContext, actor: Actor) {
  const rows = await ctx.db
    .selectFrom('screening_event as e')
    .select([
      'e.id',
      'e.border_gate',
      'e.event_date',
      'e.country_from',
      'e.expected_count',
      sql<number>`(SELECT count(*) FROM screening_event_case ec WHERE ec.event_id = e.id)`.as('registered'),
    ])
    .where(ownAgencyCondition(actor, 'e.owner_agency_id'))
    .orderBy('e.event_date', 'desc')
    .limit(100)
    .execute();
  return rows.map((e) => ({
    id: e.id,
    borderGate: e.border_gate,
    date: e.event_date,
    countryFrom: e.country_from,
    expectedCount: e.expected_count,
    registered: Number(e.registered),
  }));
}
