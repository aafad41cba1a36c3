// Writing audit events. Each event is inserted by the request that caused it, in
// the same transaction as the change it records; the chain is built later by
// audit-chain.ts, so writers never wait for each other. Lantern signs each event
// it writes (a random nonce and a keyed MAC over the content, with the time set
// here so that it is covered): the sealer marks any event without a valid MAC as
// forged, so rows written into the table by anything else are never taken as genuine.
import type { AuditAction } from '../contract/audit-actions.js';
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { jsonb } from '../platform/database.js';
import type { DB } from '../platform/db-schema.js';
import type { Actor } from '../platform/actor.js';
import { auditKeys, writerMac, type WrittenEvent } from './audit-chain.js';

export type AuditOutcome = 'success' | 'denied' | 'not_found' | 'failure';

export interface AuditEventInput {
  /** One of the labelled actions (contract/audit-actions.ts): the access log shows it in words. */
  action: AuditAction;
  outcome: AuditOutcome;
  recordType?: string | null;
  recordId?: string | null;
  /** The records one page of a list showed: one event for the page rather than one per row (see listReadEvent). */
  recordIds?: string[] | null;
  details?: AuditDetails | null;
}

/**
 * The audit event of one page of a list: a read of every record it showed, named in record_ids, where the access
 * log of each record and the auditor's search by record find it. One event a page, not one a row (issue 15): a
 * name search's 25 events were a fifth of PostgreSQL's time per search. `empty` is what a page with no rows records.
 */
export function listReadEvent(
  read: { action: AuditAction; recordType: string; details?: AuditDetails },
  ids: string[],
  empty: { action: AuditAction; details?: AuditDetails } | null,
): AuditEventInput[] {
  if (ids.length > 0)
    return [
      {
        action: read.action,
        outcome: 'success',
        recordType: read.recordType,
        recordIds: ids,
        ...(read.details ? { details: read.details } : {}),
      },
    ];
  return empty
    ? [{ action: empty.action, outcome: 'success', ...(empty.details ? { details: empty.details } : {}) }]
    : [];
}

/**
 * What an audit event may say beyond who did what to which record and how it ended: ids of related
 * records, counts, names of fields and parts, and how the access came about. Never personal data and
 * never facts about the person (a status reached, an outcome, a risk level, a purpose): auditors read
 * these, and the facts belong to the records themselves. The type is the whitelist; recordAudit refuses
 * any other key at run time too.
 */
export interface AuditDetails {
  /** Names of the fields a change touched. */
  fields?: string[];
  /** Names of the parts of a record that were read. */
  parts?: string[];
  referralId?: string;
  /** The referrals a page of a referral box showed, in the order of its record_ids (their cases). */
  referralIds?: string[];
  consentId?: string;
  serviceId?: string;
  visitId?: string;
  noteId?: string;
  screeningId?: string;
  groupId?: string | null;
  personId?: string;
  jobId?: string;
  importId?: string;
  agencyId?: string;
  /** An import's row counts: read, valid, rejected, new persons stored, persons updated. */
  read?: number;
  valid?: number;
  rejected?: number;
  imported?: number;
  updated?: number;
  /** How many records a list or a batch returned or wrote. */
  count?: number;
  results?: number;
  overdue?: number;
  referrals?: number;
  services?: number;
  screenings?: number;
  /** The path the action took: cli, demo, screening_event, document_number search... */
  via?: string;
  by?: string;
  /** Why an access was refused or ended, as a code (throttled, locked...). */
  reason?: string;
  /** A session's stage after sign-in, and whether the device was known. */
  stage?: string;
  device?: 'known' | 'unknown';
  /** A password change forced at sign-in, and how many other sessions it ended. */
  forced?: boolean;
  endedSessions?: number;
  /** Who may read a note (own_agency / all_with_access). */
  visibility?: string;
  /** An indicator set tried without a case. */
  instrument?: string;
  /** Roles given, and before and after a change of roles (role names are not personal data). */
  roles?: string[];
  rolesBefore?: string[];
  rolesAfter?: string[];
  /** Account changes by an administrator. */
  disabled?: boolean;
  resetTotp?: boolean;
  /** Filters an auditor searched the audit trail with (ids and action names only). */
  recordId?: string | null;
  actorId?: string | null;
  action?: string | null;
  /** Record linkage: the pairs and persons a steward's page showed, a pair decided, a merge, a run. */
  pairId?: string;
  pairIds?: string[];
  personIds?: string[];
  otherPersonId?: string;
  mergeId?: string;
  runId?: string;
  candidates?: number;
  matches?: number;
  cases?: number;
  /** The HTCDS export (statistics): k, persons suppressed and found, classes, the levels chosen (rows: `count`). */
  k?: number;
  suppressed?: number;
  persons?: number;
  classes?: number;
  levels?: Record<string, string>;
  maxSuppressedShare?: number;
  bytes?: number;
  /** Statistics: what was released (codes of the indicator, dimensions and window; how many cells were hidden). */
  releaseId?: string;
  indicator?: string;
  rows?: string | null;
  columns?: string;
  /** A table's window (not `from`/`to`: those would read as a status left and reached). */
  windowFrom?: string;
  windowTo?: string;
  mode?: string;
  epsilon?: number | null;
  suppressedCells?: number;
  format?: string;
  /** Exports and attachments (issue 12 §3): which list was exported (rows: `count`; filters used: `fields`), which file. */
  list?: string;
  attachmentId?: string;
  /** The prosecution file (issue 13 §4): the step, charge, verdict or court date written; what a read showed (counts). */
  stepId?: string;
  chargeId?: string;
  verdictId?: string;
  courtDateId?: string;
  steps?: number;
  charges?: number;
  accused?: number;
  /** Prosecution support (issue 13): ids of the linked records, and the size of a network read. */
  suspectId?: string;
  organisationId?: string;
  linkId?: string;
  nodes?: number;
  edges?: number;
  hops?: number;
  /** The hotline's triage (issue 14 §2): the case a report was passed to, the operator assigned, the report repeated. */
  caseId?: string;
  assigneeId?: string | null;
  reportId?: string;
}

const DETAIL_KEYS: ReadonlySet<string> = new Set<keyof Required<AuditDetails>>([
  'fields',
  'parts',
  'referralId',
  'consentId',
  'serviceId',
  'visitId',
  'noteId',
  'screeningId',
  'groupId',
  'personId',
  'jobId',
  'importId',
  'agencyId',
  'read',
  'valid',
  'rejected',
  'imported',
  'updated',
  'count',
  'results',
  'overdue',
  'referrals',
  'services',
  'screenings',
  'via',
  'by',
  'reason',
  'stage',
  'device',
  'forced',
  'endedSessions',
  'visibility',
  'instrument',
  'roles',
  'rolesBefore',
  'rolesAfter',
  'disabled',
  'resetTotp',
  'recordId',
  'actorId',
  'action',
  'pairId',
  'pairIds',
  'referralIds',
  'personIds',
  'otherPersonId',
  'mergeId',
  'runId',
  'candidates',
  'matches',
  'cases',
  'k',
  'suppressed',
  'persons',
  'classes',
  'levels',
  'maxSuppressedShare',
  'bytes',
  'releaseId',
  'indicator',
  'rows',
  'columns',
  'windowFrom',
  'windowTo',
  'mode',
  'epsilon',
  'suppressedCells',
  'format',
  'list',
  'attachmentId',
  'stepId',
  'chargeId',
  'verdictId',
  'courtDateId',
  'steps',
  'charges',
  'accused',
  'caseId',
  'assigneeId',
  'reportId',
  'suspectId',
  'organisationId',
  'linkId',
  'nodes',
  'edges',
  'hops',
]);

/** Refuses details outside the whitelist: a fact about a person must never reach the audit trail by accident. */
function checkDetails(details: AuditDetails | null | undefined): void {
  for (const key of Object.keys(details ?? {})) {
    if (!DETAIL_KEYS.has(key)) throw new Error(`audit details may not carry "${key}" (see AuditDetails)`);
  }
}

export interface AuditContext {
  actor: Actor | null;
  /** For events before a caller is known (failed login): the user id if one matched. */
  actorIdOverride?: string | null;
  clientIp: string | null;
}

// The writer key of each opened database, found from any handle on it (the database
// itself or one of its transactions: they share the dialect adapter).
const writerKeys = new WeakMap<object, Buffer>();

/** Lets recordAudit sign the events written through `db` and its transactions; openContext calls it. */
export function bindAuditWriter(db: Kysely<DB>, auditKey: Buffer): void {
  writerKeys.set(db.getExecutor().adapter, auditKeys(auditKey).writer);
}

function writerKeyOf(db: Kysely<DB>): Buffer {
  const key = writerKeys.get(db.getExecutor().adapter);
  if (!key) throw new Error('recordAudit: this database was not opened with its audit key (see bindAuditWriter)');
  return key;
}

/** A uuid as PostgreSQL gives it back (lower case, hyphenated), so that the MAC matches what is read. */
function uuidText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const hex = value.replace(/[{}-]/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return value; // the insert refuses it
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function row(key: Buffer, at: Date, ctx: AuditContext, event: AuditEventInput) {
  const written: WrittenEvent = {
    nonce: crypto.randomUUID(),
    at,
    actor_id: uuidText(ctx.actor?.userId ?? ctx.actorIdOverride),
    actor_agency_id: uuidText(ctx.actor?.agencyId),
    action: event.action,
    record_type: event.recordType ?? null,
    record_id: uuidText(event.recordId),
    record_ids: event.recordIds?.length ? event.recordIds.map((id) => uuidText(id)!) : null,
    outcome: event.outcome,
    client_ip: ctx.clientIp ?? ctx.actor?.clientIp ?? null,
    // As jsonb will give it back (undefined members dropped, dates as strings).
    details: event.details ? (JSON.parse(JSON.stringify(event.details)) as Record<string, unknown>) : null,
  };
  return {
    ...written,
    details: written.details ? jsonb(written.details) : null,
    // Cast: a driver infers an array of strings as text[].
    record_ids: written.record_ids ? sql<string[]>`${written.record_ids}::uuid[]` : null,
    mac: writerMac(key, written),
  };
}

type AuditRow = ReturnType<typeof row>;

/**
 * Group commit for the events written outside a transaction (reads, denials, exports): each caller still waits
 * until its events are committed — a read is answered only once its audit event is durable — but the events of
 * every request that arrives while one batch is being written go together in the next INSERT, one statement and
 * one commit for many requests. Hand-written: it is a queue and a loop, tied to the audit table's MACs.
 */
type Waiting = { rows: AuditRow[]; done: (error?: unknown) => void };

class AuditGroupCommit {
  #queue: Waiting[] = [];
  #draining = false;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly maxRows = 1000,
  ) {}

  write(rows: AuditRow[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ rows, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.#draining) {
        this.#draining = true;
        // The requests finishing in this turn of the event loop join the first batch.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch: Waiting[] = [];
      let rows = 0;
      while (this.#queue.length > 0 && (batch.length === 0 || rows + this.#queue[0]!.rows.length <= this.maxRows)) {
        const next = this.#queue.shift()!;
        batch.push(next);
        rows += next.rows.length;
      }
      try {
        await this.#insert(batch.flatMap((b) => b.rows));
        for (const b of batch) b.done();
      } catch (error) {
        if (batch.length === 1) batch[0]!.done(error);
        // One refused event must not fail the requests it shared a batch with: each on its own.
        else
          for (const b of batch)
            await this.#insert(b.rows).then(
              () => b.done(),
              (e: unknown) => b.done(e ?? error),
            );
      }
    }
    this.#draining = false;
  }

  #insert(rows: AuditRow[]) {
    return this.db.insertInto('audit_event').values(rows).execute();
  }
}

function signedRows(db: Kysely<DB>, ctx: AuditContext, events: AuditEventInput[]): AuditRow[] {
  for (const event of events) checkDetails(event.details);
  const key = writerKeyOf(db);
  const at = new Date();
  return events.map((e) => row(key, at, ctx, e));
}

/**
 * A change and its audit events in one statement: `withAuditEvents(trx, ctx, event).insertInto(…)…` writes the
 * events as a data-modifying CTE of the change, so both commit or neither does, for one round trip instead of
 * two (issue 15: on a shared 2-core machine each round trip to PostgreSQL costs more than the statement itself).
 */
export function withAuditEvents(db: Kysely<DB>, ctx: AuditContext, ...events: AuditEventInput[]) {
  const rows = signedRows(db, ctx, events);
  return db.with('audit_written', (q) => q.insertInto('audit_event').values(rows));
}

// One group commit per opened database (found, like the writer key, from its adapter).
const groupCommits = new WeakMap<object, AuditGroupCommit>();

/**
 * Appends events. Pass the transaction of the change they record: they commit with it, in one statement. Outside
 * a transaction they go through the database's group commit, and the promise resolves once they are committed.
 */
export async function recordAudit(db: Kysely<DB>, ctx: AuditContext, ...events: AuditEventInput[]): Promise<void> {
  if (events.length === 0) return;
  const rows = signedRows(db, ctx, events);
  if (db.isTransaction) {
    await db.insertInto('audit_event').values(rows).execute();
    return;
  }
  const adapter = db.getExecutor().adapter;
  let group = groupCommits.get(adapter);
  if (!group) groupCommits.set(adapter, (group = new AuditGroupCommit(db)));
  await group.write(rows);
}
