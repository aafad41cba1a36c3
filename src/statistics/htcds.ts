// The record-level HTCDS export (issue 11 §3): one row per distinct person (a linkage cluster of the
// current run; persons merged into another are left out) whose consent covers statistics, in HTCDS
// v2 fields, k-anonymous over the quasi-identifiers by generalisation and suppression.
//
// Two streaming passes over the persons, in keyset batches of linkage clusters, never all in memory:
// the first counts the combinations of quasi-identifiers (a Map of combination -> count) and chooses
// the generalisation on those counts (k-anonymity.ts); the second writes the rows of the classes
// kept. The second pass counts the classes it writes, and a file with a class smaller than k is
// never finished (the registry changed between the passes: the CLI works in one repeatable-read
// snapshot; the job plans again).
import type { Writable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import { recordAudit } from '../access/audit.js';
import { csvLine } from '../consolidation/file-store.js';
import { calendarZone } from '../contract/calendar.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import type { DB } from '../platform/db-schema.js';
import { HTCDS_COLUMNS, htcdsRow, QUASI_IDENTIFIERS, quasiIdentifiers, type ExportPerson } from './htcds-fields.js';
import { chooseGeneralisation, CombinationCounter, type Generalisation } from './k-anonymity.js';

export const HTCDS_EXPORT_JOB = 'statistics.export_htcds';
/** The largest share of persons that may be suppressed rather than generalising further. */
export const DEFAULT_MAX_SUPPRESSED_SHARE = 0.05;
/** Linkage clusters read per query. */
export const EXPORT_BATCH = 5000;

export interface ExportSummary {
  k: number;
  /** Consented distinct persons found, rows written, persons suppressed (left out). */
  persons: number;
  rows: number;
  suppressed: number;
  maxSuppressedShare: number;
  /** Quasi-identifier -> the level it was generalised to (e.g. age: band, province: region). */
  levels: Record<string, string>;
  /** Equivalence classes written (each of at least k rows) and the smallest one's size. */
  classes: number;
  smallestClass: number | null;
  bytes: number;
}

export interface ExportProgress {
  phase: 'count' | 'write';
  done: number;
}

export interface ClusterPerson {
  clusterId: string;
  person: ExportPerson;
}

type ClusterRow = {
  cluster_id: string;
  sex: string;
  date_of_birth: string | null;
  estimated_age_years: number | null;
  age_estimated_on: string | null;
  birth_year: number | null;
  citizenship: string;
  province: string | null;
  registered_on: string;
  recruitment_date: string | null;
  exploitation_types: string[] | null;
  recruitment_channels: string[] | null;
  destination_country: string | null;
  status: string;
  identified: boolean;
};

const clusterPersonOf = (r: ClusterRow): ClusterPerson => ({
  clusterId: r.cluster_id,
  person: {
    sex: r.sex,
    dateOfBirth: r.date_of_birth,
    estimatedAgeYears: r.estimated_age_years === null ? null : Number(r.estimated_age_years),
    ageEstimatedOn: r.age_estimated_on,
    birthYear: r.birth_year === null ? null : Number(r.birth_year),
    citizenship: r.citizenship,
    province: r.province,
    registeredOn: r.registered_on,
    recruitedOn: r.recruitment_date,
    exploitationTypes: r.exploitation_types ?? [],
    recruitmentChannels: r.recruitment_channels ?? [],
    destinationCountry: r.destination_country,
    status: r.status,
    identified: Boolean(r.identified),
  },
});

/**
 * The next `limit` consented distinct persons after cluster `after`, in cluster order: each with
 * its cluster's earliest case (and that case's person), like the statistics' person facts.
 */
export async function readClusters(db: Kysely<DB>, after: string | null, limit: number): Promise<ClusterPerson[]> {
  const from = after ?? '00000000-0000-0000-0000-000000000000';
  const { rows } = await sql<ClusterRow>`
    WITH run AS (SELECT current_run FROM linkage_state),
    batch AS (
      SELECT pc.cluster_id
      FROM person_cluster pc
      JOIN person p ON p.id = pc.person_id AND p.merged_into IS NULL
      WHERE pc.run_id = (SELECT current_run FROM run) AND pc.cluster_id > ${from}
        AND EXISTS (SELECT 1 FROM case_file cc JOIN consent k ON k.case_id = cc.id
                    WHERE cc.person_id = pc.person_id AND k.purpose = 'statistics' AND k.withdrawn_at IS NULL)
      GROUP BY pc.cluster_id
      ORDER BY pc.cluster_id
      LIMIT ${limit}
    )
    SELECT b.cluster_id, f.*
    FROM batch b
    CROSS JOIN LATERAL (
      SELECT p.sex, p.date_of_birth, p.estimated_age_years, p.age_estimated_on, p.birth_year, p.citizenship,
             coalesce(p.province, c.origin_province) AS province,
             ((c.created_at AT TIME ZONE ${calendarZone()})::date)::text AS registered_on,
             c.recruitment_date, c.exploitation_types, c.recruitment_channels, c.destination_country, c.status,
             (c.status IN ('identified_victim', 'in_support')
               OR EXISTS (SELECT 1 FROM case_transition t WHERE t.case_id = c.id AND t.to_status = 'identified_victim'))
               AS identified
      FROM person_cluster m
      JOIN person p ON p.id = m.person_id AND p.merged_into IS NULL
      JOIN case_file c ON c.person_id = p.id
      WHERE m.run_id = (SELECT current_run FROM run) AND m.cluster_id = b.cluster_id
      ORDER BY c.created_at, c.id
      LIMIT 1
    ) f
    ORDER BY b.cluster_id`.execute(db);
  return rows.map(clusterPersonOf);
}

/** Every consented distinct person, batch by batch, in cluster order (keyset: any transaction). */
export async function* clusterBatches(db: Kysely<DB>, batch = EXPORT_BATCH): AsyncGenerator<ClusterPerson[]> {
  let after: string | null = null;
  for (;;) {
    const rows = await readClusters(db, after, batch);
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.clusterId;
    if (rows.length < batch) return;
  }
}

let cursorSerial = 0;

/**
 * Every consented distinct person, batch by batch, through a server-side cursor over one set-based
 * query (hash joins and one sort instead of an index lookup per person: what makes 1,000,000 persons
 * fast). Only inside a transaction (`trx`); the same persons as clusterBatches.
 */
export async function* cursorBatches(trx: Kysely<DB>, batch = EXPORT_BATCH): AsyncGenerator<ClusterPerson[]> {
  const name = sql.id(`htcds_export_${++cursorSerial}`);
  await sql`DECLARE ${name} NO SCROLL CURSOR FOR
    WITH run AS (SELECT current_run FROM linkage_state),
    consented AS (
      SELECT DISTINCT pc.cluster_id
      FROM consent k
      JOIN case_file cc ON cc.id = k.case_id
      JOIN person p ON p.id = cc.person_id AND p.merged_into IS NULL
      JOIN person_cluster pc ON pc.person_id = p.id AND pc.run_id = (SELECT current_run FROM run)
      WHERE k.purpose = 'statistics' AND k.withdrawn_at IS NULL
    ),
    identified AS (SELECT DISTINCT case_id FROM case_transition WHERE to_status = 'identified_victim')
    SELECT DISTINCT ON (m.cluster_id) m.cluster_id,
           p.sex, p.date_of_birth, p.estimated_age_years, p.age_estimated_on, p.birth_year, p.citizenship,
           coalesce(p.province, c.origin_province) AS province,
           ((c.created_at AT TIME ZONE ${sql.lit(calendarZone())})::date)::text AS registered_on,
           c.recruitment_date, c.exploitation_types, c.recruitment_channels, c.destination_country, c.status,
           (c.status IN ('identified_victim', 'in_support') OR i.case_id IS NOT NULL) AS identified
    FROM consented s
    JOIN person_cluster m ON m.cluster_id = s.cluster_id AND m.run_id = (SELECT current_run FROM run)
    JOIN person p ON p.id = m.person_id AND p.merged_into IS NULL
    JOIN case_file c ON c.person_id = p.id
    LEFT JOIN identified i ON i.case_id = c.id
    ORDER BY m.cluster_id, c.created_at, c.id`.execute(trx);
  try {
    for (;;) {
      const { rows } = await sql<ClusterRow>`FETCH ${sql.raw(String(batch))} FROM ${name}`.execute(trx);
      if (rows.length === 0) return;
      yield rows.map(clusterPersonOf);
      if (rows.length < batch) return;
    }
  } finally {
    await sql`CLOSE ${name}`.execute(trx);
  }
}

/** The first pass: counts of quasi-identifier combinations, and the generalisation chosen on them. */
export async function planExport(
  db: Kysely<DB>,
  options: {
    k: number;
    maxSuppressedShare?: number;
    onProgress?: (p: ExportProgress) => void;
    batches?: (db: Kysely<DB>) => AsyncGenerator<ClusterPerson[]>;
  },
): Promise<Generalisation> {
  const counter = new CombinationCounter(QUASI_IDENTIFIERS.length);
  for await (const rows of (options.batches ?? clusterBatches)(db)) {
    for (const r of rows) counter.add(quasiIdentifiers(r.person));
    options.onProgress?.({ phase: 'count', done: counter.total });
  }
  return chooseGeneralisation(QUASI_IDENTIFIERS, counter.entries(), {
    k: options.k,
    maxSuppressedShare: options.maxSuppressedShare ?? DEFAULT_MAX_SUPPRESSED_SHARE,
  });
}

export const HTCDS_HEADER = csvLine([...HTCDS_COLUMNS]);

/**
 * The second pass's rows: generalises each person, leaves out those of classes not kept, and
 * counts the classes written (carried over between a job's steps with `written`).
 */
export class HtcdsRows {
  readonly written: Map<string, number>;
  seen = 0;

  constructor(
    readonly plan: Generalisation,
    written: Iterable<[string, number]> = [],
  ) {
    this.written = new Map(written);
  }

  /** The CSV lines of a batch (only the persons kept). */
  lines(rows: readonly ClusterPerson[]): string {
    let text = '';
    for (const r of rows) {
      this.seen++;
      const generalised = this.plan.apply(quasiIdentifiers(r.person));
      if (!generalised) continue;
      const key = this.plan.classKey(generalised);
      this.written.set(key, (this.written.get(key) ?? 0) + 1);
      text += csvLine(htcdsRow(r.person, generalised, this.plan.levels));
    }
    return text;
  }

  get rows(): number {
    let n = 0;
    for (const c of this.written.values()) n += c;
    return n;
  }

  /** The smallest class written, or null when nothing was. */
  smallestClass(): number | null {
    let min: number | null = null;
    for (const c of this.written.values()) min = min === null ? c : Math.min(min, c);
    return min;
  }

  /** Whether every class written holds at least k rows (the file may be released). */
  isKAnonymous(): boolean {
    const min = this.smallestClass();
    return min === null || min >= this.plan.k;
  }

  summary(bytes: number, maxSuppressedShare: number): ExportSummary {
    const rows = this.rows;
    return {
      k: this.plan.k,
      persons: this.seen,
      rows,
      suppressed: this.seen - rows,
      maxSuppressedShare,
      levels: this.plan.levelNames,
      classes: this.written.size,
      smallestClass: this.smallestClass(),
      bytes,
    };
  }
}

/** Thrown when the registry changed between the passes so that a class fell below k. */
export class ExportChangedError extends Error {
  constructor() {
    super('The registry changed during the export so that a group fell below k; the file was not finished.');
  }
}

async function writeTo(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

/**
 * The whole export to `out` (the CLI and the bench), in one repeatable-read snapshot, so that both
 * passes see the same registry. `actor` null: the operator (CLI). Audited 'statistics.export_htcds'
 * with the figures (no personal data). `out` is not ended.
 */
export async function exportHtcds(
  ctx: AppContext,
  actor: Actor | null,
  options: { k: number; out: Writable; maxSuppressedShare?: number; onProgress?: (p: ExportProgress) => void },
): Promise<ExportSummary> {
  const share = options.maxSuppressedShare ?? DEFAULT_MAX_SUPPRESSED_SHARE;
  // one read-only snapshot, of the replica when it has everything committed before the export began
  const reads = await ctx.reads.fresh(ctx.db, 1000);
  const summary = await reads
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const plan = await planExport(trx, {
        k: options.k,
        maxSuppressedShare: share,
        onProgress: options.onProgress,
        batches: cursorBatches,
      });
      const rows = new HtcdsRows(plan);
      let bytes = Buffer.byteLength(HTCDS_HEADER);
      await writeTo(options.out, HTCDS_HEADER);
      for await (const batch of cursorBatches(trx)) {
        const text = rows.lines(batch);
        bytes += Buffer.byteLength(text);
        if (text) await writeTo(options.out, text);
        options.onProgress?.({ phase: 'write', done: rows.seen });
      }
      if (!rows.isKAnonymous()) throw new ExportChangedError(); // cannot happen in one snapshot: a guard
      return rows.summary(bytes, share);
    });
  await recordAudit(ctx.db, actor ? { actor, clientIp: actor.clientIp } : { actor: null, clientIp: 'cli' }, {
    action: 'statistics.export_htcds',
    outcome: 'success',
    details: auditFigures(summary),
  });
  return summary;
}

/** What an export's audit event states: the figures released, nothing personal. */
export function auditFigures(s: ExportSummary) {
  return {
    k: s.k,
    count: s.rows,
    suppressed: s.suppressed,
    persons: s.persons,
    classes: s.classes,
    levels: s.levels,
    maxSuppressedShare: s.maxSuppressedShare,
  };
}
