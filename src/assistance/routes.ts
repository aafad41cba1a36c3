// HTTP routes of the national referral mechanism.
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { etagOf, versionFromIfMatch } from '../platform/etag.js';
import { API_PREFIX, type App } from '../platform/http.js';
import { listConsents, recordConsent, withdrawConsent } from './consent.js';
import { closureChecklist, listFollowUps, scheduleFollowUp, updateFollowUp } from './follow-up.js';
import { addNote, listNotes } from './notes.js';
import { actOnReferral, createReferral, createTransfer, getReferral, listReferrals } from './referrals.js';
import { createRepatriationGroup, getRepatriation, getRepatriationGroup, putRepatriation } from './repatriation.js';
import {
  closureCheckSchema,
  consentCreateSchema,
  consentSchema,
  consentWithdrawnSchema,
  followUpCreateSchema,
  followUpPatchSchema,
  followUpSchema,
  noteCreateSchema,
  noteSchema,
  reasonSchema,
  referralCreateSchema,
  referralListQuerySchema,
  referralSchema,
  repatriationGroupInputSchema,
  repatriationGroupSchema,
  repatriationInputSchema,
  repatriationSchema,
  serviceCreateSchema,
  servicePatchSchema,
  serviceSchema,
  supportPlanInputSchema,
  supportPlanSchema,
  transferCreateSchema,
} from '../contract/schemas/assistance.js';
import { addService, getSupportPlan, listServices, putSupportPlan, updateService } from './support.js';

const idParams = z.object({ id: z.uuid('an id (UUID)') });
const tags = ['assistance'];

export async function assistanceRoutes(app: App, ctx: AppContext): Promise<void> {
  app.post(
    `${API_PREFIX}/cases/:id/consents`,
    {
      config: { access: RULES.consentCreate },
      schema: { tags, params: idParams, body: consentCreateSchema, response: { 201: consentSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await recordConsent(ctx, actorOf(request), request.params.id, request.body)),
  );
  app.get(
    `${API_PREFIX}/cases/:id/consents`,
    {
      config: { access: RULES.consentList },
      schema: { tags, params: idParams, response: { 200: z.object({ items: z.array(consentSchema) }) } },
    },
    async (request) => ({ items: await listConsents(ctx, actorOf(request), request.params.id) }),
  );
  app.post(
    `${API_PREFIX}/consents/:id/withdraw`,
    {
      config: { access: RULES.consentWithdraw },
      schema: {
        tags,
        params: idParams,
        body: reasonSchema,
        response: { 200: consentWithdrawnSchema },
      },
    },
    async (request) => withdrawConsent(ctx, actorOf(request), request.params.id, request.body.reason),
  );

  app.post(
    `${API_PREFIX}/referrals`,
    {
      config: { access: RULES.referralCreate },
      schema: { tags, body: referralCreateSchema, response: { 201: referralSchema } },
    },
    async (request, reply) => reply.status(201).send(await createReferral(ctx, actorOf(request), request.body)),
  );
  app.get(
    `${API_PREFIX}/referrals`,
    {
      config: { access: RULES.referralList },
      schema: {
        tags,
        querystring: referralListQuerySchema,
        response: { 200: z.object({ items: z.array(referralSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => listReferrals(ctx, actorOf(request), request.query),
  );
  app.get(
    `${API_PREFIX}/referrals/:id`,
    {
      config: { access: RULES.referralRead },
      schema: { tags, params: idParams, response: { 200: referralSchema } },
    },
    async (request) => getReferral(ctx, actorOf(request), request.params.id),
  );
  for (const action of ['accept', 'complete'] as const) {
    app.post(
      `${API_PREFIX}/referrals/:id/${action}`,
      {
        config: { access: RULES.referralRespond },
        schema: { tags, params: idParams, response: { 200: referralSchema } },
      },
      async (request) => actOnReferral(ctx, actorOf(request), request.params.id, action),
    );
  }
  for (const action of ['decline', 'revoke'] as const) {
    app.post(
      `${API_PREFIX}/referrals/:id/${action}`,
      {
        config: { access: action === 'revoke' ? RULES.referralRevoke : RULES.referralRespond },
        schema: {
          tags,
          params: idParams,
          body: action === 'decline' ? reasonSchema : reasonSchema.partial().nullish(),
          response: { 200: referralSchema },
        },
      },
      async (request) =>
        actOnReferral(
          ctx,
          actorOf(request),
          request.params.id,
          action,
          (request.body as { reason?: string } | undefined)?.reason,
        ),
    );
  }
  app.post(
    `${API_PREFIX}/cases/:id/transfers`,
    {
      config: { access: RULES.transferCreate },
      schema: {
        tags,
        description:
          'Ask another agency to take over the case; ownership moves when it accepts (POST /referrals/:id/accept).',
        params: idParams,
        body: transferCreateSchema,
        response: { 201: referralSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createTransfer(ctx, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    `${API_PREFIX}/cases/:id/support-plan`,
    {
      config: { access: RULES.supportPlanRead },
      schema: { tags, params: idParams, response: { 200: supportPlanSchema } },
    },
    async (request, reply) => {
      const plan = await getSupportPlan(ctx, actorOf(request), request.params.id);
      return reply.header('etag', etagOf(plan.version)).send(plan);
    },
  );
  app.put(
    `${API_PREFIX}/cases/:id/support-plan`,
    {
      config: { access: RULES.supportPlanWrite },
      schema: {
        tags,
        description: 'If-Match: the plan\'s ETag, or "0" when none exists yet.',
        params: idParams,
        body: supportPlanInputSchema,
        response: { 200: supportPlanSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const plan = await putSupportPlan(
        ctx,
        actor,
        request.params.id,
        versionFromIfMatch(request.headers['if-match'], 0),
        request.body,
      );
      return reply.header('etag', etagOf(plan.version)).send(plan);
    },
  );
  app.post(
    `${API_PREFIX}/cases/:id/services`,
    {
      config: { access: RULES.serviceCreate },
      schema: { tags, params: idParams, body: serviceCreateSchema, response: { 201: serviceSchema } },
    },
    async (request, reply) => {
      const service = await addService(ctx, actorOf(request), request.params.id, request.body);
      return reply.status(201).header('etag', etagOf(service.version)).send(service);
    },
  );
  app.get(
    `${API_PREFIX}/cases/:id/services`,
    {
      config: { access: RULES.serviceList },
      schema: { tags, params: idParams, response: { 200: z.object({ items: z.array(serviceSchema) }) } },
    },
    async (request) => ({ items: await listServices(ctx, actorOf(request), request.params.id) }),
  );
  app.patch(
    `${API_PREFIX}/services/:id`,
    {
      config: { access: RULES.serviceUpdate },
      schema: { tags, params: idParams, body: servicePatchSchema, response: { 200: serviceSchema } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const service = await updateService(
        ctx,
        actor,
        request.params.id,
        versionFromIfMatch(request.headers['if-match']),
        request.body,
      );
      return reply.header('etag', etagOf(service.version)).send(service);
    },
  );

  app.post(
    `${API_PREFIX}/repatriation-groups`,
    {
      config: { access: RULES.repatriationGroupCreate },
      schema: { tags, body: repatriationGroupInputSchema, response: { 201: repatriationGroupSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await createRepatriationGroup(ctx, actorOf(request), request.body)),
  );
  app.get(
    `${API_PREFIX}/repatriation-groups/:id`,
    {
      config: { access: RULES.repatriationGroupRead },
      schema: { tags, params: idParams, response: { 200: repatriationGroupSchema } },
    },
    async (request) => getRepatriationGroup(ctx, actorOf(request), request.params.id),
  );
  app.get(
    `${API_PREFIX}/cases/:id/repatriation`,
    {
      config: { access: RULES.repatriationRead },
      schema: { tags, params: idParams, response: { 200: repatriationSchema.nullable() } },
    },
    async (request, reply) => {
      const record = await getRepatriation(ctx, actorOf(request), request.params.id);
      return reply.header('etag', etagOf(record?.version ?? 0)).send(record);
    },
  );
  app.put(
    `${API_PREFIX}/cases/:id/repatriation`,
    {
      config: { access: RULES.repatriationWrite },
      schema: {
        tags,
        description: 'If-Match: the record\'s ETag, or "0" when none exists yet.',
        params: idParams,
        body: repatriationInputSchema,
        response: { 200: repatriationSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const record = await putRepatriation(
        ctx,
        actor,
        request.params.id,
        versionFromIfMatch(request.headers['if-match'], 0),
        request.body,
      );
      return reply.header('etag', etagOf(record!.version)).send(record!);
    },
  );

  app.get(
    `${API_PREFIX}/cases/:id/follow-ups`,
    {
      config: { access: RULES.followUpList },
      schema: { tags, params: idParams, response: { 200: z.object({ items: z.array(followUpSchema) }) } },
    },
    async (request) => ({ items: await listFollowUps(ctx, actorOf(request), request.params.id) }),
  );
  app.post(
    `${API_PREFIX}/cases/:id/follow-ups`,
    {
      config: { access: RULES.followUpCreate },
      schema: { tags, params: idParams, body: followUpCreateSchema, response: { 201: followUpSchema } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await scheduleFollowUp(ctx, actor, request.params.id, request.body);
      return reply.status(201).send((await listFollowUps(ctx, actor, request.params.id)).find((v) => v.id === id)!);
    },
  );
  app.patch(
    `${API_PREFIX}/follow-ups/:id`,
    {
      config: { access: RULES.followUpUpdate },
      schema: { tags, params: idParams, body: followUpPatchSchema, response: { 200: followUpSchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      const caseId = await updateFollowUp(
        ctx,
        actor,
        request.params.id,
        versionFromIfMatch(request.headers['if-match']),
        request.body,
      );
      return (await listFollowUps(ctx, actor, caseId)).find((v) => v.id === request.params.id)!;
    },
  );
  app.get(
    `${API_PREFIX}/cases/:id/closure-checklist`,
    {
      config: { access: RULES.closureChecklist },
      schema: {
        tags,
        params: idParams,
        response: {
          200: z.object({ items: z.array(closureCheckSchema) }),
        },
      },
    },
    async (request) => ({ items: await closureChecklist(ctx, actorOf(request), request.params.id) }),
  );

  app.get(
    `${API_PREFIX}/cases/:id/notes`,
    {
      config: { access: RULES.noteList },
      schema: { tags, params: idParams, response: { 200: z.object({ items: z.array(noteSchema) }) } },
    },
    async (request) => ({ items: await listNotes(ctx, actorOf(request), request.params.id) }),
  );
  app.post(
    `${API_PREFIX}/cases/:id/notes`,
    {
      config: { access: RULES.noteCreate },
      schema: { tags, params: idParams, body: noteCreateSchema, response: { 201: noteSchema } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await addNote(ctx, actor, request.params.id, request.body);
      return reply.status(201).send((await listNotes(ctx, actor, request.params.id)).find((n) => n.id === id)!);
    },
  );
}
