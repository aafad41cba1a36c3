// The policy's filters expressed in SQL, so that lists are filtered in the
// database by exactly the rules of policy.ts and never leak a row.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Actor } from '../platform/actor.js';
import { canReadAgencyKpis, canSeeAgencyReferrals, canSuperviseTeam, caseReach, type PersonPart } from './policy.js';

/** A WHERE condition on a case_file row aliased `alias` that keeps only cases the actor may see. */
export function visibleCaseCondition(actor: Actor, alias = 'c'): Expression<SqlBool> {
  const reach = caseReach(actor);
  const ref = sql.ref;
  const clauses: Expression<SqlBool>[] = [];
  if (reach.ownAgency) clauses.push(sql<SqlBool>`${ref(`${alias}.owner_agency_id`)} = ${actor.agencyId}`);
  if (reach.assignment) clauses.push(sql<SqlBool>`${ref(`${alias}.assigned_user_id`)} = ${actor.userId}`);
  if (reach.grants) {
    clauses.push(sql<SqlBool>`EXISTS (SELECT 1 FROM case_access_grant g WHERE g.case_id = ${ref(`${alias}.id`)}
      AND g.agency_id = ${actor.agencyId} AND g.active AND 'identity' = ANY (g.parts))`);
  }
  if (clauses.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(clauses, sql` OR `)})`;
}

/** The parts of case `alias` granted to the actor's agency by active grants, as a text[] column. */
export function grantedPartsColumn(actor: Actor, alias = 'c') {
  return sql<string[] | null>`(SELECT array_agg(DISTINCT p) FROM case_access_grant g, unnest(g.parts) AS p
    WHERE g.case_id = ${sql.ref(`${alias}.id`)} AND g.agency_id = ${actor.agencyId} AND g.active)`;
}

/** The parts granted to the actor's agency by active grants on any case of person `alias`, as a text[] column. */
export function grantedPersonPartsColumn(actor: Actor, alias = 'p') {
  return sql<string[] | null>`(SELECT array_agg(DISTINCT gp) FROM case_file gc
    JOIN case_access_grant g ON g.case_id = gc.id AND g.agency_id = ${actor.agencyId} AND g.active, unnest(g.parts) AS gp
    WHERE gc.person_id = ${sql.ref(`${alias}.id`)})`;
}

/**
 * A WHERE condition on a person row aliased `alias` that keeps only persons whose `part` the actor may read:
 * the owner agency's casework roles, or an agency granted that part (with identity) on one of the person's cases.
 */
export function visiblePersonCondition(actor: Actor, alias = 'p', part: PersonPart = 'identity'): Expression<SqlBool> {
  const reach = caseReach(actor);
  const ref = sql.ref;
  const clauses: Expression<SqlBool>[] = [];
  if (reach.ownAgency) clauses.push(sql<SqlBool>`${ref(`${alias}.owner_agency_id`)} = ${actor.agencyId}`);
  if (reach.grants) {
    const granted = (p: PersonPart) => sql<SqlBool>`EXISTS (SELECT 1 FROM case_file gc
      JOIN case_access_grant g ON g.case_id = gc.id AND g.agency_id = ${actor.agencyId} AND g.active
      WHERE gc.person_id = ${ref(`${alias}.id`)} AND ${p} = ANY (g.parts))`;
    clauses.push(
      part === 'identity' ? granted('identity') : sql<SqlBool>`(${granted('identity')} AND ${granted(part)})`,
    );
  }
  if (clauses.length === 0) return sql<SqlBool>`false`;
  // a person merged into another is found through the one kept
  return sql<SqlBool>`(${ref(`${alias}.merged_into`)} IS NULL AND (${sql.join(clauses, sql` OR `)}))`;
}

/** A WHERE condition on the referral table keeping an agency's inbox or outbox, for the roles that see referral boxes. */
export function referralBoxCondition(actor: Actor, box: 'inbox' | 'outbox'): Expression<SqlBool> {
  if (!canSeeAgencyReferrals(actor)) return sql<SqlBool>`false`;
  return sql<SqlBool>`${sql.ref(box === 'inbox' ? 'to_agency_id' : 'from_agency_id')} = ${actor.agencyId}`;
}

/** Records of the caller's own agency (its column `column`), for the roles that do its casework. */
export function ownAgencyCondition(actor: Actor, column: string): Expression<SqlBool> {
  if (!caseReach(actor).ownAgency) return sql<SqlBool>`false`;
  return sql<SqlBool>`${sql.ref(column)} = ${actor.agencyId}`;
}

/** Cases the caller's agency owns and the caller may see (the agency's own work queues). */
export function ownAgencyCaseCondition(actor: Actor, alias = 'c'): Expression<SqlBool> {
  return ownAgencyCondition(actor, `${alias}.owner_agency_id`);
}

/** Services the caller's agency plans (as owner of the case) or provides, on cases the caller may see. */
export function agencyServiceCondition(actor: Actor, caseAlias = 'c', serviceAlias = 's'): Expression<SqlBool> {
  if (!caseReach(actor).ownAgency && !caseReach(actor).grants) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.ref(`${caseAlias}.owner_agency_id`)} = ${actor.agencyId}
    OR ${sql.ref(`${serviceAlias}.provider_agency_id`)} = ${actor.agencyId}) AND ${visibleCaseCondition(actor, caseAlias)}`;
}

/** A condition that the agency column `column` is the caller's own agency, for figures about one's own agency. */
export function callerAgencyCondition(actor: Actor, column: string): Expression<SqlBool> {
  if (!canReadAgencyKpis(actor)) return sql<SqlBool>`false`;
  return sql<SqlBool>`${sql.ref(column)} = ${actor.agencyId}`;
}

/** Users of the caller's agency (an app_user row aliased `alias`), for the supervisor's view of the team. */
export function teamMemberCondition(actor: Actor, alias = 'u'): Expression<SqlBool> {
  if (!canSuperviseTeam(actor)) return sql<SqlBool>`false`;
  return sql<SqlBool>`${sql.ref(`${alias}.agency_id`)} = ${actor.agencyId} AND NOT ${sql.ref(`${alias}.disabled`)}`;
}

/** Notifications addressed to the caller (a notification row aliased `alias`): each is one user's own. */
export function notificationRecipientCondition(actor: Actor, alias = 'n'): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${alias}.user_id`)} = ${actor.userId}`;
}
