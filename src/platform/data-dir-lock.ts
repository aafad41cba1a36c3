// The embedded database must only ever be opened by one process: two PGlite
// instances writing the same folder would corrupt it. A lock file holding the
// owner's pid keeps a second process (e.g. the CLI while the server runs) out.
import fs from 'node:fs';
import path from 'node:path';

export interface DataDirLock {
  release(): void;
}

export class DataDirBusyError extends Error {
  /** The exit code of `lantern` and `npm start`: the database is busy. */
  readonly exitCode = 3;
  constructor(dataDir: string, pid: number) {
    super(
      `The data folder ${dataDir} is in use by another Lantern process (pid ${pid}). ` +
        'Stop that process first, or run this command against a PostgreSQL server with DATABASE_URL.',
    );
    this.name = 'DataDirBusyError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.join(dataDir, 'lantern.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      let released = false;
      return {
        release() {
          if (!released) {
            released = true;
            fs.rmSync(file, { force: true });
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid))
        throw new DataDirBusyError(dataDir, pid);
      if (pid === process.pid) throw new DataDirBusyError(dataDir, pid);
      fs.rmSync(file, { force: true }); // left by a process that died: take it over
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}`);
}
