// Benchmark: a large roster registered by the background job (issue 9, defect 7),
// on the embedded database and on PostgreSQL. Measures registration rows/s and how
// long another user's request (GET /cases) takes before and while the job runs —
// the job must leave the server answering. A real Lantern over HTTP on loopback.
// Run: npm run bench:roster   (BENCH_ROSTER_ROWS, default 2,000; BENCH_DATABASE_URL
// to use a PostgreSQL server of your own instead of a throwaway one)
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildLantern } from '../src/app.ts';
import { createAgency, createUser } from '../src/access/directory.ts';
import { loadConfig } from '../src/platform/config.ts';
import { pgClient, startThrowawayPostgres, type PgServer } from './pg-server.ts';
import { latencyOf } from './stats.ts';

const ROWS = Number(process.env.BENCH_ROSTER_ROWS ?? 2000);
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hùng', 'Lan', 'Mai', 'Nam', 'Tuấn', 'Trang', 'Yến'];

interface Figures {
  database: string;
  seconds: number;
  rowsPerSecond: number;
  idle: number[];
  during: number[];
}

async function run(database: 'PGlite' | 'PostgreSQL', databaseUrl?: string): Promise<Figures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-roster-'));
  const lantern = await buildLantern({
    ...loadConfig({}),
    dataDir,
    databaseUrl,
    masterKey: crypto.randomBytes(32).toString('base64'),
    logLevel: 'warn',
  });
  try {
    const password = 'bench password 123';
    const gate = await createAgency(lantern.ctx.db, { code: 'BDBP-LS', name: 'Border gate', kind: 'border_guard' });
    const police = await createAgency(lantern.ctx.db, { code: 'CA-HN', name: 'Police', kind: 'police' });
    for (const [email, agencyId, role] of [
      ['screener@bench.invalid', gate.id, 'intake_officer'],
      ['investigator@bench.invalid', police.id, 'investigator'],
    ] as const)
      await createUser(lantern.ctx.db, { email, displayName: email, agencyId, roles: [role], password });
    const address = await lantern.app.listen({ host: '127.0.0.1', port: 0 });
    const api = async (
      token: string,
      method: string,
      url: string,
      body?: string | object,
      type = 'application/json',
    ) => {
      const response = await fetch(`${address}/api/v1${url}`, {
        method,
        headers: { 'content-type': type, authorization: `Bearer ${token}` },
        body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
      return response.json() as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const login = async (email: string) => (await api('', 'POST', '/auth/login', { email, password })).token as string;
    const screener = await login('screener@bench.invalid');
    const investigator = await login('investigator@bench.invalid');
    const event = await api(screener, 'POST', '/screening/events', {
      borderGate: 'Cửa khẩu Hữu Nghị',
      date: '2026-11-20',
      countryFrom: 'CN',
    });
    const timed = async () => {
      const t = performance.now();
      await api(investigator, 'GET', '/cases');
      return performance.now() - t;
    };
    const idle: number[] = [];
    for (let i = 0; i < 50; i++) idle.push(await timed());

    const lines = Array.from(
      { length: ROWS },
      (_, i) =>
        `${FAMILY[i % 10]} Văn ${GIVEN[i % 12]} ${i},${i % 3 ? 'Nam' : 'Nữ'},${16 + (i % 30)},VN,09${10_000_000 + i}`,
    );
    const started = performance.now();
    const accepted = await api(
      screener,
      'POST',
      `/screening/events/${event.id}/roster`,
      `Họ tên,Giới tính,Tuổi,Quốc tịch,Điện thoại\n${lines.join('\n')}\n`,
      'text/csv',
    );
    const during: number[] = [];
    for (;;) {
      during.push(await timed());
      const job = await api(screener, 'GET', `/jobs/${accepted.job.id}`);
      if (job.state === 'failed') throw new Error(`roster job failed: ${job.error.message}`);
      if (job.state === 'succeeded') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    return { database, seconds, rowsPerSecond: ROWS / seconds, idle, during };
  } finally {
    await lantern.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

let server: PgServer | undefined;
let url = process.env.BENCH_DATABASE_URL;
const stopServer = () => server?.stop();
process.on('SIGINT', () => {
  stopServer();
  process.exit(130);
});
try {
  const results = [await run('PGlite')];
  if (!url) {
    server = startThrowawayPostgres(5498);
    const admin = pgClient(server.url, { max: 1 });
    await admin.unsafe('CREATE DATABASE lantern_bench_roster');
    await admin.end();
    const named = new URL(server.url);
    named.pathname = '/lantern_bench_roster';
    url = named.toString();
  }
  results.push(await run('PostgreSQL', url));

  const ms = (v: number) => v.toFixed(0);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `\n#### Roster of ${ROWS.toLocaleString('en-US')} rows registered by the job — ${new Date().toISOString().slice(0, 10)}, ${cpu}, ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)}\n`,
  );
  console.log(
    '| database | job (s) | rows/s | GET /cases idle p50 / p95 (ms) | GET /cases during the job p50 / p95 / max (ms) | requests answered during the job |',
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of results)
    console.log(
      `| ${r.database} | ${r.seconds.toFixed(1)} | ${r.rowsPerSecond.toFixed(0)} | ${ms(latencyOf(r.idle).p50)} / ${ms(latencyOf(r.idle).p95)} | ${ms(latencyOf(r.during).p50)} / ${ms(latencyOf(r.during).p95)} / ${ms(latencyOf(r.during).max)} | ${r.during.length} |`,
    );
} finally {
  stopServer();
}
