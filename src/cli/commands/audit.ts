// `lantern audit verify`.
import { sealAll, verifyChain } from '../../access/audit-chain.js';
import { withContext } from '../support.js';

export async function verifyAudit() {
  await withContext(async (ctx) => {
    const sealed = await sealAll(ctx.db, ctx.keys.auditKey, true);
    const verdict = await verifyChain(ctx.db, ctx.keys.auditKey, (n) => process.stderr.write(`\rchecked ${n} events`));
    process.stderr.write('\n');
    if (!verdict.ok) {
      console.error(`AUDIT TRAIL BROKEN after ${verdict.checked} intact events: ${verdict.firstBad?.problem}`);
      process.exitCode = 1;
      return;
    }
    console.log(
      `Audit trail intact: ${verdict.checked} events verified${sealed ? ` (${sealed} sealed just now)` : ''}.`,
    );
  });
}
