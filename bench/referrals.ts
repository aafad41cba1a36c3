// Benchmark of the referral mechanism (issue 4): with 100,000 cases and 300,000
// referrals on PostgreSQL 15, (1) an agency's inbox page through the API, and
// (2) what the purpose-bound access check adds to a case read: the same case
// reads by the owner agency and by an agency reached only through an accepted
// referral. Data is bulk-loaded with SQL; measurements go through HTTP on loopback.
// Run: npm run bench:referrals   (BENCH_DATABASE_URL to use a server of your own)
import crypto from 'node:crypto';
import os from 'node:os';
import { buildLantern } from '../src/app.ts';
import { createUser } from '../src/access/directory.ts';
import { loadConfig } from '../src/platform/config.ts';
import { pgClient, startThrowawayPostgres, type PgServer } from './pg-server.ts';
import { latencyOf, type Latency } from './stats.ts';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const REFERRALS = Number(process.env.BENCH_REFERRALS ?? 300_000);
const AGENCIES = 40;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000);
const CONCURRENCY = 8;

let server: PgServer | undefined;
let url = process.env.BENCH_DATABASE_URL;
if (!url) {
  server = startThrowawayPostgres(5497);
  const admin = pgClient(server.url, { max: 1 });
  await admin.unsafe('CREATE DATABASE lantern_bench_referrals');
  await admin.end();
  const named = new URL(server.url);
  named.pathname = '/lantern_bench_referrals';
  url = named.toString();
}
const stopServer = () => server?.stop();
process.on('SIGINT', () => {
  stopServer();
  process.exit(130);
});
process.on('SIGTERM', () => {
  stopServer();
  process.exit(143);
});

const lantern = await buildLantern({
  ...loadConfig({}),
  databaseUrl: url,
  masterKey: crypto.randomBytes(32).toString('base64'),
  logLevel: 'warn',
});
const sql = pgClient(url, { max: 2 });
try {
  const t0 = performance.now();
  // Agencies A000…A039; the first is the owner under test, the second the receiver under test.
  await sql.unsafe(`INSERT INTO agency (id, code, name, kind) SELECT gen_random_uuid(), 'A' || lpad(i::text, 3, '0'), 'Agency ' || i,
    (ARRAY['police','border_guard','social_services','shelter','ngo','health','procuracy'])[1 + i % 7] FROM generate_series(0, ${AGENCIES - 1}) i`);
  const agencies = await sql<{ id: string; code: string }[]>`SELECT id, code FROM agency ORDER BY code`;
  const owner = agencies[0]!;
  const password = 'bench password 123';
  const ownerUser = await createUser(lantern.ctx.db, {
    email: 'owner@bench.invalid',
    displayName: 'Owner',
    agencyId: owner.id,
    roles: ['caseworker'],
    password,
  });
  await sql.unsafe(`INSERT INTO person (id, owner_agency_id, family_name, given_name, name_key, sex, citizenship, created_by)
    SELECT gen_random_uuid(), (SELECT id FROM agency WHERE code = 'A' || lpad((i % ${AGENCIES})::text, 3, '0')), 'Nguyen', 'P' || i, 'nguyen p' || i,
      'female', 'VN', '${ownerUser.id}' FROM generate_series(1, ${CASES}) i`);
  await sql.unsafe(`INSERT INTO case_file (id, reference, person_id, owner_agency_id, status, reached_via, created_by, verification_due_at, created_at)
    SELECT gen_random_uuid(), 'B-' || row_number() OVER (), p.id, p.owner_agency_id, 'in_support', 'walk_in', '${ownerUser.id}', now(), now() - random() * interval '365 days' FROM person p`);
  // Referrals go from each case's owner to another agency; status mix of a mature system.
  await sql.unsafe(`INSERT INTO referral (id, kind, case_id, from_agency_id, to_agency_id, purposes, due_date, status, created_by, created_at, responded_at)
    SELECT gen_random_uuid(), 'referral', c.id, c.owner_agency_id, a.id, ARRAY['shelter'], current_date + (g % 60 - 20),
      (ARRAY['pending','accepted','accepted','completed','declined','revoked'])[1 + g % 6], '${ownerUser.id}', now() - interval '30 days', now() - interval '29 days'
    FROM generate_series(1, ${REFERRALS}) g
    JOIN (SELECT id, owner_agency_id, row_number() OVER (ORDER BY id) - 1 AS n FROM case_file) c ON c.n = (g::bigint * 7919) % ${CASES}
    JOIN agency a ON a.code = 'A' || lpad(((g * 13 + 1) % ${AGENCIES})::text, 3, '0') AND a.id <> c.owner_agency_id`);
  await sql.unsafe(`INSERT INTO case_access_grant (id, case_id, agency_id, parts, source, source_id)
    SELECT gen_random_uuid(), r.case_id, r.to_agency_id, ARRAY['identity','contact','support_plan'], 'referral', r.id FROM referral r WHERE r.status = 'accepted'`);
  await sql.unsafe('ANALYZE');
  // The receiver under test: the agency with the most referred cases (a busy shelter).
  const [busiest] = await sql<
    { agency_id: string }[]
  >`SELECT agency_id FROM case_access_grant GROUP BY agency_id ORDER BY count(*) DESC LIMIT 1`;
  const receiver = agencies.find((a) => a.id === busiest!.agency_id)!;
  await createUser(lantern.ctx.db, {
    email: 'receiver@bench.invalid',
    displayName: 'Receiver',
    agencyId: receiver.id,
    roles: ['caseworker'],
    password,
  });
  const [{ referrals, inbox }] = await sql<
    [{ referrals: number; inbox: number }]
  >`SELECT count(*)::int AS referrals, count(*) FILTER (WHERE to_agency_id = ${receiver.id})::int AS inbox FROM referral`;
  const loadSeconds = (performance.now() - t0) / 1000;

  const address = await lantern.app.listen({ host: '127.0.0.1', port: 0 });
  const login = async (email: string) =>
    (
      (await (
        await fetch(`${address}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        })
      ).json()) as { token: string }
    ).token;
  const ownerToken = await login('owner@bench.invalid');
  const receiverToken = await login('receiver@bench.invalid');

  /** `requests` GETs at fixed concurrency; latency per request in ms; any non-200 aborts the run. */
  async function measure(
    token: string,
    paths: string[],
    concurrency = CONCURRENCY,
  ): Promise<Latency & { rps: number }> {
    const samples: number[] = [];
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < REQUESTS) {
          const path = paths[next++ % paths.length]!;
          const t = performance.now();
          const response = await fetch(`${address}${path}`, { headers: { authorization: `Bearer ${token}` } });
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
          samples.push(performance.now() - t);
        }
      }),
    );
    return { ...latencyOf(samples), rps: samples.length / ((performance.now() - start) / 1000) };
  }

  const inboxPages = [
    '/api/v1/referrals?box=inbox&limit=25',
    '/api/v1/referrals?box=inbox&status=pending&limit=25',
    '/api/v1/referrals?box=inbox&limit=50',
  ];
  const inboxResult = await measure(receiverToken, inboxPages);
  // One caseworker opening the inbox while nobody else is using Lantern.
  const inboxAlone = await measure(receiverToken, inboxPages, 1);
  // The same kind of case read: owned (no grant lookup needed) vs reached only through an accepted referral.
  const ownCases = (
    await sql<
      { id: string }[]
    >`SELECT id FROM case_file WHERE owner_agency_id = ${owner.id} ORDER BY random() LIMIT 500`
  ).map((r) => `/api/v1/cases/${r.id}`);
  const referredCases = (
    await sql<
      { id: string }[]
    >`SELECT case_id AS id FROM case_access_grant WHERE agency_id = ${receiver.id} AND active ORDER BY random() LIMIT 500`
  ).map((r) => `/api/v1/cases/${r.id}`);
  await measure(ownerToken, ownCases); // warm-up
  const ownRead = await measure(ownerToken, ownCases);
  const referredRead = await measure(receiverToken, referredCases);
  const grantPlan =
    await sql.unsafe(`EXPLAIN (ANALYZE, FORMAT JSON) SELECT (SELECT array_agg(DISTINCT p) FROM case_access_grant g, unnest(g.parts) AS p
    WHERE g.case_id = '${referredCases[0]!.split('/').pop()}' AND g.agency_id = '${receiver.id}' AND g.active)`);
  const grantMs = (grantPlan[0] as unknown as { 'QUERY PLAN': { 'Execution Time': number }[] })['QUERY PLAN'][0]![
    'Execution Time'
  ];

  const f = (n: number) => n.toFixed(1);
  const [{ version }] = await sql<[{ version: string }]>`SELECT current_setting('server_version') AS version`;
  console.log(
    `\n### Referrals — ${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model ?? 'CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, PostgreSQL ${version}\n`,
  );
  console.log(
    `Data: ${CASES.toLocaleString('en')} cases, ${referrals.toLocaleString('en')} referrals across ${AGENCIES} agencies (${inbox.toLocaleString('en')} in the measured inbox), loaded in ${f(loadSeconds)} s. ${REQUESTS} requests per row at concurrency ${CONCURRENCY} unless said otherwise, over HTTP on loopback; Lantern, PostgreSQL and the client share the 2 cores.\n`,
  );
  console.log('| measurement | req/s | p50 ms | p95 ms | p99 ms | target |');
  console.log('|---|---:|---:|---:|---:|---|');
  console.log(
    `| inbox page (GET /referrals?box=inbox), one user at a time | ${f(inboxAlone.rps)} | ${f(inboxAlone.p50)} | ${f(inboxAlone.p95)} | ${f(inboxAlone.p99)} | p95 < 50 ms: ${inboxAlone.p95 < 50 ? 'met' : 'NOT met'} |`,
  );
  console.log(
    `| inbox page, ${CONCURRENCY} users at once | ${f(inboxResult.rps)} | ${f(inboxResult.p50)} | ${f(inboxResult.p95)} | ${f(inboxResult.p99)} | p95 < 50 ms: ${inboxResult.p95 < 50 ? 'met' : 'NOT met'} |`,
  );
  console.log(
    `| case read, owner agency | ${f(ownRead.rps)} | ${f(ownRead.p50)} | ${f(ownRead.p95)} | ${f(ownRead.p99)} | |`,
  );
  console.log(
    `| case read through an accepted referral | ${f(referredRead.rps)} | ${f(referredRead.p50)} | ${f(referredRead.p95)} | ${f(referredRead.p99)} | |`,
  );
  const added = referredRead.p50 - ownRead.p50;
  console.log(
    `| **added by the purpose-bound check** (p50 difference) | | ${f(added)} | ${f(referredRead.p95 - ownRead.p95)} | | < 2 ms: ${added < 2 ? 'met' : 'NOT met'} |`,
  );
  console.log(`\nThe grant lookup alone (EXPLAIN ANALYZE of the policy's subquery): ${grantMs.toFixed(3)} ms.`);
} finally {
  await sql.end();
  await lantern.close();
  stopServer();
}
