// Writing audit events. Each event is inserted by the request that caused it, in
// the same transaction as the change it records; the chain is built later by
// audit-chain.ts, so writers never wait for each other.
import type { Kysely } from 'kysely';
import { jsonb } from '../platform/database.js';
import type { DB } from '../platform/db-schema.js';
import type { Actor } from './actor.js';

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

const row = (ctx: AuditContext, event: AuditEventInput) => ({
  actor_id: ctx.actor?.userId ?? ctx.actorIdOverride ?? null,
  actor_agency_id: ctx.actor?.agencyId ?? null,
  action: event.action,
  record_type: event.recordType ?? null,
  record_id: event.recordId ?? null,
  outcome: event.outcome,
  client_ip: ctx.clientIp ?? ctx.actor?.clientIp ?? null,
  details: event.details ? jsonb(event.details) : null,
});

/** Appends events (one statement, however many). Pass the transaction of the change they record. */
export async function recordAudit(db: Kysely<DB>, ctx: AuditContext, ...events: AuditEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('audit_event')
    .values(events.map((e) => row(ctx, e)))
    .execute();
}
