// Exports of the lists a user sees, as CSV or XLSX: the case list (with its filters), the referral
// boxes, a screening event's roster, a case's access log and the audit view. One convention: every list
// route `GET /x` has a sibling `GET /x/export?format=csv|xlsx` taking the same filters, answered by the
// same service function, page by page, streamed. What a list shows is what its export holds: the rows are
// read (and each read audited) by the list's own function; the export itself is one more audit event
// (`<thing>.export`: which list, how many rows, the format, the names of the filters — never their values).
// With a read replica, the case list, referral boxes and audit view are read from it when it holds everything
// committed before the export began (ctx.reads.fresh): a referral closed or a consent withdrawn a moment ago
// takes effect at once, and the caller's own changes are in the file. Audit events go to the primary.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { recordAudit, type AuditDetails } from '../access/audit.js';
import { auditEventsPage } from '../access/audit-view.js';
import { canReadAuditTrail } from '../access/account-policy.js';
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import { listReferrals } from '../assistance/referrals.js';
import { calendarZone, today } from '../contract/calendar.js';
import type { Language } from '../contract/codes.js';
import { countryName, label, type CodeOf } from '../contract/reference/index.js';
import { auditActionLabel, type AuditAction } from '../contract/audit-actions.js';
import { auditQuerySchema } from '../contract/schemas/access.js';
import { referralListQuerySchema } from '../contract/schemas/assistance.js';
import { exportFormatQuery, type ExportFormat } from '../contract/schemas/dataio.js';
import { caseListQueryFields, registeredWindowInOrder, type CaseListQuery } from '../contract/schemas/registry.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { API_PREFIX, type App } from '../platform/http.js';
import { notFound } from '../platform/problems.js';
import { caseAccessLog, listCases } from '../registry/cases.js';
import { eventBoard } from '../screening/events.js';
import { outcomeWord, word, yesNo } from './headings.js';
import {
  cursorPages,
  EXPORT_MEDIA_TYPES,
  exportFileName,
  writeExport,
  type ExportColumn,
  type ExportValue,
} from './writer.js';

const idParams = z.object({ id: z.uuid('an id (UUID)') });
const tags = ['exports'];
const fileResponse = {
  200: {
    description: 'The file (text/csv or XLSX)',
    content: {
      'text/csv': { schema: z.any().describe('binary (the file)') },
      [EXPORT_MEDIA_TYPES.xlsx]: { schema: z.any().describe('binary (the file)') },
    },
  },
};

/** A date and time in the calendar's zone, as a spreadsheet reads it: 2026-05-01 14:03. */
function localTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: calendarZone(),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}
const localDay = (iso: string | null | undefined) => localTime(iso)?.slice(0, 10) ?? null;

/** A code's label where Lantern has one, else the code itself (a code list grown since). */
function labelOf<L extends Parameters<typeof label>[0]>(list: L, code: string | null | undefined, lang: Language) {
  if (!code) return null;
  try {
    return label(list, code as CodeOf<L>, lang);
  } catch {
    return code;
  }
}

/** The names (never the values) of the filters a request used. */
const filterNames = (query: Record<string, unknown>) =>
  Object.keys(query)
    .filter((k) => k !== 'format' && query[k] !== undefined && query[k] !== '')
    .sort();

interface Sent<T> {
  reply: FastifyReply;
  actor: Actor;
  format: ExportFormat;
  what: string;
  sheet: string;
  columns: ExportColumn<T>[];
  pages: AsyncIterable<readonly T[]>;
  audit: { action: AuditAction; recordType?: string; recordId?: string; details: AuditDetails };
}

function send<T>(ctx: AppContext, s: Sent<T>) {
  const stream = writeExport({
    format: s.format,
    sheetName: s.sheet,
    columns: s.columns,
    pages: s.pages,
    onFinished: (rows) =>
      recordAudit(
        ctx.db,
        { actor: s.actor, clientIp: s.actor.clientIp },
        {
          action: s.audit.action,
          outcome: 'success',
          ...(s.audit.recordType ? { recordType: s.audit.recordType, recordId: s.audit.recordId ?? null } : {}),
          details: { ...s.audit.details, count: rows, format: s.format },
        },
      ),
  });
  return s.reply
    .type(EXPORT_MEDIA_TYPES[s.format])
    .header('content-disposition', `attachment; filename="${exportFileName(s.what, today(), s.format)}"`)
    .send(stream);
}

/** Pages that start with one already read (so that a refused request is a clean 4xx, not a cut file). */
async function* pagesOf<T>(first: readonly T[]): AsyncGenerator<readonly T[]> {
  yield first;
}

type CaseItem = Awaited<ReturnType<typeof listCases>>['items'][number];
/** A field the case list may give (age, sex, province and the assignee's name come with its filters). */
const extra = (row: CaseItem, key: string): ExportValue => {
  const value = (row as unknown as Record<string, unknown>)[key];
  return typeof value === 'string' || typeof value === 'number' ? value : null;
};

function caseColumns(lang: Language): ExportColumn<CaseItem>[] {
  return [
    { heading: word('reference', lang), value: (r) => r.reference },
    { heading: word('name', lang), value: (r) => r.personName },
    { heading: word('sex', lang), value: (r) => labelOf('sex', extra(r, 'sex') as string | null, lang) },
    { heading: word('age', lang), value: (r) => extra(r, 'ageYears') },
    { heading: word('province', lang), value: (r) => extra(r, 'provinceName') ?? extra(r, 'province') },
    { heading: word('status', lang), value: (r) => labelOf('caseStatus', r.status, lang) },
    {
      heading: word('exploitation', lang),
      value: (r) => r.exploitationTypes.map((t) => labelOf('exploitationType', t, lang)).join('; '),
    },
    {
      heading: word('destination', lang),
      value: (r) => (r.destinationCountry ? (countryName(r.destinationCountry, lang) ?? r.destinationCountry) : null),
    },
    { heading: word('assignee', lang), value: (r) => extra(r, 'assignedUserName') },
    { heading: word('verificationDue', lang), value: (r) => localDay(r.verificationDueAt) },
    { heading: word('overdue', lang), value: (r) => yesNo(r.verificationOverdue, lang) },
    { heading: word('opened', lang), value: (r) => localDay(r.createdAt) },
  ];
}

type ReferralItem = Awaited<ReturnType<typeof listReferrals>>['items'][number];
function referralColumns(lang: Language): ExportColumn<ReferralItem>[] {
  return [
    { heading: word('reference', lang), value: (r) => r.caseReference },
    { heading: word('kind', lang), value: (r) => word(r.kind, lang) },
    { heading: word('fromAgency', lang), value: (r) => r.fromAgency },
    { heading: word('toAgency', lang), value: (r) => r.toAgency },
    {
      heading: word('purposes', lang),
      value: (r) => r.purposes.map((p) => labelOf('referralPurpose', p, lang)).join('; '),
    },
    { heading: word('dueDate', lang), value: (r) => r.dueDate },
    { heading: word('status', lang), value: (r) => labelOf('referralStatus', r.status, lang) },
    { heading: word('overdue', lang), value: (r) => yesNo(r.overdue, lang) },
    { heading: word('sex', lang), value: (r) => labelOf('sex', r.person.sex, lang) },
    { heading: word('age', lang), value: (r) => r.person.ageYears },
    { heading: word('sent', lang), value: (r) => localDay(r.createdAt) },
    { heading: word('responded', lang), value: (r) => localDay(r.respondedAt) },
  ];
}

type RosterItem = Awaited<ReturnType<typeof eventBoard>>['people'][number];
function rosterColumns(lang: Language): ExportColumn<RosterItem>[] {
  return [
    { heading: word('row', lang), value: (r) => r.row },
    { heading: word('reference', lang), value: (r) => r.reference },
    { heading: word('name', lang), value: (r) => r.name },
    { heading: word('sex', lang), value: (r) => labelOf('sex', r.sex, lang) },
    { heading: word('age', lang), value: (r) => r.ageYears },
    { heading: word('minor', lang), value: (r) => yesNo(r.isMinor, lang) },
    { heading: word('caseStatus', lang), value: (r) => labelOf('caseStatus', r.caseStatus, lang) },
    { heading: word('outcome', lang), value: (r) => labelOf('screeningOutcome', r.outcome, lang) },
    { heading: word('healthFlags', lang), value: (r) => r.healthFlags.join('; ') },
    { heading: word('referralNeeded', lang), value: (r) => yesNo(r.referralNeeded, lang) },
  ];
}

type AccessLogItem = Awaited<ReturnType<typeof caseAccessLog>>['items'][number];
function accessLogColumns(lang: Language): ExportColumn<AccessLogItem>[] {
  return [
    { heading: word('at', lang), value: (r) => localTime(r.at) },
    { heading: word('actor', lang), value: (r) => r.actorName },
    { heading: word('email', lang), value: (r) => r.actorEmail },
    { heading: word('agency', lang), value: (r) => r.agencyCode },
    { heading: word('action', lang), value: (r) => auditActionLabel(r.action, lang) },
    { heading: word('recordType', lang), value: (r) => r.recordType },
    { heading: word('outcomeOfAction', lang), value: (r) => outcomeWord(r.outcome, lang) },
    { heading: word('clientIp', lang), value: (r) => r.clientIp },
    { heading: word('forged', lang), value: (r) => yesNo(r.forged, lang) },
  ];
}

type AuditItem = Awaited<ReturnType<typeof auditEventsPage>>['items'][number];
function auditColumns(lang: Language): ExportColumn<AuditItem>[] {
  return [
    { heading: word('id', lang), value: (r) => r.id },
    { heading: word('seq', lang), value: (r) => r.seq },
    { heading: word('at', lang), value: (r) => localTime(r.at) },
    { heading: word('actorId', lang), value: (r) => r.actorId },
    { heading: word('actor', lang), value: (r) => r.actorName },
    { heading: word('action', lang), value: (r) => auditActionLabel(r.action, lang) },
    { heading: word('recordType', lang), value: (r) => r.recordType },
    // The read of a page of a list names every record it showed.
    { heading: word('recordId', lang), value: (r) => r.recordId ?? r.recordIds?.join(' ') ?? null },
    { heading: word('outcomeOfAction', lang), value: (r) => outcomeWord(r.outcome, lang) },
    { heading: word('clientIp', lang), value: (r) => r.clientIp },
    { heading: word('origin', lang), value: (r) => r.origin },
    { heading: word('details', lang), value: (r) => (r.details ? JSON.stringify(r.details) : null) },
  ];
}

const noPaging = { cursor: true, limit: true } as const;

export async function exportRoutes(app: App, ctx: AppContext): Promise<void> {
  /** Rows asked of a list function per page: large enough to be quick, small enough to keep memory flat. */
  const PAGE = ctx.config.exportPageRows;
  app.get(
    `${API_PREFIX}/cases/export`,
    {
      config: { access: RULES.caseExport },
      schema: {
        tags,
        description:
          'The case list as a file, with the same filters as GET /cases (every page of it, not only the first): ' +
          'exactly the cases the caller may see, in their language.',
        querystring: caseListQueryFields
          .omit({ ...noPaging, total: true })
          .extend(exportFormatQuery.shape)
          .refine(...registeredWindowInOrder),
        produces: ['text/csv', EXPORT_MEDIA_TYPES.xlsx],
        response: fileResponse,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { format, ...filters } = request.query;
      const query = (cursor?: string) =>
        ({ ...filters, total: 'false', limit: PAGE, ...(cursor ? { cursor } : {}) }) as CaseListQuery;
      const reads = await ctx.reads.fresh(); // see the file's head: a replica only if it is as fresh as the primary
      const first = await listCases(ctx, actor, query(), reads);
      return send(ctx, {
        reply,
        actor,
        format,
        what: 'cases',
        sheet: word('sheetCases', actor.language),
        columns: caseColumns(actor.language),
        pages: cursorPages(first, (cursor) => listCases(ctx, actor, query(cursor), reads)),
        audit: { action: 'case.export', details: { list: 'cases', fields: filterNames(filters) } },
      });
    },
  );

  app.get(
    `${API_PREFIX}/referrals/export`,
    {
      config: { access: RULES.referralExport },
      schema: {
        tags,
        description: 'A referral box (inbox or outbox) as a file, with the same filters as GET /referrals.',
        querystring: referralListQuerySchema.omit(noPaging).extend(exportFormatQuery.shape),
        produces: ['text/csv', EXPORT_MEDIA_TYPES.xlsx],
        response: fileResponse,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { format, ...filters } = request.query;
      const query = (cursor?: string) => ({ ...filters, limit: PAGE, ...(cursor ? { cursor } : {}) });
      const reads = await ctx.reads.fresh();
      const first = await listReferrals(ctx, actor, query(), reads);
      return send(ctx, {
        reply,
        actor,
        format,
        what: `referrals-${filters.box}`,
        sheet: word(filters.box === 'inbox' ? 'sheetInbox' : 'sheetOutbox', actor.language),
        columns: referralColumns(actor.language),
        pages: cursorPages(first, (cursor) => listReferrals(ctx, actor, query(cursor), reads)),
        audit: {
          action: 'referral.export',
          details: { list: `referrals_${filters.box}`, fields: filterNames(filters) },
        },
      });
    },
  );

  app.get(
    `${API_PREFIX}/screening/events/:id/roster/export`,
    {
      config: { access: RULES.rosterExport },
      schema: {
        tags,
        description: "A screening event's roster as its board shows it: who was registered, screened, flagged.",
        params: idParams,
        querystring: exportFormatQuery,
        produces: ['text/csv', EXPORT_MEDIA_TYPES.xlsx],
        response: fileResponse,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const board = await eventBoard(ctx, actor, request.params.id);
      return send(ctx, {
        reply,
        actor,
        format: request.query.format,
        what: `roster-${board.date}`,
        sheet: word('sheetRoster', actor.language),
        columns: rosterColumns(actor.language),
        pages: pagesOf(board.people),
        audit: {
          action: 'screening_event.roster_export',
          recordType: 'screening_event',
          recordId: board.id,
          details: { list: 'roster' },
        },
      });
    },
  );

  app.get(
    `${API_PREFIX}/cases/:id/access-log/export`,
    {
      config: { access: RULES.caseAccessLogExport },
      schema: {
        tags,
        description: 'Who read or changed the case, as a file (the whole log, newest first).',
        params: idParams,
        querystring: exportFormatQuery,
        produces: ['text/csv', EXPORT_MEDIA_TYPES.xlsx],
        response: fileResponse,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = request.params.id;
      const first = await caseAccessLog(ctx, actor, id, undefined, PAGE);
      return send(ctx, {
        reply,
        actor,
        format: request.query.format,
        what: 'access-log',
        sheet: word('sheetAccessLog', actor.language),
        columns: accessLogColumns(actor.language),
        pages: cursorPages(first, (cursor) => caseAccessLog(ctx, actor, id, cursor, PAGE)),
        audit: { action: 'case.access_log_export', recordType: 'case', recordId: id, details: { list: 'access_log' } },
      });
    },
  );

  app.get(
    `${API_PREFIX}/audit/export`,
    {
      config: { access: RULES.auditExport },
      schema: {
        tags,
        description: 'The audit view as a file, with the same filters as GET /audit (auditors only).',
        querystring: auditQuerySchema.omit(noPaging).extend(exportFormatQuery.shape),
        produces: ['text/csv', EXPORT_MEDIA_TYPES.xlsx],
        response: fileResponse,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!canReadAuditTrail(actor)) throw notFound('resource');
      const { format, ...filters } = request.query;
      const reads = await ctx.reads.fresh();
      const page = (cursor?: string) => auditEventsPage(reads, { ...filters, cursor, limit: PAGE * 2 });
      const first = await page();
      return send(ctx, {
        reply,
        actor,
        format,
        what: 'audit',
        sheet: word('sheetAudit', actor.language),
        columns: auditColumns(actor.language),
        pages: cursorPages(first, page),
        audit: {
          action: 'audit.export',
          details: {
            list: 'audit',
            fields: filterNames(filters),
            recordId: filters.recordId ?? null,
            actorId: filters.actorId ?? null,
            action: filters.action ?? null,
          },
        },
      });
    },
  );
}
