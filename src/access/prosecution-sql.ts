// The prosecution policy's filters in SQL (see prosecution-policy.ts), so that lists, hits and the network
// are filtered in the database by exactly the rules of the single-record checks.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Actor } from '../platform/actor.js';
import { visibleCaseCondition } from './policy-sql.js';
import { caseReach } from './policy.js';
import { worksOnProsecution } from './prosecution-policy.js';

/**
 * A WHERE condition on a case_file row aliased `alias` keeping cases whose prosecution side the actor may
 * read: visible to them with the `prosecution` part (all parts for their own agency's cases, else granted).
 */
export function prosecutionCaseCondition(actor: Actor, alias = 'c'): Expression<SqlBool> {
  if (!worksOnProsecution(actor)) return sql<SqlBool>`false`;
  const ref = sql.ref;
  const clauses: Expression<SqlBool>[] = [];
  const reach = caseReach(actor);
  if (reach.ownAgency) clauses.push(sql<SqlBool>`${ref(`${alias}.owner_agency_id`)} = ${actor.agencyId}`);
  if (reach.assignment) clauses.push(sql<SqlBool>`${ref(`${alias}.assigned_user_id`)} = ${actor.userId}`);
  if (reach.grants) {
    clauses.push(sql<SqlBool>`(${visibleCaseCondition(actor, alias)} AND EXISTS (SELECT 1 FROM case_access_grant g
      WHERE g.case_id = ${ref(`${alias}.id`)} AND g.agency_id = ${actor.agencyId} AND g.active
      AND 'prosecution' = ANY (g.parts)))`);
  }
  if (clauses.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(clauses, sql` OR `)})`;
}

/**
 * A WHERE condition on a suspect row aliased `alias`: the actor's agency owns it, or it is linked to a case
 * whose prosecution side the actor may read (as canReadIntelligence decides for one suspect).
 */
export function visibleSuspectCondition(actor: Actor, alias = 's'): Expression<SqlBool> {
  if (!worksOnProsecution(actor)) return sql<SqlBool>`false`;
  const ref = sql.ref;
  return sql<SqlBool>`(${ref(`${alias}.owner_agency_id`)} = ${actor.agencyId} OR EXISTS (
    SELECT 1 FROM case_suspect vcs JOIN case_file vc ON vc.id = vcs.case_id
    WHERE vcs.suspect_id = ${ref(`${alias}.id`)} AND ${prosecutionCaseCondition(actor, 'vc')}))`;
}

/** The same for an organisation row aliased `alias` (linked to cases through case_organisation). */
export function visibleOrganisationCondition(actor: Actor, alias = 'o'): Expression<SqlBool> {
  if (!worksOnProsecution(actor)) return sql<SqlBool>`false`;
  const ref = sql.ref;
  return sql<SqlBool>`(${ref(`${alias}.owner_agency_id`)} = ${actor.agencyId} OR EXISTS (
    SELECT 1 FROM case_organisation vco JOIN case_file vc ON vc.id = vco.case_id
    WHERE vco.organisation_id = ${ref(`${alias}.id`)} AND ${prosecutionCaseCondition(actor, 'vc')}))`;
}

/** Information requests on the caller's agency's side: `incoming` (to answer) or `outgoing` (sent). */
export function informationRequestBoxCondition(
  actor: Actor,
  box: 'incoming' | 'outgoing',
  alias = 'r',
): Expression<SqlBool> {
  if (!worksOnProsecution(actor)) return sql<SqlBool>`false`;
  const column = box === 'incoming' ? 'holding_agency_id' : 'requesting_agency_id';
  return sql<SqlBool>`${sql.ref(`${alias}.${column}`)} = ${actor.agencyId}`;
}

/** Requests the caller's agency sent (to show, beside a hit, the request already sent about it). */
export function sentInformationRequestCondition(actor: Actor, alias = 'r'): Expression<SqlBool> {
  return informationRequestBoxCondition(actor, 'outgoing', alias);
}

/** A condition on a suspect or organisation row aliased `alias`: recorded by the caller's agency (shown as "ours"). */
export function ownIntelligenceCondition(actor: Actor, alias: string): Expression<SqlBool> {
  if (!worksOnProsecution(actor)) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.ref(`${alias}.owner_agency_id`)} = ${actor.agencyId})`;
}

/**
 * A WHERE condition on an identifier row aliased `alias`: its holder (a case, a suspect or an organisation) is
 * visible to the actor. The network shows an identifier only through such rows, so an identifier shared with
 * another agency's case the actor may not read never leads to that case (hits and information requests do).
 */
export function visibleIdentifierHolderCondition(actor: Actor, alias = 'i'): Expression<SqlBool> {
  if (!worksOnProsecution(actor)) return sql<SqlBool>`false`;
  const ref = sql.ref;
  return sql<SqlBool>`(
    (${ref(`${alias}.case_id`)} IS NOT NULL AND EXISTS (SELECT 1 FROM case_file ic
      WHERE ic.id = ${ref(`${alias}.case_id`)} AND ${prosecutionCaseCondition(actor, 'ic')}))
    OR (${ref(`${alias}.suspect_id`)} IS NOT NULL AND EXISTS (SELECT 1 FROM suspect isx
      WHERE isx.id = ${ref(`${alias}.suspect_id`)} AND ${visibleSuspectCondition(actor, 'isx')}))
    OR (${ref(`${alias}.organisation_id`)} IS NOT NULL AND EXISTS (SELECT 1 FROM organisation io
      WHERE io.id = ${ref(`${alias}.organisation_id`)} AND ${visibleOrganisationCondition(actor, 'io')})))`;
}
