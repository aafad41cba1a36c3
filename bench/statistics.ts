// `npm run bench:statistics [-- --persons N] [-- --seconds S] [-- --pglite-persons N]`: issue 11's
// figures on a throwaway PostgreSQL 15 server (as bench/api.ts starts one) holding a registry of
// about 1,060,000 cases (1,000,000 persons, 6 % with a second case in another agency), generated
// with set-based SQL (bench/statistics-data.ts):
//   - the refresh (the facts rebuilt from the registry);
//   - two-dimension tables with suppression through the HTTP API, at 1 and at 4 concurrent analysts
//     (random indicator, dimension pair and window): p50/p95/p99 and throughput (target p95 < 300 ms);
//   - a differentially private table's latency;
//   - the dashboard's first render after sign-in, in chromium (target < 1 s);
//   - the HTCDS export (k = 11) as the CLI in a child process: time (< 2 min) and peak RSS (< 1 GB);
//   - what the embedded database (PGlite) reaches at a size it holds (--pglite-persons, default 100,000).
// Prints a JSON summary and a Markdown section to paste into bench/RESULTS.md.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { buildLantern, type Lantern } from '../src/app.js';
import { createAgency, createUser } from '../src/access/directory.js';
import { INDICATORS, INDICATOR_IDS, type Dimension, type IndicatorId } from '../src/contract/statistics.js';
import { loadConfig, type Config } from '../src/platform/config.js';
import { openPglite, openPostgres, type Database } from '../src/platform/database.js';
import { migrate } from '../src/platform/migrate.js';
import { refreshFacts } from '../src/statistics/facts.js';
import { pgClient, startThrowawayPostgres, type PgServer } from './pg-server.js';
import { loadStatisticsDataset } from './statistics-data.js';
import { latencyOf, type Latency } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} wants a number`);
  return n;
}
const PERSONS = option('persons', 1_000_000);
const SECONDS = option('seconds', 20);
const PGLITE_PERSONS = option('pglite-persons', 100_000);
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));

const started = Date.now();
const log = (m: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`);
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function benchConfig(overrides: Partial<Config>): Config {
  return {
    ...loadConfig({}),
    masterKey: crypto.randomBytes(32).toString('base64'),
    logLevel: 'warn',
    host: '127.0.0.1',
    port: 0,
    // the figures are refreshed by the benchmark itself, never behind its back
    statisticsMaxAgeMinutes: 24 * 60,
    ...overrides,
  };
}

interface Analyst {
  email: string;
  password: string;
  token: string;
}

async function makeAnalysts(database: Database, count: number): Promise<{ userId: string; analysts: Analyst[] }> {
  const agency = await createAgency(database.db, { code: 'BENCH-MOLISA', name: 'Bench ministry', kind: 'ministry' });
  const analysts: Analyst[] = [];
  let userId = '';
  for (let i = 0; i < count; i++) {
    const email = `analyst${i + 1}@bench.lantern.invalid`;
    const password = `bench-${crypto.randomBytes(12).toString('hex')}`;
    const user = await createUser(database.db, {
      email,
      displayName: `Chuyên viên ${i + 1}`,
      agencyId: agency.id,
      roles: ['analyst'],
      password,
      mustChangePassword: false,
    });
    userId ||= user.id;
    analysts.push({ email, password, token: '' });
  }
  return { userId, analysts };
}

async function signIn(base: string, analyst: Analyst): Promise<void> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: analyst.email, password: analyst.password }),
  });
  const body = (await response.json()) as { token?: string };
  if (response.status !== 200 || !body.token)
    throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(body)}`);
  analyst.token = body.token;
}

// ---- the table requests ----

const WINDOW_START = { year: 2023, month: 1 };
function monthsSinceStart(): number {
  const now = new Date();
  return (now.getUTCFullYear() - WINDOW_START.year) * 12 + now.getUTCMonth(); // up to the previous month
}
const monthStart = (k: number) => {
  const y = WINDOW_START.year + Math.floor(k / 12);
  const m = (k % 12) + 1;
  return { y, m };
};
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A random two-dimension suppression query over a random window of whole months (3 to 36). */
function randomQuery(random: () => number, mode: 'suppression' | 'dp' = 'suppression'): string {
  const dpSafe = (d: Dimension) => mode === 'suppression' || d !== 'border_gate';
  const indicator = INDICATOR_IDS[Math.floor(random() * INDICATOR_IDS.length)] as IndicatorId;
  const dims = (INDICATORS[indicator].dimensions as readonly Dimension[]).filter(dpSafe);
  const periods: Dimension[] = dims.filter((d) => d === 'month' || d === 'quarter' || d === 'year');
  const others = dims.filter((d) => !periods.includes(d));
  // rows: a period half of the time (trends), else another dimension
  const rows =
    random() < 0.5 && periods.length
      ? periods[Math.floor(random() * periods.length)]!
      : others[Math.floor(random() * others.length)]!;
  const rest = others.filter((d) => d !== rows);
  const columns = rest[Math.floor(random() * rest.length)]!;
  const total = monthsSinceStart();
  const length = 3 + Math.floor(random() * Math.min(34, total - 3));
  const first = Math.floor(random() * (total - length));
  const a = monthStart(first);
  const b = monthStart(first + length - 1);
  const from = `${a.y}-${String(a.m).padStart(2, '0')}-01`;
  const to = `${b.y}-${String(b.m).padStart(2, '0')}-${lastDay(b.y, b.m)}`;
  const q = new URLSearchParams({ indicator, rows, columns, from, to, mode });
  if (mode === 'dp') q.set('epsilon', '0.05');
  return `/api/v1/statistics/tables?${q}`;
}

interface LoadFigures {
  analysts: number;
  requests: number;
  perSecond: number;
  latency: Latency;
  errors: Record<string, number>;
  suppressedShare: number;
}

/** `analysts` closed loops, each asking for one table after another for `seconds`. */
async function tableLoad(base: string, analysts: Analyst[], seconds: number): Promise<LoadFigures> {
  const samples: number[] = [];
  const errors: Record<string, number> = {};
  let cells = 0;
  let suppressed = 0;
  const until = Date.now() + seconds * 1000;
  let seed = 1;
  await Promise.all(
    analysts.map(async (analyst) => {
      const random = mulberry(seed++ * 7919);
      while (Date.now() < until) {
        const url = randomQuery(random);
        const t0 = performance.now();
        const response = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${analyst.token}` } });
        const text = await response.text();
        const elapsed = performance.now() - t0;
        if (response.status !== 200) {
          errors[response.status] = (errors[response.status] ?? 0) + 1;
          if (Object.keys(errors).length === 1 && errors[response.status] === 1)
            log(`  ${response.status} ${url}: ${text.slice(0, 300)}`);
          continue;
        }
        samples.push(elapsed);
        const body = JSON.parse(text) as { cells: { status: string }[][] };
        for (const row of body.cells) {
          cells += row.length;
          suppressed += row.filter((c) => c.status === 'suppressed').length;
        }
      }
    }),
  );
  return {
    analysts: analysts.length,
    requests: samples.length,
    perSecond: samples.length / seconds,
    latency: latencyOf(samples),
    errors,
    suppressedShare: cells ? suppressed / cells : 0,
  };
}

async function dpLatency(base: string, analyst: Analyst, count: number): Promise<{ latency: Latency; errors: number }> {
  const random = mulberry(4242);
  const samples: number[] = [];
  let errors = 0;
  for (let i = 0; i < count; i++) {
    const url = randomQuery(random, 'dp');
    const t0 = performance.now();
    const response = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${analyst.token}` } });
    const text = await response.text();
    if (response.status === 200) samples.push(performance.now() - t0);
    else if (errors++ === 0) log(`  dp ${response.status}: ${text.slice(0, 300)}`);
  }
  return { latency: latencyOf(samples), errors };
}

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- the dashboard, in chromium ----

interface DashboardFigures {
  runs: number[];
  /** API requests the dashboard made per render, and the slowest one (ms), median over runs. */
  requests?: number;
  slowestRequest?: number;
  note?: string;
}

async function dashboardRender(base: string, analyst: Analyst, runs: number): Promise<DashboardFigures> {
  const dist = path.join(ROOT, 'web', 'dist', 'assets');
  const built =
    fs.existsSync(dist) &&
    fs.readdirSync(dist).some((f) => fs.readFileSync(path.join(dist, f), 'utf8').includes('dashboard-ready'));
  if (!built)
    return {
      runs: [],
      note: 'the web build has no dashboard (data-testid="dashboard-ready"): run npm run build:web with the dashboards merged',
    };
  const { chromium } = await import('playwright-core');
  const { CHROMIUM_ARGS, CHROMIUM_PATH } = await import('../test/e2e/chromium.js');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const times: number[] = [];
  const counts: number[] = [];
  const slowest: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ locale: 'vi-VN' });
      const page = await context.newPage();
      const sent = new Map<string, number>();
      const durations: number[] = [];
      page.on('request', (r) => r.url().includes('/api/v1/statistics/') && sent.set(r.url(), performance.now()));
      page.on('requestfinished', (r) => {
        const t = sent.get(r.url());
        if (t !== undefined) durations.push(performance.now() - t);
      });
      await page.goto(`${base}/`, { waitUntil: 'load' });
      await page.fill('input[type="email"]', analyst.email);
      await page.fill('input[type="password"]', analyst.password);
      const t0 = performance.now();
      await page.click('button[type="submit"]');
      await page.waitForSelector('[data-testid="dashboard-ready"]', { timeout: 30_000 });
      times.push(performance.now() - t0);
      counts.push(durations.length);
      slowest.push(Math.max(0, ...durations));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { runs: times, requests: median(counts), slowestRequest: median(slowest) };
}

// ---- the HTCDS export, as the CLI in a child process ----

function htcdsExport(
  databaseUrl: string,
  masterKey: string,
): { seconds: number; maxRssMb: number; rows: number; note?: string } {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'commands', 'export.js'))) {
    return {
      seconds: NaN,
      maxRssMb: NaN,
      rows: 0,
      note: 'no `lantern export` in dist/ (run npm run build with the HTCDS export merged)',
    };
  }
  const out = path.join(os.tmpdir(), `lantern-bench-htcds-${process.pid}.csv`);
  const t0 = Date.now();
  const result = spawnSync(
    '/usr/bin/time',
    ['-v', process.execPath, path.join(ROOT, 'bin', 'lantern.js'), 'export', 'htcds', '--out', out, '--k', '11'],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl, LANTERN_MASTER_KEY: masterKey, LANTERN_LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const seconds = (Date.now() - t0) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1];
  let rows = 0;
  if (fs.existsSync(out)) {
    rows = fs.readFileSync(out, 'utf8').split('\n').filter(Boolean).length - 1;
    fs.rmSync(out);
  }
  if (result.status !== 0) {
    return {
      seconds,
      maxRssMb: rss ? Number(rss) / 1024 : NaN,
      rows,
      note: `exit ${result.status}: ${(result.stderr || '').split('\n').slice(-12).join(' | ')}`,
    };
  }
  return {
    seconds,
    maxRssMb: rss ? Number(rss) / 1024 : NaN,
    rows,
    note: result.stdout.trim().split('\n').slice(-3).join(' | '),
  };
}

// ---- one database ----

interface DbFigures {
  database: string;
  persons: number;
  cases: number;
  loadSeconds: number;
  refreshSeconds: number;
  facts: number;
  one?: LoadFigures;
  four?: LoadFigures;
  dp?: { latency: Latency; errors: number };
  dashboard?: DashboardFigures;
  htcds?: ReturnType<typeof htcdsExport>;
}

async function measure(
  database: Database,
  label: string,
  persons: number,
  exec: (text: string) => Promise<Record<string, unknown>[]>,
  config: Config,
  extras: { full: boolean; databaseUrl?: string },
): Promise<DbFigures> {
  log(`${label}: migrating`);
  await migrate(database);
  const { userId, analysts } = await makeAnalysts(database, 4);
  log(`${label}: generating ${persons.toLocaleString('en')} persons`);
  const data = await loadStatisticsDataset(exec, { persons, secondCaseShare: 0.06, seed: 42 }, userId, log);
  log(`${label}: ${data.cases.toLocaleString('en')} cases in ${data.seconds.toFixed(0)} s`);
  const lantern: Lantern = await buildLantern(config, { database });
  try {
    log(`${label}: refreshing the facts`);
    const t0 = Date.now();
    const refreshed = await refreshFacts(lantern.ctx);
    const refreshSeconds = (Date.now() - t0) / 1000;
    log(
      `${label}: refresh ${refreshSeconds.toFixed(1)} s, ${refreshed.facts.toLocaleString('en')} facts, ${refreshed.persons.toLocaleString('en')} persons`,
    );
    await sql`ANALYZE stat_fact`.execute(lantern.ctx.db);
    const base = await lantern.app.listen({ host: '127.0.0.1', port: 0 });
    for (const a of analysts) await signIn(base, a);
    const figures: DbFigures = {
      database: label,
      persons,
      cases: data.cases,
      loadSeconds: data.seconds,
      refreshSeconds,
      facts: refreshed.facts,
    };
    // warm-up, then 1 and 4 analysts
    await tableLoad(base, analysts.slice(0, 1), Math.min(5, SECONDS));
    figures.one = await tableLoad(base, analysts.slice(0, 1), SECONDS);
    log(
      `${label}: 1 analyst  p50 ${ms(figures.one.latency.p50)} p95 ${ms(figures.one.latency.p95)} p99 ${ms(figures.one.latency.p99)}, ${figures.one.perSecond.toFixed(1)}/s ${JSON.stringify(figures.one.errors)}`,
    );
    if (extras.full) {
      figures.four = await tableLoad(base, analysts, SECONDS);
      log(
        `${label}: 4 analysts p50 ${ms(figures.four.latency.p50)} p95 ${ms(figures.four.latency.p95)} p99 ${ms(figures.four.latency.p99)}, ${figures.four.perSecond.toFixed(1)}/s ${JSON.stringify(figures.four.errors)}`,
      );
      figures.dp = await dpLatency(base, analysts[3]!, 30);
      log(
        `${label}: dp p50 ${ms(figures.dp.latency.p50)} p95 ${ms(figures.dp.latency.p95)} (${figures.dp.errors} errors)`,
      );
      if (!SKIP.has('dashboard')) {
        figures.dashboard = await dashboardRender(base, analysts[2]!, 7);
        log(
          `${label}: dashboard after sign-in ${figures.dashboard.runs.map((x) => ms(x)).join(', ') || figures.dashboard.note}`,
        );
      }
    }
    await lantern.close();
    if (extras.full && extras.databaseUrl && !SKIP.has('htcds')) {
      log(`${label}: HTCDS export (k = 11) as the CLI`);
      figures.htcds = htcdsExport(extras.databaseUrl, config.masterKey!);
      log(
        `${label}: HTCDS ${figures.htcds.seconds.toFixed(1)} s, peak RSS ${figures.htcds.maxRssMb.toFixed(0)} MB, ${figures.htcds.rows.toLocaleString('en')} rows ${figures.htcds.note ?? ''}`,
      );
    }
    return figures;
  } catch (error) {
    await lantern.close().catch(() => {});
    throw error;
  }
}

async function main() {
  const results: DbFigures[] = [];
  let server: PgServer | undefined;
  const cleanup = () => server?.stop();
  process.on('SIGINT', () => (cleanup(), process.exit(130)));
  try {
    if (!SKIP.has('postgres')) {
      server = startThrowawayPostgres(await freePort());
      const database = await openPostgres(server.url, 10);
      const client = pgClient(server.url, { max: 1 });
      const config = benchConfig({ databaseUrl: server.url });
      try {
        results.push(
          await measure(database, 'PostgreSQL 15', PERSONS, (t) => client.unsafe(t) as never, config, {
            full: true,
            databaseUrl: server.url,
          }),
        );
      } finally {
        await client.end();
      }
      server.stop();
      server = undefined;
    }
    if (!SKIP.has('pglite') && PGLITE_PERSONS > 0) {
      const database = await openPglite(undefined);
      const exec = async (text: string) => (await sql.raw(text).execute(database.db)).rows as Record<string, unknown>[];
      results.push(
        await measure(database, 'PGlite (embedded)', PGLITE_PERSONS, exec, benchConfig({}), { full: false }),
      );
    }
  } finally {
    cleanup();
  }
  console.log(
    JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, results }, null, 2),
  );
  console.log(markdown(results));
}

function markdown(results: DbFigures[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(
      `**${r.database}**, ${r.persons.toLocaleString('en')} persons, ${r.cases.toLocaleString('en')} cases (generated in ${r.loadSeconds.toFixed(0)} s):`,
    );
    lines.push('');
    lines.push('| measure | figure |');
    lines.push('|---|---|');
    lines.push(`| refresh (facts rebuilt) | ${r.refreshSeconds.toFixed(1)} s, ${r.facts.toLocaleString('en')} facts |`);
    for (const f of [r.one, r.four].filter((x): x is LoadFigures => !!x)) {
      lines.push(
        `| two-dimension table, suppression, ${f.analysts} analyst${f.analysts > 1 ? 's' : ''} at once | p50 ${ms(f.latency.p50)}, p95 ${ms(f.latency.p95)}, p99 ${ms(f.latency.p99)}; ${f.perSecond.toFixed(1)} tables/s (${f.requests} tables, ${Math.round(100 * f.suppressedShare)} % of cells suppressed${Object.keys(f.errors).length ? `, errors ${JSON.stringify(f.errors)}` : ''}) |`,
      );
    }
    if (r.dp)
      lines.push(`| DP table (ε = 0.05, one analyst) | p50 ${ms(r.dp.latency.p50)}, p95 ${ms(r.dp.latency.p95)} |`);
    if (r.dashboard) {
      const sorted = [...r.dashboard.runs].sort((a, b) => a - b);
      lines.push(
        `| dashboard: sign-in click to first chart and table (cold browser) | ${sorted.length ? `median ${ms(sorted[Math.floor(sorted.length / 2)]!)}, max ${ms(sorted.at(-1)!)} (${sorted.length} runs); ${r.dashboard.requests} statistics requests, the slowest ${ms(r.dashboard.slowestRequest!)}` : r.dashboard.note} |`,
      );
    }
    if (r.htcds) {
      lines.push(
        `| HTCDS export, k = 11, CLI | ${Number.isFinite(r.htcds.seconds) ? `${r.htcds.seconds.toFixed(1)} s, peak RSS ${r.htcds.maxRssMb.toFixed(0)} MB, ${r.htcds.rows.toLocaleString('en')} rows` : ''} ${r.htcds.note ?? ''} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

await main();
