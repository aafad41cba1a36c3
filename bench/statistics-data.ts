// The statistics benchmark's registry, generated inside the database with set-based SQL
// (generate_series, one statement per table), not through the API: persons, cases in several
// agencies of several kinds, verification decisions, referrals, support services, screenings at
// border gates, repatriations, follow-up visits, consents to statistics and linkage clusters.
// Distributions follow what Viet Nam's counter-trafficking reports describe: mostly women, about
// 8 % minors, most victims from the northern mountain provinces, forced labour, sexual exploitation
// and forced marriage first, and the rise of forced criminality in online-scam compounds. The
// encrypted fields (narratives, notes, answers) hold a placeholder: statistics never read them.
import { RECRUITMENT_CHANNELS, REFERRAL_PURPOSES, SERVICE_TYPES } from '../src/contract/codes.js';
import { PROVINCE_CODES } from '../src/contract/reference/index.js';

/** Runs one SQL statement; returns its rows. */
export type Exec = (text: string) => Promise<Record<string, unknown>[]>;

export interface StatisticsPlan {
  persons: number;
  /** Share of persons with a second case in another agency (same person record). */
  secondCaseShare: number;
  seed: number;
}

type Weighted = readonly (readonly [string, number])[];

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A CASE choosing a value by weight from a uniform [0,1) column `r`. */
function pick(weights: Weighted, r: string): string {
  const total = weights.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  const arms = weights.map(([v, w], i) => {
    acc += w / total;
    return i === weights.length - 1 ? `ELSE ${quote(v)}` : `WHEN ${r} < ${acc.toFixed(6)} THEN ${quote(v)}`;
  });
  return `(CASE ${arms.join(' ')} END)`;
}

const AGENCIES: readonly (readonly [string, string, number])[] = [
  // code, kind, share of cases it registers
  ['BENCH-CA-HN', 'police', 14],
  ['BENCH-CA-LC', 'police', 9],
  ['BENCH-CA-HG', 'police', 7],
  ['BENCH-CA-NA', 'police', 7],
  ['BENCH-CA-HCM', 'police', 6],
  ['BENCH-BP-LC', 'border_guard', 8],
  ['BENCH-BP-LS', 'border_guard', 7],
  ['BENCH-BP-QN', 'border_guard', 5],
  ['BENCH-BP-AG', 'border_guard', 4],
  ['BENCH-CTXH-HN', 'social_services', 6],
  ['BENCH-CTXH-HCM', 'social_services', 4],
  ['BENCH-SHELTER-HN', 'shelter', 4],
  ['BENCH-SHELTER-LC', 'shelter', 3],
  ['BENCH-NGO-1', 'ngo', 4],
  ['BENCH-NGO-2', 'ngo', 3],
  ['BENCH-HOTLINE', 'hotline', 4],
  ['BENCH-HEALTH-LC', 'health', 2],
  ['BENCH-IO', 'international_org', 2],
  ['BENCH-COMMUNE', 'commune', 2],
];

// Provinces: the northern mountains and the north-central coast send most victims.
const HEAVY_PROVINCES = [
  'lao-cai',
  'phu-tho',
  'dien-bien',
  'lai-chau',
  'son-la',
  'nghe-an',
  'thanh-hoa',
  'cao-bang',
  'lang-son',
  'tuyen-quang',
  'thai-nguyen',
  'ha-tinh',
  'quang-ninh',
  'ha-noi',
  'ho-chi-minh',
];
function provinceWeights(): Weighted {
  return PROVINCE_CODES.map((code) => [code, HEAVY_PROVINCES.includes(code) ? 6 : 1] as const);
}

const EXPLOITATION: Weighted = [
  ['forced_labour', 27],
  ['sexual_exploitation', 22],
  ['forced_marriage', 14],
  ['forced_criminality', 20],
  ['domestic_servitude', 5],
  ['child_exploitation', 3],
  ['begging', 2],
  ['fetus_or_baby_trafficking', 2],
  ['organ_removal', 1],
  ['other', 4],
];
const CHANNELS: Weighted = RECRUITMENT_CHANNELS.map((c, i) => [c, [22, 25, 12, 18, 9, 10, 4][i] ?? 2] as const);
const DESTINATIONS: Weighted = [
  ['CN', 34],
  ['KH', 25],
  ['MM', 8],
  ['LA', 7],
  ['MY', 5],
  ['TH', 4],
  ['KR', 3],
  ['JP', 3],
  ['TW', 3],
  ['GB', 2],
  ['DE', 1],
  ['AE', 1],
  ['US', 1],
  ['VN', 3],
];
const SOURCES: Weighted = [
  ['walk_in', 14],
  ['hotline', 12],
  ['police_operation', 20],
  ['border_screening', 18],
  ['repatriation', 22],
  ['ngo_referral', 8],
  ['foreign_authority', 5],
  ['other', 1],
];
const GATES = [
  'Móng Cái',
  'Lào Cai',
  'Hữu Nghị',
  'Tân Thanh',
  'Mộc Bài',
  'Lao Bảo',
  'Cầu Treo',
  'Thanh Thủy',
  'Tịnh Biên',
  'Nội Bài',
  'Tân Sơn Nhất',
];

/**
 * Generates the registry. Returns counts; the caller refreshes the facts afterwards.
 * `userId` records who created the rows (a bench user of the first agency).
 */
/** An agency's id: a version-4 UUID (the API's schemas refuse md5's arbitrary version and variant bits). */
const agencyId = (i: number) => `overlay(overlay(md5('agency-${i}') placing '4' from 13) placing '8' from 17)::uuid`;

export async function loadStatisticsDataset(
  exec: Exec,
  plan: StatisticsPlan,
  userId: string,
  log: (m: string) => void,
): Promise<{ agencies: { id: string; kind: string }[]; seconds: number; cases: number; persons: number }> {
  const started = Date.now();
  const step = async (label: string, text: string) => {
    const t = Date.now();
    await exec(text);
    log(`  ${label}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  await exec(`SELECT setseed(${(plan.seed % 1000) / 1000})`);
  const agencyValues = AGENCIES.map(
    ([code, kind], i) => `(${agencyId(i)}, ${quote(code)}, ${quote(`Bench ${code}`)}, ${quote(kind)})`,
  );
  await exec(`INSERT INTO agency (id, code, name, kind) VALUES ${agencyValues.join(', ')} ON CONFLICT DO NOTHING`);
  const agencyArray = `ARRAY[${AGENCIES.map((_, i) => `${agencyId(i)}`).join(', ')}]`;
  const agencyPick = pick(
    AGENCIES.map(([, , w], i) => [String(i + 1), w] as const),
    'r_agency',
  );
  const n = plan.persons;
  const start = `timestamptz '2023-01-01 00:00+07'`;
  const span = `extract(epoch FROM now() - interval '2 days' - ${start})`;

  // Persons: id md5('p'||g); created over the last years, more recently more (forced criminality).
  await step(
    `${n.toLocaleString('en')} persons`,
    `INSERT INTO person (id, owner_agency_id, name_key, sex, date_of_birth, estimated_age_years, age_estimated_on,
       citizenship, province, created_by, created_at, updated_at)
     SELECT md5('p' || g)::uuid, (${agencyArray})[${agencyPick}::int], 'bench person', ${pick(
       [
         ['female', 62],
         ['male', 36],
         ['other', 0.5],
         ['unknown', 1.5],
       ],
       'r_sex',
     )},
       CASE WHEN r_dob < 0.6 THEN (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - (age * 365.25 + r_day * 364)::int END,
       CASE WHEN r_dob >= 0.6 AND r_dob < 0.95 THEN age END,
       CASE WHEN r_dob >= 0.6 AND r_dob < 0.95 THEN (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END,
       ${pick(
         [
           ['VN', 95],
           ['LA', 1.2],
           ['KH', 1],
           ['CN', 1],
           ['MM', 0.8],
           ['stateless', 1],
         ],
         'r_cit',
       )},
       CASE WHEN r_prov < 0.97 THEN ${pick(provinceWeights(), 'r_prov / 0.97')} END,
       '${userId}', created_at, created_at
     FROM (
       SELECT g, random() AS r_agency, random() AS r_sex, random() AS r_dob, random() AS r_day, random() AS r_cit,
         random() AS r_prov,
         -- about 8 % minors (12–17, a few younger), most adults 18–40
         CASE WHEN r_age < 0.015 THEN 6 + floor(random() * 6)::int WHEN r_age < 0.08 THEN 12 + floor(random() * 6)::int
           WHEN r_age < 0.97 THEN 18 + floor(random() * random() * 30)::int ELSE 48 + floor(random() * 20)::int END AS age,
         ${start} + make_interval(secs => ${span} * sqrt(random())) AS created_at
       FROM (SELECT g, random() AS r_age FROM generate_series(1, ${n}) g) s OFFSET 0
     ) x`,
  );

  // Cases: one per person (registered by the person's agency, the day it was received), and a
  // second one in another agency for some (same person record: counted once).
  const second = Math.round(n * plan.secondCaseShare);
  await step(
    `${(n + second).toLocaleString('en')} cases`,
    `INSERT INTO case_file (id, reference, person_id, owner_agency_id, status, exploitation_types, recruitment_channels,
       origin_province, destination_country, return_date, reached_via, verification_due_at, version, created_by,
       created_at, updated_at)
     SELECT md5('c' || g || '-' || k)::uuid, 'BENCH-' || g || '-' || k, md5('p' || g)::uuid,
       CASE WHEN k = 1 THEN x.owner_agency_id ELSE (${agencyArray})[1 + (g % ${AGENCIES.length})] END,
       ${pick(
         [
           ['received', 6],
           ['under_verification', 8],
           ['identified_victim', 18],
           ['not_victim', 8],
           ['in_support', 25],
           ['closed', 35],
         ],
         'r_status',
       )},
       ARRAY[CASE WHEN r_exp < 0.04 THEN NULL ELSE ${pick(EXPLOITATION, '(r_exp - 0.04) / 0.96')} END]::text[],
       ARRAY[CASE WHEN r_chan < 0.06 THEN NULL ELSE ${pick(CHANNELS, '(r_chan - 0.06) / 0.94')} END]::text[],
       x.province, CASE WHEN r_dest < 0.05 THEN NULL ELSE ${pick(DESTINATIONS, '(r_dest - 0.05) / 0.95')} END,
       CASE WHEN r_ret < 0.6 THEN (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - floor(random() * 5)::int END,
       ${pick(SOURCES, 'r_src')},
       created_at + interval '3 days', 1, '${userId}', created_at, created_at
     FROM (
       SELECT g, k, p0.owner_agency_id, p0.province, random() AS r_status, random() AS r_exp, random() AS r_chan, random() AS r_dest, random() AS r_ret,
         random() AS r_src,
         CASE WHEN k = 1 THEN p0.created_at ELSE p0.created_at + make_interval(days => 1 + floor(random() * 200)::int) END
           AS created_at
       FROM generate_series(1, ${n}) g
       CROSS JOIN LATERAL (SELECT 1 AS k UNION ALL SELECT 2 WHERE g % ${Math.max(1, Math.round(n / Math.max(1, second)))} = 0) ks
       JOIN person p0 ON p0.id = md5('p' || g)::uuid
       OFFSET 0
     ) x
     WHERE x.created_at < now()`,
  );
  // array_remove of the NULL "unknown" entries
  await step(
    'unknown types and channels',
    `UPDATE case_file SET exploitation_types = array_remove(exploitation_types, NULL),
       recruitment_channels = array_remove(recruitment_channels, NULL)
     WHERE array_position(exploitation_types, NULL) IS NOT NULL OR array_position(recruitment_channels, NULL) IS NOT NULL`,
  );

  // Verification: received -> under_verification -> identified_victim | not_victim, within 0–40 days.
  await step(
    'verification transitions',
    `INSERT INTO case_transition (id, case_id, from_status, to_status, reason, actor_id, at)
     SELECT gen_random_uuid(), c.id, 'under_verification',
       CASE WHEN c.status = 'not_victim' OR (c.status = 'closed' AND random() < 0.25) THEN 'not_victim' ELSE 'identified_victim' END,
       'bench', '${userId}',
       LEAST(now(), c.created_at + make_interval(hours => floor(random() * random() * 40 * 24)::int))
     FROM case_file c WHERE c.status NOT IN ('received', 'under_verification')`,
  );

  // Referrals between agencies (about 45 % of cases), answered in hours to weeks, some never.
  await step(
    'referrals',
    `INSERT INTO referral (id, kind, case_id, from_agency_id, to_agency_id, purposes, due_date, status, created_by,
       created_at, responded_at)
     SELECT gen_random_uuid(), 'referral', c.id, c.owner_agency_id, to_agency,
       ARRAY[${pick(
         REFERRAL_PURPOSES.map((p, i) => [p, [20, 18, 12, 10, 8, 8, 10, 6, 4, 4][i] ?? 1] as const),
         'r_purpose',
       )}],
       (c.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 7, ${pick(
         [
           ['pending', 8],
           ['accepted', 35],
           ['declined', 10],
           ['completed', 45],
           ['revoked', 2],
         ],
         'r_ref',
       )}, '${userId}', sent,
       CASE WHEN r_ref < 0.08 THEN NULL ELSE sent + make_interval(hours => floor(random() * random() * 400)::int) END
     FROM (
       SELECT c.*, random() AS r_purpose,
         CASE WHEN (${agencyArray})[1 + (abs(hashtext(c.id::text)) % ${AGENCIES.length})] = c.owner_agency_id
           THEN (${agencyArray})[1 + ((abs(hashtext(c.id::text)) + 1) % ${AGENCIES.length})]
           ELSE (${agencyArray})[1 + (abs(hashtext(c.id::text)) % ${AGENCIES.length})] END AS to_agency,
         random() AS r_ref,
         c.created_at + make_interval(hours => 2 + floor(random() * 240)::int) AS sent
       FROM case_file c WHERE random() < 0.45 OFFSET 0
     ) c`,
  );

  // Support services: 0–3 per victim's case.
  await step(
    'support services',
    `INSERT INTO support_service (id, case_id, type, provider_agency_id, status, planned_date, start_date, created_by, created_at)
     SELECT gen_random_uuid(), c.id, ${pick(
       SERVICE_TYPES.map((t, i) => [t, [22, 14, 14, 12, 7, 6, 10, 6, 3, 3, 3][i] ?? 1] as const),
       'r_type',
     )},
       CASE WHEN r_prov < 0.5 THEN NULL ELSE (${agencyArray})[1 + floor(r_prov * 100)::int % ${AGENCIES.length}] END,
       ${pick(
         [
           ['planned', 10],
           ['in_progress', 15],
           ['provided', 65],
           ['declined', 6],
           ['cancelled', 4],
         ],
         'r_status',
       )},
       day, CASE WHEN r_status > 0.1 THEN day + 1 END, '${userId}', c.created_at
     FROM (
       SELECT c.id, c.created_at, random() AS r_type, random() AS r_prov, random() AS r_status,
         (c.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + floor(random() * 60)::int AS day
       FROM case_file c CROSS JOIN generate_series(1, 3) k
       WHERE c.status IN ('identified_victim', 'in_support', 'closed') AND random() < 0.45 OFFSET 0
     ) c`,
  );

  // Screenings at border gates: one event per gate and month, about 18 % of cases screened.
  await step(
    'repatriation groups',
    `INSERT INTO repatriation_group (id, return_date, country_from, border_gate, created_by, owner_agency_id)
     SELECT md5('group-' || gi || '-' || m)::uuid, (date '2023-01-15' + make_interval(months => m))::date,
       CASE WHEN gi % 3 = 0 THEN 'KH' ELSE 'CN' END, (ARRAY[${GATES.map(quote).join(', ')}])[gi], '${userId}',
       (${agencyArray})[6 + gi % 4]
     FROM generate_series(1, ${GATES.length}) gi, generate_series(0, 47) m`,
  );
  await step(
    'screening events',
    `INSERT INTO screening_event (id, owner_agency_id, repatriation_group_id, border_gate, event_date, country_from, created_by)
     SELECT g.id, g.owner_agency_id, g.id, g.border_gate, g.return_date, g.country_from, '${userId}' FROM repatriation_group g
     WHERE g.id IN (SELECT md5('group-' || gi || '-' || m)::uuid FROM generate_series(1, ${GATES.length}) gi, generate_series(0, 47) m)`,
  );
  await step(
    'screenings',
    `INSERT INTO screening (id, case_id, event_id, instrument, set_version, status, outcome, answers, result, location,
       conducted_at, conducted_by, agency_id)
     SELECT gen_random_uuid(), c.id,
       CASE WHEN r_event < 0.7 THEN md5('group-' || (1 + floor(r_event * 1000)::int % ${GATES.length}) || '-' ||
         LEAST(47, GREATEST(0, (extract(year FROM c.created_at)::int - 2023) * 12 + extract(month FROM c.created_at)::int - 1)))::uuid END,
       'adult', '1', 'final', ${pick(
         [
           ['presumed_victim', 45],
           ['possible_victim', 35],
           ['no_indicators_met', 20],
         ],
         'r_outcome',
       )}, 'bench', 'bench', 'bench', c.created_at, '${userId}', c.owner_agency_id
     FROM (SELECT c.*, random() AS r_event, random() AS r_outcome FROM case_file c WHERE random() < 0.18 OFFSET 0) c`,
  );
  await step(
    'repatriations',
    `INSERT INTO repatriation (case_id, country_from, border_gate, return_date, updated_by)
     SELECT c.id, COALESCE(c.destination_country, 'CN'), (ARRAY[${GATES.map(quote).join(', ')}])[1 + floor(random() * ${GATES.length})::int],
       COALESCE(c.return_date, (c.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date), '${userId}'
     FROM case_file c WHERE c.reached_via = 'repatriation' OR (c.destination_country IS NOT NULL AND random() < 0.08)`,
  );
  await step(
    'follow-up visits',
    `INSERT INTO follow_up_visit (id, case_id, scheduled_for, done_at, outcome, created_by, created_at)
     SELECT gen_random_uuid(), c.id, day, CASE WHEN day < current_date THEN day END,
       CASE WHEN day < current_date THEN ${pick(
         [
           ['stable', 55],
           ['needs_support', 20],
           ['at_risk', 10],
           ['not_reached', 13],
           ['re_trafficked', 2],
         ],
         'r_outcome',
       )} END, '${userId}', c.created_at
     FROM (SELECT c.id, c.created_at, random() AS r_outcome,
             (c.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 90 + floor(random() * 300)::int AS day
           FROM case_file c WHERE c.status IN ('in_support', 'closed') AND random() < 0.5 OFFSET 0) c`,
  );
  // Consent to statistics on most cases (the HTCDS export takes only those).
  await step(
    'consents',
    `INSERT INTO consent (id, case_id, purpose, method, given_by, recorded_by, recorded_at)
     SELECT gen_random_uuid(), c.id, 'statistics', 'signed', 'person', '${userId}', c.created_at
     FROM case_file c WHERE random() < 0.92`,
  );
  // Linkage clusters as a full linkage run leaves them: every person has a row of the current run,
  // and about 2 % of persons are another person's duplicate record (two agencies, two
  // registrations) in that person's cluster: counted once.
  await step(
    'linkage clusters',
    `INSERT INTO person_cluster (run_id, person_id, cluster_id)
     SELECT (SELECT current_run FROM linkage_state WHERE id), md5('p' || g)::uuid,
       CASE WHEN g % 50 = 0 THEN md5('p' || (g - 1))::uuid ELSE md5('p' || g)::uuid END
     FROM generate_series(1, ${n}) g`,
  );
  await step('analyze', 'ANALYZE');
  const counted = await exec(`SELECT count(*)::int AS cases FROM case_file`);
  const ids = await exec(`SELECT id::text, kind FROM agency WHERE code LIKE 'BENCH-%' ORDER BY code`);
  return {
    agencies: ids.map((r) => ({ id: String(r.id), kind: String(r.kind) })),
    seconds: (Date.now() - started) / 1000,
    cases: Number(counted[0]!.cases),
    persons: n,
  };
}
