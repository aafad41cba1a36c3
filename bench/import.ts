// Benchmark: importing an agency's records (issue 10 §1) — the dry run and the import
// of a generated CSV through the same pipeline as the API and the CLI (upload streamed
// into the database, jobs stepped to the end), on PostgreSQL (DATABASE_URL) and on the
// embedded database. Reports rows/s of each pass and the peak resident memory of the
// process doing it (each database is measured in its own child process).
// Run: npm run bench:import [-- --size 1000000] [--only postgres|pglite]   (default 100,000 rows)
//      DATABASE_URL=postgres://... for PostgreSQL; without it only PGlite is measured.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { createAgency, createUser } from '../src/access/directory.ts';
import { openLanternContext } from '../src/capabilities.ts';
import { commitImport, importStatus, uploadImport } from '../src/consolidation/imports.ts';
import { registerImportJobs } from '../src/consolidation/routes.ts';
import { loadConfig } from '../src/platform/config.ts';
import { JobRunner, findJob } from '../src/platform/jobs.ts';
import { createLogger } from '../src/platform/logger.ts';
import type { Actor } from '../src/platform/actor.ts';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Thị', 'Văn', 'Hữu', 'Minh', 'Thị Hồng', 'Đức', 'Ngọc'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hùng', 'Lan', 'Mai', 'Nam', 'Tuấn', 'Trang', 'Yến', 'Nhung'];
const PROVINCES = ['Hà Giang', 'Lào Cai', 'Nghệ An', 'Thanh Hóa', 'Cao Bằng', 'Điện Biên', 'Hà Nội', 'An Giang'];

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A CSV of `rows` records with Vietnamese headers, 1 % of them invalid, written as it is generated. */
function generate(file: string, rows: number) {
  const out = fs.openSync(file, 'w');
  let buf = 'Mã hồ sơ,Họ và tên,Ngày sinh,Giới tính,Số CCCD,Số điện thoại,Tỉnh,exploitation_type,registered_on\n';
  for (let i = 1; i <= rows; i++) {
    const name = `${FAMILY[i % FAMILY.length]} ${MIDDLE[i % MIDDLE.length]} ${GIVEN[(i * 7) % GIVEN.length]}`;
    const dob =
      i % 100 === 0
        ? '31/02/1990'
        : `${String(1 + (i % 28)).padStart(2, '0')}/${String(1 + (i % 12)).padStart(2, '0')}/${1960 + (i % 45)}`;
    const cccd = `0${String(10000000000 + i)}`;
    const phone = `09${String(10000000 + (i % 89999999))}`;
    const caseCols = i % 3 === 0 ? `forced_labour,${String(1 + (i % 28)).padStart(2, '0')}/03/2024` : ',';
    buf += `R-${i},${name},${dob},${i % 2 ? 'Nữ' : 'Nam'},${cccd},${phone},${PROVINCES[i % PROVINCES.length]},${caseCols}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(out, buf);
      buf = '';
    }
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
}

/** One database, in this process: upload, dry run, import; prints one JSON line. */
async function measure(kind: 'pglite' | 'postgres', file: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-import-'));
  const config = {
    ...loadConfig({ LANTERN_IMPORT_STEP_ROWS: process.env.LANTERN_IMPORT_STEP_ROWS }),
    dataDir,
    databaseUrl: kind === 'postgres' ? process.env.DATABASE_URL : undefined,
    masterKey: crypto.randomBytes(32).toString('base64'),
    logLevel: 'warn',
  };
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const ctx = await openLanternContext(config, createLogger('warn'));
  try {
    const code = `BENCH-${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
    const agency = await createAgency(ctx.db, { code, name: 'Bench agency', kind: 'police' });
    const user = await createUser(ctx.db, {
      email: `${code.toLowerCase()}@bench.invalid`,
      displayName: 'Bench',
      agencyId: agency.id,
      roles: ['data_steward'],
      password: 'bench password 123',
    });
    const actor: Actor = {
      userId: user.id,
      agencyId: agency.id,
      agencyKind: 'police',
      roles: ['data_steward'],
      language: 'vi',
      clientIp: null,
    };
    const who = { actor, auditActor: actor };
    const runner = new JobRunner(ctx.db, ctx.logger, { pollMs: 1000 });
    registerImportJobs(ctx, runner);
    const toEnd = async (jobId: string) => {
      while (await runner.runStep(jobId)) {
        /* step */
      }
      return (await findJob(ctx.db, jobId))!;
    };
    let t = performance.now();
    const up = await uploadImport(ctx, who, {
      agency: code,
      fileName: path.basename(file),
      contentType: 'text/csv',
      body: fs.createReadStream(file),
    });
    const uploadSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    await toEnd(up.job.id);
    const previewSeconds = (performance.now() - t) / 1000;
    const previewed = await importStatus(ctx, up.id);
    t = performance.now();
    const committed = await commitImport(ctx, who, up.id);
    const job = await toEnd(committed.job.id);
    const importSeconds = (performance.now() - t) / 1000;
    const done = await importStatus(ctx, up.id);
    if (job.state !== 'succeeded') console.error(`${kind}: the import ${job.state}: ${JSON.stringify(job.error)}`);
    const read = previewed.counts.read;
    console.log(
      JSON.stringify({
        kind,
        rows: read,
        valid: previewed.counts.valid,
        imported: done.counts.imported,
        state: job.state,
        uploadSeconds: round(uploadSeconds),
        previewSeconds: round(previewSeconds),
        previewRowsPerSecond: Math.round(read / previewSeconds),
        importSeconds: round(importSeconds),
        importRowsPerSecond: Math.round(read / importSeconds),
        peakRssMB: Math.round((peak = Math.max(peak, process.memoryUsage().rss)) / 1024 / 1024),
      }),
    );
  } finally {
    clearInterval(sampler);
    await ctx.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

const child = argument('child') as 'pglite' | 'postgres' | undefined;
if (child) {
  await measure(child, argument('file')!);
} else {
  const size = Number(argument('size') ?? 100_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-import-csv-'));
  const file = path.join(dir, `agency-${size}.csv`);
  generate(file, size);
  console.log(`${size.toLocaleString('en-US')} rows, ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB of CSV`);
  const kinds = [...(process.env.DATABASE_URL ? (['postgres'] as const) : []), 'pglite' as const].filter(
    (k) => !argument('only') || argument('only') === k,
  );
  // A database of its own on the PostgreSQL server, dropped at the end.
  const server = process.env.DATABASE_URL ? postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} }) : null;
  const name = `lantern_bench_import_${crypto.randomBytes(4).toString('hex')}`;
  if (server) await server.unsafe(`CREATE DATABASE ${name}`);
  const url = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL) : null;
  if (url) url.pathname = `/${name}`;
  for (const kind of kinds) {
    const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--child', kind, '--file', file], {
      env: { ...process.env, DATABASE_URL: url?.toString() ?? '' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    if (r.status !== 0) {
      console.log(`${kind}: failed (${r.status})`);
      continue;
    }
    const f = JSON.parse(line);
    console.log(
      `${kind.padEnd(8)} dry run ${f.previewSeconds} s (${f.previewRowsPerSecond} rows/s), import ${f.importSeconds} s ` +
        `(${f.importRowsPerSecond} rows/s), upload ${f.uploadSeconds} s, ${f.imported} persons, peak RSS ${f.peakRssMB} MB`,
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });
  if (server) {
    await server.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await server.end();
  }
}
