// Reads from a PostgreSQL streaming replica (DATABASE_REPLICA_URL): statistics, exports and linkage runs read
// from it, everything else from the primary. `ctx.reads.of(actor)` is the one thing capability code asks: it is
// the primary itself when no replica is configured, so no capability branches on configuration.
//
// Read-your-writes. After a signed-in caller's request that changes something (POST, PUT, PATCH, DELETE
// answered below 400) the server asks the primary for its WAL insert position and hands it to the client as the
// `lantern_written` cookie (and the `Lantern-Written` header, for API clients that keep no cookies: they may send
// it back). A later request carries it back, to whichever app server the load balancer picks, and is read from
// the replica only once the replica has replayed that position; until then from the primary. The position
// travels with the client rather than in the database or one server's memory: no extra round trip on any read,
// no write to keep it, and it works across app servers without sticky sessions. A client that alters it only
// chooses which copy of the same figures it sees (`of` serves statistics, whose access does not depend on it): a
// lower value may show it older figures, a higher one sends its reads to the primary. Lists of personal data do
// not rely on it at all: they use `fresh`, current for everyone's writes.
//
// How far the replica has got is not asked per request either: a monitor asks the replica (and the primary)
// every REPLICA_POLL_MS and the rule below decides from what it last heard, which can only be older than the
// truth — so the rule errs towards the primary, never towards a copy that misses a write.
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from './database.js';
import type { DB } from './db-schema.js';

/** How often the monitor asks the replica how far it has replayed. */
export const REPLICA_POLL_MS = 250;
/** The cookie (and header) that carries the primary's WAL position after the caller's last write. */
export const WRITTEN_COOKIE = 'lantern_written';
export const WRITTEN_HEADER = 'lantern-written';

const LSN = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i;

/** A WAL position as PostgreSQL writes it ('16/B374D848') as a number that compares; undefined if it is none. */
export function lsnValue(text: string | null | undefined): bigint | undefined {
  const m = text ? LSN.exec(text.trim()) : null;
  return m ? (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`) : undefined;
}

/** The opposite of lsnValue. */
export function lsnText(value: bigint): string {
  return `${(value >> 32n).toString(16).toUpperCase()}/${(value & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** What the monitor last heard from the replica. */
export interface ReplicaView {
  /** It answered the last poll. */
  reachable: boolean;
  /** It is in recovery (a standby); a promoted or mistaken server is never read as a replica. */
  standby: boolean;
  /** Its last replayed WAL position. */
  replayed: bigint | undefined;
  /** How long the oldest change it has not replayed has been on the primary (0: none). */
  lagMs: number;
}

export type ReplicaState = 'streaming' | 'lagging' | 'down';

/** down: unreachable or not a standby; lagging: behind by more than `maxLagMs`; else streaming. */
export function replicaState(view: ReplicaView, maxLagMs: number): ReplicaState {
  if (!view.reachable || !view.standby || view.replayed === undefined) return 'down';
  return view.lagMs > maxLagMs ? 'lagging' : 'streaming';
}

/**
 * The rule: a read may go to the replica when one is configured, streaming within the allowed lag, and has
 * replayed the caller's last write (`readAfter`, a WAL position; none: the caller wrote nothing lately).
 */
export function readFromReplica(view: ReplicaView | undefined, readAfter: bigint | undefined, maxLagMs: number) {
  if (!view || replicaState(view, maxLagMs) !== 'streaming') return false;
  return readAfter === undefined || view.replayed! >= readAfter;
}

/**
 * Measures lag as the primary's clock sees it, without comparing two machines' clocks or trusting the time of
 * the last replayed commit (which grows on a quiet primary): the positions the primary reached, each with when
 * it was first seen; the lag is how long ago the oldest position not yet replayed was first seen.
 */
export class LagClock {
  #pending: { lsn: bigint; at: number }[] = [];
  static readonly MAX_SAMPLES = 10_000;

  /** The primary was at `lsn` at time `at` (ms). */
  observe(lsn: bigint, at: number): void {
    const last = this.#pending[this.#pending.length - 1];
    if (last && last.lsn >= lsn) return;
    // a replica down for hours: keep the oldest samples, which decide the lag
    if (this.#pending.length < LagClock.MAX_SAMPLES) this.#pending.push({ lsn, at });
  }

  /** The lag at `now` of a replica that has replayed up to `replayed`. */
  lagMs(replayed: bigint, now: number): number {
    let drop = 0;
    while (drop < this.#pending.length && this.#pending[drop]!.lsn <= replayed) drop++;
    if (drop) this.#pending.splice(0, drop);
    const oldest = this.#pending[0];
    return oldest ? Math.max(0, now - oldest.at) : 0;
  }

  /** Bytes of WAL the primary has (as last seen) beyond `replayed`. */
  bytesBehind(replayed: bigint): number {
    const newest = this.#pending[this.#pending.length - 1];
    return newest && newest.lsn > replayed ? Number(newest.lsn - replayed) : 0;
  }
}

/** The replica as /health shows it to operators: its state and lag, nothing else (no address). */
export interface ReplicaHealth {
  state: ReplicaState;
  lagMs: number | null;
  lagBytes: number | null;
}

/** Who reads: a caller with the WAL position of their last write, if they sent one. */
export interface Reader {
  readAfter?: string | undefined;
}

/** Where reads that tolerate a little lag go: the replica, or the primary. */
export class Reads {
  readonly #primary: Database;
  readonly #replica: Database | undefined;
  readonly #maxLagMs: number;
  readonly #logger: Logger;
  readonly #clock = new LagClock();
  #view: ReplicaView | undefined;
  #lagBytes = 0;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;
  #said: ReplicaState | undefined;
  #closed = false;

  constructor(primary: Database, replica: Database | undefined, options: { maxLagMs: number; logger: Logger }) {
    this.#primary = primary;
    this.#replica = replica;
    this.#maxLagMs = options.maxLagMs;
    this.#logger = options.logger;
  }

  /** Whether a replica is configured (then writes are followed by a WAL position for the client). */
  get replicated(): boolean {
    return this.#replica !== undefined;
  }

  /** The database to read from for `reader` (a signed-in caller): the replica when the rule allows it. */
  of(reader: Reader | null | undefined): Kysely<DB> {
    if (!this.#replica) return this.#primary.db;
    const use = readFromReplica(this.#view, lsnValue(reader?.readAfter), this.#maxLagMs);
    return use ? this.#replica.db : this.#primary.db;
  }

  /**
   * The database to read from for work that must see everything committed before it began, whoever wrote it:
   * lists of personal data (a consent withdrawn or a referral closed a moment ago takes effect at once), a job's
   * step. The primary's WAL position now, then the replica's own answer (not the monitor's, which trails by up
   * to a poll), waiting up to `waitMs` for it to replay that far; else the primary. Two short queries: meant for
   * exports and job steps, not for every read. `primary`: what to read from otherwise — a job step's own
   * transaction (on the embedded database, its one connection is that transaction's).
   */
  async fresh(primary: Kysely<DB> = this.#primary.db, waitMs = 200): Promise<Kysely<DB>> {
    const replica = this.#replica;
    if (!replica || !this.#view || replicaState(this.#view, this.#maxLagMs) !== 'streaming') return primary;
    try {
      const target = lsnValue(await this.writtenNow());
      if (target === undefined) return primary;
      const deadline = Date.now() + waitMs;
      for (;;) {
        const { rows } = await sql<{ replayed: string | null }>`
          SELECT pg_last_wal_replay_lsn()::text AS replayed`.execute(replica.db);
        const replayed = lsnValue(rows[0]?.replayed);
        if (replayed !== undefined && replayed >= target) return replica.db;
        if (Date.now() >= deadline) return primary;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } catch {
      return primary; // the replica went away since the last poll: the monitor will say so
    }
  }

  /**
   * The primary's WAL insert position: at or after the end of every transaction committed so far, whatever
   * synchronous_commit is (the write position can trail an asynchronous commit). Undefined without a replica.
   */
  async writtenNow(): Promise<string | undefined> {
    if (!this.#replica) return undefined;
    const { rows } = await sql<{ lsn: string }>`SELECT pg_current_wal_insert_lsn()::text AS lsn`.execute(
      this.#primary.db,
    );
    return rows[0]?.lsn;
  }

  /** The replica's state and lag for operators (undefined: no replica configured). */
  health(): ReplicaHealth | undefined {
    if (!this.#replica) return undefined;
    const view = this.#view;
    if (!view) return { state: 'down', lagMs: null, lagBytes: null };
    const state = replicaState(view, this.#maxLagMs);
    return state === 'down'
      ? { state, lagMs: null, lagBytes: null }
      : { state, lagMs: view.lagMs, lagBytes: this.#lagBytes };
  }

  /** Starts watching the replica; the first look is awaited (bounded) so that a server starts knowing. */
  async start(firstLookMs = 2000): Promise<void> {
    if (!this.#replica || this.#timer) return;
    this.#timer = setInterval(() => void this.poll(), REPLICA_POLL_MS);
    this.#timer.unref();
    await Promise.race([this.poll(), new Promise((resolve) => setTimeout(resolve, firstLookMs).unref())]);
  }

  /** Asks the primary and the replica once how far each has got (one poll at a time). */
  poll(): Promise<void> {
    this.#polling ??= this.#look().finally(() => (this.#polling = undefined));
    return this.#polling;
  }

  async #look(): Promise<void> {
    if (!this.#replica || this.#closed) return;
    try {
      // The primary's write position: what a replica can have received (the insert position may be ahead).
      const { rows } = await sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`.execute(this.#primary.db);
      const at = lsnValue(rows[0]?.lsn);
      if (at !== undefined) this.#clock.observe(at, Date.now());
    } catch {
      // the primary's own trouble shows elsewhere; the replica's replay is still worth knowing
    }
    let view: ReplicaView;
    try {
      const { rows } = await sql<{ standby: boolean; replayed: string | null }>`
        SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replayed`.execute(this.#replica.db);
      const replayed = lsnValue(rows[0]?.replayed);
      const now = Date.now();
      view = {
        reachable: true,
        standby: rows[0]?.standby === true,
        replayed,
        lagMs: replayed === undefined ? 0 : this.#clock.lagMs(replayed, now),
      };
      this.#lagBytes = replayed === undefined ? 0 : this.#clock.bytesBehind(replayed);
    } catch {
      view = { reachable: false, standby: false, replayed: undefined, lagMs: 0 };
    }
    if (this.#closed) return;
    this.#view = view;
    this.#tell(view);
  }

  /** Says in the log once each time the replica's state changes: no address, no data, only the state. */
  #tell(view: ReplicaView): void {
    const state = replicaState(view, this.#maxLagMs);
    if (state === this.#said) return;
    const first = this.#said === undefined;
    this.#said = state;
    if (state === 'streaming') {
      if (!first) this.#logger.info('read replica streaming again: statistics, exports and linkage read from it');
      return;
    }
    const why =
      state === 'lagging'
        ? `more than ${this.#maxLagMs} ms behind the primary`
        : view.reachable
          ? 'not a standby in recovery'
          : 'unreachable';
    this.#logger.warn({ replica: state, lagMs: view.lagMs }, `read replica ${why}: reads go to the primary`);
  }

  /** Stops watching and closes the replica's pool (the primary is its owner's to close). */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#polling?.catch(() => {});
    await this.#replica?.close();
  }
}
