// HTTP routes of screening: indicator sets, stateless classification, screening
// records on cases, and repatriation screening events with roster upload.
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import { z } from 'zod';
import { recordAudit } from '../access/audit.js';
import type { AppContext } from '../platform/context.js';
import { API_PREFIX, type App } from '../platform/http.js';
import { notFound, Problem } from '../platform/problems.js';
import { LANGUAGES } from '../contract/reference/index.js';
import { jobView, type JobRunner } from '../platform/jobs.js';
import {
  checkCanRegister,
  createEvent,
  dryRunRoster,
  eventBoard,
  listEvents,
  registerReturnees,
  rosterJobHandler,
  startRosterRegistration,
} from './events.js';
import { localiseTriage } from './health-triage.js';
import { classifyOrProblem, explain, finaliseScreening, listScreenings, recordScreening } from './records.js';
import { rosterTooLarge, rowsFromCsv, rowsFromXlsx, type RosterLimits } from './roster.js';
import {
  borderEventBoardSchema,
  borderEventSummarySchema,
  classificationSchema,
  classifyRequestSchema,
  eventCreateSchema,
  FORM_MAX_RETURNEES,
  healthTriageSchema,
  localisedSetSchema,
  returneesRegisteredSchema,
  returneesSchema,
  screeningCreateSchema,
  screeningSchema,
  setSummarySchema,
} from '../contract/schemas/screening.js';
import { getSet, listSets, localiseSet } from './sets.js';
import { rosterDryRunSchema, rosterUploadedSchema, rosterUploadQuery } from '../contract/schemas/dataio.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const idParams = z.object({ id: z.uuid('an id (UUID)') });
const langQuery = z.object({ lang: z.enum(LANGUAGES).optional() });
const tags = ['screening'];

export async function screeningRoutes(app: App, ctx: AppContext, jobs: JobRunner): Promise<void> {
  jobs.register(rosterJobHandler(ctx));
  const limits: RosterLimits = {
    maxRows: ctx.config.rosterMaxRows,
    maxBytes: ctx.config.rosterMaxBytes,
    maxUnzippedBytes: ctx.config.rosterMaxUnzippedBytes,
    maxZipRatio: ctx.config.rosterMaxZipRatio,
  };
  // Roster uploads arrive as the file itself.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.get(
    `${API_PREFIX}/screening/sets`,
    {
      config: { access: RULES.screeningSets },
      schema: { tags, response: { 200: z.object({ items: z.array(setSummarySchema) }) } },
    },
    async (request) => {
      actorOf(request);
      return { items: listSets() };
    },
  );
  app.get(
    `${API_PREFIX}/screening/sets/:id`,
    {
      config: { access: RULES.screeningSets },
      schema: {
        tags,
        params: z.object({ id: z.string().max(64) }),
        querystring: langQuery,
        response: { 200: localisedSetSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const set = getSet(request.params.id);
      if (!set) throw notFound('indicator set');
      return localiseSet(set, request.query.lang ?? actor.language);
    },
  );
  app.get(
    `${API_PREFIX}/screening/health-triage`,
    {
      config: { access: RULES.screeningSets },
      schema: { tags, querystring: langQuery, response: { 200: healthTriageSchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      return localiseTriage(request.query.lang ?? actor.language);
    },
  );

  app.post(
    `${API_PREFIX}/screening/classify`,
    {
      config: { access: RULES.screeningClassify },
      schema: {
        tags,
        description:
          'Try answers without storing them (the live view of the screening form). Only the call is audited, never the answers.',
        body: classifyRequestSchema,
        response: { 200: classificationSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const result = explain(classifyOrProblem(getSet(request.body.instrument)!, request.body.answers, 'body'));
      await recordAudit(
        ctx.db,
        { actor, clientIp: actor.clientIp },
        { action: 'screening.classify', outcome: 'success', details: { instrument: request.body.instrument } },
      );
      return result;
    },
  );

  app.post(
    `${API_PREFIX}/cases/:id/screenings`,
    {
      config: { access: RULES.screeningCreate },
      schema: { tags, params: idParams, body: screeningCreateSchema, response: { 201: screeningSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await recordScreening(ctx, actorOf(request), request.params.id, request.body)),
  );
  app.get(
    `${API_PREFIX}/cases/:id/screenings`,
    {
      config: { access: RULES.screeningList },
      schema: { tags, params: idParams, response: { 200: z.object({ items: z.array(screeningSchema) }) } },
    },
    async (request) => ({ items: await listScreenings(ctx, actorOf(request), request.params.id) }),
  );
  app.post(
    `${API_PREFIX}/screenings/:id/finalise`,
    {
      config: { access: RULES.screeningFinalise },
      schema: { tags, params: idParams, response: { 200: screeningSchema } },
    },
    async (request) => finaliseScreening(ctx, actorOf(request), request.params.id),
  );

  app.get(
    `${API_PREFIX}/screening/events`,
    {
      config: { access: RULES.borderEventList },
      schema: { tags, response: { 200: z.object({ items: z.array(borderEventSummarySchema) }) } },
    },
    async (request) => ({
      items: await listEvents(ctx, actorOf(request)),
    }),
  );
  app.post(
    `${API_PREFIX}/screening/events`,
    {
      config: { access: RULES.borderEventCreate },
      schema: { tags, body: eventCreateSchema, response: { 201: borderEventBoardSchema } },
    },
    async (request, reply) => reply.status(201).send(await createEvent(ctx, actorOf(request), request.body)),
  );
  app.get(
    `${API_PREFIX}/screening/events/:id`,
    {
      config: { access: RULES.borderEventRead },
      schema: { tags, params: idParams, response: { 200: borderEventBoardSchema } },
    },
    async (request) => eventBoard(ctx, actorOf(request), request.params.id),
  );
  app.post(
    `${API_PREFIX}/screening/events/:id/returnees`,
    {
      config: { access: RULES.borderEventRegister },
      schema: {
        tags,
        description: `Register returnees from a form: {returnees: [{name, sex, estimatedAgeYears?, citizenship?, phone?}]}, at most ${FORM_MAX_RETURNEES} at a time (more: upload a roster). All or nothing.`,
        params: idParams,
        body: returneesSchema,
        response: { 201: returneesRegisteredSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await registerReturnees(ctx, actorOf(request), request.params.id, request.body.returnees)),
  );
  app.post(
    `${API_PREFIX}/screening/events/:id/roster`,
    {
      config: { access: RULES.borderEventRegister },
      bodyLimit: limits.maxBytes,
      // An upload over the limit is stopped while it arrives; say so in the roster's terms.
      errorHandler: (error) => {
        if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE')
          throw rosterTooLarge('file-too-large', limits);
        throw error;
      },
      schema: {
        tags,
        description:
          `Upload a roster as text/csv or ${XLSX_TYPE} with a header row (name, sex, age, citizenship, phone — in vi, en or fr). ` +
          'Every row is checked first: any bad row gives a 400 listing them all (rowErrors) and nothing is registered. ' +
          'A valid roster is answered 202 with the job that registers it (Location: /api/v1/jobs/:id), in chunks so that the server stays responsive. ' +
          `Limits (413 with a reason): ${limits.maxRows} rows, ${limits.maxBytes} bytes uploaded, ${limits.maxUnzippedBytes} bytes unzipped for XLSX. ` +
          'Rows matching persons already registered at the event (same name ignoring accents, compatible sex and age) are listed in `duplicates` ' +
          'and skipped unless includeDuplicates=true; with dryRun=true nothing is registered (200, what the upload would do). ' +
          'When every row is a duplicate, nothing is queued: 200 with job null.',
        params: idParams,
        querystring: rosterUploadQuery,
        response: { 200: rosterDryRunSchema.or(rosterUploadedSchema), 202: rosterUploadedSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const type = String(request.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      if (type !== XLSX_TYPE && type !== 'text/csv' && type !== 'text/plain')
        throw new Problem('unsupported-media-type', `Send the roster as text/csv or as ${XLSX_TYPE} (.xlsx).`);
      await checkCanRegister(ctx, actor, request.params.id); // 404 before the file is read
      const rows =
        type === XLSX_TYPE
          ? await rowsFromXlsx(request.body as Buffer, limits)
          : rowsFromCsv(String(request.body ?? ''), limits);
      if (rows.length === 0)
        throw new Problem('validation', 'The roster has no rows under its header.', {
          errors: [{ field: 'body', message: 'empty roster' }],
        });
      if (request.query.dryRun === 'true')
        return reply.status(200).send(await dryRunRoster(ctx, actor, request.params.id, rows));
      const started = await startRosterRegistration(ctx, actor, request.params.id, rows, {
        includeDuplicates: request.query.includeDuplicates === 'true',
      });
      const answer = { ...started, job: started.job ? jobView(started.job) : null };
      if (!started.job) return reply.status(200).send(answer);
      jobs.kick();
      return reply.status(202).header('location', `${API_PREFIX}/jobs/${started.job.id}`).send(answer);
    },
  );
}
