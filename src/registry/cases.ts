// Cases and their lifecycle. Every read is audited; every change commits with its
// audit event; updates are optimistic (version = ETag); visibility comes from the
// policy module, in SQL for lists.
import crypto from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Actor } from '../platform/actor.js';
import { listReadEvent, recordAudit, withAuditEvents } from '../access/audit.js';
import { aboutRecords } from '../access/audit-view.js';
import { personAccessFor } from '../access/case-gate.js';
import { addDays, calendarZone, today, zonedDayStart } from '../contract/calendar.js';
import {
  caseCapabilities,
  canCreateCases,
  canEditCase,
  canOpenCaseOn,
  canAssignCase,
  canBeAssignedCase,
  canReadCaseAccessLog,
  canSeeAssigneeName,
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
import { nameMatchCondition, resolveNameQuery, widenUnseenWords } from './name-search.js';
import { nameTokens } from '../contract/names.js';
import { PERSON_SUMMARY_COLUMNS, personSummary, type PersonSummaryRow } from './persons.js';
import type { CaseStatus } from '../contract/codes.js';
import type { CaseCreate, CaseListQuery, CasePatch, CaseSortKey, CaseView } from '../contract/schemas/registry.js';

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

/** One step of the lifecycle as the case's query returns it (a JSON array built by PostgreSQL). */
interface TransitionJson {
  from: string;
  to: string;
  reason: string;
  actorId: string;
  actorName: string;
  actorAgency: string;
  at: string;
}

/**
 * The lifecycle history, fetched with the case itself (issue 15: one round trip for a read, not two): the
 * transitions as a JSON array, in order. Reasons are free text an officer typed, stored encrypted.
 */
export const caseHistoryColumn = sql<TransitionJson[] | string>`(
  SELECT coalesce(json_agg(json_build_object('from', t.from_status, 'to', t.to_status, 'reason', t.reason,
    'actorId', t.actor_id, 'actorName', u.display_name, 'actorAgency', a.code, 'at', t.at) ORDER BY t.at, t.id), '[]')
  FROM case_transition t JOIN app_user u ON u.id = t.actor_id JOIN agency a ON a.id = u.agency_id
  WHERE t.case_id = c.id)`;

function historyOf(ctx: AppContext, history: TransitionJson[] | string) {
  const steps = typeof history === 'string' ? (JSON.parse(history) as TransitionJson[]) : history;
  return steps.map((t) => ({
    from: t.from,
    to: t.to,
    reason: ctx.keys.decrypt(t.reason),
    actorId: t.actorId,
    actorName: t.actorName,
    actorAgency: t.actorAgency,
    at: new Date(t.at).toISOString(),
  }));
}

type CaseWithPerson = CaseRow &
  Omit<PersonSummaryRow, 'id'> & { assignee_name: string | null; history: TransitionJson[] | string };

function caseView(
  ctx: AppContext,
  actor: Actor,
  row: CaseWithPerson,
  relation: CaseRelation,
  parts: Set<CasePart>,
): CaseView {
  const status = row.status as CaseStatus;
  const can = caseCapabilities(actor, relation, parts, status);
  const view: CaseView = {
    id: row.id,
    reference: row.reference,
    personId: row.person_id,
    ownerAgencyId: row.owner_agency_id,
    assignedUserId: row.assigned_user_id,
    assignee:
      row.assigned_user_id && row.assignee_name && canSeeAssigneeName(actor, relation)
        ? { id: row.assigned_user_id, displayName: row.assignee_name }
        : null,
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
    view.history = historyOf(ctx, row.history);
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
    .select(
      sql<string | null>`(SELECT u.display_name FROM app_user u WHERE u.id = c.assigned_user_id)`.as('assignee_name'),
    )
    .select(caseHistoryColumn.as('history'))
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
    await withAuditEvents(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'case.create',
        outcome: 'success',
        recordType: 'case',
        recordId: id,
        details: { personId: input.personId },
      },
    )
      .insertInto('case_file')
      .values(newCaseRow(ctx, { agencyId: actor.agencyId, userId: actor.userId }, id, input))
      .execute();
    const loaded = await loadCase(trx, actor, id);
    return caseView(ctx, actor, loaded!.row, loaded!.relation, loaded!.parts);
  });
}

export async function getCase(ctx: AppContext, actor: Actor, id: string): Promise<CaseView> {
  const loaded = await loadCase(ctx.db, actor, id);
  const audit = { actor, clientIp: actor.clientIp };
  if (!loaded) throw notFound('case'); // audited by the access hook
  const view = caseView(ctx, actor, loaded.row, loaded.relation, loaded.parts);
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
    const assignedTo =
      patch.assignedUserId && patch.assignedUserId !== loaded.row.assigned_user_id ? patch.assignedUserId : null;
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
    if (assignedTo)
      for (const hook of ctx.hooks.caseAssigned)
        await hook(trx, actor, { caseId: id, caseReference: loaded.row.reference, assigneeId: assignedTo });
    const reloaded = (await loadCase(trx, actor, id))!;
    return caseView(ctx, actor, reloaded.row, reloaded.relation, reloaded.parts);
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
    return caseView(ctx, actor, reloaded.row, reloaded.relation, reloaded.parts);
  });
}

type KeysetCursor = { t: string; id: string };
type OffsetCursor = { o: number };
const isKeyset = (v: Record<string, unknown>): v is KeysetCursor => isIsoInstant(v.t) && isUuid(v.id);
const isOffset = (v: Record<string, unknown>): v is OffsetCursor => isCount(v.o);

/** A person's age in whole years on `day`, as ageInYears (contract/age.ts) computes it; null when unknown. */
function ageSql(day: string) {
  const years = (
    from: string,
  ) => sql<number>`(extract(year FROM ${day}::date)::int - extract(year FROM ${sql.ref(from)})::int
    - CASE WHEN to_char(${day}::date, 'MMDD') < to_char(${sql.ref(from)}, 'MMDD') THEN 1 ELSE 0 END)`;
  return sql<number | null>`(CASE WHEN p.date_of_birth IS NOT NULL THEN ${years('p.date_of_birth')}
    WHEN p.estimated_age_years IS NOT NULL THEN p.estimated_age_years
      + CASE WHEN p.age_estimated_on IS NULL THEN 0 ELSE greatest(0, ${years('p.age_estimated_on')}) END
    ELSE NULL END)`;
}

/** Ages of each band of the case list's filter (the statistics' bands), as [lowest, highest]. */
const AGE_BAND_RANGES: Record<string, [number, number]> = {
  '0-11': [0, 11],
  '12-17': [12, 17],
  '18-24': [18, 24],
  '25-34': [25, 34],
  '35-49': [35, 49],
  '50+': [50, 200],
};

const STATUS_ORDER = sql<number>`array_position(ARRAY['received', 'under_verification', 'identified_victim',
  'not_victim', 'in_support', 'closed']::text[], c.status)`;

function baseCaseQuery(db: Kysely<DB>, actor: Actor, day: string) {
  return db
    .selectFrom('case_file as c')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .leftJoin('app_user as au', 'au.id', 'c.assigned_user_id')
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
      'p.province',
      'au.display_name as assignee_name',
      ...PERSON_COLUMNS,
    ])
    .select(ageSql(day).as('age_years'))
    .where(visibleCaseCondition(actor));
}
type ListedCaseRow = Awaited<ReturnType<ReturnType<typeof baseCaseQuery>['execute']>>[number];

/**
 * The cases the actor may see that match the case list's filters, in the list's order: the one place
 * where the list's filters and sort are read (GET /cases, and any export of the case list with its
 * filters applied, which pages through `query` with limit/offset and maps rows with `item`).
 * `query` is null when a name search can match nothing.
 */
export async function caseListSelection(
  ctx: AppContext,
  actor: Actor,
  filters: CaseListQuery,
  reads: Kysely<DB> = ctx.db,
) {
  const day = today();
  let q = baseCaseQuery(reads, actor, day);
  /** For a name search: the same selection with unseen words widened (see below), or null when nothing changes. */
  let widen: (() => Promise<typeof q | null>) | null = null;
  if (filters.status) q = q.where('c.status', '=', filters.status);
  if (filters.open === 'true') q = q.where('c.status', '<>', 'closed');
  if (filters.exploitationType) q = q.where(sql<boolean>`${filters.exploitationType} = ANY (c.exploitation_types)`);
  if (filters.destinationCountry) q = q.where('c.destination_country', '=', filters.destinationCountry);
  if (filters.assignedToMe === 'true') q = q.where('c.assigned_user_id', '=', actor.userId);
  if (filters.unassigned === 'true') q = q.where('c.assigned_user_id', 'is', null);
  if (filters.overdue === 'true')
    q = q
      .where('c.status', 'in', ['received', 'under_verification'])
      .where('c.verification_due_at', '<', sql<Date>`now()`);
  if (filters.province) q = q.where('p.province', '=', filters.province);
  if (filters.sex) q = q.where('p.sex', '=', filters.sex);
  if (filters.ageBand === 'unknown') q = q.where(sql<boolean>`${ageSql(day)} IS NULL`);
  else if (filters.ageBand) {
    const [lo, hi] = AGE_BAND_RANGES[filters.ageBand]!;
    q = q.where(sql<boolean>`${ageSql(day)} BETWEEN ${lo} AND ${hi}`);
  }
  // Days are days in Lantern's time zone (contract/calendar.ts), whatever the session's zone.
  if (filters.registeredFrom) q = q.where('c.created_at', '>=', zonedDayStart(filters.registeredFrom));
  if (filters.registeredTo) q = q.where('c.created_at', '<', zonedDayStart(addDays(filters.registeredTo, 1)));
  if (filters.q) {
    if (nameTokens(filters.q).length === 0)
      throw new Problem('validation', 'Search for at least one letter or digit of a name.', {
        errors: [{ field: 'query.q', message: 'no searchable characters' }],
      });
    const names = await resolveNameQuery(reads, filters.q);
    if (!names) return { query: null, keyset: false, item: listItem(actor), widen: null };
    // Nothing found with the known words as they are: try by their near spellings the words that no case the
    // caller may see has, so that the answer does not depend on what other agencies hold (name-search.ts). Asked
    // by listCases only when a page comes back empty, so a search that finds cases costs no extra statement.
    const base = q;
    widen = async () => {
      if ((await base.where(nameMatchCondition(names)).limit(1).execute()).length > 0) return null;
      const widened = await widenUnseenWords(reads, names, (alias) => visibleCaseCondition(actor, alias));
      return widened ? sorted(base.where(nameMatchCondition(widened))) : null;
    };
    q = q.where(nameMatchCondition(names));
  }
  const sort = filters.sort ?? '-registered';
  const desc = sort.startsWith('-');
  const key = (desc ? sort.slice(1) : sort) as CaseSortKey;
  const dir = desc ? 'desc' : 'asc';
  const nulls = sql.raw(desc ? 'DESC NULLS LAST' : 'ASC NULLS LAST');
  function sorted(unsorted: typeof q) {
    let o = unsorted;
    if (key === 'reference') o = o.orderBy('c.reference', dir);
    else if (key === 'name')
      o = o.orderBy(sql`lower(coalesce(p.given_name, '')) ${nulls}, lower(coalesce(p.family_name, '')) ${nulls}`);
    else if (key === 'status') o = o.orderBy(sql`${STATUS_ORDER} ${nulls}`);
    else if (key === 'age') o = o.orderBy(sql`${ageSql(day)} ${nulls}`);
    else if (key === 'verificationDue') o = o.orderBy(sql`c.verification_due_at ${nulls}`);
    return o
      .orderBy('c.created_at', key === 'registered' ? dir : 'desc')
      .orderBy('c.id', key === 'registered' ? dir : 'desc');
  }
  // Newest first without a name search pages by key (stable while cases are added); any other order by offset.
  return { query: sorted(q), keyset: sort === '-registered' && !filters.q, item: listItem(actor), widen };
}

/** How one row of the case list is shown to the actor. */
function listItem(actor: Actor) {
  return (r: ListedCaseRow) => ({
    id: r.id,
    reference: r.reference,
    personId: r.person_id,
    personName: personSummary({ ...r, id: r.person_id }).displayName,
    status: r.status as CaseStatus,
    exploitationTypes: r.exploitation_types,
    destinationCountry: r.destination_country,
    ownerAgencyId: r.owner_agency_id,
    assignedUserId: r.assigned_user_id,
    assignee:
      r.assigned_user_id && r.assignee_name && canSeeAssigneeName(actor, { ownerAgencyId: r.owner_agency_id })
        ? { id: r.assigned_user_id, displayName: r.assignee_name }
        : null,
    sex: r.sex,
    ageYears: r.age_years === null || r.age_years === undefined ? null : Number(r.age_years),
    province: r.province,
    verificationDueAt: r.verification_due_at?.toISOString() ?? null,
    verificationOverdue: isVerificationOverdue(r.status as CaseStatus, r.verification_due_at),
    createdAt: r.created_at.toISOString(),
  });
}

/**
 * Cases the actor may see, newest first unless sorted otherwise, with how many match (`total`): GET /cases and
 * its export. `reads`: where its rows are read (a replica for the export); its audit goes to ctx.db.
 */
export async function listCases(ctx: AppContext, actor: Actor, query: CaseListQuery, reads: Kysely<DB> = ctx.db) {
  const selection = await caseListSelection(ctx, actor, query, reads);
  const limit = query.limit;
  let rows: ListedCaseRow[] = [];
  let next: Record<string, unknown> | null = null;
  let total: number | null = query.total === 'false' ? null : 0;
  const offset = selection.keyset ? 0 : (decodeCursor(query.cursor, isOffset)?.o ?? 0);
  const page = async (q: NonNullable<typeof selection.query>) => {
    if (selection.keyset) {
      const after = decodeCursor(query.cursor, isKeyset);
      rows = await (after ? q.where(sql<boolean>`(c.created_at, c.id) < (${new Date(after.t)}, ${after.id}::uuid)`) : q)
        .limit(limit + 1)
        .execute();
      const last = rows[limit - 1];
      next = rows.length > limit && last ? { t: last.created_at.toISOString(), id: last.id } : null;
    } else {
      rows = await q
        .limit(limit + 1)
        .offset(offset)
        .execute();
      next = rows.length > limit ? { o: offset + limit } : null;
    }
  };
  if (selection.query) {
    let q = selection.query;
    await page(q);
    if (rows.length === 0 && selection.widen) {
      const widened = await selection.widen();
      if (widened) await page((q = widened));
    }
    if (total !== null) {
      // A name search is not counted past what it found: counting every "Nguyễn Thị" a caller may see cost more
      // than the search itself (issue 15), and a caseworker narrows the search rather than pages through it.
      if (query.q) total = next ? null : offset + Math.min(rows.length, limit);
      else {
        const counted = await reads
          .selectFrom(q.clearOrderBy().as('m'))
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        total = Number(counted.n);
      }
    }
  }
  rows = rows.slice(0, limit);
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    ...listReadEvent(
      { action: 'case.list_read', recordType: 'case' },
      rows.map((r) => r.id),
      { action: 'case.list', details: { results: 0 } },
    ),
  );
  return { items: rows.map(selection.item), nextCursor: next ? encodeCursor(next) : null, total };
}

/**
 * Assigns a case to a colleague of its agency (or to nobody), with If-Match: its agency's supervisor, or an
 * officer taking the case. Audited; the new assignee is told (a notification, through the caseAssigned hook).
 */
export async function assignCase(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  userId: string | null,
): Promise<CaseView> {
  return ctx.db.transaction().execute(async (trx) => {
    const loaded = await loadCase(trx, actor, id, true);
    if (!loaded) throw notFound('case');
    if (!canAssignCase(actor, loaded.relation, userId))
      throw forbidden("Only the agency's supervisor assigns this case to a colleague; an officer may take it.");
    if (loaded.row.version !== version) throw stale();
    if (loaded.row.status === 'closed')
      throw new Problem('conflict', 'This case is closed; it can no longer be assigned.');
    if (userId) {
      const user = await trx
        .selectFrom('app_user')
        .select(['id', 'agency_id', 'roles', 'disabled'])
        .where('id', '=', userId)
        .executeTakeFirst();
      if (
        !user ||
        !canBeAssignedCase(
          { agencyId: user.agency_id, roles: user.roles, disabled: user.disabled },
          loaded.row.owner_agency_id,
        )
      )
        throw new Problem('validation', 'A case can only be assigned to an active colleague who works cases.', {
          errors: [{ field: 'body.userId', message: 'not an active colleague who works cases' }],
        });
    }
    const changed = loaded.row.assigned_user_id !== userId;
    if (changed)
      await trx
        .updateTable('case_file')
        .set({
          assigned_user_id: userId,
          version: sql<number>`version + 1` as never,
          updated_at: sql<Date>`now()` as never,
        })
        .where('id', '=', id)
        .execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'case.assign',
        outcome: 'success',
        recordType: 'case',
        recordId: id,
        details: { fields: changed ? ['assignedUserId'] : [] },
      },
    );
    if (changed && userId)
      for (const hook of ctx.hooks.caseAssigned)
        await hook(trx, actor, { caseId: id, caseReference: loaded.row.reference, assigneeId: userId });
    const reloaded = (await loadCase(trx, actor, id))!;
    return caseView(ctx, actor, reloaded.row, reloaded.relation, reloaded.parts);
  });
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
    .where(aboutRecords([row.id, row.person_id], 'e'));
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

/**
 * Open cases assigned to the actor whose verification deadline falls within `days` days or has passed
 * (for notices of deadlines): ids, references and deadlines only.
 */
export async function verificationsComingDue(db: Kysely<DB>, actor: Actor, days: number) {
  const rows = await db
    .selectFrom('case_file as c')
    .select(['c.id', 'c.reference', 'c.verification_due_at'])
    .where(visibleCaseCondition(actor))
    .where('c.assigned_user_id', '=', actor.userId)
    .where('c.status', 'in', ['received', 'under_verification'])
    .where('c.verification_due_at', '<', sql<Date>`now() + make_interval(days => ${days})`)
    .execute();
  return rows.map((r) => ({ caseId: r.id, reference: r.reference, dueAt: r.verification_due_at! }));
}
