// Opens the database: a PostgreSQL server when DATABASE_URL is set, otherwise the
// embedded PGlite in the data folder. Both are driven through Kysely with the
// same queries; values come back in the same shapes (dates as 'YYYY-MM-DD' text,
// bigints as numbers) whichever is underneath.
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, sql, type RawBuilder } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import type { DB } from './db-schema.js';
import { pgliteDialect } from './pglite-dialect.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';

export interface Database {
  db: Kysely<DB>;
  kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction whose `run` executes multi-statement SQL scripts (migrations only). */
  scriptTransaction(
    work: (run: (sqlText: string) => Promise<Record<string, unknown>[]>) => Promise<void>,
  ): Promise<void>;
  /**
   * Listens to a notification channel: `onNotify` for each notification, `onListen` each time the listening is
   * (re)established — notifications sent while it was down are lost, so the listener must assume anything
   * changed. Returns how to stop listening.
   */
  listen(channel: string, onNotify: (payload: string) => void, onListen: () => void): Promise<() => Promise<void>>;
  /** A consistent gzip tarball of the embedded database (PGlite only). */
  backup?(): Promise<Buffer>;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const keepText = (value: string) => value;
const toNumber = (value: string) => Number(value);

/**
 * libpq's way of naming a Unix socket in a URL, `?host=/var/run/postgresql`, which
 * postgres.js would otherwise send to the server as a setting: taken out of the URL
 * and given as the `host` option. On one machine a socket costs far less per query
 * than loopback TCP.
 */
export function socketHostOf(url: string): { url: string; host?: string } {
  const at = url.indexOf('?');
  if (at < 0) return { url };
  const params = new URLSearchParams(url.slice(at + 1));
  const host = params.get('host');
  if (!host?.startsWith('/')) return { url };
  params.delete('host');
  const rest = params.toString();
  return { url: url.slice(0, at) + (rest ? `?${rest}` : ''), host };
}

/**
 * A comment that keeps a statement from being prepared, for a statement whose best plan depends on its values
 * (a name search: the commonest family name wants the newest cases walked in order, a rare one the word index).
 * A prepared statement is planned for any values after five runs (PostgreSQL's generic plan), which made every
 * name search follow one plan (issue 15).
 */
export const PLAN_EACH_TIME = '/* lantern: plan each time */';

/** Whether a statement is sent prepared: every one but those marked PLAN_EACH_TIME (the bench's driver asks too). */
export const isPrepared = (text: string): boolean => !text.includes(PLAN_EACH_TIME);

/**
 * The client as Kysely's dialect sees it, with every query a named prepared statement. The dialect sends each
 * query with postgres.js's `unsafe()`, which prepares nothing: a query with parameters then costs two round
 * trips (Parse and Describe to learn the parameters' types, wait, then Bind and Execute), every time. Prepared,
 * it costs that once per connection and one round trip after (issue 15: the profile showed the waits for
 * ParameterDescription and the socket writes as the largest share of a case read). postgres.js recycles
 * connections (max_lifetime, 30 to 60 minutes), which bounds the statements each one keeps.
 */
function preparing(client: postgres.Sql): Pick<postgres.Sql, 'reserve' | 'end'> {
  return {
    async reserve() {
      const reserved = await client.reserve();
      const unsafe = reserved.unsafe.bind(reserved);
      reserved.unsafe = ((text: string, args?: never[], options?: postgres.UnsafeQueryOptions) =>
        unsafe(text, args, { prepare: isPrepared(text), ...options })) as typeof reserved.unsafe;
      return reserved;
    },
    end: (options) => client.end(options),
  };
}

export async function openPostgres(
  databaseUrl: string,
  maxConnections = 10,
  options: { connectTimeoutSeconds?: number } = {},
): Promise<Database> {
  const { url, host } = socketHostOf(databaseUrl);
  const client = postgres(url, {
    ...(host ? { host } : {}),
    ...(options.connectTimeoutSeconds ? { connect_timeout: options.connectTimeoutSeconds } : {}),
    max: maxConnections,
    onnotice: () => {},
    types: {
      date: { to: DATE_OID, from: [DATE_OID], serialize: (v: unknown) => String(v), parse: keepText },
      bigint: { to: INT8_OID, from: [INT8_OID], serialize: (v: unknown) => String(v), parse: toNumber },
    },
  });
  const db = new Kysely<DB>({ dialect: new PostgresJSDialect({ postgres: () => preparing(client) }) });
  return {
    db,
    kind: 'postgres',
    async scriptTransaction(work) {
      await client.begin(async (tx) => {
        await work(async (text) => {
          const result = await tx.unsafe(text).simple();
          const last = Array.isArray(result[0]) ? result[result.length - 1] : result; // several statements give one result each
          return [...(last as Iterable<Record<string, unknown>>)];
        });
      });
    },
    async listen(channel, onNotify, onListen) {
      // postgres.js listens on a connection of its own, outside the pool, and listens again after a reconnect.
      const subscription = await client.listen(channel, onNotify, onListen);
      return () => subscription.unlisten();
    },
    async close() {
      // Ended with a timeout first: a connection that failed to open (a replica that is down) would keep an
      // end without one waiting for ever. Queries under way get 5 s.
      await client.end({ timeout: 5 });
      await db.destroy();
    },
  };
}

/**
 * Makes the data folder and everything in it readable by its owner only (folders
 * 0700, files 0600), whatever existed before or was created since: it holds the
 * database and may hold the master key. Symbolic links are left alone, not followed.
 */
export function tightenPermissions(dataDir: string): void {
  if (process.platform === 'win32') return;
  const folders = [dataDir];
  while (folders.length > 0) {
    const folder = folders.pop()!;
    chmodIfLoose(folder, 0o700);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const entry of entries) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) folders.push(file);
      else if (entry.isFile()) chmodIfLoose(file, 0o600);
    }
  }
}

function chmodIfLoose(file: string, mode: number): void {
  const stat = fs.lstatSync(file, { throwIfNoEntry: false }); // a file PGlite just removed is no concern
  if (stat && (stat.mode & 0o777) !== mode) fs.chmodSync(file, mode);
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
    tightenPermissions(dataDir);
    pgDir = path.join(dataDir, 'pgdata');
  }
  try {
    const pg = await PGlite.create(pgDir, {
      extensions: { pg_trgm, fuzzystrmatch },
      ...(restoreFrom ? { loadDataDir: new Blob([restoreFrom]) } : {}),
      parsers: { [DATE_OID]: keepText, [INT8_OID]: toNumber },
    });
    if (dataDir) tightenPermissions(dataDir); // PGlite creates its files with the process umask (often 0644)
    const db = new Kysely<DB>({ dialect: pgliteDialect(pg) });
    return {
      db,
      kind: 'pglite',
      async scriptTransaction(work) {
        await pg.transaction(async (tx) => {
          await work(async (text) => {
            const results = await tx.exec(text);
            return (results[results.length - 1]?.rows ?? []) as Record<string, unknown>[];
          });
        });
      },
      async listen(channel, onNotify, onListen) {
        const unlisten = await pg.listen(channel, onNotify);
        onListen(); // in this process: the listening never breaks
        return unlisten;
      },
      async backup() {
        return Buffer.from(await (await pg.dumpDataDir('gzip')).arrayBuffer());
      },
      async close() {
        await db.destroy();
        await pg.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

export function openDatabase(config: { databaseUrl: string | undefined; dataDir: string }): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(config.dataDir);
}

/**
 * A jsonb value for an INSERT or UPDATE. Sent as text and cast in SQL, because the
 * two drivers serialise a parameter typed jsonb differently (postgres.js would
 * JSON-encode an already encoded string a second time).
 */
export function jsonb(value: unknown): RawBuilder<never> {
  return sql<never>`${JSON.stringify(value)}::text::jsonb`;
}

/** Runs `work` in the caller's transaction if `db` is one, else in a new one. */
export function inTransaction<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
