// A world for testing the `lantern` command as a user runs it: a fresh database (an embedded data
// folder, or a fresh PostgreSQL database), the environment the command reads, a way to prepare data
// in-process with the same configuration, and the command itself as a child process.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildLantern, type Lantern } from '../../src/app.js';
import { openPglite, openPostgres } from '../../src/platform/database.js';
import { createLogger } from '../../src/platform/logger.js';
import { freshDatabase, testConfig, type DatabaseKind } from './harness.js';

const root = path.resolve(import.meta.dirname, '../..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs bin/lantern.js with `args` in `env` from the repository's root. */
export function runCli(env: NodeJS.ProcessEnv, args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/lantern.js', ...args], { env, cwd: root }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

export interface CliWorld {
  /** The embedded database's folder, also a place for the command's files. */
  dir: string;
  env: NodeJS.ProcessEnv;
  cli: (args: string[]) => Promise<CliResult>;
  /** Opens Lantern in-process on the world's database (no background jobs), runs `work`, closes it. */
  withLantern: <T>(work: (l: Lantern) => Promise<T>) => Promise<T>;
  dispose: () => Promise<void>;
}

export async function cliWorld(kind: DatabaseKind, prefix: string): Promise<CliWorld> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const fresh = kind === 'postgres' ? await freshDatabase('postgres') : undefined;
  await fresh?.database.close();
  const masterKey = crypto.randomBytes(32).toString('base64');
  const config = testConfig({ dataDir, databaseUrl: fresh?.url, masterKey });
  const open = () => (fresh ? openPostgres(fresh.url!, 3) : openPglite(dataDir));
  const env = {
    ...process.env,
    LANTERN_DATA_DIR: dataDir,
    DATABASE_URL: fresh?.url ?? '',
    LANTERN_MASTER_KEY: masterKey,
    LOG_LEVEL: 'silent',
  };
  return {
    dir: dataDir,
    env,
    cli: (args) => runCli(env, args),
    async withLantern(work) {
      const l = await buildLantern(config, { database: await open(), logger: createLogger('silent'), runJobs: false });
      try {
        return await work(l);
      } finally {
        await l.close();
      }
    },
    async dispose() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await fresh?.drop();
    },
  };
}
