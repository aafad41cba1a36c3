// Assembles Lantern: database, migrations, keys, audit sealer and the HTTP app.
import type { Logger } from 'pino';
import { z } from 'zod';
import { adminRoutes } from './access/admin-routes.js';
import { AuditChainHeadError, AuditSealer } from './access/audit-chain.js';
import { SessionCache } from './access/sessions.js';
import { auditRoutes } from './access/audit-routes.js';
import { authRoutes } from './access/auth-routes.js';
import { installAccessControl } from './access/route-access.js';
import { RULES } from './access/rules.js';
import type { Config } from './platform/config.js';
import type { AppContext } from './platform/context.js';
import type { Database } from './platform/database.js';
import { API_PREFIX, createHttpApp, errorForLog, type App } from './platform/http.js';
import { jobRoutes } from './work/job-routes.js';
import { importRoutes } from './consolidation/routes.js';
import { JobRunner } from './platform/jobs.js';
import { createLogger } from './platform/logger.js';
import { openLanternContext } from './capabilities.js';
import { webRoutes } from './platform/web.js';
import { followWrites } from './platform/read-your-writes.js';
import { registryRoutes } from './registry/routes.js';
import { assistanceRoutes } from './assistance/routes.js';
import { screeningRoutes } from './screening/routes.js';
import { linkageRoutes } from './linkage/routes.js';
import { statisticsReportRoutes } from './statistics/report-routes.js';
import { statisticsRoutes } from './statistics/routes.js';
import { statisticsExportRoutes } from './statistics/export-routes.js';
import { workRoutes } from './work/routes.js';
import { notificationRoutes } from './notifications/routes.js';
import { NotificationMailer } from './notifications/mailer.js';
import { exportRoutes } from './exports/routes.js';
import { attachmentRoutes } from './assistance/attachment-routes.js';
import { identifierRoutes } from './prosecution/identifier-routes.js';
import { reportingRoutes } from './reporting/routes.js';
import { siteRoutes } from './reporting/site-routes.js';
import { triageRoutes } from './reporting/triage-routes.js';
import { prosecutionFileRoutes } from './prosecution/file-routes.js';
import { suspectRoutes } from './prosecution/suspect-routes.js';
import { networkRoutes } from './prosecution/network-routes.js';

export interface Lantern {
  app: App;
  ctx: AppContext;
  /** Runs background jobs (roster registration…) in this process. */
  jobs: JobRunner;
  /** Sends notification e-mails when LANTERN_SMTP_URL is set (tests call `sendPending()` themselves). */
  mailer: NotificationMailer;
  close(): Promise<void>;
}

const healthSchema = z.object({
  status: z.literal('ok'),
  replica: z
    .object({
      state: z.enum(['streaming', 'lagging', 'down']),
      lagMs: z
        .number()
        .int()
        .nonnegative()
        .nullable()
        .describe('how long its oldest change not yet replayed has waited'),
      lagBytes: z
        .number()
        .int()
        .nonnegative()
        .nullable()
        .describe('WAL bytes the primary has that it has not replayed'),
    })
    .optional(),
});

export async function buildLantern(
  config: Config,
  options: {
    logger?: Logger;
    database?: Database;
    sealIntervalMs?: number;
    /** false: do not run background jobs here (tests step them by hand with `jobs.runStep()`). */
    runJobs?: boolean;
  } = {},
): Promise<Lantern> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const ctx = await openLanternContext(config, logger, options.database);
  // Sessions are checked from memory; a change to any of them is heard at once (LISTEN lantern_sessions).
  const sessions = await SessionCache.watch(ctx.database, config.sessionCacheMs);
  const sealer = new AuditSealer(ctx.db, ctx.keys.auditKey, options.sealIntervalMs ?? 250, (error) =>
    // Lantern's own findings (a tampered head) are named; a database error's text could echo values.
    logger.error(
      { err: errorForLog(error), ...(error instanceof AuditChainHeadError ? { finding: error.message } : {}) },
      'audit sealing failed',
    ),
  );
  const jobs = new JobRunner(ctx.db, logger, { pollMs: config.jobPollMs });
  const mailer = new NotificationMailer(ctx, config.jobPollMs);
  const app = await createHttpApp(ctx, async (a) => {
    installAccessControl(a, ctx); // first: every route after this declares its access rule
    followWrites(a, ctx); // with a read replica: the client keeps the WAL position of its last write
    a.get(
      `${API_PREFIX}/health`,
      {
        config: { access: RULES.health },
        schema: {
          tags: ['health'],
          security: [],
          description:
            'Whether the server answers; with a read replica configured, its state (streaming: reads of statistics, ' +
            'exports and linkage go to it; lagging or down: they go to the primary) and how far behind it is.',
          response: { 200: healthSchema },
        },
      },
      async () => {
        const replica = ctx.reads.health();
        return { status: 'ok' as const, ...(replica ? { replica } : {}) };
      },
    );
    await authRoutes(a, ctx);
    await adminRoutes(a, ctx);
    await auditRoutes(a, ctx);
    await registryRoutes(a, ctx);
    await assistanceRoutes(a, ctx);
    await screeningRoutes(a, ctx, jobs);
    await workRoutes(a, ctx);
    await notificationRoutes(a, ctx);
    await linkageRoutes(a, ctx, jobs);
    await jobRoutes(a, ctx, jobs);
    await importRoutes(a, ctx, jobs);
    await statisticsRoutes(a, ctx, jobs);
    await statisticsExportRoutes(a, ctx, jobs);
    await statisticsReportRoutes(a, ctx, jobs);
    await exportRoutes(a, ctx);
    await attachmentRoutes(a, ctx);
    await identifierRoutes(a, ctx);
    await reportingRoutes(a, ctx);
    await siteRoutes(a, ctx);
    await triageRoutes(a, ctx);
    await prosecutionFileRoutes(a, ctx);
    await suspectRoutes(a, ctx);
    await networkRoutes(a, ctx);
    a.get(`${API_PREFIX}/openapi.json`, { config: { access: RULES.openapi }, schema: { hide: true } }, async () =>
      a.swagger(),
    );
    await webRoutes(a, RULES.webApp);
  });
  sealer.start();
  if (options.runJobs !== false) {
    jobs.start();
    mailer.start();
  }
  let closing: Promise<void> | undefined;
  return {
    app,
    ctx,
    jobs,
    mailer,
    close() {
      closing ??= (async () => {
        await app.close();
        await jobs.stop(); // the chunk under way commits; the rest waits for the next start
        await mailer.stop(); // an e-mail under way is sent or given back
        await sealer.stop(); // a clean shutdown seals every pending audit event
        await sessions.stop();
        await ctx.database.close();
      })();
      return closing;
    },
  };
}
