// `lantern audit verify [--anchor <checkpoint>]` and `lantern audit anchor`.
// verify exits 0 intact, 1 broken (naming what is wrong), 2 for a malformed or
// foreign anchor, 3 when the database is busy or unreachable.
import {
  AnchorFormatError,
  AuditChainHeadError,
  isAuthenticAnchor,
  parseAnchor,
  sealAll,
  takeAnchor,
  verifyChain,
  type Anchor,
  type ChainVerdict,
} from '../../access/audit-chain.js';
import { recordAudit } from '../../access/audit.js';
import type { AppContext } from '../../platform/context.js';
import { UsageError, cliAudit, config } from '../support.js';

/**
 * Opens the database for an audit command and closes it. Unlike other commands it
 * does not seal again at the end: a tampered head makes sealing fail, and that is
 * for these commands to report, not to crash on.
 */
async function withDatabase(work: (ctx: AppContext) => Promise<void>): Promise<void> {
  // Only the database, the keys and the audit writer: the audit commands need no capability loaded.
  const [{ openContext }, { createLogger }, { bindAuditWriter }] = await Promise.all([
    import('../../platform/open-context.js'),
    import('../../platform/logger.js'),
    import('../../access/audit.js'),
  ]);
  const ctx = await openContext(config, createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr));
  bindAuditWriter(ctx.db, ctx.keys.auditKey);
  try {
    await work(ctx);
  } finally {
    await ctx.database.close();
  }
}

function readAnchor(text: string): Anchor {
  try {
    return parseAnchor(text);
  } catch (error) {
    if (error instanceof AnchorFormatError) throw new UsageError(`--anchor: ${error.message}`);
    throw error;
  }
}

function describeForged(verdict: ChainVerdict): string {
  const listed = verdict.forged
    .slice(0, 10)
    .map((f) => `event ${f.seq} (id ${f.id}, ${f.action}, ${f.at.toISOString()})`)
    .join('; ');
  const more = verdict.forgedCount > 10 ? `; and ${verdict.forgedCount - 10} more` : '';
  return (
    `${verdict.forgedCount} event(s) were not written by Lantern (inserted into the database by other means) ` +
    `and are sealed as forged: ${listed}${more}`
  );
}

export async function verifyAudit(options: { anchor?: string } = {}) {
  const anchor = options.anchor === undefined ? undefined : readAnchor(options.anchor);
  await withDatabase(async (ctx) => {
    const key = ctx.keys.auditKey;
    if (anchor && !isAuthenticAnchor(key, anchor))
      throw new UsageError(
        '--anchor: the anchor does not match this Lantern: it was altered or mistyped when copied, or was issued by an installation with another master key',
      );
    let sealed = 0;
    try {
      sealed = await sealAll(ctx.db, key, true);
    } catch (error) {
      if (!(error instanceof AuditChainHeadError)) throw error; // a tampered head: the verification below names it
    }
    const verdict = await verifyChain(ctx.db, key, (n) => process.stderr.write(`\rchecked ${n} events`), {
      ...(anchor ? { anchor } : {}),
    });
    process.stderr.write('\n');
    if (!verdict.ok) {
      if (verdict.firstBad)
        console.error(`AUDIT TRAIL BROKEN after ${verdict.checked} intact events: ${verdict.firstBad.problem}`);
      if (verdict.forgedCount > 0) console.error(`AUDIT TRAIL BROKEN: ${describeForged(verdict)}`);
      if (verdict.anchor && !verdict.anchor.ok) console.error(`AUDIT TRAIL BROKEN: ${verdict.anchor.problem}`);
      process.exitCode = 1;
      return;
    }
    console.log(
      `Audit trail intact: ${verdict.checked} events verified${sealed ? ` (${sealed} sealed just now)` : ''}.` +
        (verdict.anchor
          ? ` It holds, unchanged, the ${verdict.anchor.seq} events of the anchor taken ${verdict.anchor.at.toISOString()}.`
          : ''),
    );
    if (verdict.head.sealedAt)
      console.log(`Chain head: event ${verdict.head.seq}, sealed ${verdict.head.sealedAt.toISOString()}.`);
  });
}

export async function anchorAudit() {
  await withDatabase(async (ctx) => {
    await recordAudit(ctx.db, cliAudit, { action: 'audit.anchor', outcome: 'success' });
    try {
      const { text, anchor } = await takeAnchor(ctx.db, ctx.keys.auditKey);
      console.log(text);
      console.error(
        `Anchor for audit events 1 to ${anchor.seq}, taken ${anchor.at.toISOString()}. Keep this line outside the server ` +
          '(e.g. in the inspection register); check the trail against it with `lantern audit verify --anchor <line>`.',
      );
    } catch (error) {
      if (!(error instanceof AuditChainHeadError)) throw error;
      console.error(`AUDIT TRAIL BROKEN: ${error.message}`);
      process.exitCode = 1;
    }
  });
}
