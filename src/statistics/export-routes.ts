// HTTP routes of the HTCDS export (issue 11 §3; shapes in src/contract/schemas/statistics.ts):
//   POST /api/v1/statistics/exports/htcds { k? }  -> 202 { job }  (analysts; poll GET /jobs/:id)
//   GET  /api/v1/statistics/files/:jobId          -> the CSV, to whoever asked for it (404 to anyone else)
import { Readable } from 'node:stream';
import { z } from 'zod';
import { recordAudit } from '../access/audit.js';
import { canReadOwnRelease } from '../access/policy.js';
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import { htcdsExportRequestSchema } from '../contract/schemas/statistics.js';
import type { AppContext } from '../platform/context.js';
import { API_PREFIX, type App } from '../platform/http.js';
import { enqueueJob, jobSchema, jobView, type JobRunner } from '../platform/jobs.js';
import { notFound, Problem } from '../platform/problems.js';
import { exportFileChunks, htcdsExportJobHandler, purgeOldFiles } from './export-job.js';
import { HTCDS_EXPORT_JOB } from './htcds.js';

const tags = ['statistics'];

export async function statisticsExportRoutes(app: App, ctx: AppContext, jobs: JobRunner): Promise<void> {
  jobs.register(htcdsExportJobHandler(ctx));

  app.post(
    `${API_PREFIX}/statistics/exports/htcds`,
    {
      config: { access: RULES.statisticsExport },
      schema: {
        tags,
        description:
          'A k-anonymous record-level export in HTCDS v2 fields (consented distinct persons only), as a background ' +
          'job: poll GET /jobs/:id; its result states the levels chosen and the persons suppressed; then ' +
          'GET /statistics/files/:jobId.',
        body: htcdsExportRequestSchema.optional(),
        response: { 202: z.object({ job: jobSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const k = htcdsExportRequestSchema.parse(request.body ?? {}).k;
      await purgeOldFiles(ctx.db);
      const job = await enqueueJob(ctx.db, ctx.keys, {
        kind: HTCDS_EXPORT_JOB,
        createdBy: actor.userId,
        agencyId: actor.agencyId,
        clientIp: actor.clientIp,
        params: { k },
        total: 0,
      });
      await ctx.db
        .insertInto('statistics_file')
        .values({ job_id: job.id, user_id: actor.userId, kind: 'htcds', k })
        .execute();
      jobs.kick();
      return reply
        .code(202)
        .header('location', `${API_PREFIX}/jobs/${job.id}`)
        .send({ job: jobView(job) });
    },
  );

  app.get(
    `${API_PREFIX}/statistics/files/:jobId`,
    {
      config: { access: RULES.statisticsFile },
      schema: {
        tags,
        description: 'The file of an export, to the analyst who asked for it (audited). Kept for a week.',
        params: z.object({ jobId: z.uuid('an id (UUID)') }),
        response: {
          200: { description: 'CSV, UTF-8, HTCDS v2 field names', content: { 'text/csv': { schema: z.string() } } },
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { jobId } = request.params;
      const file = await ctx.db
        .selectFrom('statistics_file')
        .select(['user_id', 'phase', 'k', 'bytes', 'created_at'])
        .where('job_id', '=', jobId)
        .where('created_at', '>=', new Date(Date.now() - 7 * 24 * 3600 * 1000))
        .executeTakeFirst();
      if (!file || !canReadOwnRelease(actor, { userId: file.user_id })) {
        await recordAudit(
          ctx.db,
          { actor, clientIp: actor.clientIp },
          { action: 'statistics.download', outcome: 'denied', recordType: 'job', recordId: jobId, details: { jobId } },
        );
        throw notFound('export file');
      }
      if (file.phase !== 'done')
        throw new Problem('conflict', 'The export is not finished yet; poll GET /jobs/:id.', {
          reason: 'export-not-ready',
        });
      await recordAudit(
        ctx.db,
        { actor, clientIp: actor.clientIp },
        {
          action: 'statistics.download',
          outcome: 'success',
          recordType: 'job',
          recordId: jobId,
          details: { jobId, k: file.k, bytes: Number(file.bytes) },
        },
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="lantern-htcds-k${file.k}-${jobId.slice(0, 8)}.csv"`)
        .send(Readable.from(exportFileChunks(ctx, jobId)) as never); // streamed, never through the serializer
    },
  );
}
