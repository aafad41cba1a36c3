// GET /api/v1/jobs/:id: where a background job stands (state, progress, result),
// for the user who started it. Jobs hold no personal data, so reads are not
// audited (a progress bar polls); refusals are, as every denied access.
import { z } from 'zod';
import { canReadJob } from '../access/policy.js';
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import type { AppContext } from '../platform/context.js';
import { API_PREFIX, type App } from '../platform/http.js';
import { findJob, jobSchema, jobView } from '../platform/jobs.js';
import { notFound } from '../platform/problems.js';

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
      if (!job || !canReadJob(actor, job)) throw notFound('job'); // audited by the access hook
      return jobView(job);
    },
  );
}
