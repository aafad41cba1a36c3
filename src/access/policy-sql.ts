// The policy's filters expressed in SQL, so that lists are filtered in the
// database by exactly the rules of policy.ts and never leak a row.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Actor } from './actor.js';
import { caseReach } from './policy.js';

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
