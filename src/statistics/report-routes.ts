// GET /api/v1/statistics/report?from=&to=&language=vi|en|fr -> application/pdf: the national report.
// Kept apart from the tables' routes (routes.ts); every table in it is a release of its own.
import { z } from 'zod';
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import { reportRequestSchema } from '../contract/schemas/statistics.js';
import type { AppContext } from '../platform/context.js';
import { API_PREFIX, type App } from '../platform/http.js';
import type { JobRunner } from '../platform/jobs.js';
import { refreshIfStale } from './refresh.js';
import { nationalReport } from './report.js';

export async function statisticsReportRoutes(app: App, ctx: AppContext, jobs: JobRunner): Promise<void> {
  app.get(
    `${API_PREFIX}/statistics/report`,
    {
      config: { access: RULES.statisticsReport },
      schema: {
        tags: ['statistics'],
        description:
          'The national report for a period of whole months, as a PDF in Vietnamese, English or French. Built only ' +
          'from controlled tables (small-cell and secondary suppression); each table is a release, stored and audited.',
        querystring: reportRequestSchema,
        produces: ['application/pdf'],
        response: {
          200: {
            description: 'The report, a PDF',
            content: { 'application/pdf': { schema: z.any().describe('binary (the file)') } },
          },
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { from, to, language } = request.query;
      const pdf = await nationalReport(
        ctx,
        actor,
        { from, to, language },
        {
          onStale: () => {
            void refreshIfStale(ctx, actor)
              .then((queued) => queued && jobs.kick())
              .catch((error: unknown) =>
                ctx.logger.warn({ err: { type: (error as Error)?.name } }, 'could not queue the statistics refresh'),
              );
          },
        },
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="lantern-report-${from}-${to}-${language}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
}
