// `lantern backup|restore` of the embedded database.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { openPglite, type Database } from '../../platform/database.js';
import { keyFingerprint, MasterKeyError, parseMasterKey } from '../../platform/keys.js';
import { migrate } from '../../platform/migrate.js';
import { config, UsageError } from '../support.js';

export async function backup(o: { out: string }) {
  if (config.databaseUrl)
    throw new UsageError('DATABASE_URL is set: back up the PostgreSQL server with pg_dump instead.');
  if (fs.existsSync(o.out)) throw new UsageError(`${o.out} exists already; choose a new file name.`);
  const database = await openPglite(config.dataDir);
  try {
    await migrate(database);
    fs.writeFileSync(o.out, await database.backup!(), { mode: 0o600, flag: 'wx' });
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
  const pgdata = path.join(config.dataDir, 'pgdata');
  if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length > 0) {
    throw new UsageError(
      `${config.dataDir} already holds a database. Move it aside (or point LANTERN_DATA_DIR at an empty folder) and run restore again.`,
    );
  }
  const database = await openPglite(config.dataDir, fs.readFileSync(o.from));
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
