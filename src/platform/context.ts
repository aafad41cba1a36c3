import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Database } from './database.js';
import type { DB } from './db-schema.js';
import type { Keys } from './keys.js';

/** What every capability's routes and services are given: no globals. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Kysely<DB>;
  keys: Keys;
  logger: Logger;
}
