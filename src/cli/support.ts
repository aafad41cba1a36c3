// What every command shares: the configuration, a logger on stderr, the opened
// database, and the error a command throws for wrong usage (exit code 2).
import type { AuditContext } from '../access/audit.js';
import { loadConfig } from '../platform/config.js';
import type { AppContext } from '../platform/context.js';

/** Wrong usage or input: printed without a stack, exit code 2. */
export class UsageError extends Error {}

export const config = loadConfig();

/** Audit events written by the CLI: no signed-in user; the client is the server's own console. */
export const cliAudit: AuditContext = { actor: null, clientIp: 'cli' };

/** Opens the database (migrated, with keys), runs `work`, seals the audit events it wrote, and closes. */
export async function withContext<T>(work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const [{ openLanternContext }, { createLogger }, { sealAll }] = await Promise.all([
    import('../capabilities.js'),
    import('../platform/logger.js'),
    import('../access/audit-chain.js'),
  ]);
  const ctx = await openLanternContext(config, createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr));
  try {
    const result = await work(ctx);
    await sealAll(ctx.db, ctx.keys.auditKey, true);
    return result;
  } finally {
    await ctx.database.close();
  }
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
