// The statistics refresh as a background job ('statistics.refresh'), one at a time: asked for by an
// analyst or a data steward (POST /statistics/refresh), and started by the server itself when the
// figures are missing or older than LANTERN_STATISTICS_MAX_AGE_MINUTES (at start, and when a table is
// asked for) and when a linkage run completes (who is one person changed).
//
// The job is one step: refreshFacts rebuilds every fact in the step's transaction. The runner holds
// the job's row (FOR UPDATE) for the whole step, so however long it takes no other runner takes the
// job; on the embedded database other requests wait for it, as for any step.
import type { Kysely } from 'kysely';
import { statisticsRefresher } from '../access/directory.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/database.js';
import type { DB } from '../platform/db-schema.js';
import { enqueueJob, type Job, type JobHandler } from '../platform/jobs.js';
import { refreshFacts } from './facts.js';

export const STATISTICS_REFRESH_JOB = 'statistics.refresh';

export function statisticsRefreshJobHandler(ctx: AppContext): JobHandler {
  return {
    kind: STATISTICS_REFRESH_JOB,
    async step(trx) {
      const result = await refreshFacts(ctx, trx);
      // no counts in the result: a job's result is no controlled output
      return { done: 1, total: 1, finished: true, result: { asOf: result.asOf } };
    },
  };
}

/** The refresh job queued or under way, if any. */
export async function refreshUnderWay(db: Kysely<DB>): Promise<{ id: string; createdBy: string } | undefined> {
  const row = await db
    .selectFrom('job')
    .select(['id', 'created_by'])
    .where('kind', '=', STATISTICS_REFRESH_JOB)
    .where('state', 'in', ['queued', 'running'])
    .orderBy('created_at')
    .executeTakeFirst();
  return row ? { id: row.id, createdBy: row.created_by } : undefined;
}

export interface Requester {
  userId: string;
  agencyId: string;
  clientIp: string | null;
}

/**
 * Queues a refresh unless one is queued or under way (then returns undefined and the id of that one).
 * Serialised on stat_state's row, so two callers never queue two.
 */
export async function enqueueRefresh(
  ctx: AppContext,
  by: Requester,
  db: Kysely<DB> = ctx.db,
): Promise<{ job?: Job; existing?: { id: string; createdBy: string } }> {
  return inTransaction(db, async (trx) => {
    await trx.selectFrom('stat_state').select('id').where('id', '=', true).forUpdate().execute();
    const existing = await refreshUnderWay(trx);
    if (existing) return { existing };
    const job = await enqueueJob(trx, ctx.keys, {
      kind: STATISTICS_REFRESH_JOB,
      createdBy: by.userId,
      agencyId: by.agencyId,
      clientIp: by.clientIp,
      params: {},
      total: 1,
    });
    return { job };
  });
}

/** When the figures were last computed (null: never). */
export async function statisticsAsOf(db: Kysely<DB>): Promise<Date | null> {
  const row = await db.selectFrom('stat_state').select('as_of').where('id', '=', true).executeTakeFirst();
  return row?.as_of ? new Date(row.as_of) : null;
}

/**
 * Queues a refresh when the figures are missing or older than the configured age (and none is under
 * way), recorded under `by`, else under the longest-standing user who may refresh statistics. Returns
 * whether one was queued.
 */
export async function refreshIfStale(ctx: AppContext, by?: Requester): Promise<boolean> {
  const asOf = await statisticsAsOf(ctx.db);
  if (asOf && Date.now() - asOf.getTime() <= ctx.config.statisticsMaxAgeMinutes * 60_000) return false;
  if (await refreshUnderWay(ctx.db)) return false;
  const requester = by ?? (await systemRequester(ctx.db));
  if (!requester) return false;
  return !!(await enqueueRefresh(ctx, requester)).job;
}

async function systemRequester(db: Kysely<DB>): Promise<Requester | undefined> {
  const user = await statisticsRefresher(db);
  return user ? { ...user, clientIp: null } : undefined;
}

/**
 * After a linkage run (in its transaction): queue a refresh, recorded under whoever started the run
 * (its job's creator), else under the longest-standing user who may refresh statistics.
 */
export async function refreshAfterLinkage(ctx: AppContext, trx: Kysely<DB>, jobId: string | null): Promise<void> {
  const job = jobId
    ? await trx
        .selectFrom('job')
        .select(['created_by', 'agency_id', 'client_ip'])
        .where('id', '=', jobId)
        .executeTakeFirst()
    : undefined;
  const by = job
    ? { userId: job.created_by, agencyId: job.agency_id, clientIp: job.client_ip }
    : await systemRequester(trx);
  if (by) await enqueueRefresh(ctx, by, trx);
}

/** Whether a refresh is queued or running (for GET /statistics/status). */
export async function refreshing(db: Kysely<DB>): Promise<boolean> {
  return !!(await refreshUnderWay(db));
}
