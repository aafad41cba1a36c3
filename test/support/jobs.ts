// Waiting for background jobs in tests: poll GET /jobs/:id as the web app does,
// until the job has succeeded or failed (the test's own timeout bounds the wait).
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestLantern } from './harness.js';

export interface JobBody {
  id: string;
  kind: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: { done: number; total: number };
  result: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
}

/** Polls the job until it is finished; returns its last state and every progress value seen. */
export async function waitForJob(
  l: Pick<TestLantern, 'call'>,
  token: string,
  id: string,
): Promise<{ job: JobBody; seen: number[] }> {
  const seen: number[] = [];
  for (;;) {
    const r = await l.call(token, 'GET', `/api/v1/jobs/${id}`);
    if (r.status !== 200) throw new Error(`GET /jobs/${id} answered ${r.status}: ${JSON.stringify(r.body)}`);
    const job = r.body as JobBody;
    if (seen[seen.length - 1] !== job.progress.done) seen.push(job.progress.done);
    if (job.state === 'succeeded' || job.state === 'failed') return { job, seen };
    await sleep(20);
  }
}
