// `npm run bench:reporting [-- --reports N] [-- --seconds S] [-- --connections C] [-- --rate R] [-- --pglite-scale F]`:
// issue 14 §4. On PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL: a fresh database is created there and
// dropped after) with 100,000 reports already in the hotline's hands, then on the embedded database (PGlite) at a
// tenth of the scale:
//   (a) public submissions (`POST /api/v1/public/reports`, JSON, no photo) as fast as C connections get answers,
//       for S seconds: the capacity, every one with its receipt hashed (argon2id) and its content encrypted,
//       exactly as in production;
//   (b) submissions at the rate the issue asks (--rate, 200/s) for S seconds while a hotline operator's triage
//       queue page (`GET /api/v1/reports`) is loaded from 2 connections (target p95 < 100 ms), and the same
//       queue before that with nothing else running;
//   (c) the report page `/report` as a phone without JavaScript gets it: every byte transferred (target ≤ 30 kB),
//       and that it asks for nothing else (no script, no style sheet, no image, no font).
// The throttles on public reports (LANTERN_REPORTS_PER_ADDRESS_HOUR, 10, and LANTERN_REPORTS_PER_HOUR, 20,000) are
// lifted for the run: every request comes from 127.0.0.1, and the bench measures what the server can take, not
// what the limits let through. Lantern runs in this process; the load generators in child processes.
// Prints a JSON summary and a Markdown section for bench/RESULTS.md.
import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { buildLantern, type Lantern } from '../src/app.js';
import { createUser } from '../src/access/directory.js';
import { PROVINCES } from '../src/contract/reference/index.js';
import { loadConfig } from '../src/platform/config.js';
import { openPglite, openPostgres, type Database } from '../src/platform/database.js';
import type { LoadResult, LoadSpec } from './loadgen.js';
import { withFreshDatabase } from './pg-server.js';
import { cpuMeter, machine, option, type CpuShare } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const REPORTS = option('reports', 100_000);
const SECONDS = option('seconds', 20);
const CONNECTIONS = option('connections', 32);
const PGLITE_SCALE = option('pglite-scale', 0.1);
/** The rate the issue asks the server to sustain while the queue answers. */
const RATE = option('rate', 200);
/** The queue as an operator opens it: open reports, the most urgent and oldest first, a page of 50. */
const QUEUE_PATH = '/api/v1/reports?status=open&limit=50';

const started = Date.now();
const log = (m: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`);

function loadgen(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(ROOT, 'bench/loadgen.ts'), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (m: { result?: LoadResult; error?: string }) =>
      m.result ? resolve(m.result) : reject(new Error(`load generator: ${m.error}`)),
    );
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited with ${code}`)));
    child.send(spec);
  });
}

/** Reports already received: a fifth still open, the rest triaged; content encrypted as the form stores it. */
async function seed(lantern: Lantern, count: number): Promise<number> {
  const t0 = Date.now();
  const { db, keys } = lantern.ctx;
  const contents = Array.from({ length: 64 }, (_, i) =>
    keys.encrypt(
      JSON.stringify({
        whatHappened: `Báo cáo thử số ${i}: một người quen nhận việc qua mạng và bị giữ ở nước ngoài.`,
        place: null,
        when: null,
        minorInvolved: i % 5 === 0 ? 'yes' : 'no',
        immediateDanger: i % 7 === 0 ? 'yes' : 'no',
        recruitment: 'online_job_ad',
        destinationCountry: 'KH',
        destinationOther: null,
        identifiers: ['+84912345678'],
        contact: null,
      }),
    ),
  );
  const provinces = PROVINCES.map((p) => p.code);
  await sql`
    INSERT INTO public_report (id, channel, language, content, minor_involved, immediate_danger, province_code,
                               status, triage_outcome, created_at, updated_at)
    SELECT gen_random_uuid(), CASE WHEN i % 3 = 0 THEN 'phone' ELSE 'web' END, 'vi',
           (${contents}::text[])[1 + i % 64], i % 5 = 0, i % 7 = 0, (${provinces}::text[])[1 + i % ${provinces.length}],
           CASE WHEN i % 5 = 0 THEN 'received' ELSE 'closed' END,
           CASE WHEN i % 5 = 0 THEN NULL ELSE 'not_trafficking' END,
           now() - make_interval(mins => i % 129600), now()
    FROM generate_series(1, ${count}) AS i`.execute(db);
  await sql`ANALYZE public_report`.execute(db);
  return (Date.now() - t0) / 1000;
}

async function operatorToken(lantern: Lantern, base: string): Promise<string> {
  const db = lantern.ctx.db;
  const agency = await db
    .insertInto('agency')
    .values({ id: crypto.randomUUID(), code: 'BENCH-111', name: 'Tổng đài quốc gia 111', kind: 'hotline' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const password = `bench-${crypto.randomBytes(12).toString('hex')}`;
  const email = 'operator@bench.lantern.invalid';
  await createUser(db, {
    email,
    displayName: 'Điện thoại viên',
    agencyId: agency.id,
    roles: ['hotline_operator'],
    password,
  });
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { token?: string };
  if (!body.token) throw new Error(`the operator could not sign in: ${response.status} ${JSON.stringify(body)}`);
  const queue = await fetch(`${base}${QUEUE_PATH}`, { headers: { authorization: `Bearer ${body.token}` } });
  if (queue.status !== 200) throw new Error(`the triage queue answered ${queue.status}: ${await queue.text()}`);
  return body.token;
}

interface PageFigures {
  bytes: number;
  gzipBytes: number;
  transferred: number;
  encoding: string;
  resources: string[];
}

/** The report page as a browser without JavaScript fetches it, and what it would fetch next. */
async function reportPage(base: string): Promise<PageFigures> {
  const response = await fetch(`${base}/report`, { headers: { 'accept-encoding': 'gzip, br' } });
  const text = await response.text();
  const encoding = response.headers.get('content-encoding') ?? 'none';
  const length = Number(response.headers.get('content-length') ?? NaN);
  const bytes = Buffer.byteLength(text);
  // What else the page makes a browser download (scripts are not run, but would still be fetched).
  const resources = [
    ...text.matchAll(/<(?:script|img|iframe|source|audio|video)[^>]*\ssrc="([^"]+)"/gi),
    ...text.matchAll(/<link[^>]*\shref="([^"]+)"/gi),
    ...text.matchAll(/url\(([^)]+)\)/gi),
  ].map((m) => m[1]!);
  return {
    bytes,
    gzipBytes: gzipSync(text).length,
    transferred: Number.isFinite(length) && encoding !== 'none' ? length : bytes,
    encoding,
    resources,
  };
}

interface Figures {
  database: string;
  reports: number;
  seedSeconds: number;
  capacity: { rps: number; p95: number; non2xx: number };
  submissions: { rps: number; ok: number; non2xx: number; errors: number; p50: number; p95: number; p99: number };
  queueUnderLoad: { rps: number; p50: number; p95: number; p99: number; non2xx: number };
  queueAlone: { p50: number; p95: number; p99: number };
  cpu: CpuShare;
  page: PageFigures;
}

async function run(
  database: Database,
  reports: number,
  label: string,
  url?: string,
  serverPid?: number,
): Promise<Figures> {
  const config = {
    ...loadConfig({}),
    masterKey: crypto.randomBytes(32).toString('base64'),
    logLevel: 'warn' as const,
    publicReportsPerAddressHour: 1_000_000_000,
    publicReportsPerHour: 1_000_000_000,
    ...(url ? { databaseUrl: url } : {}),
  };
  const lantern = await buildLantern(config, { database, runJobs: false });
  try {
    const base = await lantern.app.listen({ host: '127.0.0.1', port: 0 });
    log(`${label}: seeding ${reports.toLocaleString('en')} reports`);
    const seedSeconds = await seed(lantern, reports);
    const token = await operatorToken(lantern, base);
    const page = await reportPage(base);
    const common = { url: base, tokens: [token], caseIds: [], personIds: [], queries: [], queuePath: QUEUE_PATH };
    const provinces = PROVINCES.map((p) => p.code);

    log(`${label}: the queue alone, 10 s`);
    const alone = await loadgen({ ...common, scenario: 'queue', connections: 2, seconds: 10 });
    log(`${label}: warm-up, 3 s`);
    await loadgen({ ...common, scenario: 'report', connections: CONNECTIONS, seconds: 3, provinces });
    log(`${label}: ${SECONDS} s of submissions as fast as ${CONNECTIONS} connections get answers (the capacity)`);
    const capacity = await loadgen({
      ...common,
      scenario: 'report',
      connections: CONNECTIONS,
      seconds: SECONDS,
      provinces,
    });
    log(`  ${Math.round(capacity.rps)} reports/s (p95 ${capacity.latency.p95.toFixed(0)} ms)`);
    log(`${label}: ${SECONDS} s of submissions at ${RATE}/s, the queue from 2 connections meanwhile`);
    const meter = cpuMeter(url ? serverPid : null);
    const [submitted, queue] = await Promise.all([
      loadgen({ ...common, scenario: 'report', connections: CONNECTIONS, seconds: SECONDS, provinces, rate: RATE }),
      loadgen({ ...common, scenario: 'queue', connections: 2, seconds: SECONDS }),
    ]);
    const cpu = meter(submitted.cpuMs + queue.cpuMs);
    log(
      `  ${Math.round(submitted.rps)} reports/s (p95 ${submitted.latency.p95.toFixed(0)} ms, non-2xx ${submitted.non2xx}); ` +
        `queue p95 ${queue.latency.p95.toFixed(1)} ms (alone ${alone.latency.p95.toFixed(1)} ms); ` +
        `CPU app ${cpu.app} % · PostgreSQL ${cpu.postgres} % · load gen ${cpu.loadgen} % · other ${cpu.other} %`,
    );
    if (submitted.sampleErrors.length) log(`  errors: ${submitted.sampleErrors.join(' | ')}`);
    return {
      database: label,
      reports,
      seedSeconds,
      capacity: { rps: capacity.rps, p95: capacity.latency.p95, non2xx: capacity.non2xx },
      submissions: {
        rps: submitted.rps,
        ok: submitted.ok,
        non2xx: submitted.non2xx,
        errors: submitted.errors + submitted.timeouts,
        p50: submitted.latency.p50,
        p95: submitted.latency.p95,
        p99: submitted.latency.p99,
      },
      queueUnderLoad: {
        rps: queue.rps,
        p50: queue.latency.p50,
        p95: queue.latency.p95,
        p99: queue.latency.p99,
        non2xx: queue.non2xx,
      },
      queueAlone: { p50: alone.latency.p50, p95: alone.latency.p95, p99: alone.latency.p99 },
      cpu,
      page,
    };
  } finally {
    await lantern.close();
  }
}

const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const results: Figures[] = [];
if (adminUrl) {
  results.push(
    await withFreshDatabase(adminUrl, async (url, serverPid) =>
      run(await openPostgres(url), REPORTS, 'postgres', url, serverPid),
    ),
  );
} else {
  log('no BENCH_DATABASE_URL or TEST_DATABASE_URL: PostgreSQL skipped');
}
results.push(await run(await openPglite(undefined), Math.max(1000, Math.round(REPORTS * PGLITE_SCALE)), 'pglite'));

console.log(JSON.stringify({ date: new Date().toISOString(), machine: machine(), results }, null, 2));
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
const row = (f: Figures) =>
  `| ${f.database} | ${f.reports.toLocaleString('en')} | ${Math.round(f.capacity.rps)}/s (p95 ${ms(f.capacity.p95)}) | ` +
  `${Math.round(f.submissions.rps)}/s (p95 ${ms(f.submissions.p95)}, non-2xx ${f.submissions.non2xx}) | ` +
  `${ms(f.queueUnderLoad.p95)} (alone ${ms(f.queueAlone.p95)}) | ` +
  `${f.cpu.app} · ${f.cpu.postgres} · ${f.cpu.loadgen} · ${f.cpu.other} |`;
const page = results[0]!.page;
const m = machine();
console.log(`
## Public reporting (issue 14 §4) — ${new Date().toISOString().slice(0, 10)}

Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGb} GB, Node ${m.node}. \`npm run bench:reporting\`: the capacity from
${CONNECTIONS} connections, then ${RATE} submissions a second for ${SECONDS} s while 2 connections load the triage queue
(\`${QUEUE_PATH}\`).

| database | reports held | capacity | at ${RATE}/s (≥ 200/s) | queue p95 meanwhile (< 100 ms) | CPU % at ${RATE}/s: app · PostgreSQL · load gen · other |
|---|---|---|---|---|---|
${results.map(row).join('\n')}

The report page without JavaScript: ${kb(page.transferred)} transferred (${page.encoding}; ${kb(page.bytes)} of HTML,
${kb(page.gzipBytes)} gzipped), target ≤ 30 kB; it asks for ${page.resources.length === 0 ? 'nothing else' : page.resources.join(', ')}.
`);
