// `lantern demo`: the synthetic data set.
import { DemoRefused, loadDemoData } from '../demo.js';
import { UsageError, withContext } from '../support.js';

export async function demoCommand(o: { persons: string; seed: string }) {
  const count = Number(o.persons);
  if (!/^\d+$/.test(o.seed)) throw new UsageError('--seed must be a whole number.');
  if (!Number.isInteger(count) || count < 1 || count > 100_000)
    throw new UsageError('--persons must be a whole number from 1 to 100000.');
  await withContext(async (ctx) => {
    const summary = await loadDemoData(ctx, { persons: count, seed: Number(o.seed) }, (done, total) =>
      process.stderr.write(`\rloading ${done}/${total}`),
    ).catch((error: unknown) => {
      throw error instanceof DemoRefused ? new UsageError(error.message) : error;
    });
    process.stderr.write('\n');
    console.log(summary);
  });
}
