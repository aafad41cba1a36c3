// The HTCDS export as a background job (the web app's path): short steps, each its own transaction,
// the file kept in the database encrypted in chunks (statistics_file, migration 0019).
//
//   plan   one step: the first pass (counts of quasi-identifier combinations) and the choice of
//          generalisation, saved encrypted with the file.
//   write  a step per WRITE_BATCH persons: their rows appended as encrypted chunks, the classes
//          written counted. After the last batch, a file with a class smaller than k (the registry
//          changed between the steps) is thrown away and planned again, at most MAX_RESTARTS times.
//   done   the job's result is the summary; the file is downloaded by its requester only, for a week.
import type { Kysely } from 'kysely';
import { recordAudit } from '../access/audit.js';
import { actorOfUser } from '../access/directory.js';
import { canExportMicrodata } from '../access/policy.js';
import { CHUNK_BYTES, EncryptedChunkWriter } from '../consolidation/file-store.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import type { DB } from '../platform/db-schema.js';
import { JobFailure, type Job, type JobHandler } from '../platform/jobs.js';
import { QUASI_IDENTIFIERS } from './htcds-fields.js';
import {
  auditFigures,
  DEFAULT_MAX_SUPPRESSED_SHARE,
  HTCDS_EXPORT_JOB,
  HTCDS_HEADER,
  HtcdsRows,
  planExport,
  readClusters,
  EXPORT_BATCH,
} from './htcds.js';
import { generalisationOf, type SavedGeneralisation } from './k-anonymity.js';

/** Persons written per job step. */
export const WRITE_BATCH = 4 * EXPORT_BATCH;
/** Times an export is planned again when the registry changed under it, before it fails. */
export const MAX_RESTARTS = 3;
/** Export files are purged this many days after they were requested. */
export const FILE_RETENTION_DAYS = 7;

interface SavedState {
  plan: SavedGeneralisation;
  written: [string, number][];
  seen: number;
}

async function actorOfJob(db: Kysely<DB>, job: Job): Promise<Actor> {
  const user = await actorOfUser(db, job.createdBy, job.clientIp);
  const actor = user?.actor;
  if (!actor || user.disabled || !canExportMicrodata(actor))
    throw new JobFailure('forbidden', 'The account that asked for the export may no longer export; nothing was kept.');
  return actor;
}

/** Removes export files older than a week (their chunks go with them). */
export async function purgeOldFiles(db: Kysely<DB>): Promise<void> {
  await db
    .deleteFrom('statistics_file')
    .where('created_at', '<', new Date(Date.now() - FILE_RETENTION_DAYS * 24 * 3600 * 1000))
    .execute();
}

export function htcdsExportJobHandler(ctx: AppContext): JobHandler {
  return {
    kind: HTCDS_EXPORT_JOB,
    async step(trx, job) {
      const actor = await actorOfJob(trx, job);
      const file = await trx.selectFrom('statistics_file').selectAll().where('job_id', '=', job.id).executeTakeFirst();
      if (!file) throw new JobFailure('gone', 'The export file was purged before it was written.');

      // The registry is read from the replica when it has everything committed before this step (consent
      // withdrawn a moment ago counts); the file is written to the primary, in the step's transaction.
      const reads = await ctx.reads.fresh(trx, 1000);
      if (file.phase === 'plan') {
        await purgeOldFiles(trx);
        await trx.deleteFrom('statistics_file_chunk').where('job_id', '=', job.id).execute();
        const plan = await planExport(reads, { k: file.k, maxSuppressedShare: DEFAULT_MAX_SUPPRESSED_SHARE });
        const state: SavedState = { plan: plan.save(), written: [], seen: 0 };
        await trx
          .updateTable('statistics_file')
          .set({ phase: 'write', plan: ctx.keys.encrypt(JSON.stringify(state)), cursor: null, chunks: 0, bytes: 0 })
          .where('job_id', '=', job.id)
          .execute();
        return { done: 0, total: plan.total, finished: false };
      }

      const state = JSON.parse(ctx.keys.decrypt(file.plan!)) as SavedState;
      const plan = generalisationOf(QUASI_IDENTIFIERS, state.plan);
      const rows = new HtcdsRows(plan, state.written);
      rows.seen = state.seen;
      const writer = new EncryptedChunkWriter(
        ctx.keys,
        async (seq, bytes) => {
          await trx.insertInto('statistics_file_chunk').values({ job_id: job.id, seq, bytes }).execute();
        },
        CHUNK_BYTES,
        file.chunks,
      );
      if (file.cursor === null && file.chunks === 0) await writer.write(Buffer.from(HTCDS_HEADER));
      let cursor = file.cursor;
      let read = 0;
      let last = false;
      while (read < WRITE_BATCH) {
        const batch = await readClusters(reads, cursor, EXPORT_BATCH);
        if (batch.length > 0) {
          const text = rows.lines(batch);
          if (text) await writer.write(Buffer.from(text));
          cursor = batch[batch.length - 1]!.clusterId;
          read += batch.length;
        }
        if (batch.length < EXPORT_BATCH) {
          last = true;
          break;
        }
      }
      await writer.end();
      const bytes = Number(file.bytes) + writer.bytes;

      if (last && !rows.isKAnonymous()) {
        // The registry changed between the steps: a class fell below k. Never finish such a file.
        if (file.restarts >= MAX_RESTARTS)
          throw new JobFailure('changed', 'The registry kept changing during the export; try again later.');
        await trx.deleteFrom('statistics_file_chunk').where('job_id', '=', job.id).execute();
        await trx
          .updateTable('statistics_file')
          .set({ phase: 'plan', plan: null, cursor: null, chunks: 0, bytes: 0, restarts: file.restarts + 1 })
          .where('job_id', '=', job.id)
          .execute();
        return { done: 0, finished: false };
      }
      const saved: SavedState = { plan: state.plan, written: [...rows.written], seen: rows.seen };
      await trx
        .updateTable('statistics_file')
        .set({
          phase: last ? 'done' : 'write',
          plan: ctx.keys.encrypt(JSON.stringify(saved)),
          cursor,
          chunks: writer.nextSeq,
          bytes,
          ...(last ? { finished_at: new Date() } : {}),
        })
        .where('job_id', '=', job.id)
        .execute();
      if (!last) return { done: rows.seen, total: Math.max(job.total, rows.seen), finished: false };

      const summary = rows.summary(bytes, DEFAULT_MAX_SUPPRESSED_SHARE);
      await recordAudit(
        trx,
        { actor, clientIp: actor.clientIp },
        {
          action: 'statistics.export_htcds',
          outcome: 'success',
          recordType: 'job',
          recordId: job.id,
          details: { jobId: job.id, ...auditFigures(summary), bytes },
        },
      );
      return { done: rows.seen, total: rows.seen, finished: true, result: { ...summary } };
    },
  };
}

/** The rows of an export file, decrypted chunk by chunk (the caller checked who may read it). */
export async function* exportFileChunks(ctx: AppContext, jobId: string): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq++) {
    const row = await ctx.db
      .selectFrom('statistics_file_chunk')
      .select('bytes')
      .where('job_id', '=', jobId)
      .where('seq', '=', seq)
      .executeTakeFirst();
    if (!row) return;
    yield ctx.keys.decryptBytes(row.bytes);
  }
}
