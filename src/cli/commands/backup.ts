// `lantern backup|restore` of the embedded database.
import fs from 'node:fs';
import path from 'node:path';
import { openPglite } from '../../platform/database.js';
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
    console.log(
      `Restored into ${config.dataDir}: ${n.n} cases. Put the matching master key in ${path.join(config.dataDir, 'master.key')} or LANTERN_MASTER_KEY.`,
    );
  } finally {
    await database.close();
  }
}
