// The background job as the API shows it (GET /jobs/:id, the 202 that starts one, POST /jobs/:id/cancel).
import { z } from 'zod';
import { JOB_STATES } from '../codes.js';

export const jobSchema = z.object({
  id: z.uuid(),
  kind: z.string().describe('what the job does, e.g. screening.roster, consolidation.import, linkage.run'),
  state: z.enum(JOB_STATES),
  progress: z.object({
    done: z.number(),
    total: z.number(),
    ratePerSecond: z
      .number()
      .nullable()
      .describe('units done per second since the job started; null before the first step'),
    secondsLeft: z.number().nullable().describe('estimated from the rate; null when unknown'),
  }),
  result: z.record(z.string(), z.unknown()).nullable().describe('when succeeded: ids and counts, never personal data'),
  error: z
    .object({ code: z.string(), message: z.string() })
    .nullable()
    .describe('when failed: what went wrong and what to do; work done before the failure is kept'),
  cancellable: z.boolean().describe('the caller may cancel it now (POST /jobs/:id/cancel)'),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
