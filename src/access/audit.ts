// Writing audit events. Each event is inserted by the request that caused it, in
// the same transaction as the change it records; the chain is built later by
// audit-chain.ts, so writers never wait for each other. Lantern signs each event
// it writes (a random nonce and a keyed MAC over the content, with the time set
// here so that it is covered): the sealer marks any event without a valid MAC as
// forged, so rows written into the table by anything else are never taken as genuine.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { jsonb } from '../platform/database.js';
import type { DB } from '../platform/db-schema.js';
import type { Actor } from '../platform/actor.js';
import { auditKeys, writerMac, type WrittenEvent } from './audit-chain.js';

export type AuditOutcome = 'success' | 'denied' | 'not_found' | 'failure';

export interface AuditEventInput {
  action: string;
  outcome: AuditOutcome;
  recordType?: string | null;
  recordId?: string | null;
  /** Never personal data: ids, counts, field names, status codes. */
  details?: Record<string, unknown> | null;
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
    outcome: event.outcome,
    client_ip: ctx.clientIp ?? ctx.actor?.clientIp ?? null,
    // As jsonb will give it back (undefined members dropped, dates as strings).
    details: event.details ? (JSON.parse(JSON.stringify(event.details)) as Record<string, unknown>) : null,
  };
  return {
    ...written,
    details: written.details ? jsonb(written.details) : null,
    mac: writerMac(key, written),
  };
}

/** Appends events (one statement, however many). Pass the transaction of the change they record. */
export async function recordAudit(db: Kysely<DB>, ctx: AuditContext, ...events: AuditEventInput[]): Promise<void> {
  if (events.length === 0) return;
  const key = writerKeyOf(db);
  const at = new Date();
  await db
    .insertInto('audit_event')
    .values(events.map((e) => row(key, at, ctx, e)))
    .execute();
}
