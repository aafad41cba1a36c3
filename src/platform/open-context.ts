// Opens the database for a command or the server: migrated, with its keys. Kept
// apart from the HTTP app so that the CLI starts without loading the server.
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import { setCalendarZone } from '../contract/calendar.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { openDatabase, openPostgres, type Database } from './database.js';
import type { DB } from './db-schema.js';
import { createKeys, loadMasterKey, MasterKeyError, type Keys } from './keys.js';
import { migrate } from './migrate.js';
import { Reads } from './replica.js';

/** The database (migrated) and keys every command and the server work with. */
export async function openContext(config: Config, logger: Logger, database?: Database): Promise<AppContext> {
  setCalendarZone(config.timeZone);
  const db = database ?? (await openDatabase(config));
  try {
    await migrate(db);
    const recorded = await recordedFingerprint(db.db);
    const embeddedDir = db.kind === 'pglite' && !config.databaseUrl ? config.dataDir : undefined;
    const master = loadMasterKey(
      config.masterKey,
      embeddedDir,
      (m) => logger.warn(m),
      recorded !== undefined || (await holdsData(db.db)),
    );
    const keys = createKeys(master);
    const source = config.masterKey ? 'LANTERN_MASTER_KEY' : `the key file in ${embeddedDir}`;
    await checkKey(db.db, keys, recorded, source);
    const reads = await openReads(config, logger, db);
    return {
      config,
      // closing the database closes the replica's pool and its monitor too
      database: reads.replicated ? { ...db, close: () => reads.close().finally(() => db.close()) } : db,
      db: db.db,
      reads,
      keys,
      logger,
      hooks: { caseClosed: [], personsChanged: [], clustersChanged: [], caseAssigned: [], referralChanged: [] },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * The replica of DATABASE_REPLICA_URL, watched (only beside a PostgreSQL primary: the embedded database has no
 * replicas, and a replica URL with it is ignored with a warning rather than refused, so that a configuration
 * shared by servers and the CLI does not stop the CLI on a laptop).
 */
async function openReads(config: Config, logger: Logger, primary: Database): Promise<Reads> {
  const options = { maxLagMs: config.replicaMaxLagMs, logger };
  if (!config.databaseReplicaUrl) return new Reads(primary, undefined, options);
  if (primary.kind !== 'postgres') {
    logger.warn('DATABASE_REPLICA_URL is ignored: it needs DATABASE_URL (the embedded database has no replicas)');
    return new Reads(primary, undefined, options);
  }
  // Opening connects lazily; an unreachable replica only makes reads go to the primary.
  const replica = await openPostgres(config.databaseReplicaUrl, 10, { connectTimeoutSeconds: 5 });
  const reads = new Reads(primary, replica, options);
  await reads.start();
  return reads;
}

async function recordedFingerprint(db: Kysely<DB>): Promise<string | undefined> {
  const { rows } = await sql<{ fingerprint: string }>`SELECT fingerprint FROM key_check`.execute(db);
  return rows[0]?.fingerprint;
}

/** Whether anything was ever written that a key protects or that a new key would orphan. */
async function holdsData(db: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ has: boolean }>`SELECT (EXISTS (SELECT 1 FROM agency) OR EXISTS (SELECT 1 FROM app_user)
      OR EXISTS (SELECT 1 FROM person) OR EXISTS (SELECT 1 FROM audit_event)) AS has`.execute(db);
  return Boolean(rows[0]?.has);
}

/**
 * Refuses a key that is not the one the data was written with. A database without
 * a fingerprint (new, or written before fingerprints existed) records the key in
 * use — after checking, for older data, that the key opens one of its encrypted values.
 */
async function checkKey(db: Kysely<DB>, keys: Keys, recorded: string | undefined, source: string): Promise<void> {
  const mismatch = () =>
    new MasterKeyError(
      `The master key (${source}) is not the key this database was written with: with it, no encrypted field could be read. ` +
        'Lantern has not started and changed nothing. Use the key the data was written with (e.g. restore data/master.key ' +
        'from your key backup, or set LANTERN_MASTER_KEY to it), then start again.',
    );
  if (recorded !== undefined) {
    if (recorded !== keys.fingerprint) throw mismatch();
    return;
  }
  const { rows } = await sql<{ sealed: string }>`
    SELECT sealed FROM (
      (SELECT reason AS sealed FROM case_transition WHERE reason LIKE 'v1:%' LIMIT 1)
      UNION ALL (SELECT narrative FROM case_file WHERE narrative LIKE 'v1:%' LIMIT 1)
      UNION ALL (SELECT contact FROM person WHERE contact LIKE 'v1:%' LIMIT 1)
      UNION ALL (SELECT totp_secret FROM app_user WHERE totp_secret LIKE 'v1:%' LIMIT 1)
    ) s LIMIT 1`.execute(db);
  if (rows[0]) {
    try {
      keys.decrypt(rows[0].sealed);
    } catch {
      throw mismatch();
    }
  }
  await sql`INSERT INTO key_check (fingerprint) VALUES (${keys.fingerprint}) ON CONFLICT (id) DO NOTHING`.execute(db);
  // Another server starting at the same moment may have recorded its key first.
  if ((await recordedFingerprint(db)) !== keys.fingerprint) throw mismatch();
}
