// Merges within one agency, their undo, what a person's record says of linkage, and contact requests.
// A merge moves the other person's cases to the one kept and marks the other merged_into (hidden from
// reads, lists, search and linkage); identity documents are not copied. The cases moved are listed in
// the merge, so that an undo moves exactly them back and both records are as they were. Across
// agencies a steward's 'same' decision only links the records (a cluster for counting): each agency
// sees no more than that its person is known to another agency. Import provenance (source_record)
// moves with the records and back.
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { recordAudit } from '../access/audit.js';
import { personAccessFor } from '../access/case-gate.js';
import { ownAgencyCondition } from '../access/policy-sql.js';
import {
  canMergePersons,
  canOpenPerson,
  canReadPersonLinkage,
  canRequestContact,
  canReviewPairs,
} from '../access/policy.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/database.js';
import type { DB } from '../platform/db-schema.js';
import { forbidden, notFound, Problem } from '../platform/problems.js';
import { currentRun } from './store.js';

type MergeRow = {
  id: string;
  kept_person_id: string;
  merged_person_id: string;
  agency_id: string;
  moved_case_ids: string[];
  moved_source_ids: string[];
  merged_by: string;
  merged_at: Date;
  undone_by: string | null;
  undone_at: Date | null;
};

async function mergeView(db: Kysely<DB>, id: string) {
  const m = (await db
    .selectFrom('person_merge as m')
    .innerJoin('app_user as u', 'u.id', 'm.merged_by')
    .leftJoin('app_user as v', 'v.id', 'm.undone_by')
    .selectAll('m')
    .select(['u.display_name as merged_by_name', 'v.display_name as undone_by_name'])
    .where('m.id', '=', id)
    .executeTakeFirstOrThrow()) as MergeRow & { merged_by_name: string; undone_by_name: string | null };
  return {
    id: m.id,
    keptPersonId: m.kept_person_id,
    mergedPersonId: m.merged_person_id,
    movedCases: m.moved_case_ids.length,
    mergedAt: new Date(m.merged_at).toISOString(),
    mergedBy: m.merged_by_name,
    undoneAt: m.undone_at ? new Date(m.undone_at).toISOString() : null,
    undoneBy: m.undone_by_name,
  };
}

/** A person as a merge sees it: a steward reaches persons of any agency (only to merge them), others what they may open. */
async function personForMerge(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await db
    .selectFrom('person')
    .select(['id', 'owner_agency_id', 'merged_into'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row || row.merged_into !== null) return null;
  if (canReviewPairs(actor)) return { id: row.id, ownerAgencyId: row.owner_agency_id };
  const access = await personAccessFor(db, actor, id);
  return access ? { id: row.id, ownerAgencyId: access.relation.ownerAgencyId } : null;
}

async function changed(ctx: AppContext, db: Kysely<DB>, ids: string[]) {
  for (const hook of ctx.hooks.personsChanged) await hook(db, ids);
}

export async function mergePersons(ctx: AppContext, actor: Actor, keptId: string, otherId: string) {
  if (keptId === otherId)
    throw new Problem('validation', 'A person cannot be merged into itself.', {
      errors: [{ field: 'body.otherPersonId', message: 'the same person' }],
    });
  return inTransaction(ctx.db, async (trx) => {
    await currentRun(trx, true); // merges wait for a run's switch, and a run's switch for them
    const [first, second] = [keptId, otherId].sort();
    const found = new Map<string, Awaited<ReturnType<typeof personForMerge>>>();
    for (const id of [first!, second!]) found.set(id, await personForMerge(trx, actor, id));
    const kept = found.get(keptId);
    const other = found.get(otherId);
    if (!kept) throw notFound('person');
    if (!other) throw notFound('person');
    if (!canMergePersons(actor, kept, other))
      throw forbidden(
        'Only two records of one agency are merged, by that agency or a data steward; across agencies a confirmed pair is linked, not merged.',
      );
    const cases = await trx.selectFrom('case_file').select('id').where('person_id', '=', otherId).execute();
    const caseIds = cases.map((c) => c.id);
    if (caseIds.length)
      await trx.updateTable('case_file').set({ person_id: keptId }).where('id', 'in', caseIds).execute();
    // the import provenance of the other person's rows follows them: a re-import updates the person kept
    const sources = await trx
      .selectFrom('source_record')
      .select('source_id')
      .where('person_id', '=', otherId)
      .where('agency_id', '=', kept.ownerAgencyId)
      .execute();
    const sourceIds = sources.map((r) => r.source_id);
    if (sourceIds.length)
      await trx
        .updateTable('source_record')
        .set({ person_id: keptId })
        .where('agency_id', '=', kept.ownerAgencyId)
        .where('source_id', 'in', sourceIds)
        .execute();
    await trx.updateTable('person').set({ merged_into: keptId }).where('id', '=', otherId).execute();
    const id = crypto.randomUUID();
    await trx
      .insertInto('person_merge')
      .values({
        id,
        kept_person_id: keptId,
        merged_person_id: otherId,
        agency_id: kept.ownerAgencyId,
        moved_case_ids: caseIds,
        moved_source_ids: sourceIds,
        merged_by: actor.userId,
      })
      .execute();
    await changed(ctx, trx, [keptId, otherId]);
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'person.merge',
        outcome: 'success',
        recordType: 'person',
        recordId: keptId,
        details: { otherPersonId: otherId, mergeId: id, cases: caseIds.length },
      },
    );
    return mergeView(trx, id);
  });
}

export async function undoMerge(ctx: AppContext, actor: Actor, mergeId: string) {
  return inTransaction(ctx.db, async (trx) => {
    await currentRun(trx, true);
    const m = (await trx
      .selectFrom('person_merge')
      .selectAll()
      .where('id', '=', mergeId)
      .forUpdate()
      .executeTakeFirst()) as MergeRow | undefined;
    const agency = m ? { ownerAgencyId: m.agency_id } : null;
    if (!m || !agency || !canMergePersons(actor, agency, agency)) throw notFound('merge');
    if (m.undone_at)
      throw new Problem('conflict', 'This merge was already undone; nothing was changed.', {
        reason: 'merge-undone',
      });
    const kept = await trx
      .selectFrom('person')
      .select('merged_into')
      .where('id', '=', m.kept_person_id)
      .executeTakeFirstOrThrow();
    if (kept.merged_into)
      throw new Problem(
        'conflict',
        'The person kept by this merge was merged into another since: undo that later merge first.',
      );
    if (m.moved_case_ids.length)
      await trx
        .updateTable('case_file')
        .set({ person_id: m.merged_person_id })
        .where('id', 'in', m.moved_case_ids)
        .where('person_id', '=', m.kept_person_id)
        .execute();
    if (m.moved_source_ids.length)
      await trx
        .updateTable('source_record')
        .set({ person_id: m.merged_person_id })
        .where('agency_id', '=', m.agency_id)
        .where('source_id', 'in', m.moved_source_ids)
        .where('person_id', '=', m.kept_person_id)
        .execute();
    await trx.updateTable('person').set({ merged_into: null }).where('id', '=', m.merged_person_id).execute();
    await trx
      .updateTable('person_merge')
      .set({ undone_by: actor.userId, undone_at: sql<Date>`now()` as never })
      .where('id', '=', mergeId)
      .execute();
    await changed(ctx, trx, [m.kept_person_id, m.merged_person_id]);
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'person.merge_undo',
        outcome: 'success',
        recordType: 'person',
        recordId: m.kept_person_id,
        details: { otherPersonId: m.merged_person_id, mergeId, cases: m.moved_case_ids.length },
      },
    );
    return mergeView(trx, mergeId);
  });
}

/** Whether the person's cluster holds a record of another agency (a steward linked them, or the model did). */
async function knownToOtherAgencies(db: Kysely<DB>, personId: string): Promise<boolean> {
  const run = await currentRun(db);
  const row = await sql<{ n: string }>`SELECT count(*) AS n FROM person_cluster me
    JOIN person mine ON mine.id = me.person_id
    JOIN person_cluster c ON c.run_id = me.run_id AND c.cluster_id = me.cluster_id AND c.person_id <> me.person_id
    JOIN person other ON other.id = c.person_id AND other.owner_agency_id <> mine.owner_agency_id
    WHERE me.run_id = ${run} AND me.person_id = ${personId}`.execute(db);
  return Number(row.rows[0]?.n ?? 0) > 0;
}

/** What the caller may know of a person's linkage: linked elsewhere (yes/no), merges and links, with whom only if they may open them. */
export async function personLinkage(ctx: AppContext, actor: Actor, personId: string) {
  const access = await personAccessFor(ctx.db, actor, personId);
  if (!access || !canReadPersonLinkage(actor, access.relation)) throw notFound('person');
  const known = await knownToOtherAgencies(ctx.db, personId);
  const requested = await ctx.db
    .selectFrom('contact_request')
    .select('id')
    .where('person_id', '=', personId)
    .where(ownAgencyCondition(actor, 'agency_id'))
    .executeTakeFirst();
  const merges = (await ctx.db
    .selectFrom('person_merge as m')
    .innerJoin('app_user as u', 'u.id', 'm.merged_by')
    .leftJoin('app_user as v', 'v.id', 'm.undone_by')
    .selectAll('m')
    .select(['u.display_name as merged_by_name', 'v.display_name as undone_by_name'])
    .where((eb) => eb.or([eb('m.kept_person_id', '=', personId), eb('m.merged_person_id', '=', personId)]))
    .execute()) as (MergeRow & { merged_by_name: string; undone_by_name: string | null })[];
  const decisions = await ctx.db
    .selectFrom('pair_decision as d')
    .innerJoin('app_user as u', 'u.id', 'd.decided_by')
    .innerJoin('person as a', 'a.id', 'd.person_a')
    .innerJoin('person as b', 'b.id', 'd.person_b')
    .select(['d.person_a', 'd.person_b', 'd.decision', 'd.decided_at', 'd.seq', 'u.display_name'])
    .select(['a.owner_agency_id as agency_a', 'b.owner_agency_id as agency_b'])
    .where((eb) => eb.or([eb('d.person_a', '=', personId), eb('d.person_b', '=', personId)]))
    .orderBy('d.seq')
    .execute();
  const openable = async (id: string) => {
    const row = await ctx.db.selectFrom('person').select('owner_agency_id').where('id', '=', id).executeTakeFirst();
    return row && canOpenPerson(actor, { ownerAgencyId: row.owner_agency_id, grantedParts: [] }) ? id : null;
  };
  type Entry = {
    kind: 'merged' | 'unmerged' | 'linked' | 'unlinked';
    at: string;
    by: string;
    mergeId: string | null;
    otherPersonId: string | null;
  };
  const history: Entry[] = [];
  for (const m of merges) {
    const other = await openable(m.kept_person_id === personId ? m.merged_person_id : m.kept_person_id);
    history.push({
      kind: 'merged',
      at: new Date(m.merged_at).toISOString(),
      by: m.merged_by_name,
      mergeId: m.id,
      otherPersonId: other,
    });
    if (m.undone_at)
      history.push({
        kind: 'unmerged',
        at: new Date(m.undone_at).toISOString(),
        by: m.undone_by_name ?? '',
        mergeId: m.id,
        otherPersonId: other,
      });
  }
  // links across agencies: a 'same' decision links, a later 'different' (or 'unsure') unlinks
  const linkedNow = new Map<string, boolean>();
  for (const d of decisions) {
    if (d.agency_a === d.agency_b) continue;
    const otherId = d.person_a === personId ? d.person_b : d.person_a;
    const was = linkedNow.get(otherId) ?? false;
    const is = d.decision === 'same';
    if (was === is) continue;
    linkedNow.set(otherId, is);
    history.push({
      kind: is ? 'linked' : 'unlinked',
      at: new Date(d.decided_at).toISOString(),
      by: d.display_name,
      mergeId: null,
      otherPersonId: await openable(otherId),
    });
  }
  history.sort((x, y) => x.at.localeCompare(y.at));
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    { action: 'person.linkage_read', outcome: 'success', recordType: 'person', recordId: personId },
  );
  const canRequest = canRequestContact(actor, access.relation);
  return {
    knownToOtherAgencies: known,
    contactRequested: !!requested,
    history,
    can: { merge: canMergePersons(actor, access.relation, access.relation), requestContact: known && canRequest },
  };
}

/** A casework user asks the stewards to put their agency in touch with the other agencies that know the person. */
export async function requestContact(ctx: AppContext, actor: Actor, personId: string, note: string | undefined) {
  return inTransaction(ctx.db, async (trx) => {
    const access = await personAccessFor(trx, actor, personId);
    if (!access) throw notFound('person');
    if (!canRequestContact(actor, access.relation))
      throw forbidden('Only the agency that registered this person asks to be put in touch about them.');
    if (!(await knownToOtherAgencies(trx, personId)))
      throw new Problem(
        'conflict',
        'This person is not known to another agency; there is nobody to put you in touch with.',
      );
    const id = crypto.randomUUID();
    await trx
      .insertInto('contact_request')
      .values({
        id,
        person_id: personId,
        agency_id: actor.agencyId,
        requested_by: actor.userId,
        note: note ? ctx.keys.encrypt(note) : null,
      })
      .execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      { action: 'person.contact_request', outcome: 'success', recordType: 'person', recordId: personId },
    );
    return { id };
  });
}

/** The stewards' list of contact requests: who asks about which person, and the agencies that know them. */
export async function listContactRequests(ctx: AppContext, actor: Actor) {
  const run = await currentRun(ctx.db);
  const rows = await ctx.db
    .selectFrom('contact_request as r')
    .innerJoin('agency as a', 'a.id', 'r.agency_id')
    .innerJoin('app_user as u', 'u.id', 'r.requested_by')
    .select(['r.id', 'r.person_id', 'r.note', 'r.created_at', 'a.code', 'a.name', 'u.display_name'])
    .select(
      sql<string[] | null>`(SELECT array_agg(DISTINCT oa.code ORDER BY oa.code) FROM person_cluster me
        JOIN person_cluster c ON c.run_id = me.run_id AND c.cluster_id = me.cluster_id AND c.person_id <> me.person_id
        JOIN person op ON op.id = c.person_id JOIN agency oa ON oa.id = op.owner_agency_id
        WHERE me.run_id = ${run} AND me.person_id = r.person_id AND op.owner_agency_id <> r.agency_id)`.as('others'),
    )
    .orderBy('r.created_at', 'desc')
    .limit(200)
    .execute();
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    { action: 'linkage.contact_requests_read', outcome: 'success', details: { count: rows.length } },
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      agency: { code: r.code, name: r.name },
      requestedBy: r.display_name,
      note: r.note ? ctx.keys.decrypt(r.note) : null,
      otherAgencies: r.others ?? [],
      createdAt: new Date(r.created_at).toISOString(),
    })),
  };
}
