// Opens the database: a PostgreSQL server when DATABASE_URL is set, otherwise the
// embedded PGlite in the data folder. Both are driven through Kysely with the
// same queries; values come back in the same shapes (dates as 'YYYY-MM-DD' text,
// bigints as numbers) whichever is underneath.
import fs from 'node:fs';
import path from 'node:path';
import { Kysely } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { DB } from './db-schema.js';
import { pgliteDialect } from './pglite-dialect.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';

export interface Database {
  db: Kysely<DB>;
  kind: 'pglite' | 'postgres';
  /** Runs a multi-statement SQL script (migrations only). */
  execScript(sqlText: string): Promise<void>;
  /** A consistent gzip tarball of the embedded database (PGlite only). */
  backup?(): Promise<Buffer>;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const keepText = (value: string) => value;
const toNumber = (value: string) => Number(value);

export async function openPostgres(url: string, maxConnections = 10): Promise<Database> {
  const client = postgres(url, {
    max: maxConnections,
    onnotice: () => {},
    types: {
      date: { to: DATE_OID, from: [DATE_OID], serialize: (v: unknown) => String(v), parse: keepText },
      bigint: { to: INT8_OID, from: [INT8_OID], serialize: (v: unknown) => String(v), parse: toNumber },
    },
  });
  const db = new Kysely<DB>({ dialect: new PostgresJSDialect({ postgres: client }) });
  return {
    db,
    kind: 'postgres',
    async execScript(sqlText) { await client.unsafe(sqlText).simple(); },
    async close() { await db.destroy(); await client.end({ timeout: 5 }); },
  };
}

/**
 * Opens PGlite in `dataDir` (created if missing), or in memory when dataDir is undefined.
 * `restoreFrom` (a backup tarball) fills an empty data folder first.
 */
export async function openPglite(dataDir: string | undefined, restoreFrom?: Buffer): Promise<Database> {
  let lock: DataDirLock | undefined;
  let pgDir: string | undefined;
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    lock = acquireDataDirLock(dataDir);
    pgDir = path.join(dataDir, 'pgdata');
  }
  try {
    const pg = await PGlite.create(pgDir, {
      extensions: { pg_trgm },
      ...(restoreFrom ? { loadDataDir: new Blob([restoreFrom]) } : {}),
      parsers: { [DATE_OID]: keepText, [INT8_OID]: toNumber },
    });
    const db = new Kysely<DB>({ dialect: pgliteDialect(pg) });
    return {
      db,
      kind: 'pglite',
      async execScript(sqlText) { await pg.exec(sqlText); },
      async backup() { return Buffer.from(await (await pg.dumpDataDir('gzip')).arrayBuffer()); },
      async close() { await db.destroy(); await pg.close(); lock?.release(); },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

export function openDatabase(config: { databaseUrl: string | undefined; dataDir: string }): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(config.dataDir);
}
