// Opens the database for a command or the server: migrated, with its keys. Kept
// apart from the HTTP app so that the CLI starts without loading the server.
import type { Logger } from 'pino';
import { bindAuditWriter } from '../access/audit.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { openDatabase, type Database } from './database.js';
import { createKeys, loadMasterKey } from './keys.js';
import { migrate } from './migrate.js';

/** The database (migrated) and keys every command and the server work with. */
export async function openContext(config: Config, logger: Logger, database?: Database): Promise<AppContext> {
  const db = database ?? (await openDatabase(config));
  try {
    await migrate(db);
    const master = loadMasterKey(
      config.masterKey,
      db.kind === 'pglite' && !config.databaseUrl ? config.dataDir : undefined,
      (m) => logger.warn(m),
    );
    const keys = createKeys(master);
    bindAuditWriter(db.db, keys.auditKey); // recordAudit signs every event it writes
    return { config, database: db, db: db.db, keys, logger };
  } catch (error) {
    await db.close();
    throw error;
  }
}
