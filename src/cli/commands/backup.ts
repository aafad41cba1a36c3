// `lantern backup|restore` of the embedded database.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { openPglite, type Database } from '../../platform/database.js';
import { keyFingerprint, MasterKeyError, parseMasterKey } from '../../platform/keys.js';
import { migrate } from '../../platform/migrate.js';
import { config, UsageError } from '../support.js';

export async function backup(o: { out: string }) {
  if (config.databaseUrl)
    throw new UsageError('DATABASE_URL is set: back up the PostgreSQL server with pg_dump instead.');
  if (fs.existsSync(o.out)) throw new UsageError(`${o.out} exists already; choose a new file name.`);
  const folder = path.dirname(path.resolve(o.out));
  if (!fs.existsSync(folder))
    throw new UsageError(
      `The folder ${folder} does not exist: create it first (mkdir -p ${folder}) or choose another --out.`,
    );
  if (!fs.statSync(folder).isDirectory()) throw new UsageError(`${folder} is not a folder: choose another --out.`);
  const database = await openPglite(config.dataDir);
  try {
    await migrate(database);
    const data = await database.backup!();
    try {
      fs.writeFileSync(o.out, data, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(
        `Cannot write ${o.out} (${code ?? 'error'}): check the folder exists and may be written to.`,
      );
    }
  } finally {
    await database.close();
  }
  console.log(
    `Backup written to ${o.out}. It holds personal data: store it encrypted. The master key (${path.join(config.dataDir, 'master.key')}) is NOT in it; back that up separately.`,
  );
}

export async function restore(o: { from: string }) {
  if (config.databaseUrl)
    throw new UsageError('DATABASE_URL is set: restore the PostgreSQL server with pg_restore/psql instead.');
  if (!fs.existsSync(o.from)) throw new UsageError(`No file ${o.from}.`);
  if (!fs.statSync(o.from).isFile()) throw new UsageError(`${o.from} is not a file.`);
  const backupFile = fs.readFileSync(o.from);
  if (!isBackup(backupFile))
    throw new UsageError(
      `${o.from} is not a Lantern backup (a file written by \`lantern backup\`): nothing was restored.`,
    );
  const pgdata = path.join(config.dataDir, 'pgdata');
  if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length > 0) {
    throw new UsageError(
      `${config.dataDir} already holds a database. Move it aside (or point LANTERN_DATA_DIR at an empty folder) and run restore again.`,
    );
  }
  const database = await openPglite(config.dataDir, backupFile);
  try {
    await migrate(database);
    const n = await database.db
      .selectFrom('case_file')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    console.log(`Restored into ${config.dataDir}: ${n.n} cases.`);
    console.log(await keyStatus(database));
  } finally {
    await database.close();
  }
}

/**
 * Whether a file looks like what `backup` writes: a gzip'd tar of a PostgreSQL data folder
 * (its first entries are read, not the whole file). A damaged backup can still fail later.
 */
export function isBackup(file: Buffer): boolean {
  if (file.length < 512 || file[0] !== 0x1f || file[1] !== 0x8b) return false;
  let head: Buffer;
  try {
    head = zlib.gunzipSync(file.subarray(0, 1 << 20), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch {
    return false;
  }
  return head.length >= 512 && head.subarray(257, 262).toString('latin1') === 'ustar' && head.includes('PG_VERSION');
}

/** Whether the master key at hand (LANTERN_MASTER_KEY or the key file) is the one the restored data was written with. */
async function keyStatus(database: Database): Promise<string> {
  const file = path.join(config.dataDir, 'master.key');
  const { rows } = await sql<{ fingerprint: string }>`SELECT fingerprint FROM key_check`.execute(database.db);
  const recorded = rows[0]?.fingerprint;
  const text = config.masterKey ?? (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
  if (text === undefined)
    return `There is no master key yet: put the key this backup was written with in ${file} (or LANTERN_MASTER_KEY) before starting. Lantern refuses to start without it and never generates a new key over existing data.`;
  const where = config.masterKey ? 'LANTERN_MASTER_KEY' : file;
  if (recorded === undefined)
    return `The backup predates key fingerprints: Lantern will check ${where} against the encrypted data when it starts.`;
  if (keyFingerprint(parseMasterKey(text)) === recorded) return `The master key in ${where} matches the data.`;
  throw new MasterKeyError(
    `The master key in ${where} is NOT the key this backup was written with: Lantern will refuse to start. Put the right key there.`,
  );
}
