// The supervisor's view of the team (issue 12 §1): each colleague's workload (open
// cases, overdue verifications, referrals waiting for an answer), the cases nobody
// holds, and the team's overdue verifications and referrals waiting.
import { sql } from 'kysely';
import type { Actor } from '../platform/actor.js';
import { recordAudit } from '../access/audit.js';
import { canBeAssignedCase } from '../access/policy.js';
import { ownAgencyCaseCondition, referralBoxCondition, teamMemberCondition } from '../access/policy-sql.js';
import { isReferralOverdue, type ReferralStatus } from '../contract/referral-rules.js';
import type { AppContext } from '../platform/context.js';

const LIST_LIMIT = 100;
const OPEN = ['received', 'under_verification', 'identified_victim', 'not_victim', 'in_support'];

/** The team's workload, for the agency's supervisors (the route's rule); colleagues by name, never victims. */
export async function teamWorkload(ctx: AppContext, actor: Actor) {
  const db = ctx.db;
  const users = await db
    .selectFrom('app_user as u')
    .select(['u.id', 'u.display_name', 'u.roles', 'u.agency_id', 'u.disabled'])
    .where(teamMemberCondition(actor))
    .orderBy('u.display_name')
    .execute();
  const members = users.filter((u) =>
    canBeAssignedCase({ agencyId: u.agency_id, roles: u.roles, disabled: u.disabled }, actor.agencyId),
  );
  const ids = members.map((m) => m.id);
  const [load, referralLoad, unassigned, overdue, waiting] = await Promise.all([
    ids.length
      ? db
          .selectFrom('case_file as c')
          .select(['c.assigned_user_id'])
          .select((eb) => eb.fn.countAll<number>().as('open'))
          .select(
            sql<number>`count(*) FILTER (WHERE c.status IN ('received', 'under_verification') AND c.verification_due_at < now())`.as(
              'overdue',
            ),
          )
          .where(ownAgencyCaseCondition(actor))
          .where('c.status', 'in', OPEN)
          .where('c.assigned_user_id', 'in', ids)
          .groupBy('c.assigned_user_id')
          .execute()
      : [],
    ids.length
      ? db
          .selectFrom('referral as r')
          .innerJoin('case_file as c', 'c.id', 'r.case_id')
          .select(['c.assigned_user_id'])
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(referralBoxCondition(actor, 'outbox'))
          .where('r.status', '=', 'pending')
          .where('c.assigned_user_id', 'in', ids)
          .groupBy('c.assigned_user_id')
          .execute()
      : [],
    db
      .selectFrom('case_file as c')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(ownAgencyCaseCondition(actor))
      .where('c.status', 'in', OPEN)
      .where('c.assigned_user_id', 'is', null)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('case_file as c')
      .leftJoin('app_user as u', 'u.id', 'c.assigned_user_id')
      .select(['c.id', 'c.reference', 'c.status', 'c.verification_due_at', 'c.assigned_user_id', 'u.display_name'])
      .where(ownAgencyCaseCondition(actor))
      .where('c.status', 'in', ['received', 'under_verification'])
      .where('c.verification_due_at', '<', sql<Date>`now()`)
      .orderBy('c.verification_due_at')
      .limit(LIST_LIMIT)
      .execute(),
    db
      .selectFrom('referral as r')
      .innerJoin('case_file as c', 'c.id', 'r.case_id')
      .innerJoin('agency as a', 'a.id', 'r.from_agency_id')
      .select(['r.id', 'r.kind', 'r.status', 'c.reference', 'a.code', 'r.due_date'])
      .where(referralBoxCondition(actor, 'inbox'))
      .where('r.status', '=', 'pending')
      .orderBy('r.due_date')
      .limit(LIST_LIMIT)
      .execute(),
  ]);
  await recordAudit(
    db,
    { actor, clientIp: actor.clientIp },
    {
      action: 'team.workload_read',
      outcome: 'success',
      details: { count: members.length, overdue: overdue.length, referrals: waiting.length },
    },
  );
  const byUser = new Map(load.map((r) => [r.assigned_user_id, r]));
  const referralsByUser = new Map(referralLoad.map((r) => [r.assigned_user_id, Number(r.n)]));
  return {
    members: members.map((m) => ({
      userId: m.id,
      displayName: m.display_name,
      roles: m.roles,
      openCases: Number(byUser.get(m.id)?.open ?? 0),
      overdueVerifications: Number(byUser.get(m.id)?.overdue ?? 0),
      referralsWaiting: referralsByUser.get(m.id) ?? 0,
    })),
    unassignedOpenCases: Number(unassigned.n),
    overdueVerifications: overdue.map((c) => ({
      caseId: c.id,
      reference: c.reference,
      status: c.status,
      dueAt: c.verification_due_at!.toISOString(),
      assignee: c.assigned_user_id && c.display_name ? { id: c.assigned_user_id, displayName: c.display_name } : null,
    })),
    referralsWaiting: waiting.map((r) => ({
      referralId: r.id,
      kind: r.kind,
      caseReference: r.reference,
      fromAgency: r.code,
      dueDate: r.due_date,
      overdue: isReferralOverdue(r.status as ReferralStatus, r.due_date),
    })),
  };
}
