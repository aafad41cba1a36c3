// A report's triage history (issue 14 §2): one row per step, with who took it and the ids it concerned (the
// operator assigned, the case, the agency, the report repeated). Nothing personal: reasons are on the report.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { TriageEvent } from '../contract/triage.js';
import type { Actor } from '../platform/actor.js';
import type { DB } from '../platform/db-schema.js';

/** Adds a step to a report's triage history, in the caller's transaction. */
export async function addTriageEvent(
  db: Kysely<DB>,
  reportId: string,
  actor: Actor,
  action: TriageEvent,
  ids: { assigneeId?: string | null; caseId?: string; agencyId?: string; duplicateOf?: string } = {},
): Promise<void> {
  await db
    .insertInto('public_report_event')
    .values({
      id: crypto.randomUUID(),
      report_id: reportId,
      action,
      actor_id: actor.userId,
      assignee_id: ids.assigneeId ?? null,
      case_id: ids.caseId ?? null,
      agency_id: ids.agencyId ?? null,
      duplicate_of: ids.duplicateOf ?? null,
    })
    .execute();
}
