// HTTP routes of an agency's work: queues of what waits, and response-time figures.
import { z } from 'zod';
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import { addDays, today } from '../contract/calendar.js';
import type { AppContext } from '../platform/context.js';
import { API_PREFIX, type App } from '../platform/http.js';
import { isoDate } from '../contract/schemas/registry.js';
import { teamWorkloadSchema, workKpisSchema, workQueuesSchema } from '../contract/schemas/work.js';
import { teamWorkload } from './team.js';
import { workKpis, workQueues } from './queues.js';

export async function workRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    `${API_PREFIX}/work/queues`,
    { config: { access: RULES.workQueues }, schema: { tags: ['work'], response: { 200: workQueuesSchema } } },
    async (request) => workQueues(ctx, actorOf(request)),
  );
  app.get(
    `${API_PREFIX}/team/workload`,
    {
      config: { access: RULES.teamWorkload },
      schema: {
        tags: ['work'],
        description:
          "The supervisor's view of the agency's team: each colleague's open cases, overdue verifications and referrals waiting, and the team's overdue work.",
        response: { 200: teamWorkloadSchema },
      },
    },
    async (request) => teamWorkload(ctx, actorOf(request)),
  );
  app.get(
    `${API_PREFIX}/work/kpis`,
    {
      config: { access: RULES.workKpis },
      schema: {
        tags: ['work'],
        querystring: z.object({ from: isoDate.optional(), to: isoDate.optional() }),
        response: { 200: workKpisSchema },
      },
    },
    async (request) => {
      const to = request.query.to ?? today();
      const from = request.query.from ?? addDays(to, -365);
      return workKpis(ctx, actorOf(request), from, to);
    },
  );
}
