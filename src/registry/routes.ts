// HTTP routes of the registry: persons, cases, lifecycle, access log, reference data.
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { etagOf, versionFromIfMatch } from '../platform/etag.js';
import { API_PREFIX, type App } from '../platform/http.js';
import { assignCase, caseAccessLog, createCase, getCase, listCases, transitionCase, updateCase } from './cases.js';
import { createPerson, findPersonsByDocument, getPerson, updatePerson } from './persons.js';
import { referenceData, LANGUAGES } from '../contract/reference/index.js';
import { referenceDataSchema } from '../contract/schemas/reference.js';
import {
  assignmentBodySchema,
  caseAccessLogEntrySchema,
  caseCreateSchema,
  caseListItemSchema,
  caseListQuerySchema,
  casePatchSchema,
  caseSchema,
  personCreateSchema,
  personPatchSchema,
  personSchema,
  personSummarySchema,
  transitionSchema,
} from '../contract/schemas/registry.js';

const idParams = z.object({ id: z.uuid('an id (UUID)') });
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export async function registryRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    `${API_PREFIX}/reference`,
    {
      config: { access: RULES.reference },
      schema: {
        tags: ['reference'],
        querystring: z.object({ lang: z.enum(LANGUAGES).optional() }),
        response: { 200: referenceDataSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return { ...referenceData(request.query.lang ?? actor.language), timeZone: ctx.config.timeZone };
    },
  );

  app.post(
    `${API_PREFIX}/persons`,
    {
      config: { access: RULES.personCreate },
      schema: { tags: ['persons'], body: personCreateSchema, response: { 201: personSchema } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const person = await createPerson(ctx, actor, request.body);
      return reply
        .status(201)
        .header('etag', etagOf(person.version))
        .header('location', `${API_PREFIX}/persons/${person.id}`)
        .send(person);
    },
  );

  app.get(
    `${API_PREFIX}/persons`,
    {
      config: { access: RULES.personByDocument },
      schema: {
        tags: ['persons'],
        description: 'Exact-match search by identity document number (through a keyed hash).',
        querystring: z.object({ documentNumber: z.string().trim().min(1).max(64) }),
        response: { 200: z.object({ items: z.array(personSummarySchema) }) },
      },
    },
    async (request) => ({
      items: await findPersonsByDocument(ctx, actorOf(request), request.query.documentNumber),
    }),
  );

  app.get(
    `${API_PREFIX}/persons/:id`,
    {
      config: { access: RULES.personRead },
      schema: { tags: ['persons'], params: idParams, response: { 200: personSchema } },
    },
    async (request, reply) => {
      const person = await getPerson(ctx, actorOf(request), request.params.id);
      return reply.header('etag', etagOf(person.version)).send(person);
    },
  );

  app.patch(
    `${API_PREFIX}/persons/:id`,
    {
      config: { access: RULES.personUpdate },
      schema: { tags: ['persons'], params: idParams, body: personPatchSchema, response: { 200: personSchema } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const person = await updatePerson(
        ctx,
        actor,
        request.params.id,
        versionFromIfMatch(request.headers['if-match']),
        request.body,
      );
      return reply.header('etag', etagOf(person.version)).send(person);
    },
  );

  app.post(
    `${API_PREFIX}/cases`,
    {
      config: { access: RULES.caseCreate },
      schema: { tags: ['cases'], body: caseCreateSchema, response: { 201: caseSchema } },
    },
    async (request, reply) => {
      const created = await createCase(ctx, actorOf(request), request.body);
      return reply
        .status(201)
        .header('etag', etagOf(created.version))
        .header('location', `${API_PREFIX}/cases/${created.id}`)
        .send(created);
    },
  );

  app.get(
    `${API_PREFIX}/cases`,
    {
      config: { access: RULES.caseList },
      schema: {
        tags: ['cases'],
        description:
          'Cases the caller may see, filtered and sorted; `total` counts every match (null when asked not to count).',
        querystring: caseListQuerySchema,
        response: {
          200: page(caseListItemSchema).extend({ total: z.number().nullable().describe('how many cases match') }),
        },
      },
    },
    async (request) => listCases(ctx, actorOf(request), request.query),
  );

  app.get(
    `${API_PREFIX}/cases/:id`,
    {
      config: { access: RULES.caseRead },
      schema: { tags: ['cases'], params: idParams, response: { 200: caseSchema } },
    },
    async (request, reply) => {
      const found = await getCase(ctx, actorOf(request), request.params.id);
      return reply.header('etag', etagOf(found.version)).send(found);
    },
  );

  app.patch(
    `${API_PREFIX}/cases/:id`,
    {
      config: { access: RULES.caseUpdate },
      schema: { tags: ['cases'], params: idParams, body: casePatchSchema, response: { 200: caseSchema } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const updated = await updateCase(
        ctx,
        actor,
        request.params.id,
        versionFromIfMatch(request.headers['if-match']),
        request.body,
      );
      return reply.header('etag', etagOf(updated.version)).send(updated);
    },
  );

  app.put(
    `${API_PREFIX}/cases/:id/assignment`,
    {
      config: { access: RULES.caseAssign },
      schema: {
        tags: ['cases'],
        description:
          'Assigns the case to a colleague of its agency (its supervisors), or the caller takes it; If-Match required. The assignee is notified.',
        params: idParams,
        body: assignmentBodySchema,
        response: { 200: caseSchema },
      },
    },
    async (request, reply) => {
      const updated = await assignCase(
        ctx,
        actorOf(request),
        request.params.id,
        versionFromIfMatch(request.headers['if-match']),
        request.body.userId,
      );
      return reply.header('etag', etagOf(updated.version)).send(updated);
    },
  );

  app.post(
    `${API_PREFIX}/cases/:id/transitions`,
    {
      config: { access: RULES.caseTransition },
      schema: {
        tags: ['cases'],
        description:
          'Move the case along its lifecycle. If-Match is optional here; when sent, a stale version is refused.',
        params: idParams,
        body: transitionSchema,
        response: { 200: caseSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const ifMatch = request.headers['if-match'];
      const updated = await transitionCase(
        ctx,
        actor,
        request.params.id,
        request.body.to,
        request.body.reason,
        ifMatch ? versionFromIfMatch(ifMatch) : undefined,
      );
      return reply.header('etag', etagOf(updated.version)).send(updated);
    },
  );

  app.get(
    `${API_PREFIX}/cases/:id/access-log`,
    {
      config: { access: RULES.caseAccessLog },
      schema: {
        tags: ['cases'],
        params: idParams,
        querystring: z.object({
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: page(caseAccessLogEntrySchema) },
      },
    },
    async (request) =>
      caseAccessLog(ctx, actorOf(request), request.params.id, request.query.cursor, request.query.limit),
  );
}
