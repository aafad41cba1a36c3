// The statistics refresh: rebuilds `stat_fact`, the table every statistics output is counted from.
//
// One transaction deletes every fact and inserts them again from the registry (set-based SQL, no
// row passes through JavaScript), then sets `stat_state.as_of`: a reader sees the old figures or the
// new ones, never a mix. What analysts read:
//
// Who is counted
//   - A person is their linkage cluster (`person_cluster` of `linkage_state.current_run`; a person
//     without a row is their own cluster): one person known to three agencies counts once. This
//     cluster id is the fact's `person_key`; no other record id is kept.
//   - Persons merged into another (`merged_into` set) are left out: their cases moved to the kept person.
//
// The dimensions of a case (and of every fact about it)
//   - exploitation_type, recruitment_channel: the case's first one, else 'unknown';
//   - destination: destinationOf(destination_country) (the fixed list of STAT_DESTINATIONS, else 'other');
//   - reached_via: how the case came in; agency_kind: the kind of the agency owning the case;
//   - province: the person's (2025) province, else the case's origin province if it is a 2025 code, else 'unknown';
//   - sex; citizenship: citizenshipKindOf (VN → vietnamese, stateless, other codes → foreign, else unknown);
//   - age_band and minor: the age on the case's registration day, from the date of birth, else the
//     estimated age plus the whole years since it was estimated, else the registration year minus
//     the birth year, else 'unknown' (the same arithmetic as ageInYears/ageBandOf of the contract).
//   A "day" is the timestamp's calendar date in LANTERN_TIMEZONE. The registration day is the day
//   the case was received (created_at, which an import sets to the day the agency received it).
//
// Values are stored as the registry holds them (codes checked when written); a table counts only
// the values of each dimension's public domain, so its cells always add up to its margins.
//
// The facts (kind: day counted; what it adds)
//   - person: one per person, from the cluster's earliest case (created_at, then id); its registration day.
//   - identified: one per person with any transition to identified_victim; the day of the first
//     such transition; the dimensions of that case.
//   - case: every case; its registration day.
//   - decision: every case's first transition to identified_victim or not_victim; its day; decision;
//     deadline 'within' when made by verification_due_at (else by registration + the statutory
//     period), else 'late'; verification_time: whole days from the registration day, in bands.
//   - referral: referrals (not transfers); the day sent; referral_outcome = its status; response_time:
//     calendar days from sending to the answer (no answer: no_response); agency_kind = the sender's
//     kind, to_agency_kind = the receiver's; purpose = the first purpose.
//   - service: support services; day = start date, else planned date, else the day recorded;
//     service_type, service_status; agency_kind = the provider's kind, else the case owner's.
//   - screening: final screenings not superseded; the day conducted; screening_outcome; border_gate
//     of its screening event, else 'unknown'; agency_kind = the screening agency's kind.
//   - repatriation: the return date; destination = destinationOf(the country returned from); border_gate.
//   - follow_up: visits done with an outcome recorded; the day done; follow_up_outcome.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { EXPLOITATION_TYPES, RECRUITMENT_CHANNELS, SEXES } from '../contract/codes.js';
import { PROVINCE_CODES } from '../contract/reference/index.js';
import { STAT_DESTINATIONS, UNKNOWN } from '../contract/statistics.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/database.js';
import type { DB } from '../platform/db-schema.js';
import { buildCube } from './cube.js';

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql.lit(v)),
    sql`, `,
  );

/** `expr` when it is one of `domain`, else `fallback` (a value outside the public domain is never counted as itself). */
function inDomain(expr: RawBuilder<unknown>, domain: readonly string[], fallback: string = UNKNOWN) {
  return sql`CASE WHEN ${expr} IN (${list(domain)}) THEN ${expr} ELSE ${sql.lit(fallback)} END`;
}

/** The calendar day of timestamp `expr` in the programme's time zone. */
const dayOf = (expr: RawBuilder<unknown>, timeZone: string) => sql`((${expr}) AT TIME ZONE ${sql.lit(timeZone)})::date`;

/** Whole years from day `a` to day `b` (a birthday counts on the day itself), as yearsBetween in contract/age.ts. */
const yearsBetween = (a: RawBuilder<unknown>, b: RawBuilder<unknown>) =>
  sql`(extract(year FROM ${b})::int - extract(year FROM ${a})::int
    - CASE WHEN to_char(${b}, 'MMDD') < to_char(${a}, 'MMDD') THEN 1 ELSE 0 END)`;

/** The SQL of destinationOf (contract/statistics.ts). */
const destinationSql = (expr: RawBuilder<unknown>) =>
  sql`CASE WHEN ${expr} IS NULL OR ${expr} = '' THEN 'unknown'
    WHEN ${expr} IN (${list(STAT_DESTINATIONS)}) THEN ${expr} ELSE 'other' END`;

/** The SQL of ageBandOf (contract/statistics.ts) over an integer age expression. */
const ageBandSql = (age: RawBuilder<unknown>) => sql`CASE
    WHEN ${age} IS NULL OR ${age} < 0 THEN 'unknown'
    WHEN ${age} <= 11 THEN '0-11' WHEN ${age} <= 17 THEN '12-17' WHEN ${age} <= 24 THEN '18-24'
    WHEN ${age} <= 34 THEN '25-34' WHEN ${age} <= 49 THEN '35-49' ELSE '50+' END`;

/** The dimension columns every fact takes from its case (see the header). */
const CASE_DIMENSIONS = [
  'sex',
  'age_band',
  'minor',
  'citizenship',
  'province',
  'exploitation_type',
  'recruitment_channel',
  'destination',
  'reached_via',
] as const;
const caseDims = (alias: string) => sql.raw(CASE_DIMENSIONS.map((d) => `${alias}.${d}`).join(', '));
const FACT_COLUMNS = sql.raw(`kind, person_key, day, ${CASE_DIMENSIONS.join(', ')}, agency_kind`);

export interface RefreshResult {
  persons: number;
  facts: number;
  asOf: string;
}

/** Rebuilds the facts in one transaction (the caller's, if `db` is one). */
export async function refreshFacts(ctx: AppContext, db: Kysely<DB> = ctx.db): Promise<RefreshResult> {
  const tz = ctx.config.timeZone;
  return inTransaction(db, async (trx) => {
    const timings: Record<string, number> = {};
    const step = async (name: string, query: RawBuilder<unknown>) => {
      const started = performance.now();
      await query.execute(trx);
      timings[name] = Math.round(performance.now() - started);
    };
    // Each case of a person still standing, with its person's cluster and its dimensions.
    const age = sql.raw('age');
    await step(
      'cases',
      sql`CREATE TEMPORARY TABLE stat_case ON COMMIT DROP AS
      SELECT x.*, ${ageBandSql(age)} AS age_band,
        CASE WHEN age IS NULL OR age < 0 THEN 'unknown' WHEN age < 18 THEN 'minor' ELSE 'adult' END AS minor
      FROM (
        SELECT j.case_id, j.person_key, j.owner_agency_id, j.created_at, j.day, j.verification_due_at,
          ${inDomain(sql`j.sex`, SEXES)} AS sex,
          CASE WHEN j.citizenship IS NULL OR j.citizenship IN ('', 'unknown') THEN 'unknown'
            WHEN j.citizenship = 'stateless' THEN 'stateless' WHEN j.citizenship = 'VN' THEN 'vietnamese'
            ELSE 'foreign' END AS citizenship,
          CASE WHEN j.province IN (${list(PROVINCE_CODES)}) THEN j.province
            WHEN j.origin_province IN (${list(PROVINCE_CODES)}) THEN j.origin_province ELSE 'unknown' END AS province,
          ${inDomain(sql`j.exploitation_type`, EXPLOITATION_TYPES)} AS exploitation_type,
          ${inDomain(sql`j.recruitment_channel`, RECRUITMENT_CHANNELS)} AS recruitment_channel,
          ${destinationSql(sql`j.destination_country`)} AS destination,
          j.reached_via, j.agency_kind,
          CASE
            WHEN j.date_of_birth IS NOT NULL THEN ${yearsBetween(sql`j.date_of_birth`, sql`j.day`)}
            WHEN j.estimated_age_years IS NOT NULL THEN j.estimated_age_years + CASE WHEN j.age_estimated_on IS NULL
              THEN 0 ELSE GREATEST(0, ${yearsBetween(sql`j.age_estimated_on`, sql`j.day`)}) END
            WHEN j.birth_year IS NOT NULL THEN extract(year FROM j.day)::int - j.birth_year
          END AS age
        FROM (
          SELECT c.id AS case_id, COALESCE(pc.cluster_id, p.id) AS person_key, c.owner_agency_id, c.created_at,
            ${dayOf(sql`c.created_at`, tz)} AS day, c.verification_due_at, p.sex, p.citizenship, p.province,
            c.origin_province, c.exploitation_types[1] AS exploitation_type,
            c.recruitment_channels[1] AS recruitment_channel, c.destination_country, c.reached_via,
            a.kind AS agency_kind, p.date_of_birth, p.estimated_age_years, p.age_estimated_on, p.birth_year
          FROM case_file c
          JOIN person p ON p.id = c.person_id AND p.merged_into IS NULL
          JOIN agency a ON a.id = c.owner_agency_id
          LEFT JOIN person_cluster pc ON pc.person_id = p.id
            AND pc.run_id = (SELECT current_run FROM linkage_state WHERE id)
          OFFSET 0
        ) j
      ) x`,
    );
    await step('analyze', sql`ANALYZE stat_case`);

    await step('delete', sql`DELETE FROM stat_fact`);
    // person: the cluster's earliest case
    await step(
      'person',
      sql`INSERT INTO stat_fact (${FACT_COLUMNS})
      SELECT DISTINCT ON (s.person_key) 'person', s.person_key, s.day, ${caseDims('s')}, s.agency_kind
      FROM stat_case s ORDER BY s.person_key, s.created_at, s.case_id`,
    );
    // case: every case
    await step(
      'case',
      sql`INSERT INTO stat_fact (${FACT_COLUMNS})
      SELECT 'case', s.person_key, s.day, ${caseDims('s')}, s.agency_kind FROM stat_case s`,
    );
    // identified: the person's first transition to identified_victim
    await step(
      'identified',
      sql`INSERT INTO stat_fact (${FACT_COLUMNS})
      SELECT DISTINCT ON (s.person_key) 'identified', s.person_key, ${dayOf(sql`t.at`, tz)}, ${caseDims('s')},
        s.agency_kind
      FROM case_transition t JOIN stat_case s ON s.case_id = t.case_id
      WHERE t.to_status = 'identified_victim'
      ORDER BY s.person_key, t.at, t.id`,
    );
    // decision: the case's first verification decision
    const deadlineDays = ctx.config.verificationDeadlineDays;
    await step(
      'decision',
      sql`INSERT INTO stat_fact (${FACT_COLUMNS}, decision, deadline, verification_time)
      SELECT 'decision', d.person_key, d.decided, ${caseDims('d')}, d.agency_kind, d.decision,
        CASE WHEN d.at <= COALESCE(d.verification_due_at, d.created_at + make_interval(days => ${deadlineDays}))
          THEN 'within' ELSE 'late' END,
        CASE WHEN d.decided - d.day <= 1 THEN '0-1' WHEN d.decided - d.day <= 3 THEN '2-3'
          WHEN d.decided - d.day <= 7 THEN '4-7' WHEN d.decided - d.day <= 30 THEN '8-30' ELSE '31+' END
      FROM (
        SELECT DISTINCT ON (s.case_id) s.*, ${dayOf(sql`t.at`, tz)} AS decided, t.at, t.to_status AS decision
        FROM case_transition t JOIN stat_case s ON s.case_id = t.case_id
        WHERE t.to_status IN ('identified_victim', 'not_victim')
        ORDER BY s.case_id, t.at, t.id
      ) d`,
    );
    // referral: referrals between agencies (transfers hand a case over and are not counted)
    await step(
      'referral',
      sql`INSERT INTO stat_fact (${FACT_COLUMNS}, referral_outcome, response_time, to_agency_kind, purpose)
      SELECT 'referral', s.person_key, ${dayOf(sql`r.created_at`, tz)}, ${caseDims('s')},
        fa.kind,
        r.status,
        CASE WHEN r.responded_at IS NULL THEN 'no_response'
          WHEN ${dayOf(sql`r.responded_at`, tz)} - ${dayOf(sql`r.created_at`, tz)} < 1 THEN 'same_day'
          WHEN ${dayOf(sql`r.responded_at`, tz)} - ${dayOf(sql`r.created_at`, tz)} <= 2 THEN '1-2'
          WHEN ${dayOf(sql`r.responded_at`, tz)} - ${dayOf(sql`r.created_at`, tz)} <= 7 THEN '3-7' ELSE '8+' END,
        ta.kind,
        r.purposes[1]
      FROM referral r JOIN stat_case s ON s.case_id = r.case_id
      JOIN agency fa ON fa.id = r.from_agency_id JOIN agency ta ON ta.id = r.to_agency_id
      WHERE r.kind = 'referral'`,
    );
    // service: support services, by provider (else the case owner)
    await step(
      'service',
      sql`INSERT INTO stat_fact (${FACT_COLUMNS}, service_type, service_status)
      SELECT 'service', s.person_key, COALESCE(v.start_date, v.planned_date, ${dayOf(sql`v.created_at`, tz)}),
        ${caseDims('s')}, COALESCE(pa.kind, s.agency_kind),
        v.type, v.status
      FROM support_service v JOIN stat_case s ON s.case_id = v.case_id
      LEFT JOIN agency pa ON pa.id = v.provider_agency_id`,
    );
    // screening: final screenings not superseded, at their event's border gate
    await step(
      'screening',
      sql`INSERT INTO stat_fact (${FACT_COLUMNS}, screening_outcome, border_gate)
      SELECT 'screening', s.person_key, ${dayOf(sql`g.conducted_at`, tz)}, ${caseDims('s')},
        ga.kind,
        g.outcome, COALESCE(e.border_gate, 'unknown')
      FROM screening g JOIN stat_case s ON s.case_id = g.case_id
      JOIN agency ga ON ga.id = g.agency_id
      LEFT JOIN screening_event e ON e.id = g.event_id
      WHERE g.status = 'final' AND g.superseded_by IS NULL`,
    );
    // repatriation: the return, from where, through which gate
    await step(
      'repatriation',
      sql`INSERT INTO stat_fact (kind, person_key, day, ${sql.raw(CASE_DIMENSIONS.filter((d) => d !== 'destination').join(', '))},
        destination, agency_kind, border_gate)
      SELECT 'repatriation', s.person_key, r.return_date,
        ${sql.raw(
          CASE_DIMENSIONS.filter((d) => d !== 'destination')
            .map((d) => `s.${d}`)
            .join(', '),
        )},
        ${destinationSql(sql`r.country_from`)}, s.agency_kind, COALESCE(NULLIF(r.border_gate, ''), 'unknown')
      FROM repatriation r JOIN stat_case s ON s.case_id = r.case_id`,
    );
    // follow_up: visits done, with their outcome
    await step(
      'follow_up',
      sql`INSERT INTO stat_fact (${FACT_COLUMNS}, follow_up_outcome)
      SELECT 'follow_up', s.person_key, f.done_at, ${caseDims('s')}, s.agency_kind, f.outcome
      FROM follow_up_visit f JOIN stat_case s ON s.case_id = f.case_id
      WHERE f.done_at IS NOT NULL AND f.outcome IS NOT NULL`,
    );

    await sql`SET LOCAL work_mem = '128MB'`.execute(trx);
    await buildCube(trx, (kind, ms) => (timings[`cube_${kind}`] = ms));

    const counts = await sql<{ persons: string; facts: string }>`SELECT
        count(*) FILTER (WHERE kind = 'person') AS persons, count(*) AS facts FROM stat_fact`.execute(trx);
    const persons = Number(counts.rows[0]!.persons);
    const state = await trx
      .updateTable('stat_state')
      .set({ as_of: sql<Date>`now()` as never, persons })
      .where('id', '=', true)
      .returning('as_of')
      .executeTakeFirstOrThrow();
    ctx.logger.info({ ms: timings, facts: Number(counts.rows[0]!.facts) }, 'statistics refreshed');
    return { persons, facts: Number(counts.rows[0]!.facts), asOf: new Date(state.as_of as Date).toISOString() };
  });
}
