// Request and response schemas of prosecution support (issue 13): identifiers on a case, their hits
// across agencies, and information requests (deconfliction). Paths and field names are fixed by the issue.
import { z } from 'zod';
import { IDENTIFIER_KINDS, INFORMATION_REQUEST_STATUSES, INTELLIGENCE_SOURCES } from '../prosecution.js';
import { AGENCY_KINDS } from '../codes.js';

export const identifierCreateSchema = z
  .object({
    kind: z.enum(IDENTIFIER_KINDS),
    value: z.string().trim().min(1, 'write the identifier').max(500),
    source: z.enum(INTELLIGENCE_SOURCES).optional().describe('where it was learnt; investigation when not given'),
  })
  .strict();

const caseRef = z.object({ id: z.uuid(), reference: z.string() });

/** Another agency's cases that hold the same identifier: who holds them and how many, never their content. */
export const identifierHitSchema = z.object({
  agencyCode: z.string(),
  agencyName: z.string(),
  agencyKind: z.enum(AGENCY_KINDS),
  /** How many of this agency's cases hold the identifier. */
  cases: z.number().int(),
  /** Those of them the caller may already read (own agency's cases, or shared with it), by reference. */
  readableCases: z.array(caseRef),
  /** Whom to contact there: the agency's investigators. */
  contacts: z.array(z.object({ name: z.string(), email: z.string() })),
  /** An information request already sent for this identifier to this agency, if any. */
  request: z.object({ id: z.uuid(), status: z.enum(INFORMATION_REQUEST_STATUSES) }).nullable(),
});

export const identifierSchema = z.object({
  id: z.uuid(),
  kind: z.enum(IDENTIFIER_KINDS),
  value: z.string(),
  normalized: z.string(),
  source: z.enum(INTELLIGENCE_SOURCES),
  recordedAt: z.string(),
  recordedBy: z.string(),
  hits: z.array(identifierHitSchema),
});

/** `GET /cases/:id/identifiers`: the case's identifiers, and what the caller may do with them. */
export const caseIdentifierListSchema = z.object({
  items: z.array(identifierSchema),
  can: z.object({
    record: z
      .boolean()
      .describe("enter and remove identifiers, and send information requests: the owner agency's investigators"),
  }),
});

export const informationRequestCreateSchema = z
  .object({
    identifierId: z.uuid('the id of the identifier that hit'),
    agencyCode: z.string().trim().min(2).max(32).describe('the agency holding the matching cases'),
    message: z.string().trim().min(1).max(2000).optional().describe('why you ask, for the holding agency'),
  })
  .strict();

export const informationRequestAnswerSchema = z
  .object({ reason: z.string().trim().min(1).max(2000).optional() })
  .strict();

export const informationRequestListQuerySchema = z
  .object({
    box: z.enum(['incoming', 'outgoing']).default('incoming'),
    status: z.enum(INFORMATION_REQUEST_STATUSES).optional(),
  })
  .strict();

const agencyRef = z.object({ code: z.string(), name: z.string() });

export const informationRequestSchema = z.object({
  id: z.uuid(),
  status: z.enum(INFORMATION_REQUEST_STATUSES),
  requestingAgency: agencyRef,
  requestedBy: z.string(),
  holdingAgency: agencyRef,
  identifier: z.object({ kind: z.enum(IDENTIFIER_KINDS), normalized: z.string() }),
  /** The requester's case (its own agency's only). */
  caseId: z.uuid().nullable(),
  caseReference: z.string().nullable(),
  /** The holder's cases holding the identifier: listed for the holder; for the requester once shared. */
  matchedCases: z.array(caseRef),
  /** Cases the holder could not share because the person has not consented to sharing with the requester. */
  withheldCases: z.number().int(),
  message: z.string().nullable(),
  statusReason: z.string().nullable(),
  respondedBy: z.string().nullable(),
  respondedAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
  can: z.object({ accept: z.boolean(), decline: z.boolean(), withdraw: z.boolean() }),
});
