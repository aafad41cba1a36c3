// A full linkage run, as a sequence of short steps, each its own transaction (the job mechanism of
// src/platform/jobs.ts, or the CLI's own loop). The state of the run is in `linkage_run`:
//   load      persons in pages (not merged into another) are sent to a worker thread;
//   compute   the worker estimates the model, scores candidate pairs and clusters (off the event loop);
//             the steps meanwhile only look whether it has finished;
//   model, pairs, clusters, singletons, keys
//             the results are written in batches under the run's own id (invisible until the switch);
//   switch    linkage_state.current_run becomes this run in one transaction; what changed meanwhile
//             (new persons, decisions, merges) is applied to it;
//   cleanup   the rows of older runs are deleted in batches.
// The computation lives in the memory of the process that loaded the records: after a restart (or on
// another server, once the owner has not been seen for a minute) the run is abandoned and a new run
// starts from scratch. Nothing of an abandoned run is ever visible; its rows are cleaned up.
import crypto from 'node:crypto';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../platform/context.js';
import type { DB } from '../platform/db-schema.js';
import { jsonb } from '../platform/database.js';
import { JobFailure } from '../platform/jobs.js';
import { linkRecordsOf, PERSON_FEATURE_COLUMNS } from './features.js';
import {
  currentRun,
  hashedKeys,
  KEY_RULES,
  latestDecisions,
  reclusterAround,
  saveModel,
  thresholdsOf,
} from './store.js';
import type { ModelParameters, ScoredPair } from './types.js';
import type { FromWorker, ToWorker } from './run-worker.js';
import { errorForLog } from '../platform/http.js';

export const LINKAGE_RUN_JOB = 'linkage.run';

const LOAD_PAGE = 5000;
const PAIR_BATCH = 2000;
const CLUSTER_BATCH = 5000;
const SINGLETON_BATCH = 10000;
const KEY_PAGE = 2000;
const CLEANUP_BATCH = 10000;
/** A run whose owner has not stepped it for this long is taken over (started again) by another process. */
const OWNER_TIMEOUT_MS = 60_000;

/** This process, as the owner of the computations it holds in memory. */
const PROCESS_ID = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;

interface Computation {
  worker: Worker;
  stage: string;
  done: number;
  total: number;
  result: { params: ModelParameters; pairs: ScoredPair[]; clusters: [string, string][] } | null;
  error: ReturnType<typeof errorForLog> | null;
}
const computations = new Map<string, Computation>();
const whenComputed: (() => void)[] = [];

/** Called when a computation has finished (or failed): the job runner takes the next step at once. */
export function onComputationDone(listener: () => void): void {
  whenComputed.push(listener);
}

function spawnWorker(): Worker {
  const here = import.meta.url;
  // from the sources (tests, tsx): the worker is TypeScript too, loaded through tsx's loader
  if (here.endsWith('.ts')) {
    const url = JSON.stringify(new URL('./run-worker.ts', here).href);
    return new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${url}); })`, { eval: true });
  }
  return new Worker(new URL('./run-worker.js', here));
}

function startComputation(runId: string): Computation {
  const worker = spawnWorker();
  const c: Computation = { worker, stage: 'load', done: 0, total: 0, result: null, error: null };
  worker.on('message', (m: FromWorker) => {
    if (m.type === 'progress') Object.assign(c, { stage: m.stage, done: m.done, total: m.total });
    else if (m.type === 'result') {
      c.result = { params: m.params as ModelParameters, pairs: m.pairs, clusters: m.clusters };
      void worker.terminate();
      for (const listener of whenComputed) listener();
    } else {
      c.error = m.failure;
      for (const listener of whenComputed) listener();
    }
  });
  worker.on('error', (e) => (c.error = errorForLog(e)));
  worker.on('exit', (code) => {
    if (!c.result && code !== 0) c.error ??= { type: 'WorkerExit', code: String(code) };
  });
  computations.set(runId, c);
  return c;
}

function dropComputation(runId: string) {
  const c = computations.get(runId);
  if (c && !c.result) void c.worker.terminate();
  computations.delete(runId);
}

/** Forgets every computation held in memory, as a restart of the process does (tests). */
export function forgetComputations(): void {
  for (const id of [...computations.keys()]) dropComputation(id);
}

type RunRow = {
  id: string;
  job_id: string | null;
  phase: string;
  cursor: string | null;
  owner: string | null;
  owner_seen_at: Date | null;
  records: number;
  candidate_pairs: number;
  auto_threshold: number;
  review_threshold: number;
  decisions_at: Date | null;
  started_at: Date;
};

/** Starts a run (the thresholds are those in force now). */
export async function createRun(ctx: AppContext, db: Kysely<DB>, jobId: string | null): Promise<string> {
  const id = crypto.randomUUID();
  const t = await thresholdsOf(ctx, db);
  await db
    .insertInto('linkage_run')
    .values({ id, job_id: jobId, auto_threshold: t.automatic, review_threshold: t.review, owner: PROCESS_ID })
    .execute();
  return id;
}

/** Whether a run is under way (one at a time). */
export async function runUnderWay(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectFrom('linkage_run')
    .select('id')
    .where('state', '=', 'running')
    .where(
      sql<boolean>`coalesce(owner_seen_at, started_at) > now() - make_interval(secs => ${OWNER_TIMEOUT_MS / 1000})`,
    )
    .executeTakeFirst();
  return !!row;
}

export interface RunStep {
  finished: boolean;
  /** Progress: persons loaded, pairs and cluster rows written, persons indexed. */
  done: number;
  total: number;
  phase: string;
  /** Nothing to do before this many milliseconds (the worker is computing, or another process owns the run). */
  waitMs: number;
  result?: Record<string, unknown>;
}

async function loadRun(trx: Kysely<DB>, runId: string): Promise<RunRow> {
  return (await trx
    .selectFrom('linkage_run')
    .selectAll()
    .where('id', '=', runId)
    .forUpdate()
    .executeTakeFirstOrThrow()) as unknown as RunRow;
}

const totalOf = (run: { records: number; candidate_pairs: number }, pairs?: number) =>
  run.records * 3 + (pairs ?? run.candidate_pairs) + 1;

/**
 * One step of the run `runId`, in `trx`. Returns the id of the run to step next (a new one when this
 * one had to be started again), with progress.
 */
export async function advanceRun(
  ctx: AppContext,
  trx: Kysely<DB>,
  runId: string,
): Promise<RunStep & { runId: string }> {
  const run = await loadRun(trx, runId);
  const set = (values: Record<string, unknown>) =>
    trx
      .updateTable('linkage_run')
      .set({ ...values, owner: PROCESS_ID, owner_seen_at: sql<Date>`now()` } as never)
      .where('id', '=', runId)
      .execute();
  const computation = computations.get(runId);
  const needsMemory = ['load', 'compute', 'model', 'pairs', 'clusters'].includes(run.phase);
  if (needsMemory && !computation) {
    const fresh = run.phase === 'load' && run.cursor === null && (run.owner === PROCESS_ID || run.owner === null);
    if (!fresh) {
      const seen = run.owner_seen_at ?? run.started_at;
      if (run.owner !== PROCESS_ID && Date.now() - new Date(seen).getTime() < OWNER_TIMEOUT_MS)
        return { runId, finished: false, done: 0, total: totalOf(run), phase: run.phase, waitMs: 1000 };
      // the computation was lost (restart) or its owner is gone: start again, under a new run id
      await trx
        .updateTable('linkage_run')
        .set({ state: 'abandoned', finished_at: sql<Date>`now()` as never })
        .where('id', '=', runId)
        .execute();
      const next = await createRun(ctx, trx, run.job_id);
      ctx.logger.warn({ run: runId, next }, 'linkage run started again: its computation was lost');
      return { runId: next, finished: false, done: 0, total: 1, phase: 'load', waitMs: 0 };
    }
  }
  const c = computation ?? (run.phase === 'load' ? startComputation(runId) : undefined);
  const base = { runId, finished: false, waitMs: 0 };
  switch (run.phase) {
    case 'load': {
      // The persons, the bulk of what a run reads, come from the replica when it has everything committed before
      // this step; persons registered or merged since are caught by the 'switch' phase, on the primary, as now.
      // Decisions and every write stay in `trx`.
      const reads = await ctx.reads.fresh(trx, 1000);
      let q = reads
        .selectFrom('person')
        .select([...PERSON_FEATURE_COLUMNS])
        .where('merged_into', 'is', null)
        .orderBy('id')
        .limit(LOAD_PAGE);
      if (run.cursor) q = q.where('id', '>', run.cursor);
      const rows = await q.execute();
      const records = await linkRecordsOf(reads, ctx.keys, rows);
      if (records.length) c!.worker.postMessage({ type: 'records', records } satisfies ToWorker);
      const loaded = run.records + records.length;
      if (rows.length === LOAD_PAGE) {
        await set({ cursor: rows[rows.length - 1]!.id, records: loaded });
        return { ...base, done: loaded, total: loaded * 4, phase: 'load' };
      }
      const decided = await latestDecisions(trx).where('d.decision', 'in', ['same', 'different']).execute();
      c!.worker.postMessage({
        type: 'compute',
        automatic: Number(run.auto_threshold),
        review: Number(run.review_threshold),
        decided: decided.map((d) => ({ a: d.person_a, b: d.person_b, decision: d.decision })),
      } satisfies ToWorker);
      await set({ phase: 'compute', cursor: null, records: loaded, decisions_at: sql<Date>`now()` });
      return { ...base, done: loaded, total: totalOf({ records: loaded, candidate_pairs: 0 }), phase: 'compute' };
    }
    case 'compute': {
      if (c!.error) {
        ctx.logger.error({ run: runId, cause: c!.error }, 'linkage computation failed');
        dropComputation(runId);
        await trx
          .updateTable('linkage_run')
          .set({ state: 'abandoned', finished_at: sql<Date>`now()` as never })
          .where('id', '=', runId)
          .execute();
        throw new JobFailure('linkage-failed', 'The linkage computation failed; the error has been logged.');
      }
      if (!c!.result) {
        await set({});
        return { ...base, done: run.records, total: totalOf(run), phase: `compute:${c!.stage}`, waitMs: 200 };
      }
      await set({ phase: 'model', candidate_pairs: c!.result.pairs.length });
      return { ...base, done: run.records, total: totalOf(run, c!.result.pairs.length), phase: 'model' };
    }
    case 'model': {
      await saveModel(trx, runId, c!.result!.params);
      await set({ phase: 'pairs', cursor: '0' });
      return { ...base, done: run.records, total: totalOf(run), phase: 'pairs' };
    }
    case 'pairs': {
      const from = Number(run.cursor ?? 0);
      const batch = c!.result!.pairs.slice(from, from + PAIR_BATCH);
      if (batch.length)
        await trx
          .insertInto('candidate_pair')
          .values(
            batch.map((p) => ({
              id: crypto.randomUUID(),
              run_id: runId,
              person_a: p.a,
              person_b: p.b,
              probability: p.probability,
              weight: p.weight,
              fields: jsonb(p.fields.map((f) => ({ field: f.field, level: f.level, weight: f.weight }))),
            })),
          )
          .execute();
      const next = from + batch.length;
      const more = next < c!.result!.pairs.length;
      await set(more ? { cursor: String(next) } : { phase: 'clusters', cursor: '0' });
      return { ...base, done: run.records + next, total: totalOf(run), phase: more ? 'pairs' : 'clusters' };
    }
    case 'clusters': {
      const from = Number(run.cursor ?? 0);
      const rows = c!.result!.clusters.slice(from, from + CLUSTER_BATCH);
      if (rows.length)
        await trx
          .insertInto('person_cluster')
          .values(rows.map(([person, cluster]) => ({ run_id: runId, person_id: person, cluster_id: cluster })))
          .onConflict((oc) => oc.doNothing())
          .execute();
      const next = from + rows.length;
      const more = next < c!.result!.clusters.length;
      if (!more) dropComputation(runId); // everything the memory held is written
      await set(more ? { cursor: String(next) } : { phase: 'singletons', cursor: null });
      return { ...base, done: run.records + run.candidate_pairs, total: totalOf(run), phase: 'clusters' };
    }
    case 'singletons': {
      // every other person is a cluster of its own
      let q = trx
        .selectFrom('person')
        .select('id')
        .where('merged_into', 'is', null)
        .orderBy('id')
        .limit(SINGLETON_BATCH);
      if (run.cursor) q = q.where('id', '>', run.cursor);
      const ids = (await q.execute()).map((r) => r.id);
      if (ids.length)
        await trx
          .insertInto('person_cluster')
          .values(ids.map((id) => ({ run_id: runId, person_id: id, cluster_id: id })))
          .onConflict((oc) => oc.doNothing())
          .execute();
      const more = ids.length === SINGLETON_BATCH;
      await set(more ? { cursor: ids[ids.length - 1] } : { phase: 'keys', cursor: null });
      return { ...base, done: run.records * 2 + run.candidate_pairs, total: totalOf(run), phase: 'singletons' };
    }
    case 'keys': {
      // The registration check's index, from the persons as they are now: every person's keys when the
      // blocking rules changed since the index was written, else only persons without keys (written
      // before the personsChanged hook existed); the hook keeps the others in step.
      const state = await trx
        .selectFrom('linkage_state')
        .select('key_rules')
        .where('id', '=', true)
        .executeTakeFirstOrThrow();
      let q = trx
        .selectFrom('person as p')
        .select(PERSON_FEATURE_COLUMNS.map((c) => `p.${c}` as const))
        .where('p.merged_into', 'is', null)
        .orderBy('p.id')
        .limit(KEY_PAGE);
      if (state.key_rules === KEY_RULES)
        q = q.where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('linkage_key as k').select('k.person_id').whereRef('k.person_id', '=', 'p.id'))),
        );
      if (run.cursor) q = q.where('p.id', '>', run.cursor);
      const rows = await q.execute();
      if (rows.length) {
        const records = await linkRecordsOf(trx, ctx.keys, rows);
        await trx
          .deleteFrom('linkage_key')
          .where(
            'person_id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
        const keyRows = records.flatMap((r) => hashedKeys(ctx.keys, r).map((key) => ({ key, person_id: r.id })));
        for (let i = 0; i < keyRows.length; i += 2000)
          await trx
            .insertInto('linkage_key')
            .values(keyRows.slice(i, i + 2000))
            .onConflict((oc) => oc.doNothing())
            .execute();
      }
      const more = rows.length === KEY_PAGE;
      if (!more) await trx.updateTable('linkage_state').set({ key_rules: KEY_RULES }).where('id', '=', true).execute();
      await set(more ? { cursor: rows[rows.length - 1]!.id } : { phase: 'switch', cursor: null });
      return { ...base, done: run.records * 2 + run.candidate_pairs, total: totalOf(run), phase: 'keys' };
    }
    case 'switch': {
      await currentRun(trx, true); // holds linkage_state: decisions and merges wait for the switch
      await trx.updateTable('linkage_state').set({ current_run: runId }).where('id', '=', true).execute();
      // persons registered during the run are their own cluster; persons merged since leave
      await sql`INSERT INTO person_cluster (run_id, person_id, cluster_id)
        SELECT ${runId}, p.id, p.id FROM person p WHERE p.merged_into IS NULL
        AND NOT EXISTS (SELECT 1 FROM person_cluster c WHERE c.run_id = ${runId} AND c.person_id = p.id)`.execute(trx);
      await sql`DELETE FROM person_cluster c USING person p
        WHERE c.run_id = ${runId} AND p.id = c.person_id AND p.merged_into IS NOT NULL`.execute(trx);
      // decisions and merges made while the run computed
      const since = run.decisions_at ?? run.started_at;
      const decided = await trx
        .selectFrom('pair_decision')
        .select(['person_a', 'person_b'])
        .where('decided_at', '>=', since)
        .execute();
      const merged = await trx
        .selectFrom('person_merge')
        .select(['kept_person_id', 'merged_person_id'])
        .where((eb) => eb.or([eb('merged_at', '>=', run.started_at), eb('undone_at', '>=', run.started_at)]))
        .execute();
      const touched = [
        ...decided.flatMap((d) => [d.person_a, d.person_b]),
        ...merged.flatMap((m) => [m.kept_person_id, m.merged_person_id]),
      ];
      await reclusterAround(ctx, trx, runId, [...new Set(touched)]);
      await set({ phase: 'cleanup', cursor: null });
      return { ...base, done: run.records * 3 + run.candidate_pairs, total: totalOf(run), phase: 'cleanup' };
    }
    case 'cleanup': {
      const pairs = await sql`DELETE FROM candidate_pair WHERE id IN (SELECT id FROM candidate_pair
        WHERE run_id <> ${runId} LIMIT ${CLEANUP_BATCH})`.execute(trx);
      const clusters = await sql`DELETE FROM person_cluster WHERE (run_id, person_id) IN
        (SELECT run_id, person_id FROM person_cluster WHERE run_id <> ${runId} LIMIT ${CLEANUP_BATCH})`.execute(trx);
      const deleted = Number(pairs.numAffectedRows ?? 0) + Number(clusters.numAffectedRows ?? 0);
      if (deleted > 0) {
        await set({});
        return { ...base, done: run.records * 3 + run.candidate_pairs, total: totalOf(run), phase: 'cleanup' };
      }
      await trx
        .updateTable('linkage_run')
        .set({ state: 'complete', phase: 'done', finished_at: sql<Date>`now()` as never })
        .where('id', '=', runId)
        .execute();
      for (const hook of ctx.hooks.clustersChanged) await hook(trx, run.job_id);
      const clusterCount = await trx
        .selectFrom('person_cluster')
        .select(sql<string>`count(DISTINCT cluster_id)`.as('n'))
        .where('run_id', '=', runId)
        .executeTakeFirstOrThrow();
      const total = totalOf(run);
      return {
        runId,
        finished: true,
        waitMs: 0,
        done: total,
        total,
        phase: 'done',
        result: {
          runId,
          records: run.records,
          candidatePairs: run.candidate_pairs,
          clusters: Number(clusterCount.n),
        },
      };
    }
    default:
      throw new JobFailure('linkage-failed', `The linkage run is in an unknown phase.`);
  }
}
