// `npm run bench:prosecution [-- --suspects N] [-- --cases N] [-- --identifiers N] [-- --samples N]
// [-- --pglite-scale F]`: issue 13 §5 on PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL: a fresh database is
// created there and dropped after) with 1,000,000 identifiers, 200,000 suspects and 100,000 cases, seeded with
// set-based SQL, then the same at a smaller scale on the embedded database (PGlite):
//   (a) the hit check when an identifier is entered (p95 < 20 ms): the whole entry as POST /cases/:id/identifiers
//       does it (addCaseIdentifier: normalise, store, find the hits, audit), for phone numbers that other
//       agencies' cases already hold; and the hit lookup alone (findHits), over the 1,000,000 seeded keys;
//   (b) expanding two hops around a suspect (p95 < 200 ms), as GET /network does it (networkAround);
//   (c) the shortest path between two suspects (p95 < 500 ms), as GET /network/path does it (pathBetween).
// Every query runs as an investigator of one police agency, filtered by the prosecution policy like the API.
// Prints a JSON summary and a Markdown section for bench/RESULTS.md.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { buildLantern, type Lantern } from '../src/app.js';
import { createUser } from '../src/access/directory.js';
import type { Actor } from '../src/platform/actor.js';
import { loadConfig } from '../src/platform/config.js';
import { openPglite, openPostgres, type Database } from '../src/platform/database.js';
import { Problem } from '../src/platform/problems.js';
import { findHits } from '../src/prosecution/hits.js';
import { addCaseIdentifier, identifierKeys } from '../src/prosecution/identifiers.js';
import { networkAround, pathBetween } from '../src/prosecution/network.js';
import { withFreshDatabase } from './pg-server.js';
import { latencyOf, machine, option, type Latency } from './stats.js';

const SUSPECTS = option('suspects', 200_000);
const CASES = option('cases', 100_000);
const IDENTIFIERS = option('identifiers', 1_000_000);
const SAMPLES = option('samples', 200);
const PGLITE_SCALE = option('pglite-scale', 0.1);
const AGENCIES = 10; // police and border guard commands; the caller is an investigator of the first

const started = Date.now();
const log = (m: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`);
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

interface Size {
  suspects: number;
  cases: number;
  identifiers: number;
}

async function seed(lantern: Lantern, size: Size): Promise<{ actor: Actor; seconds: number }> {
  const t0 = Date.now();
  const db = lantern.ctx.db;
  const exec = async (label: string, text: string) => {
    const t = Date.now();
    await sql.raw(text).execute(db);
    log(`  ${label}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  const agency = (expr: string) => `md5('agency' || ((${expr}) % ${AGENCIES}))::uuid`;
  await exec(
    'agencies',
    `INSERT INTO agency (id, code, name, kind) SELECT ${agency('g')}, 'BENCH-PA' || g, 'Bench police ' || g,
       CASE WHEN g % 3 = 2 THEN 'border_guard' ELSE 'police' END FROM generate_series(0, ${AGENCIES - 1}) g`,
  );
  const agencyId = (await sql<{ id: string }>`SELECT md5('agency' || 0)::uuid AS id`.execute(db)).rows[0]!.id;
  const user = await createUser(db, {
    email: 'bench-investigator@bench.lantern.invalid',
    displayName: 'Bench investigator',
    agencyId,
    roles: ['investigator'],
    password: crypto.randomBytes(12).toString('hex'),
    mustChangePassword: false,
  });
  const uid = user.id;
  // One sealed value serves for every identifier: the network decrypts a label, the figures do not depend on it.
  const sealed = lantern.ctx.keys.encrypt('+84900000000');
  await exec(
    `${size.cases.toLocaleString('en')} persons`,
    `INSERT INTO person (id, owner_agency_id, name_key, sex, citizenship, created_by)
     SELECT md5('p' || g)::uuid, ${agency('g')}, 'bench person', 'female', 'VN', '${uid}'
     FROM generate_series(1, ${size.cases}) g`,
  );
  await exec(
    `${size.cases.toLocaleString('en')} cases`,
    `INSERT INTO case_file (id, reference, person_id, owner_agency_id, status, reached_via, verification_due_at,
       created_by)
     SELECT md5('c' || g)::uuid, 'BENCH-' || g, md5('p' || g)::uuid, ${agency('g')}, 'in_support', 'repatriation',
       now() + interval '3 days', '${uid}'
     FROM generate_series(1, ${size.cases}) g`,
  );
  await exec(
    `${size.suspects.toLocaleString('en')} suspects`,
    `INSERT INTO suspect (id, owner_agency_id, full_name, name_key, sex, created_by)
     SELECT md5('s' || g)::uuid, ${agency('g')}, 'Bench suspect ' || g, 'bench suspect ' || g,
       CASE WHEN g % 4 = 0 THEN 'female' ELSE 'male' END, '${uid}'
     FROM generate_series(1, ${size.suspects}) g`,
  );
  // Each case: two suspects of its own agency (g and g + cases, same agency by construction), and one in
  // five a third suspect of any agency (the links across provinces the network is for).
  await exec(
    'case–suspect links',
    `INSERT INTO case_suspect (id, case_id, suspect_id, role, source, recorded_by, recorded_at)
     SELECT gen_random_uuid(), md5('c' || g)::uuid, md5('s' || s)::uuid,
       (ARRAY['recruiter','broker','transporter','harbourer','employer','buyer','financier','other'])[1 + (g + s) % 8],
       'victim_statement', '${uid}', now() - make_interval(days => (g % 700))
     FROM generate_series(1, ${size.cases}) g
     CROSS JOIN LATERAL (SELECT g AS s UNION ALL SELECT g + ${size.cases} WHERE g + ${size.cases} <= ${size.suspects}
       UNION ALL SELECT 1 + floor(random() * ${size.suspects})::int WHERE g % 5 = 0) x
     ON CONFLICT DO NOTHING`,
  );
  // Suspects working together: about one link per two suspects, within an agency (ids 10 apart keep it).
  await exec(
    'suspect–suspect links',
    `INSERT INTO suspect_link (id, suspect_id, other_suspect_id, relation, source, recorded_by)
     SELECT gen_random_uuid(), least(a, b), greatest(a, b), 'associate', 'investigation', '${uid}'
     FROM (SELECT md5('s' || g)::uuid AS a,
             md5('s' || (1 + (g + ${AGENCIES} * (1 + floor(random() * 50)::int) - 1) % ${size.suspects}))::uuid AS b
           FROM generate_series(1, ${size.suspects}, 2) g) x
     WHERE a <> b ON CONFLICT DO NOTHING`,
  );
  // Identifiers: half on cases, half on suspects; keys drawn from a pool of 60 % of the rows, so that many
  // phones and accounts recur, across agencies too.
  const pool = Math.round(size.identifiers * 0.6);
  await exec(
    `${size.identifiers.toLocaleString('en')} identifiers`,
    `INSERT INTO identifier (id, kind, value, normalized, match_key, owner_agency_id, case_id, suspect_id, source,
       recorded_by, recorded_at)
     SELECT gen_random_uuid(), 'phone', '${sealed}', '${sealed}', md5('k' || k), ${agency('h')},
       CASE WHEN g % 2 = 0 THEN md5('c' || h)::uuid END, CASE WHEN g % 2 = 1 THEN md5('s' || h)::uuid END,
       'victim_statement', '${uid}', now() - make_interval(days => (g % 700))
     FROM (SELECT g, 1 + floor(random() * ${pool})::int AS k,
             CASE WHEN g % 2 = 0 THEN 1 + (g / 2) % ${size.cases} ELSE 1 + (g / 2) % ${size.suspects} END AS h
           FROM generate_series(1, ${size.identifiers}) g) x
     ON CONFLICT DO NOTHING`,
  );
  await exec('analyze', 'ANALYZE');
  const actor: Actor = {
    userId: uid,
    agencyId,
    agencyKind: 'police',
    roles: ['investigator'],
    language: 'en',
    clientIp: null,
  };
  return { actor, seconds: (Date.now() - t0) / 1000 };
}

/** The uuid PostgreSQL makes of md5(text)::uuid, as the seed names its rows. */
function uuidOfMd5(text: string): string {
  const h = crypto.createHash('md5').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

interface Figures {
  database: string;
  size: Size;
  seedSeconds: number;
  entry: Latency & { meanHitAgencies: number };
  hitLookup: Latency;
  twoHops: Latency & { meanNodes: number; truncatedShare: number };
  path: Latency & { foundShare: number; meanLength: number };
}

async function measure(lantern: Lantern, actor: Actor, size: Size, database: string, seedSeconds: number) {
  const db = lantern.ctx.db;
  // The caller's own suspects (agency 0: ids divisible by the number of agencies).
  const own = (n: number) =>
    Array.from({ length: n }, () => {
      const g = AGENCIES * (1 + Math.floor(Math.random() * Math.floor(size.suspects / AGENCIES)));
      return uuidOfMd5(`s${g}`);
    });
  const samples = Math.max(20, Math.round(SAMPLES * (database === 'pglite' ? 0.5 : 1)));

  // (a) The entry with its hits. Phone numbers that cases of three other agencies already hold (their match keys
  // are the server's own blind index, so the entry finds them), entered on the caller's own cases.
  const phones = Array.from({ length: samples }, (_, i) => `09${String(10_000_000 + i * 7919).slice(-8)}`);
  const sealed = lantern.ctx.keys.encrypt('+84900000000');
  for (const [i, phone] of phones.entries()) {
    const key = identifierKeys(lantern.ctx, 'phone', phone).matchKey;
    for (let k = 1; k <= 3; k++)
      await sql`INSERT INTO identifier (id, kind, value, normalized, match_key, owner_agency_id, case_id, source,
          recorded_by) VALUES (gen_random_uuid(), 'phone', ${sealed}, ${sealed}, ${key}, md5('agency' || ${k})::uuid,
          md5('c' || ${AGENCIES * (1 + i) + k})::uuid, 'victim_statement', ${actor.userId})`.execute(db);
  }
  const entry: number[] = [];
  let hitAgencies = 0;
  for (const [i, phone] of phones.entries()) {
    const caseId = uuidOfMd5(`c${AGENCIES * (1 + i)}`); // the caller's own case (agency 0)
    const t = performance.now();
    const view = await addCaseIdentifier(lantern.ctx, actor, caseId, { kind: 'phone', value: phone });
    entry.push(performance.now() - t);
    hitAgencies += view.hits.length;
  }
  log(`  entry with hits p95 ${ms(latencyOf(entry).p95)}, ${(hitAgencies / samples).toFixed(1)} agencies a hit`);

  // The hit lookup alone, for keys of the seeded million (many recur across agencies).
  const hit: number[] = [];
  for (let i = 0; i < samples; i++) {
    const key = crypto
      .createHash('md5')
      .update(`k${1 + Math.floor(Math.random() * size.identifiers * 0.6)}`)
      .digest('hex');
    const t = performance.now();
    await findHits(db, actor, key, null);
    hit.push(performance.now() - t);
  }
  log(`  hit lookup p95 ${ms(latencyOf(hit).p95)}`);

  const hops: number[] = [];
  let nodes = 0;
  let truncated = 0;
  for (const id of own(samples)) {
    const t = performance.now();
    const net = await networkAround(lantern.ctx, actor, `suspect:${id}`, 2);
    hops.push(performance.now() - t);
    nodes += net.nodes.length;
    if (net.truncated) truncated += 1;
  }
  log(`  two hops p95 ${ms(latencyOf(hops).p95)}, mean ${(nodes / samples).toFixed(0)} nodes`);

  const paths: number[] = [];
  let found = 0;
  let length = 0;
  const ends = own(samples * 2);
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    try {
      const p = await pathBetween(lantern.ctx, actor, ends[2 * i]!, ends[2 * i + 1]!, 6);
      found += 1;
      length += p.edges.length;
    } catch (error) {
      if (!(error instanceof Problem) || error.status !== 404) throw error;
    }
    paths.push(performance.now() - t);
  }
  log(`  path p95 ${ms(latencyOf(paths).p95)}, ${found}/${samples} connected`);
  return {
    database,
    size,
    seedSeconds,
    entry: { ...latencyOf(entry), meanHitAgencies: hitAgencies / samples },
    hitLookup: latencyOf(hit),
    twoHops: { ...latencyOf(hops), meanNodes: nodes / samples, truncatedShare: truncated / samples },
    path: { ...latencyOf(paths), foundShare: found / samples, meanLength: found ? length / found : 0 },
  } satisfies Figures;
}

async function run(database: Database, size: Size, label: string, url?: string): Promise<Figures> {
  const config = {
    ...loadConfig({}),
    masterKey: crypto.randomBytes(32).toString('base64'),
    logLevel: 'warn' as const,
    ...(url ? { databaseUrl: url } : {}),
  };
  const lantern = await buildLantern(config, { database, runJobs: false });
  try {
    log(`${label}: seeding`);
    const { actor, seconds } = await seed(lantern, size);
    log(`${label}: measuring`);
    return await measure(lantern, actor, size, label, seconds);
  } finally {
    await lantern.close();
  }
}

const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const results: Figures[] = [];
if (adminUrl) {
  results.push(
    await withFreshDatabase(adminUrl, async (url) =>
      run(await openPostgres(url, 5), { suspects: SUSPECTS, cases: CASES, identifiers: IDENTIFIERS }, 'postgres', url),
    ),
  );
} else {
  log('no BENCH_DATABASE_URL or TEST_DATABASE_URL: PostgreSQL skipped');
}
const small = (n: number) => Math.max(1000, Math.round(n * PGLITE_SCALE));
results.push(
  await run(
    await openPglite(undefined),
    { suspects: small(SUSPECTS), cases: small(CASES), identifiers: small(IDENTIFIERS) },
    'pglite',
  ),
);

const m = machine();
console.log(JSON.stringify({ date: new Date().toISOString(), machine: m, results }, null, 2));
const row = (f: Figures) =>
  `| ${f.database} | ${f.size.identifiers.toLocaleString('en')} / ${f.size.suspects.toLocaleString('en')} / ` +
  `${f.size.cases.toLocaleString('en')} | ${ms(f.entry.p95)} | ${ms(f.hitLookup.p95)} | ${ms(f.twoHops.p95)} (${f.twoHops.meanNodes.toFixed(0)} nodes) | ` +
  `${ms(f.path.p95)} (${Math.round(f.path.foundShare * 100)} % connected) | ${f.seedSeconds.toFixed(0)} s |`;
console.log(`
## Prosecution: hits, network, paths (issue 13 §5) — ${new Date().toISOString().slice(0, 10)}

Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGb} GB, Node ${m.node}. \`npm run bench:prosecution\`.

| database | identifiers / suspects / cases | entry with its hits p95 (target < 20 ms) | hit lookup alone p95 | 2 hops p95 (< 200 ms) | path p95 (< 500 ms) | seeding |
|---|---|---|---|---|---|---|
${results.map(row).join('\n')}
`);
