// The tamper-evident chain over the audit trail. A sealer numbers committed,
// unsealed events in small batches and sets hash = HMAC(key, prevHash ‖ event);
// the order of the chain is the seal order (seq), not the insertion id, so an
// event whose transaction committed late is simply sealed in a later batch.
// Verification walks seq from 1 and stops at the first event that does not
// match: altered, removed (a gap) or reordered events all break the chain.
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../platform/db-schema.js';

export const GENESIS_HASH = '0'.repeat(64);

interface ChainedEvent {
  id: number;
  seq: number;
  at: Date;
  actor_id: string | null;
  actor_agency_id: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  outcome: string;
  client_ip: string | null;
  details: Record<string, unknown> | null;
}

/** JSON with object keys sorted, so the same content always hashes the same. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export function eventHash(key: Buffer, prevHash: string, e: ChainedEvent): string {
  const body = canonical([
    e.seq,
    e.id,
    e.at.toISOString(),
    e.actor_id,
    e.actor_agency_id,
    e.action,
    e.record_type,
    e.record_id,
    e.outcome,
    e.client_ip,
    e.details,
  ]);
  return crypto.createHmac('sha256', key).update(prevHash).update('\n').update(body).digest('hex');
}

const EVENT_COLUMNS = [
  'id',
  'seq',
  'at',
  'actor_id',
  'actor_agency_id',
  'action',
  'record_type',
  'record_id',
  'outcome',
  'client_ip',
  'details',
  'hash',
] as const;

/**
 * Seals up to `batchSize` pending events; returns how many. By default another
 * server sealing at the same moment makes this a no-op; `wait` queues behind it
 * instead (shutdown and verification, which must see everything sealed).
 */
export async function sealBatch(db: Kysely<DB>, key: Buffer, batchSize = 500, wait = false): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const head = await sql<{
      seq: number;
      hash: string;
    }>`SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE ${sql.raw(wait ? '' : 'SKIP LOCKED')}`.execute(
      trx,
    );
    const current = head.rows[0];
    if (!current) return 0;
    const pending = await trx
      .selectFrom('audit_event')
      .select(EVENT_COLUMNS)
      .where('seq', 'is', null)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (pending.length === 0) return 0;
    let prev = current.hash;
    let seq = Number(current.seq);
    const ids: number[] = [];
    const seqs: number[] = [];
    const hashes: string[] = [];
    for (const event of pending) {
      seq += 1;
      prev = eventHash(key, prev, { ...event, seq } as ChainedEvent);
      ids.push(event.id);
      seqs.push(seq);
      hashes.push(prev);
    }
    await sql`UPDATE audit_event AS a SET seq = v.seq, hash = v.hash
      FROM unnest(${ids}::bigint[], ${seqs}::bigint[], ${hashes}::text[]) AS v(id, seq, hash) WHERE a.id = v.id`.execute(
      trx,
    );
    await sql`UPDATE audit_chain_head SET seq = ${seq}, hash = ${prev} WHERE id = 1`.execute(trx);
    return pending.length;
  });
}

/** Seals everything pending; `wait` (shutdown, verification) waits for a concurrent sealer instead of leaving the work to it. */
export async function sealAll(db: Kysely<DB>, key: Buffer, wait = false): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await sealBatch(db, key, 2000, wait);
    total += n;
    if (n === 0) return total;
  }
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  unsealed: number;
  /** The first event that breaks the chain, and how. */
  firstBad?: { seq: number; id: number | null; problem: string };
}

/**
 * Recomputes every hash of the chain in seq order up to the head as it stands when
 * verification starts (servers may go on sealing meanwhile), and checks that the
 * last one is the head's: altered, removed, reordered or cut-off events all fail.
 */
export async function verifyChain(
  db: Kysely<DB>,
  key: Buffer,
  onProgress?: (checked: number) => void,
): Promise<ChainVerdict> {
  const head = await db
    .selectFrom('audit_chain_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const headSeq = Number(head.seq);
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_event')
      .select(EVENT_COLUMNS)
      .where('seq', '>=', expectedSeq)
      .where('seq', '<=', headSeq)
      .orderBy('seq')
      .limit(5000)
      .execute();
    for (const event of page) {
      const seq = Number(event.seq);
      if (seq !== expectedSeq) {
        return {
          ok: false,
          checked,
          unsealed: 0,
          firstBad: { seq: expectedSeq, id: null, problem: `event ${expectedSeq} is missing (next present is ${seq})` },
        };
      }
      const expected = eventHash(key, prev, { ...event, seq } as ChainedEvent);
      if (expected !== event.hash) {
        return {
          ok: false,
          checked,
          unsealed: 0,
          firstBad: {
            seq,
            id: event.id,
            problem: `event ${seq} (id ${event.id}) does not match its hash: altered, reordered or forged`,
          },
        };
      }
      prev = expected;
      expectedSeq += 1;
      checked += 1;
    }
    onProgress?.(checked);
    if (page.length < 5000) break;
  }
  if (headSeq !== checked || head.hash !== prev) {
    return {
      ok: false,
      checked,
      unsealed: 0,
      firstBad: {
        seq: checked + 1,
        id: null,
        problem: `the chain ends at event ${checked} but its head records ${headSeq}: events were removed from the end`,
      },
    };
  }
  const unsealed = await db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('seq', 'is', null)
    .executeTakeFirstOrThrow();
  return { ok: true, checked, unsealed: Number(unsealed.n) };
}

/** Runs sealBatch on a timer; stop() seals whatever is still pending. */
export class AuditSealer {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();
  constructor(
    private readonly db: Kysely<DB>,
    private readonly key: Buffer,
    private readonly intervalMs = 250,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  start(): void {
    const tick = () => {
      this.#running = sealAll(this.db, this.key)
        .catch(this.onError)
        .finally(() => {
          if (this.#timer) this.#timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.#timer = setTimeout(tick, this.intervalMs);
  }

  async stop(): Promise<void> {
    const timer = this.#timer;
    this.#timer = undefined;
    if (timer) clearTimeout(timer);
    await this.#running;
    await sealAll(this.db, this.key, true);
  }
}
