// `npm run bench:linkage-check`: the registration check ("this person may already be registered")
// over a registry of 1,000,000 persons on PostgreSQL. Loads generated Vietnamese multi-agency
// records (bench/linkage-data.ts: realistic errors and the real frequency of family names) straight
// into a fresh database — persons, encrypted phones and ID numbers, and the linkage_key index of
// keyed blocking-key hashes as the personsChanged hook writes it — then calls the check's service
// (checkRegistration: key lookup, candidates, scorePair with the default model, audit event) for
// records held back from the load, and prints p50/p95/p99.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres npm run bench:linkage-check [-- --size 1000000 --probes 1000 --run]
//
// --run: then a full linkage run over the same registry, stepped as `lantern linkage run` does, timed per phase.
//
// A database lantern_bench_check_<random> is created on that server and dropped at the end
// (BENCH_KEEP_DB=1 keeps it).
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { openLanternContext } from '../src/capabilities.js';
import { checkRegistration } from '../src/linkage/check.js';
import { advanceRun, createRun } from '../src/linkage/run.js';
import { hashedKeys, KEY_RULES } from '../src/linkage/store.js';
import { inTransaction } from '../src/platform/database.js';
import type { LinkRecord } from '../src/linkage/types.js';
import { personNameKey } from '../src/contract/names.js';
import { loadConfig } from '../src/platform/config.js';
import { createLogger } from '../src/platform/logger.js';
import { normaliseDocumentNumber } from '../src/contract/text.js';
import { generateVietnamese } from './linkage-data.js';

/** A generated date typed with an error may not exist (30 February): the registry would refuse it. */
const validDate = (d: string | null) => {
  if (!d || !/^\d{4}-\d{2}-\d{2}$/.test(d)) return null;
  const t = new Date(`${d}T00:00:00Z`);
  const year = Number(d.slice(0, 4));
  return year >= 1900 && year <= 2100 && !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d ? d : null;
};

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : undefined;
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('Set DATABASE_URL to a PostgreSQL server this benchmark may create a database on.');
  process.exit(2);
}
const size = option('size', 1_000_000);
const probes = option('probes', 1000);
const name = `lantern_bench_check_${crypto.randomBytes(4).toString('hex')}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;

const t0 = performance.now();
const log = (m: string) => console.error(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${m}`);
const config = {
  ...loadConfig({}),
  databaseUrl: url.toString(),
  masterKey: crypto.randomBytes(32).toString('base64'),
  logLevel: 'silent',
};
const ctx = await openLanternContext(config, createLogger('silent'));
try {
  log(`generating ${size + probes} records`);
  const { records } = generateVietnamese(size + probes, 20251201);
  for (const r of records as { dateOfBirth: string | null }[]) r.dateOfBirth = validDate(r.dateOfBirth);
  const loaded = records.slice(0, size);
  const held = records.slice(size);

  const agencies = new Map<string, string>();
  for (const code of new Set(records.map((r) => r.source ?? 'x'))) {
    const id = crypto.randomUUID();
    await ctx.db.insertInto('agency').values({ id, code: code.toUpperCase(), name: code, kind: 'police' }).execute();
    agencies.set(code, id);
  }
  const userId = crypto.randomUUID();
  const firstAgency = [...agencies.values()][0]!;
  await ctx.db
    .insertInto('app_user')
    .values({
      id: userId,
      email: 'bench@test.invalid',
      display_name: 'Bench',
      agency_id: firstAgency,
      roles: ['intake_officer'],
      password_hash: 'x',
    } as never)
    .execute();

  // persons, documents and keys, in batches, with the indexes built once at the end
  await ctx.db.schema.dropIndex('linkage_key_person_idx').execute();
  await ctx.db.schema.alterTable('linkage_key').dropConstraint('linkage_key_pkey').execute();
  const BATCH = 1000;
  for (let from = 0; from < loaded.length; from += BATCH) {
    const batch = loaded.slice(from, from + BATCH).map((r) => ({ r, id: crypto.randomUUID() }));
    await ctx.db
      .insertInto('person')
      .values(
        batch.map(({ r, id }) => ({
          id,
          owner_agency_id: agencies.get(r.source ?? 'x')!,
          family_name: r.familyName,
          middle_name: r.middleName,
          given_name: r.givenName ?? (r.familyName ? null : '?'),
          name_key: personNameKey([r.familyName, r.middleName, r.givenName]),
          sex: r.sex ?? 'unknown',
          date_of_birth: r.dateOfBirth,
          birth_year: r.dateOfBirth ? null : r.birthYear,
          province: r.province,
          citizenship: 'VN',
          contact: r.phone ? ctx.keys.encrypt(JSON.stringify({ phone: r.phone })) : null,
          created_by: userId,
          updated_at: new Date(),
        })),
      )
      .execute();
    const docs = batch.flatMap(({ r, id }) =>
      r.idNumbers.map((n) => ({
        id: crypto.randomUUID(),
        person_id: id,
        type: 'citizen_id_card',
        number: ctx.keys.encrypt(n),
        number_hash: ctx.keys.blindIndex(normaliseDocumentNumber(n)),
      })),
    );
    if (docs.length) await ctx.db.insertInto('identity_document').values(docs).execute();
    const keys = batch.flatMap(({ r, id }) =>
      hashedKeys(ctx.keys, { ...r, id } as LinkRecord).map((key) => ({ key, person_id: id })),
    );
    for (let k = 0; k < keys.length; k += 5000)
      await ctx.db
        .insertInto('linkage_key')
        .values(keys.slice(k, k + 5000))
        .execute();
    if ((from / BATCH) % 50 === 0) log(`loaded ${from + batch.length} persons`);
  }
  // the keys were written with the current blocking rules, as the personsChanged hook writes them
  await ctx.db.updateTable('linkage_state').set({ key_rules: KEY_RULES }).where('id', '=', true).execute();
  log('building the linkage_key indexes');
  await ctx.db.schema
    .alterTable('linkage_key')
    .addPrimaryKeyConstraint('linkage_key_pkey', ['key', 'person_id'])
    .execute();
  await ctx.db.schema.createIndex('linkage_key_person_idx').on('linkage_key').column('person_id').execute();
  await ctx.db.executeQuery({ sql: 'ANALYZE', parameters: [], query: { kind: 'RawNode' } } as never);
  const keyCount = Number(
    (
      await ctx.db
        .selectFrom('linkage_key')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  log(`${size} persons, ${keyCount} keys loaded`);

  const actor = {
    userId,
    agencyId: firstAgency,
    agencyKind: 'police' as const,
    roles: ['intake_officer' as const],
    language: 'vi' as const,
    clientIp: null,
  };
  const input = (r: LinkRecord) => ({
    ...(r.familyName ? { familyName: r.familyName } : {}),
    ...(r.middleName ? { middleName: r.middleName } : {}),
    ...(r.givenName ? { givenName: r.givenName } : {}),
    ...(r.sex ? { sex: r.sex } : {}),
    ...(r.dateOfBirth ? { dateOfBirth: r.dateOfBirth } : r.birthYear ? { birthYear: r.birthYear } : {}),
    ...(r.province ? { province: r.province } : {}),
    ...(r.phone ? { contact: { phone: r.phone } } : {}),
    ...(r.idNumbers.length
      ? { identityDocuments: r.idNumbers.map((number) => ({ type: 'citizen_id_card' as const, number })) }
      : {}),
  });
  // warm-up
  for (const r of held.slice(0, 50)) await checkRegistration(ctx, actor, input(r));
  const times: number[] = [];
  let withMatches = 0;
  for (const r of held) {
    const start = performance.now();
    const result = await checkRegistration(ctx, actor, input(r));
    times.push(performance.now() - start);
    if (result.matches.length) withMatches++;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  console.log(
    `registration check over ${size.toLocaleString('en-US')} persons (${keyCount.toLocaleString('en-US')} keys), PostgreSQL, ${held.length} checks:`,
  );
  console.log(
    `  p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  p99 ${at(0.99)} ms  max ${times[times.length - 1]!.toFixed(1)} ms`,
  );
  console.log(`  checks with at least one match: ${withMatches} of ${held.length}`);

  if (process.argv.includes('--run')) {
    // a full run over the same registry, stepped as the CLI does, timed per phase
    const runId0 = await createRun(ctx, ctx.db, null);
    let runId = runId0;
    const phases = new Map<string, number>();
    let last = performance.now();
    const runStart = last;
    let phase = 'load'; // the phase a step works in (a step answers with the next one)
    for (;;) {
      const step = await inTransaction(ctx.db, (trx) => advanceRun(ctx, trx, runId));
      runId = step.runId;
      const now = performance.now();
      phases.set(phase, (phases.get(phase) ?? 0) + (now - last));
      phase = step.phase.split(':')[0]!;
      last = now;
      if (step.finished) {
        console.log(
          `full run over ${size.toLocaleString('en-US')} persons: ${((now - runStart) / 1000).toFixed(1)} s, ${String(step.result?.candidatePairs)} candidate pairs, ${String(step.result?.clusters)} clusters`,
        );
        console.log(`  ${[...phases].map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')}`);
        break;
      }
      if (step.waitMs) await new Promise((r) => setTimeout(r, step.waitMs));
    }
  }
} finally {
  await ctx.database.close();
  if (process.env.BENCH_KEEP_DB !== '1') await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
