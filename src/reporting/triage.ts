// The hotline's desk (issue 14 §2): the triage queue of web reports and calls, a report read in full, calls
// recorded as reports, and the actions that end triage: link to a case, close as duplicate, spam or not
// trafficking, or escalate to the competent agency (a new case of that agency, with the report's text, photos
// and identifiers). Who may do what is decided in src/access/reporting-policy.ts; every read and action is
// audited, without personal data in the details. The queue never decrypts anything.
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { recordAudit } from '../access/audit.js';
import { ownAgencyCode } from '../access/directory.js';
import {
  canBeAssignedReport,
  canReceiveEscalation,
  canTriageReports,
  receivesEscalatedReports,
} from '../access/reporting-policy.js';
import type { AgencyKind, Language, Role } from '../contract/codes.js';
import { type PublicReportSender, type PublicReportStatus } from '../contract/public-reports.js';
import type { CallCreate, QueueItem, QueueQuery, ReportContent, ReportView } from '../contract/schemas/triage.js';
import {
  CALL_INDICATORS,
  ESCALATION_AGENCY_KINDS,
  isLate,
  statusAfter,
  type ClosingOutcome,
  type ReportChannel,
  type TriageEvent,
  type TriageOutcome,
} from '../contract/triage.js';
import { addNotifications } from '../notifications/notify.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import type { DB } from '../platform/db-schema.js';
import { stale } from '../platform/etag.js';
import { notFound, Problem } from '../platform/problems.js';
import { newCaseRow } from '../registry/cases.js';
import { storeIdentifier } from '../prosecution/identifiers.js';
import { identifierOfLine } from './identifier-kind.js';
import { addTriageEvent } from './triage-events.js';
import { reportInputProblem } from './public-reports.js';
import { cleanText, readReportInput, storedContentOf, textProblem } from './report-input.js';
import { caseNarrative } from './triage-text.js';

const audit = (actor: Actor) => ({ actor, clientIp: actor.clientIp });
const reportNotFound = () => notFound('report');

/** A report's content as stored (web reports before calls existed have no caller or indicators). */
export function parseContent(text: string): ReportContent {
  const raw = JSON.parse(text) as Partial<ReportContent>;
  return {
    whatHappened: raw.whatHappened ?? '',
    place: raw.place ?? null,
    when: raw.when ?? null,
    minorInvolved: raw.minorInvolved ?? 'unknown',
    immediateDanger: raw.immediateDanger ?? 'unknown',
    recruitment: raw.recruitment ?? 'unknown',
    destinationCountry: raw.destinationCountry ?? null,
    destinationOther: raw.destinationOther ?? null,
    identifiers: raw.identifiers ?? [],
    contact: raw.contact ?? null,
    caller: raw.caller ?? null,
    callerLanguage: raw.callerLanguage ?? null,
    indicators: (raw.indicators ?? []).filter((i) => (CALL_INDICATORS as readonly string[]).includes(i)),
  };
}

// ---- The queue ----

interface QueueRow {
  id: string;
  channel: string;
  status: string;
  triage_outcome: string | null;
  immediate_danger: boolean;
  minor_involved: boolean;
  province_code: string | null;
  site_code: string | null;
  language: string;
  photo_count: number;
  created_at: Date;
  version: number;
  assigned_to: string | null;
  assignee_name: string | null;
  unread: string | number;
  minutes: string | number;
}

function queueItem(row: QueueRow): QueueItem {
  const status = row.status as PublicReportStatus;
  const minutesWaiting = Number(row.minutes);
  return {
    id: row.id,
    channel: row.channel as ReportChannel,
    status,
    outcome: row.triage_outcome as TriageOutcome | null,
    immediateDanger: row.immediate_danger,
    minorInvolved: row.minor_involved,
    province: row.province_code,
    site: row.site_code,
    language: row.language,
    photoCount: row.photo_count,
    unreadMessages: Number(row.unread),
    assignee: row.assigned_to ? { id: row.assigned_to, name: row.assignee_name ?? '' } : null,
    receivedAt: new Date(row.created_at).toISOString(),
    minutesWaiting,
    late: isLate({ immediateDanger: row.immediate_danger, status }, minutesWaiting),
    version: row.version,
  };
}

/** The columns of a queue item: flags, times and counts, never the encrypted content. */
function queueSelection(db: Kysely<DB>) {
  return db
    .selectFrom('public_report as r')
    .leftJoin('app_user as u', 'u.id', 'r.assigned_to')
    .select([
      'r.id',
      'r.channel',
      'r.status',
      'r.triage_outcome',
      'r.immediate_danger',
      'r.minor_involved',
      'r.province_code',
      'r.site_code',
      'r.language',
      'r.photo_count',
      'r.created_at',
      'r.version',
      'r.assigned_to',
      'u.display_name as assignee_name',
      sql<string>`(SELECT count(*) FROM public_report_message m WHERE m.report_id = r.id AND m.sender = 'reporter'
        AND (r.hotline_read_at IS NULL OR m.created_at > r.hotline_read_at))`.as('unread'),
      sql<string>`floor(extract(epoch FROM (now() - r.created_at)) / 60)`.as('minutes'),
    ]);
}

/**
 * The triage queue: immediate danger first, then a minor involved, then the oldest; one indexed query (the
 * order is public_report_queue_idx's, or public_report_order_idx's for closed and all).
 */
export async function listQueue(ctx: AppContext, actor: Actor, query: QueueQuery) {
  if (!canTriageReports(actor)) throw reportNotFound();
  let q = queueSelection(ctx.db);
  if (query.status === 'open') q = q.where('r.status', 'in', ['received', 'under_review']);
  else if (query.status === 'closed') q = q.where('r.status', 'in', ['passed_to_authority', 'closed']);
  if (query.assigned === 'me') q = q.where('r.assigned_to', '=', actor.userId);
  else if (query.assigned === 'unassigned') q = q.where('r.assigned_to', 'is', null);
  if (query.channel) q = q.where('r.channel', '=', query.channel);
  if (query.site) q = q.where('r.site_code', '=', query.site.trim().toUpperCase());
  const rows = (await q
    .orderBy('r.immediate_danger', 'desc')
    .orderBy('r.minor_involved', 'desc')
    .orderBy('r.created_at')
    .orderBy('r.id')
    .limit(query.limit + 1)
    .offset((query.page - 1) * query.limit)
    .execute()) as QueueRow[];
  const items = rows.slice(0, query.limit).map(queueItem);
  await recordAudit(ctx.db, audit(actor), {
    action: 'public_report.queue',
    outcome: 'success',
    recordType: 'public_report',
    details: { count: items.length, fields: Object.keys(query).sort() },
  });
  return {
    items,
    page: query.page,
    limit: query.limit,
    hasMore: rows.length > query.limit,
    now: new Date().toISOString(),
  };
}

// ---- One report ----

/** The report in full for the hotline: content, conversation, photos, history. Marks its messages read. */
export async function getReport(ctx: AppContext, actor: Actor, id: string): Promise<ReportView> {
  if (!canTriageReports(actor)) throw reportNotFound();
  const view = await reportView(ctx, ctx.db, id);
  if (!view) throw reportNotFound();
  await ctx.db
    .updateTable('public_report')
    .set({ hotline_read_at: sql`now()` })
    .where('id', '=', id)
    .execute();
  await recordAudit(ctx.db, audit(actor), {
    action: 'public_report.read',
    outcome: 'success',
    recordType: 'public_report',
    recordId: id,
    details: { parts: ['content', 'messages', 'photos', 'history'], count: view.messages.length },
  });
  return view;
}

async function reportView(ctx: AppContext, db: Kysely<DB>, id: string): Promise<ReportView | null> {
  const row = (await queueSelection(db)
    .leftJoin('case_file as c', 'c.id', 'r.case_id')
    .leftJoin('agency as ca', 'ca.id', 'c.owner_agency_id')
    .select([
      'r.content',
      'r.triage_reason',
      'r.duplicate_of',
      'c.reference as case_reference',
      'ca.name as case_agency',
    ])
    .where('r.id', '=', id)
    .executeTakeFirst()) as
    | (QueueRow & {
        content: string;
        triage_reason: string | null;
        duplicate_of: string | null;
        case_reference: string | null;
        case_agency: string | null;
      })
    | undefined;
  if (!row) return null;
  const [messages, photos, history] = await Promise.all([
    db
      .selectFrom('public_report_message as m')
      .leftJoin('app_user as u', 'u.id', 'm.created_by')
      .select(['m.id', 'm.sender', 'm.text', 'm.created_at', 'u.display_name'])
      .where('m.report_id', '=', id)
      .orderBy('m.created_at')
      .orderBy('m.id')
      .execute(),
    db
      .selectFrom('public_report_photo')
      .select(['id', 'media_type', 'size_bytes'])
      .where('report_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('public_report_event as e')
      .innerJoin('app_user as a', 'a.id', 'e.actor_id')
      .leftJoin('app_user as s', 's.id', 'e.assignee_id')
      .leftJoin('case_file as c', 'c.id', 'e.case_id')
      .leftJoin('agency as g', 'g.id', 'e.agency_id')
      .select([
        'e.action',
        'e.created_at',
        'e.duplicate_of',
        'a.display_name as actor',
        's.display_name as assignee',
        'c.reference',
        'g.name as agency',
      ])
      .where('e.report_id', '=', id)
      .orderBy('e.created_at')
      .orderBy('e.id')
      .execute(),
  ]);
  return {
    ...queueItem(row),
    content: parseContent(ctx.keys.decrypt(row.content)),
    reason: row.triage_reason ? ctx.keys.decrypt(row.triage_reason) : null,
    duplicateOf: row.duplicate_of,
    case: row.case_reference ? { reference: row.case_reference, agency: row.case_agency ?? '' } : null,
    messages: messages.map((m) => ({
      id: m.id,
      from: m.sender as PublicReportSender,
      text: ctx.keys.decrypt(m.text),
      at: new Date(m.created_at).toISOString(),
      by: m.display_name ?? null,
    })),
    photos: photos.map((p) => ({ id: p.id, mediaType: p.media_type, sizeBytes: p.size_bytes })),
    history: history.map((e) => ({
      action: e.action as TriageEvent,
      actor: e.actor,
      at: new Date(e.created_at).toISOString(),
      assignee: e.assignee ?? null,
      caseReference: e.reference ?? null,
      agency: e.agency ?? null,
      duplicateOf: e.duplicate_of,
    })),
  };
}

/** A photo of a report, decrypted, for the hotline. */
export async function reportPhoto(ctx: AppContext, actor: Actor, reportId: string, photoId: string) {
  if (!canTriageReports(actor)) throw reportNotFound();
  const row = await ctx.db
    .selectFrom('public_report_photo')
    .select(['media_type', 'content'])
    .where('id', '=', photoId)
    .where('report_id', '=', reportId)
    .executeTakeFirst();
  if (!row) throw notFound('photo');
  await recordAudit(ctx.db, audit(actor), {
    action: 'public_report.photo_read',
    outcome: 'success',
    recordType: 'public_report',
    recordId: reportId,
    details: { attachmentId: photoId },
  });
  return { mediaType: row.media_type, data: ctx.keys.decryptBytes(Buffer.from(row.content)) };
}

// ---- Calls ----

/** A call taken by an operator, stored as a report of channel `phone` (no receipt), encrypted like web reports. */
export async function recordCall(ctx: AppContext, actor: Actor, call: CallCreate): Promise<ReportView> {
  if (!canTriageReports(actor)) throw reportNotFound();
  const { input, errors } = readReportInput({
    ...call,
    province: call.province ?? '',
    identifiers: Array.isArray(call.identifiers) ? call.identifiers : (call.identifiers ?? ''),
    language: 'vi',
    site: '',
  });
  if (errors.length > 0) throw reportInputProblem(errors);
  const content: ReportContent = {
    ...storedContentOf(input),
    caller: call.caller,
    callerLanguage: call.callerLanguage,
    indicators: [...new Set(call.indicators)],
  };
  const id = crypto.randomUUID();
  const language: Language = ['vi', 'en', 'fr'].includes(call.callerLanguage)
    ? (call.callerLanguage as Language)
    : 'vi';
  return ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('public_report')
      .values({
        id,
        channel: 'phone',
        language,
        content: ctx.keys.encrypt(JSON.stringify(content)),
        minor_involved: input.minorInvolved === 'yes',
        immediate_danger: input.immediateDanger === 'yes',
        province_code: input.province,
        // The operator who took the call handles it, unless they hand it on.
        assigned_to: actor.userId,
        status: 'under_review',
        created_by: actor.userId,
      })
      .execute();
    await addTriageEvent(trx, id, actor, 'call_recorded', { assigneeId: actor.userId });
    await recordAudit(trx, audit(actor), {
      action: 'public_report.call_create',
      outcome: 'success',
      recordType: 'public_report',
      recordId: id,
    });
    return (await reportView(ctx, trx, id))!;
  });
}

// ---- Actions ----

interface LockedReport {
  id: string;
  status: string;
  version: number;
  triage_outcome: string | null;
  channel: string;
  content: string;
  photo_count: number;
  province_code: string | null;
  case_id: string | null;
}

/**
 * Runs a triage action on a report locked for update, at the version the caller read (412 otherwise), while
 * triage has not ended (409 otherwise); answers with the report as it is afterwards.
 */
async function act(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  action: (trx: Kysely<DB>, report: LockedReport) => Promise<void>,
): Promise<ReportView> {
  if (!canTriageReports(actor)) throw reportNotFound();
  return ctx.db.transaction().execute(async (trx) => {
    const report = await trx
      .selectFrom('public_report')
      .select([
        'id',
        'status',
        'version',
        'triage_outcome',
        'channel',
        'content',
        'photo_count',
        'province_code',
        'case_id',
      ])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!report) throw reportNotFound();
    if (report.version !== version) throw stale();
    if (report.triage_outcome !== null)
      throw new Problem(
        'conflict',
        `Triage of this report has ended (${report.triage_outcome.replace('_', ' ')}); nothing more can be done here.`,
        { reason: 'report-already-triaged', outcome: report.triage_outcome },
      );
    await action(trx, report);
    return (await reportView(ctx, trx, id))!;
  });
}

const fieldProblem = (field: string, message: string, code: string) =>
  new Problem('validation', `${field}: ${message}.`, { errors: [{ field: `body.${field}`, message, code }] });

/** Assigns a report to the caller, to another operator of the caller's hotline, or to no one. */
export async function assignReport(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  assignee: string | null,
): Promise<ReportView> {
  return act(ctx, actor, id, version, async (trx) => {
    const assigneeId = assignee === 'me' ? actor.userId : assignee;
    if (assigneeId !== null) {
      const user = await trx
        .selectFrom('app_user as u')
        .innerJoin('agency as a', 'a.id', 'u.agency_id')
        .select(['u.id', 'u.agency_id', 'u.roles', 'u.language', 'u.disabled', 'a.kind'])
        .where('u.id', '=', assigneeId)
        .executeTakeFirst();
      const asActor: Actor | null = user
        ? {
            userId: user.id,
            agencyId: user.agency_id,
            agencyKind: user.kind as AgencyKind,
            roles: user.roles as Role[],
            language: user.language as Language,
            clientIp: null,
          }
        : null;
      if (!user || user.disabled || !asActor || !canBeAssignedReport(actor, asActor))
        throw fieldProblem('assignee', 'is not an active operator of your hotline', 'not-an-operator');
    }
    await trx
      .updateTable('public_report')
      .set({
        assigned_to: assigneeId,
        status: assigneeId ? sql`CASE WHEN status = 'received' THEN 'under_review' ELSE status END` : sql`status`,
        version: sql`version + 1`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
    await addTriageEvent(trx, id, actor, assigneeId ? 'assigned' : 'unassigned', { assigneeId });
    await recordAudit(trx, audit(actor), {
      action: 'public_report.assign',
      outcome: 'success',
      recordType: 'public_report',
      recordId: id,
      details: { assigneeId },
    });
  });
}

/** Closes a report as a duplicate (of another report), spam, or not trafficking, with a reason (encrypted). */
export async function closeReport(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  input: { outcome: ClosingOutcome; reason: string; duplicateOf?: string | undefined },
): Promise<ReportView> {
  const reason = cleanText(input.reason);
  const problem = reason === '' ? 'required' : textProblem(reason, 2000);
  if (problem) throw fieldProblem('reason', problem === 'required' ? 'is required' : 'cannot be stored', problem);
  if (input.outcome === 'duplicate' && !input.duplicateOf)
    throw fieldProblem('duplicateOf', 'name the report this one repeats', 'required');
  if (input.outcome !== 'duplicate' && input.duplicateOf)
    throw fieldProblem('duplicateOf', 'only a duplicate repeats another report', 'not-a-duplicate');
  if (input.duplicateOf === id) throw fieldProblem('duplicateOf', 'is this report itself', 'duplicate-of-itself');
  return act(ctx, actor, id, version, async (trx) => {
    if (input.duplicateOf) {
      const original = await trx
        .selectFrom('public_report')
        .select('id')
        .where('id', '=', input.duplicateOf)
        .executeTakeFirst();
      if (!original) throw fieldProblem('duplicateOf', 'no report has this id', 'unknown-report');
    }
    await trx
      .updateTable('public_report')
      .set({
        status: statusAfter(input.outcome),
        triage_outcome: input.outcome,
        triage_reason: ctx.keys.encrypt(reason),
        duplicate_of: input.duplicateOf ?? null,
        version: sql`version + 1`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
    await addTriageEvent(trx, id, actor, input.outcome, input.duplicateOf ? { duplicateOf: input.duplicateOf } : {});
    await recordAudit(trx, audit(actor), {
      action: 'public_report.close',
      outcome: 'success',
      recordType: 'public_report',
      recordId: id,
      details: {
        fields: ['status', 'triage_outcome', 'triage_reason'],
        ...(input.duplicateOf ? { reportId: input.duplicateOf } : {}),
      },
    });
  });
}

/** A case reference as typed: trimmed, upper case. */
const normaliseReference = (reference: string) => reference.trim().toUpperCase();

/**
 * A case found by its exact reference, as the hotline may know of it: the reference and the agency that holds
 * it, nothing of its content. Null when no case has it.
 */
export async function lookupCase(ctx: AppContext, actor: Actor, reference: string) {
  if (!canTriageReports(actor)) throw reportNotFound();
  const row = await ctx.db
    .selectFrom('case_file as c')
    .innerJoin('agency as a', 'a.id', 'c.owner_agency_id')
    .select(['c.id', 'c.reference', 'a.code', 'a.name'])
    .where('c.reference', '=', normaliseReference(reference))
    .executeTakeFirst();
  // A reference that finds nothing is audited as not_found by the access hook, like every 404.
  if (!row) throw new Problem('not-found', 'No case has this reference. Check it with the agency that gave it.');
  await recordAudit(ctx.db, audit(actor), {
    action: 'public_report.case_lookup',
    outcome: 'success',
    recordType: 'case',
    recordId: row.id,
  });
  return { reference: row.reference, agency: { code: row.code, name: row.name } };
}

/** Links a report to an existing case (found by its reference): the reporter sees it passed to the authority. */
export async function linkReport(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  caseReference: string,
): Promise<ReportView> {
  return act(ctx, actor, id, version, async (trx) => {
    const found = await trx
      .selectFrom('case_file')
      .select(['id', 'owner_agency_id', 'reference'])
      .where('reference', '=', normaliseReference(caseReference))
      .executeTakeFirst();
    if (!found) throw fieldProblem('caseReference', 'no case has this reference', 'unknown-case-reference');
    await trx
      .updateTable('public_report')
      .set({
        status: statusAfter('linked'),
        triage_outcome: 'linked',
        case_id: found.id,
        version: sql`version + 1`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
    await addTriageEvent(trx, id, actor, 'linked', { caseId: found.id, agencyId: found.owner_agency_id });
    await notifyAgency(ctx, trx, actor, found.owner_agency_id, {
      kind: 'report_linked',
      caseId: found.id,
      caseReference: found.reference,
    });
    await recordAudit(trx, audit(actor), {
      action: 'public_report.link',
      outcome: 'success',
      recordType: 'public_report',
      recordId: id,
      details: { caseId: found.id, agencyId: found.owner_agency_id },
    });
  });
}

/** The agencies a report may be escalated to: those of `province` first, then by kind and name. */
export async function escalationAgencies(ctx: AppContext, actor: Actor, province: string | undefined) {
  if (!canTriageReports(actor)) throw reportNotFound();
  const rows = await ctx.db
    .selectFrom('agency')
    .select(['id', 'code', 'name', 'kind', 'province', 'disabled'])
    .where('kind', 'in', [...ESCALATION_AGENCY_KINDS])
    .where('disabled', '=', false)
    .execute();
  const kindOrder = (k: string) => (ESCALATION_AGENCY_KINDS as readonly string[]).indexOf(k);
  await recordAudit(ctx.db, audit(actor), {
    action: 'public_report.agencies',
    outcome: 'success',
    details: { count: rows.length },
  });
  return rows
    .filter((a) => canReceiveEscalation(a))
    .map((a) => ({
      id: a.id,
      code: a.code,
      name: a.name,
      kind: a.kind as AgencyKind,
      province: a.province,
      suggested: Boolean(province) && a.province === province,
    }))
    .sort(
      (a, b) =>
        Number(b.suggested) - Number(a.suggested) ||
        kindOrder(a.kind) - kindOrder(b.kind) ||
        a.name.localeCompare(b.name, 'vi'),
    );
}

/** The active operators of the caller's hotline, to assign reports to. */
export async function hotlineOperators(ctx: AppContext, actor: Actor) {
  if (!canTriageReports(actor)) throw reportNotFound();
  const rows = await ctx.db
    .selectFrom('app_user as u')
    .innerJoin('agency as a', 'a.id', 'u.agency_id')
    .select(['u.id', 'u.display_name', 'u.agency_id', 'u.roles', 'u.language', 'a.kind'])
    .where('u.disabled', '=', false)
    .where('a.kind', '=', 'hotline')
    .orderBy('u.display_name')
    .execute();
  const items = rows
    .filter((u) =>
      canBeAssignedReport(actor, {
        userId: u.id,
        agencyId: u.agency_id,
        agencyKind: u.kind as AgencyKind,
        roles: u.roles as Role[],
        language: u.language as Language,
        clientIp: null,
      }),
    )
    .map((u) => ({ id: u.id, name: u.display_name }));
  await recordAudit(ctx.db, audit(actor), {
    action: 'public_report.operators',
    outcome: 'success',
    details: { count: items.length },
  });
  return items;
}

/**
 * Escalates a report: a new case at the chosen competent agency, owned by it, on a person registered as
 * unknown (a report names no one: no name is invented), with the report's text as the case's narrative, its
 * photos as the case's attachments, and its identifiers in prosecution support (source `hotline_report`, so
 * they meet equal identifiers of other cases). The agency's intake officers and investigators are told.
 */
export async function escalateReport(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  agencyId: string,
): Promise<ReportView> {
  return act(ctx, actor, id, version, async (trx, report) => {
    const agency = await trx
      .selectFrom('agency')
      .select(['id', 'kind', 'disabled', 'name'])
      .where('id', '=', agencyId)
      .executeTakeFirst();
    if (!agency || !canReceiveEscalation(agency))
      throw new Problem('validation', 'Choose an active police, border guard, coast guard or commune agency.', {
        reason: 'not-an-escalation-agency',
        errors: [{ field: 'body.agencyId', message: 'is not a competent agency', code: 'not-an-escalation-agency' }],
      });
    const content = parseContent(ctx.keys.decrypt(report.content));
    const personId = crypto.randomUUID();
    await trx
      .insertInto('person')
      .values({
        id: personId,
        owner_agency_id: agency.id,
        created_by: actor.userId,
        // The person at risk, as yet unknown: no name, sex or citizenship until the agency learns them.
        name_key: '',
        sex: 'unknown',
        citizenship: 'unknown',
        updated_at: sql<Date>`now()` as never,
      })
      .execute();
    for (const hook of ctx.hooks.personsChanged) await hook(trx, [personId]);
    const caseId = crypto.randomUUID();
    const created = await trx
      .insertInto('case_file')
      .values(
        newCaseRow(ctx, { agencyId: agency.id, userId: actor.userId }, caseId, {
          personId,
          reachedVia: 'hotline',
          narrative: caseNarrative(actor.language, report.channel as ReportChannel, content, report.province_code),
          ...(content.destinationCountry ? { route: { destinationCountry: content.destinationCountry } } : {}),
        }),
      )
      .returning(['reference'])
      .executeTakeFirstOrThrow();
    // The photos, as the case's attachments (their metadata was stripped when they arrived).
    const photos = await trx
      .selectFrom('public_report_photo')
      .select(['id', 'media_type', 'size_bytes', 'content'])
      .where('report_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    if (photos.length > 0)
      await trx
        .insertInto('attachment')
        .values(
          photos.map((p, i) => ({
            id: crypto.randomUUID(),
            case_id: caseId,
            part: 'narrative',
            file_name: ctx.keys.encrypt(`report-photo-${i + 1}.${p.media_type.split('/')[1]}`),
            media_type: p.media_type,
            size_bytes: p.size_bytes,
            content: ctx.keys.encryptBytes(ctx.keys.decryptBytes(Buffer.from(p.content))),
            uploaded_by: actor.userId,
            uploader_agency_id: actor.agencyId,
          })),
        )
        .execute();
    // The identifiers seen, for prosecution support; a line that is no phone, account, link or e-mail stays in
    // the narrative, and one entered twice is kept once.
    let identifiers = 0;
    for (const line of content.identifiers) {
      const identifier = identifierOfLine(line);
      if (!identifier) continue;
      try {
        await storeIdentifier(ctx, trx, actor, agency.id, { caseId }, { ...identifier, source: 'hotline_report' });
        identifiers += 1;
      } catch (error) {
        if (!(error instanceof Problem && error.type === 'conflict')) throw error;
      }
    }
    await trx
      .updateTable('public_report')
      .set({
        status: statusAfter('escalated'),
        triage_outcome: 'escalated',
        case_id: caseId,
        version: sql`version + 1`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
    await addTriageEvent(trx, id, actor, 'escalated', { caseId, agencyId: agency.id });
    await recordAudit(
      trx,
      audit(actor),
      {
        action: 'public_report.escalate',
        outcome: 'success',
        recordType: 'public_report',
        recordId: id,
        details: { caseId, agencyId: agency.id, count: identifiers },
      },
      {
        action: 'person.create',
        outcome: 'success',
        recordType: 'person',
        recordId: personId,
        details: { via: 'hotline' },
      },
      {
        action: 'case.create',
        outcome: 'success',
        recordType: 'case',
        recordId: caseId,
        details: { personId, via: 'hotline', agencyId: agency.id },
      },
    );
    // Tell whoever takes cases in at the receiving agency.
    await notifyAgency(ctx, trx, actor, agency.id, {
      kind: 'report_escalated',
      caseId,
      caseReference: created.reference,
    });
  });
}

/** Tells the agency's intake officers, investigators and supervisors of a report escalated or linked to its case. */
async function notifyAgency(
  ctx: AppContext,
  db: Kysely<DB>,
  actor: Actor,
  agencyId: string,
  about: { kind: 'report_escalated' | 'report_linked'; caseId: string; caseReference: string },
) {
  const users = await db
    .selectFrom('app_user as u')
    .innerJoin('agency as a', 'a.id', 'u.agency_id')
    .select(['u.id', 'u.agency_id', 'u.roles', 'u.language', 'a.kind'])
    .where('u.agency_id', '=', agencyId)
    .where('u.disabled', '=', false)
    .execute();
  const agencyCode = await ownAgencyCode(db, actor);
  await addNotifications(
    ctx,
    db,
    users
      .filter((u) =>
        receivesEscalatedReports(
          {
            userId: u.id,
            agencyId: u.agency_id,
            agencyKind: u.kind as AgencyKind,
            roles: u.roles as Role[],
            language: u.language as Language,
            clientIp: null,
          },
          agencyId,
        ),
      )
      .map((u) => ({ userId: u.id, ...about, agencyCode, actorId: actor.userId })),
  );
}
