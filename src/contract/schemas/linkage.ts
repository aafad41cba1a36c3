// Record linkage, review and merges (issue 10 §2–3): the API's shapes, shared with the web app.
//   POST /api/v1/linkage/runs                        -> 202 { job }  a full run (data_steward)
//   GET  /api/v1/linkage/summary                     -> linkageSummary (data_steward)
//   GET  /api/v1/linkage/pairs?state=pending|decided&cursor=  -> { items: candidatePair[], nextCursor }  (data_steward)
//   POST /api/v1/linkage/pairs/:id/decision  pairDecision     -> candidatePair
//   POST /api/v1/linkage/check   personCreate's fields        -> registrationCheck  (< 200 ms)
//   POST /api/v1/persons/:id/merge  { otherPersonId }          -> personMerge  (same agency only)
//   POST /api/v1/merges/:id/undo                               -> personMerge  (restores both exactly)
//   GET  /api/v1/persons/:id/linkage                           -> personLinkage (what the caller may know)
//   POST /api/v1/persons/:id/contact-requests  { note? }       -> 201 { id }  asks a steward to put agencies in touch
import { z } from 'zod';

export const PAIR_DECISIONS = ['same', 'different', 'unsure'] as const;
export type PairDecision = (typeof PAIR_DECISIONS)[number];

/** The least a steward needs to decide: never contact details, documents or the case. */
export const pairRecordSchema = z.object({
  personId: z.uuid(),
  agency: z.object({ code: z.string(), name: z.string() }),
  familyName: z.string().nullable(),
  middleName: z.string().nullable(),
  givenName: z.string().nullable(),
  sex: z.string(),
  dateOfBirth: z.string().nullable(),
  birthYear: z.number().nullable(),
  province: z.string().nullable(),
  idLastDigits: z.string().nullable().describe('the last 3 characters of an identity document number'),
  phoneLastDigits: z.string().nullable().describe('the last 3 digits of the phone'),
});

export const fieldComparisonSchema = z.object({
  field: z.string(),
  level: z.string().describe("how the two agree, e.g. 'exact', 'folded', 'jw_0.92', 'dmy_swap', 'missing'"),
  weight: z.number().describe('log2 Bayes factor: positive for evidence of one person'),
});

export const candidatePairSchema = z.object({
  id: z.uuid(),
  probability: z.number(),
  weight: z.number(),
  fields: z.array(fieldComparisonSchema),
  a: pairRecordSchema.describe('the record registered first: the one kept when the pair is merged from the queue'),
  b: pairRecordSchema,
  sameAgency: z.boolean(),
  decision: z.object({ decision: z.enum(PAIR_DECISIONS), decidedAt: z.string(), decidedBy: z.string() }).nullable(),
  mergeId: z.uuid().nullable().describe('the merge that made the two one person, while it stands'),
  can: z.object({ decide: z.boolean(), merge: z.boolean() }),
});

export const pairListSchema = z.object({ items: z.array(candidatePairSchema), nextCursor: z.string().nullable() });

export const pairDecisionSchema = z.object({ decision: z.enum(PAIR_DECISIONS) }).strict();

export const linkageSummarySchema = z.object({
  records: z.number().describe('persons in the registry'),
  distinctPersons: z.number().describe('clusters: linked records count once'),
  knownToSeveralAgencies: z.number().describe('clusters holding records of more than one agency'),
  pairs: z.object({ pending: z.number(), same: z.number(), different: z.number(), unsure: z.number() }),
  thresholds: z.object({ automatic: z.number(), review: z.number() }),
  lastRun: z
    .object({ finishedAt: z.string(), records: z.number(), candidatePairs: z.number(), jobId: z.uuid() })
    .nullable(),
});

export const registrationCheckSchema = z.object({
  matches: z.array(
    z.object({
      knownTo: z.enum(['own_agency', 'other_agency']),
      personId: z.uuid().nullable().describe('only for a person the caller may open'),
      displayName: z.string().nullable().describe('only for a person the caller may open'),
      probability: z.number(),
    }),
  ),
});

export const personMergeSchema = z.object({
  id: z.uuid(),
  keptPersonId: z.uuid(),
  mergedPersonId: z.uuid(),
  movedCases: z.number(),
  mergedAt: z.string(),
  mergedBy: z.string(),
  undoneAt: z.string().nullable(),
  undoneBy: z.string().nullable(),
});

export const personLinkageSchema = z.object({
  knownToOtherAgencies: z
    .boolean()
    .describe('a steward linked this person to another agency’s record; nothing more is shown'),
  contactRequested: z.boolean(),
  history: z.array(
    z.object({
      kind: z.enum(['merged', 'unmerged', 'linked', 'unlinked']),
      at: z.string(),
      by: z.string(),
      mergeId: z.uuid().nullable(),
      otherPersonId: z.uuid().nullable().describe('only when the caller may open it'),
    }),
  ),
  can: z.object({ merge: z.boolean(), requestContact: z.boolean() }),
});

export const contactRequestSchema = z.object({ note: z.string().trim().max(500).optional() }).strict();

/** GET /api/v1/linkage/contact-requests (data stewards): agencies asking to be put in touch about a person. */
export const contactRequestListSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      personId: z.uuid(),
      agency: z.object({ code: z.string(), name: z.string() }),
      requestedBy: z.string(),
      note: z.string().nullable(),
      otherAgencies: z.array(z.string()).describe('codes of the other agencies whose records are linked to it'),
      createdAt: z.string(),
    }),
  ),
});
