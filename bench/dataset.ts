// Bulk load of the benchmark dataset with plain SQL (INSERT ... SELECT FROM
// unnest of arrays, 5,000 rows a statement), not through the API. Rows have the
// shapes of migrations/0001_core.sql: unique references from case_reference_seq,
// verification deadlines, lifecycle history, and the fields the application
// encrypts (narrative, contact, closure and transition reasons) encrypted with
// the run's master key, and name_key computed by personNameKey exactly as
// the API computes it. Secondary indexes are dropped for the load and recreated
// from their own definitions afterwards.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { createAgency, createUser } from '../src/access/directory.js';
import type { DB } from '../src/platform/db-schema.js';
import type { Keys } from '../src/platform/keys.js';
import { personNameKey } from '../src/contract/names.js';
import { CASE_SOURCES, RECRUITMENT_CHANNELS, type CaseStatus } from '../src/contract/codes.js';
import { PROVINCE_CODES } from '../src/contract/reference/index.js';
import { mulberry32 as rng } from '../src/platform/seeded-random.js';
import { generateName, picker, searchQueryFor, type GeneratedName } from './names.js';

/** Runs one SQL statement with parameters; returns its rows. */
export type Exec = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export interface DatasetPlan {
  /** Persons in the registry (the search runs over all of them). */
  persons: number;
  /** Cases, one for each of the first `cases` persons (reads and creates use these). */
  cases: number;
  seed: number;
  batchSize: number;
}

export interface BenchUser {
  id: string;
  email: string;
  password: string;
}

export interface Dataset {
  agencyId: string;
  /** Users who sign in during the benchmark (investigators of the owner agency). */
  users: BenchUser[];
  caseIds: string[];
  /** Persons to open new cases for (a sample). */
  personIds: string[];
  /** Name searches as caseworkers type them. */
  queries: string[];
  loadSeconds: number;
  indexSeconds: number;
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const isoDate = (ms: number) => iso(ms).slice(0, 10);
const pgArray = (items: readonly string[]) => `{${items.join(',')}}`;

const NARRATIVE_PARTS = [
  'Được người quen giới thiệu việc làm lương cao ở nước ngoài.',
  'Bị giữ giấy tờ tùy thân sau khi qua biên giới.',
  'Làm việc trong xưởng may từ sáng đến đêm, không được trả lương.',
  'Bị ép kết hôn với người đàn ông không quen biết.',
  'Liên lạc với gia đình qua mạng xã hội và được giải cứu.',
  'Bị chuyển qua nhiều người môi giới khác nhau.',
  'Được hứa hẹn làm phục vụ nhà hàng nhưng bị ép làm việc khác.',
  'Bị đe dọa và không được tự do đi lại.',
  'Trốn thoát và tìm đến đồn biên phòng.',
  'Được cơ quan chức năng nước bạn trao trả qua cửa khẩu.',
  'Recruited through an online job advertisement promising factory work.',
  'Passport withheld by the employer on arrival.',
];
const CLOSURE_REASONS = [
  'Reintegrated with family, support completed',
  'Transferred to provincial social services',
  'Person declined further support',
  'Not a victim: case closed after verification',
];
const DESTINATIONS: readonly (readonly [string, number])[] = [
  ['CN', 35],
  ['KH', 20],
  ['MY', 8],
  ['LA', 7],
  ['TH', 5],
  ['KR', 4],
  ['JP', 4],
  ['TW', 4],
  ['GB', 3],
  ['DE', 2],
  ['AE', 2],
  ['SA', 2],
  ['MM', 4],
];
const STATUSES: readonly (readonly [CaseStatus, number])[] = [
  ['received', 8],
  ['under_verification', 10],
  ['identified_victim', 15],
  ['not_victim', 7],
  ['in_support', 25],
  ['closed', 35],
];
const pickDestination = picker(DESTINATIONS);
const pickStatus = picker(STATUSES) as (r: number) => CaseStatus;
const pickExploitation = picker([
  ['forced_labour', 35],
  ['sexual_exploitation', 25],
  ['forced_marriage', 15],
  ['domestic_servitude', 6],
  ['child_exploitation', 5],
  ['forced_criminality', 5],
  ['begging', 3],
  ['fetus_or_baby_trafficking', 2],
  ['organ_removal', 1],
  ['other', 3],
]);
const pickChannel = picker(RECRUITMENT_CHANNELS.map((c, i) => [c, 7 - i] as const));
const pickSource = picker(CASE_SOURCES.map((c, i) => [c, [20, 15, 15, 20, 15, 8, 5, 2][i] ?? 1] as const));
const MINORITY = new Set([
  'Giàng',
  'Sùng',
  'Thào',
  'Vàng',
  'Lò',
  'Mùa',
  'Lầu',
  'Hầu',
  'Cứ',
  'Sình',
  'Lường',
  'Quàng',
  'Bàn',
  'Chảo',
  'Tẩn',
  'Nông',
]);

/** The lifecycle a case in `status` went through (from → to pairs). */
function historyTo(status: CaseStatus, random: () => number): [CaseStatus, CaseStatus][] {
  const chains: Record<CaseStatus, CaseStatus[]> = {
    received: ['received'],
    under_verification: ['received', 'under_verification'],
    identified_victim: ['received', 'under_verification', 'identified_victim'],
    not_victim: ['received', 'under_verification', 'not_victim'],
    in_support: ['received', 'under_verification', 'identified_victim', 'in_support'],
    closed:
      random() < 0.7
        ? ['received', 'under_verification', 'identified_victim', 'in_support', 'closed']
        : ['received', 'under_verification', 'not_victim', 'closed'],
  };
  const chain = chains[status];
  return chain.slice(1).map((to, i) => [chain[i]!, to]);
}

/** Runs `produce(batch)` for every batch, keeping one batch in flight while the next is built. */
async function pipelined<T>(
  count: number,
  batchSize: number,
  build: (from: number, to: number) => T,
  send: (batch: T) => Promise<unknown>,
): Promise<void> {
  let inFlight: Promise<unknown> = Promise.resolve();
  for (let from = 0; from < count; from += batchSize) {
    const batch = build(from, Math.min(count, from + batchSize));
    await inFlight;
    inFlight = send(batch);
  }
  await inFlight;
}

const PERSON_INSERT = `INSERT INTO person (id, owner_agency_id, family_name, middle_name, given_name, aliases, name_key, sex, date_of_birth,
  estimated_age_years, age_estimated_on, citizenship, languages, contact, version, created_by, created_at, updated_at)
SELECT t.id, $1::uuid, t.family_name, t.middle_name, t.given_name, t.aliases::jsonb, t.name_key, t.sex, t.dob,
  t.est, t.est_on, t.citizenship, t.languages::text[], t.contact, 1, t.created_by, t.created_at, t.created_at
FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::date[], $10::int[], $11::date[],
  $12::text[], $13::text[], $14::text[], $15::uuid[], $16::timestamptz[])
  AS t(id, family_name, middle_name, given_name, aliases, name_key, sex, dob, est, est_on, citizenship, languages, contact, created_by, created_at)`;

const CASE_INSERT = `INSERT INTO case_file (id, reference, person_id, owner_agency_id, assigned_user_id, status, exploitation_types, recruitment_channels,
  origin_province, transit_countries, destination_country, recruitment_date, exploitation_start_date, exit_date, return_date, reached_via,
  narrative, verification_due_at, closure_reason, version, created_by, created_at, updated_at)
SELECT t.id, next_case_reference(t.created_at),
  t.person_id, $1::uuid, t.assigned, t.status, t.etypes::text[], t.channels::text[], t.origin, t.transit::text[], t.dest,
  t.rdate, t.xdate, t.exit, t.ret, t.via, t.narrative, t.created_at + interval '3 days', t.closure, t.version, t.created_by, t.created_at, t.updated_at
FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::date[], $12::date[],
  $13::date[], $14::date[], $15::text[], $16::text[], $17::text[], $18::int[], $19::uuid[], $20::timestamptz[], $21::timestamptz[])
  AS t(id, person_id, assigned, status, etypes, channels, origin, transit, dest, rdate, xdate, exit, ret, via, narrative, closure, version,
       created_by, created_at, updated_at)`;

const TRANSITION_INSERT = `INSERT INTO case_transition (id, case_id, from_status, to_status, reason, actor_id, at)
SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::timestamptz[])`;

export async function loadDataset(
  db: Kysely<DB>,
  exec: Exec,
  keys: Keys,
  plan: DatasetPlan,
  log: (m: string) => void,
): Promise<Dataset> {
  const started = Date.now();
  const random = rng(plan.seed);
  const agency = await createAgency(db, {
    code: 'BENCH-HN',
    name: 'Phòng Cảnh sát hình sự, Công an TP Hà Nội',
    kind: 'police',
    province: null,
  });
  const users: BenchUser[] = [];
  for (let i = 0; i < 8; i++) {
    const email = `investigator${i + 1}@bench.lantern.invalid`;
    const password = `bench-${crypto.randomBytes(12).toString('hex')}`;
    const created = await createUser(db, {
      email,
      displayName: `Điều tra viên ${i + 1}`,
      agencyId: agency.id,
      roles: ['investigator'],
      password,
    });
    users.push({ id: created.id, email, password });
  }
  const staff = users.map((u) => u.id);
  const pickStaff = () => staff[Math.floor(random() * staff.length)]!;

  // Drop the secondary indexes for the load; recreate them from the same definitions after.
  const indexes = await exec(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
    AND tablename IN ('person', 'case_file', 'case_transition') AND indexname NOT IN (SELECT conname FROM pg_constraint)`);
  for (const ix of indexes) await exec(`DROP INDEX ${String(ix.indexname)}`);

  const now = Date.now();
  const caseCreated: number[] = new Array(plan.cases);
  for (let i = 0; i < plan.cases; i++) caseCreated[i] = now - DAY - Math.floor(random() * 3 * 365 * DAY);
  const personIds: string[] = new Array(plan.persons);
  const names: GeneratedName[] = [];
  const queryRandom = rng(plan.seed + 1);
  const queries: string[] = [];
  const wantedQueries = 2000;

  log(`loading ${plan.persons.toLocaleString('en')} persons`);
  await pipelined(
    plan.persons,
    plan.batchSize,
    (from, to) => {
      const cols: unknown[][] = Array.from({ length: 15 }, () => []);
      for (let i = from; i < to; i++) {
        const id = crypto.randomUUID();
        personIds[i] = id;
        const name = generateName(random);
        if (i < plan.cases && names.length < wantedQueries * 4 && random() < 0.2) names.push(name);
        const created =
          i < plan.cases
            ? caseCreated[i]! - Math.floor(random() * 3_600_000)
            : now - Math.floor(random() * 6 * 365 * DAY);
        const hasDob = random() < 0.6;
        const age = 12 + Math.floor(random() * 34);
        const minority = name.familyName !== null && MINORITY.has(name.familyName);
        const contact =
          i < plan.cases && random() < 0.7
            ? keys.encrypt(
                JSON.stringify({
                  phone: `09${Math.floor(random() * 1e8)
                    .toString()
                    .padStart(8, '0')}`,
                  address: 'Xã Tả Van, Lào Cai',
                }),
              )
            : null;
        const values = [
          id,
          name.familyName,
          name.middleName,
          name.givenName,
          JSON.stringify(name.aliases),
          personNameKey([name.familyName, name.middleName, name.givenName, ...name.aliases]),
          name.sex,
          hasDob ? isoDate(created - age * 365.25 * DAY - Math.floor(random() * 365 * DAY)) : null,
          hasDob ? null : String(age),
          hasDob ? null : isoDate(created),
          random() < 0.97 ? 'VN' : ['LA', 'KH', 'CN', 'MM'][Math.floor(random() * 4)]!,
          minority ? pgArray(['hmn', 'vi']) : pgArray(['vi']),
          contact,
          pickStaff(),
          iso(created),
        ];
        values.forEach((v, c) => cols[c]!.push(v));
      }
      return cols;
    },
    (cols) => exec(PERSON_INSERT, [agency.id, ...cols]),
  );
  for (const name of names) {
    if (queries.length >= wantedQueries) break;
    queries.push(searchQueryFor(name, queryRandom));
  }

  log(`loading ${plan.cases.toLocaleString('en')} cases and their history`);
  const order = Array.from({ length: plan.cases }, (_, i) => i).sort((a, b) => caseCreated[a]! - caseCreated[b]!); // references follow time
  const caseIds: string[] = [];
  let transitions: unknown[][] = Array.from({ length: 7 }, () => []);
  await pipelined(
    plan.cases,
    plan.batchSize,
    (from, to) => {
      const cols: unknown[][] = Array.from({ length: 20 }, () => []);
      for (let k = from; k < to; k++) {
        const i = order[k]!;
        const id = crypto.randomUUID();
        caseIds.push(id);
        const created = caseCreated[i]!;
        const status = pickStatus(random());
        const history = historyTo(status, random);
        let at = created;
        const actor = pickStaff();
        for (const [fromStatus, toStatus] of history) {
          at += Math.floor(random() * 20 * DAY) + 3_600_000;
          const reason = keys.encrypt(
            toStatus === 'closed'
              ? CLOSURE_REASONS[Math.floor(random() * 4)]!
              : 'Verified with the person and documents',
          );
          const t = [crypto.randomUUID(), id, fromStatus, toStatus, reason, actor, iso(Math.min(at, now))];
          t.forEach((v, c) => transitions[c]!.push(v));
        }
        const types = new Set([pickExploitation(random())]);
        if (random() < 0.3) types.add(pickExploitation(random()));
        const channels = new Set([pickChannel(random())]);
        if (random() < 0.2) channels.add(pickChannel(random()));
        const destination = pickDestination(random());
        const recruited = created - (60 + Math.floor(random() * 700)) * DAY;
        const exploited = recruited + Math.floor(random() * 30) * DAY;
        const exited = exploited + Math.floor(random() * 400) * DAY;
        const narrative =
          random() < 0.9
            ? keys.encrypt(
                Array.from(
                  { length: 3 + Math.floor(random() * 12) },
                  () => NARRATIVE_PARTS[Math.floor(random() * NARRATIVE_PARTS.length)]!,
                ).join(' '),
              )
            : null;
        const values = [
          id,
          personIds[i],
          random() < 0.8 ? pickStaff() : null,
          status,
          pgArray([...types]),
          pgArray([...channels]),
          PROVINCE_CODES[Math.floor(random() * PROVINCE_CODES.length)]!,
          random() < 0.25 ? pgArray([destination === 'CN' ? 'LA' : 'KH']) : '{}',
          destination,
          isoDate(recruited),
          isoDate(exploited),
          isoDate(Math.min(exited, created - DAY)),
          random() < 0.7 ? isoDate(created - Math.floor(random() * 5) * DAY) : null,
          pickSource(random()),
          narrative,
          status === 'closed' ? keys.encrypt(CLOSURE_REASONS[Math.floor(random() * 4)]!) : null,
          1 + history.length,
          actor,
          iso(created),
          iso(Math.min(at, now)),
        ];
        values.forEach((v, c) => cols[c]!.push(v));
      }
      const batchTransitions = transitions;
      transitions = Array.from({ length: 7 }, () => []);
      return { cols, batchTransitions };
    },
    async ({ cols, batchTransitions }) => {
      await exec(CASE_INSERT, [agency.id, ...cols]);
      await exec(TRANSITION_INSERT, batchTransitions);
    },
  );
  const loadSeconds = (Date.now() - started) / 1000;

  log(`recreating ${indexes.length} indexes`);
  const indexStarted = Date.now();
  for (const ix of indexes) await exec(String(ix.indexdef));
  await exec('VACUUM ANALYZE person');
  await exec('VACUUM ANALYZE case_file');
  await exec('VACUUM ANALYZE case_transition');
  await exec('ANALYZE');
  const indexSeconds = (Date.now() - indexStarted) / 1000;

  // Sample of persons to open new cases for: anyone in the registry.
  const sample: string[] = [];
  for (let i = 0; i < Math.min(20_000, plan.persons); i++) sample.push(personIds[Math.floor(random() * plan.persons)]!);
  return { agencyId: agency.id, users, caseIds, personIds: sample, queries, loadSeconds, indexSeconds };
}
