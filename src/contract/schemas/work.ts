// Response schemas of an agency's work: the queues of what waits (the home screen)
// and its response-time figures.
import { z } from 'zod';

/** A screening the caller's agency still has to finish: a draft, or a returnee not yet screened. */
export const screeningToFinishSchema = z.object({
  kind: z.enum(['draft', 'unscreened']),
  caseId: z.uuid(),
  caseReference: z.string(),
  screeningId: z.uuid().nullable().describe("the draft, for kind 'draft'"),
  eventId: z.uuid().nullable().describe("the border event the returnee was registered at, for kind 'unscreened'"),
  since: z.string().describe("when the draft was saved, or the event's date"),
});

export const workQueuesSchema = z.object({
  overdueVerifications: z.array(
    z.object({ caseId: z.uuid(), reference: z.string(), status: z.string(), dueAt: z.string() }),
  ),
  referralsPastDue: z.array(
    z.object({
      referralId: z.uuid(),
      kind: z.string(),
      caseReference: z.string(),
      fromAgency: z.string().describe('the sending agency code'),
      dueDate: z.string(),
    }),
  ),
  servicesNotStarted: z.array(
    z.object({
      serviceId: z.uuid(),
      caseId: z.uuid(),
      caseReference: z.string(),
      type: z.string(),
      plannedDate: z.string().nullable(),
    }),
  ),
  screeningsToFinish: z.array(screeningToFinishSchema),
  dueSoon: z
    .array(z.object({ caseId: z.uuid(), reference: z.string(), status: z.string(), dueAt: z.string() }))
    .describe("the agency's verifications due within the next days, soonest first"),
  myCases: z
    .array(
      z.object({
        caseId: z.uuid(),
        reference: z.string(),
        personName: z.string(),
        status: z.string(),
        verificationDueAt: z.string().nullable(),
        urgency: z.enum(['overdue', 'due_soon', 'open']),
        updatedAt: z.string(),
      }),
    )
    .describe('open cases assigned to the caller: overdue first, then due soon, then the most recently changed'),
});

/** GET /team/workload: the supervisor's view of the agency's team (issue 12 §1). */
export const teamWorkloadSchema = z.object({
  members: z.array(
    z.object({
      userId: z.uuid(),
      displayName: z.string(),
      roles: z.array(z.string()),
      openCases: z.number(),
      overdueVerifications: z.number(),
      referralsWaiting: z.number().describe("referrals sent for the member's cases still waiting for an answer"),
    }),
  ),
  unassignedOpenCases: z.number(),
  overdueVerifications: z.array(
    z.object({
      caseId: z.uuid(),
      reference: z.string(),
      status: z.string(),
      dueAt: z.string(),
      assignee: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
    }),
  ),
  referralsWaiting: z
    .array(
      z.object({
        referralId: z.uuid(),
        kind: z.string(),
        caseReference: z.string(),
        fromAgency: z.string(),
        dueDate: z.string(),
        overdue: z.boolean(),
      }),
    )
    .describe('referrals to the agency waiting for its answer, the oldest due first'),
});

const figures = z.object({
  n: z.number().describe('how many were measured'),
  median: z.number().nullable(),
  p90: z.number().nullable(),
});

export const workKpisSchema = z.object({
  from: z.string(),
  to: z.string(),
  identificationToFirstServiceDays: figures.describe('days from identification as a victim to the first service'),
  referralAcceptanceHours: figures.describe("hours until the agency's referrals were accepted"),
});
