// My agency's work across capabilities: what is overdue or waiting (cases, referrals,
// services, screenings), and how fast the agency responds. Its own folder because it
// reads from several capabilities, which must not depend on each other for it.
import { sql } from 'kysely';
import type { Actor } from '../platform/actor.js';
import { listReadEvent, recordAudit } from '../access/audit.js';
import {
  agencyServiceCondition,
  callerAgencyCondition,
  ownAgencyCaseCondition,
  referralBoxCondition,
  visibleCaseCondition,
} from '../access/policy-sql.js';
import { displayName } from '../contract/names.js';
import { VERIFICATION_DUE_SOON_DAYS } from '../contract/teams.js';
import { addDays, today, zonedDayStart } from '../contract/calendar.js';
import type { AppContext } from '../platform/context.js';
import { screeningsToFinish } from '../screening/to-finish.js';

const QUEUE_LIMIT = 50;

/**
 * Overdue verifications, referrals to us past due, services planned but not started,
 * screenings to finish — oldest first, and only cases the policy lets the caller see.
 */
export async function workQueues(ctx: AppContext, actor: Actor) {
  const db = ctx.db;
  const soon = sql<Date>`now() + make_interval(days => ${VERIFICATION_DUE_SOON_DAYS})`;
  const [overdue, referrals, services, screenings, dueSoon, mine] = await Promise.all([
    db
      .selectFrom('case_file as c')
      .select(['c.id', 'c.reference', 'c.status', 'c.verification_due_at'])
      .where(ownAgencyCaseCondition(actor))
      .where('c.status', 'in', ['received', 'under_verification'])
      .where('c.verification_due_at', '<', sql<Date>`now()`)
      .orderBy('c.verification_due_at')
      .limit(QUEUE_LIMIT)
      .execute(),
    db
      .selectFrom('referral as r')
      .innerJoin('case_file as c', 'c.id', 'r.case_id')
      .innerJoin('agency as a', 'a.id', 'r.from_agency_id')
      .select(['r.id', 'r.kind', 'c.reference', 'a.code', 'r.due_date', 'r.status'])
      .where(referralBoxCondition(actor, 'inbox'))
      .where('r.status', '=', 'pending')
      .where('r.due_date', '<', today())
      .orderBy('r.due_date')
      .limit(QUEUE_LIMIT)
      .execute(),
    db
      .selectFrom('support_service as s')
      .innerJoin('case_file as c', 'c.id', 's.case_id')
      .select(['s.id', 's.case_id', 'c.reference', 's.type', 's.planned_date'])
      .where(agencyServiceCondition(actor))
      .where('s.status', '=', 'planned')
      .where('s.planned_date', '<', today())
      .orderBy('s.planned_date')
      .limit(QUEUE_LIMIT)
      .execute(),
    screeningsToFinish(db, actor, QUEUE_LIMIT),
    db
      .selectFrom('case_file as c')
      .select(['c.id', 'c.reference', 'c.status', 'c.verification_due_at'])
      .where(ownAgencyCaseCondition(actor))
      .where('c.status', 'in', ['received', 'under_verification'])
      .where('c.verification_due_at', '>=', sql<Date>`now()`)
      .where('c.verification_due_at', '<', soon)
      .orderBy('c.verification_due_at')
      .limit(QUEUE_LIMIT)
      .execute(),
    // My open cases, what needs action first: overdue, due soon, then the most recently changed.
    db
      .selectFrom('case_file as c')
      .innerJoin('person as p', 'p.id', 'c.person_id')
      .select(['c.id', 'c.reference', 'c.status', 'c.verification_due_at', 'c.updated_at'])
      .select(['p.family_name', 'p.middle_name', 'p.given_name', 'p.aliases'])
      .select(
        sql<string>`CASE WHEN c.status IN ('received', 'under_verification') AND c.verification_due_at < now() THEN 'overdue'
          WHEN c.status IN ('received', 'under_verification') AND c.verification_due_at < ${soon} THEN 'due_soon'
          ELSE 'open' END`.as('urgency'),
      )
      .where(visibleCaseCondition(actor))
      .where('c.assigned_user_id', '=', actor.userId)
      .where('c.status', '<>', 'closed')
      .orderBy(
        sql`CASE WHEN c.status IN ('received', 'under_verification') AND c.verification_due_at < now() THEN 0
          WHEN c.status IN ('received', 'under_verification') AND c.verification_due_at < ${soon} THEN 1 ELSE 2 END`,
      )
      .orderBy(sql`CASE WHEN c.status IN ('received', 'under_verification') THEN c.verification_due_at END NULLS LAST`)
      .orderBy('c.updated_at', 'desc')
      .limit(QUEUE_LIMIT)
      .execute(),
  ]);
  await recordAudit(
    db,
    { actor, clientIp: actor.clientIp },
    {
      action: 'work.queues_read',
      outcome: 'success',
      details: {
        overdue: overdue.length,
        referrals: referrals.length,
        services: services.length,
        screenings: screenings.length,
        cases: mine.length,
      },
    },
    // My cases show the person's name: a read of each case, as a page of the case list is.
    ...listReadEvent(
      { action: 'case.list_read', recordType: 'case' },
      mine.map((c) => c.id),
      null,
    ),
  );
  return {
    overdueVerifications: overdue.map((c) => ({
      caseId: c.id,
      reference: c.reference,
      status: c.status,
      dueAt: c.verification_due_at!.toISOString(),
    })),
    referralsPastDue: referrals.map((r) => ({
      referralId: r.id,
      kind: r.kind,
      caseReference: r.reference,
      fromAgency: r.code,
      dueDate: r.due_date,
    })),
    servicesNotStarted: services.map((s) => ({
      serviceId: s.id,
      caseId: s.case_id,
      caseReference: s.reference,
      type: s.type,
      plannedDate: s.planned_date,
    })),
    screeningsToFinish: screenings,
    dueSoon: dueSoon.map((c) => ({
      caseId: c.id,
      reference: c.reference,
      status: c.status,
      dueAt: c.verification_due_at!.toISOString(),
    })),
    myCases: mine.map((c) => ({
      caseId: c.id,
      reference: c.reference,
      personName: displayName({
        familyName: c.family_name,
        middleName: c.middle_name,
        givenName: c.given_name,
        aliases: c.aliases,
      }),
      status: c.status,
      verificationDueAt: c.verification_due_at?.toISOString() ?? null,
      urgency: c.urgency as 'overdue' | 'due_soon' | 'open',
      updatedAt: new Date(c.updated_at).toISOString(),
    })),
  };
}

const summary = (column: string) => sql<{ n: number; median: number | null; p90: number | null }>`json_build_object(
  'n', count(${sql.raw(column)}),
  'median', percentile_cont(0.5) WITHIN GROUP (ORDER BY ${sql.raw(column)}),
  'p90', percentile_cont(0.9) WITHIN GROUP (ORDER BY ${sql.raw(column)}))`;

/** Time from identification to first service (days) and referral acceptance time (hours) for my agency's cases. */
export async function workKpis(ctx: AppContext, actor: Actor, from: string, to: string) {
  const toFirstService = await sql<{ s: { n: number; median: number | null; p90: number | null } }>`
    SELECT ${summary('days')} AS s FROM (
      SELECT extract(epoch FROM (min(coalesce(sv.start_date, sv.created_at::date))::timestamptz - t.at)) / 86400.0 AS days
      FROM case_transition t
      JOIN case_file c ON c.id = t.case_id
      JOIN support_service sv ON sv.case_id = t.case_id AND sv.status IN ('in_progress', 'provided')
      WHERE t.to_status = 'identified_victim' AND ${callerAgencyCondition(actor, 'c.owner_agency_id')}
        AND t.at >= ${zonedDayStart(from)} AND t.at < ${zonedDayStart(addDays(to, 1))}
      GROUP BY t.case_id, t.at) d`.execute(ctx.db);
  const acceptance = await sql<{ s: { n: number; median: number | null; p90: number | null } }>`
    SELECT ${summary('hours')} AS s FROM (
      SELECT extract(epoch FROM (r.responded_at - r.created_at)) / 3600.0 AS hours FROM referral r
      WHERE ${callerAgencyCondition(actor, 'r.from_agency_id')} AND r.responded_at IS NOT NULL
        AND r.status IN ('accepted', 'completed')
        AND r.created_at >= ${zonedDayStart(from)} AND r.created_at < ${zonedDayStart(addDays(to, 1))}) d`.execute(
    ctx.db,
  );
  const round = (s: { n: number; median: number | null; p90: number | null } | undefined) => ({
    n: Number(s?.n ?? 0),
    median: s?.median == null ? null : Math.round(s.median * 10) / 10,
    p90: s?.p90 == null ? null : Math.round(s.p90 * 10) / 10,
  });
  return {
    from,
    to,
    identificationToFirstServiceDays: round(toFirstService.rows[0]?.s),
    referralAcceptanceHours: round(acceptance.rows[0]?.s),
  };
}
