// Background jobs: long work (roster registration now; imports, linkage runs and
// exports next) cut into short steps, each its own transaction, so that other
// users' requests are answered between steps — on the embedded database too, where
// one connection is shared by everyone and a long transaction would stop them all.
//
// State and progress live in the `job` table, not in memory: any server's runner
// may take the next step of any job (FOR UPDATE SKIP LOCKED keeps two runners off
// the same job), any server answers GET /jobs/:id, and after a crash or restart the
// next step starts where the last committed one ended. A step records what it did
// in its own transaction (typically by deleting the `job_item` rows it consumed),
// so a step cut short leaves no trace and is simply done again.
import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import { inTransaction, jsonb } from './database.js';
import type { DB } from './db-schema.js';
import type { Actor } from './actor.js';
import type { Keys } from './keys.js';
import { Problem } from './problems.js';
import type { JobState } from '../contract/codes.js';

/** A job as its handler and the API see it. `params` and `result` never hold personal data. */
export interface Job {
  id: string;
  kind: string;
  createdBy: string;
  agencyId: string;
  clientIp: string | null;
  params: Record<string, unknown>;
  state: JobState;
  done: number;
  total: number;
  result: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** What one step achieved: progress so far, and whether the job is complete (with its result). */
export interface JobStep {
  done: number;
  /** The unit count, when a step learns it (e.g. the rows of a file once read). */
  total?: number;
  finished: boolean;
  result?: Record<string, unknown>;
}

/** The work of one kind of job. */
export interface JobHandler {
  readonly kind: string;
  /**
   * One short step of `job`, in `trx`. Everything the step does, including how it
   * marks its work done (e.g. deleting its items), commits together or not at all.
   */
  step(trx: Kysely<DB>, job: Job): Promise<JobStep>;
  /**
   * The job was cancelled (in `trx`, which marks it cancelled): record what that means for
   * the work's own records (e.g. an import says how many rows went in). `by` is null for the CLI.
   */
  cancelled?(trx: Kysely<DB>, job: Job, by: Actor | null): Promise<void>;
  /** The job failed (in `trx`, which marks it failed). */
  failed?(trx: Kysely<DB>, job: Job): Promise<void>;
}

/** Ends a job as failed at once, with a code and a message that hold no personal data. */
export class JobFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Longest pause between two steps of a job. */
const MAX_PAUSE_MS = 250;

/** Unexpected errors (the database went away, a bug) are retried this many times, with a pause, before the job fails. */
export const MAX_ATTEMPTS = 3;

type JobRow = {
  id: string;
  kind: string;
  created_by: string;
  agency_id: string;
  client_ip: string | null;
  params: Record<string, unknown>;
  state: JobState;
  progress_done: number;
  progress_total: number;
  result: Record<string, unknown> | null;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
};

const JOB_COLUMNS = [
  'id',
  'kind',
  'created_by',
  'agency_id',
  'client_ip',
  'params',
  'state',
  'progress_done',
  'progress_total',
  'result',
  'error_code',
  'error_message',
  'attempts',
  'created_at',
  'started_at',
  'finished_at',
] as const;

const jobOf = (r: JobRow): Job => ({
  id: r.id,
  kind: r.kind,
  createdBy: r.created_by,
  agencyId: r.agency_id,
  clientIp: r.client_ip,
  params: r.params ?? {},
  state: r.state,
  done: Number(r.progress_done),
  total: Number(r.progress_total),
  result: r.result,
  error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
  attempts: Number(r.attempts),
  createdAt: new Date(r.created_at),
  startedAt: r.started_at ? new Date(r.started_at) : null,
  finishedAt: r.finished_at ? new Date(r.finished_at) : null,
});

// The API's view of a job is in the contract, with the web app's other schemas.
export { jobSchema } from '../contract/schemas/jobs.js';

/** The job as the API shows it; `cancellable` says whether the caller may cancel it (the route decides). */
export function jobView(job: Job, cancellable = false) {
  const seconds = job.startedAt ? ((job.finishedAt ?? new Date()).getTime() - job.startedAt.getTime()) / 1000 : 0;
  const ratePerSecond = seconds > 0 && job.done > 0 ? job.done / seconds : null;
  const running = job.state === 'queued' || job.state === 'running';
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    progress: {
      done: job.done,
      total: job.total,
      ratePerSecond: ratePerSecond === null ? null : Math.round(ratePerSecond * 10) / 10,
      secondsLeft:
        running && ratePerSecond ? Math.max(0, Math.round((job.total - job.done) / ratePerSecond)) : running ? null : 0,
    },
    result: job.result,
    error: job.error,
    cancellable: running && cancellable,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

export interface NewJob {
  kind: string;
  createdBy: string;
  agencyId: string;
  clientIp: string | null;
  /** Ids and counts only. */
  params: Record<string, unknown>;
  /** The unit of progress: `done` counts towards it. */
  total: number;
  /** The work to do, one payload per item (may be personal: each is stored encrypted). */
  items?: readonly string[];
}

/** Records a queued job and its items. Pass the transaction of the request that starts it, if any. */
export async function enqueueJob(db: Kysely<DB>, keys: Keys, input: NewJob): Promise<Job> {
  const id = crypto.randomUUID();
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('job')
      .values({
        id,
        kind: input.kind,
        created_by: input.createdBy,
        agency_id: input.agencyId,
        client_ip: input.clientIp,
        params: jsonb(input.params),
        progress_total: input.total,
      })
      .returning(JOB_COLUMNS)
      .executeTakeFirstOrThrow();
    const items = input.items ?? [];
    for (let from = 0; from < items.length; from += 200) {
      await trx
        .insertInto('job_item')
        .values(
          items
            .slice(from, from + 200)
            .map((payload, i) => ({ job_id: id, seq: from + i, payload: keys.encrypt(payload) })),
        )
        .execute();
    }
    return jobOf(row as JobRow);
  });
}

export async function findJob(db: Kysely<DB>, id: string): Promise<Job | undefined> {
  const row = await db.selectFrom('job').select(JOB_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? jobOf(row as JobRow) : undefined;
}

/** The next `limit` items of a job still to do, decrypted, in order. */
export async function nextJobItems(
  trx: Kysely<DB>,
  keys: Keys,
  jobId: string,
  limit: number,
): Promise<{ seq: number; payload: string }[]> {
  const rows = await trx
    .selectFrom('job_item')
    .select(['seq', 'payload'])
    .where('job_id', '=', jobId)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: r.seq, payload: keys.decrypt(r.payload) }));
}

/** Marks items done by deleting them: call it in the step's transaction. */
export async function deleteJobItems(trx: Kysely<DB>, jobId: string, seqs: readonly number[]): Promise<void> {
  if (seqs.length) await trx.deleteFrom('job_item').where('job_id', '=', jobId).where('seq', 'in', seqs).execute();
}

const errorCodeOf = (error: unknown) => ({
  type: (error as Error)?.name,
  code: (error as { code?: unknown })?.code,
});

/**
 * Runs the jobs of the handlers registered with it, one step at a time, oldest
 * waiting job first (so two jobs advance in turn). Between steps it lets every
 * request waiting for the database go first.
 */
export class JobRunner {
  readonly #handlers = new Map<string, JobHandler>();
  #running: Promise<void> | null = null;
  #stopping = false;
  #wake: (() => void) | null = null;
  #kicked = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly logger: Logger,
    private readonly options: { pollMs: number },
  ) {}

  register(handler: JobHandler): void {
    if (this.#handlers.has(handler.kind)) throw new Error(`Job kind ${handler.kind} is registered twice`);
    this.#handlers.set(handler.kind, handler);
  }

  /** Starts the loop: it resumes unfinished jobs at once, then looks for work every `pollMs` and when kicked. */
  start(): void {
    if (this.#running) return;
    this.#stopping = false;
    this.#running = this.#loop();
  }

  /**
   * Tells the loop that a job was queued here (other servers find it at their next
   * poll). It wakes on the next turn of the event loop, once the response that
   * announced the job has been written.
   */
  kick(): void {
    setImmediate(() => {
      this.#kicked = true;
      this.#wake?.();
    });
  }

  /** Stops after the step under way (which commits or rolls back whole). */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#running;
    this.#running = null;
  }

  async #loop(): Promise<void> {
    while (!this.#stopping) {
      let worked = false;
      const started = performance.now();
      try {
        worked = await this.runStep();
      } catch (error) {
        this.logger.error({ err: errorCodeOf(error) }, 'job runner could not take a job');
      }
      if (this.#stopping) break;
      // Between steps, a pause of a quarter of the step (the embedded database runs
      // in this thread: during a step no request is even read). Requests that arrived
      // meanwhile are read and get the database first, and have time for their
      // several queries, so a job takes at most about four fifths of the database.
      if (worked) await sleep(Math.min((performance.now() - started) / 4, MAX_PAUSE_MS));
      else await this.#idle();
    }
  }

  #idle(): Promise<void> {
    if (this.#kicked) {
      this.#kicked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = null;
        this.#kicked = false;
        resolve();
      };
      const timer = setTimeout(done, this.options.pollMs);
      this.#wake = done;
    });
  }

  /**
   * Takes one step of the job that has waited longest, in one transaction holding
   * the job's row; returns false when there was nothing to do.
   */
  async runStep(onlyJobId?: string): Promise<boolean> {
    const kinds = [...this.#handlers.keys()];
    if (kinds.length === 0) return false;
    let taken: Job | undefined;
    try {
      return await this.db.transaction().execute(async (trx) => {
        let query = trx
          .selectFrom('job')
          .select(JOB_COLUMNS)
          .where('state', 'in', ['queued', 'running'])
          .where('kind', 'in', kinds);
        if (onlyJobId) query = query.where('id', '=', onlyJobId);
        const row = await query
          .where('run_after', '<=', sql<Date>`now()`)
          .orderBy(sql`stepped_at NULLS FIRST`)
          .orderBy('created_at')
          .limit(1)
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
        if (!row) return false;
        taken = jobOf(row as JobRow);
        const step = await this.#handlers.get(taken.kind)!.step(trx, taken);
        if (step.finished) await trx.deleteFrom('job_item').where('job_id', '=', taken.id).execute();
        await trx
          .updateTable('job')
          .set({
            state: step.finished ? 'succeeded' : 'running',
            progress_done: step.done,
            ...(step.total !== undefined ? { progress_total: step.total } : {}),
            result: step.finished ? jsonb(step.result ?? {}) : null,
            started_at: sql<Date>`coalesce(started_at, now())` as never,
            stepped_at: sql<Date>`now()` as never,
            finished_at: step.finished ? (sql<Date>`now()` as never) : null,
          })
          .where('id', '=', taken.id)
          .execute();
        return true;
      });
    } catch (error) {
      if (!taken) throw error;
      await this.#stepFailed(taken, error);
      return true;
    }
  }

  /**
   * Cancels a job that is queued or running: it stops before its next step (a step under
   * way holds the job's row and finishes first); what its steps committed stays. Returns
   * the job as it is afterwards (unchanged when it had already ended), or undefined.
   */
  async cancel(jobId: string, by: Actor | null): Promise<Job | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('job')
        .select(JOB_COLUMNS)
        .where('id', '=', jobId)
        .forUpdate()
        .executeTakeFirst();
      if (!row) return undefined;
      const job = jobOf(row as JobRow);
      if (job.state !== 'queued' && job.state !== 'running') return job;
      await trx.deleteFrom('job_item').where('job_id', '=', jobId).execute();
      const updated = await trx
        .updateTable('job')
        .set({
          state: 'cancelled',
          cancelled_by: by?.userId ?? null,
          started_at: sql<Date>`coalesce(started_at, now())` as never,
          finished_at: sql<Date>`now()` as never,
        })
        .where('id', '=', jobId)
        .returning(JOB_COLUMNS)
        .executeTakeFirstOrThrow();
      await this.#handlers.get(job.kind)?.cancelled?.(trx, job, by);
      return jobOf(updated as JobRow);
    });
  }

  /** A step threw (and was rolled back): fail the job, or retry it later if the error may pass. */
  async #stepFailed(job: Job, error: unknown): Promise<void> {
    const known = error instanceof JobFailure || error instanceof Problem;
    const attempts = job.attempts + 1;
    const fail = known || attempts >= MAX_ATTEMPTS;
    if (!known)
      this.logger.error({ err: errorCodeOf(error), job: job.id, kind: job.kind, attempts }, 'job step failed');
    const code = error instanceof JobFailure ? error.code : error instanceof Problem ? error.type : 'internal';
    const message = known
      ? (error as Error).message
      : 'The job failed on the server; the error has been logged. What was done before the failure is kept.';
    await this.db.transaction().execute(async (trx) => {
      if (fail) await trx.deleteFrom('job_item').where('job_id', '=', job.id).execute(); // no personal data left behind
      if (fail) await this.#handlers.get(job.kind)?.failed?.(trx, job);
      await trx
        .updateTable('job')
        .set({
          attempts,
          ...(fail
            ? {
                state: 'failed',
                error_code: code,
                error_message: message,
                started_at: sql<Date>`coalesce(started_at, now())` as never,
                finished_at: sql<Date>`now()` as never,
              }
            : { run_after: sql<Date>`now() + make_interval(secs => ${5 * attempts})` as never }),
        })
        .where('id', '=', job.id)
        .execute();
    });
  }
}
