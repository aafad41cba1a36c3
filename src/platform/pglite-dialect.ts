// A Kysely dialect for the embedded PGlite database. Hand-written because the
// published adapter pulls in a CLI toolchain; this is Kysely's own Postgres
// dialect with PGlite presented as a one-connection pool. PGlite has a single
// session, so a mutex hands it to one transaction (or query) at a time.
import { PostgresDialect, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';

class Mutex {
  #tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
}

const COMMAND = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|merge|select|begin|commit|rollback)\b/i;

function commandOf(sqlText: string): string {
  const match = COMMAND.exec(sqlText);
  return match?.[1] ? match[1].toUpperCase() : 'SELECT';
}

export function pgliteDialect(pg: PGlite): PostgresDialect {
  const mutex = new Mutex();
  const pool: PostgresPool = {
    async connect(): Promise<PostgresPoolClient> {
      const release = await mutex.acquire();
      const client = {
        async query<R>(sqlText: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
          const result = await pg.query<R>(sqlText, parameters as unknown[]);
          return {
            command: commandOf(sqlText) as PostgresQueryResult<R>['command'],
            rowCount: result.affectedRows ?? result.rows.length,
            rows: result.rows,
          };
        },
        release,
      };
      return client as PostgresPoolClient;
    },
    async end() {
      /* the PGlite instance is closed by its owner */
    },
  };
  return new PostgresDialect({ pool });
}
