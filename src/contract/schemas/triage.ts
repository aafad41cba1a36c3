// The hotline's desk and the triage queue (issue 14 §2):
//   GET  /api/v1/reports?status=&assigned=&channel=&site=&page=&limit=   -> the queue (no content)
//   POST /api/v1/reports/calls                                           -> 201 a call recorded as a report
//   GET  /api/v1/reports/:id                                             -> the report, decrypted (ETag)
//   GET  /api/v1/reports/:id/photos/:photoId                             -> the photo's bytes
//   POST /api/v1/reports/:id/assign   (If-Match) {assignee: 'me' | userId | null}
//   POST /api/v1/reports/:id/close    (If-Match) {outcome: duplicate | spam | not_trafficking, reason, duplicateOf?}
//   POST /api/v1/reports/:id/link     (If-Match) {caseReference}
//   POST /api/v1/reports/:id/escalate (If-Match) {agencyId}
//   GET  /api/v1/reports/case-lookup?reference=   -> {reference, agency} of a case, nothing of its content
//   GET  /api/v1/reports/agencies?province=       -> the agencies a report may be escalated to
//   GET  /api/v1/reports/operators                -> the operators of the caller's hotline (to assign to)
import { z } from 'zod';
import { AGENCY_KINDS, SPOKEN_LANGUAGES } from '../codes.js';
import {
  PUBLIC_REPORT_ANSWERS,
  PUBLIC_REPORT_LIMITS,
  PUBLIC_REPORT_RECRUITMENT,
  PUBLIC_REPORT_SENDERS,
  PUBLIC_REPORT_STATUSES,
} from '../public-reports.js';
import { isProvinceCode } from '../reference/index.js';
import {
  CALL_INDICATORS,
  CALLER_KINDS,
  CLOSING_OUTCOMES,
  QUEUE_ASSIGNED,
  QUEUE_STATUSES,
  REPORT_CHANNELS,
  TRIAGE_EVENTS,
  TRIAGE_OUTCOMES,
} from '../triage.js';

const uuid = z.uuid('an id (UUID)');

export const reportParamsSchema = z.object({ id: uuid });
export const reportPhotoParamsSchema = z.object({ id: uuid, photoId: uuid });

export const queueQuerySchema = z
  .object({
    status: z.enum(QUEUE_STATUSES).default('open'),
    assigned: z.enum(QUEUE_ASSIGNED).default('any'),
    channel: z.enum(REPORT_CHANNELS).optional(),
    site: z.string().max(64).optional().describe("a campaign site's code"),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();
export type QueueQuery = z.infer<typeof queueQuerySchema>;

const person = z.object({ id: z.string(), name: z.string() });

export const queueItemSchema = z.object({
  id: z.string(),
  channel: z.enum(REPORT_CHANNELS),
  status: z.enum(PUBLIC_REPORT_STATUSES),
  outcome: z.enum(TRIAGE_OUTCOMES).nullable(),
  immediateDanger: z.boolean(),
  minorInvolved: z.boolean(),
  province: z.string().nullable(),
  site: z.string().nullable(),
  language: z.string(),
  photoCount: z.number(),
  unreadMessages: z.number().describe("the reporter's messages written since an operator last opened the report"),
  assignee: person.nullable(),
  receivedAt: z.string(),
  minutesWaiting: z.number().describe('whole minutes since the report arrived'),
  late: z.boolean().describe('open and past its service level (immediate danger: 15 min; others: 24 h)'),
  version: z.number(),
});
export const queueSchema = z.object({
  items: z.array(queueItemSchema),
  page: z.number(),
  limit: z.number(),
  hasMore: z.boolean(),
  now: z.string().describe("the server's time, for the web's live timers"),
});
export type QueueItem = z.infer<typeof queueItemSchema>;

/** What a report says, one shape for web reports and calls (calls add the caller and indicators). */
export const reportContentSchema = z.object({
  whatHappened: z.string(),
  place: z.string().nullable(),
  when: z.string().nullable(),
  minorInvolved: z.enum(PUBLIC_REPORT_ANSWERS),
  immediateDanger: z.enum(PUBLIC_REPORT_ANSWERS),
  recruitment: z.enum(PUBLIC_REPORT_RECRUITMENT),
  destinationCountry: z.string().nullable(),
  destinationOther: z.string().nullable(),
  identifiers: z.array(z.string()),
  contact: z.string().nullable(),
  caller: z.enum(CALLER_KINDS).nullable().describe('calls only'),
  callerLanguage: z.string().nullable().describe('calls only'),
  indicators: z.array(z.enum(CALL_INDICATORS)),
});
export type ReportContent = z.infer<typeof reportContentSchema>;

export const triageEventSchema = z.object({
  action: z.enum(TRIAGE_EVENTS),
  actor: z.string().describe("the operator's name"),
  at: z.string(),
  assignee: z.string().nullable(),
  caseReference: z.string().nullable(),
  agency: z.string().nullable().describe("the receiving agency's name"),
  duplicateOf: z.string().nullable(),
});

export const reportViewSchema = queueItemSchema.extend({
  content: reportContentSchema,
  reason: z.string().nullable().describe('why it was closed (duplicate, spam, not trafficking)'),
  duplicateOf: z.string().nullable(),
  case: z.object({ reference: z.string(), agency: z.string() }).nullable().describe('the case it was passed to'),
  messages: z.array(
    z.object({
      id: z.string(),
      from: z.enum(PUBLIC_REPORT_SENDERS),
      text: z.string(),
      at: z.string(),
      by: z.string().nullable(),
    }),
  ),
  photos: z.array(z.object({ id: z.string(), mediaType: z.string(), sizeBytes: z.number() })),
  history: z.array(triageEventSchema),
});
export type ReportView = z.infer<typeof reportViewSchema>;

const lineText = (max: number) => z.string().max(max);
const province = z.string().refine((v) => v === '' || isProvinceCode(v), 'one of the 34 provincial units');

export const callCreateSchema = z
  .object({
    caller: z.enum(CALLER_KINDS),
    callerLanguage: z.enum(SPOKEN_LANGUAGES).default('vi'),
    whatHappened: lineText(PUBLIC_REPORT_LIMITS.whatHappened),
    province: province.nullable().optional(),
    place: lineText(PUBLIC_REPORT_LIMITS.place).nullable().optional(),
    when: lineText(PUBLIC_REPORT_LIMITS.when).nullable().optional(),
    minorInvolved: z.enum(PUBLIC_REPORT_ANSWERS).default('unknown'),
    immediateDanger: z.enum(PUBLIC_REPORT_ANSWERS).default('unknown'),
    recruitment: z.enum(PUBLIC_REPORT_RECRUITMENT).default('unknown'),
    destinationCountry: z.string().max(2).nullable().optional(),
    destinationOther: lineText(PUBLIC_REPORT_LIMITS.destinationOther).nullable().optional(),
    identifiers: z
      .union([
        z.array(lineText(PUBLIC_REPORT_LIMITS.identifier)).max(PUBLIC_REPORT_LIMITS.identifiers),
        z.string().max(10_000),
      ])
      .optional()
      .describe('one per line, or an array'),
    indicators: z.array(z.enum(CALL_INDICATORS)).max(CALL_INDICATORS.length).default([]),
    contact: lineText(PUBLIC_REPORT_LIMITS.contact).nullable().optional(),
  })
  .strict();
export type CallCreate = z.infer<typeof callCreateSchema>;

export const assignSchema = z
  .object({
    assignee: z
      .union([z.literal('me'), uuid])
      .nullable()
      .describe("'me', an operator's id, or null to unassign"),
  })
  .strict();
export const closeSchema = z
  .object({
    outcome: z.enum(CLOSING_OUTCOMES),
    reason: z.string().max(2000).describe('why (stored encrypted)'),
    duplicateOf: uuid.optional().describe('the report this one repeats (duplicate only, required then)'),
  })
  .strict();
export const linkSchema = z.object({ caseReference: z.string().max(40) }).strict();
export const escalateSchema = z.object({ agencyId: uuid }).strict();

export const caseLookupQuerySchema = z.object({ reference: z.string().max(40) }).strict();
export const caseLookupSchema = z.object({
  reference: z.string(),
  agency: z.object({ code: z.string(), name: z.string() }),
});
export const agenciesQuerySchema = z.object({ province: z.string().max(64).optional() }).strict();
export const escalationAgencySchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(AGENCY_KINDS),
  province: z.string().nullable(),
  suggested: z.boolean().describe("in the report's province"),
});
export const operatorSchema = person;
