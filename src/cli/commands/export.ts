// `lantern export htcds --out FILE [--k 11]`: the record-level HTCDS export from the server's
// console, as the operator (audit events without a user, client 'cli'): progress on stderr, the
// summary (rows written, levels chosen, persons suppressed) on stdout. The file is written under a
// temporary name and renamed when complete, so a file at FILE is always a finished, k-anonymous one.
import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import { exportHtcds, type ExportProgress } from '../../statistics/htcds.js';
import { UsageError, withContext } from '../support.js';

export async function exportHtcdsCommand(o: { out: string; k: string }): Promise<void> {
  const k = Number(o.k);
  if (!Number.isInteger(k) || k < 2 || k > 100) throw new UsageError('--k must be a whole number from 2 to 100.');
  const partial = `${o.out}.partial`;
  await withContext(async (ctx) => {
    const out = fs.createWriteStream(partial, { mode: 0o600 });
    let last = 0;
    const started = Date.now();
    const onProgress = (p: ExportProgress) => {
      if (Date.now() - last < 500) return;
      last = Date.now();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stderr.write(
        `export: ${p.phase === 'count' ? 'counting' : 'writing'} ${p.done} persons (${seconds} s)\n`,
      );
    };
    try {
      const summary = await exportHtcds(ctx, null, { k, out, onProgress });
      out.end();
      await finished(out);
      fs.renameSync(partial, o.out);
      const levels = Object.entries(summary.levels)
        .map(([q, level]) => `${q}=${level}`)
        .join(', ');
      console.log(
        `HTCDS export (k = ${k}): ${summary.rows} rows written to ${o.out}; ${summary.suppressed} of ${summary.persons} consented persons suppressed; levels: ${levels}; ${summary.classes} groups, the smallest of ${summary.smallestClass ?? 0}.`,
      );
    } catch (error) {
      out.destroy();
      fs.rmSync(partial, { force: true });
      throw error;
    }
  });
}
