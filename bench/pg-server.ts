import crypto from 'node:crypto';
// A throwaway PostgreSQL 15 server for the benchmark: initdb in a temporary
// folder, started on 127.0.0.1, stopped and deleted at the end. initdb refuses
// to run as root, so as root every server command runs as the `postgres` user.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { socketHostOf } from '../src/platform/database.js';

export const PG_BIN = process.env.BENCH_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * Settings for a 2-core, 24 GB machine. Durability stays on: fsync,
 * synchronous_commit and full_page_writes keep their safe defaults, so every
 * commit waits for its WAL flush exactly as in production.
 */
export const SERVER_SETTINGS: Record<string, string> = {
  listen_addresses: "'127.0.0.1'",
  max_connections: '100',
  shared_buffers: "'2GB'",
  effective_cache_size: "'16GB'",
  work_mem: "'16MB'",
  maintenance_work_mem: "'1GB'",
  synchronous_commit: 'on',
  fsync: 'on',
  full_page_writes: 'on',
  wal_compression: 'on',
  max_wal_size: "'8GB'",
  min_wal_size: "'1GB'",
  checkpoint_timeout: "'15min'",
  checkpoint_completion_target: '0.9',
  random_page_cost: '1.1',
  effective_io_concurrency: '200',
  max_worker_processes: '4',
  max_parallel_workers: '2',
  max_parallel_workers_per_gather: '1',
  max_parallel_maintenance_workers: '2',
  shared_preload_libraries: "'pg_stat_statements'",
  'pg_stat_statements.track': "'top'",
  log_min_messages: "'warning'",
};

/** A postgres.js client that understands libpq's `?host=/socket/dir`, as Lantern does. */
export function pgClient(url: string, options: postgres.Options<Record<string, postgres.PostgresType>> = {}) {
  const { url: rest, host } = socketHostOf(url);
  return postgres(rest, { onnotice: () => {}, ...options, ...(host ? { host } : {}) });
}

/** Unix socket unless BENCH_PG_TCP=1: Lantern and the server share the machine, and a socket is what an administrator would configure there. */
export const viaTcp = process.env.BENCH_PG_TCP === '1';

export interface PgServer {
  /** Over the Unix socket in the data folder, or loopback TCP when BENCH_PG_TCP=1. */
  url: string;
  dataDir: string;
  stop(): void;
}

/** The postmaster's process id of a running server, from its data folder. */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as the postgres user when we are root. */
function runPg(binary: string, args: string[], options: { quiet?: boolean } = {}): void {
  const [cmd, cmdArgs] = isRoot()
    ? ['runuser', ['-u', 'postgres', '--', path.join(PG_BIN, binary), ...args]]
    : [path.join(PG_BIN, binary), args];
  const result = spawnSync(cmd, cmdArgs as string[], { encoding: 'utf8', cwd: os.tmpdir() });
  if (result.status !== 0) {
    throw new Error(
      `${binary} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout || result.error?.message}`,
    );
  }
  if (!options.quiet && result.stderr.trim()) console.warn(result.stderr.trim());
}

export function startThrowawayPostgres(port: number, settings: Record<string, string> = SERVER_SETTINGS): PgServer {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-pg-'));
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(dataDir, uid, gid);
  }
  fs.chmodSync(dataDir, 0o700);
  let started = false;
  const server: PgServer = {
    url: viaTcp
      ? `postgres://postgres@127.0.0.1:${port}/postgres`
      : `postgres://postgres@localhost:${port}/postgres?host=${encodeURIComponent(dataDir)}`,
    dataDir,
    stop() {
      if (started) {
        started = false;
        try {
          runPg('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop'], { quiet: true });
        } catch (error) {
          console.error(String(error));
        }
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    runPg('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8'], {
      quiet: true,
    });
    const conf = Object.entries({ ...settings, port: String(port), unix_socket_directories: `'${dataDir}'` })
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n');
    fs.appendFileSync(path.join(dataDir, 'postgresql.conf'), `\n# lantern bench\n${conf}\n`);
    runPg('pg_ctl', ['-D', dataDir, '-l', path.join(dataDir, 'server.log'), '-w', '-t', '60', 'start'], {
      quiet: true,
    });
    started = true;
    return server;
  } catch (error) {
    server.stop();
    throw error;
  }
}

/**
 * Runs `work` on a database made for it on the server of `adminUrl` and dropped after, whatever happens; `work`
 * gets its URL and the server's postmaster pid when the server runs on this machine (for its CPU share).
 */
export async function withFreshDatabase<T>(
  adminUrl: string,
  work: (url: string, serverPid: number | undefined) => Promise<T>,
): Promise<T> {
  const name = `lantern_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = pgClient(adminUrl, { max: 1 });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    const dataDir = String((await admin`SHOW data_directory`)[0]!.data_directory);
    return await work(url.toString(), postmasterPid(dataDir));
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
