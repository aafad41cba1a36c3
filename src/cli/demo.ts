// Placeholder replaced by the demo data loader.
import type { AppContext } from '../platform/context.js';
export async function loadDemoData(_ctx: AppContext, _o: { persons: number; seed: number }, _progress: (done: number, total: number) => void): Promise<string> {
  throw new Error('not yet');
}
