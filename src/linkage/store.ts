// The database side of record linkage: the current run, its model and thresholds, the clusters of
// records that are one person, and the index of blocking keys. Kept in step with the registry through
// the personsChanged hook (in the registering transaction): a new person is its own cluster at once.
import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../platform/context.js';
import type { DB } from '../platform/db-schema.js';
import { jsonb } from '../platform/database.js';
import type { Keys } from '../platform/keys.js';
import { blockingKeys } from './blocking.js';
import { clusterRecords } from './cluster.js';
import { defaultParameters } from './defaults.js';
import { linkRecordsOf, PERSON_FEATURE_COLUMNS } from './features.js';
import { PERSON_SETTINGS } from './settings.js';
import { calibrate, type Thresholds } from './thresholds.js';
import type { LinkRecord, ModelParameters, ScoredPair } from './types.js';

export type { Thresholds } from './thresholds.js';

/** The "run" before any full run: every person its own cluster, default model parameters. */
export const NIL_RUN = '00000000-0000-0000-0000-000000000000';

/**
 * The current run. `lock`: true holds it (decisions, merges, a run's switch: one at a time); 'share'
 * lets writers of persons go together but never across a switch, so that a person registered while a
 * run switches gets its cluster in the run that ends up current.
 */
export async function currentRun(db: Kysely<DB>, lock: boolean | 'share' = false): Promise<string> {
  let q = db.selectFrom('linkage_state').select('current_run').where('id', '=', true);
  if (lock === 'share') q = q.forShare();
  else if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row?.current_run ?? NIL_RUN;
}

const models = new Map<string, ModelParameters>();

/** The model of a run (cached: a run's model never changes), or default parameters before any run. */
export async function modelOf(db: Kysely<DB>, runId: string): Promise<ModelParameters> {
  const cached = models.get(runId);
  if (cached) return cached;
  const row =
    runId === NIL_RUN
      ? undefined
      : await db.selectFrom('linkage_model').select('params').where('run_id', '=', runId).executeTakeFirst();
  const params = row ? (row.params as ModelParameters) : defaultParameters(PERSON_SETTINGS);
  if (models.size > 8) models.clear();
  models.set(runId, params);
  return params;
}

/** Keyed hashes of a record's blocking keys: the index holds no name, date or number in clear. */
export function hashedKeys(keys: Keys, record: LinkRecord): string[] {
  return [...new Set(blockingKeys(record, PERSON_SETTINGS))].map((k) => keys.blindIndex(`linkage:${k}`));
}

/** The latest decision of each pair. */
export function latestDecisions(db: Kysely<DB>) {
  return db
    .selectFrom('pair_decision as d')
    .select(['d.person_a', 'd.person_b', 'd.decision', 'd.probability', 'd.decided_at', 'd.decided_by', 'd.seq'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('pair_decision as n')
            .select(sql`1`.as('one'))
            .whereRef('n.person_a', '=', 'd.person_a')
            .whereRef('n.person_b', '=', 'd.person_b')
            .whereRef('n.seq', '>', 'd.seq'),
        ),
      ),
    );
}

export async function thresholdsOf(ctx: AppContext, db: Kysely<DB> = ctx.db): Promise<Thresholds> {
  const decided = await latestDecisions(db).where('d.decision', 'in', ['same', 'different']).execute();
  return calibrate(
    { automatic: ctx.config.linkageAutoThreshold, review: ctx.config.linkageReviewThreshold },
    decided.map((d) => ({ decision: d.decision, probability: Number(d.probability) })),
  );
}

/**
 * personsChanged: the persons' blocking keys are replaced, and each person not merged into another has
 * a cluster in the current run (its own, when new). A person merged into another leaves the index and
 * the clusters.
 */
export async function refreshPersons(ctx: AppContext, db: Kysely<DB>, personIds: readonly string[]): Promise<void> {
  if (personIds.length === 0) return;
  const rows = await db
    .selectFrom('person')
    .select([...PERSON_FEATURE_COLUMNS, 'merged_into'])
    .where('id', 'in', personIds)
    .execute();
  const live = rows.filter((r) => r.merged_into === null);
  const gone = rows.filter((r) => r.merged_into !== null).map((r) => r.id);
  await db.deleteFrom('linkage_key').where('person_id', 'in', personIds).execute();
  const records = await linkRecordsOf(db, ctx.keys, live);
  const keyRows = records.flatMap((r) => hashedKeys(ctx.keys, r).map((key) => ({ key, person_id: r.id })));
  for (let i = 0; i < keyRows.length; i += 1000)
    await db
      .insertInto('linkage_key')
      .values(keyRows.slice(i, i + 1000))
      .onConflict((oc) => oc.doNothing())
      .execute();
  const run = await currentRun(db, 'share');
  if (live.length)
    await db
      .insertInto('person_cluster')
      .values(live.map((r) => ({ run_id: run, person_id: r.id, cluster_id: r.id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  if (gone.length) {
    await db.deleteFrom('person_cluster').where('person_id', 'in', gone).execute();
    await reclusterAround(ctx, db, run, gone);
  }
}

/**
 * Recomputes the clusters around some persons in `run`, at once (a decision, a merge, an undo): the
 * clusters they and their partners (pairs at the automatic threshold, or decided 'same') belong to are
 * clustered again from their pairs and decisions, with the engine's clusterRecords.
 */
export async function reclusterAround(
  ctx: AppContext,
  db: Kysely<DB>,
  run: string,
  personIds: readonly string[],
): Promise<void> {
  if (personIds.length === 0) return;
  const { automatic } = await thresholdsOf(ctx, db);
  const decisions = await latestDecisions(db).execute();
  const confirmedPartners = (ids: ReadonlySet<string>) =>
    decisions
      .filter((d) => d.decision === 'same' && (ids.has(d.person_a) || ids.has(d.person_b)))
      .flatMap((d) => [d.person_a, d.person_b]);
  const seeds = new Set(personIds);
  const linked = await db
    .selectFrom('candidate_pair')
    .select(['person_a', 'person_b'])
    .where('run_id', '=', run)
    .where('probability', '>=', automatic)
    .where((eb) => eb.or([eb('person_a', 'in', [...seeds]), eb('person_b', 'in', [...seeds])]))
    .execute();
  for (const p of linked) seeds.add(p.person_a).add(p.person_b);
  for (const id of confirmedPartners(new Set(personIds))) seeds.add(id);
  // every member of the clusters touched, persons not merged into another
  const members = await db
    .selectFrom('person as p')
    .select('p.id')
    .where('p.merged_into', 'is', null)
    .where((eb) =>
      eb.or([
        eb('p.id', 'in', [...seeds]),
        eb(
          'p.id',
          'in',
          eb
            .selectFrom('person_cluster as c')
            .select('c.person_id')
            .where('c.run_id', '=', run)
            .where(
              'c.cluster_id',
              'in',
              eb
                .selectFrom('person_cluster as s')
                .select('s.cluster_id')
                .where('s.run_id', '=', run)
                .where('s.person_id', 'in', [...seeds]),
            ),
        ),
      ]),
    )
    .execute();
  const ids = members.map((m) => m.id);
  if (ids.length === 0) return;
  const inside = new Set(ids);
  const pairs = await db
    .selectFrom('candidate_pair')
    .select(['person_a', 'person_b', 'probability', 'weight'])
    .where('run_id', '=', run)
    .where('person_a', 'in', ids)
    .where('person_b', 'in', ids)
    .execute();
  const scored: ScoredPair[] = pairs.map((p) => ({
    a: p.person_a,
    b: p.person_b,
    probability: Number(p.probability),
    weight: Number(p.weight),
    fields: [],
  }));
  const among = decisions.filter((d) => inside.has(d.person_a) && inside.has(d.person_b));
  const clusters = clusterRecords(ids, scored, {
    threshold: automatic,
    confirmed: among.filter((d) => d.decision === 'same').map((d) => [d.person_a, d.person_b] as const),
    separated: among.filter((d) => d.decision === 'different').map((d) => [d.person_a, d.person_b] as const),
  });
  await db.deleteFrom('person_cluster').where('run_id', '=', run).where('person_id', 'in', ids).execute();
  const values = ids.map((id) => ({ run_id: run, person_id: id, cluster_id: clusters.get(id) ?? id }));
  for (let i = 0; i < values.length; i += 1000)
    await db
      .insertInto('person_cluster')
      .values(values.slice(i, i + 1000))
      .execute();
}

/** Stores the model of a run. */
export async function saveModel(db: Kysely<DB>, runId: string, params: ModelParameters): Promise<void> {
  await db
    .insertInto('linkage_model')
    .values({ run_id: runId, params: jsonb(params) })
    .onConflict((oc) => oc.column('run_id').doUpdateSet({ params: jsonb(params) }))
    .execute();
}
