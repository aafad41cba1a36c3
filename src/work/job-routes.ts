// GET /api/v1/jobs/:id: where a background job stands (state, progress, result),
// for the user who started it. Jobs hold no personal data, so reads are not
// audited (a progress bar polls); refusals are, as every denied access.
import { z } from 'zod';
import { recordAudit } from '../access/audit.js';
import { canCancelJob, canReadJob } from '../access/policy.js';
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import type { AppContext } from '../platform/context.js';
import { API_PREFIX, type App } from '../platform/http.js';
import { findJob, jobSchema, jobView, type JobRunner } from '../platform/jobs.js';
import { notFound } from '../platform/problems.js';

export async function jobRoutes(app: App, ctx: AppContext, jobs: JobRunner): Promise<void> {
  app.get(
    `${API_PREFIX}/jobs/:id`,
    {
      config: { access: RULES.jobRead },
      schema: {
        tags: ['jobs'],
        description:
          'A background job started by the caller (e.g. a roster upload answered 202 with its Location): poll until `state` is succeeded or failed.',
        params: z.object({ id: z.uuid('an id (UUID)') }),
        response: { 200: jobSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const job = await findJob(ctx.db, request.params.id);
      if (!job || !canReadJob(actor, job)) throw notFound('job'); // audited by the access hook
      return jobView(job, canCancelJob(actor, job));
    },
  );

  app.post(
    `${API_PREFIX}/jobs/:id/cancel`,
    {
      config: { access: RULES.jobCancel },
      schema: {
        tags: ['jobs'],
        description:
          'Cancels a job that is queued or running: it stops before its next step, and what its finished steps did stays done ' +
          '(an import says how many rows went in). The user who started it may cancel it, and for an import whoever may import for its agency. ' +
          'A job that has already ended is answered as it is.',
        params: z.object({ id: z.uuid('an id (UUID)') }),
        response: { 202: jobSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const found = await findJob(ctx.db, request.params.id);
      if (!found || !canCancelJob(actor, found)) throw notFound('job'); // audited by the access hook
      const wasRunning = found.state === 'queued' || found.state === 'running';
      const job = (await jobs.cancel(found.id, actor))!;
      if (wasRunning && job.state === 'cancelled' && !found.kind.startsWith('consolidation.'))
        await recordAudit(
          ctx.db,
          { actor, clientIp: actor.clientIp },
          { action: 'job.cancel', outcome: 'success', recordType: 'job', recordId: job.id },
        );
      return reply.status(202).send(jobView(job, canCancelJob(actor, job)));
    },
  );
}
