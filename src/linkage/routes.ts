// HTTP routes of record linkage (the paths and shapes of src/contract/schemas/linkage.ts), plus
// GET /linkage/contact-requests, the stewards' list of contact requests (shape defined here).
import { sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../access/audit.js';
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import {
  candidatePairSchema,
  contactRequestListSchema,
  contactRequestSchema,
  linkageSummarySchema,
  pairDecisionSchema,
  pairListSchema,
  personLinkageSchema,
  personMergeSchema,
  registrationCheckSchema,
} from '../contract/schemas/linkage.js';
import { personPatchSchema } from '../contract/schemas/registry.js';
import type { AppContext } from '../platform/context.js';
import { API_PREFIX, type App } from '../platform/http.js';
import { enqueueJob, jobSchema, jobView, type JobHandler, type JobRunner } from '../platform/jobs.js';
import { Problem } from '../platform/problems.js';
import { checkRegistration } from './check.js';
import { listContactRequests, mergePersons, personLinkage, requestContact, undoMerge } from './merge.js';
import { decidePair, linkageSummary, listPairs } from './review.js';
import { advanceRun, createRun, LINKAGE_RUN_JOB, onComputationDone, runUnderWay } from './run.js';

const idParams = z.object({ id: z.uuid('an id (UUID)') });
const tags = ['linkage'];

/** The job of a full run: one step of the run per job step; while the worker computes, the job waits. */
export function linkageRunJobHandler(ctx: AppContext): JobHandler {
  return {
    kind: LINKAGE_RUN_JOB,
    async step(trx, job) {
      const existing = await trx
        .selectFrom('linkage_run')
        .select('id')
        .where('job_id', '=', job.id)
        .where('state', '=', 'running')
        .orderBy('started_at', 'desc')
        .executeTakeFirst();
      const runId = existing?.id ?? (await createRun(ctx, trx, job.id));
      const step = await advanceRun(ctx, trx, runId);
      await trx
        .updateTable('job')
        .set({
          progress_total: step.total,
          ...(step.waitMs > 0 ? { run_after: sql<Date>`now() + make_interval(secs => ${step.waitMs / 1000})` } : {}),
        } as never)
        .where('id', '=', job.id)
        .execute();
      return { done: Math.min(step.done, step.total), finished: step.finished, result: step.result };
    },
  };
}

export async function linkageRoutes(app: App, ctx: AppContext, jobs: JobRunner): Promise<void> {
  jobs.register(linkageRunJobHandler(ctx));
  onComputationDone(() => jobs.kick()); // the results are written without waiting for the next poll

  app.post(
    `${API_PREFIX}/linkage/runs`,
    {
      config: { access: RULES.linkageRun },
      schema: {
        tags,
        description: 'A full linkage run over the registry, as a background job (poll GET /jobs/:id).',
        response: { 202: z.object({ job: jobSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const running = await ctx.db
        .selectFrom('job')
        .select('id')
        .where('kind', '=', LINKAGE_RUN_JOB)
        .where('state', 'in', ['queued', 'running'])
        .executeTakeFirst();
      if (running || (await runUnderWay(ctx.db)))
        throw new Problem('conflict', 'A linkage run is already under way; wait for it to finish.', {
          reason: 'linkage-running',
        });
      const job = await enqueueJob(ctx.db, ctx.keys, {
        kind: LINKAGE_RUN_JOB,
        createdBy: actor.userId,
        agencyId: actor.agencyId,
        clientIp: actor.clientIp,
        params: {},
        total: 1,
      });
      await recordAudit(
        ctx.db,
        { actor, clientIp: actor.clientIp },
        { action: 'linkage.run', outcome: 'success', details: { jobId: job.id } },
      );
      jobs.kick();
      return reply
        .code(202)
        .header('location', `${API_PREFIX}/jobs/${job.id}`)
        .send({ job: jobView(job) });
    },
  );

  app.get(
    `${API_PREFIX}/linkage/summary`,
    { config: { access: RULES.linkageSummary }, schema: { tags, response: { 200: linkageSummarySchema } } },
    async (request) => linkageSummary(ctx, actorOf(request)),
  );

  app.get(
    `${API_PREFIX}/linkage/pairs`,
    {
      config: { access: RULES.linkagePairs },
      schema: {
        tags,
        querystring: z.object({ state: z.enum(['pending', 'decided']).optional(), cursor: z.string().optional() }),
        response: { 200: pairListSchema },
      },
    },
    async (request) => listPairs(ctx, actorOf(request), request.query),
  );

  app.post(
    `${API_PREFIX}/linkage/pairs/:id/decision`,
    {
      config: { access: RULES.linkageDecision },
      schema: { tags, params: idParams, body: pairDecisionSchema, response: { 200: candidatePairSchema } },
    },
    async (request, reply) => {
      const header = request.headers['if-match'];
      const { view, seq } = await decidePair(
        ctx,
        actorOf(request),
        request.params.id,
        request.body.decision,
        typeof header === 'string' ? header : undefined,
      );
      return reply.header('etag', `"${seq}"`).send(view);
    },
  );

  app.post(
    `${API_PREFIX}/linkage/check`,
    {
      config: { access: RULES.linkageCheck },
      schema: {
        tags,
        description: 'Whether the person being registered may already be registered (partial fields are fine).',
        body: personPatchSchema,
        response: { 200: registrationCheckSchema },
      },
    },
    async (request) => checkRegistration(ctx, actorOf(request), request.body),
  );

  app.get(
    `${API_PREFIX}/linkage/contact-requests`,
    {
      config: { access: RULES.linkageContactRequests },
      schema: { tags, response: { 200: contactRequestListSchema } },
    },
    async (request) => listContactRequests(ctx, actorOf(request)),
  );

  app.post(
    `${API_PREFIX}/persons/:id/merge`,
    {
      config: { access: RULES.personMerge },
      schema: {
        tags,
        params: idParams,
        body: z.object({ otherPersonId: z.uuid('an id (UUID)') }).strict(),
        response: { 200: personMergeSchema },
      },
    },
    async (request) => mergePersons(ctx, actorOf(request), request.params.id, request.body.otherPersonId),
  );

  app.post(
    `${API_PREFIX}/merges/:id/undo`,
    {
      config: { access: RULES.personMergeUndo },
      schema: { tags, params: idParams, response: { 200: personMergeSchema } },
    },
    async (request) => undoMerge(ctx, actorOf(request), request.params.id),
  );

  app.get(
    `${API_PREFIX}/persons/:id/linkage`,
    {
      config: { access: RULES.personLinkage },
      schema: { tags, params: idParams, response: { 200: personLinkageSchema } },
    },
    async (request) => personLinkage(ctx, actorOf(request), request.params.id),
  );

  app.post(
    `${API_PREFIX}/persons/:id/contact-requests`,
    {
      config: { access: RULES.personContactRequest },
      schema: { tags, params: idParams, body: contactRequestSchema, response: { 201: z.object({ id: z.uuid() }) } },
    },
    async (request, reply) =>
      reply.code(201).send(await requestContact(ctx, actorOf(request), request.params.id, request.body.note)),
  );
}
