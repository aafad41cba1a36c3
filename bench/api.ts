// `npm run bench:api`: loads a realistic registry (default 1,000,000 persons, of
// whom 100,000 have a case) into PostgreSQL, starts Lantern in this process, and
// measures with autocannon (32 connections, from a child process) authenticated
// case reads by id (each audited), case creation and name search; then issues
// the same SQL directly through the driver (the ceiling); then repeats on the
// embedded PGlite with a smaller dataset. Appends the figures to bench/RESULTS.md.
//
// PostgreSQL: BENCH_DATABASE_URL (a server the benchmark may create and drop the
// database lantern_bench on), or else a throwaway PostgreSQL 15 started here.
//
// Overrides (environment): BENCH_PERSONS (persons with a case, = cases; 100000),
// BENCH_SEARCH_PERSONS (persons in all; 1000000), BENCH_SECONDS (20),
// BENCH_WARMUP_SECONDS (3), BENCH_CONNECTIONS (32), BENCH_DRIVER_POOL (10, the
// pool Lantern itself opens), BENCH_PG_PORT (5499), BENCH_PGLITE_PERSONS (20000),
// BENCH_PGLITE_SECONDS (10), BENCH_SKIP_POSTGRES=1, BENCH_SKIP_PGLITE=1,
// BENCH_RESULTS (bench/RESULTS.md).
// Diagnostics: BENCH_SCENARIOS (e.g. read,create), BENCH_APP_POOL (hand Lantern a
// pool of this size instead of the one openDatabase opens), BENCH_KEEP_DB=1 (leave
// the throwaway server running at the end, for EXPLAIN and experiments), BENCH_CPU_PROFILE=DIR (after each
// measured scenario, a separate 10-second run under a V8 CPU profile of Lantern: DIR/<database>-<scenario>
// .cpuprofile, .svg flame graph and .md summary; the measured figures are not taken under the profiler),
// BENCH_DONT_WAIT=1 (measure once without waiting for a quiet machine: for profiles and trials only),
// BENCH_APP_SERVERS (2: on PostgreSQL, the API scenarios again with this many app servers, the others in their own
// processes, the connections shared out among them; 1 to skip).
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { CompiledQuery } from 'kysely';
import { buildLantern, type Lantern } from '../src/app.js';
import { loadConfig, type Config } from '../src/platform/config.js';
import { openPglite, openPostgres, type Database } from '../src/platform/database.js';
import { createKeys, parseMasterKey } from '../src/platform/keys.js';
import { migrate } from '../src/platform/migrate.js';
import { resolveNameQuery, type NameQuery } from '../src/registry/name-search.js';
import { ceilingOperations, closedLoop, pgliteDriver, postgresDriver, type Driver } from './ceiling.js';
import { loadDataset, type Dataset, type Exec } from './dataset.js';
import type { LoadResult, LoadSpec, Scenario } from './loadgen.js';
import { pgClient, PG_BIN, postmasterPid, startThrowawayPostgres, SERVER_SETTINGS, viaTcp } from './pg-server.js';
import { renderRun, targetVerdicts, type DbResult, type Row, type StatementStat } from './report.js';
import * as S from './statements.js';
import { flameGraphSvg, profileWhile, summarise, summaryMarkdown } from './profile.js';
import { cpuMeter, machine, machineBusy, type CpuShare } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

const settings = {
  cases: intEnv('BENCH_PERSONS', 100_000),
  persons: 0,
  seconds: intEnv('BENCH_SECONDS', 20),
  warmup: intEnv('BENCH_WARMUP_SECONDS', 3),
  connections: intEnv('BENCH_CONNECTIONS', 32),
  driverPool: intEnv('BENCH_DRIVER_POOL', 10),
  port: intEnv('BENCH_PG_PORT', 5499),
  pglitePersons: intEnv('BENCH_PGLITE_PERSONS', 20_000),
  pgliteSeconds: intEnv('BENCH_PGLITE_SECONDS', 10),
  scenarios: (process.env.BENCH_SCENARIOS ?? 'read,create,search')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean) as Scenario[],
  appPool: process.env.BENCH_APP_POOL ? intEnv('BENCH_APP_POOL', 10) : undefined,
  keepDb: process.env.BENCH_KEEP_DB === '1',
  appServers: intEnv('BENCH_APP_SERVERS', 2),
  // For profiles and trials on a busy machine: measure once, at once, however busy the machine is.
  dontWait: process.env.BENCH_DONT_WAIT === '1',
  profileDir: process.env.BENCH_CPU_PROFILE ? path.resolve(process.env.BENCH_CPU_PROFILE) : null,
  skipPostgres: process.env.BENCH_SKIP_POSTGRES === '1',
  skipPglite: process.env.BENCH_SKIP_PGLITE === '1',
  results: path.resolve(ROOT, process.env.BENCH_RESULTS ?? 'bench/RESULTS.md'),
};
settings.persons = Math.max(settings.cases, intEnv('BENCH_SEARCH_PERSONS', 1_000_000));

/** The throwaway server's postmaster, so that CPU is charged to it and not to other PostgreSQL servers on the machine. */
let serverPid: number | null | undefined;

const SCENARIOS: Scenario[] = (['read', 'create', 'search'] as const).filter((x) => settings.scenarios.includes(x));
if (SCENARIOS.length === 0) throw new Error('BENCH_SCENARIOS names none of read, create, search');
const started = Date.now();
/**
 * The V8 flags `npm start` runs Lantern with (package.json), for the app servers started here. This process,
 * where the first app server and the driver ceiling run, gets them from the bench:api script; a run without them
 * says so, since it measures a different server.
 */
const START_FLAGS = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));
const MISSING_START_FLAGS = START_FLAGS.filter((flag) => !process.execArgv.includes(flag));

const log = (message: string) =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

// ---- cleanup on exit, error and Ctrl-C ----
const cleanups = new Set<() => void>();
function onCleanup(fn: () => void): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}
function runCleanups() {
  for (const fn of [...cleanups].reverse()) {
    try {
      fn();
    } catch (error) {
      console.error(error);
    }
  }
  cleanups.clear();
}
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => {
    console.error(error);
    runCleanups();
    process.exit(1);
  });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the benchmark and its database`);
    runCleanups();
    process.exit(130);
  });
}

// ---- load generator (child process) ----
function loadgen(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(path.join(ROOT, 'bench/loadgen.ts'), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const forget = onCleanup(() => child.kill('SIGKILL'));
    let settled = false;
    child.once('message', (message: { result?: LoadResult; error?: string }) => {
      settled = true;
      forget();
      if (message.result) resolve(message.result);
      else reject(new Error(`load generator: ${message.error}`));
    });
    child.once('exit', (code) => {
      forget();
      if (!settled) reject(new Error(`load generator exited with ${code}`));
    });
    child.send(spec);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for the server to finish the requests still in flight when autocannon hung
 * up (a handler keeps running after its client leaves), so that they spill into
 * neither the next measurement nor the shutdown. `idle` tells when the database has
 * no work from the app left; without it, a pause sized on the latency.
 */
async function drain(result: LoadResult, idle?: () => Promise<boolean>): Promise<void> {
  await sleep(1000);
  if (!idle) {
    await sleep(Math.min(15_000, 2 * result.latency.p99));
    return;
  }
  const deadline = Date.now() + 60_000;
  for (let quiet = 0; quiet < 3 && Date.now() < deadline; await sleep(200)) quiet = (await idle()) ? quiet + 1 : 0;
}

// ---- Lantern under test ----
interface Running {
  lantern: Lantern;
  base: string;
  sessions: { userId: string; token: string }[];
}

interface AppServer {
  child: ChildProcess;
  base: string;
}

/** Starts `count` more app servers on the same database, each in its own process (bench/app-server.ts). */
async function startAppServers(config: Config, count: number): Promise<AppServer[]> {
  const servers: AppServer[] = [];
  for (let i = 0; i < count; i++) {
    const child = fork(path.join(ROOT, 'bench/app-server.ts'), [], {
      cwd: ROOT,
      execArgv: [...START_FLAGS, '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    onCleanup(() => child.kill('SIGKILL'));
    const base = await new Promise<string>((resolve, reject) => {
      child.once('message', (m: { address?: string; error?: string }) =>
        m.address ? resolve(m.address) : reject(new Error(`app server: ${m.error}`)),
      );
      child.once('exit', (code) => reject(new Error(`app server exited with ${code}`)));
      child.send(config);
    });
    servers.push({ child, base });
  }
  return servers;
}

async function stopAppServers(servers: AppServer[]): Promise<void> {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          s.child.once('exit', () => resolve());
          s.child.send('stop');
        }),
    ),
  );
}

async function startLantern(config: Config, dataset: Dataset, database?: Database): Promise<Running> {
  const lantern = await buildLantern(config, database ? { database } : {});
  const address = await lantern.app.listen({ host: '127.0.0.1', port: 0 });
  const sessions: Running['sessions'] = [];
  for (const user of dataset.users) {
    const response = await fetch(`${address}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    const body = (await response.json()) as { token?: string; mfaRequired?: boolean };
    if (response.status !== 200 || !body.token || body.mfaRequired)
      throw new Error(`sign-in of ${user.email} failed: ${response.status} ${JSON.stringify(body)}`);
    sessions.push({ userId: user.id, token: body.token });
  }
  // Smoke test: each scenario answers 2xx before it is measured.
  const auth = { authorization: `Bearer ${sessions[0]!.token}` };
  const checks: [string, RequestInit][] = [
    [`/api/v1/cases/${dataset.caseIds[0]}`, { headers: auth }],
    [`/api/v1/cases?q=${encodeURIComponent(dataset.queries[0]!)}&limit=25`, { headers: auth }],
    [
      '/api/v1/cases',
      {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          personId: dataset.personIds[0],
          reachedVia: 'walk_in',
          exploitationTypes: ['forced_labour'],
        }),
      },
    ],
  ];
  for (const [url, init] of checks) {
    const response = await fetch(`${address}${url}`, init);
    if (response.status >= 300)
      throw new Error(`smoke test ${init.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  }
  return { lantern, base: address, sessions };
}

async function stopLantern(running: Running): Promise<void> {
  const t0 = Date.now();
  const slow = setInterval(() => log(`still closing Lantern after ${((Date.now() - t0) / 1000).toFixed(0)} s`), 10_000);
  try {
    await running.lantern.close();
  } finally {
    clearInterval(slow);
  }
  log(`Lantern closed in ${((Date.now() - t0) / 1000).toFixed(1)} s (the audit sealer sealed what was pending)`);
}

/** Other processes may use at most this share of the machine's CPU during a measurement, else it is taken again. */
const MAX_INTERFERENCE = 10;
const ATTEMPTS = 3;

/** Waits (up to 2 minutes) until the machine is quiet, since other work on it would skew the figures. */
async function waitForQuiet(): Promise<void> {
  if (settings.dontWait) return;
  const deadline = Date.now() + 120_000;
  let warned = false;
  for (;;) {
    const busy = await machineBusy(1000);
    if (busy < 8 || Date.now() > deadline) return;
    if (!warned) {
      log(`machine busy (${Math.round(busy)} % of CPU used by other processes): waiting for it to be quiet`);
      warned = true;
    }
  }
}

/** Measures up to ATTEMPTS times while other processes interfere; keeps the least disturbed attempt. */
async function leastDisturbed<T extends { cpu: CpuShare }>(label: string, measure: () => Promise<T>): Promise<T> {
  let best: T | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    await waitForQuiet();
    const result = await measure();
    if (!best || result.cpu.other < best.cpu.other) best = result;
    if (result.cpu.other <= MAX_INTERFERENCE || settings.dontWait) break;
    if (attempt < ATTEMPTS)
      log(`  ${label}: other processes used ${result.cpu.other} % of the CPU meanwhile; measuring again`);
  }
  return best!;
}

interface Probe {
  /** True when the database has no statement of the app in progress. */
  idle?(): Promise<boolean>;
  /** Called before a measured API run. */
  before(): Promise<void>;
  /** Called after it, with the number of responses: what the database did meanwhile. */
  after(responses: number): Promise<Pick<Row, 'statements' | 'walSyncsPerRequest'>>;
}

/** A run of `spec` under the CPU profiler, written as DIR/<label>.cpuprofile, .svg and .md (BENCH_CPU_PROFILE). */
async function profiledRun(spec: LoadSpec, label: string, probe?: Probe): Promise<void> {
  const dir = settings.profileDir!;
  fs.mkdirSync(dir, { recursive: true });
  log(`API ${spec.scenario}: ${spec.seconds} s under the CPU profiler`);
  const { result, profile } = await profileWhile(() => loadgen(spec));
  await drain(result, probe?.idle);
  const base = path.join(dir, label);
  fs.writeFileSync(`${base}.cpuprofile`, JSON.stringify(profile));
  fs.writeFileSync(
    `${base}.svg`,
    flameGraphSvg(profile, `${label}: ${Math.round(result.rps)} req/s under the profiler`),
  );
  const summary = summaryMarkdown(summarise(profile), result.responses);
  fs.writeFileSync(
    `${base}.md`,
    `# ${label}, ${new Date().toISOString()}\n\n${Math.round(result.rps)} req/s under the profiler.\n\n${summary}\n`,
  );
  log(`  profile: ${base}.{cpuprofile,svg,md}`);
}

async function measureApi(
  running: Running,
  dataset: Dataset,
  seconds: number,
  warmup: number,
  probe?: Probe,
  label = 'postgres',
  others: AppServer[] = [],
): Promise<Row[]> {
  const appPids = others.map((s) => s.child.pid!).filter(Boolean);
  const servers = 1 + others.length;
  const rows: Row[] = [];
  for (const scenario of SCENARIOS) {
    const spec: LoadSpec = {
      url: [running.base, ...others.map((s) => s.base)],
      connections: settings.connections,
      seconds,
      scenario,
      tokens: running.sessions.map((s) => s.token),
      caseIds: dataset.caseIds,
      personIds: dataset.personIds,
      queries: dataset.queries,
    };
    const on = servers > 1 ? ` on ${servers} app servers` : '';
    log(`API ${scenario}${on}: warm-up ${warmup} s`);
    await drain(await loadgen({ ...spec, seconds: warmup }), probe?.idle);
    const { result, cpu, elu, database } = await leastDisturbed(`API ${scenario}`, async () => {
      await probe?.before();
      log(`API ${scenario}${on}: ${seconds} s at ${settings.connections} connections`);
      const meter = cpuMeter(serverPid, appPids);
      const elu0 = performance.eventLoopUtilization();
      const result = await loadgen(spec);
      const elu = performance.eventLoopUtilization(elu0).utilization;
      const cpu = meter(result.cpuMs);
      await drain(result, probe?.idle);
      const database = await probe?.after(result.responses);
      return { result, cpu, elu, database };
    });
    log(
      `  event loop busy ${Math.round(100 * elu)} %, CPU app ${cpu.app} % · PostgreSQL ${cpu.postgres} % · load gen ${cpu.loadgen} % · interrupts ${cpu.irq} % · other processes ${cpu.other} % of all cores`,
    );
    log(
      `  ${Math.round(result.rps)} req/s, p50 ${result.latency.p50.toFixed(1)} ms, p95 ${result.latency.p95.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
    );
    rows.push({
      scenario,
      path: servers > 1 ? 'api2' : 'api',
      rps: result.rps,
      ok: result.ok,
      latency: result.latency,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      cpu,
      elu,
      ...(result.sampleErrors.length ? { sampleErrors: result.sampleErrors } : {}),
      ...database,
    });
    if (settings.profileDir)
      await profiledRun(
        { ...spec, seconds: Math.min(seconds, 10) },
        `${label}-${scenario}${servers > 1 ? `-${servers}-servers` : ''}`,
        probe,
      );
  }
  return rows;
}

async function measureDriver(
  driver: Driver,
  data: Parameters<typeof ceilingOperations>[1],
  seconds: number,
  warmup: number,
): Promise<Row[]> {
  const ops = ceilingOperations(driver, data);
  const rows: Row[] = [];
  for (const scenario of SCENARIOS) {
    for (const variant of ['core', 'full'] as const) {
      const op = ops[scenario][variant];
      await closedLoop(settings.connections, warmup, op);
      const { result, cpu, elu } = await leastDisturbed(`driver ${scenario}/${variant}`, async () => {
        const meter = cpuMeter(serverPid);
        const elu0 = performance.eventLoopUtilization();
        const result = await closedLoop(settings.connections, seconds, op);
        const elu = performance.eventLoopUtilization(elu0).utilization;
        return { result, cpu: meter(), elu };
      });
      log(
        `driver ${scenario}/${variant}: CPU app ${cpu.app} % · PostgreSQL ${cpu.postgres} % · other ${cpu.other} %; ${Math.round(result.rps)} ops/s, p50 ${result.latency.p50.toFixed(1)} ms, p95 ${result.latency.p95.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms, errors ${result.errors}`,
      );
      rows.push({
        scenario,
        path: variant,
        rps: result.rps,
        ok: result.ok,
        latency: result.latency,
        non2xx: 0,
        errors: result.errors,
        cpu,
        elu,
        ...(result.firstError ? { firstError: result.firstError } : {}),
      });
    }
  }
  return rows;
}

const PG_TYPES = {
  date: { to: 1082, from: [1082], serialize: (v: unknown) => String(v), parse: (v: string) => v },
  bigint: { to: 20, from: [20], serialize: (v: unknown) => String(v), parse: (v: string) => Number(v) },
};

function benchConfig(overrides: Partial<Config>): Config {
  return {
    ...loadConfig({}),
    masterKey: crypto.randomBytes(32).toString('base64'),
    logLevel: 'warn',
    host: '127.0.0.1',
    port: 0,
    ...overrides,
  };
}

// ---- PostgreSQL server ----
async function benchPostgres(): Promise<DbResult> {
  let serverUrl = process.env.BENCH_DATABASE_URL;
  let setup: string;
  if (!serverUrl) {
    log(`starting a throwaway PostgreSQL 15 on 127.0.0.1:${settings.port}`);
    const server = startThrowawayPostgres(settings.port);
    serverPid = postmasterPid(server.dataDir);
    if (!settings.keepDb) onCleanup(() => server.stop());
    else
      onCleanup(() =>
        log(
          `BENCH_KEEP_DB: PostgreSQL left running (data ${server.dataDir}); stop it with: runuser -u postgres -- ${PG_BIN}/pg_ctl -D ${server.dataDir} stop`,
        ),
      );
    serverUrl = server.url;
    const shown = [
      'shared_buffers',
      'effective_cache_size',
      'work_mem',
      'max_wal_size',
      'synchronous_commit',
      'fsync',
      'full_page_writes',
      'random_page_cost',
      'max_parallel_workers_per_gather',
    ];
    setup =
      `Throwaway PostgreSQL server started by the benchmark on this machine, reached ${viaTcp ? 'over loopback TCP (BENCH_PG_TCP=1)' : 'over its Unix socket (DATABASE_URL `…?host=/socket/dir`)'} ` +
      `(data in ${os.tmpdir()}, same disk and 2 cores as Lantern and the load generator). ` +
      `Settings: ${shown.map((k) => `${k}=${SERVER_SETTINGS[k]!.replace(/'/g, '')}`).join(', ')}; everything else default (jit on). ` +
      'Durability is on: every commit waits for its WAL flush.';
  } else {
    setup = 'PostgreSQL server given by BENCH_DATABASE_URL.';
  }
  const admin = pgClient(serverUrl, { max: 1 });
  const version = String((await admin`SHOW server_version`)[0]!.server_version);
  await admin.unsafe('DROP DATABASE IF EXISTS lantern_bench WITH (FORCE)');
  await admin.unsafe('CREATE DATABASE lantern_bench');
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = '/lantern_bench';
  const benchUrl = url.toString();

  const client = pgClient(benchUrl, { max: 2, types: PG_TYPES });
  onCleanup(() => {
    void client.end({ timeout: 1 });
  });
  let statsAvailable = true;
  try {
    await client.unsafe('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.unsafe('SELECT pg_stat_statements_reset()');
  } catch {
    statsAvailable = false;
  }
  const exec: Exec = async (text, params = []) =>
    [...(await client.unsafe(text, params as never[]))] as Record<string, unknown>[];

  const config = benchConfig({ databaseUrl: benchUrl });
  const keys = createKeys(parseMasterKey(config.masterKey!));
  const migrating = await openPostgres(benchUrl, 2);
  await migrate(migrating);
  const dataset = await loadDataset(
    migrating.db,
    exec,
    keys,
    { persons: settings.persons, cases: settings.cases, seed: 20240601, batchSize: 5000 },
    log,
  );
  await migrating.close();
  await exec('CHECKPOINT');
  log(`loaded in ${dataset.loadSeconds.toFixed(1)} s, indexes and statistics in ${dataset.indexSeconds.toFixed(1)} s`);

  // API
  const appDatabase = settings.appPool ? await openPostgres(benchUrl, settings.appPool) : undefined;
  const running = await startLantern(config, dataset, appDatabase);
  let wal0 = 0;
  const walSyncs = async () => Number((await exec('SELECT wal_sync FROM pg_stat_wal'))[0]?.wal_sync ?? 0);
  const probe: Probe = {
    async idle() {
      const busy = await exec(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database()
        AND backend_type = 'client backend' AND state <> 'idle' AND pid <> pg_backend_pid()`);
      return Number(busy[0]!.n) === 0;
    },
    async before() {
      if (statsAvailable) await exec('SELECT pg_stat_statements_reset()');
      wal0 = await walSyncs();
    },
    async after(responses) {
      const walSyncsPerRequest = ((await walSyncs()) - wal0) / Math.max(1, responses);
      if (!statsAvailable) return { walSyncsPerRequest };
      const top = await exec(`SELECT query, calls, total_exec_time, mean_exec_time, rows FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT ILIKE '%pg_stat_%'
        ORDER BY total_exec_time DESC LIMIT 8`);
      const statements: StatementStat[] = top.map((r) => ({
        query: String(r.query),
        calls: Number(r.calls),
        perRequest: Number(r.calls) / Math.max(1, responses),
        meanMs: Number(r.mean_exec_time),
        totalMs: Number(r.total_exec_time),
        rows: Number(r.rows),
      }));
      return { walSyncsPerRequest, statements };
    },
  };
  let rows: Row[];
  let nameQueries: Map<string, NameQuery | null>;
  try {
    rows = await measureApi(running, dataset, settings.seconds, settings.warmup, probe);
    if (settings.appServers > 1) {
      log(`starting ${settings.appServers - 1} more app server(s) on the same database`);
      const others = await startAppServers(config, settings.appServers - 1);
      try {
        rows.push(
          ...(await measureApi(running, dataset, settings.seconds, settings.warmup, probe, 'postgres', others)),
        );
      } finally {
        await stopAppServers(others);
      }
    }
    nameQueries = await resolveQueries(running, dataset);
  } finally {
    await stopLantern(running);
  }

  // Driver ceiling
  log(`driver ceiling: ${settings.connections} callers on a postgres.js pool of ${settings.driverPool}`);
  const driverClient = pgClient(benchUrl, { max: settings.driverPool, types: PG_TYPES });
  try {
    rows.push(
      ...(await measureDriver(
        postgresDriver(driverClient),
        {
          agencyId: dataset.agencyId,
          sessions: running.sessions,
          caseIds: dataset.caseIds,
          personIds: dataset.personIds,
          queries: dataset.queries,
          nameQueries,
          verificationDeadlineDays: config.verificationDeadlineDays,
        },
        settings.seconds,
        Math.min(settings.warmup, 2),
      )),
    );
  } finally {
    await driverClient.end({ timeout: 5 });
  }

  // Evidence for the name search: plans and match counts for a few typical queries.
  const explain: DbResult['explain'] = [];
  const agent = { userId: running.sessions[0]!.userId, agencyId: dataset.agencyId };
  for (const q of pickExplainQueries(dataset.queries, nameQueries)) {
    const names = nameQueries.get(q)!;
    const search = S.searchCases(names);
    const plan = await exec(`EXPLAIN (ANALYZE, BUFFERS) ${search.text}`, search.params(agent));
    const counted = S.matchingCases(names);
    const matches = Number((await exec(counted.text, counted.params({})))[0]!.n);
    const words = names.words
      .map((w, i) => (names.alternatives[i]![0] === w ? w : `${w} → {${names.alternatives[i]!.join(', ')}}`))
      .join(', ');
    explain.push({ query: q, words, matches, plan: plan.map((r) => String(r['QUERY PLAN'])).join('\n') });
  }
  await client.end({ timeout: 5 });

  const result: DbResult = {
    kind: 'postgres',
    title: `PostgreSQL ${version} (server)`,
    version,
    setup,
    persons: settings.persons,
    cases: settings.cases,
    loadSeconds: dataset.loadSeconds,
    indexSeconds: dataset.indexSeconds,
    seconds: settings.seconds,
    connections: settings.connections,
    driverPool: `a postgres.js pool of ${settings.driverPool} connections (Lantern's own pool, openPostgres default, is 10)`,
    rows,
    explain,
    notes: settings.appPool
      ? [
          `Diagnostic run: Lantern was given a pool of ${settings.appPool} connections (BENCH_APP_POOL) instead of its default 10.`,
        ]
      : [],
  };
  runCleanups();
  serverPid = undefined;
  return result;
}

/** Each query's words as Lantern resolves them (exact, or near spellings from the dictionary). */
async function resolveQueries(running: Running, dataset: Dataset): Promise<Map<string, NameQuery | null>> {
  const resolved = new Map<string, NameQuery | null>();
  for (const q of dataset.queries) resolved.set(q, await resolveNameQuery(running.lantern.ctx.db, q));
  return resolved;
}

/** Searches to explain: a very common full name, one with a typo, one of two words, one given name first. */
function pickExplainQueries(queries: string[], names: Map<string, NameQuery | null>): string[] {
  const picked = new Set<string>();
  const words = (q: string) => q.split(' ').length;
  const typo = (q: string) => {
    const n = names.get(q);
    return !!n && n.alternatives.some((alts, i) => alts[0] !== n.words[i]);
  };
  const first = (test: (q: string) => boolean) => {
    const q = queries.find((x) => names.get(x) && test(x) && !picked.has(x));
    if (q) picked.add(q);
  };
  first((q) => q.startsWith('nguyen thi ') && words(q) === 3 && !typo(q));
  first((q) => typo(q));
  first((q) => words(q) === 2 && !typo(q));
  first((q) => words(q) === 3 && !q.startsWith('nguyen') && !typo(q));
  return [...picked];
}

// ---- PGlite (embedded) ----
async function benchPglite(): Promise<DbResult> {
  serverPid = null; // the database runs inside this process
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-pglite-'));
  const forgetDir = onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  log(`PGlite in ${dir}: ${settings.pglitePersons.toLocaleString('en')} persons and cases`);
  const database = await openPglite(dir);
  await migrate(database);
  const exec: Exec = async (text, params = []) =>
    (await database.db.executeQuery(CompiledQuery.raw(text, params))).rows as Record<string, unknown>[];
  const version = String((await exec('SELECT version() AS v'))[0]!.v).split(' on ')[0]!;
  const config = benchConfig({ databaseUrl: undefined, dataDir: dir });
  const keys = createKeys(parseMasterKey(config.masterKey!));
  const dataset = await loadDataset(
    database.db,
    exec,
    keys,
    { persons: settings.pglitePersons, cases: settings.pglitePersons, seed: 20240602, batchSize: 5000 },
    log,
  );
  log(`loaded in ${dataset.loadSeconds.toFixed(1)} s, indexes and statistics in ${dataset.indexSeconds.toFixed(1)} s`);
  const running = await startLantern(config, dataset, database);
  let rows: Row[];
  let nameQueries: Map<string, NameQuery | null>;
  try {
    rows = await measureApi(running, dataset, settings.pgliteSeconds, 2, undefined, 'pglite');
    nameQueries = await resolveQueries(running, dataset);
  } finally {
    await stopLantern(running); // closes the database too
  }
  log('PGlite driver ceiling: the same SQL through PGlite.query');
  // The same extensions and parsers as openPglite (src/platform/database.ts).
  const pg = await PGlite.create(path.join(dir, 'pgdata'), {
    extensions: { pg_trgm, fuzzystrmatch },
    parsers: { 1082: (v: string) => v, 20: (v: string) => Number(v) },
  });
  try {
    rows.push(
      ...(await measureDriver(
        pgliteDriver(pg),
        {
          agencyId: dataset.agencyId,
          sessions: running.sessions,
          caseIds: dataset.caseIds,
          personIds: dataset.personIds,
          queries: dataset.queries,
          nameQueries,
          verificationDeadlineDays: config.verificationDeadlineDays,
        },
        settings.pgliteSeconds,
        2,
      )),
    );
  } finally {
    await pg.close();
  }
  forgetDir();
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    kind: 'pglite',
    title: `PGlite (embedded, ${version})`,
    version,
    setup: `PGlite ${pgliteVersion()} (PostgreSQL compiled to WebAssembly) in a data folder on disk, inside the Lantern process: one session, queries serialised by the dialect's mutex.`,
    persons: settings.pglitePersons,
    cases: settings.pglitePersons,
    loadSeconds: dataset.loadSeconds,
    indexSeconds: dataset.indexSeconds,
    seconds: settings.pgliteSeconds,
    connections: settings.connections,
    driverPool: "PGlite's single session",
    rows,
    notes: [],
  };
}

function pgliteVersion(): string {
  try {
    return (
      JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return '?';
  }
}

/** A hash of the measured code (src/ and migrations/), and when it last changed. */
function sourceFingerprint(): { hash: string; newest: string } {
  const hash = crypto.createHash('sha256');
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
        continue;
      }
      hash.update(path.relative(ROOT, full)).update(fs.readFileSync(full));
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  walk(path.join(ROOT, 'src'));
  walk(path.join(ROOT, 'migrations'));
  return {
    hash: hash.digest('hex').slice(0, 12),
    newest: new Date(newest).toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
  };
}

// ---- main ----
async function main() {
  if (MISSING_START_FLAGS.length)
    log(`⚠ this process lacks npm start's ${MISSING_START_FLAGS.join(' ')}: run it as npm run bench:api`);
  const m = machine();
  const sourceBefore = sourceFingerprint();
  const results: DbResult[] = [];
  let pgVersion = '';
  if (!settings.skipPostgres) {
    const r = await benchPostgres();
    pgVersion = `, PostgreSQL ${r.version}`;
    results.push(r);
  }
  if (!settings.skipPglite) results.push(await benchPglite());
  const overrides = Object.entries(process.env)
    .filter(([k]) => k.startsWith('BENCH_') && k !== 'BENCH_DATABASE_URL')
    .map(([k, v]) => `${k}=${v} `)
    .join('');
  const sourceAfter = sourceFingerprint();
  const source =
    sourceAfter.hash === sourceBefore.hash
      ? `src/ and migrations/ fingerprint ${sourceBefore.hash} (newest file ${sourceBefore.newest})`
      : `⚠ src/ or migrations/ changed during the run (fingerprint ${sourceBefore.hash} → ${sourceAfter.hash}, newest file ${sourceAfter.newest}): figures may mix two versions of the code`;
  if (sourceAfter.hash !== sourceBefore.hash) log(source);
  const markdown = renderRun(
    {
      date: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
      machine: `${m.cpu}, ${m.cores} cores, ${m.ramGb} GB RAM, ${m.os}, Node ${m.node}${pgVersion}`,
      command:
        `${overrides}npm run bench:api` +
        (MISSING_START_FLAGS.length ? ` (⚠ without npm start's ${MISSING_START_FLAGS.join(' ')})` : ''),
      source,
    },
    results,
  );
  if (!fs.existsSync(settings.results)) {
    fs.writeFileSync(
      settings.results,
      '# Lantern API benchmark results\n\nAppended by `npm run bench:api` (bench/api.ts); newest run last.\n\n',
    );
  }
  fs.appendFileSync(settings.results, `\n${markdown}`);
  console.log(`\n${markdown}`);
  for (const r of results) {
    for (const v of targetVerdicts(r))
      log(`${r.title}: ${v.target}: ${v.measured} → ${v.met === null ? 'n/a' : v.met ? 'met' : 'MISSED'}`);
  }
  log(`written to ${path.relative(ROOT, settings.results)}`);
}

main().then(
  () => {
    runCleanups();
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    runCleanups();
    process.exit(1);
  },
);
