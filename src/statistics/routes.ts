// HTTP routes of statistics (the paths and shapes of src/contract/schemas/statistics.ts): indicators,
// controlled tables, the released tables again (JSON, CSV, XLSX), the caller's privacy budget, the
// figures' status and their refresh. The HTCDS export and the national report have their own modules.
import { z } from 'zod';
import { recordAudit } from '../access/audit.js';
import { canReadJob } from '../access/policy.js';
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import { LANGUAGES } from '../contract/codes.js';
import {
  indicatorListSchema,
  privacyBudgetSchema,
  statisticsStatusSchema,
  statisticsTableSchema,
  tableQuerySchema,
} from '../contract/schemas/statistics.js';
import { DIMENSIONS, INDICATORS, INDICATOR_IDS, isPublicDomain, type Dimension } from '../contract/statistics.js';
import type { AppContext } from '../platform/context.js';
import { API_PREFIX, type App } from '../platform/http.js';
import { findJob, jobSchema, jobView, type JobRunner } from '../platform/jobs.js';
import { Problem } from '../platform/problems.js';
import { tableCsv, tableXlsx } from './download.js';
import { enqueueRefresh, refreshIfStale, refreshing, statisticsAsOf, statisticsRefreshJobHandler } from './refresh.js';
import { budgetOf, findRelease, releaseTable } from './tables.js';

const tags = ['statistics'];

export async function statisticsRoutes(app: App, ctx: AppContext, jobs: JobRunner): Promise<void> {
  jobs.register(statisticsRefreshJobHandler(ctx));
  // figures missing or old at start: rebuild them in the background
  app.addHook('onReady', async () => {
    try {
      if (await refreshIfStale(ctx)) jobs.kick();
    } catch (error) {
      ctx.logger.warn({ err: { type: (error as Error)?.name } }, 'could not queue the statistics refresh at start');
    }
  });

  app.get(
    `${API_PREFIX}/statistics/indicators`,
    {
      config: { access: RULES.statisticsIndicators },
      schema: { tags, response: { 200: indicatorListSchema } },
    },
    async (request) => {
      const asOf = await statisticsAsOf(ctx.reads.of(actorOf(request)));
      return {
        minCell: ctx.config.minCell,
        asOf: asOf?.toISOString() ?? null,
        indicators: INDICATOR_IDS.map((id) => ({
          id,
          unit: INDICATORS[id].unit,
          dimensions: (INDICATORS[id].dimensions as readonly Dimension[]).map((d) => {
            const domain = DIMENSIONS[d].domain;
            return { id: d, domain: typeof domain === 'string' ? null : [...domain], dp: isPublicDomain(d) };
          }),
        })),
      };
    },
  );

  app.get(
    `${API_PREFIX}/statistics/tables`,
    {
      config: { access: RULES.statisticsTable },
      schema: {
        tags,
        description:
          'A controlled table: counts put through small-cell suppression (mode=suppression) or differential privacy ' +
          '(mode=dp, spending epsilon from your yearly budget). Every request is a release, stored and audited.',
        querystring: tableQuerySchema,
        response: { 200: statisticsTableSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return releaseTable(ctx, actor, request.query, actor.clientIp, {
        onStale: () => {
          void refreshIfStale(ctx, actor)
            .then((queued) => queued && jobs.kick())
            .catch((error: unknown) =>
              ctx.logger.warn({ err: { type: (error as Error)?.name } }, 'could not queue the statistics refresh'),
            );
        },
      });
    },
  );

  app.get(
    `${API_PREFIX}/statistics/releases/:id`,
    {
      config: { access: RULES.statisticsRelease },
      schema: {
        tags,
        description: 'A table released to you, again: JSON (default), CSV or XLSX. Suppressed cells are written "x".',
        params: z.object({ id: z.uuid('an id (UUID)') }),
        querystring: z
          .object({ format: z.enum(['json', 'csv', 'xlsx']).default('json'), language: z.enum(LANGUAGES).optional() })
          .strict(),
        response: {
          200: {
            description: 'The table as it was released: JSON, CSV (UTF-8) or XLSX',
            content: {
              'application/json': { schema: statisticsTableSchema },
              'text/csv': { schema: z.string() },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
                schema: z.any().describe('binary (the file)'),
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const table = await findRelease(ctx, actor, request.params.id);
      const { format } = request.query;
      const language = request.query.language ?? actor.language ?? 'vi';
      await recordAudit(
        ctx.db,
        { actor, clientIp: actor.clientIp },
        {
          action: 'statistics.download',
          outcome: 'success',
          recordType: 'statistics_release',
          recordId: table.releaseId,
          details: { releaseId: table.releaseId, format },
        },
      );
      const name = `lantern-${table.indicator}-${table.from}-${table.to}`;
      if (format === 'csv')
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}.csv"`)
          .send(tableCsv(table, language));
      if (format === 'xlsx')
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="${name}.xlsx"`)
          .send(await tableXlsx(table, language));
      return reply.send(statisticsTableSchema.parse(table));
    },
  );

  app.get(
    `${API_PREFIX}/statistics/budget`,
    { config: { access: RULES.statisticsBudget }, schema: { tags, response: { 200: privacyBudgetSchema } } },
    async (request) => budgetOf(ctx, actorOf(request)),
  );

  app.get(
    `${API_PREFIX}/statistics/status`,
    { config: { access: RULES.statisticsStatus }, schema: { tags, response: { 200: statisticsStatusSchema } } },
    async (request) => {
      const reads = ctx.reads.of(actorOf(request)); // after their own POST /refresh: the primary, until replayed
      const asOf = await statisticsAsOf(reads);
      return { asOf: asOf?.toISOString() ?? null, refreshing: await refreshing(reads) };
    },
  );

  app.post(
    `${API_PREFIX}/statistics/refresh`,
    {
      config: { access: RULES.statisticsRefresh },
      schema: {
        tags,
        description: 'Rebuilds the figures now, as a background job (poll GET /jobs/:id); one refresh at a time.',
        response: { 202: z.object({ job: jobSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { job, existing } = await enqueueRefresh(ctx, actor);
      if (!job) {
        const under = existing ? await findJob(ctx.db, existing.id) : undefined;
        if (!under || !canReadJob(actor, under))
          throw new Problem('conflict', 'A refresh of the figures is already under way; it will finish shortly.', {
            reason: 'refresh-running',
          });
        return reply
          .code(202)
          .header('location', `${API_PREFIX}/jobs/${under.id}`)
          .send({ job: jobView(under) });
      }
      await recordAudit(
        ctx.db,
        { actor, clientIp: actor.clientIp },
        { action: 'statistics.refresh', outcome: 'success', details: { jobId: job.id } },
      );
      jobs.kick();
      return reply
        .code(202)
        .header('location', `${API_PREFIX}/jobs/${job.id}`)
        .send({ job: jobView(job) });
    },
  );
}
