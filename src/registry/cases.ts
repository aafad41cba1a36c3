// Cases and their lifecycle. Every read is audited; every change commits with its
// audit event; updates are optimistic (version = ETag); visibility comes from the
// policy module, in SQL for lists.
import crypto from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Actor } from '../platform/actor.js';
import { recordAudit } from '../access/audit.js';
import { personAccessFor } from '../access/case-gate.js';
import { calendarZone } from '../contract/calendar.js';
import {
  caseCapabilities,
  canCreateCases,
  canEditCase,
  canOpenCaseOn,
  canReadCaseAccessLog,
  checkTransition,
  readableCaseParts,
  type CaseRelation,
} from '../access/policy.js';
import { type CasePart } from '../contract/codes.js';
import { grantedPartsColumn, visibleCaseCondition } from '../access/policy-sql.js';
import type { AppContext } from '../platform/context.js';
import { decodeCursor, encodeCursor, isCount, isIsoInstant, isUuid } from '../platform/cursor.js';
import type { CaseFileTable, DB } from '../platform/db-schema.js';
import { inTransaction } from '../platform/database.js';
import { stale } from '../platform/etag.js';
import { forbidden, notFound, Problem } from '../platform/problems.js';
import { isVerificationOverdue, nextStatuses } from '../contract/lifecycle.js';
import { nameMatchCondition, resolveNameQuery, widenUnseenWords, type NameQuery } from './name-search.js';
import { nameTokens } from '../contract/names.js';
import { PERSON_SUMMARY_COLUMNS, personSummary, type PersonSummaryRow } from './persons.js';
import type { CaseStatus } from '../contract/codes.js';
import type { CaseCreate, CaseListQuery, CasePatch, CaseView } from '../contract/schemas/registry.js';

type CaseRow = Selectable<CaseFileTable>;
const PERSON_COLUMNS = PERSON_SUMMARY_COLUMNS;

function caseColumns(input: CasePatch, ctx: AppContext) {
  return {
    ...(input.assignedUserId !== undefined ? { assigned_user_id: input.assignedUserId } : {}),
    ...(input.exploitationTypes !== undefined ? { exploitation_types: [...new Set(input.exploitationTypes)] } : {}),
    ...(input.recruitment?.channels !== undefined
      ? { recruitment_channels: [...new Set(input.recruitment.channels)] }
      : {}),
    ...(input.recruitment?.date !== undefined ? { recruitment_date: input.recruitment.date } : {}),
    ...(input.route?.originProvince !== undefined ? { origin_province: input.route.originProvince } : {}),
    ...(input.route?.transitCountries !== undefined ? { transit_countries: input.route.transitCountries } : {}),
    ...(input.route?.destinationCountry !== undefined ? { destination_country: input.route.destinationCountry } : {}),
    ...(input.keyDates?.exploitationStart !== undefined
      ? { exploitation_start_date: input.keyDates.exploitationStart }
      : {}),
    ...(input.keyDates?.exit !== undefined ? { exit_date: input.keyDates.exit } : {}),
    ...(input.keyDates?.return !== undefined ? { return_date: input.keyDates.return } : {}),
    ...(input.reachedVia !== undefined ? { reached_via: input.reachedVia } : {}),
    ...(input.narrative !== undefined
      ? { narrative: input.narrative === null || input.narrative === '' ? null : ctx.keys.encrypt(input.narrative) }
      : {}),
  };
}

async function checkAssignee(db: Kysely<DB>, agencyId: string, userId: string | null | undefined) {
  if (!userId) return;
  const user = await db
    .selectFrom('app_user')
    .select('id')
    .where('id', '=', userId)
    .where('agency_id', '=', agencyId)
    .where('disabled', '=', false)
    .executeTakeFirst();
  if (!user)
    throw new Problem('validation', 'A case can only be assigned to an active user of the agency that owns it.', {
      errors: [{ field: 'body.assignedUserId', message: 'not an active user of the owner agency' }],
    });
}

/** The lifecycle history; reasons are free text an officer typed, so they are stored encrypted. */
async function historyOf(ctx: AppContext, db: Kysely<DB>, caseId: string) {
  const rows = await db
    .selectFrom('case_transition as t')
    .innerJoin('app_user as u', 'u.id', 't.actor_id')
    .innerJoin('agency as a', 'a.id', 'u.agency_id')
    .select(['t.from_status', 't.to_status', 't.reason', 't.actor_id', 't.at', 'u.display_name', 'a.code'])
    .where('t.case_id', '=', caseId)
    .orderBy('t.at')
    .orderBy('t.id')
    .execute();
  return rows.map((r) => ({
    from: r.from_status,
    to: r.to_status,
    reason: ctx.keys.decrypt(r.reason),
    actorId: r.actor_id,
    actorName: r.display_name,
    actorAgency: r.code,
    at: r.at.toISOString(),
  }));
}

type CaseWithPerson = CaseRow & Omit<PersonSummaryRow, 'id'>;

async function caseView(
  ctx: AppContext,
  db: Kysely<DB>,
  actor: Actor,
  row: CaseWithPerson,
  relation: CaseRelation,
  parts: Set<CasePart>,
): Promise<CaseView> {
  const status = row.status as CaseStatus;
  const can = caseCapabilities(actor, relation, parts, status);
  const view: CaseView = {
    id: row.id,
    reference: row.reference,
    personId: row.person_id,
    ownerAgencyId: row.owner_agency_id,
    assignedUserId: row.assigned_user_id,
    status,
    allowedTransitions: can.transitions,
    reachedVia: row.reached_via,
    verificationDueAt: row.verification_due_at?.toISOString() ?? null,
    verificationOverdue: isVerificationOverdue(status, row.verification_due_at),
    visibleParts: [...parts].sort(),
    can,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
  if (parts.has('identity')) view.person = personSummary({ ...row, id: row.person_id });
  if (parts.has('exploitation')) {
    view.exploitationTypes = row.exploitation_types;
    view.recruitment = { channels: row.recruitment_channels, date: row.recruitment_date };
  }
  if (parts.has('route')) {
    view.route = {
      originProvince: row.origin_province,
      transitCountries: row.transit_countries,
      destinationCountry: row.destination_country,
    };
    view.keyDates = { exploitationStart: row.exploitation_start_date, exit: row.exit_date, return: row.return_date };
  }
  if (parts.has('narrative')) view.narrative = row.narrative ? ctx.keys.decrypt(row.narrative) : null;
  if (parts.has('lifecycle')) {
    // Why a case was closed is free text about the person's situation: it is part of the lifecycle.
    view.closureReason = row.closure_reason ? ctx.keys.decrypt(row.closure_reason) : null;
    view.history = await historyOf(ctx, db, row.id);
  }
  return view;
}

/** Loads a case with what the actor may see of it; null when it is invisible to them. */
async function loadCase(db: Kysely<DB>, actor: Actor, id: string, lock = false) {
  let query = db
    .selectFrom('case_file as c')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .selectAll('c')
    .select(PERSON_COLUMNS)
    .select(grantedPartsColumn(actor).as('granted'))
    .where('c.id', '=', id);
  if (lock) query = query.forUpdate('c');
  const row = await query.executeTakeFirst();
  if (!row) return null;
  const relation = {
    ownerAgencyId: row.owner_agency_id,
    assignedUserId: row.assigned_user_id,
    grantedParts: row.granted ?? [],
  };
  const parts = readableCaseParts(actor, relation);
  return parts.size === 0 ? null : { row, relation, parts };
}

/**
 * A new case as stored, in status received with its reference and verification deadline
 * (createCase checks who may open it; imports use it for many cases at once).
 * `receivedOn`: a day the case was received before it was entered here (an import's registered_on).
 */
export function newCaseRow(
  ctx: AppContext,
  owner: { agencyId: string; userId: string },
  id: string,
  input: CaseCreate,
  receivedOn?: string | null,
) {
  const created = receivedOn
    ? sql<Date>`(${receivedOn}::date)::timestamp AT TIME ZONE ${calendarZone()}`
    : sql<Date>`now()`;
  return {
    id,
    person_id: input.personId,
    owner_agency_id: owner.agencyId,
    status: 'received',
    created_by: owner.userId,
    reached_via: input.reachedVia,
    reference: sql<string>`next_case_reference(${created}, ${calendarZone()})` as never,
    // The deadline runs from when the case reaches Lantern, as for any case received here.
    verification_due_at: sql<Date>`now() + make_interval(days => ${ctx.config.verificationDeadlineDays})` as never,
    ...(receivedOn ? { created_at: created as never } : {}),
    updated_at: sql<Date>`now()` as never,
    ...caseColumns(input, ctx),
  };
}

/** Opens a case in status received; pass `db` to take part in a caller's transaction. */
export async function createCase(
  ctx: AppContext,
  actor: Actor,
  input: CaseCreate,
  db: Kysely<DB> = ctx.db,
): Promise<CaseView> {
  if (!canCreateCases(actor)) throw forbidden('Your role cannot open cases.');
  return inTransaction(db, async (trx) => {
    const person = await personAccessFor(trx, actor, input.personId);
    if (!person)
      throw new Problem('validation', 'No person with this id exists, or you may not see them.', {
        errors: [{ field: 'body.personId', message: 'unknown person' }],
      });
    // A referral shows a person to another agency; it never makes them that agency's own.
    if (!canOpenCaseOn(actor, person.relation))
      throw forbidden(
        'This person was registered by another agency: only that agency opens cases on them. Ask it to transfer the case to your agency.',
      );
    await checkAssignee(trx, actor.agencyId, input.assignedUserId);
    const id = crypto.randomUUID();
    const inserted = await trx
      .insertInto('case_file')
      .values(newCaseRow(ctx, { agencyId: actor.agencyId, userId: actor.userId }, id, input))
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'case.create',
        outcome: 'success',
        recordType: 'case',
        recordId: inserted.id,
        details: { personId: input.personId },
      },
    );
    const loaded = await loadCase(trx, actor, id);
    return caseView(ctx, trx, actor, loaded!.row, loaded!.relation, loaded!.parts);
  });
}

export async function getCase(ctx: AppContext, actor: Actor, id: string): Promise<CaseView> {
  const loaded = await loadCase(ctx.db, actor, id);
  const audit = { actor, clientIp: actor.clientIp };
  if (!loaded) throw notFound('case'); // audited by the access hook
  const view = await caseView(ctx, ctx.db, actor, loaded.row, loaded.relation, loaded.parts);
  await recordAudit(ctx.db, audit, {
    action: 'case.read',
    outcome: 'success',
    recordType: 'case',
    recordId: id,
    details: { parts: view.visibleParts },
  });
  return view;
}

export async function updateCase(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  patch: CasePatch,
): Promise<CaseView> {
  return ctx.db.transaction().execute(async (trx) => {
    const loaded = await loadCase(trx, actor, id, true);
    if (!loaded) throw notFound('case');
    if (!canEditCase(actor, loaded.relation))
      throw forbidden('Only the agency that owns this case can change it, and only in a casework role.');
    if (loaded.row.version !== version) throw stale();
    if (loaded.row.status === 'closed')
      throw new Problem('conflict', 'This case is closed; it can no longer be changed.', { reason: 'case-closed' });
    await checkAssignee(trx, loaded.row.owner_agency_id, patch.assignedUserId);
    await trx
      .updateTable('case_file')
      .set({
        ...caseColumns(patch, ctx),
        version: sql<number>`version + 1` as never,
        updated_at: sql<Date>`now()` as never,
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'case.update',
        outcome: 'success',
        recordType: 'case',
        recordId: id,
        details: { fields: Object.keys(patch).sort() },
      },
    );
    const reloaded = (await loadCase(trx, actor, id))!;
    return caseView(ctx, trx, actor, reloaded.row, reloaded.relation, reloaded.parts);
  });
}

export async function transitionCase(
  ctx: AppContext,
  actor: Actor,
  id: string,
  to: CaseStatus,
  reason: string,
  expectedVersion?: number,
  db: Kysely<DB> = ctx.db,
): Promise<CaseView> {
  return inTransaction(db, async (trx) => {
    const loaded = await loadCase(trx, actor, id, true);
    if (!loaded) throw notFound('case');
    if (!canEditCase(actor, loaded.relation))
      throw forbidden('Only the agency that owns this case can change its status.');
    if (expectedVersion !== undefined && loaded.row.version !== expectedVersion) throw stale();
    const from = loaded.row.status as CaseStatus;
    const check = checkTransition(from, to, actor.roles);
    if (!check.ok && check.reason === 'illegal') {
      throw new Problem('illegal-transition', `A case that is ${from} cannot become ${to}.`, {
        from,
        to,
        allowed: nextStatuses(from),
      });
    }
    if (!check.ok) throw forbidden(`Your role cannot move a case to ${to}.`);
    await trx
      .updateTable('case_file')
      .set({
        status: to,
        closure_reason: to === 'closed' ? ctx.keys.encrypt(reason) : loaded.row.closure_reason,
        version: sql<number>`version + 1` as never,
        updated_at: sql<Date>`now()` as never,
      })
      .where('id', '=', id)
      .execute();
    await trx
      .insertInto('case_transition')
      .values({
        id: crypto.randomUUID(),
        case_id: id,
        from_status: from,
        to_status: to,
        reason: ctx.keys.encrypt(reason),
        actor_id: actor.userId,
      })
      .execute();
    // The audit event says who moved which case; the statuses are facts about the person, kept in the case history.
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      { action: 'case.transition', outcome: 'success', recordType: 'case', recordId: id },
    );
    if (to === 'closed') for (const hook of ctx.hooks.caseClosed) await hook(trx, actor, id);
    const reloaded = (await loadCase(trx, actor, id))!;
    return caseView(ctx, trx, actor, reloaded.row, reloaded.relation, reloaded.parts);
  });
}

type KeysetCursor = { t: string; id: string };
type OffsetCursor = { o: number };
const isKeyset = (v: Record<string, unknown>): v is KeysetCursor => isIsoInstant(v.t) && isUuid(v.id);
const isOffset = (v: Record<string, unknown>): v is OffsetCursor => isCount(v.o);

/** Cases the actor may see, newest first (best name match first when searching by `q`). */
export async function listCases(ctx: AppContext, actor: Actor, query: CaseListQuery) {
  let q = ctx.db
    .selectFrom('case_file as c')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .select([
      'c.id',
      'c.reference',
      'c.person_id',
      'c.status',
      'c.exploitation_types',
      'c.destination_country',
      'c.owner_agency_id',
      'c.assigned_user_id',
      'c.verification_due_at',
      'c.created_at',
      ...PERSON_COLUMNS,
    ])
    .where(visibleCaseCondition(actor));
  if (query.status) q = q.where('c.status', '=', query.status);
  if (query.exploitationType) q = q.where(sql<boolean>`${query.exploitationType} = ANY (c.exploitation_types)`);
  if (query.destinationCountry) q = q.where('c.destination_country', '=', query.destinationCountry);
  if (query.assignedToMe === 'true') q = q.where('c.assigned_user_id', '=', actor.userId);
  if (query.overdue === 'true')
    q = q
      .where('c.status', 'in', ['received', 'under_verification'])
      .where('c.verification_due_at', '<', sql<Date>`now()`);
  const limit = query.limit;
  let rows;
  let next: Record<string, unknown> | null = null;
  if (query.q && nameTokens(query.q).length === 0)
    throw new Problem('validation', 'Search for at least one letter or digit of a name.', {
      errors: [{ field: 'query.q', message: 'no searchable characters' }],
    });
  if (query.q) {
    const offset = decodeCursor(query.cursor, isOffset)?.o ?? 0;
    const names = await resolveNameQuery(ctx.db, query.q);
    const search = (n: NameQuery, from: number, count: number) =>
      q
        .where(nameMatchCondition(n))
        .orderBy('c.created_at', 'desc')
        .orderBy('c.id', 'desc')
        .limit(count)
        .offset(from)
        .execute();
    rows = names ? await search(names, offset, limit + 1) : [];
    // Nothing found with the known words as they are: try by their near spellings the words that no case the
    // caller may see has, so that the answer does not depend on what other agencies hold (name-search.ts).
    const foundNothing = names && rows.length === 0 && (offset === 0 || (await search(names, 0, 1)).length === 0);
    const widened = foundNothing
      ? await widenUnseenWords(ctx.db, names, (alias) => visibleCaseCondition(actor, alias))
      : null;
    if (widened) rows = await search(widened, offset, limit + 1);
    if (rows.length > limit) next = { o: offset + limit };
  } else {
    const after = decodeCursor(query.cursor, isKeyset);
    if (after) q = q.where(sql<boolean>`(c.created_at, c.id) < (${new Date(after.t)}, ${after.id}::uuid)`);
    rows = await q
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(limit + 1)
      .execute();
    const last = rows[limit - 1];
    if (rows.length > limit && last) next = { t: last.created_at.toISOString(), id: last.id };
  }
  rows = rows.slice(0, limit);
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    ...(rows.length
      ? rows.map((r) => ({
          action: 'case.list_read' as const,
          outcome: 'success' as const,
          recordType: 'case',
          recordId: r.id,
        }))
      : [{ action: 'case.list' as const, outcome: 'success' as const, details: { results: 0 } }]),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      personId: r.person_id,
      personName: personSummary({ ...r, id: r.person_id }).displayName,
      status: r.status as CaseStatus,
      exploitationTypes: r.exploitation_types,
      destinationCountry: r.destination_country,
      ownerAgencyId: r.owner_agency_id,
      assignedUserId: r.assigned_user_id,
      verificationDueAt: r.verification_due_at?.toISOString() ?? null,
      verificationOverdue: isVerificationOverdue(r.status as CaseStatus, r.verification_due_at),
      createdAt: r.created_at.toISOString(),
    })),
    nextCursor: next ? encodeCursor(next) : null,
  };
}

/** Who read or changed a case (and its person), newest first; for auditors and the owner agency's administrator. */
export async function caseAccessLog(
  ctx: AppContext,
  actor: Actor,
  id: string,
  cursor: string | undefined,
  limit: number,
) {
  const row = await ctx.db
    .selectFrom('case_file')
    .select(['id', 'person_id', 'owner_agency_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || !canReadCaseAccessLog(actor, { ownerAgencyId: row.owner_agency_id })) throw notFound('case');
  const before = decodeCursor(cursor, (v): v is { id: number } => isCount(v.id))?.id;
  let q = ctx.db
    .selectFrom('audit_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_id')
    .leftJoin('agency as a', 'a.id', 'e.actor_agency_id')
    .select([
      'e.id',
      'e.at',
      'e.actor_id',
      'u.display_name',
      'u.email',
      'a.code as agency_code',
      'e.action',
      'e.record_type',
      'e.outcome',
      'e.client_ip',
      'e.origin',
    ])
    .where('e.record_id', 'in', [row.id, row.person_id]);
  if (before !== undefined) q = q.where('e.id', '<', before);
  const events = await q
    .orderBy('e.id', 'desc')
    .limit(limit + 1)
    .execute();
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    { action: 'case.access_log_read', outcome: 'success', recordType: 'case', recordId: id },
  );
  const page = events.slice(0, limit);
  return {
    items: page.map((e) => ({
      at: e.at.toISOString(),
      actorId: e.actor_id,
      actorName: e.display_name,
      actorEmail: e.email,
      agencyCode: e.agency_code,
      action: e.action,
      recordType: e.record_type,
      outcome: e.outcome,
      clientIp: e.client_ip,
      // An event not written by Lantern is shown for what it is, never as a genuine read.
      forged: e.origin === 'forged',
    })),
    nextCursor: events.length > limit && page.length ? encodeCursor({ id: page[page.length - 1]!.id }) : null,
  };
}
