// Screenings my agency still has to finish: drafts it saved and never finalised
// (unless a final screening has since been recorded for the case), and returnees
// registered at its border events who have no final screening yet. Closed cases
// are left out. Oldest first, so nobody waits longest.
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../platform/actor.js';
import { ownAgencyCondition, visibleCaseCondition } from '../access/policy-sql.js';
import type { DB } from '../platform/db-schema.js';

export interface ScreeningToFinish {
  kind: 'draft' | 'unscreened';
  caseId: string;
  caseReference: string;
  /** The draft, for kind 'draft'. */
  screeningId: string | null;
  /** The border event the returnee was registered at, for kind 'unscreened'. */
  eventId: string | null;
  /** When the draft was saved, or the event's date. */
  since: string;
}

export async function screeningsToFinish(db: Kysely<DB>, actor: Actor, limit: number): Promise<ScreeningToFinish[]> {
  const [drafts, unscreened] = await Promise.all([
    db
      .selectFrom('screening as s')
      .innerJoin('case_file as c', 'c.id', 's.case_id')
      .select(['s.id', 's.case_id', 'c.reference', 's.created_at'])
      .where(ownAgencyCondition(actor, 's.agency_id'))
      .where(visibleCaseCondition(actor))
      .where('s.status', '=', 'draft')
      .where('c.status', '<>', 'closed')
      .where(
        sql<boolean>`NOT EXISTS (SELECT 1 FROM screening f WHERE f.case_id = c.id AND f.status = 'final' AND f.created_at >= s.created_at)`,
      )
      .orderBy('s.created_at')
      .limit(limit)
      .execute(),
    db
      .selectFrom('screening_event_case as ec')
      .innerJoin('screening_event as e', 'e.id', 'ec.event_id')
      .innerJoin('case_file as c', 'c.id', 'ec.case_id')
      .select(['ec.event_id', 'ec.case_id', 'c.reference', 'e.event_date'])
      .where(ownAgencyCondition(actor, 'e.owner_agency_id'))
      .where(visibleCaseCondition(actor))
      .where('c.status', '<>', 'closed')
      .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM screening f WHERE f.case_id = c.id AND f.status = 'final')`)
      .where(
        sql<boolean>`NOT EXISTS (SELECT 1 FROM screening d WHERE d.case_id = c.id AND d.status = 'draft' AND ${ownAgencyCondition(actor, 'd.agency_id')})`,
      )
      .orderBy('e.event_date')
      .orderBy('ec.row_number')
      .limit(limit)
      .execute(),
  ]);
  const items: ScreeningToFinish[] = [
    ...drafts.map((d) => ({
      kind: 'draft' as const,
      caseId: d.case_id,
      caseReference: d.reference,
      screeningId: d.id,
      eventId: null,
      since: d.created_at.toISOString(),
    })),
    ...unscreened.map((u) => ({
      kind: 'unscreened' as const,
      caseId: u.case_id,
      caseReference: u.reference,
      screeningId: null,
      eventId: u.event_id,
      since: u.event_date,
    })),
  ];
  return items.sort((a, b) => a.since.localeCompare(b.since)).slice(0, limit);
}
