// `lantern linkage run|clusters`: a full record-linkage run from the server's console (progress on
// stderr), and the clusters of every person as CSV (agency,source_id,person_id,cluster_id).
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { recordAudit } from '../../access/audit.js';
import { clusterRecords } from '../../linkage/cluster.js';
import { advanceRun, createRun, runUnderWay } from '../../linkage/run.js';
import { currentRun, latestDecisions, thresholdsOf } from '../../linkage/store.js';
import type { ScoredPair } from '../../linkage/types.js';
import { inTransaction } from '../../platform/database.js';
import { cliAudit, UsageError, withContext } from '../support.js';

export async function linkageRun(): Promise<void> {
  await withContext(async (ctx) => {
    if (await runUnderWay(ctx.db)) throw new UsageError('A linkage run is already under way; wait for it to finish.');
    let runId = await createRun(ctx, ctx.db, null);
    await recordAudit(ctx.db, cliAudit, { action: 'linkage.run', outcome: 'success', details: { via: 'cli', runId } });
    const started = Date.now();
    let lastLine = 0;
    for (;;) {
      const step = await inTransaction(ctx.db, (trx) => advanceRun(ctx, trx, runId));
      runId = step.runId;
      if (Date.now() - lastLine > 500 || step.finished) {
        lastLine = Date.now();
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        process.stderr.write(`linkage: ${step.phase} ${step.done}/${step.total} (${seconds} s)\n`);
      }
      if (step.finished) {
        const r = step.result ?? {};
        console.log(
          `Linkage run ${runId}: ${String(r.records)} records, ${String(r.candidatePairs)} candidate pairs, ${String(r.clusters)} distinct persons.`,
        );
        return;
      }
      if (step.waitMs > 0) await sleep(step.waitMs);
    }
  });
}

const csvField = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export async function linkageClusters(o: { out: string; threshold?: string }): Promise<void> {
  let threshold: number | undefined;
  if (o.threshold !== undefined) {
    threshold = Number(o.threshold);
    if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 1)
      throw new UsageError('--threshold must be a probability above 0 and at most 1, e.g. 0.95.');
  }
  await withContext(async (ctx) => {
    const run = await currentRun(ctx.db);
    const p = threshold ?? (await thresholdsOf(ctx)).automatic;
    const persons = await ctx.db
      .selectFrom('person as p')
      .innerJoin('agency as a', 'a.id', 'p.owner_agency_id')
      .select(['p.id', 'a.code'])
      .where('p.merged_into', 'is', null)
      .orderBy('a.code')
      .orderBy('p.id')
      .execute();
    // source ids come from the import helper's table, when it exists
    const sources = new Map<string, string>();
    const hasSources = await sql<{ n: string }>`SELECT count(*) AS n FROM information_schema.columns
      WHERE table_name = 'source_record' AND column_name IN ('person_id', 'source_id')`.execute(ctx.db);
    if (Number(hasSources.rows[0]?.n) === 2) {
      const rows = await sql<{ person_id: string; source_id: string }>`SELECT person_id, source_id FROM source_record
        WHERE person_id IS NOT NULL ORDER BY source_id`.execute(ctx.db);
      for (const r of rows.rows) if (!sources.has(r.person_id)) sources.set(r.person_id, String(r.source_id));
    }
    const pairs = await ctx.db
      .selectFrom('candidate_pair')
      .select(['person_a', 'person_b', 'probability', 'weight'])
      .where('run_id', '=', run)
      .where('probability', '>=', p)
      .execute();
    const decided = await latestDecisions(ctx.db).where('d.decision', 'in', ['same', 'different']).execute();
    const live = new Set(persons.map((x) => x.id));
    const clusters = clusterRecords(
      persons.map((x) => x.id),
      pairs
        .filter((x) => live.has(x.person_a) && live.has(x.person_b))
        .map((x): ScoredPair => ({
          a: x.person_a,
          b: x.person_b,
          probability: Number(x.probability),
          weight: Number(x.weight),
          fields: [],
        })),
      {
        threshold: p,
        confirmed: decided
          .filter((d) => d.decision === 'same' && live.has(d.person_a) && live.has(d.person_b))
          .map((d) => [d.person_a, d.person_b] as const),
        separated: decided.filter((d) => d.decision === 'different').map((d) => [d.person_a, d.person_b] as const),
      },
    );
    const lines = ['agency,source_id,person_id,cluster_id'];
    for (const x of persons)
      lines.push([x.code, sources.get(x.id) ?? '', x.id, clusters.get(x.id) ?? x.id].map(csvField).join(','));
    try {
      fs.writeFileSync(o.out, `${lines.join('\n')}\n`, { mode: 0o600 });
    } catch (error) {
      throw new UsageError(`Cannot write ${o.out}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    await recordAudit(ctx.db, cliAudit, {
      action: 'linkage.clusters_export',
      outcome: 'success',
      details: { via: 'cli', count: persons.length },
    });
    const distinct = new Set(clusters.values()).size;
    console.log(`Wrote ${persons.length} persons in ${distinct} clusters (threshold ${p}) to ${o.out}.`);
  });
}
