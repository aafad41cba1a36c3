// HTTP routes of the hotline's desk (issue 14 §2): the triage queue, a report in full with its photos, calls
// recorded as reports, and the triage actions, each with If-Match (428 without, 412 when stale) and audited.
// Who may call them is in src/access/rules.ts (reporting-policy.ts): hotline operators; everyone else 404.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { actorOf, type RouteAccess } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import {
  agenciesQuerySchema,
  assignSchema,
  callCreateSchema,
  caseLookupQuerySchema,
  caseLookupSchema,
  closeSchema,
  escalateSchema,
  escalationAgencySchema,
  linkSchema,
  operatorSchema,
  queueQuerySchema,
  queueSchema,
  reportParamsSchema,
  reportPhotoParamsSchema,
  reportViewSchema,
  type ReportView,
} from '../contract/schemas/triage.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { etagOf, versionFromIfMatch } from '../platform/etag.js';
import { API_PREFIX, type App } from '../platform/http.js';
import {
  assignReport,
  closeReport,
  escalateReport,
  escalationAgencies,
  getReport,
  hotlineOperators,
  linkReport,
  listQueue,
  lookupCase,
  recordCall,
  reportPhoto,
} from './triage.js';

const tags = ['triage'];
const withEtag = (reply: FastifyReply, report: ReportView) => reply.header('etag', etagOf(report.version));
const IF_MATCH = ' Send the ETag of the report as read in If-Match (428 without it, 412 when it changed since).';
const ENDED = ' A report whose triage has ended (escalated, linked, closed) answers 409 `report-already-triaged`.';

/** Registers the triage queue and the hotline's actions on reports. */
export async function triageRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    `${API_PREFIX}/reports`,
    {
      config: { access: RULES.reportQueue },
      schema: {
        tags,
        description:
          'The triage queue of web reports and calls: immediate danger first, then a minor involved, then the oldest. ' +
          'Each item has its flags, province, site, status, assignee, photo count, unread messages of the reporter and ' +
          'the minutes since it arrived; never its content.',
        querystring: queueQuerySchema,
        response: { 200: queueSchema },
      },
    },
    async (request) => listQueue(ctx, actorOf(request), request.query),
  );

  app.post(
    `${API_PREFIX}/reports/calls`,
    {
      config: { access: RULES.reportCallCreate },
      schema: {
        tags,
        description:
          'A call to the hotline, recorded by the operator who took it: stored as a report of channel `phone` (no ' +
          'receipt), encrypted like web reports, assigned to that operator.',
        body: callCreateSchema,
        response: { 201: reportViewSchema },
      },
    },
    async (request, reply) => {
      const report = await recordCall(ctx, actorOf(request), request.body);
      return withEtag(reply.status(201), report).send(report);
    },
  );

  app.get(
    `${API_PREFIX}/reports/case-lookup`,
    {
      config: { access: RULES.reportCaseLookup },
      schema: {
        tags,
        description:
          "A case by its exact reference (e.g. LT-2026-000123): the reference and the agency that holds it, nothing of the case's content. 404 when no case has it.",
        querystring: caseLookupQuerySchema,
        response: { 200: caseLookupSchema },
      },
    },
    async (request) => lookupCase(ctx, actorOf(request), request.query.reference),
  );

  app.get(
    `${API_PREFIX}/reports/agencies`,
    {
      config: { access: RULES.reportAgencies },
      schema: {
        tags,
        description:
          'The competent agencies a report may be escalated to (active police, border guard, coast guard and commune ' +
          'agencies, per Law 53/2024): those of the province given first (`suggested`), then by kind and name.',
        querystring: agenciesQuerySchema,
        response: { 200: z.object({ items: z.array(escalationAgencySchema) }) },
      },
    },
    async (request) => ({ items: await escalationAgencies(ctx, actorOf(request), request.query.province) }),
  );

  app.get(
    `${API_PREFIX}/reports/operators`,
    {
      config: { access: RULES.reportOperators },
      schema: {
        tags,
        description: "The active operators of the caller's hotline, to assign a report to.",
        response: { 200: z.object({ items: z.array(operatorSchema) }) },
      },
    },
    async (request) => ({ items: await hotlineOperators(ctx, actorOf(request)) }),
  );

  app.get(
    `${API_PREFIX}/reports/:id`,
    {
      config: { access: RULES.reportRead },
      schema: {
        tags,
        description:
          'A report in full, decrypted: its content, conversation, photos (ids; bytes at /photos/:photoId) and triage ' +
          "history. Every read is audited; it marks the reporter's messages read.",
        params: reportParamsSchema,
        response: { 200: reportViewSchema },
      },
    },
    async (request, reply) => {
      const report = await getReport(ctx, actorOf(request), request.params.id);
      return withEtag(reply, report).send(report);
    },
  );

  app.get(
    `${API_PREFIX}/reports/:id/photos/:photoId`,
    {
      config: { access: RULES.reportPhoto },
      schema: {
        tags,
        description: "A report's photo (its metadata stripped on arrival). Every read is audited.",
        params: reportPhotoParamsSchema,
        produces: ['image/jpeg', 'image/png', 'image/webp'],
        response: {
          200: {
            description: 'The image',
            content: {
              'image/jpeg': { schema: z.any().describe('binary') },
              'image/png': { schema: z.any().describe('binary') },
              'image/webp': { schema: z.any().describe('binary') },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const photo = await reportPhoto(ctx, actorOf(request), request.params.id, request.params.photoId);
      return reply
        .type(photo.mediaType)
        .header('cache-control', 'no-store')
        .header('content-disposition', 'inline')
        .send(photo.data);
    },
  );

  /** A triage action on one report: If-Match required, refused once triage has ended, answers the report. */
  const action = <B extends z.ZodType>(
    name: string,
    access: RouteAccess,
    description: string,
    body: B,
    act: (actor: Actor, id: string, version: number, body: z.infer<B>) => Promise<ReportView>,
  ) =>
    app.post(
      `${API_PREFIX}/reports/:id/${name}`,
      {
        config: { access },
        schema: {
          tags,
          description: description + IF_MATCH + ENDED,
          params: reportParamsSchema,
          body,
          response: { 200: reportViewSchema },
        },
      },
      async (request, reply) => {
        const params = request.params as z.infer<typeof reportParamsSchema>;
        const version = versionFromIfMatch(request.headers['if-match']);
        const report = await act(actorOf(request), params.id, version, request.body as z.infer<B>);
        return withEtag(reply, report).send(report);
      },
    );

  action(
    'assign',
    RULES.reportAssign,
    "Assigns the report to the caller ('me'), to another operator of the caller's hotline (their id), or to no " +
      'one (null). A report still "received" becomes "under review" for its reporter.',
    assignSchema,
    (actor, id, version, body) => assignReport(ctx, actor, id, version, body.assignee),
  );

  action(
    'close',
    RULES.reportClose,
    'Closes the report as a duplicate (of the report `duplicateOf`), spam, or not trafficking, with a reason ' +
      '(stored encrypted). Its reporter sees it closed.',
    closeSchema,
    (actor, id, version, body) => closeReport(ctx, actor, id, version, body),
  );

  action(
    'link',
    RULES.reportLink,
    'Links the report to an existing case, named by its reference (400 `unknown-case-reference` when none has ' +
      'it). Its reporter sees it passed to the competent authority.',
    linkSchema,
    (actor, id, version, body) => linkReport(ctx, actor, id, version, body.caseReference),
  );

  action(
    'escalate',
    RULES.reportEscalate,
    'Escalates the report to a competent agency (GET /reports/agencies): a new case of that agency, on a person ' +
      "registered as unknown, with the report's text as its narrative, its photos attached and its identifiers " +
      "in prosecution support (source hotline_report). The agency's intake officers and investigators are " +
      'notified; the reporter sees it passed to the competent authority.',
    escalateSchema,
    (actor, id, version, body) => escalateReport(ctx, actor, id, version, body.agencyId),
  );
}
