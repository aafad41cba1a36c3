// HTTP routes of identifiers, hits and information requests (issue 13 §1–§2). Paths and fields of
// `/cases/:id/identifiers` are fixed by the issue; other tools and agencies depend on them. Suspects and
// organisations have the same routes (`/suspects/:id/identifiers`, `/organisations/:id/identifiers`), with the
// same body and answer.
import { z } from 'zod';
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import {
  caseIdentifierListSchema,
  identifierCreateSchema,
  identifierSchema,
  informationRequestAnswerSchema,
  informationRequestCreateSchema,
  informationRequestListQuerySchema,
  informationRequestSchema,
} from '../contract/schemas/prosecution.js';
import type { AppContext } from '../platform/context.js';
import { API_PREFIX, type App } from '../platform/http.js';
import {
  addCaseIdentifier,
  addIntelligenceIdentifier,
  deleteCaseIdentifier,
  listCaseIdentifiers,
  listIntelligenceIdentifiers,
} from './identifiers.js';
import {
  answerInformationRequest,
  createInformationRequest,
  getInformationRequest,
  listInformationRequests,
} from './information-requests.js';

const idParams = z.object({ id: z.uuid('an id (UUID)') });
const tags = ['prosecution'];

export async function identifierRoutes(app: App, ctx: AppContext): Promise<void> {
  app.post(
    `${API_PREFIX}/cases/:id/identifiers`,
    {
      config: { access: RULES.identifierCreate },
      schema: { tags, params: idParams, body: identifierCreateSchema, response: { 201: identifierSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await addCaseIdentifier(ctx, actorOf(request), request.params.id, request.body)),
  );
  app.get(
    `${API_PREFIX}/cases/:id/identifiers`,
    {
      config: { access: RULES.identifierList },
      schema: { tags, params: idParams, response: { 200: caseIdentifierListSchema } },
    },
    async (request) => listCaseIdentifiers(ctx, actorOf(request), request.params.id),
  );
  for (const [path, holderOf, create, list] of [
    ['suspects', (id: string) => ({ suspectId: id }), RULES.suspectIdentifierCreate, RULES.suspectIdentifierList],
    [
      'organisations',
      (id: string) => ({ organisationId: id }),
      RULES.organisationIdentifierCreate,
      RULES.organisationIdentifierList,
    ],
  ] as const) {
    app.post(
      `${API_PREFIX}/${path}/:id/identifiers`,
      {
        config: { access: create },
        schema: {
          tags,
          description:
            'Records an identifier seen with this record (investigators of the agency that recorded it) and answers ' +
            'with the hits it makes in cases, as for a case’s identifiers. A second entry of it is a 409.',
          params: idParams,
          body: identifierCreateSchema,
          response: { 201: identifierSchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await addIntelligenceIdentifier(ctx, actorOf(request), holderOf(request.params.id), request.body)),
    );
    app.get(
      `${API_PREFIX}/${path}/:id/identifiers`,
      {
        config: { access: list },
        schema: { tags, params: idParams, response: { 200: z.object({ items: z.array(identifierSchema) }) } },
      },
      async (request) => ({
        items: await listIntelligenceIdentifiers(ctx, actorOf(request), holderOf(request.params.id)),
      }),
    );
  }
  app.delete(
    `${API_PREFIX}/cases/:id/identifiers/:identifierId`,
    {
      config: { access: RULES.identifierDelete },
      schema: {
        tags,
        params: idParams.extend({ identifierId: z.uuid('an id (UUID)') }),
        response: { 204: z.null().describe('removed') },
      },
    },
    async (request, reply) => {
      await deleteCaseIdentifier(ctx, actorOf(request), request.params.id, request.params.identifierId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    `${API_PREFIX}/information-requests`,
    {
      config: { access: RULES.informationRequestCreate },
      schema: { tags, body: informationRequestCreateSchema, response: { 201: informationRequestSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await createInformationRequest(ctx, actorOf(request), request.body)),
  );
  app.get(
    `${API_PREFIX}/information-requests`,
    {
      config: { access: RULES.informationRequestList },
      schema: {
        tags,
        querystring: informationRequestListQuerySchema,
        response: { 200: z.object({ items: z.array(informationRequestSchema) }) },
      },
    },
    async (request) => ({ items: await listInformationRequests(ctx, actorOf(request), request.query) }),
  );
  app.get(
    `${API_PREFIX}/information-requests/:id`,
    {
      config: { access: RULES.informationRequestRead },
      schema: { tags, params: idParams, response: { 200: informationRequestSchema } },
    },
    async (request) => getInformationRequest(ctx, actorOf(request), request.params.id),
  );
  for (const action of ['accept', 'decline', 'withdraw'] as const) {
    const rule =
      action === 'accept'
        ? RULES.informationRequestAccept
        : action === 'decline'
          ? RULES.informationRequestDecline
          : RULES.informationRequestWithdraw;
    app.post(
      `${API_PREFIX}/information-requests/:id/${action}`,
      {
        config: { access: rule },
        schema: {
          tags,
          params: idParams,
          body: informationRequestAnswerSchema,
          response: { 200: informationRequestSchema },
        },
      },
      async (request) =>
        answerInformationRequest(ctx, actorOf(request), request.params.id, action, request.body?.reason),
    );
  }
}
