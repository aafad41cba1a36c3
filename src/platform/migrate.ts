// Applies the numbered SQL files in migrations/ once each, in order. A checksum
// guards the rule that a released migration is never edited.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  // One transaction, serialised by an advisory lock, so that several app servers starting
  // together on one database apply each migration exactly once.
  await database.scriptTransaction(async (run) => {
    await run(`SELECT pg_advisory_xact_lock(4242001);
      CREATE TABLE IF NOT EXISTS schema_migration (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map(
      (await run('SELECT name, checksum FROM schema_migration')).map((r) => [String(r.name), String(r.checksum)]),
    );
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const checksum = crypto.createHash('sha256').update(text).digest('hex');
      const previous = done.get(file);
      if (previous !== undefined) {
        if (previous !== checksum)
          throw new Error(`Migration ${file} was edited after it was applied; add a new migration instead.`);
        continue;
      }
      await run(text);
      await run(`INSERT INTO schema_migration (name, checksum) VALUES ('${file}', '${checksum}')`);
      applied.push(file);
    }
  });
  return applied;
}
