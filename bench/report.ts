// Renders a benchmark run as a markdown section for bench/RESULTS.md.
import type { Scenario } from './loadgen.js';
import type { CpuShare, Latency } from './stats.js';

/** api: one app server; api2: several (BENCH_APP_SERVERS), each in its own process; core, full: the driver. */
export type Path = 'api' | 'api2' | 'core' | 'full';

export interface Row {
  scenario: Scenario;
  path: Path;
  rps: number;
  ok: number;
  latency: Latency;
  non2xx: number;
  errors: number;
  cpu: CpuShare;
  /** Share of wall time the Lantern (or driver) event loop was busy. */
  elu?: number;
  sampleErrors?: string[];
  firstError?: string;
  /** API rows on PostgreSQL: what the database spent its time on (pg_stat_statements), and WAL flushes per request. */
  statements?: StatementStat[];
  walSyncsPerRequest?: number;
}

export interface StatementStat {
  query: string;
  calls: number;
  perRequest: number;
  meanMs: number;
  totalMs: number;
  rows: number;
}

export interface DbResult {
  kind: 'postgres' | 'pglite';
  title: string;
  version: string;
  setup: string;
  persons: number;
  cases: number;
  loadSeconds: number;
  indexSeconds: number;
  seconds: number;
  connections: number;
  driverPool: string;
  rows: Row[];
  explain?: { query: string; words: string; matches: number; plan: string }[];
  notes: string[];
}

export const TARGETS = { readRps: 2500, readP99: 50, createRps: 800, searchP95: 100, searchPersons: 1_000_000 };

const SCENARIO_TITLE: Record<Scenario, string> = {
  read: 'Case read by id (audited)',
  create: 'Case creation',
  search: 'Name search (limit 25)',
};

const PATH_TITLE: Record<Scenario, Record<Path, string>> = {
  read: {
    api: 'API `GET /api/v1/cases/:id`',
    api2: 'the same API, two app servers',
    core: 'driver: case SELECT ⨝ person + audit INSERT (the minimal read)',
    full: 'driver: the endpoint’s statements (case ⨝ person with its history, audit INSERT)',
  },
  create: {
    api: 'API `POST /api/v1/cases`',
    api2: 'the same API, two app servers',
    core: 'driver: case INSERT',
    full: 'driver: the endpoint’s statements (BEGIN, person, case INSERT with its audit event, case SELECT, COMMIT)',
  },
  search: {
    api: 'API `GET /api/v1/cases?q=…&limit=25`',
    api2: 'the same API, two app servers',
    core: 'driver: name words lookup + name search SELECT',
    full: 'driver: the endpoint’s statements (words lookup, search, one audit event naming the page’s cases)',
  },
};

const n0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
const ms = (x: number) =>
  !Number.isFinite(x) ? '–' : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US');
const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(x)}` : '–');

function find(result: DbResult, scenario: Scenario, path: Path): Row | undefined {
  return result.rows.find((r) => r.scenario === scenario && r.path === path);
}

export function targetVerdicts(result: DbResult): { target: string; measured: string; met: boolean | null }[] {
  const clean = (r?: Row) => !!r && r.non2xx === 0 && r.errors === 0;
  // The better of one app server and several: the targets are the system's, however many servers it takes.
  const best = (scenario: Scenario) => {
    const one = find(result, scenario, 'api');
    const more = find(result, scenario, 'api2');
    return more && clean(more) && (!one || more.rps > one.rps) ? more : one;
  };
  const servers = (r?: Row) => (r?.path === 'api2' ? ', two app servers' : '');
  const read = best('read');
  const create = best('create');
  const search = find(result, 'search', 'api');
  const out: { target: string; measured: string; met: boolean | null }[] = [];
  const ceiling = find(result, 'read', 'core');
  if (read && ceiling)
    out.push({
      target: 'Or reads ≥ 70 % of the minimal-statement ceiling measured in the same run',
      measured: `${Math.round((100 * read.rps) / ceiling.rps)} % (${n0(read.rps)}/s of ${n0(ceiling.rps)}/s${servers(read)})`,
      met: clean(read) && read.rps >= 0.7 * ceiling.rps,
    });
  if (read) {
    out.push({
      target: `Reads ≥ ${n0(TARGETS.readRps)}/s with p99 < ${TARGETS.readP99} ms`,
      measured: `${n0(read.rps)}/s, p99 ${ms(read.latency.p99)} ms${servers(read)}`,
      met: clean(read) && read.rps >= TARGETS.readRps && read.latency.p99 < TARGETS.readP99,
    });
  }
  if (create)
    out.push({
      target: `Creates ≥ ${n0(TARGETS.createRps)}/s`,
      measured: `${n0(create.rps)}/s (p99 ${ms(create.latency.p99)} ms${servers(create)})`,
      met: clean(create) && create.rps >= TARGETS.createRps,
    });
  if (search) {
    const full = result.persons >= TARGETS.searchPersons;
    out.push({
      target: `Name search p95 < ${TARGETS.searchP95} ms over ${n0(TARGETS.searchPersons)} persons`,
      measured: `p95 ${ms(search.latency.p95)} ms over ${n0(result.persons)} persons (${n0(search.rps)}/s)`,
      met: full ? clean(search) && search.latency.p95 < TARGETS.searchP95 : null,
    });
  }
  return out;
}

function table(result: DbResult): string {
  const lines = [
    '| Scenario | Path | req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx / errors | CPU % of all cores: app · PostgreSQL · load gen · other processes | event loop busy |',
    '|---|---|--:|--:|--:|--:|--:|--:|---|--:|',
  ];
  for (const scenario of ['read', 'create', 'search'] as const) {
    for (const path of ['api', 'api2', 'core', 'full'] as const) {
      const r = find(result, scenario, path);
      if (!r) continue;
      const cpu =
        result.kind === 'pglite'
          ? `${pct(r.cpu.app)} (PGlite in-process) · – · ${path.startsWith('api') ? pct(r.cpu.loadgen) : '–'} · ${pct(r.cpu.other)}`
          : `${pct(r.cpu.app)} · ${pct(r.cpu.postgres)} · ${path.startsWith('api') ? pct(r.cpu.loadgen) : '–'} · ${pct(r.cpu.other)}`;
      lines.push(
        `| ${path === 'api' ? SCENARIO_TITLE[scenario] : ''} | ${PATH_TITLE[scenario][path]} | ${n0(r.rps)} | ${ms(r.latency.p50)} | ${ms(r.latency.p95)} | ${ms(r.latency.p99)} | ${ms(r.latency.max)} | ${path.startsWith('api') ? r.non2xx : '–'} / ${r.errors} | ${cpu} | ${r.elu === undefined ? '–' : `${Math.round(100 * r.elu)} %`} |`,
      );
    }
  }
  return lines.join('\n');
}

const oneLine = (s: string, max = 110) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

export function renderDb(result: DbResult): string {
  const parts: string[] = [];
  parts.push(`### ${result.title}\n`);
  parts.push(`${result.setup}\n`);
  parts.push(
    `Dataset: ${n0(result.persons)} persons, ${n0(result.cases)} cases with their lifecycle history (loaded by SQL in ${result.loadSeconds.toFixed(1)} s, indexes rebuilt + VACUUM ANALYZE in ${result.indexSeconds.toFixed(1)} s). ` +
      `Load: ${result.connections} connections, ${result.seconds} s per scenario after a warm-up; driver ceiling: ${result.connections} concurrent callers on ${result.driverPool}.\n`,
  );
  parts.push(table(result));
  const verdicts = targetVerdicts(result);
  if (verdicts.length) {
    parts.push(
      `\n${result.kind === 'pglite' ? 'What the embedded database reaches, against the server targets (for reference; the targets are set for PostgreSQL):' : 'Targets (2-core machine):'}\n`,
    );
    parts.push('| Target | Measured | Met |\n|---|---|---|');
    for (const v of verdicts)
      parts.push(
        `| ${v.target} | ${v.measured} | ${v.met === null ? 'n/a at this size' : v.met ? '✅ yes' : '❌ no'} |`,
      );
  }
  if (result.notes.length) parts.push(`\n${result.notes.map((n) => `- ${n}`).join('\n')}`);
  const errs = result.rows.filter((r) => r.sampleErrors?.length || r.firstError);
  if (errs.length) {
    parts.push('\nErrors seen:\n');
    for (const r of errs)
      parts.push(`- ${r.scenario}/${r.path}: ${oneLine((r.sampleErrors ?? [r.firstError ?? '']).join(' | '), 400)}`);
  }
  const withStats = result.rows.filter((r) => r.path === 'api' && r.statements?.length);
  if (withStats.length) {
    parts.push(
      '\n<details><summary>Database time per API request (pg_stat_statements during the measured API runs)</summary>\n',
    );
    for (const row of withStats) {
      const wal = row.walSyncsPerRequest;
      parts.push(
        `\n${SCENARIO_TITLE[row.scenario]}${wal !== undefined ? ` — WAL flushes per request: ${wal.toFixed(2)}` : ''}\n`,
      );
      parts.push('| statement | calls / request | mean ms | rows / call | share of DB time |\n|---|--:|--:|--:|--:|');
      const stats = row.statements!;
      const total = stats.reduce((s, x) => s + x.totalMs, 0) || 1;
      for (const s of stats)
        parts.push(
          `| \`${oneLine(s.query).replace(/\|/g, '\\|')}\` | ${s.perRequest.toFixed(2)} | ${ms(s.meanMs)} | ${(s.rows / Math.max(1, s.calls)).toFixed(1)} | ${Math.round((100 * s.totalMs) / total)} % |`,
        );
    }
    parts.push('\n</details>');
  }
  if (result.explain?.length) {
    parts.push('\n<details><summary>Name search plans (EXPLAIN ANALYZE, BUFFERS)</summary>\n');
    for (const e of result.explain) {
      parts.push(
        `\nQuery \`${e.query}\` (words: ${e.words}) — cases (of all agencies) whose names match: ${n0(e.matches)}\n\n\`\`\`\n${e.plan}\n\`\`\``,
      );
    }
    parts.push('\n</details>');
  }
  return parts.join('\n');
}

export function renderRun(
  header: { date: string; machine: string; command: string; source: string },
  results: DbResult[],
): string {
  return (
    [
      `## Run of ${header.date}\n`,
      `Machine: ${header.machine}.  \nCommand: \`${header.command}\`  \nCode measured: ${header.source}.\n`,
      ...results.map(renderDb),
    ].join('\n') + '\n'
  );
}
