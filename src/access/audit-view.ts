// One page of the audit trail for an auditor's search (GET /audit and its export): newest first,
// filtered by record, actor, action and time. The caller has been checked (canReadAuditTrail) and
// records the read itself.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../platform/db-schema.js';
import { decodeCursor, encodeCursor } from '../platform/cursor.js';

export interface AuditSearch {
  recordId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * Events about any of `recordIds`: as the event's own record, or among the records a page of a list showed
 * (record_ids, migration 0031). Each side has its index; PostgreSQL combines them.
 */
export function aboutRecords(recordIds: string[], table = 'audit_event'): Expression<SqlBool> {
  const t = sql.ref(table);
  return sql<SqlBool>`(${t}.record_id = ANY(${recordIds}::uuid[]) OR ${t}.record_ids && ${recordIds}::uuid[])`;
}

/** The events matching `search`, newest first, with the cursor of the next page. */
export async function auditEventsPage(db: Kysely<DB>, search: AuditSearch) {
  const before = decodeCursor(search.cursor, (v): v is { id: number } => Number.isInteger(v.id))?.id;
  let q = db.selectFrom('audit_event').selectAll();
  if (search.recordId) q = q.where(aboutRecords([search.recordId]));
  if (search.actorId) q = q.where('actor_id', '=', search.actorId);
  if (search.action) q = q.where('action', '=', search.action);
  if (search.from) q = q.where('at', '>=', new Date(search.from));
  if (search.to) q = q.where('at', '<', new Date(search.to));
  if (before !== undefined) q = q.where('id', '<', before);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(search.limit + 1)
    .execute();
  const page = rows.slice(0, search.limit);
  // People by name: the auditor reads "who", not an id.
  const actorIds = [...new Set(page.map((e) => e.actor_id).filter((v): v is string => v !== null))];
  const names = new Map(
    actorIds.length
      ? (await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', actorIds).execute()).map(
          (u) => [u.id, u.display_name],
        )
      : [],
  );
  const items = page.map((e) => ({
    id: e.id,
    seq: e.seq,
    at: e.at.toISOString(),
    actorId: e.actor_id,
    actorName: (e.actor_id && names.get(e.actor_id)) ?? null,
    actorAgencyId: e.actor_agency_id,
    action: e.action,
    recordType: e.record_type,
    recordId: e.record_id,
    recordIds: e.record_ids,
    outcome: e.outcome,
    clientIp: e.client_ip,
    details: e.details,
    origin: e.origin,
  }));
  return {
    items,
    nextCursor: rows.length > search.limit && items.length ? encodeCursor({ id: items[items.length - 1]!.id }) : null,
  };
}
