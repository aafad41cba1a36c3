// The data stewards' review: candidate pairs of the current run, each side shown with the pair record
// only (names, sex, birth, province, the last characters of an ID number and of the phone, the agency),
// ordered by weight; decisions (same / different / unsure) kept with who and when, a change being a new
// row; clusters updated at once. Every page of pairs read is audited, one event per person shown.
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { recordAudit } from '../access/audit.js';
import { canMergePersons, canReviewPairs, recordsOfOneAgency } from '../access/policy.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { decodeCursor, encodeCursor, isUuid } from '../platform/cursor.js';
import { inTransaction } from '../platform/database.js';
import type { DB } from '../platform/db-schema.js';
import { stale } from '../platform/etag.js';
import { forbidden, notFound, Problem } from '../platform/problems.js';
import type { PairDecision } from '../contract/schemas/linkage.js';
import { birthYearOf, phoneOf } from './features.js';
import { currentRun, reclusterAround, thresholdsOf } from './store.js';

const PAGE = 25;

type PairRow = {
  id: string;
  person_a: string;
  person_b: string;
  probability: number;
  weight: number;
  fields: { field: string; level: string; weight: number }[];
};

/** The pair records of some persons: the minimum a steward needs, never contact, documents or cases. */
async function pairRecords(ctx: AppContext, db: Kysely<DB>, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, never>();
  const persons = await db
    .selectFrom('person as p')
    .innerJoin('agency as a', 'a.id', 'p.owner_agency_id')
    .select([
      'p.id',
      'p.owner_agency_id',
      'a.code',
      'a.name',
      'p.family_name',
      'p.middle_name',
      'p.given_name',
      'p.sex',
      'p.date_of_birth',
      'p.birth_year',
      'p.estimated_age_years',
      'p.age_estimated_on',
      'p.province',
      'p.contact',
      'p.created_at',
    ])
    .where('p.id', 'in', ids)
    .execute();
  const docs = await db
    .selectFrom('identity_document')
    .select(['person_id', 'number'])
    .where('person_id', 'in', ids)
    .orderBy('id')
    .execute();
  const lastOfId = new Map<string, string>();
  for (const d of docs) if (!lastOfId.has(d.person_id)) lastOfId.set(d.person_id, ctx.keys.decrypt(d.number).slice(-3));
  return new Map(
    persons.map((p) => {
      const phone = phoneOf(ctx.keys, p.contact)?.replace(/\D/g, '') ?? null;
      return [
        p.id,
        {
          ownerAgencyId: p.owner_agency_id,
          registeredAt: new Date(p.created_at).getTime(),
          record: {
            personId: p.id,
            agency: { code: p.code, name: p.name },
            familyName: p.family_name,
            middleName: p.middle_name,
            givenName: p.given_name,
            sex: p.sex,
            dateOfBirth: p.date_of_birth ? String(p.date_of_birth).slice(0, 10) : null,
            birthYear: birthYearOf(p),
            province: p.province,
            idLastDigits: lastOfId.get(p.id) ?? null,
            phoneLastDigits: phone ? phone.slice(-3) : null,
          },
        },
      ] as const;
    }),
  );
}

type PairSide = Awaited<ReturnType<typeof pairRecords>> extends Map<string, infer S> ? S : never;

async function pairViews(ctx: AppContext, db: Kysely<DB>, actor: Actor, rows: readonly PairRow[]) {
  const ids = [...new Set(rows.flatMap((r) => [r.person_a, r.person_b]))];
  const records = await pairRecords(ctx, db, ids);
  const decisions = rows.length
    ? await db
        .selectFrom('pair_decision as d')
        .innerJoin('app_user as u', 'u.id', 'd.decided_by')
        .select(['d.person_a', 'd.person_b', 'd.decision', 'd.decided_at', 'd.seq', 'u.display_name'])
        .where(
          sql<boolean>`(d.person_a, d.person_b) IN (${sql.join(rows.map((r) => sql`(${r.person_a}::uuid, ${r.person_b}::uuid)`))})`,
        )
        .orderBy('d.seq', 'desc')
        .execute()
    : [];
  const merges = rows.length
    ? await db
        .selectFrom('person_merge')
        .select(['id', 'kept_person_id', 'merged_person_id'])
        .where('undone_at', 'is', null)
        .where((eb) => eb.or([eb('kept_person_id', 'in', ids), eb('merged_person_id', 'in', ids)]))
        .execute()
    : [];
  return rows.map((r) => {
    // The record registered first is shown first: it is the one kept when the pair is merged from the queue.
    const [a, b] = [records.get(r.person_a)!, records.get(r.person_b)!].sort(
      (x, y) => x.registeredAt - y.registeredAt || (x.record.personId < y.record.personId ? -1 : 1),
    ) as [PairSide, PairSide];
    const d = decisions.find((x) => x.person_a === r.person_a && x.person_b === r.person_b);
    const merge = merges.find(
      (m) =>
        (m.kept_person_id === r.person_a && m.merged_person_id === r.person_b) ||
        (m.kept_person_id === r.person_b && m.merged_person_id === r.person_a),
    );
    return {
      id: r.id,
      probability: Number(r.probability),
      weight: Number(r.weight),
      fields: r.fields,
      a: a.record,
      b: b.record,
      sameAgency: recordsOfOneAgency(a, b),
      decision: d
        ? {
            decision: d.decision as PairDecision,
            decidedAt: new Date(d.decided_at).toISOString(),
            decidedBy: d.display_name,
          }
        : null,
      mergeId: merge?.id ?? null,
      can: { decide: canReviewPairs(actor), merge: !merge && canMergePersons(actor, a, b) },
    };
  });
}

const decidedCondition = sql<boolean>`EXISTS (SELECT 1 FROM pair_decision d
  WHERE d.person_a = cp.person_a AND d.person_b = cp.person_b)`;

/** A page of the queue (pending: no decision yet, neither record merged away) or of decided pairs. */
export async function listPairs(
  ctx: AppContext,
  actor: Actor,
  query: { state?: 'pending' | 'decided'; cursor?: string },
) {
  const state = query.state ?? 'pending';
  const after = decodeCursor(
    query.cursor,
    (v): v is { w: string; id: string } => typeof v.w === 'string' && Number.isFinite(Number(v.w)) && isUuid(v.id),
  );
  const run = await currentRun(ctx.db);
  let q = ctx.db
    .selectFrom('candidate_pair as cp')
    .select(['cp.id', 'cp.person_a', 'cp.person_b', 'cp.probability', 'cp.weight', 'cp.fields'])
    .where('cp.run_id', '=', run)
    .where(state === 'pending' ? sql<boolean>`NOT ${decidedCondition}` : decidedCondition)
    .orderBy('cp.weight', 'desc')
    .orderBy('cp.id')
    .limit(PAGE + 1);
  if (state === 'pending')
    q = q.where(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM person m WHERE m.id IN (cp.person_a, cp.person_b) AND m.merged_into IS NOT NULL)`,
    );
  if (after)
    q = q.where(
      sql<boolean>`(cp.weight < ${Number(after.w)} OR (cp.weight = ${Number(after.w)} AND cp.id > ${after.id}))`,
    );
  const rows = (await q.execute()) as PairRow[];
  const page = rows.slice(0, PAGE);
  const items = await pairViews(ctx, ctx.db, actor, page);
  const last = page[page.length - 1];
  const personIds = [...new Set(page.flatMap((r) => [r.person_a, r.person_b]))];
  // a read of personal data: the page, and each person shown (so that the person's access log says so)
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    {
      action: 'linkage.pairs_read',
      outcome: 'success',
      details: { count: page.length, by: state, pairIds: page.map((r) => r.id) },
    },
    ...personIds.map((id) => ({
      action: 'linkage.pair_record_read' as const,
      outcome: 'success' as const,
      recordType: 'person',
      recordId: id,
      details: { parts: ['pair_record'] },
    })),
  );
  return {
    items,
    nextCursor: rows.length > PAGE && last ? encodeCursor({ w: String(Number(last.weight)), id: last.id }) : null,
  };
}

/**
 * A steward decides a pair of the current run. Deciding what the pair already is (a repeated or a
 * concurrent identical decision) is a 409; an If-Match with the number of decisions seen guards a change.
 */
export async function decidePair(
  ctx: AppContext,
  actor: Actor,
  pairId: string,
  decision: PairDecision,
  ifMatch?: string,
) {
  if (!canReviewPairs(actor)) throw forbidden('Only data stewards decide candidate pairs.');
  return inTransaction(ctx.db, async (trx) => {
    const run = await currentRun(trx, true); // one decision at a time, and never during a run's switch
    const pair = (await trx
      .selectFrom('candidate_pair as cp')
      .select(['cp.id', 'cp.person_a', 'cp.person_b', 'cp.probability', 'cp.weight', 'cp.fields'])
      .where('cp.id', '=', pairId)
      .where('cp.run_id', '=', run)
      .executeTakeFirst()) as PairRow | undefined;
    if (!pair) throw notFound('candidate pair');
    const previous = await trx
      .selectFrom('pair_decision')
      .select(['seq', 'decision'])
      .where('person_a', '=', pair.person_a)
      .where('person_b', '=', pair.person_b)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const seq = previous?.seq ?? 0;
    if (ifMatch !== undefined && ifMatch.replace(/^W\//, '').replace(/"/g, '') !== String(seq)) throw stale();
    if (previous?.decision === decision)
      throw new Problem('conflict', `This pair is already decided '${decision}'; nothing was changed.`, {
        reason: 'pair-decided',
      });
    const id = crypto.randomUUID();
    await trx
      .insertInto('pair_decision')
      .values({
        id,
        person_a: pair.person_a,
        person_b: pair.person_b,
        seq: seq + 1,
        decision,
        probability: Number(pair.probability),
        decided_by: actor.userId,
      })
      .execute();
    await reclusterAround(ctx, trx, run, [pair.person_a, pair.person_b]);
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'linkage.pair_decision',
        outcome: 'success',
        recordType: 'candidate_pair',
        recordId: pair.id,
        details: { personIds: [pair.person_a, pair.person_b] },
      },
    );
    const [view] = await pairViews(ctx, trx, actor, [pair]);
    return { view: view!, seq: seq + 1 };
  });
}

/** Aggregates (no small-count rule yet): records, distinct persons, clusters across agencies, pairs, thresholds. */
export async function linkageSummary(ctx: AppContext, actor: Actor) {
  const run = await currentRun(ctx.db);
  const counts = await sql<{ records: string; clusters: string; several: string }>`
    SELECT (SELECT count(*) FROM person WHERE merged_into IS NULL) AS records,
      (SELECT count(DISTINCT cluster_id) FROM person_cluster WHERE run_id = ${run}) AS clusters,
      (SELECT count(*) FROM (SELECT c.cluster_id FROM person_cluster c JOIN person p ON p.id = c.person_id
         WHERE c.run_id = ${run} GROUP BY c.cluster_id HAVING count(DISTINCT p.owner_agency_id) > 1) s) AS several`.execute(
    ctx.db,
  );
  const pairs = await sql<{ state: string; n: string }>`
    SELECT coalesce(d.decision, 'pending') AS state, count(*) AS n FROM candidate_pair cp
    LEFT JOIN LATERAL (SELECT decision FROM pair_decision x WHERE x.person_a = cp.person_a AND x.person_b = cp.person_b
      ORDER BY seq DESC LIMIT 1) d ON true
    WHERE cp.run_id = ${run} GROUP BY 1`.execute(ctx.db);
  const byState = Object.fromEntries(pairs.rows.map((r) => [r.state, Number(r.n)]));
  const last = await ctx.db
    .selectFrom('linkage_run')
    .select(['id', 'job_id', 'finished_at', 'records', 'candidate_pairs'])
    .where('state', '=', 'complete')
    .orderBy('finished_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const c = counts.rows[0]!;
  await recordAudit(ctx.db, { actor, clientIp: actor.clientIp }, { action: 'linkage.summary', outcome: 'success' });
  return {
    records: Number(c.records),
    distinctPersons: Number(c.clusters),
    knownToSeveralAgencies: Number(c.several),
    pairs: {
      pending: byState.pending ?? 0,
      same: byState.same ?? 0,
      different: byState.different ?? 0,
      unsure: byState.unsure ?? 0,
    },
    thresholds: await thresholdsOf(ctx),
    lastRun:
      last && last.finished_at
        ? {
            finishedAt: new Date(last.finished_at).toISOString(),
            records: Number(last.records),
            candidatePairs: Number(last.candidate_pairs),
            jobId: last.job_id ?? last.id,
          }
        : null,
  };
}
