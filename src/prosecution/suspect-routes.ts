// HTTP routes of suspects, organisations and their links (issue 13 §1). Law-enforcement investigators and
// prosecutors only: every other caller gets 404 (RULES.suspect*, RULES.organisation*, RULES.case*Link*).
import { z } from 'zod';
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import {
  caseOrganisationCreateSchema,
  caseOrganisationsSchema,
  caseSuspectCreateSchema,
  caseSuspectsSchema,
  linkSchema,
  listQuerySchema,
  organisationCreateSchema,
  organisationPatchSchema,
  organisationSchema,
  organisationSummarySchema,
  suspectCreateSchema,
  suspectLinkCreateSchema,
  suspectOrganisationCreateSchema,
  suspectPatchSchema,
  suspectSchema,
  suspectSummarySchema,
} from '../contract/schemas/prosecution-network.js';
import type { AppContext } from '../platform/context.js';
import { etagOf, versionFromIfMatch } from '../platform/etag.js';
import { API_PREFIX, type App } from '../platform/http.js';
import {
  linkOrganisationToCase,
  linkSuspects,
  linkSuspectToCase,
  linkSuspectToOrganisation,
  listCaseOrganisations,
  listCaseSuspects,
  removeLink,
  type LinkTable,
} from './links.js';
import { createOrganisation, getOrganisation, listOrganisations, updateOrganisation } from './organisations.js';
import { createSuspect, getSuspect, listSuspects, updateSuspect } from './suspects.js';

const idParams = z.object({ id: z.uuid('an id (UUID)') });
const linkParams = z.object({ id: z.uuid('an id (UUID)'), linkId: z.uuid('a link id (UUID)') });
const tags = ['prosecution'];
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export async function suspectRoutes(app: App, ctx: AppContext): Promise<void> {
  app.post(
    `${API_PREFIX}/suspects`,
    {
      config: { access: RULES.suspectCreate },
      schema: { tags, body: suspectCreateSchema, response: { 201: suspectSchema } },
    },
    async (request, reply) => {
      const suspect = await createSuspect(ctx, actorOf(request), request.body);
      return reply.status(201).header('etag', etagOf(suspect.version)).send(suspect);
    },
  );
  app.get(
    `${API_PREFIX}/suspects`,
    {
      config: { access: RULES.suspectList },
      schema: { tags, querystring: listQuerySchema, response: { 200: page(suspectSummarySchema) } },
    },
    async (request) => listSuspects(ctx, actorOf(request), request.query),
  );
  app.get(
    `${API_PREFIX}/suspects/:id`,
    {
      config: { access: RULES.suspectRead },
      schema: { tags, params: idParams, response: { 200: suspectSchema } },
    },
    async (request, reply) => {
      const suspect = await getSuspect(ctx, actorOf(request), request.params.id);
      return reply.header('etag', etagOf(suspect.version)).send(suspect);
    },
  );
  app.patch(
    `${API_PREFIX}/suspects/:id`,
    {
      config: { access: RULES.suspectUpdate },
      schema: {
        tags,
        description: 'If-Match: the ETag last read; 409 when someone else changed the suspect since.',
        params: idParams,
        body: suspectPatchSchema,
        response: { 200: suspectSchema },
      },
    },
    async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      const suspect = await updateSuspect(ctx, actorOf(request), request.params.id, version, request.body);
      return reply.header('etag', etagOf(suspect.version)).send(suspect);
    },
  );

  app.post(
    `${API_PREFIX}/organisations`,
    {
      config: { access: RULES.organisationCreate },
      schema: { tags, body: organisationCreateSchema, response: { 201: organisationSchema } },
    },
    async (request, reply) => {
      const org = await createOrganisation(ctx, actorOf(request), request.body);
      return reply.status(201).header('etag', etagOf(org.version)).send(org);
    },
  );
  app.get(
    `${API_PREFIX}/organisations`,
    {
      config: { access: RULES.organisationList },
      schema: { tags, querystring: listQuerySchema, response: { 200: page(organisationSummarySchema) } },
    },
    async (request) => listOrganisations(ctx, actorOf(request), request.query),
  );
  app.get(
    `${API_PREFIX}/organisations/:id`,
    {
      config: { access: RULES.organisationRead },
      schema: { tags, params: idParams, response: { 200: organisationSchema } },
    },
    async (request, reply) => {
      const org = await getOrganisation(ctx, actorOf(request), request.params.id);
      return reply.header('etag', etagOf(org.version)).send(org);
    },
  );
  app.patch(
    `${API_PREFIX}/organisations/:id`,
    {
      config: { access: RULES.organisationUpdate },
      schema: {
        tags,
        description: 'If-Match: the ETag last read; 409 when someone else changed the organisation since.',
        params: idParams,
        body: organisationPatchSchema,
        response: { 200: organisationSchema },
      },
    },
    async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      const org = await updateOrganisation(ctx, actorOf(request), request.params.id, version, request.body);
      return reply.header('etag', etagOf(org.version)).send(org);
    },
  );

  // Links. A duplicate is a 409; a link recorded in error is deleted by the investigators who may record it.
  app.post(
    `${API_PREFIX}/cases/:id/suspects`,
    {
      config: { access: RULES.caseSuspectCreate },
      schema: { tags, params: idParams, body: caseSuspectCreateSchema, response: { 201: linkSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await linkSuspectToCase(ctx, actorOf(request), request.params.id, request.body)),
  );
  app.get(
    `${API_PREFIX}/cases/:id/suspects`,
    {
      config: { access: RULES.caseSuspectList },
      schema: { tags, params: idParams, response: { 200: caseSuspectsSchema } },
    },
    async (request) => listCaseSuspects(ctx, actorOf(request), request.params.id),
  );
  app.post(
    `${API_PREFIX}/cases/:id/organisations`,
    {
      config: { access: RULES.caseOrganisationCreate },
      schema: { tags, params: idParams, body: caseOrganisationCreateSchema, response: { 201: linkSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await linkOrganisationToCase(ctx, actorOf(request), request.params.id, request.body)),
  );
  app.get(
    `${API_PREFIX}/cases/:id/organisations`,
    {
      config: { access: RULES.caseOrganisationList },
      schema: { tags, params: idParams, response: { 200: caseOrganisationsSchema } },
    },
    async (request) => listCaseOrganisations(ctx, actorOf(request), request.params.id),
  );
  app.post(
    `${API_PREFIX}/suspects/:id/links`,
    {
      config: { access: RULES.suspectLinkCreate },
      schema: { tags, params: idParams, body: suspectLinkCreateSchema, response: { 201: linkSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await linkSuspects(ctx, actorOf(request), request.params.id, request.body)),
  );
  app.post(
    `${API_PREFIX}/suspects/:id/organisations`,
    {
      config: { access: RULES.suspectOrganisationCreate },
      schema: { tags, params: idParams, body: suspectOrganisationCreateSchema, response: { 201: linkSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await linkSuspectToOrganisation(ctx, actorOf(request), request.params.id, request.body)),
  );

  const deletions: [string, LinkTable, (typeof RULES)[keyof typeof RULES]][] = [
    ['cases/:id/suspects/:linkId', 'case_suspect', RULES.caseSuspectDelete],
    ['cases/:id/organisations/:linkId', 'case_organisation', RULES.caseOrganisationDelete],
    ['suspects/:id/links/:linkId', 'suspect_link', RULES.suspectLinkDelete],
    ['suspects/:id/organisations/:linkId', 'suspect_organisation', RULES.suspectOrganisationDelete],
  ];
  for (const [path, table, rule] of deletions) {
    app.delete(
      `${API_PREFIX}/${path}`,
      {
        config: { access: rule },
        schema: {
          tags,
          description: 'Removes a link recorded in error (audited).',
          params: linkParams,
          response: { 204: z.null().describe('removed') },
        },
      },
      async (request, reply) => {
        await removeLink(ctx, actorOf(request), table, request.params.id, request.params.linkId);
        return reply.status(204).send(null);
      },
    );
  }
}
