// The tamper-evident chain over the audit trail.
//
// Writing: Lantern writes each event with a random nonce and a keyed MAC over its
// content (`writerMac`, computed in audit.ts), so an event inserted by anything
// else (SQL, a restored dump, a copy of another event) can be told apart.
//
// Sealing: a sealer numbers committed, unsealed events in small batches, checks
// each one's writer MAC and records the verdict in `origin` ('lantern', 'forged',
// or 'legacy' for events written before writer MACs existed), and sets
// hash = HMAC(key, prevHash ‖ event ‖ nonce ‖ mac ‖ origin). A forged event is
// therefore never sealed as genuine: it is chained as 'forged', so it stays as
// evidence that cannot be removed or relabelled unnoticed, and verification fails
// naming it. The order of the chain is the seal order (seq), not the insertion
// id, so an event whose transaction committed late is sealed in a later batch.
//
// The head (last seq and hash) carries a keyed MAC over (seq, hash, sealed_at,
// legacy_seq, legacy_until_id): the sealer refuses to extend a head that does not
// match it, and verification fails on it, so cutting the newest events and
// rewriting the head without the key is found. Putting back an earlier, genuine
// head (or wiping everything back to the empty state) cannot be told from the
// database alone: that is what anchors are for. An anchor is a signed one-line
// checkpoint (seq, time, hash at seq) kept outside the database; verification
// against it fails if any event up to its seq is missing or different.
//
// Keys: the chain hash is keyed with the audit key itself (unchanged, so chains
// sealed before still verify); the writer, head and anchor MACs use subkeys
// derived from it with HKDF, as every Lantern subkey is derived from the master.
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../platform/db-schema.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditKeys {
  /** Keys the chain hash (the audit key itself). */
  chain: Buffer;
  /** Keys the MAC Lantern puts on every event it writes. */
  writer: Buffer;
  /** Keys the MAC of the chain head. */
  head: Buffer;
  /** Keys the MAC of anchors. */
  anchor: Buffer;
}

const derivedKeys = new WeakMap<Buffer, AuditKeys>();
const subkey = (auditKey: Buffer, purpose: string) =>
  Buffer.from(crypto.hkdfSync('sha256', auditKey, Buffer.alloc(0), `lantern:${purpose}`, 32));

/** The audit subkeys, derived once per audit key. */
export function auditKeys(auditKey: Buffer): AuditKeys {
  let keys = derivedKeys.get(auditKey);
  if (!keys) {
    keys = {
      chain: auditKey,
      writer: subkey(auditKey, 'audit-writer'),
      head: subkey(auditKey, 'audit-head'),
      anchor: subkey(auditKey, 'audit-anchor'),
    };
    derivedKeys.set(auditKey, keys);
  }
  return keys;
}

const hmac = (key: Buffer, ...parts: string[]) => {
  const h = crypto.createHmac('sha256', key);
  for (const part of parts) h.update(part);
  return h.digest('hex');
};

/** Compares two hex MACs in constant time. */
function sameMac(a: string | null | undefined, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  return crypto.timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** What the writer of an event knows and signs. */
export interface WrittenEvent {
  nonce: string;
  at: Date;
  actor_id: string | null;
  actor_agency_id: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  /** The records a page of a list showed (one event for the page); null for an event about one record or none. */
  record_ids: string[] | null;
  outcome: string;
  client_ip: string | null;
  details: Record<string, unknown> | null;
}

export interface ChainedEvent extends Omit<WrittenEvent, 'nonce'> {
  id: number;
  seq: number;
}

export type Origin = 'lantern' | 'legacy' | 'forged';

export interface SealedEvent extends ChainedEvent {
  nonce: string | null;
  mac: string | null;
  origin: Origin;
}

/** JSON with object keys sorted, so the same content always hashes the same. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/** The MAC Lantern puts on an event when it writes it (writer subkey). */
export function writerMac(writerKey: Buffer, e: WrittenEvent): string {
  return hmac(
    writerKey,
    canonical([
      'lantern-audit-event:v1',
      e.nonce,
      e.at.toISOString(),
      e.actor_id,
      e.actor_agency_id,
      e.action,
      e.record_type,
      e.record_id,
      e.outcome,
      e.client_ip,
      e.details,
      // Only when present, so that every event written before record_ids existed keeps its MAC.
      ...listedRecords(e),
    ]),
  );
}

/** An event's record_ids as the last field both MACs and the chain hash cover, or nothing when it has none. */
function listedRecords(e: { record_ids?: string[] | null }): string[][] {
  return e.record_ids ? [e.record_ids] : [];
}

/** The chain hash of events sealed before migration 0009 (seq <= legacy_seq); unchanged so that they still verify. */
export function legacyEventHash(key: Buffer, prevHash: string, e: ChainedEvent): string {
  return hmac(key, prevHash, '\n', canonical(chainedFields(e)));
}

/** An event's own fields, in the order both hash formulas cover them. */
function chainedFields(e: ChainedEvent): unknown[] {
  return [
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
    ...listedRecords(e),
  ];
}

/** The chain hash of an event sealed since migration 0009: also covers its nonce, writer MAC and origin. */
export function eventHash(key: Buffer, prevHash: string, e: SealedEvent): string {
  const body = canonical(['v2', ...chainedFields(e), e.nonce, e.mac, e.origin]);
  return hmac(key, prevHash, '\n', body);
}

interface HeadState {
  seq: number;
  hash: string;
  sealed_at: Date | null;
  legacy_seq: number;
  legacy_until_id: number | null;
}
interface HeadRow extends HeadState {
  mac: string | null;
}

/** The MAC of the chain head (head subkey). */
export function headMac(headKey: Buffer, h: HeadState): string {
  return hmac(
    headKey,
    canonical([
      'lantern-audit-head:v1',
      Number(h.seq),
      h.hash,
      h.sealed_at ? h.sealed_at.toISOString() : null,
      Number(h.legacy_seq),
      h.legacy_until_id === null ? null : Number(h.legacy_until_id),
    ]),
  );
}

/**
 * Why the head cannot be trusted, or null. A head without a MAC is accepted only
 * in the state migration 0009 left it in (nothing sealed since): the first sealing
 * run then authenticates it.
 */
function headProblem(keys: AuditKeys, head: HeadRow): string | null {
  const seq = Number(head.seq);
  if (head.mac === null) {
    if (seq === Number(head.legacy_seq)) return null;
    return `the chain head (event ${seq}) carries no MAC: it was rewritten, so events after ${seq} may have been removed`;
  }
  if (!sameMac(head.mac, headMac(keys.head, head))) {
    const when = head.sealed_at ? `, sealed ${head.sealed_at.toISOString()}` : '';
    return `the chain head (event ${seq}${when}) does not match its MAC: it was rewritten without the key, so events after ${seq} may have been removed`;
  }
  return null;
}

/** The sealer will not extend a head it cannot trust, nor issue an anchor on it; `lantern audit verify` says why. */
export class AuditChainHeadError extends Error {
  constructor(
    message: string,
    readonly problem: string = message,
  ) {
    super(message);
  }
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
  'record_ids',
  'outcome',
  'client_ip',
  'details',
  'hash',
  'nonce',
  'mac',
  'origin',
] as const;

async function lockHead(db: Kysely<DB>, wait: boolean): Promise<HeadRow | undefined> {
  const result = await sql<HeadRow>`SELECT seq, hash, sealed_at, mac, legacy_seq, legacy_until_id
    FROM audit_chain_head WHERE id = 1 FOR UPDATE ${sql.raw(wait ? '' : 'SKIP LOCKED')}`.execute(db);
  return result.rows[0];
}

async function writeHead(db: Kysely<DB>, keys: AuditKeys, next: Omit<HeadState, 'sealed_at'>): Promise<void> {
  const state: HeadState = { ...next, sealed_at: new Date() };
  await db
    .updateTable('audit_chain_head')
    .set({
      seq: state.seq,
      hash: state.hash,
      sealed_at: state.sealed_at,
      legacy_until_id: state.legacy_until_id,
      mac: headMac(keys.head, state),
    })
    .where('id', '=', 1)
    .execute();
}

export interface SealOptions {
  batchSize?: number;
  /** Queue behind a concurrent sealer instead of leaving the work to it (shutdown, verification). */
  wait?: boolean;
  /** Told the ids of events sealed as forged (not written by Lantern). */
  onForged?: (ids: number[]) => void;
}

/**
 * Seals up to `batchSize` pending events; returns how many. By default another
 * server sealing at the same moment makes this a no-op; `wait` queues behind it
 * instead. Throws AuditChainHeadError, sealing nothing, if the head was tampered with.
 */
export async function sealBatch(db: Kysely<DB>, key: Buffer, options: SealOptions = {}): Promise<number> {
  const { batchSize = 500, wait = false } = options;
  const keys = auditKeys(key);
  const forged: number[] = [];
  const sealed = await db.transaction().execute(async (trx) => {
    const head = await lockHead(trx, wait);
    if (!head) {
      if (wait) throw new AuditChainHeadError('the audit chain head is missing');
      return 0; // another sealer holds it
    }
    const problem = headProblem(keys, head);
    if (problem) throw new AuditChainHeadError(`Audit events are not being sealed: ${problem}`, problem);
    let legacyUntil = head.legacy_until_id === null ? null : Number(head.legacy_until_id);
    const pending = await trx
      .selectFrom('audit_event')
      .select(EVENT_COLUMNS)
      .where('seq', 'is', null)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (pending.length === 0) {
      // Authenticate a head left by migration 0009, and close its legacy window.
      if (head.mac === null || legacyUntil !== null)
        await writeHead(trx, keys, { ...head, seq: Number(head.seq), legacy_until_id: null });
      return 0;
    }
    // A nonce already sealed, or seen earlier in this batch, marks a copy of a genuine event.
    const nonces = pending.flatMap((e) => (e.nonce ? [e.nonce] : []));
    const used = new Set<string>();
    if (nonces.length > 0) {
      const sealedNonces = await sql<{ nonce: string }>`SELECT nonce FROM audit_event
        WHERE nonce = ANY(${nonces}::uuid[]) AND seq IS NOT NULL`.execute(trx);
      for (const r of sealedNonces.rows) used.add(r.nonce);
    }
    let prev = head.hash;
    let seq = Number(head.seq);
    const ids: number[] = [];
    const seqs: number[] = [];
    const hashes: string[] = [];
    const origins: Origin[] = [];
    for (const event of pending) {
      const id = Number(event.id);
      let origin: Origin;
      if (event.mac === null && event.nonce === null && legacyUntil !== null && id <= legacyUntil) origin = 'legacy';
      else if (
        event.nonce !== null &&
        !used.has(event.nonce) &&
        sameMac(event.mac, writerMac(keys.writer, { ...event, nonce: event.nonce }))
      )
        origin = 'lantern';
      else origin = 'forged';
      if (event.nonce) used.add(event.nonce);
      if (origin === 'forged') forged.push(id);
      seq += 1;
      prev = eventHash(keys.chain, prev, { ...event, id, seq, origin });
      ids.push(id);
      seqs.push(seq);
      hashes.push(prev);
      origins.push(origin);
    }
    // Events are taken in id order: once past the last pre-0009 id (or everything pending), the window closes.
    if (legacyUntil !== null && (pending.length < batchSize || ids[ids.length - 1]! >= legacyUntil)) legacyUntil = null;
    await sql`UPDATE audit_event AS a SET seq = v.seq, hash = v.hash, origin = v.origin
      FROM unnest(${ids}::bigint[], ${seqs}::bigint[], ${hashes}::text[], ${origins}::text[]) AS v(id, seq, hash, origin)
      WHERE a.id = v.id`.execute(trx);
    await writeHead(trx, keys, { seq, hash: prev, legacy_seq: Number(head.legacy_seq), legacy_until_id: legacyUntil });
    return pending.length;
  });
  if (forged.length > 0) options.onForged?.(forged);
  return sealed;
}

/** Seals everything pending; `wait` (shutdown, verification) waits for a concurrent sealer instead of leaving the work to it. */
export async function sealAll(
  db: Kysely<DB>,
  key: Buffer,
  wait = false,
  onForged?: (ids: number[]) => void,
): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await sealBatch(db, key, { batchSize: 2000, wait, ...(onForged ? { onForged } : {}) });
    total += n;
    if (n === 0) return total;
  }
}

// ---------------------------------------------------------------------------
// Anchors: `lantern-anchor:v1:<seq>:<time>:<hash at seq>:<mac>`, where time is
// ISO 8601 basic format in UTC (20260501T030405Z: no colons, so the line splits
// cleanly) and mac = HMAC(anchor subkey, everything before it).

export interface Anchor {
  seq: number;
  at: Date;
  /** The chain hash of event `seq` (the genesis hash for 0). */
  hash: string;
  mac: string;
}

/** A malformed anchor (wrong usage: exit 2). */
export class AnchorFormatError extends Error {}

const ANCHOR_PREFIX = 'lantern-anchor:v1';
const ANCHOR_PATTERN = /^lantern-anchor:v1:(\d{1,15}):(\d{8}T\d{6}Z):([0-9a-f]{64}):([0-9a-f]{64})$/;

function anchorTime(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

function anchorBody(a: Omit<Anchor, 'mac'>): string {
  return `${ANCHOR_PREFIX}:${a.seq}:${anchorTime(a.at)}:${a.hash}`;
}

/** The one-line text of an anchor. */
export function formatAnchor(key: Buffer, a: Omit<Anchor, 'mac'>): string {
  const body = anchorBody(a);
  return `${body}:${hmac(auditKeys(key).anchor, body)}`;
}

export function parseAnchor(text: string): Anchor {
  const trimmed = text.replace(/\s+/g, ''); // a line wrapped when copied still reads
  const m = ANCHOR_PATTERN.exec(trimmed.toLowerCase().replace(/t(\d{6})z/, 'T$1Z'));
  if (!m) {
    throw new AnchorFormatError(
      trimmed.startsWith('lantern-anchor:')
        ? 'the anchor is incomplete or mistyped: expected lantern-anchor:v1:<seq>:<YYYYMMDDTHHMMSSZ>:<64 hex>:<64 hex>, on one line'
        : 'that is not a Lantern anchor: it should start with lantern-anchor:v1: (as printed by `lantern audit anchor`)',
    );
  }
  const [, seqText, time, hash, mac] = m as unknown as [string, string, string, string, string];
  const iso = `${time.slice(0, 4)}-${time.slice(4, 6)}-${time.slice(6, 8)}T${time.slice(9, 11)}:${time.slice(11, 13)}:${time.slice(13, 15)}Z`;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime()) || at.toISOString() !== iso.replace('Z', '.000Z'))
    throw new AnchorFormatError(`the anchor's time ${time} is not a valid date and time`);
  return { seq: Number(seqText), at, hash, mac };
}

/** Whether the anchor was issued with this key (and not altered). */
export function isAuthenticAnchor(key: Buffer, anchor: Anchor): boolean {
  return sameMac(anchor.mac, hmac(auditKeys(key).anchor, anchorBody(anchor)));
}

/**
 * Seals everything pending and returns an anchor for the head as it then stands.
 * Throws AuditChainHeadError if the head cannot be trusted: no anchor is issued over it.
 */
export async function takeAnchor(db: Kysely<DB>, key: Buffer): Promise<{ text: string; anchor: Anchor }> {
  try {
    await sealAll(db, key, true);
  } catch (error) {
    if (error instanceof AuditChainHeadError)
      throw new AuditChainHeadError(`No anchor issued: ${error.problem}`, error.problem);
    throw error;
  }
  const keys = auditKeys(key);
  const head = await db
    .selectFrom('audit_chain_head')
    .select(['seq', 'hash', 'sealed_at', 'mac', 'legacy_seq', 'legacy_until_id'])
    .where('id', '=', 1)
    .executeTakeFirst();
  if (!head) throw new AuditChainHeadError('the audit chain head is missing');
  const problem = headProblem(keys, head) ?? (head.mac === null ? 'the chain head is not yet authenticated' : null);
  if (problem) throw new AuditChainHeadError(`No anchor issued: ${problem}`);
  const at = new Date(Math.floor(Date.now() / 1000) * 1000);
  const text = formatAnchor(key, { seq: Number(head.seq), at, hash: head.hash });
  return { text, anchor: parseAnchor(text) };
}

// ---------------------------------------------------------------------------
// Verification.

export interface ForgedEvent {
  seq: number;
  id: number;
  action: string;
  at: Date;
}

export interface ChainVerdict {
  ok: boolean;
  /** Events verified in chain order before the first break (all of them if none). */
  checked: number;
  unsealed: number;
  /** The first event that breaks the chain, or the head's problem, and how. */
  firstBad?: { seq: number; id: number | null; problem: string };
  /** Events in the chain that Lantern did not write (the first 100), and how many in all. */
  forged: ForgedEvent[];
  forgedCount: number;
  head: { seq: number; sealedAt: Date | null };
  /** The check against an anchor, when one was given. */
  anchor?: { seq: number; at: Date; ok: boolean; problem?: string };
}

const MAX_FORGED_LISTED = 100;

/**
 * Recomputes every hash of the chain in seq order up to the head as it stands when
 * verification starts (servers may go on sealing meanwhile), checks that the last
 * one is the head's and that the head matches its MAC: altered, removed,
 * reordered or cut-off events, and a rewritten head, all fail. Events sealed as
 * forged are listed and fail it too. With an anchor, also fails unless the chain
 * holds, at the anchor's seq, the very event the anchor vouches for.
 */
export async function verifyChain(
  db: Kysely<DB>,
  key: Buffer,
  onProgress?: (checked: number) => void,
  options: { anchor?: Anchor } = {},
): Promise<ChainVerdict> {
  const keys = auditKeys(key);
  const head = await db
    .selectFrom('audit_chain_head')
    .select(['seq', 'hash', 'sealed_at', 'mac', 'legacy_seq', 'legacy_until_id'])
    .where('id', '=', 1)
    .executeTakeFirst();
  const anchor = options.anchor;
  const verdict: ChainVerdict = {
    ok: false,
    checked: 0,
    unsealed: 0,
    forged: [],
    forgedCount: 0,
    head: { seq: Number(head?.seq ?? 0), sealedAt: head?.sealed_at ?? null },
  };
  const anchorAt = anchor ? anchorTime(anchor.at) : '';
  let anchorProblem: string | undefined;
  if (anchor && !isAuthenticAnchor(key, anchor))
    anchorProblem = `the anchor of ${anchorAt} was not issued with this key, or was altered`;
  if (!head) {
    verdict.firstBad = { seq: 1, id: null, problem: 'the audit chain head is missing: the trail was wiped' };
    if (anchor) verdict.anchor = { seq: anchor.seq, at: anchor.at, ok: false, problem: anchorProblem ?? 'no chain' };
    return verdict;
  }
  const headSeq = Number(head.seq);
  const legacySeq = Number(head.legacy_seq);
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  if (anchor && anchor.seq === 0 && anchor.hash !== GENESIS_HASH && !anchorProblem)
    anchorProblem = `the anchor of ${anchorAt} does not match the start of the chain`;
  walk: for (;;) {
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
      const id = Number(event.id);
      if (seq !== expectedSeq) {
        verdict.firstBad = {
          seq: expectedSeq,
          id: null,
          problem: `event ${expectedSeq} is missing (next present is ${seq})`,
        };
        break walk;
      }
      const legacy = seq <= legacySeq;
      const expected = legacy
        ? legacyEventHash(keys.chain, prev, { ...event, id, seq })
        : eventHash(keys.chain, prev, { ...event, id, seq, origin: event.origin as Origin });
      if (!sameMac(event.hash, expected)) {
        verdict.firstBad = {
          seq,
          id,
          problem: `event ${seq} (id ${id}) does not match its hash: altered, reordered or forged`,
        };
        break walk;
      }
      if (!legacy) {
        const genuine =
          event.origin === 'legacy' ||
          (event.origin === 'lantern' &&
            event.nonce !== null &&
            sameMac(event.mac, writerMac(keys.writer, { ...event, nonce: event.nonce })));
        if (!genuine) {
          verdict.forgedCount += 1;
          if (verdict.forged.length < MAX_FORGED_LISTED)
            verdict.forged.push({ seq, id, action: event.action, at: event.at });
        }
      }
      if (anchor && seq === anchor.seq && !anchorProblem && event.hash !== anchor.hash)
        anchorProblem = `event ${seq} is not the one the anchor of ${anchorAt} vouches for: events up to ${seq} were replaced`;
      prev = expected;
      expectedSeq += 1;
      checked += 1;
    }
    onProgress?.(checked);
    if (page.length < 5000) break;
  }
  verdict.checked = checked;
  if (!verdict.firstBad && (headSeq !== checked || head.hash !== prev)) {
    verdict.firstBad = {
      seq: checked + 1,
      id: null,
      problem: `the chain ends at event ${checked} but its head records ${headSeq}: events were removed from the end`,
    };
  }
  if (!verdict.firstBad) {
    const problem = headProblem(keys, head);
    if (problem) verdict.firstBad = { seq: headSeq, id: null, problem };
  }
  if (!verdict.firstBad) {
    // Sealed events beyond the head mean the head was moved back. (Servers sealing meanwhile move
    // events and head together, so the head read after the events is never behind them.)
    const beyond = await db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirstOrThrow();
    const now = await db.selectFrom('audit_chain_head').select('seq').where('id', '=', 1).executeTakeFirst();
    const maxSeq = Number(beyond.seq ?? 0);
    if (maxSeq > Number(now?.seq ?? 0))
      verdict.firstBad = {
        seq: headSeq + 1,
        id: null,
        problem: `events up to ${maxSeq} are sealed but the chain head records ${Number(now?.seq ?? 0)}: the head was moved back`,
      };
  }
  if (anchor) {
    if (!anchorProblem && anchor.seq > checked) {
      anchorProblem = verdict.firstBad
        ? `events up to ${anchor.seq}, vouched for by the anchor of ${anchorAt}, cannot be confirmed: the chain breaks at event ${verdict.firstBad.seq}`
        : `the trail holds ${checked} events but the anchor of ${anchorAt} vouches for ${anchor.seq}: ` +
          `events ${checked + 1} to ${anchor.seq} are missing (the newest events were cut off or the trail was wiped)`;
    }
    verdict.anchor = {
      seq: anchor.seq,
      at: anchor.at,
      ok: !anchorProblem,
      ...(anchorProblem ? { problem: anchorProblem } : {}),
    };
  }
  const unsealed = await db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('seq', 'is', null)
    .executeTakeFirstOrThrow();
  verdict.unsealed = Number(unsealed.n);
  verdict.ok = !verdict.firstBad && verdict.forgedCount === 0 && (verdict.anchor?.ok ?? true);
  return verdict;
}

/** Runs sealAll on a timer; stop() seals whatever is still pending. */
export class AuditSealer {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();
  #lastError: string | undefined;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly key: Buffer,
    private readonly intervalMs = 250,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Reports each distinct error once (a tampered head would otherwise be reported four times a second). */
  #report = (error: unknown) => {
    const message = (error as Error)?.message ?? String(error);
    if (message === this.#lastError) return;
    this.#lastError = message;
    this.onError(error);
  };

  #forged = (ids: number[]) =>
    this.onError(
      new Error(
        `Sealed ${ids.length} audit event(s) not written by Lantern as forged (ids ${ids.slice(0, 20).join(', ')}): ` +
          'something else writes into the audit trail; run `lantern audit verify`',
      ),
    );

  start(): void {
    const tick = () => {
      this.#running = sealAll(this.db, this.key, false, this.#forged)
        .then(() => {
          this.#lastError = undefined;
        })
        .catch(this.#report)
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
    await sealAll(this.db, this.key, true, this.#forged).catch((error: unknown) => {
      if (!(error instanceof AuditChainHeadError)) throw error;
      this.#report(error); // the head was tampered with: nothing can be sealed, but the server still stops
    });
  }
}
