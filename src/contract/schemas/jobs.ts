// The background job as the API shows it (GET /jobs/:id, and the 202 that starts one).
import { z } from 'zod';
import { JOB_STATES } from '../codes.js';

export const jobSchema = z.object({
  id: z.uuid(),
  kind: z.string().describe('what the job does, e.g. screening.roster'),
  state: z.enum(JOB_STATES),
  progress: z.object({ done: z.number(), total: z.number() }),
  result: z.record(z.string(), z.unknown()).nullable().describe('when succeeded: ids and counts, never personal data'),
  error: z
    .object({ code: z.string(), message: z.string() })
    .nullable()
    .describe('when failed: what went wrong and what to do; work done before the failure is kept'),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
