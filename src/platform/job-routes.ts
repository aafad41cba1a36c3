// GET /api/v1/jobs/:id: where a background job stands (state, progress, result),
// for the user who started it. Jobs hold no personal data, so reads are not
// audited (a progress bar polls); refusals are, as every denied access.
import { z } from 'zod';
import { recordAudit } from '../access/audit.js';
import { canReadJob } from '../access/policy.js';
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import type { AppContext } from './context.js';
import { API_PREFIX, type App } from './http.js';
import { findJob, jobSchema, jobView } from './jobs.js';
import { notFound } from './problems.js';

export async function jobRoutes(app: App, ctx: AppContext): Promise<void> {
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
      if (!job || !canReadJob(actor, job)) {
        await recordAudit(
          ctx.db,
          { actor, clientIp: actor.clientIp },
          { action: 'job.read', outcome: 'not_found', recordType: 'job', recordId: request.params.id },
        );
        throw notFound('job');
      }
      return jobView(job);
    },
  );
}
